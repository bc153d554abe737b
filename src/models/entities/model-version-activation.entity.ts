import { Check, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  IntColumn,
  NullableText,
  TextColumn,
  TimestampColumn,
  UuidColumn,
} from '../../database/columns';
import { MODEL_TYPE_CHECK, ModelType } from '../model-type';
import { Machine } from '../../machines/entities/machine.entity';
import { ModelVersion } from './model-version.entity';

/** Which version was active when: one row per activation, closed when the next one starts. */
@Entity('mps_model_version_activations')
@Check('chk_model_version_activations_type', MODEL_TYPE_CHECK)
@Index('idx_model_version_activations_key', ['machine_id', 'model_type', 'activated_at'])
export class ModelVersionActivation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mps_model_version_activations_pkey' })
  id!: string;
  @UuidColumn({ nullable: false }) model_id!: string;
  @UuidColumn({ nullable: false }) machine_id!: string;
  @TextColumn() model_type!: ModelType;
  @IntColumn({ nullable: false }) model_version!: number;
  @CreatedAtColumn() activated_at!: Date;
  @TimestampColumn() deactivated_at!: Date | null;
  @NullableText() activated_by!: string | null;
  @NullableText() reason!: string | null;

  @ManyToOne(() => ModelVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'mps_model_version_activations_model_id_fkey' })
  model?: ModelVersion;
  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'machine_id',
    foreignKeyConstraintName: 'mps_model_version_activations_machine_id_fkey',
  })
  machine?: Machine;
}
