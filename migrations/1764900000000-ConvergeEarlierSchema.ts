import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A database created by an earlier version of this service (before it learnt to live inside an
 * EnMS database) is brought to the schema that InitialSchema now creates: its own tables take the
 * mps_ prefix (an EnMS has tables named audit_log and anomalies of its own), and the predecessor's
 * columns get back the names and types the predecessor gave them (model_alerts.threshold_value,
 * severity of the EnMS's alert_level enum, feature_names as text[]). Every step looks first, so on
 * any other database (empty, or an EnMS one adopted by InitialSchema) this migration changes nothing.
 * Columns that kept a type of the same family (double precision for numeric, text for varchar) are
 * left as they are: no reader can tell.
 */
export class ConvergeEarlierSchema1764900000000 implements MigrationInterface {
  name = 'ConvergeEarlierSchema1764900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [from, to] of RENAMED_TABLES) await queryRunner.query(renameTable(from, to));
    for (const [from, to] of RENAMED_OBJECTS) await queryRunner.query(renameObject(from, to));
    for (const view of ['v_unresolved_model_alerts', 'v_active_ab_tests', 'v_latest_model_performance'])
      await queryRunner.query(`DROP VIEW IF EXISTS ${view}`);
    for (const statement of PREDECESSOR_COLUMNS) await queryRunner.query(statement);
  }

  public async down(): Promise<void> {
    // Going back would give the EnMS's tables' names to this service's again: not offered.
  }
}

const RENAMED_TABLES: [string, string][] = [
  ['model_versions', 'mps_model_versions'],
  ['model_version_activations', 'mps_model_version_activations'],
  ['scheduler_ticks', 'mps_scheduler_ticks'],
  ['alert_webhook_deliveries', 'mps_alert_webhook_deliveries'],
  ['model_anomalies', 'mps_anomalies'],
  ['api_keys', 'mps_api_keys'],
];

/** Functions and indexes whose old names an EnMS could also use. */
const RENAMED_OBJECTS: [string, string][] = [
  ['FUNCTION notify_training_job_change()', 'mps_notify_training_job_change'],
  ['FUNCTION audit_log_append_only()', 'mps_audit_log_append_only'],
  ['INDEX idx_audit_log_at', 'idx_mps_audit_log_at'],
  ['INDEX idx_audit_log_actor_at', 'idx_mps_audit_log_actor_at'],
];

/** The table and the constraints PostgreSQL named after it (<table>_pkey, <table>_<column>_fkey). */
function renameTable(from: string, to: string): string {
  return `DO $$ DECLARE c record; BEGIN
    IF to_regclass('${from}') IS NOT NULL AND to_regclass('${to}') IS NULL THEN
      ALTER TABLE ${from} RENAME TO ${to};
      FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = '${to}'::regclass AND conname LIKE '${from}\\_%' LOOP
        EXECUTE format('ALTER TABLE ${to} RENAME CONSTRAINT %I TO %I', c.conname, '${to}' || substr(c.conname, length('${from}') + 1));
      END LOOP;
    END IF;
  END $$`;
}

function renameObject(from: string, to: string): string {
  const [kind, name] = from.split(' ');
  const exists =
    kind === 'FUNCTION' ? `to_regprocedure('${name}') IS NOT NULL` : `to_regclass('${name}') IS NOT NULL`;
  return `DO $$ BEGIN
    IF ${exists} THEN ALTER ${from} RENAME TO ${to}; END IF;
  END $$`;
}

const hasColumn = (table: string, column: string, type?: string) =>
  `EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
            AND table_name = '${table}' AND column_name = '${column}'${type ? ` AND data_type = '${type}'` : ''})`;

const PREDECESSOR_COLUMNS = [
  // The predecessor's A/B tests name energy_baselines ids, which no foreign key to the registry allows.
  `ALTER TABLE model_ab_tests DROP CONSTRAINT IF EXISTS model_ab_tests_model_a_id_fkey`,
  `ALTER TABLE model_ab_tests DROP CONSTRAINT IF EXISTS model_ab_tests_model_b_id_fkey`,
  // Our audit trail: the earlier audit_log, recognised by its own columns (the EnMS's has none of them).
  `DO $$ BEGIN
    IF ${hasColumn('audit_log', 'actor')} AND ${hasColumn('audit_log', 'request_id')} AND to_regclass('mps_audit_log') IS NULL THEN
      ALTER TABLE audit_log RENAME TO mps_audit_log;
      ALTER TABLE mps_audit_log RENAME CONSTRAINT audit_log_pkey TO mps_audit_log_pkey;
      ALTER TRIGGER trg_audit_log_append_only ON mps_audit_log RENAME TO trg_mps_audit_log_append_only;
      ALTER TRIGGER trg_audit_log_no_truncate ON mps_audit_log RENAME TO trg_mps_audit_log_no_truncate;
    END IF;
  END $$`,
  `DO $$ BEGIN
    IF ${hasColumn('model_alerts', 'threshold_metric_value')} THEN
      ALTER TABLE model_alerts RENAME COLUMN threshold_metric_value TO threshold_value;
    END IF;
  END $$`,
  `DO $$ BEGIN
    CREATE TYPE alert_level AS ENUM ('normal', 'warning', 'critical');
  EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
  `DO $$ BEGIN
    IF ${hasColumn('model_alerts', 'severity', 'text')} THEN
      ALTER TABLE model_alerts DROP CONSTRAINT IF EXISTS chk_alerts_severity;
      ALTER TABLE model_alerts ALTER COLUMN severity DROP DEFAULT;
      ALTER TABLE model_alerts ALTER COLUMN severity TYPE alert_level USING severity::alert_level;
    END IF;
  END $$`,
  `CREATE FUNCTION pg_temp.jsonb_text_array(value jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS
     $$ SELECT CASE WHEN value IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(value)) END $$`,
  `DO $$ BEGIN
    IF ${hasColumn('model_training_history', 'feature_names', 'jsonb')} THEN
      ALTER TABLE model_training_history
        ALTER COLUMN feature_names TYPE text[] USING pg_temp.jsonb_text_array(feature_names);
    END IF;
  END $$`,
  // Every row of an earlier service database was written by the service itself.
  ...['model_training_history', 'model_performance_metrics', 'model_ab_tests', 'model_alerts'].flatMap(
    (table) => [
      `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS origin text NOT NULL DEFAULT 'service'`,
      `DO $$ BEGIN
         ALTER TABLE ${table} ADD CONSTRAINT chk_${table}_origin CHECK (origin IN ('predecessor', 'service')) NOT VALID;
       EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    ],
  ),
];
