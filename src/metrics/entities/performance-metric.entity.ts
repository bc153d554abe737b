import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  DoubleColumn,
  EmptyJsonObject,
  IntColumn,
  JsonDefaultEmpty,
  NullableCreatedAt,
  NullableText,
  NumericColumn,
  Origin,
  OriginColumn,
  originCheck,
  TextColumn,
  TimestampColumn,
  UuidColumn,
  Varchar,
} from '../../database/columns';
import { MODEL_TYPE_CHECK, ModelType } from '../../models/model-type';
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
@Check(...originCheck('model_performance_metrics'))
@Index('idx_metrics_machine_type_date', ['machine_id', 'model_type', 'evaluation_date'])
@Index('idx_model_perf_model_id', ['model_id'])
@Index('idx_model_perf_machine_type', ['machine_id', 'model_type'])
@Index('idx_model_perf_eval_date', ['evaluation_date'])
@Index('idx_model_perf_drift', ['drift_detected'], { where: 'drift_detected = TRUE' })
export class PerformanceMetric {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'model_performance_metrics_pkey' }) id!: string;
  @UuidColumn({ nullable: false }) model_id!: string;
  @Varchar(50) model_type!: ModelType;
  @UuidColumn({ nullable: false }) machine_id!: string;
  @IntColumn({ nullable: false }) model_version!: number;
  @CreatedAtColumn() evaluation_date!: Date;
  @TimestampColumn({ nullable: false }) evaluation_start!: Date;
  @TimestampColumn({ nullable: false }) evaluation_end!: Date;
  @IntColumn({ nullable: false }) sample_count!: number;
  @EmptyJsonObject() metrics!: Record<string, unknown>;
  @NumericColumn() r_squared!: number | null;
  @NumericColumn() rmse!: number | null;
  @NumericColumn() mae!: number | null;
  @NumericColumn() mape!: number | null;
  @NumericColumn() precision_score!: number | null;
  @NumericColumn() recall_score!: number | null;
  @NumericColumn() f1_score!: number | null;
  @IntColumn() true_positives!: number | null;
  @IntColumn() false_positives!: number | null;
  @IntColumn() true_negatives!: number | null;
  @IntColumn() false_negatives!: number | null;
  @Column({ type: 'boolean', nullable: true, default: false }) drift_detected!: boolean;
  @NumericColumn() drift_score!: number | null;
  @NumericColumn() drift_threshold!: number | null;
  @NumericColumn() data_completeness!: number | null;
  @NumericColumn() outlier_percentage!: number | null;
  @NullableText() evaluation_notes!: string | null;
  @NullableCreatedAt() created_at!: Date;
  @Varchar(100, { nullable: true }) created_by!: string | null;
  @JsonDefaultEmpty() metadata!: Record<string, unknown> | null;
  @DoubleColumn() cv_rmse!: number | null;
  @DoubleColumn() nmbe!: number | null;
  @TextColumn({ default: 'external' }) source!: MetricSource;
  @OriginColumn() origin!: Origin;

  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'machine_id', foreignKeyConstraintName: 'model_performance_metrics_machine_id_fkey' })
  machine?: Machine;
}
