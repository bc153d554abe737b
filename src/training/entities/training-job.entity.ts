import { Check, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  IntColumn,
  JsonDefaultEmpty,
  NullableCreatedAt,
  NullableText,
  NumericColumn,
  Origin,
  OriginColumn,
  originCheck,
  TextArrayColumn,
  TimestampColumn,
  UuidColumn,
  Varchar,
} from '../../database/columns';
import { MODEL_TYPE_CHECK, ModelType } from '../../models/model-type';
import { Machine } from '../../machines/entities/machine.entity';

export const TRAINING_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];
export const TRIGGER_TYPES = ['manual', 'scheduled', 'drift_detected', 'performance_degradation'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/**
 * A training job (the predecessor's model_training_history row, every column with its type) plus
 * what a real job needs: attempts, heartbeat, worker, progress, priority, cancel request.
 * "One pending or running job per machine and model type" is the partial unique index.
 * training_start is when the job was queued until a worker claims it, then when it started.
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
@Check(...originCheck('model_training_history'))
@Index('uq_training_one_in_flight', ['machine_id', 'model_type'], {
  unique: true,
  where: `training_status IN ('pending', 'running')`,
})
@Index('idx_training_machine_type_created', ['machine_id', 'model_type', 'created_at'])
@Index('idx_training_history_machine_type', ['machine_id', 'model_type'])
@Index('idx_training_history_status', ['training_status'])
@Index('idx_training_history_date', ['training_start'])
@Index('idx_training_history_trigger', ['trigger_type'])
export class TrainingJob {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'model_training_history_pkey' }) id!: string;
  /** The model version this job produced (null until it completes). */
  @UuidColumn() model_id!: string | null;
  @Varchar(50) model_type!: ModelType;
  @UuidColumn({ nullable: false }) machine_id!: string;
  @IntColumn() model_version!: number | null;
  @TimestampColumn({ nullable: false }) training_start!: Date;
  @TimestampColumn() training_end!: Date | null;
  @IntColumn() training_duration_seconds!: number | null;
  @Varchar(50) training_status!: TrainingStatus;
  /** The window the job draws its data from: the machine's span until the spec is resolved. */
  @TimestampColumn({ nullable: false }) training_data_start!: Date;
  @TimestampColumn({ nullable: false }) training_data_end!: Date;
  @IntColumn() training_samples!: number | null;
  @JsonDefaultEmpty() hyperparameters!: Record<string, unknown> | null;
  @TextArrayColumn() feature_names!: string[] | null;
  @JsonDefaultEmpty() training_metrics!: Record<string, unknown> | null;
  @JsonDefaultEmpty() validation_metrics!: Record<string, unknown> | null;
  @NumericColumn() initial_r_squared!: number | null;
  @NumericColumn() initial_rmse!: number | null;
  @NumericColumn() initial_mae!: number | null;
  @NullableText() error_message!: string | null;
  @NullableText() error_traceback!: string | null;
  @Varchar(50) trigger_type!: TriggerType;
  @Varchar(100, { nullable: true }) triggered_by!: string | null;
  @NullableCreatedAt() created_at!: Date;
  @JsonDefaultEmpty() metadata!: Record<string, unknown> | null;
  @NullableText() reason!: string | null;
  @IntColumn({ nullable: false, default: 0 }) priority!: number;
  @IntColumn({ nullable: false, default: 0 }) attempt!: number;
  @IntColumn({ nullable: false, default: 3 }) max_attempts!: number;
  @IntColumn({ nullable: false, default: 0 }) progress!: number;
  @TimestampColumn() heartbeat_at!: Date | null;
  @NullableText() worker_id!: string | null;
  @TimestampColumn() cancel_requested_at!: Date | null;
  @CreatedAtColumn() updated_at!: Date;
  @OriginColumn() origin!: Origin;

  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'machine_id', foreignKeyConstraintName: 'model_training_history_machine_id_fkey' })
  machine?: Machine;
}
