import { Check, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  DoubleColumn,
  IntColumn,
  JsonColumn,
  MODEL_TYPE_CHECK,
  ModelType,
  NullableText,
  TextColumn,
  TimestampColumn,
  UuidColumn,
} from '../../database/columns';
import { Machine } from '../../machines/entities/machine.entity';

export const TRAINING_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];
export const TRIGGER_TYPES = ['manual', 'scheduled', 'drift_detected', 'performance_degradation'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/**
 * A training job (the predecessor's model_training_history row, every column kept) plus what a
 * real job needs: attempts, heartbeat, worker, progress, priority, cancel request.
 * "One pending or running job per machine and model type" is the partial unique index.
 */
@Entity('model_training_history')
@Check('chk_training_type', MODEL_TYPE_CHECK)
@Check(
  'chk_training_status',
  `"training_status" IN ('pending', 'running', 'completed', 'failed', 'cancelled')`,
)
@Check(
  'chk_training_trigger',
  `"trigger_type" IN ('manual', 'scheduled', 'drift_detected', 'performance_degradation')`,
)
@Check('chk_training_progress', '"progress" BETWEEN 0 AND 100')
@Check('chk_training_attempt', '"attempt" >= 0 AND "max_attempts" >= 1')
@Index('uq_training_one_in_flight', ['machine_id', 'model_type'], {
  unique: true,
  where: `training_status IN ('pending', 'running')`,
})
@Index('idx_training_machine_type_created', ['machine_id', 'model_type', 'created_at'])
@Index('idx_training_status', ['training_status'])
export class TrainingJob {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'model_training_history_pkey' }) id!: string;
  /** The model version this job produced (null until it completes). */
  @UuidColumn() model_id!: string | null;
  @TextColumn() model_type!: ModelType;
  @UuidColumn({ nullable: false }) machine_id!: string;
  @IntColumn() model_version!: number | null;
  @TimestampColumn() training_start!: Date | null;
  @TimestampColumn() training_end!: Date | null;
  @DoubleColumn() training_duration_seconds!: number | null;
  @TextColumn({ default: 'pending' }) training_status!: TrainingStatus;
  @TimestampColumn() training_data_start!: Date | null;
  @TimestampColumn() training_data_end!: Date | null;
  @IntColumn() training_samples!: number | null;
  @JsonColumn() hyperparameters!: Record<string, unknown> | null;
  @JsonColumn() feature_names!: string[] | null;
  @JsonColumn() training_metrics!: Record<string, unknown> | null;
  @JsonColumn() validation_metrics!: Record<string, unknown> | null;
  @DoubleColumn() initial_r_squared!: number | null;
  @DoubleColumn() initial_rmse!: number | null;
  @DoubleColumn() initial_mae!: number | null;
  @NullableText() error_message!: string | null;
  @NullableText() error_traceback!: string | null;
  @TextColumn({ default: 'manual' }) trigger_type!: TriggerType;
  @NullableText() triggered_by!: string | null;
  @CreatedAtColumn() created_at!: Date;
  @JsonColumn() metadata!: Record<string, unknown> | null;
  @NullableText() reason!: string | null;
  @IntColumn({ nullable: false, default: 0 }) priority!: number;
  @IntColumn({ nullable: false, default: 0 }) attempt!: number;
  @IntColumn({ nullable: false, default: 3 }) max_attempts!: number;
  @IntColumn({ nullable: false, default: 0 }) progress!: number;
  @TimestampColumn() heartbeat_at!: Date | null;
  @NullableText() worker_id!: string | null;
  @TimestampColumn() cancel_requested_at!: Date | null;
  @CreatedAtColumn() updated_at!: Date;

  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'machine_id', foreignKeyConstraintName: 'model_training_history_machine_id_fkey' })
  machine?: Machine;
}
