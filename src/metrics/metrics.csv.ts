/**
 * CSV of the evaluations (the trend's rows, one per evaluation) and of the stored drift checks
 * (one row per test of each check), with the JSON values; units in the column names.
 */
import { toCsv } from '../common/csv-export';
import type { MetricsService } from './metrics.service';

type Trend = Awaited<ReturnType<MetricsService['trend']>>;
type DriftChecks = Awaited<ReturnType<MetricsService['driftChecks']>>;

export function trendCsv(trend: Trend): string {
  return toCsv<Trend['metrics'][number]>(
    [
      { header: 'metric_id', value: (row) => row.metric_id },
      { header: 'model_id', value: (row) => row.model_id },
      { header: 'model_version', value: (row) => row.model_version },
      { header: 'evaluation_date', value: (row) => row.evaluation_date },
      { header: 'evaluation_start', value: (row) => row.evaluation_start },
      { header: 'evaluation_end', value: (row) => row.evaluation_end },
      { header: 'sample_count', value: (row) => row.sample_count },
      { header: 'data_completeness_fraction', value: (row) => row.data_completeness },
      { header: 'r_squared', value: (row) => row.r_squared },
      { header: 'rmse_kwh', value: (row) => row.rmse },
      { header: 'mae_kwh', value: (row) => row.mae },
      { header: 'mape_pct', value: (row) => row.mape },
      { header: 'cv_rmse_pct', value: (row) => row.cv_rmse },
      { header: 'nmbe_pct', value: (row) => row.nmbe },
      { header: 'drift_detected', value: (row) => row.drift_detected },
      { header: 'drift_score', value: (row) => row.drift_score },
      { header: 'source', value: (row) => row.source },
    ],
    trend.metrics,
  );
}

type DriftCheckTestRow = DriftChecks['items'][number] & {
  test: DriftChecks['items'][number]['tests'][number];
};

export function driftChecksCsv(checks: DriftChecks): string {
  return toCsv<DriftCheckTestRow>(
    [
      { header: 'metric_id', value: (row) => row.metric_id },
      { header: 'checked_at', value: (row) => row.checked_at },
      { header: 'model_id', value: (row) => row.model_id },
      { header: 'model_version', value: (row) => row.model_version },
      { header: 'window_start', value: (row) => row.window_start },
      { header: 'window_end', value: (row) => row.window_end },
      { header: 'drift_type', value: (row) => row.drift_type },
      { header: 'drift_score', value: (row) => row.drift_score },
      { header: 'test_name', value: (row) => row.test.name },
      { header: 'test_kind', value: (row) => row.test.kind },
      { header: 'feature', value: (row) => row.test.feature },
      { header: 'statistic', value: (row) => row.test.statistic },
      { header: 'threshold', value: (row) => row.test.threshold },
      { header: 'p_value', value: (row) => row.test.p_value },
      { header: 'test_drift', value: (row) => row.test.drift },
    ],
    checks.items.flatMap((check) => check.tests.map((test) => ({ ...check, test }))),
  );
}
