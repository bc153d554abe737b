import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access control and its trail:
 * - mps_api_keys: keys created through the admin API (keys from API_KEYS are never stored). Only the
 *   SHA-256 of a key is kept; revoked keys stay for the audit trail.
 * - mps_audit_log (the EnMS has an audit_log of its own): one row per change request (every method but GET/HEAD/OPTIONS) with who, what and
 *   the status it got. Append-only: a trigger raises on UPDATE and DELETE (TRUNCATE too), which
 *   binds the table owner and superusers as well, unlike REVOKE.
 */
export class ApiKeysAndAudit1764241200000 implements MigrationInterface {
  name = 'ApiKeysAndAudit1764241200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mps_api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL,
        key_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        revoked_at timestamptz,
        last_used_at timestamptz,
        CONSTRAINT uq_api_keys_key_hash UNIQUE (key_hash),
        CONSTRAINT chk_api_keys_role CHECK (role IN ('viewer', 'operator', 'admin'))
      )`);
    await queryRunner.query(`
      CREATE TABLE mps_audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        role text,
        method text NOT NULL,
        path text NOT NULL,
        action text NOT NULL,
        target jsonb NOT NULL DEFAULT '{}',
        outcome integer NOT NULL,
        ip text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query('CREATE INDEX idx_mps_audit_log_at ON mps_audit_log (at)');
    await queryRunner.query('CREATE INDEX idx_mps_audit_log_actor_at ON mps_audit_log (actor, at)');
    await queryRunner.query(`
      CREATE FUNCTION mps_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'mps_audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER trg_mps_audit_log_append_only BEFORE UPDATE OR DELETE ON mps_audit_log
        FOR EACH ROW EXECUTE FUNCTION mps_audit_log_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER trg_mps_audit_log_no_truncate BEFORE TRUNCATE ON mps_audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION mps_audit_log_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS mps_audit_log');
    await queryRunner.query('DROP FUNCTION IF EXISTS mps_audit_log_append_only()');
    await queryRunner.query('DROP TABLE IF EXISTS mps_api_keys');
  }
}
