/** Shapes of the API answers the page reads (snake_case, as the service sends them). */
export type ModelType = 'baseline' | 'anomaly' | 'forecast_arima' | 'forecast_prophet';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Machine {
  id: string;
  name: string;
  type: string;
  timezone: string;
  data_interval_seconds: number;
  data?: { energy: { count: number; first: string | null; last: string | null } };
}

export interface Guideline14 {
  passes: boolean;
  interval: 'hour' | 'day';
  limits: { cv_rmse_pct: number; nmbe_pct: number };
  cv_rmse_pct: number;
  nmbe_pct: number;
}

export interface FitMetrics {
  n?: number;
  r_squared?: number;
  rmse?: number;
  mae?: number;
  mape?: number;
  cv_rmse_pct?: number;
  nmbe_pct?: number;
  guideline14?: Guideline14;
}

export interface ModelVersion {
  id: string;
  machine_id: string;
  version: number;
  algorithm: string;
  status: 'active' | 'candidate' | 'archived';
  hyperparameters: { interval?: string } | null;
  training_data_start: string | null;
  training_data_end: string | null;
  validation_metrics: FitMetrics | null;
  training_metrics: FitMetrics | null;
  created_at: string;
  activated_at: string | null;
}

export interface TrainingJob {
  id: string;
  model_version: number | null;
  model_id: string | null;
  training_status: 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
  trigger_type: string;
  progress: number | null;
  training_start: string | null;
  training_end: string | null;
  training_duration_seconds: number | null;
  created_at: string;
  error_message: string | null;
  reason?: string | null;
}

export interface JobEvent {
  id: string;
  machine_id: string;
  model_type: ModelType;
  training_status: TrainingJob['training_status'];
  progress: number | null;
  model_version: number | null;
  model_id: string | null;
  trigger_type: string;
  error_message: string | null;
  cancel_requested: boolean;
  updated_at: string;
}

export interface TriggerResponse {
  triggered: boolean;
  trigger_type: string;
  reason: string;
  training_job_id: string | null;
  estimated_completion: string | null;
}

export interface MetricPoint {
  evaluation_date: string;
  evaluation_start: string;
  evaluation_end: string;
  model_version: number;
  r_squared: number | null;
  rmse: number | null;
  mae: number | null;
  mape: number | null;
  cv_rmse: number | null;
  nmbe: number | null;
  drift_detected: boolean;
  source: string;
}

export interface Trend {
  metrics: MetricPoint[];
  trend_direction: string;
  degradation_rate: number;
}

export interface Predictions {
  served_by: string;
  model_version: number;
  predictions: { time: string; local_time: string; expected_kwh: number | null; actual_kwh: number | null }[];
}

export interface DriftTest {
  name: string;
  kind: string;
  feature: string;
  statistic: number | null;
  threshold: number | null;
  p_value: number | null;
  drift: boolean;
  detail?: Record<string, unknown>;
}

export interface DriftResult {
  drift_detected: boolean;
  drift_score: number;
  drift_type: string | null;
  recommendation: string;
  threshold: number;
  model_version: number;
  tests: DriftTest[];
  window?: { start: string; end: string };
}

export interface Alert {
  id: string;
  alert_type: string;
  severity: 'info' | 'warning' | 'critical';
  alert_message: string;
  alert_timestamp: string;
  model_version: number | null;
  occurrences: number;
  is_resolved: boolean;
  acknowledged_at: string | null;
  acknowledged_by?: string | null;
  resolution_action?: string | null;
  resolved_at?: string | null;
}

export interface AbTest {
  id: string;
  test_name: string;
  model_a_id: string;
  model_a_version: number;
  model_b_id: string;
  model_b_version: number;
  test_start: string;
  test_end: string;
  test_status: string;
  decision: string | null;
}

export interface AbMetrics {
  n: number;
  r_squared: number;
  rmse: number;
  mae: number;
  mape: number;
  cv_rmse_pct: number;
  nmbe_pct: number;
}

