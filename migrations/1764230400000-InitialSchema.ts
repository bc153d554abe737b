import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The schema of the model performance service (DESIGN.md §4), written by hand so that it adopts
 * what it finds in place. It runs on an empty database and on an EnMS database (RaptorBlingx/enms,
 * database/init), with or without the predecessor's four tables and three views
 * (13-model-performance-tracking.sql) and their rows. A database created by an earlier version of
 * this service never runs it again: 1764900000000-ConvergeEarlierSchema brings that one along.
 *
 * - Source tables (machines, energy_readings, production_data, environmental_data) belong to the
 *   EnMS, where the readings are TimescaleDB hypertables. They are created only if absent. On an
 *   existing one nothing is rewritten, renamed, constrained or dropped: machines gains the nullable
 *   columns timezone and location, production_data the nullable load_level (ADD COLUMN of a
 *   nullable column without default, which a hypertable accepts, also compressed).
 * - The predecessor's four tables are created as it created them (its column names, types,
 *   defaults and nullability) when absent, then adopted: the columns real operation needs are added
 *   with IF NOT EXISTS and backfilled; its DECIMAL(p, s) columns become unconstrained numeric (same
 *   type family) because honest values overflow them (an out-of-sample R² of -12, a p-value of
 *   1e-13 that DECIMAL(5, 4) rounds to 0); CHECK constraints are added NOT VALID, so its rows stay
 *   as they are while every new row is checked. `origin` tells its rows ('predecessor') from ours.
 *   model_ab_tests.model_a_id/model_b_id get no foreign key, as the predecessor had none: they may
 *   name the EnMS's energy_baselines rows, which the service imports as versions when it meets them.
 * - The rules "one pending/running job", "one running A/B test" and "one open alert" per key are
 *   partial unique indexes. The predecessor broke them (an alert per detection, tests that never
 *   end), so before each index its extra rows are folded: duplicate open alerts into the newest
 *   (occurrences counted, the others resolved as merged), older running tests and in-flight jobs
 *   of the same key closed with a note saying why.
 * - The service's own tables carry the prefix mps_, which no EnMS table has (its `anomalies` and
 *   `audit_log` stay exactly as they are).
 * - The three views are dropped here (their column types change) and created again, with every
 *   column the predecessor had and the new ones after them, by the last migration.
 */
