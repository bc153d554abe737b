/**
 * How bad an alert is, from the facts of its detection; and which metric value is "worse".
 * Pure functions: the modules that detect (metrics, drift, training, scheduler) call severityFor
 * and hand the result to AlertsService.raise. 'normal' means the facts do not call for an alert.
 */
import { ALERT_SEVERITIES, AlertSeverity, AlertType } from './entities/alert.entity';

/** The facts each alert type's rule reads. */
export interface SeverityFacts {
  /** Which of the drift tests fired (performance: metrics vs validation; concept: CUSUM alarm; data: PSI/KS). */
  drift_detected: { performance_drift: boolean; concept_drift: boolean; data_drift: boolean };
  /** Relative degradation of the model's error against its own validation error, e.g. 0.35 = 35 % worse. */
  performance_degradation: { relative_degradation: number; threshold: number };
  /** CV(RMSE) and NMBE in percent with their ASHRAE Guideline 14 limits (hourly: 30 and 10). */
  guideline14_violation: { cv_rmse: number; nmbe: number; cv_rmse_limit: number; nmbe_limit: number };
  training_failed: { consecutive_failures: number };
  /** stale_after_days: ALERT_STALE_EVALUATION_DAYS (N). */
  evaluation_stale: { days_since_evaluation: number; stale_after_days: number };
  /** Share of the expected readings present in the evaluation window, 0..1. */
  data_gap: { completeness: number };
}

/** A Guideline 14 limit exceeded by more than this share of itself makes the violation critical. */
export const GUIDELINE14_CRITICAL_EXCESS = 0.5;
export const TRAINING_FAILURES_CRITICAL = 3;
export const DATA_GAP_WARNING_BELOW = 0.9;
export const DATA_GAP_CRITICAL_BELOW = 0.5;

const RULES: { [K in AlertType]: (facts: SeverityFacts[K]) => AlertSeverity } = {
  drift_detected: ({ performance_drift, concept_drift, data_drift }) =>
    performance_drift && concept_drift
      ? 'critical'
      : performance_drift || concept_drift || data_drift
        ? 'warning'
        : 'normal',
  performance_degradation: ({ relative_degradation, threshold }) =>
    relative_degradation > 2 * threshold
      ? 'critical'
      : relative_degradation > threshold
        ? 'warning'
        : 'normal',
  guideline14_violation: ({ cv_rmse, nmbe, cv_rmse_limit, nmbe_limit }) => {
    const excess = [cv_rmse / cv_rmse_limit, Math.abs(nmbe) / nmbe_limit].filter((ratio) => ratio > 1);
    if (excess.length === 0) return 'normal';
    return excess.length === 2 || excess.some((ratio) => ratio > 1 + GUIDELINE14_CRITICAL_EXCESS)
      ? 'critical'
      : 'warning';
  },
  training_failed: ({ consecutive_failures }) =>
    consecutive_failures >= TRAINING_FAILURES_CRITICAL
      ? 'critical'
      : consecutive_failures >= 1
        ? 'warning'
        : 'normal',
  evaluation_stale: ({ days_since_evaluation, stale_after_days }) =>
    days_since_evaluation > 3 * stale_after_days
      ? 'critical'
      : days_since_evaluation > stale_after_days
        ? 'warning'
        : 'normal',
  data_gap: ({ completeness }) =>
    completeness < DATA_GAP_CRITICAL_BELOW
      ? 'critical'
      : completeness < DATA_GAP_WARNING_BELOW
        ? 'warning'
        : 'normal',
};

/**
 * Severity of an alert from the facts of its detection ('normal' = no alert called for):
 * - guideline14_violation (ASHRAE Guideline 14: CV(RMSE) and |NMBE| against their limits): warning
 *   when one limit is exceeded; critical when both are, or when one is exceeded by more than 50 %
 *   of itself (e.g. CV(RMSE) above 45 % against a 30 % limit).
 * - drift_detected: warning for any drift test; critical when concept drift (CUSUM alarm) and
 *   performance drift occur together.
 * - training_failed: warning; critical from 3 consecutive failures.
 * - evaluation_stale: warning after N days without an evaluation; critical after 3N.
 * - data_gap: warning when completeness is below 90 %; critical below 50 %.
 * - performance_degradation: warning when the relative degradation exceeds the threshold;
 *   critical above twice the threshold.
 */
export function severityFor<T extends AlertType>(alert_type: T, facts: SeverityFacts[T]): AlertSeverity {
  return RULES[alert_type](facts);
}

/** Rank of a severity: escalation is a move to a higher rank. */
export function severityRank(severity: AlertSeverity): number {
  return ALERT_SEVERITIES.indexOf(severity);
}

/**
 * Which metric value of repeated detections is the worst one kept in worst_metric_value:
 * 'lowest' for data_gap (current_value is the completeness: less is worse); 'largest_magnitude'
 * for every other type (CV(RMSE), |NMBE|, drift score, degradation, days stale, failures).
 */
export function worseDirection(alert_type: AlertType): 'lowest' | 'largest_magnitude' {
  return alert_type === 'data_gap' ? 'lowest' : 'largest_magnitude';
}
