import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  EmptyJsonObject,
  IntColumn,
  NullableText,
  TextColumn,
} from '../../database/columns';

/** One change request: who, what, on which ids, and the status it got. Append-only (trigger). */
@Entity('mps_audit_log')
@Index('idx_mps_audit_log_at', ['at'])
@Index('idx_mps_audit_log_actor_at', ['actor', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'mps_audit_log_pkey' })
  id!: string;
  @CreatedAtColumn() at!: Date;
  @TextColumn() actor!: string;
  @NullableText() role!: string | null;
  @TextColumn() method!: string;
  @TextColumn() path!: string;
  @TextColumn() action!: string;
  @EmptyJsonObject() target!: Record<string, string>;
  @IntColumn({ nullable: false }) outcome!: number;
  @NullableText() ip!: string | null;
  @NullableText() request_id!: string | null;
  @EmptyJsonObject() details!: Record<string, unknown>;
}
