import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, JsonColumn, NullableText, TextColumn } from '../database/columns';

export const ITEM_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/** One row per model (or machine) of a fanned-out tick: its state, attempts, last error and outcome. */
@Entity('mps_scheduler_items')
@Check('chk_scheduler_items_state', `"state" IN ('queued', 'running', 'done', 'failed')`)
export class SchedulerItem {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_scheduler_items' }) job_name!: string;
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_scheduler_items' }) tick!: Date;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_scheduler_items' }) item!: string;
  @TextColumn({ default: 'queued' }) state!: ItemState;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @NullableText() error!: string | null;
  @JsonColumn() outcome!: Record<string, unknown> | null;
  @NullableText() worker!: string | null;
  @CreatedAtColumn() updated_at!: Date;
}
