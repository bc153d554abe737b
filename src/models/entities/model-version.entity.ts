import { Check, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import {
  CreatedAtColumn,
  EmptyJsonObject,
  IntColumn,
  JsonColumn,
  TextColumn,
  TimestampColumn,
  UuidColumn,
} from '../../database/columns';
import { MODEL_TYPE_CHECK, ModelType } from '../model-type';
import { Machine } from '../../machines/entities/machine.entity';
import { TrainingJob } from '../../training/entities/training-job.entity';

export const MODEL_VERSION_STATUSES = ['active', 'candidate', 'archived'] as const;
export type ModelVersionStatus = (typeof MODEL_VERSION_STATUSES)[number];

/** The model registry: one row per trained version; its id is the `model_id` used everywhere. */
@Entity('mps_model_versions')
@Check('chk_model_versions_type', MODEL_TYPE_CHECK)
@Check('chk_model_versions_status', `"status" IN ('active', 'candidate', 'archived')`)
@Check('chk_model_versions_version', '"version" >= 1')
@Unique('uq_model_versions_version', ['machine_id', 'model_type', 'version'])
@Index('uq_model_versions_one_active', ['machine_id', 'model_type'], {
  unique: true,
  where: `status = 'active'`,
})
export class ModelVersion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mps_model_versions_pkey' }) id!: string;
  @UuidColumn({ nullable: false }) machine_id!: string;
  @TextColumn() model_type!: ModelType;
  @IntColumn({ nullable: false }) version!: number;
  @TextColumn() algorithm!: string;
  @TextColumn({ default: 'candidate' }) status!: ModelVersionStatus;
  @JsonColumn({ nullable: false }) parameters!: Record<string, unknown>;
  @EmptyJsonObject() hyperparameters!: Record<string, unknown>;
  @JsonColumn({ nullable: false, default: [] }) feature_names!: string[];
  @TimestampColumn() training_data_start!: Date | null;
  @TimestampColumn() training_data_end!: Date | null;
  @IntColumn() training_samples!: number | null;
  @JsonColumn() training_metrics!: Record<string, unknown> | null;
  @JsonColumn() validation_metrics!: Record<string, unknown> | null;
  @UuidColumn() training_job_id!: string | null;
  @CreatedAtColumn() created_at!: Date;
  @TimestampColumn() activated_at!: Date | null;

  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'machine_id', foreignKeyConstraintName: 'mps_model_versions_machine_id_fkey' })
  machine?: Machine;
  @ManyToOne(() => TrainingJob, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'training_job_id', foreignKeyConstraintName: 'fk_model_versions_job' })
  training_job?: TrainingJob;
}
