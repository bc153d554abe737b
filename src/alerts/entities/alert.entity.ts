import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
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
@Check('chk_alerts_severity', `"severity" IN ('normal', 'warning', 'critical')`)
@Check('chk_alerts_resolved', '"is_resolved" = ("resolved_at" IS NOT NULL)')
@Check('chk_alerts_alert_type', `"alert_type" IN (${quoted(ALERT_TYPES)})`)
@Check(
  'chk_alerts_previous_severity',
  `"previous_severity" IS NULL OR "previous_severity" IN (${quoted(ALERT_SEVERITIES)})`,
)
@Index('uq_alerts_one_open', ['machine_id', 'model_type', 'alert_type'], {
  unique: true,
  where: 'NOT is_resolved',
})
@Index('idx_alerts_timestamp', ['alert_timestamp'])
export class Alert {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'model_alerts_pkey' }) id!: string;
  @TextColumn() alert_type!: AlertType;
  @TextColumn({ default: 'warning' }) severity!: AlertSeverity;
  @UuidColumn() model_id!: string | null;
  @TextColumn() model_type!: ModelType;
  @UuidColumn({ nullable: false }) machine_id!: string;
  @IntColumn() model_version!: number | null;
  @CreatedAtColumn() alert_timestamp!: Date;
  @TextColumn() alert_message!: string;
  @JsonColumn() alert_details!: Record<string, unknown> | null;
  @DoubleColumn() current_metric_value!: number | null;
  @DoubleColumn() threshold_metric_value!: number | null;
  @DoubleColumn() baseline_metric_value!: number | null;
  @Column({ type: 'boolean', default: false }) is_resolved!: boolean;
  @TimestampColumn() resolved_at!: Date | null;
  @NullableText() resolved_by!: string | null;
  @NullableText() resolution_action!: string | null;
  @NullableText() resolution_notes!: string | null;
  @Column({ type: 'boolean', default: false }) auto_action_taken!: boolean;
  @NullableText() auto_action_type!: string | null;
  @JsonColumn() auto_action_result!: Record<string, unknown> | null;
  @CreatedAtColumn() created_at!: Date;
  @JsonColumn() metadata!: Record<string, unknown> | null;
  @TimestampColumn() acknowledged_at!: Date | null;
  @NullableText() acknowledged_by!: string | null;
  @IntColumn({ nullable: false, default: 1 }) occurrences!: number;
  @CreatedAtColumn() last_seen_at!: Date;
  @DoubleColumn() worst_metric_value!: number | null;
  /** Severity before the latest occurrence (null until the alert repeats). */
  @NullableText() previous_severity!: AlertSeverity | null;
  @NullableText() acknowledgement_notes!: string | null;

  @ManyToOne(() => Machine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'machine_id', foreignKeyConstraintName: 'model_alerts_machine_id_fkey' })
  machine?: Machine;
}
