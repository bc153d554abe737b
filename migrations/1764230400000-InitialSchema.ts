import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole schema of the model performance service (DESIGN.md §4), written by hand.
 *
 * - Source tables (machines, energy_readings, production_data, environmental_data) are the
 *   EnMS tables: created only if absent, so the service can be pointed at an existing EnMS
 *   database; columns this service needs are added if missing.
 * - The predecessor's four tables keep every column it had (names and meaning), plus what
 *   real operation needs. Rules live in PostgreSQL: CHECK constraints on every status and
 *   partial unique indexes for "one pending/running job", "one active version" and
 *   "one unresolved alert" per key.
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

const UP = [
  // ---- source data (EnMS-compatible) ---------------------------------------------------
  `CREATE TABLE IF NOT EXISTS machines (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     name text NOT NULL,
     type text NOT NULL DEFAULT 'generic',
     is_active boolean NOT NULL DEFAULT true,
     data_interval_seconds integer NOT NULL DEFAULT 900,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `ALTER TABLE machines ADD COLUMN IF NOT EXISTS timezone text NOT NULL DEFAULT 'UTC'`,
  `ALTER TABLE machines ADD COLUMN IF NOT EXISTS location text`,
  `ALTER TABLE machines ADD COLUMN IF NOT EXISTS metadata jsonb NOT NULL DEFAULT '{}'::jsonb`,
  `ALTER TABLE machines ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now()`,
  `DO $$ BEGIN
     ALTER TABLE machines ADD CONSTRAINT chk_machines_interval CHECK (data_interval_seconds > 0);
   EXCEPTION WHEN duplicate_object THEN NULL; END $$`,

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
  `CREATE TABLE model_versions (
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
  `CREATE UNIQUE INDEX uq_model_versions_one_active ON model_versions (machine_id, model_type) WHERE status = 'active'`,

  `CREATE TABLE model_version_activations (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     model_id uuid NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     model_type text NOT NULL,
     model_version integer NOT NULL,
     activated_at timestamptz NOT NULL DEFAULT now(),
     deactivated_at timestamptz,
     activated_by text,
     reason text,
     CONSTRAINT chk_model_version_activations_type CHECK (model_type IN ${MODEL_TYPES})
   )`,
  `CREATE INDEX idx_model_version_activations_key ON model_version_activations (machine_id, model_type, activated_at)`,

  // ---- the predecessor's four tables -------------------------------------------------------
  `CREATE TABLE model_training_history (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     model_id uuid,
     model_type text NOT NULL,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     model_version integer,
     training_start timestamptz,
     training_end timestamptz,
     training_duration_seconds double precision,
     training_status text NOT NULL DEFAULT 'pending',
     training_data_start timestamptz,
     training_data_end timestamptz,
     training_samples integer,
     hyperparameters jsonb,
     feature_names jsonb,
     training_metrics jsonb,
     validation_metrics jsonb,
     initial_r_squared double precision,
     initial_rmse double precision,
     initial_mae double precision,
     error_message text,
     error_traceback text,
     trigger_type text NOT NULL DEFAULT 'manual',
     triggered_by text,
     created_at timestamptz NOT NULL DEFAULT now(),
     metadata jsonb,
     reason text,
     priority integer NOT NULL DEFAULT 0,
     attempt integer NOT NULL DEFAULT 0,
     max_attempts integer NOT NULL DEFAULT 3,
     progress integer NOT NULL DEFAULT 0,
     heartbeat_at timestamptz,
     worker_id text,
     cancel_requested_at timestamptz,
     updated_at timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT chk_training_type CHECK (model_type IN ${MODEL_TYPES}),
     CONSTRAINT chk_training_status CHECK (training_status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
     CONSTRAINT chk_training_trigger CHECK (trigger_type IN ('manual', 'scheduled', 'drift_detected', 'performance_degradation')),
     CONSTRAINT chk_training_progress CHECK (progress BETWEEN 0 AND 100),
     CONSTRAINT chk_training_attempt CHECK (attempt >= 0 AND max_attempts >= 1)
   )`,
  `CREATE UNIQUE INDEX uq_training_one_in_flight ON model_training_history (machine_id, model_type)
     WHERE training_status IN ('pending', 'running')`,
  `CREATE INDEX idx_training_machine_type_created ON model_training_history (machine_id, model_type, created_at)`,
  `CREATE INDEX idx_training_status ON model_training_history (training_status)`,
  `ALTER TABLE model_versions ADD CONSTRAINT fk_model_versions_job
     FOREIGN KEY (training_job_id) REFERENCES model_training_history(id) ON DELETE SET NULL`,

  `CREATE TABLE model_performance_metrics (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     model_id uuid,
     model_type text NOT NULL,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     model_version integer,
     evaluation_date timestamptz NOT NULL DEFAULT now(),
     evaluation_start timestamptz NOT NULL,
     evaluation_end timestamptz NOT NULL,
     sample_count integer,
     metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
     r_squared double precision,
     rmse double precision,
     mae double precision,
     mape double precision,
     cv_rmse double precision,
     nmbe double precision,
     precision_score double precision,
     recall_score double precision,
     f1_score double precision,
     true_positives integer,
     false_positives integer,
     true_negatives integer,
     false_negatives integer,
     drift_detected boolean NOT NULL DEFAULT false,
     drift_score double precision,
     drift_threshold double precision,
     data_completeness double precision,
     outlier_percentage double precision,
     evaluation_notes text,
     source text NOT NULL DEFAULT 'external',
     created_by text,
     created_at timestamptz NOT NULL DEFAULT now(),
     metadata jsonb,
     CONSTRAINT chk_metrics_type CHECK (model_type IN ${MODEL_TYPES}),
     CONSTRAINT chk_metrics_window CHECK (evaluation_end > evaluation_start),
     CONSTRAINT chk_metrics_source CHECK (source IN ('training_holdout', 'evaluation', 'external')),
     CONSTRAINT chk_metrics_completeness CHECK (data_completeness IS NULL OR data_completeness BETWEEN 0 AND 1)
   )`,
  `CREATE INDEX idx_metrics_machine_type_date ON model_performance_metrics (machine_id, model_type, evaluation_date)`,
  `CREATE INDEX idx_metrics_model ON model_performance_metrics (model_id)`,

  `CREATE TABLE model_ab_tests (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     test_name text NOT NULL,
     model_type text NOT NULL,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     model_a_id uuid NOT NULL REFERENCES model_versions(id),
     model_a_version integer NOT NULL,
     model_b_id uuid NOT NULL REFERENCES model_versions(id),
     model_b_version integer NOT NULL,
     test_start timestamptz NOT NULL DEFAULT now(),
     test_end timestamptz,
     test_status text NOT NULL DEFAULT 'running',
     traffic_split_a double precision NOT NULL DEFAULT 0.5,
     traffic_split_b double precision NOT NULL DEFAULT 0.5,
     model_a_metrics jsonb,
     model_b_metrics jsonb,
     winner_model_id uuid,
     winner_declared_at timestamptz,
     statistical_significance double precision,
     confidence_level double precision NOT NULL DEFAULT 0.95,
     decision text,
     decision_notes text,
     decided_by text,
     decided_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now(),
     created_by text,
     metadata jsonb,
     CONSTRAINT chk_ab_type CHECK (model_type IN ${MODEL_TYPES}),
     CONSTRAINT chk_ab_status CHECK (test_status IN ('planned', 'running', 'completed', 'cancelled')),
     CONSTRAINT chk_ab_decision CHECK (decision IS NULL OR decision IN ('promote_a', 'promote_b', 'no_winner', 'manual_review')),
     CONSTRAINT chk_ab_split CHECK (traffic_split_a >= 0 AND traffic_split_b >= 0 AND abs(traffic_split_a + traffic_split_b - 1) < 1e-9),
     CONSTRAINT chk_ab_confidence CHECK (confidence_level > 0 AND confidence_level < 1),
     CONSTRAINT chk_ab_distinct CHECK (model_a_id <> model_b_id)
   )`,
  `CREATE UNIQUE INDEX uq_ab_one_running ON model_ab_tests (machine_id, model_type) WHERE test_status IN ('planned', 'running')`,

  `CREATE TABLE model_alerts (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     alert_type text NOT NULL,
     severity text NOT NULL DEFAULT 'warning',
     model_id uuid,
     model_type text NOT NULL,
     machine_id uuid NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
     model_version integer,
     alert_timestamp timestamptz NOT NULL DEFAULT now(),
     alert_message text NOT NULL,
     alert_details jsonb,
     current_metric_value double precision,
     threshold_metric_value double precision,
     baseline_metric_value double precision,
     is_resolved boolean NOT NULL DEFAULT false,
     resolved_at timestamptz,
     resolved_by text,
     resolution_action text,
     resolution_notes text,
     auto_action_taken boolean NOT NULL DEFAULT false,
     auto_action_type text,
     auto_action_result jsonb,
     created_at timestamptz NOT NULL DEFAULT now(),
     metadata jsonb,
     acknowledged_at timestamptz,
     acknowledged_by text,
     occurrences integer NOT NULL DEFAULT 1,
     last_seen_at timestamptz NOT NULL DEFAULT now(),
     worst_metric_value double precision,
     CONSTRAINT chk_alerts_type CHECK (model_type IN ${MODEL_TYPES}),
     CONSTRAINT chk_alerts_severity CHECK (severity IN ('normal', 'warning', 'critical')),
     CONSTRAINT chk_alerts_resolved CHECK (is_resolved = (resolved_at IS NOT NULL))
   )`,
  `CREATE UNIQUE INDEX uq_alerts_one_open ON model_alerts (machine_id, model_type, alert_type) WHERE NOT is_resolved`,
  `CREATE INDEX idx_alerts_timestamp ON model_alerts (alert_timestamp)`,

  // ---- views of the predecessor's dashboards ----------------------------------------------
  `CREATE VIEW v_latest_model_performance AS
     SELECT DISTINCT ON (p.machine_id, p.model_type)
            p.id, p.model_id, p.model_type, p.machine_id, p.model_version, p.evaluation_date,
            p.evaluation_start, p.evaluation_end, p.sample_count, p.r_squared, p.rmse, p.mae, p.mape,
            p.cv_rmse, p.nmbe, p.drift_detected, p.drift_score, p.data_completeness,
            m.name AS machine_name, m.type AS machine_type
       FROM model_performance_metrics p
       JOIN machines m ON m.id = p.machine_id
      ORDER BY p.machine_id, p.model_type, p.evaluation_date DESC, p.created_at DESC`,
  `CREATE VIEW v_active_ab_tests AS
     SELECT t.id, t.test_name, t.model_type, t.machine_id, t.model_a_id, t.model_a_version,
            t.model_b_id, t.model_b_version, t.test_start, t.test_end, t.traffic_split_a,
            t.traffic_split_b, t.confidence_level, m.name AS machine_name,
            EXTRACT(EPOCH FROM (now() - t.test_start)) / 3600.0 AS hours_running
       FROM model_ab_tests t
       JOIN machines m ON m.id = t.machine_id
      WHERE t.test_status = 'running'`,
  `CREATE VIEW v_unresolved_model_alerts AS
     SELECT a.id, a.alert_type, a.severity, a.model_id, a.model_type, a.machine_id, a.model_version,
            a.alert_timestamp, a.alert_message, a.current_metric_value, a.threshold_metric_value,
            a.is_resolved, a.acknowledged_at, a.auto_action_taken, a.occurrences, a.last_seen_at,
            m.name AS machine_name, m.type AS machine_type,
            EXTRACT(EPOCH FROM (now() - a.alert_timestamp)) / 3600.0 AS age_hours
       FROM model_alerts a
       JOIN machines m ON m.id = a.machine_id
      WHERE NOT a.is_resolved`,
];

// Source tables are left in place on the way down: they may belong to the EnMS.
const DOWN = [
  `DROP VIEW IF EXISTS v_unresolved_model_alerts`,
  `DROP VIEW IF EXISTS v_active_ab_tests`,
  `DROP VIEW IF EXISTS v_latest_model_performance`,
  `DROP TABLE IF EXISTS model_alerts`,
  `DROP TABLE IF EXISTS model_ab_tests`,
  `DROP TABLE IF EXISTS model_performance_metrics`,
  `ALTER TABLE model_versions DROP CONSTRAINT IF EXISTS fk_model_versions_job`,
  `DROP TABLE IF EXISTS model_training_history`,
  `DROP TABLE IF EXISTS model_version_activations`,
  `DROP TABLE IF EXISTS model_versions`,
];
