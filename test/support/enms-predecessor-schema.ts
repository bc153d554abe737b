/**
 * The predecessor's four tables and three views as RaptorBlingx/enms publishes them
 * (database/init/13-model-performance-tracking.sql): same names, column order, types, defaults,
 * nullability, indexes and view definitions (the views select `table.*`, so their columns are the
 * table's columns at creation time followed by the joined ones). Written for these tests.
 */
export const PREDECESSOR_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS model_performance_metrics (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     model_id UUID NOT NULL,
     model_type VARCHAR(50) NOT NULL,
     machine_id UUID NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
     model_version INTEGER NOT NULL,
     evaluation_date TIMESTAMPTZ NOT NULL DEFAULT NOW(),
     evaluation_start TIMESTAMPTZ NOT NULL,
     evaluation_end TIMESTAMPTZ NOT NULL,
     sample_count INTEGER NOT NULL,
     metrics JSONB NOT NULL DEFAULT '{}'::jsonb,
     r_squared DECIMAL(5, 4),
     rmse DECIMAL(12, 6),
     mae DECIMAL(12, 6),
     mape DECIMAL(6, 2),
     precision_score DECIMAL(5, 4),
     recall_score DECIMAL(5, 4),
     f1_score DECIMAL(5, 4),
     true_positives INTEGER,
     false_positives INTEGER,
     true_negatives INTEGER,
     false_negatives INTEGER,
     drift_detected BOOLEAN DEFAULT FALSE,
     drift_score DECIMAL(8, 6),
     drift_threshold DECIMAL(8, 6),
     data_completeness DECIMAL(5, 4),
     outlier_percentage DECIMAL(5, 4),
     evaluation_notes TEXT,
     created_at TIMESTAMPTZ DEFAULT NOW(),
     created_by VARCHAR(100),
     metadata JSONB DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX IF NOT EXISTS idx_model_perf_model_id ON model_performance_metrics (model_id)`,
  `CREATE INDEX IF NOT EXISTS idx_model_perf_machine_type ON model_performance_metrics (machine_id, model_type)`,
  `CREATE INDEX IF NOT EXISTS idx_model_perf_eval_date ON model_performance_metrics (evaluation_date DESC)`,
  `CREATE INDEX IF NOT EXISTS idx_model_perf_drift ON model_performance_metrics (drift_detected) WHERE drift_detected = TRUE`,

  `CREATE TABLE IF NOT EXISTS model_training_history (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     model_id UUID,
     model_type VARCHAR(50) NOT NULL,
     machine_id UUID NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
     model_version INTEGER,
     training_start TIMESTAMPTZ NOT NULL,
     training_end TIMESTAMPTZ,
     training_duration_seconds INTEGER,
     training_status VARCHAR(50) NOT NULL,
     training_data_start TIMESTAMPTZ NOT NULL,
     training_data_end TIMESTAMPTZ NOT NULL,
     training_samples INTEGER,
     hyperparameters JSONB DEFAULT '{}'::jsonb,
     feature_names TEXT[],
     training_metrics JSONB DEFAULT '{}'::jsonb,
     validation_metrics JSONB DEFAULT '{}'::jsonb,
     initial_r_squared DECIMAL(5, 4),
     initial_rmse DECIMAL(12, 6),
     initial_mae DECIMAL(12, 6),
     error_message TEXT,
     error_traceback TEXT,
     trigger_type VARCHAR(50) NOT NULL,
     triggered_by VARCHAR(100),
     created_at TIMESTAMPTZ DEFAULT NOW(),
     metadata JSONB DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX IF NOT EXISTS idx_training_history_machine_type ON model_training_history (machine_id, model_type)`,
  `CREATE INDEX IF NOT EXISTS idx_training_history_status ON model_training_history (training_status)`,
  `CREATE INDEX IF NOT EXISTS idx_training_history_date ON model_training_history (training_start DESC)`,
  `CREATE INDEX IF NOT EXISTS idx_training_history_trigger ON model_training_history (trigger_type)`,

  `CREATE TABLE IF NOT EXISTS model_ab_tests (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     test_name VARCHAR(255) NOT NULL,
     model_type VARCHAR(50) NOT NULL,
     machine_id UUID NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
     model_a_id UUID NOT NULL,
     model_a_version INTEGER NOT NULL,
     model_b_id UUID NOT NULL,
     model_b_version INTEGER NOT NULL,
     test_start TIMESTAMPTZ NOT NULL,
     test_end TIMESTAMPTZ,
     test_status VARCHAR(50) NOT NULL DEFAULT 'running',
     traffic_split_a DECIMAL(3, 2) DEFAULT 0.50,
     traffic_split_b DECIMAL(3, 2) DEFAULT 0.50,
     model_a_metrics JSONB DEFAULT '{}'::jsonb,
     model_b_metrics JSONB DEFAULT '{}'::jsonb,
     winner_model_id UUID,
     winner_declared_at TIMESTAMPTZ,
     statistical_significance DECIMAL(5, 4),
     confidence_level DECIMAL(5, 4) DEFAULT 0.95,
     decision VARCHAR(50),
     decision_notes TEXT,
     decided_by VARCHAR(100),
     decided_at TIMESTAMPTZ,
     created_at TIMESTAMPTZ DEFAULT NOW(),
     created_by VARCHAR(100),
     metadata JSONB DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX IF NOT EXISTS idx_ab_tests_machine_type ON model_ab_tests (machine_id, model_type)`,
  `CREATE INDEX IF NOT EXISTS idx_ab_tests_status ON model_ab_tests (test_status)`,
  `CREATE INDEX IF NOT EXISTS idx_ab_tests_active ON model_ab_tests (test_start, test_end) WHERE test_status = 'running'`,

  `CREATE TABLE IF NOT EXISTS model_alerts (
     id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
     alert_type VARCHAR(100) NOT NULL,
     severity alert_level NOT NULL,
     model_id UUID,
     model_type VARCHAR(50) NOT NULL,
     machine_id UUID NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
     model_version INTEGER,
     alert_timestamp TIMESTAMPTZ NOT NULL DEFAULT NOW(),
     alert_message TEXT NOT NULL,
     alert_details JSONB DEFAULT '{}'::jsonb,
     current_metric_value DECIMAL(12, 6),
     threshold_value DECIMAL(12, 6),
     baseline_metric_value DECIMAL(12, 6),
     is_resolved BOOLEAN DEFAULT FALSE,
     resolved_at TIMESTAMPTZ,
     resolution_action VARCHAR(255),
     resolved_by VARCHAR(100),
     resolution_notes TEXT,
     auto_action_taken BOOLEAN DEFAULT FALSE,
     auto_action_type VARCHAR(100),
     auto_action_result JSONB,
     created_at TIMESTAMPTZ DEFAULT NOW(),
     metadata JSONB DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX IF NOT EXISTS idx_model_alerts_machine_type ON model_alerts (machine_id, model_type)`,
  `CREATE INDEX IF NOT EXISTS idx_model_alerts_severity ON model_alerts (severity)`,
  `CREATE INDEX IF NOT EXISTS idx_model_alerts_unresolved ON model_alerts (machine_id) WHERE is_resolved = FALSE`,
  `CREATE INDEX IF NOT EXISTS idx_model_alerts_timestamp ON model_alerts (alert_timestamp DESC)`,
  `CREATE INDEX IF NOT EXISTS idx_model_alerts_type ON model_alerts (alert_type)`,

  `CREATE OR REPLACE VIEW v_latest_model_performance AS
     SELECT DISTINCT ON (machine_id, model_type) mpm.*, m.name AS machine_name, m.type AS machine_type
       FROM model_performance_metrics mpm
       JOIN machines m ON m.id = mpm.machine_id
      ORDER BY machine_id, model_type, evaluation_date DESC`,
  `CREATE OR REPLACE VIEW v_active_ab_tests AS
     SELECT abt.*, m.name AS machine_name, EXTRACT(EPOCH FROM (NOW() - abt.test_start)) / 3600 AS test_duration_hours
       FROM model_ab_tests abt
       JOIN machines m ON m.id = abt.machine_id
      WHERE abt.test_status = 'running'`,
  `CREATE OR REPLACE VIEW v_unresolved_model_alerts AS
     SELECT ma.*, m.name AS machine_name, m.type AS machine_type,
            EXTRACT(EPOCH FROM (NOW() - ma.alert_timestamp)) / 3600 AS age_hours
       FROM model_alerts ma
       JOIN machines m ON m.id = ma.machine_id
      WHERE ma.is_resolved = FALSE
      ORDER BY ma.severity DESC, ma.alert_timestamp DESC`,
];

export const PREDECESSOR_TABLES: Readonly<Record<string, readonly string[]>> = {
  model_performance_metrics: ['id'],
  model_training_history: ['id'],
  model_ab_tests: ['id'],
  model_alerts: ['id'],
};

export const PREDECESSOR_VIEWS = [
  'v_latest_model_performance',
  'v_active_ab_tests',
  'v_unresolved_model_alerts',
] as const;
