import { Check, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, JsonColumn, TimestampColumn } from '../database/columns';
import { ModelVersion } from '../models/entities/model-version.entity';
import type { DriverReference, ResidualSummary } from './reference-sample';

/** A version's reference sample for the drift tests (reference-sample.ts): one per version. */
@Entity('mps_model_reference_samples')
@Check('chk_model_reference_samples_window', '"reference_end" > "reference_start"')
export class ReferenceSampleRow {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_model_reference_samples' }) model_id!: string;
  @TimestampColumn({ nullable: false }) reference_start!: Date;
  @TimestampColumn({ nullable: false }) reference_end!: Date;
  @JsonColumn({ nullable: false }) drivers!: Record<string, DriverReference>;
  @JsonColumn() residuals!: ResidualSummary | null;
  @CreatedAtColumn() created_at!: Date;
  @ManyToOne(() => ModelVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'model_id', foreignKeyConstraintName: 'fk_model_reference_samples_model' })
  model?: ModelVersion;
}
