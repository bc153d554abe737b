import { Check, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CreatedAtColumn, NullableText, TextColumn, TimestampColumn } from '../../database/columns';
import type { Role } from '../api-key';

/** A key created through the admin API; only its SHA-256 is stored. */
@Entity('mps_api_keys')
@Unique('uq_api_keys_key_hash', ['key_hash'])
@Check('chk_api_keys_role', `"role" IN ('viewer', 'operator', 'admin')`)
export class ApiKey {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mps_api_keys_pkey' }) id!: string;
  @TextColumn() name!: string;
  @TextColumn() role!: Role;
  @TextColumn() key_hash!: string;
  @CreatedAtColumn() created_at!: Date;
  @NullableText() created_by!: string | null;
  @TimestampColumn() revoked_at!: Date | null;
  @TimestampColumn() last_used_at!: Date | null;
}
