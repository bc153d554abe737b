import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  DoubleColumn,
  EmptyJsonObject,
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

export const METRIC_SOURCES = ['training_holdout', 'evaluation', 'external'] as const;
export type MetricSource = (typeof METRIC_SOURCES)[number];

/**
 * How one model version performed on one window (the predecessor's model_performance_metrics,
 * every column kept) plus CV(RMSE) and NMBE, the figures energy engineers read (Guideline 14).
 */
@Entity('model_performance_metrics')
@Check('chk_metrics_type', MODEL_TYPE_CHECK)
@Check('chk_metrics_window', '"evaluation_end" > "evaluation_start"')
@Check('chk_metrics_source', `"source" IN ('training_holdout', 'evaluation', 'external')`)
@Check('chk_metrics_completeness', '"data_completeness" IS NULL OR "data_completeness" BETWEEN 0 AND 1')
@Index('idx_metrics_machine_type_date', ['machine_id', 'model_type', 'evaluation_date'])
@Index('idx_metrics_model', ['model_id'])
export class PerformanceMetric {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'model_performance_metrics_pkey' }) id!: string;
  @UuidColumn() model_id!: string | null;
  @TextColumn() model_type!: ModelType;
  @UuidColumn({ nullable: false }) machine_id!: string;
  @IntColumn() model_version!: number | null;
  @CreatedAtColumn() evaluation_date!: Date;
  @TimestampColumn({ nullable: false }) evaluation_start!: Date;
  @TimestampColumn({ nullable: false }) evaluation_end!: Date;
  @IntColumn() sample_count!: number | null;
  @EmptyJsonObject() metrics!: Record<string, unknown>;
  @DoubleColumn() r_squared!: number | null;
  @DoubleColumn() rmse!: number | null;
  @DoubleColumn() mae!: number | null;
  @DoubleColumn() mape!: number | null;
  @DoubleColumn() cv_rmse!: number | null;
  @DoubleColumn() nmbe!: number | null;
  @DoubleColumn() precision_score!: number | null;
  @DoubleColumn() recall_score!: number | null;
  @DoubleColumn() f1_score!: number | null;
  @IntColumn() true_positives!: number | null;
  @IntColumn() false_positives!: number | null;
  @IntColumn() true_negatives!: number | null;
  @IntColumn() false_negatives!: number | null;
  @Column({ type: 'boolean', default: false }) drift_detected!: boolean;
  @DoubleColumn() drift_score!: number | null;
  @DoubleColumn() drift_threshold!: number | null;
  @DoubleColumn() data_completeness!: number | null;
  @DoubleColumn() outlier_percentage!: number | null;
  @NullableText() evaluation_notes!: string | null;
  @TextColumn({ default: 'external' }) source!: MetricSource;
  @NullableText() created_by!: string | null;
  @CreatedAtColumn() created_at!: Date;
  @JsonColumn() metadata!: Record<string, unknown> | null;

  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'machine_id', foreignKeyConstraintName: 'model_performance_metrics_machine_id_fkey' })
  machine?: Machine;
}
