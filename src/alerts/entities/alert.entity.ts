import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  DoubleColumn,
  IntColumn,
  JsonColumn,
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

/** In rising order: escalation means moving right. */
export const ALERT_SEVERITIES = ['normal', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** What the service raises alerts about (CHECK chk_alerts_alert_type); rules in alert-severity.ts. */
export const ALERT_TYPES = [
  'drift_detected',
  'performance_degradation',
  'guideline14_violation',
  'training_failed',
  'evaluation_stale',
  'data_gap',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * A model alert (the predecessor's model_alerts, every column kept). At most one unresolved alert
 * per machine, model type and alert type (partial unique index): a repeat detection updates it.
 */
@Entity('model_alerts')
@Check('chk_alerts_type', MODEL_TYPE_CHECK)
@Check('chk_alerts_resolved', '"is_resolved" = ("resolved_at" IS NOT NULL)')
@Check('chk_alerts_alert_type', `"alert_type" IN (${quoted(ALERT_TYPES)})`)
@Check(
  'chk_alerts_previous_severity',
  `"previous_severity" IS NULL OR "previous_severity" IN (${quoted(ALERT_SEVERITIES)})`,
)
@Check(...originCheck('model_alerts'))
@Index('uq_alerts_one_open', ['machine_id', 'model_type', 'alert_type'], {
  unique: true,
  where: 'NOT is_resolved',
})
@Index('idx_model_alerts_machine_type', ['machine_id', 'model_type'])
@Index('idx_model_alerts_severity', ['severity'])
@Index('idx_model_alerts_unresolved', ['machine_id'], { where: 'is_resolved = FALSE' })
@Index('idx_model_alerts_timestamp', ['alert_timestamp'])
@Index('idx_model_alerts_type', ['alert_type'])
export class Alert {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'model_alerts_pkey' }) id!: string;
  @Varchar(100) alert_type!: AlertType;
  /** The EnMS's alert_level enum, declared in rising order: ORDER BY severity DESC puts critical first. */
  @Column({ type: 'enum', enum: ALERT_SEVERITIES, enumName: 'alert_level' }) severity!: AlertSeverity;
  @UuidColumn() model_id!: string | null;
  @Varchar(50) model_type!: ModelType;
  @UuidColumn({ nullable: false }) machine_id!: string;
  @IntColumn() model_version!: number | null;
  @CreatedAtColumn() alert_timestamp!: Date;
  @TextColumn() alert_message!: string;
  @JsonDefaultEmpty() alert_details!: Record<string, unknown> | null;
  @NumericColumn() current_metric_value!: number | null;
  @NumericColumn() threshold_value!: number | null;
  @NumericColumn() baseline_metric_value!: number | null;
  @Column({ type: 'boolean', nullable: true, default: false }) is_resolved!: boolean;
  @TimestampColumn() resolved_at!: Date | null;
  @Varchar(255, { nullable: true }) resolution_action!: string | null;
  @Varchar(100, { nullable: true }) resolved_by!: string | null;
  @NullableText() resolution_notes!: string | null;
  @Column({ type: 'boolean', nullable: true, default: false }) auto_action_taken!: boolean;
  @Varchar(100, { nullable: true }) auto_action_type!: string | null;
  @JsonColumn() auto_action_result!: Record<string, unknown> | null;
  @NullableCreatedAt() created_at!: Date;
  @JsonDefaultEmpty() metadata!: Record<string, unknown> | null;
  @TimestampColumn() acknowledged_at!: Date | null;
  @NullableText() acknowledged_by!: string | null;
  @IntColumn({ nullable: false, default: 1 }) occurrences!: number;
  @CreatedAtColumn() last_seen_at!: Date;
  @DoubleColumn() worst_metric_value!: number | null;
  @OriginColumn() origin!: Origin;
  /** Severity before the latest occurrence (null until the alert repeats). */
  @NullableText() previous_severity!: AlertSeverity | null;
  @NullableText() acknowledgement_notes!: string | null;

  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'machine_id', foreignKeyConstraintName: 'model_alerts_machine_id_fkey' })
  machine?: Machine;
}
