/**
 * The drift engine: named statistical tests over a model's reference (training) window and the
 * window being checked, summarised for the predecessor's contract (drift_type, drift_score).
 * Pure: the service gathers the samples, this decides.
 *
 * - performance drift: relative change of the error (CV(RMSE) for baselines, RMSE for forecasts)
 *   against the version's own validation figure, and the Guideline 14 limits of the window;
 * - data drift: PSI (reference deciles) and two-sample KS per driver;
 * - concept drift: tabular CUSUM of the residuals standardised by the training residuals.
 *
 * drift_type: concept_drift when the residuals drift (CUSUM alarm, or performance drift without
 * any input drift), data_drift when only inputs drift, else no_drift.
 * drift_score in [0, 1]: the largest test ratio r = statistic / threshold (for KS: 0.05 / p),
 * mapped by r / (1 + r): 0.5 exactly at a threshold, above 0.5 only when some test fires.
 */
import { guideline14Verdict } from '../models/algorithms/guideline14';
import type { IntervalLength } from '../models/algorithms/energy-interval';
import { tabularCusum } from './stats/cusum';
import { mean, standardDeviation } from './stats/descriptive';
import { ksTwoSample } from './stats/ks';
import { psi } from './stats/psi';

export interface DriftThresholds {
  /** Relative increase of the error metric over the validation figure that counts as drift (0.25 = +25 %). */
  performance_relative_change: number;
  psi: number;
  ks_p_value: number;
  cusum_k: number;
  cusum_h: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = {
  performance_relative_change: 0.25,
  psi: 0.2,
  ks_p_value: 0.05,
  cusum_k: 0.5,
  cusum_h: 5,
};

export type DriftKind = 'performance' | 'data' | 'concept';

export interface DriftTest {
  name: string;
  kind: DriftKind;
  /** Driver (data drift) or metric (performance drift) tested. */
  feature: string;
  statistic: number | null;
  threshold: number;
  p_value: number | null;
  drift: boolean;
  detail?: Record<string, unknown>;
}

export interface DriftInput {
  interval: IntervalLength;
  /** The version's validation metrics (holdout at training time). */
  validation_metrics: Record<string, unknown> | null;
  /** Metrics of the checked window (out of sample). */
  current_metrics: {
    cv_rmse_pct: number | null;
    nmbe_pct: number | null;
    rmse: number | null;
    r_squared: number | null;
  };
  /** Which error the performance test compares (lower is better). */
  error_metric: 'cv_rmse_pct' | 'rmse';
  /** Driver samples: reference = training window, current = checked window. */
  drivers: { name: string; reference: number[]; current: number[] }[];
  /** Residuals (actual - expected): of the training window and of the checked window, in time order. */
  residuals?: { reference: number[]; current: number[] };
  thresholds: DriftThresholds;
}

export interface DriftResult {
  drift_detected: boolean;
  drift_type: 'concept_drift' | 'data_drift' | 'no_drift';
  drift_score: number;
  /** The score above which drift is reported. */
  threshold: number;
  tests: DriftTest[];
  recommendation: string;
}

export const DRIFT_SCORE_THRESHOLD = 0.5;
const MIN_SAMPLE = 8;

const ratioToScore = (ratio: number) => (Number.isFinite(ratio) ? ratio / (1 + ratio) : 1);

function performanceTests(input: DriftInput): DriftTest[] {
  const tests: DriftTest[] = [];
  const reference = input.validation_metrics?.[input.error_metric];
  const current = input.current_metrics[input.error_metric];
  if (typeof reference === 'number' && reference > 0 && current !== null) {
    const change = (current - reference) / reference;
    tests.push({
      name: 'relative_error_change',
      kind: 'performance',
      feature: input.error_metric,
      statistic: change,
      threshold: input.thresholds.performance_relative_change,
      p_value: null,
      drift: change > input.thresholds.performance_relative_change,
      detail: { validation: reference, current },
    });
  }
  if (input.error_metric === 'cv_rmse_pct') {
    const verdict = guideline14Verdict(input.current_metrics, input.interval);
    tests.push({
      name: 'guideline14_cv_rmse',
      kind: 'performance',
      feature: 'cv_rmse_pct',
      statistic: verdict.cv_rmse_pct,
      threshold: verdict.limits.cv_rmse_pct,
      p_value: null,
      drift: !verdict.cv_rmse_ok,
    });
    tests.push({
      name: 'guideline14_nmbe',
      kind: 'performance',
      feature: 'nmbe_pct',
      statistic: verdict.nmbe_pct === null ? null : Math.abs(verdict.nmbe_pct),
      threshold: verdict.limits.nmbe_pct,
      p_value: null,
      drift: !verdict.nmbe_ok,
      detail: { nmbe_pct: verdict.nmbe_pct },
    });
  }
  return tests;
}

function dataTests(input: DriftInput): DriftTest[] {
  return input.drivers
    .filter((driver) => driver.reference.length >= MIN_SAMPLE && driver.current.length >= MIN_SAMPLE)
    .flatMap((driver) => {
      const stability = psi(driver.reference, driver.current);
      const ks = ksTwoSample(driver.reference, driver.current, 'asymptotic');
      return [
        {
          name: 'psi',
          kind: 'data' as const,
          feature: driver.name,
          statistic: stability.statistic,
          threshold: input.thresholds.psi,
          p_value: null,
          drift: stability.statistic >= input.thresholds.psi,
        },
        {
          name: 'ks_two_sample',
          kind: 'data' as const,
          feature: driver.name,
          statistic: ks.statistic,
          threshold: input.thresholds.ks_p_value,
          p_value: ks.p_value,
          drift: ks.p_value < input.thresholds.ks_p_value,
        },
      ];
    });
}

function conceptTests(input: DriftInput): DriftTest[] {
  const residuals = input.residuals;
  if (!residuals || residuals.reference.length < MIN_SAMPLE || residuals.current.length === 0) return [];
  const sd = standardDeviation(residuals.reference, 1);
  if (!(sd > 0)) return [];
  const cusum = tabularCusum(residuals.current, {
    mean: mean(residuals.reference),
    sd,
    k: input.thresholds.cusum_k,
    h: input.thresholds.cusum_h,
  });
  const peak = Math.max(...cusum.c_plus, ...cusum.c_minus);
  const alarms = [cusum.first_alarm_index_up, cusum.first_alarm_index_down].filter(
    (index): index is number => index !== null,
  );
  return [
    {
      name: 'cusum',
      kind: 'concept',
      feature: 'standardised_residual',
      statistic: peak,
      threshold: input.thresholds.cusum_h,
      p_value: null,
      drift: alarms.length > 0,
      detail: {
        k: input.thresholds.cusum_k,
        first_alarm_index_up: cusum.first_alarm_index_up,
        first_alarm_index_down: cusum.first_alarm_index_down,
        first_alarm_index: alarms.length > 0 ? Math.min(...alarms) : null,
      },
    },
  ];
}

function testRatio(test: DriftTest): number {
  if (test.name === 'ks_two_sample')
    return test.p_value === null ? 0 : test.threshold / Math.max(test.p_value, 1e-300);
  if (test.statistic === null) return test.drift ? Infinity : 0;
  return Math.max(0, test.statistic) / test.threshold;
}

export function runDriftTests(input: DriftInput): DriftResult {
  const tests = [...performanceTests(input), ...dataTests(input), ...conceptTests(input)];
  const fired = (kind: DriftKind) => tests.some((test) => test.kind === kind && test.drift);
  const concept = fired('concept') || (fired('performance') && !fired('data'));
  const driftType = concept ? 'concept_drift' : fired('data') ? 'data_drift' : 'no_drift';
  const score = tests.length === 0 ? 0 : Math.max(...tests.map((test) => ratioToScore(testRatio(test))));
  return {
    drift_detected: driftType !== 'no_drift',
    drift_type: driftType,
    drift_score: score,
    threshold: DRIFT_SCORE_THRESHOLD,
    tests,
    recommendation: recommend(driftType, tests),
  };
}

function recommend(driftType: DriftResult['drift_type'], tests: DriftTest[]): string {
  const names = (kind: DriftKind) =>
    [
      ...new Set(
        tests
          .filter((test) => test.kind === kind && test.drift)
          .map((test) => `${test.name}(${test.feature})`),
      ),
    ].join(', ');
  switch (driftType) {
    case 'concept_drift':
      return `Retrain the model: the relation between drivers and energy has changed (${names('concept') || names('performance')}).`;
    case 'data_drift':
      return `Inputs moved outside what the model was trained on (${names('data')}); watch performance and retrain if it degrades.`;
    case 'no_drift':
      return 'No action needed: the model still describes the metered energy.';
  }
}
