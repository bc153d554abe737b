/**
 * The drift engine: named statistical tests over a model's reference (training) window and the
 * window being checked, summarised for the predecessor's contract (drift_type, drift_score).
 * Pure: the service gathers the samples, this decides.
 *
 * - performance drift: relative change of the error (CV(RMSE) for baselines, RMSE for forecasts)
 *   against the version's own validation figure, and the Guideline 14 limits of the window;
 * - data drift, per driver, by the kind of driver:
 *   - production and operating drivers (production count, throughput, operating hours, load
 *     level): PSI (reference deciles) and two-sample KS against the whole training window, with
 *     the normed Wasserstein distance beside them as the size of the shift;
 *   - seasonal drivers (outdoor temperature, degree days, irradiance, humidity): the extrapolation
 *     share, the fraction of the window outside [min, max] of the training values. January is
 *     always colder than a two-year average, and a model whose energy depends on temperature
 *     (not on the month) still knows a mild December from its springs and autumns: what it does
 *     not know is a temperature it never saw;
 *   - every driver also reports its extrapolation share;
 * - season (context, never drift by itself): two-sample KS of a seasonal driver against the
 *   training intervals of the same calendar months, with the normed Wasserstein distance: "this
 *   December was unusually mild", which explains energy but does not make the model wrong;
 * - concept drift: tabular CUSUM of the residuals standardised by the training residuals (of
 *   hourly models their daily means: reference-sample.ts says why).
 *
 * drift_type: concept_drift when the residuals drift (CUSUM alarm, or performance drift without
 * any input drift), data_drift when only inputs drift, else no_drift.
 * drift_score in [0, 1]: the largest test ratio r = statistic / threshold (for KS: 0.05 / p) over
 * the performance, data and concept tests, mapped by r / (1 + r): 0.5 exactly at a threshold,
 * above 0.5 only when some test fires.
 */
import { guideline14Verdict } from '../models/algorithms/guideline14';
import type { IntervalLength } from '../models/algorithms/energy-interval';
import { tabularCusum } from './stats/cusum';
import type { ResidualSummary } from './reference-sample';
import { mean } from './stats/descriptive';
import { ksTwoSample, KsResult } from './stats/ks';
import { psi } from './stats/psi';
import { wasserstein } from './stats/wasserstein';

export interface DriftThresholds {
  /** Relative increase of the error metric over the validation figure that counts as drift (0.25 = +25 %). */
  performance_relative_change: number;
  psi: number;
  ks_p_value: number;
  cusum_k: number;
  cusum_h: number;
  /**
   * Share of the window's intervals outside the training range of a driver above which the
   * driver has left it (0.05: more than about one day in a month of days).
   */
  extrapolation_share: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = {
  performance_relative_change: 0.25,
  psi: 0.2,
  ks_p_value: 0.05,
  cusum_k: 0.5,
  cusum_h: 5,
  extrapolation_share: 0.05,
};

/** 'season' tests describe the window (weather unusual for the season); they never make drift. */
export type DriftKind = 'performance' | 'data' | 'concept' | 'season';

/**
 * seasonal: weather and other drivers that follow the calendar; operating: what the plant does.
 * They are told apart because a seasonal driver's distribution over any window differs from its
 * distribution over a whole year by construction.
 */
export type DriverRole = 'seasonal' | 'operating';

/** Drivers that follow the season: temperature and degree days, irradiance, humidity. */
const SEASONAL_DRIVER = /temp|^hdd|^cdd|degree|irradiance|solar|humidity/i;

/** The role of a driver by its name, when the caller does not say. */
export function driverRole(name: string): DriverRole {
  return SEASONAL_DRIVER.test(name) ? 'seasonal' : 'operating';
}

export interface DriverSample {
  name: string;
  /** Default: by name (driverRole). */
  role?: DriverRole;
  /** Values of the training window. */
  reference: number[];
  /** Values of the checked window. */
  current: number[];
  /** Calendar month (1-12, the machine's local time) of each reference value: the season. */
  reference_months?: number[];
  /** Calendar month of each current value. */
  current_months?: number[];
}

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
  drivers: DriverSample[];
  /**
   * Residuals (actual - expected): the training window's as their mean and deviation, the checked
   * window's in time order, both on the same basis (reference-sample.ts: daily means for hourly models).
   */
  residuals?: { reference: ResidualSummary; current: number[] };
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
    .flatMap((driver) =>
      (driver.role ?? driverRole(driver.name)) === 'seasonal'
        ? [extrapolationTest(driver, input.thresholds), ...sameSeasonTests(driver, input.thresholds)]
        : [...distributionTests(driver, input.thresholds), extrapolationTest(driver, input.thresholds)],
    );
}

