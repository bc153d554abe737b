import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import {
  CreatedAtColumn,
  EmptyJsonObject,
  IntColumn,
  NullableText,
  TextColumn,
} from '../../database/columns';

/** An EnMS machine (meter): the unit every model, metric and alert belongs to. */
@Entity('machines')
@Check('chk_machines_interval', '"data_interval_seconds" > 0')
export class Machine {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'machines_pkey' }) id!: string;
  @TextColumn() name!: string;
  @TextColumn({ default: 'generic' }) type!: string;
  @Column({ type: 'boolean', default: true }) is_active!: boolean;
  @IntColumn({ nullable: false, default: 900 }) data_interval_seconds!: number;
  @CreatedAtColumn() created_at!: Date;
  /**
   * IANA timezone; daily aggregates and weekday terms use the machine's local calendar. Null in the
   * table means "the factory's" (EnMS machines keep it on their factory); reads fill it in.
   */
  @NullableText() timezone!: string;
  @NullableText() location!: string | null;
  @EmptyJsonObject() metadata!: Record<string, unknown>;
  @CreatedAtColumn() updated_at!: Date;
}
