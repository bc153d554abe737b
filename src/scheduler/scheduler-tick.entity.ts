import { Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, JsonColumn, TextColumn, TimestampColumn } from '../database/columns';

/** One row per scheduled job and tick: the replica that inserts it runs the job. */
@Entity('mps_scheduler_ticks')
export class SchedulerTick {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_scheduler_ticks' }) job_name!: string;
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'pk_scheduler_ticks' }) tick!: Date;
  @TextColumn() instance!: string;
  @CreatedAtColumn() started_at!: Date;
  @TimestampColumn() finished_at!: Date | null;
  @JsonColumn() outcome!: Record<string, unknown> | null;
}