export class InitialSchema1764230400000 implements MigrationInterface {
  name = 'InitialSchema1764230400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

const MODEL_TYPES = `('baseline', 'anomaly', 'forecast_arima', 'forecast_prophet')`;
const PREDECESSOR_VIEWS = ['v_unresolved_model_alerts', 'v_active_ab_tests', 'v_latest_model_performance'];

/** ALTER COLUMN ... TYPE numeric for each column still of a DECIMAL(p, s) type. */
function widenDecimals(table: string, columns: string[]): string {
  return `DO $$ DECLARE c text; BEGIN
    FOREACH c IN ARRAY ARRAY['${columns.join("', '")}'] LOOP
      IF EXISTS (SELECT 1 FROM information_schema.columns
                  WHERE table_schema = current_schema() AND table_name = '${table}' AND column_name = c
                    AND data_type = 'numeric' AND numeric_precision IS NOT NULL) THEN
        EXECUTE format('ALTER TABLE ${table} ALTER COLUMN %I TYPE numeric', c);
      END IF;
    END LOOP;
  END $$`;
}

/** A CHECK constraint added NOT VALID (rows already there are not checked), unless it exists. */
function checkNotValid(table: string, name: string, condition: string): string {
  return `DO $$ BEGIN
    ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${condition}) NOT VALID;
  EXCEPTION WHEN duplicate_object THEN NULL; END $$`;
}

/** A new column that is 'predecessor' on the rows already there and 'service' on every new one. */
function originColumn(table: string): string[] {
  return [
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS origin text NOT NULL DEFAULT 'predecessor'`,
    `ALTER TABLE ${table} ALTER COLUMN origin SET DEFAULT 'service'`,
    checkNotValid(table, `chk_${table}_origin`, `origin IN ('predecessor', 'service')`),
  ];
}

/**
 * Closes every in-flight row of a (machine, model type) but the newest, so that the partial unique
 * index of "one in flight per key" can be built; `set` ends with the column that gets the note.
 */
function closeOlderInFlight(rows: {
  table: string;
  status: string;
  inFlight: string;
  order: string;
  set: string;
  note: string;
}): string {
  const { table, status, inFlight, order } = rows;
  return `UPDATE ${table} t
      SET ${rows.set} = '${rows.note} of the same machine and model type; closed when the model performance service adopted the database'
    WHERE t.${status} IN (${inFlight})
      AND EXISTS (SELECT 1 FROM ${table} n
                   WHERE n.machine_id = t.machine_id AND n.model_type = t.model_type AND n.${status} IN (${inFlight})
                     AND (n.${order}, n.id) > (t.${order}, t.id))`;
}

const UP = [
  // ---- the EnMS's alert_level enum (02-schema.sql), which model_alerts.severity uses ----------
  `DO $$ BEGIN
     CREATE TYPE alert_level AS ENUM ('normal', 'warning', 'critical');
   EXCEPTION WHEN duplicate_object THEN NULL; END $$`,

  // ---- source data (the EnMS's; created only when absent) --------------------------------------
  `CREATE TABLE IF NOT EXISTS machines (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     name text NOT NULL,
     type text NOT NULL DEFAULT 'generic',
     is_active boolean NOT NULL DEFAULT true,
     data_interval_seconds integer NOT NULL DEFAULT 900,
     created_at timestamptz NOT NULL DEFAULT now(),
     timezone text,
     location text,
     metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
     updated_at timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT chk_machines_interval CHECK (data_interval_seconds > 0)
   )`,
  `ALTER TABLE machines ADD COLUMN IF NOT EXISTS timezone text`,
  `ALTER TABLE machines ADD COLUMN IF NOT EXISTS location text`,

  `CREATE TABLE IF NOT EXISTS energy_readings (
     time timestamptz NOT NULL,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     energy_type text NOT NULL DEFAULT 'electricity',
     power_kw double precision,
     energy_kwh double precision,
     power_factor double precision,
     voltage_v double precision,
     current_a double precision,
     metadata jsonb,
     CONSTRAINT pk_energy_readings PRIMARY KEY (machine_id, time, energy_type)
   )`,

  `CREATE TABLE IF NOT EXISTS production_data (
     time timestamptz NOT NULL,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     production_count double precision,
     throughput_units_per_hour double precision,
     operating_mode text,
     load_level smallint,
     metadata jsonb,
     CONSTRAINT pk_production_data PRIMARY KEY (machine_id, time)
   )`,
  `ALTER TABLE production_data ADD COLUMN IF NOT EXISTS load_level smallint`,

  `CREATE TABLE IF NOT EXISTS environmental_data (
     time timestamptz NOT NULL,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     outdoor_temp_c double precision,
     indoor_temp_c double precision,
     humidity_percent double precision,
     pressure_bar double precision,
     irradiance_w_m2 double precision,
     metadata jsonb,
     CONSTRAINT pk_environmental_data PRIMARY KEY (machine_id, time)
   )`,

  // ---- model registry ----------------------------------------------------------------------
  `CREATE TABLE mps_model_versions (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     model_type text NOT NULL,
     version integer NOT NULL,
     algorithm text NOT NULL,
     status text NOT NULL DEFAULT 'candidate',
     parameters jsonb NOT NULL,
     hyperparameters jsonb NOT NULL DEFAULT '{}'::jsonb,
     feature_names jsonb NOT NULL DEFAULT '[]'::jsonb,
     training_data_start timestamptz,
     training_data_end timestamptz,
     training_samples integer,
     training_metrics jsonb,
     validation_metrics jsonb,
     training_job_id uuid,
     created_at timestamptz NOT NULL DEFAULT now(),
     activated_at timestamptz,
     CONSTRAINT chk_model_versions_type CHECK (model_type IN ${MODEL_TYPES}),
     CONSTRAINT chk_model_versions_status CHECK (status IN ('active', 'candidate', 'archived')),
     CONSTRAINT chk_model_versions_version CHECK (version >= 1),
     CONSTRAINT uq_model_versions_version UNIQUE (machine_id, model_type, version)
   )`,
  `CREATE UNIQUE INDEX uq_model_versions_one_active ON mps_model_versions (machine_id, model_type) WHERE status = 'active'`,

  `CREATE TABLE mps_model_version_activations (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     model_id uuid NOT NULL REFERENCES mps_model_versions(id) ON DELETE CASCADE,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     model_type text NOT NULL,
     model_version integer NOT NULL,
     activated_at timestamptz NOT NULL DEFAULT now(),
     deactivated_at timestamptz,
     activated_by text,
     reason text,
     CONSTRAINT chk_model_version_activations_type CHECK (model_type IN ${MODEL_TYPES})
   )`,
  `CREATE INDEX idx_model_version_activations_key ON mps_model_version_activations (machine_id, model_type, activated_at)`,

  // ---- the predecessor's views go first: the columns they read change type ----------------
  ...PREDECESSOR_VIEWS.map((view) => `DROP VIEW IF EXISTS ${view}`),

  // ---- model_training_history: the predecessor's table, then what a real job needs ---------
  `CREATE TABLE IF NOT EXISTS model_training_history (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     model_id uuid,
     model_type varchar(50) NOT NULL,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     model_version integer,
     training_start timestamptz NOT NULL,
     training_end timestamptz,
     training_duration_seconds integer,
     training_status varchar(50) NOT NULL,
     training_data_start timestamptz NOT NULL,
     training_data_end timestamptz NOT NULL,
     training_samples integer,
     hyperparameters jsonb DEFAULT '{}'::jsonb,
     feature_names text[],
     training_metrics jsonb DEFAULT '{}'::jsonb,
     validation_metrics jsonb DEFAULT '{}'::jsonb,
     initial_r_squared numeric,
     initial_rmse numeric,
     initial_mae numeric,
     error_message text,
     error_traceback text,
     trigger_type varchar(50) NOT NULL,
     triggered_by varchar(100),
     created_at timestamptz DEFAULT now(),
     metadata jsonb DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX IF NOT EXISTS idx_training_history_machine_type ON model_training_history (machine_id, model_type)`,
  `CREATE INDEX IF NOT EXISTS idx_training_history_status ON model_training_history (training_status)`,
  `CREATE INDEX IF NOT EXISTS idx_training_history_date ON model_training_history (training_start DESC)`,
  `CREATE INDEX IF NOT EXISTS idx_training_history_trigger ON model_training_history (trigger_type)`,
  widenDecimals('model_training_history', ['initial_r_squared', 'initial_rmse', 'initial_mae']),
  `ALTER TABLE model_training_history
     ADD COLUMN IF NOT EXISTS reason text,
     ADD COLUMN IF NOT EXISTS priority integer NOT NULL DEFAULT 0,
     ADD COLUMN IF NOT EXISTS attempt integer NOT NULL DEFAULT 0,
     ADD COLUMN IF NOT EXISTS max_attempts integer NOT NULL DEFAULT 3,
     ADD COLUMN IF NOT EXISTS progress integer NOT NULL DEFAULT 0,
     ADD COLUMN IF NOT EXISTS heartbeat_at timestamptz,
     ADD COLUMN IF NOT EXISTS worker_id text,
     ADD COLUMN IF NOT EXISTS cancel_requested_at timestamptz,
     ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now()`,
  ...originColumn('model_training_history'),
  checkNotValid('model_training_history', 'chk_training_type', `model_type IN ${MODEL_TYPES}`),
  checkNotValid(
    'model_training_history',
    'chk_training_status',
    `training_status IN ('pending', 'running', 'completed', 'failed', 'cancelled')`,
  ),
  checkNotValid(
    'model_training_history',
    'chk_training_trigger',
    `trigger_type IN ('manual', 'scheduled', 'drift_detected', 'performance_degradation')`,
  ),
  checkNotValid('model_training_history', 'chk_training_progress', 'progress BETWEEN 0 AND 100'),
  checkNotValid('model_training_history', 'chk_training_attempt', 'attempt >= 0 AND max_attempts >= 1'),
  // Two in-flight jobs of one key: only the newest can still be what a caller waits for.
  closeOlderInFlight({
    table: 'model_training_history',
    status: 'training_status',
    inFlight: "'pending', 'running'",
    order: 'created_at',
    set: "training_status = 'failed', training_end = now(), error_message",
    note: 'Left in flight by the predecessor beside a newer job',
  }),
  `CREATE UNIQUE INDEX IF NOT EXISTS uq_training_one_in_flight ON model_training_history (machine_id, model_type)
     WHERE training_status IN ('pending', 'running')`,
  `CREATE INDEX IF NOT EXISTS idx_training_machine_type_created ON model_training_history (machine_id, model_type, created_at)`,
  `ALTER TABLE mps_model_versions ADD CONSTRAINT fk_model_versions_job
     FOREIGN KEY (training_job_id) REFERENCES model_training_history(id) ON DELETE SET NULL`,

  // ---- model_performance_metrics ------------------------------------------------------------
  `CREATE TABLE IF NOT EXISTS model_performance_metrics (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     model_id uuid NOT NULL,
     model_type varchar(50) NOT NULL,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     model_version integer NOT NULL,
     evaluation_date timestamptz NOT NULL DEFAULT now(),
     evaluation_start timestamptz NOT NULL,
     evaluation_end timestamptz NOT NULL,
     sample_count integer NOT NULL,
     metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
     r_squared numeric,
     rmse numeric,
     mae numeric,
     mape numeric,
     precision_score numeric,
     recall_score numeric,
     f1_score numeric,
     true_positives integer,
     false_positives integer,
     true_negatives integer,
     false_negatives integer,
     drift_detected boolean DEFAULT false,
     drift_score numeric,
     drift_threshold numeric,
     data_completeness numeric,
     outlier_percentage numeric,
     evaluation_notes text,
     created_at timestamptz DEFAULT now(),
     created_by varchar(100),
     metadata jsonb DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX IF NOT EXISTS idx_model_perf_model_id ON model_performance_metrics (model_id)`,
  `CREATE INDEX IF NOT EXISTS idx_model_perf_machine_type ON model_performance_metrics (machine_id, model_type)`,
  `CREATE INDEX IF NOT EXISTS idx_model_perf_eval_date ON model_performance_metrics (evaluation_date DESC)`,
  `CREATE INDEX IF NOT EXISTS idx_model_perf_drift ON model_performance_metrics (drift_detected) WHERE drift_detected = TRUE`,
  widenDecimals('model_performance_metrics', [
    'r_squared',
    'rmse',
    'mae',
    'mape',
    'precision_score',
    'recall_score',
    'f1_score',
    'drift_score',
    'drift_threshold',
    'data_completeness',
    'outlier_percentage',
  ]),
  `ALTER TABLE model_performance_metrics
     ADD COLUMN IF NOT EXISTS cv_rmse double precision,
     ADD COLUMN IF NOT EXISTS nmbe double precision,
     ADD COLUMN IF NOT EXISTS source text NOT NULL DEFAULT 'external'`,
  ...originColumn('model_performance_metrics'),
  checkNotValid('model_performance_metrics', 'chk_metrics_type', `model_type IN ${MODEL_TYPES}`),
  checkNotValid('model_performance_metrics', 'chk_metrics_window', 'evaluation_end > evaluation_start'),
  checkNotValid(
    'model_performance_metrics',
    'chk_metrics_source',
    `source IN ('training_holdout', 'evaluation', 'external')`,
  ),
  checkNotValid(
    'model_performance_metrics',
    'chk_metrics_completeness',
    'data_completeness IS NULL OR data_completeness BETWEEN 0 AND 1',
  ),
  `CREATE INDEX IF NOT EXISTS idx_metrics_machine_type_date ON model_performance_metrics (machine_id, model_type, evaluation_date)`,

  // ---- model_ab_tests -------------------------------------------------------------------------
  `CREATE TABLE IF NOT EXISTS model_ab_tests (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     test_name varchar(255) NOT NULL,
     model_type varchar(50) NOT NULL,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     model_a_id uuid NOT NULL,
     model_a_version integer NOT NULL,
     model_b_id uuid NOT NULL,
     model_b_version integer NOT NULL,
     test_start timestamptz NOT NULL,
     test_end timestamptz,
     test_status varchar(50) NOT NULL DEFAULT 'running',
     traffic_split_a numeric DEFAULT 0.50,
     traffic_split_b numeric DEFAULT 0.50,
     model_a_metrics jsonb DEFAULT '{}'::jsonb,
     model_b_metrics jsonb DEFAULT '{}'::jsonb,
     winner_model_id uuid,
     winner_declared_at timestamptz,
     statistical_significance numeric,
     confidence_level numeric DEFAULT 0.95,
     decision varchar(50),
     decision_notes text,
     decided_by varchar(100),
     decided_at timestamptz,
     created_at timestamptz DEFAULT now(),
     created_by varchar(100),
     metadata jsonb DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX IF NOT EXISTS idx_ab_tests_machine_type ON model_ab_tests (machine_id, model_type)`,
  `CREATE INDEX IF NOT EXISTS idx_ab_tests_status ON model_ab_tests (test_status)`,
  `CREATE INDEX IF NOT EXISTS idx_ab_tests_active ON model_ab_tests (test_start, test_end) WHERE test_status = 'running'`,
  widenDecimals('model_ab_tests', [
    'traffic_split_a',
    'traffic_split_b',
    'statistical_significance',
    'confidence_level',
  ]),
  ...originColumn('model_ab_tests'),
  checkNotValid('model_ab_tests', 'chk_ab_type', `model_type IN ${MODEL_TYPES}`),
  checkNotValid(
    'model_ab_tests',
    'chk_ab_status',
    `test_status IN ('planned', 'running', 'completed', 'cancelled')`,
  ),
  checkNotValid(
    'model_ab_tests',
    'chk_ab_decision',
    `decision IS NULL OR decision IN ('promote_a', 'promote_b', 'no_winner', 'manual_review')`,
  ),
  checkNotValid(
    'model_ab_tests',
    'chk_ab_split',
    'traffic_split_a >= 0 AND traffic_split_b >= 0 AND abs(traffic_split_a + traffic_split_b - 1) < 1e-9',
  ),
  checkNotValid('model_ab_tests', 'chk_ab_confidence', 'confidence_level > 0 AND confidence_level < 1'),
  checkNotValid('model_ab_tests', 'chk_ab_distinct', 'model_a_id <> model_b_id'),
  closeOlderInFlight({
    table: 'model_ab_tests',
    status: 'test_status',
    inFlight: "'planned', 'running'",
    order: 'test_start',
    set: "test_status = 'cancelled', decision_notes",
    note: 'Left running by the predecessor beside a newer test',
  }),
  `CREATE UNIQUE INDEX IF NOT EXISTS uq_ab_one_running ON model_ab_tests (machine_id, model_type)
     WHERE test_status IN ('planned', 'running')`,

  // ---- model_alerts -------------------------------------------------------------------------
  `CREATE TABLE IF NOT EXISTS model_alerts (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     alert_type varchar(100) NOT NULL,
     severity alert_level NOT NULL,
     model_id uuid,
     model_type varchar(50) NOT NULL,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     model_version integer,
     alert_timestamp timestamptz NOT NULL DEFAULT now(),
     alert_message text NOT NULL,
     alert_details jsonb DEFAULT '{}'::jsonb,
     current_metric_value numeric,
     threshold_value numeric,
     baseline_metric_value numeric,
     is_resolved boolean DEFAULT false,
     resolved_at timestamptz,
     resolution_action varchar(255),
     resolved_by varchar(100),
     resolution_notes text,
     auto_action_taken boolean DEFAULT false,
     auto_action_type varchar(100),
     auto_action_result jsonb,
     created_at timestamptz DEFAULT now(),
     metadata jsonb DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX IF NOT EXISTS idx_model_alerts_machine_type ON model_alerts (machine_id, model_type)`,
  `CREATE INDEX IF NOT EXISTS idx_model_alerts_severity ON model_alerts (severity)`,
  `CREATE INDEX IF NOT EXISTS idx_model_alerts_unresolved ON model_alerts (machine_id) WHERE is_resolved = FALSE`,
  `CREATE INDEX IF NOT EXISTS idx_model_alerts_timestamp ON model_alerts (alert_timestamp DESC)`,
  `CREATE INDEX IF NOT EXISTS idx_model_alerts_type ON model_alerts (alert_type)`,
  widenDecimals('model_alerts', ['current_metric_value', 'threshold_value', 'baseline_metric_value']),
  `ALTER TABLE model_alerts
     ADD COLUMN IF NOT EXISTS acknowledged_at timestamptz,
     ADD COLUMN IF NOT EXISTS acknowledged_by text,
     ADD COLUMN IF NOT EXISTS occurrences integer NOT NULL DEFAULT 1,
     ADD COLUMN IF NOT EXISTS last_seen_at timestamptz,
     ADD COLUMN IF NOT EXISTS worst_metric_value double precision`,
  `UPDATE model_alerts SET last_seen_at = alert_timestamp WHERE last_seen_at IS NULL`,
  `ALTER TABLE model_alerts ALTER COLUMN last_seen_at SET DEFAULT now(), ALTER COLUMN last_seen_at SET NOT NULL`,
  ...originColumn('model_alerts'),
  checkNotValid('model_alerts', 'chk_alerts_type', `model_type IN ${MODEL_TYPES}`),
  checkNotValid('model_alerts', 'chk_alerts_resolved', 'is_resolved = (resolved_at IS NOT NULL)'),
  // Open alerts of one key (the predecessor wrote one per detection) fold into the newest.
  `WITH ranked AS (
     SELECT id, first_value(id) OVER w AS keeper, count(*) OVER (PARTITION BY machine_id, model_type, alert_type) AS n
       FROM model_alerts WHERE is_resolved IS NOT TRUE
     WINDOW w AS (PARTITION BY machine_id, model_type, alert_type ORDER BY alert_timestamp DESC, id DESC)
   ), keepers AS (
     UPDATE model_alerts a SET occurrences = r.n FROM ranked r WHERE a.id = r.id AND r.id = r.keeper AND r.n > 1
   )
   UPDATE model_alerts a
      SET is_resolved = true, resolved_at = now(), resolution_action = 'merged',
          resolution_notes = 'Repeat of alert ' || r.keeper || ', merged into it when the model performance service adopted the database'
     FROM ranked r WHERE a.id = r.id AND r.id <> r.keeper`,
  `CREATE UNIQUE INDEX IF NOT EXISTS uq_alerts_one_open ON model_alerts (machine_id, model_type, alert_type) WHERE NOT is_resolved`,
];

// Source tables and the predecessor's tables are left in place on the way down: they belong to the
// EnMS and its dashboards.
const DOWN = [
  `ALTER TABLE mps_model_versions DROP CONSTRAINT IF EXISTS fk_model_versions_job`,
  `DROP TABLE IF EXISTS mps_model_version_activations`,
  `DROP TABLE IF EXISTS mps_model_versions`,
];