/** Operating drivers: the window against the whole training window. */
function distributionTests(driver: DriverSample, thresholds: DriftThresholds): DriftTest[] {
  const stability = psi(driver.reference, driver.current);
  const ks = ksTwoSample(driver.reference, driver.current, 'asymptotic');
  return [
    {
      name: 'psi',
      kind: 'data',
      feature: driver.name,
      statistic: stability.statistic,
      threshold: thresholds.psi,
      p_value: null,
      drift: stability.statistic >= thresholds.psi,
      detail: { reference: 'training_window' },
    },
    ksTest('ks_two_sample', 'data', driver.name, driver.reference, driver.current, ks, thresholds, {
      reference: 'training_window',
    }),
  ];
}

/**
 * Extrapolation share: fraction of the window's values outside [min, max] of the training values.
 * Regression baselines are fitted inside that range; outside it they extrapolate a straight line
 * the data never checked (IPMVP and ASHRAE Guideline 14 both restrict a baseline to the range of
 * its independent variables).
 */
export function extrapolationShare(
  reference: readonly number[],
  current: readonly number[],
): { share: number; below: number; above: number; min: number; max: number } {
  if (reference.length === 0 || current.length === 0) {
    throw new RangeError('the extrapolation share needs training and current values');
  }
  const min = Math.min(...reference);
  const max = Math.max(...reference);
  const below = current.filter((value) => value < min).length;
  const above = current.filter((value) => value > max).length;
  return { share: (below + above) / current.length, below, above, min, max };
}

function extrapolationTest(driver: DriverSample, thresholds: DriftThresholds): DriftTest {
  const range = extrapolationShare(driver.reference, driver.current);
  return {
    name: 'extrapolation_share',
    kind: 'data',
    feature: driver.name,
    statistic: range.share,
    threshold: thresholds.extrapolation_share,
    p_value: null,
    drift: range.share > thresholds.extrapolation_share,
    detail: {
      training_min: range.min,
      training_max: range.max,
      below: range.below,
      above: range.above,
      n: driver.current.length,
    },
  };
}

/**
 * Seasonal drivers against the training intervals of the same calendar months. Calendar months,
 * not a temperature regime: a regime is cut from the very values under test, so conditioning on it
 * hides the shifts the test should see (and a normal January is colder than the average heating
 * day); months are independent of the weather, mean the same for temperature, irradiance and
 * humidity, and need no balance point. PSI is left out here: a month against two or three of the
 * same month is too few values for ten decile bins (its noise alone exceeds 0.2).
 */
function sameSeasonTests(driver: DriverSample, thresholds: DriftThresholds): DriftTest[] {
  const { reference_months: referenceMonths, current_months: currentMonths } = driver;
  if (
    !referenceMonths ||
    !currentMonths ||
    referenceMonths.length !== driver.reference.length ||
    currentMonths.length !== driver.current.length
  ) {
    return [];
  }
  const months = [...new Set(currentMonths)].sort((a, b) => a - b);
  const sameSeason = driver.reference.filter((_, i) => months.includes(referenceMonths[i]));
  const detail = { reference: 'same_calendar_months', months, reference_n: sameSeason.length };
  if (sameSeason.length < MIN_SAMPLE) {
    return [
      {
        name: 'ks_same_season',
        kind: 'season',
        feature: driver.name,
        statistic: null,
        threshold: thresholds.ks_p_value,
        p_value: null,
        drift: false,
        detail: {
          ...detail,
          reason: `the training window holds ${sameSeason.length} intervals of these months`,
        },
      },
    ];
  }
  const ks = ksTwoSample(sameSeason, driver.current, 'asymptotic');
  return [
    ksTest('ks_same_season', 'season', driver.name, sameSeason, driver.current, ks, thresholds, detail),
  ];
}

