import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, IntColumn, NullableText, TextColumn, UuidColumn } from '../../database/columns';
import { Alert } from './alert.entity';

export const WEBHOOK_EVENTS = ['opened', 'escalated', 'resolved'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** One attempt to deliver an alert event to the outbound webhook; delivery_id groups the attempts of one event. */
@Entity('mps_alert_webhook_deliveries')
@Check('chk_webhook_deliveries_event', `"event" IN ('opened', 'escalated', 'resolved')`)
@Check('chk_webhook_deliveries_attempt', '"attempt" >= 1')
@Index('idx_webhook_deliveries_alert', ['alert_id', 'created_at'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mps_alert_webhook_deliveries_pkey' })
  id!: string;
  @UuidColumn({ nullable: false }) alert_id!: string;
  @UuidColumn({ nullable: false }) delivery_id!: string;
  @TextColumn() event!: WebhookEvent;
  @IntColumn({ nullable: false }) attempt!: number;
  @IntColumn() status_code!: number | null;
  @NullableText() error!: string | null;
  @Column({ type: 'boolean', default: false }) delivered!: boolean;
  @CreatedAtColumn() created_at!: Date;

  @ManyToOne(() => Alert, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'mps_alert_webhook_deliveries_alert_id_fkey' })
  alert?: Alert;
}