export interface AbResults {
  test_id: string;
  test_name: string;
  model_a_version: number;
  model_b_version: number;
  winner: string;
  confidence: number;
  model_a_metrics: AbMetrics | null;
  model_b_metrics: AbMetrics | null;
  recommendation: string;
  status: string;
  decision: string | null;
  sample_count: number;
  confidence_level: number;
  p_value: number | null;
  paired_t_p_value: number | null;
  wilcoxon_p_value: number | null;
  confidence_interval: { low: number; high: number } | null;
  mean_abs_error_difference: number | null;
  min_samples: number | null;
  samples_still_needed: number | null;
}

export interface SavingsTotals {
  counterfactual_kwh: number;
  metered_kwh: number;
  avoided_kwh: number;
  avoided_pct: number | null;
  intervals: number;
  /** Present when a tariff is configured (cost is then non-null). */
  avoided_cost?: number | null;
  counterfactual_cost?: number | null;
  metered_cost?: number | null;
}

export interface SavingsMonth extends SavingsTotals {
  month: string;
}

export interface SavingsReport {
  machine_id: string;
  machine_name: string;
  timezone: string;
  model_id: string;
  model_version: number;
  algorithm: string;
  method: string;
  energy_type: string | null;
  reporting_period: { start: string; end: string };
  totals: SavingsTotals;
  monthly: SavingsMonth[];
  uncertainty: {
    confidence_level: number;
    method: string;
    fsu_band_kwh: number | null;
    fsu_pct_of_savings: number | null;
    reason: string | null;
    savings_low_kwh?: number;
    savings_high_kwh?: number;
  };
  /** The tariff the costs use; null without one; absent from servers that price nothing. */
  cost?: { currency: string; source: string } | null;
}

export interface FleetEntry {
  machine: { id: string; name: string; type: string };
  model_type: ModelType;
  data_last: string | null;
  active_version: {
    id: string;
    version: number;
    algorithm: string;
    trained_at: string;
    activated_at: string | null;
  } | null;
  guideline14: Guideline14 | null;
  last_evaluation: {
    evaluated_at: string;
    window: { start: string; end: string };
    model_version: number;
    source: string;
    r_squared: number | null;
    cv_rmse_pct: number | null;
    nmbe_pct: number | null;
    mape_pct: number | null;
    f1_score: number | null;
    headline: { metric: 'cv_rmse' | 'mape' | 'f1_score'; value: number | null };
  } | null;
  drift: {
    checked_at: string;
    drift_detected: boolean;
    drift_score: number | null;
    drift_type: string | null;
  } | null;
  open_alerts: number;
}

export interface Anomaly {
  id: string;
  model_version: number;
  time: string;
  local_time: string;
  energy_kwh: number;
  expected_kwh: number | null;
  score: number;
  feedback: 'true_positive' | 'false_positive' | null;
  feedback_by: string | null;
  feedback_at: string | null;
}

export interface Activation {
  id: string;
  model_id: string;
  model_version: number;
  activated_at: string;
  deactivated_at: string | null;
  activated_by: string | null;
  reason: string | null;
}

/** How the energy chart groups the model's intervals (in the machine's timezone). */
export type Aggregation = 'hour' | 'day' | 'month';

/** Which version the expected-vs-actual chart asks for: the active one, or an A/B arm picked explicitly. */
export type Arm = 'active' | 'model_a' | 'model_b';

/** One interval of GET /predictions; lower/upper: a forecast's prediction interval where the model has one. */
export type PredictionRow = Predictions['predictions'][number] & {
  lower_kwh?: number | null;
  upper_kwh?: number | null;
};

/** GET /predictions with the forecast's prediction interval: interval_level is the coverage of lower..upper. */
export type ServedPredictions = Predictions & {
  predictions: PredictionRow[];
  interval_level?: number | null;
};