/**
 * A KS test with the normed Wasserstein distance beside it (W1 / reference std): the p-value says
 * whether the shift is real, the distance how large it is, in reference standard deviations
 * (a large sample makes a tiny shift significant; a small one hides a large shift).
 */
function ksTest(
  name: string,
  kind: DriftKind,
  feature: string,
  reference: number[],
  current: number[],
  ks: KsResult,
  thresholds: DriftThresholds,
  detail: Record<string, unknown>,
): DriftTest {
  const distance = wasserstein(reference, current);
  return {
    name,
    kind,
    feature,
    statistic: ks.statistic,
    threshold: thresholds.ks_p_value,
    p_value: ks.p_value,
    drift: ks.p_value < thresholds.ks_p_value,
    detail: {
      ...detail,
      wasserstein: distance.distance,
      effect_size_normed_wasserstein: distance.normed_distance,
      reference_mean: mean(reference),
      current_mean: mean(current),
    },
  };
}

function conceptTests(input: DriftInput): DriftTest[] {
  const residuals = input.residuals;
  if (!residuals || residuals.reference.n < MIN_SAMPLE || residuals.current.length === 0) return [];
  const { sd, basis } = residuals.reference;
  if (!(sd > 0)) return [];
  const cusum = tabularCusum(residuals.current, {
    mean: residuals.reference.mean,
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
        basis,
        reference_n: residuals.reference.n,
        current_n: residuals.current.length,
        k: input.thresholds.cusum_k,
        first_alarm_index_up: cusum.first_alarm_index_up,
        first_alarm_index_down: cusum.first_alarm_index_down,
        first_alarm_index: alarms.length > 0 ? Math.min(...alarms) : null,
      },
    },
  ];
}

function testRatio(test: DriftTest): number {
  if (test.name === 'ks_two_sample' || test.name === 'ks_same_season')
    return test.p_value === null ? 0 : test.threshold / Math.max(test.p_value, 1e-300);
  if (test.statistic === null) return test.drift ? Infinity : 0;
  return Math.max(0, test.statistic) / test.threshold;
}

export function runDriftTests(input: DriftInput): DriftResult {
  const tests = [...performanceTests(input), ...dataTests(input), ...conceptTests(input)];
  const fired = (kind: DriftKind) => tests.some((test) => test.kind === kind && test.drift);
  const concept = fired('concept') || (fired('performance') && !fired('data'));
  const driftType = concept ? 'concept_drift' : fired('data') ? 'data_drift' : 'no_drift';
  const scored = tests.filter((test) => test.kind !== 'season');
  const score = scored.length === 0 ? 0 : Math.max(...scored.map((test) => ratioToScore(testRatio(test))));
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
  const season = names('season', tests);
  const weather = season
    ? ` Unusual weather for the season (${season}), inside the range the model was trained on: not drift by itself.`
    : '';
  switch (driftType) {
    case 'concept_drift':
      return `Retrain the model: the relation between drivers and energy has changed (${names('concept', tests) || names('performance', tests)}).${weather}`;
    case 'data_drift':
      return `Inputs moved outside what the model was trained on (${names('data', tests)}); watch performance and retrain if it degrades.${weather}`;
    case 'no_drift':
      return `No action needed: the model still describes the metered energy.${weather}`;
  }
}

/** The fired tests of a kind, as name(feature); a season test counts only where its driver stayed in range. */
function names(kind: DriftKind, tests: DriftTest[]): string {
  const extrapolated = new Set(
    tests.filter((test) => test.name === 'extrapolation_share' && test.drift).map((test) => test.feature),
  );
  return [
    ...new Set(
      tests
        .filter((test) => test.kind === kind && test.drift)
        .filter((test) => kind !== 'season' || !extrapolated.has(test.feature))
        .map((test) => `${test.name}(${test.feature})`),
    ),
  ].join(', ');
}
