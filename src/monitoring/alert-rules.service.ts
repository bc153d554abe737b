/**
 * The alert rules of monitoring: what an evaluation or the daily check finds becomes an alert
 * (drift, a data gap, an evaluation gone stale), with the severity its rule gives. Repeats fold
 * into the open alert of the same key (AlertsService.raise).
 */
import { Injectable } from '@nestjs/common';
import { DATA_GAP_WARNING_BELOW, severityFor } from '../alerts/alert-severity';
import { AlertsService } from '../alerts/alerts.service';
import type { VersionDriftCheck } from '../drift/drift.service';
import type { PerformanceMetric } from '../metrics/entities/performance-metric.entity';
import type { ModelVersion } from '../models/entities/model-version.entity';

const DAY_MS = 86_400_000;

export type DriftFindings = Omit<VersionDriftCheck, 'current'>;

@Injectable()
export class AlertRulesService {
  constructor(private readonly alerts: AlertsService) {}

  /**
   * Drift raises one alert per machine, model type and kind (repeat detections update it); its
   * severity rises with the kinds of drift found.
   */
  async drift(
    version: ModelVersion,
    metric: PerformanceMetric,
    drift: DriftFindings,
  ): Promise<{ id: string }> {
    const fired = (kind: string) => drift.tests.some((test) => test.kind === kind && test.drift);
    const { alert } = await this.alerts.raise({
      machine_id: version.machine_id,
      model_type: version.model_type,
      alert_type: 'drift_detected',
      severity: severityFor('drift_detected', {
        performance_drift: fired('performance'),
        concept_drift: fired('concept'),
        data_drift: fired('data'),
      }),
      message: `${drift.drift_type.replace('_', ' ')} in v${version.version} on ${metric.evaluation_start.toISOString().slice(0, 10)}..${metric.evaluation_end.toISOString().slice(0, 10)}: ${drift.recommendation}`,
      model_id: version.id,
      model_version: version.version,
      details: {
        metric_id: metric.id,
        drift_type: drift.drift_type,
        tests: drift.tests.filter((test) => test.drift),
      },
      current_value: drift.drift_score,
      threshold_value: drift.threshold,
      baseline_value: null,
    });
    return alert;
  }

  /** The automatic action taken on an alert (a retraining), recorded on it. */
  async recordAction(
    alertId: string,
    action: { type: string; result: Record<string, unknown> },
  ): Promise<void> {
    await this.alerts.recordAutoAction(alertId, action);
  }

  /** data_gap: fewer readings arrived in the evaluated window than its spacing lets one expect. */
  async dataGap(version: ModelVersion, metric: PerformanceMetric): Promise<void> {
    const completeness = metric.data_completeness;
    if (completeness === null || completeness >= DATA_GAP_WARNING_BELOW) return;
    await this.alerts.raise({
      machine_id: version.machine_id,
      model_type: version.model_type,
      alert_type: 'data_gap',
      severity: severityFor('data_gap', { completeness }),
      message: `only ${(100 * completeness).toFixed(0)} % of the expected readings arrived between ${metric.evaluation_start.toISOString()} and ${metric.evaluation_end.toISOString()}`,
      model_id: version.id,
      model_version: version.version,
      details: { metric_id: metric.id },
      current_value: completeness,
      threshold_value: DATA_GAP_WARNING_BELOW,
    });
  }

  /**
   * evaluation_stale: an active model whose last evaluation (or activation, when it never had
   * one) is older than ALERT_STALE_EVALUATION_DAYS; usually no new readings arrive for it.
   * Returns whether it was raised.
   */
  async stale(version: ModelVersion, lastEvaluated: Date | null, now: Date): Promise<boolean> {
    const since = lastEvaluated ?? version.activated_at ?? version.created_at;
    const days = (now.getTime() - since.getTime()) / DAY_MS;
    const severity = severityFor('evaluation_stale', {
      days_since_evaluation: days,
      stale_after_days: this.alerts.staleEvaluationDays,
    });
    if (severity === 'normal') return false;
    await this.alerts.raise({
      machine_id: version.machine_id,
      model_type: version.model_type,
      alert_type: 'evaluation_stale',
      severity,
      message: `v${version.version} has not been evaluated for ${days.toFixed(1)} days`,
      model_id: version.id,
      model_version: version.version,
      current_value: days,
      threshold_value: this.alerts.staleEvaluationDays,
    });
    return true;
  }
}
