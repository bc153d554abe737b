/**
 * The `baseline` model type: energy per interval (hour or day) regressed by ordinary least
 * squares on drivers derived from the interval (degree days, production, operating hours,
 * load level, calendar terms), the EnPI baseline of ISO 50006 and the regression baseline of
 * ASHRAE Guideline 14. Fitting reports the Guideline 14 statistics (n - p) and verdict.
 *
 * A stored baseline version is one of three algorithms: `ols` (here), `caltrack_daily` and
 * `caltrack_hourly` (caltrack/); predictBaseline and scoreBaseline serve all three.
 *
 * Energy predictions are never negative: every prediction is clipped at 0. A linear model can
 * extrapolate below zero (the steel plant's idle nights and weekends under a load-level slope
 * gave -100 kWh per hour), which no meter can read. Clipping is chosen over a non-negative
 * functional form (log-linear, non-negative least squares) because it leaves every fit, its
 * coefficients and its statsmodels-pinned statistics exactly as they are, and because with
 * metered energy >= 0 it can only reduce an interval's error: |0 - a| <= |p - a| for p < 0 <= a.
 * In-sample statistics describe the least-squares fit itself and are not clipped.
 */
import {
  parseLocalStart,
  type EnergyInterval,
  type IntervalLength,
  type LocalStart,
} from './energy-interval';
import { quantileSorted, sortedCopy } from '../../drift/stats/descriptive';
import {
  predictCaltrackBaseline,
  type CaltrackDailyBaselineParams,
  type CaltrackHourlyBaselineParams,
} from './caltrack/caltrack-baseline';
import { errorMetrics, type ErrorMetrics } from './error-metrics';
import { guideline14Verdict, type Guideline14Verdict } from './guideline14';
import { fitOls, predictLinear } from './ols';

export interface BaselineSpec {
  interval: IntervalLength;
  /**
   * hdd_<base> / cdd_<base> (degree days of the interval's mean temperature, "_" for the
   * decimal point: hdd_15_5 = max(15.5 - t, 0)), weekend, production_count, throughput,
   * operating_hours, load_level, hour_of_day (23 dummies, hourly only), day_of_week (6 dummies),
   * and change points of a driver: <driver>_above_<c> = max(driver - c, 0), "_" for the decimal
   * point (load_level_above_1_25), a second slope above c (see searchChangePoints).
   */
  features: string[];
}

/** The fitted OLS model as stored in the registry (JSON). */
export interface OlsBaselineParams {
  algorithm: 'ols';
  spec: BaselineSpec;
  /** Design columns after expanding hour_of_day / day_of_week, in coefficient order. */
  feature_names: string[];
  coefficients: number[];
  intercept: number;
}

export type BaselineAlgorithm = 'ols' | 'caltrack_daily' | 'caltrack_hourly';
export const BASELINE_ALGORITHMS: readonly BaselineAlgorithm[] = ['ols', 'caltrack_daily', 'caltrack_hourly'];

/** A stored baseline version's parameters, by algorithm. */
export type BaselineParams = OlsBaselineParams | CaltrackDailyBaselineParams | CaltrackHourlyBaselineParams;

/** In-sample statistics: Guideline 14 metrics with n - p, and the OLS inference. */
export interface BaselineStatistics extends ErrorMetrics {
  /** p of Guideline 14: coefficients + intercept. */
  fitted_parameters: number;
  adj_r_squared: number | null;
  intercept_std_error: number;
  coefficient_std_errors: number[];
  intercept_p_value: number;
  coefficient_p_values: number[];
  f_statistic: number | null;
  f_p_value: number | null;
  /** Intervals left out because a driver the spec needs was missing. */
  dropped_rows: number;
}

export interface BaselineFit {
  params: OlsBaselineParams;
  statistics: BaselineStatistics;
  guideline14: Guideline14Verdict;
}

export interface BaselinePrediction {
  start: string;
  energy_kwh: number;
  predicted_kwh: number;
}

export interface BaselinePredictions {
  predictions: BaselinePrediction[];
  dropped_rows: number;
}

export interface BaselineScore extends ErrorMetrics {
  dropped_rows: number;
}

export interface DesignMatrix {
  featureNames: string[];
  x: number[][];
  y: number[];
  /** Position in the input of each kept row. */
  rowIndices: number[];
  droppedRows: number;
}

/** Which candidate drivers the data supports (see {@link driverAvailability}). */
export interface DriverAvailability {
  hdd_15_5: boolean;
  cdd_18: boolean;
  production_count: boolean;
  throughput: boolean;
  operating_hours: boolean;
  load_level: boolean;
}

/** A driver present in fewer intervals than this would drop too many rows from the fit. */
export const MIN_DRIVER_COVERAGE = 0.9;
/** A degree-day term non-zero on fewer intervals than this is estimated from a handful of points. */
export const MIN_DEGREE_DAY_SHARE = 0.05;

type ColumnValue = (interval: EnergyInterval, start: LocalStart) => number | null;

interface DesignColumn {
  name: string;
  value: ColumnValue;
}

const DEGREE_DAY_FEATURE = /^(hdd|cdd)_(\d+)(?:_(\d+))?$/;
const CHANGE_POINT_FEATURE =
  /^(production_count|throughput|operating_hours|load_level)_above_(\d+)(?:_(\d+))?$/;

const DRIVER_FEATURES: ReadonlyMap<string, ColumnValue> = new Map<string, ColumnValue>([
  ['production_count', (interval) => interval.production_count],
  ['throughput', (interval) => interval.throughput_units_per_hour],
  ['operating_hours', (interval) => interval.operating_hours],
  ['load_level', (interval) => interval.load_level],
]);

/**
 * One design row per interval whose drivers are all present (null or non-finite values drop
 * the row, counted in droppedRows); y is energy_kwh.
 * @throws RangeError on an unknown or contradictory feature list or a malformed start
 */
export function buildDesignMatrix(intervals: readonly EnergyInterval[], spec: BaselineSpec): DesignMatrix {
  const columns = designColumns(spec);
  const design: DesignMatrix = {
    featureNames: columns.map((column) => column.name),
    x: [],
    y: [],
    rowIndices: [],
    droppedRows: 0,
  };
  intervals.forEach((interval, index) => {
    const row = designRow(interval, columns, spec.interval);
    if (row === null || !Number.isFinite(interval.energy_kwh)) {
      design.droppedRows++;
      return;
    }
    design.x.push(row);
    design.y.push(interval.energy_kwh);
    design.rowIndices.push(index);
  });
  return design;
}

/**
 * Fits the baseline by OLS and reports in-sample statistics: R², adjusted R², RMSE, MAE, MAPE,
 * and CV(RMSE) and NMBE with n - p (ASHRAE Guideline 14-2014), coefficient p-values and the F
 * test (statsmodels OLS conventions), plus the Guideline 14 verdict for the interval.
 * @throws RangeError when a feature is constant over the kept rows (it cannot be estimated
 *   beside the intercept), or when there are no more rows than parameters
 */
export function fitBaseline(intervals: readonly EnergyInterval[], spec: BaselineSpec): BaselineFit {
  const design = buildDesignMatrix(intervals, spec);
  assertNoConstantFeature(design);
  const ols = fitOls(design.x, design.y);
  const metrics = errorMetrics(design.y, ols.fitted, ols.p);
  return {
    params: {
      algorithm: 'ols',
      spec: { interval: spec.interval, features: [...spec.features] },
      feature_names: design.featureNames,
      coefficients: ols.coefficients,
      intercept: ols.intercept,
    },
    statistics: {
      ...metrics,
      // OLS defines R² as exactly 0 for the intercept-only model, where 1 - SSE/SST is off by rounding.
      r_squared: ols.r_squared,
      fitted_parameters: ols.p,
      adj_r_squared: ols.adj_r_squared,
      intercept_std_error: ols.intercept_std_error,
      coefficient_std_errors: ols.coefficient_std_errors,
      intercept_p_value: ols.intercept_p_value,
      coefficient_p_values: ols.coefficient_p_values,
      f_statistic: ols.f_statistic,
      f_p_value: ols.f_p_value,
      dropped_rows: design.droppedRows,
    },
    guideline14: guideline14Verdict(metrics, spec.interval),
  };
}

/**
 * Expected energy of each interval the model can predict (OLS: every driver present; CalTRACK: a
 * temperature, and for hourly an hour of week its segment has seen), clipped at 0 (file header).
 */
export function predictBaseline(
  params: BaselineParams,
  intervals: readonly EnergyInterval[],
): BaselinePredictions {
  switch (params.algorithm) {
    case 'ols':
      return predictOls(params, intervals);
    case 'caltrack_daily':
    case 'caltrack_hourly': {
      const predicted = predictCaltrackBaseline(params, intervals);
      const predictions = intervals.flatMap((interval, i) => {
        const value = predicted[i];
        if (value === null || !Number.isFinite(interval.energy_kwh)) return [];
        return [
          { start: interval.start, energy_kwh: interval.energy_kwh, predicted_kwh: Math.max(0, value) },
        ];
      });
      return { predictions, dropped_rows: intervals.length - predictions.length };
    }
    default:
      throw new RangeError(
        `unknown baseline algorithm "${(params as { algorithm?: unknown }).algorithm as string}"`,
      );
  }
}

function predictOls(params: OlsBaselineParams, intervals: readonly EnergyInterval[]): BaselinePredictions {
  const design = buildDesignMatrix(intervals, params.spec);
  assertSameColumns(design.featureNames, params.feature_names);
  const predicted = predictLinear(params.intercept, params.coefficients, design.x);
  return {
    predictions: design.rowIndices.map((index, k) => ({
      start: intervals[index].start,
      energy_kwh: design.y[k],
      predicted_kwh: Math.max(0, predicted[k]),
    })),
    dropped_rows: design.droppedRows,
  };
}

/** Out-of-sample metrics (p = 0: denominators n) of a trained baseline on new intervals. */
export function scoreBaseline(params: BaselineParams, intervals: readonly EnergyInterval[]): BaselineScore {
  const { predictions, dropped_rows } = predictBaseline(params, intervals);
  const metrics = errorMetrics(
    predictions.map((p) => p.energy_kwh),
    predictions.map((p) => p.predicted_kwh),
    0,
  );
  return { ...metrics, dropped_rows };
}

/** A change point found by {@link searchChangePoints}. */
export interface ChangePoint {
  driver: string;
  /** The driver value above which the second slope applies. */
  at: number;
  feature: string;
  p_value: number;
  adj_r_squared_gain: number;
}

/** Change points are tried at these quantiles of the driver, so each side keeps 10 % of the intervals or more. */
const CHANGE_POINT_QUANTILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** The slope change must be this significant for the data to "support" a change point. */
export const CHANGE_POINT_MAX_P_VALUE = 0.01;

/**
 * Change-point models of ASHRAE Guideline 14-2014 (section 5.3.2.4 and the Inverse Modeling
 * Toolkit of ASHRAE RP-1050, Kissock, Haberl & Claridge 2003), applied to production drivers:
 * for each continuous driver x of the spec (production_count, throughput, operating_hours,
 * load_level) a second slope above c, i.e. the term max(x - c, 0), with c searched over the
 * driver's deciles (rounded to 0.01) and kept at the c of highest adjusted R² when that term's
 * p-value is below CHANGE_POINT_MAX_P_VALUE and adjusted R² rises. Drivers are searched one after
 * the other, each on the spec the previous ones left.
 */
export function searchChangePoints(
  intervals: readonly EnergyInterval[],
  spec: BaselineSpec,
): { spec: BaselineSpec; change_points: ChangePoint[]; fit: BaselineFit | null } {
  let current: BaselineSpec = { interval: spec.interval, features: [...spec.features] };
  const found: ChangePoint[] = [];
  let base = tryFitBaseline(intervals, current);
  for (const driver of spec.features.filter((feature) => DRIVER_FEATURES.has(feature))) {
    if (!base) break;
    const values = presentValues(
      intervals,
      intervals.map((i) => parseLocalStart(i.start)),
      driver,
    );
    if (values.length === 0) continue;
    const sorted = sortedCopy(values);
    const candidates = [
      ...new Set(CHANGE_POINT_QUANTILES.map((q) => Math.round(quantileSorted(sorted, q) * 100) / 100)),
    ];
    let best: { fit: BaselineFit; point: ChangePoint; spec: BaselineSpec } | null = null;
    for (const at of candidates) {
      const below = values.filter((v) => v <= at).length;
      if (at < 0 || below < 0.1 * values.length || values.length - below < 0.1 * values.length) continue;
      const feature = `${driver}_above_${String(at).replace('.', '_')}`;
      const trial: BaselineSpec = { interval: current.interval, features: [...current.features, feature] };
      const fit = tryFitBaseline(intervals, trial);
      if (!fit || fit.statistics.adj_r_squared === null) continue;
      const gain = fit.statistics.adj_r_squared - (base.statistics.adj_r_squared ?? 0);
      const pValue = fit.statistics.coefficient_p_values[fit.statistics.coefficient_p_values.length - 1];
      if (best === null || gain > best.point.adj_r_squared_gain) {
        best = {
          fit,
          spec: trial,
          point: { driver, at, feature, p_value: pValue, adj_r_squared_gain: gain },
        };
      }
    }
    if (best && best.point.adj_r_squared_gain > 0 && best.point.p_value < CHANGE_POINT_MAX_P_VALUE) {
      found.push(best.point);
      current = best.spec;
      base = best.fit;
    }
  }
  return { spec: current, change_points: found, fit: base };
}

function tryFitBaseline(intervals: readonly EnergyInterval[], spec: BaselineSpec): BaselineFit | null {
  try {
    return fitBaseline(intervals, spec);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * Which candidate drivers the intervals support: present in at least MIN_DRIVER_COVERAGE of
 * them and not constant; a degree-day term must moreover be non-zero on at least
 * MIN_DEGREE_DAY_SHARE of them (a summer-only window has no heating term to estimate).
 */
export function driverAvailability(intervals: readonly EnergyInterval[]): DriverAvailability {
  // Parsed once for all six candidates: parsing starts was the costliest part of this check.
  const starts = intervals.map((interval) => parseLocalStart(interval.start));
  const supports = (feature: keyof DriverAvailability): boolean => {
    const values = presentValues(intervals, starts, feature);
    if (intervals.length === 0 || values.length < MIN_DRIVER_COVERAGE * intervals.length) return false;
    if (DEGREE_DAY_FEATURE.test(feature)) {
      return values.filter((v) => v > 0).length >= MIN_DEGREE_DAY_SHARE * values.length;
    }
    return values.some((v) => v !== values[0]);
  };
  return {
    hdd_15_5: supports('hdd_15_5'),
    cdd_18: supports('cdd_18'),
    production_count: supports('production_count'),
    throughput: supports('throughput'),
    operating_hours: supports('operating_hours'),
    load_level: supports('load_level'),
  };
}

/**
 * Default features for a machine, from the drivers its data supports:
 * - temperature: hdd_15_5 and cdd_18, the UK/EU heating base (CIBSE TM41) and the usual cooling
 *   base; degree hours when hourly;
 * - production: production_count, or throughput when no count is metered (not both: over an
 *   interval they carry the same information and would be nearly collinear);
 * - operating_hours and load_level as they are;
 * - calendar: weekend for both intervals; hourly adds hour_of_day, the daily load profile that
 *   otherwise dominates hourly residuals.
 */
export function suggestBaselineFeatures(
  availability: DriverAvailability,
  interval: IntervalLength,
): BaselineSpec {
  const production = availability.production_count
    ? ['production_count']
    : availability.throughput
      ? ['throughput']
      : [];
  const features = [
    ...(availability.hdd_15_5 ? ['hdd_15_5'] : []),
    ...(availability.cdd_18 ? ['cdd_18'] : []),
    ...production,
    ...(availability.operating_hours ? ['operating_hours'] : []),
    ...(availability.load_level ? ['load_level'] : []),
    ...(interval === 'hour' ? ['hour_of_day'] : []),
    'weekend',
  ];
  return { interval, features };
}

function presentValues(
  intervals: readonly EnergyInterval[],
  starts: readonly LocalStart[],
  feature: string,
): number[] {
  const [column] = expandFeature(feature, 'day');
  return intervals.map((interval, i) => column.value(interval, starts[i])).filter(isFiniteNumber);
}

function designColumns(spec: BaselineSpec): DesignColumn[] {
  const duplicate = spec.features.find((feature, i) => spec.features.indexOf(feature) !== i);
  if (duplicate !== undefined) throw new RangeError(`feature ${duplicate} is listed twice`);
  if (spec.features.includes('weekend') && spec.features.includes('day_of_week')) {
    // Saturday + Sunday dummies sum to the weekend flag: the design would be singular.
    throw new RangeError(
      'weekend and day_of_week cannot be combined (weekend is their Saturday + Sunday sum)',
    );
  }
  return spec.features.flatMap((feature) => expandFeature(feature, spec.interval));
}

function expandFeature(feature: string, interval: IntervalLength): DesignColumn[] {
  const degreeDay = DEGREE_DAY_FEATURE.exec(feature);
  if (degreeDay) {
    const base = Number(`${degreeDay[2]}.${degreeDay[3] ?? '0'}`);
    return [degreeDayColumn(feature, degreeDay[1] === 'hdd' ? 'heating' : 'cooling', base)];
  }
  const driver = DRIVER_FEATURES.get(feature);
  if (driver) return [{ name: feature, value: driver }];
  const changePoint = CHANGE_POINT_FEATURE.exec(feature);
  if (changePoint) {
    const of = DRIVER_FEATURES.get(changePoint[1])!;
    const at = Number(`${changePoint[2]}.${changePoint[3] ?? '0'}`);
    return [
      {
        name: feature,
        value: (interval, start) => {
          const x = of(interval, start);
          return x === null ? null : Math.max(x - at, 0);
        },
      },
    ];
  }
  switch (feature) {
    case 'weekend':
      return [{ name: feature, value: (_, start) => (start.isoWeekday >= 6 ? 1 : 0) }];
    case 'hour_of_day':
      if (interval !== 'hour') throw new RangeError('hour_of_day needs hourly intervals');
      // Hour 0 is the reference level, absorbed by the intercept.
      return dummyColumns('hour_of_day', 1, 23, (start) => start.hour);
    case 'day_of_week':
      // Monday (ISO 1) is the reference level.
      return dummyColumns('day_of_week', 2, 7, (start) => start.isoWeekday);
    default:
      throw new RangeError(
        `unknown feature "${feature}"; expected hdd_<base>, cdd_<base>, weekend, ${[...DRIVER_FEATURES.keys()].join(', ')}, <driver>_above_<c>, hour_of_day or day_of_week`,
      );
  }
}

/** Degree days from the interval's mean temperature (the mean-temperature method of CIBSE TM41). */
function degreeDayColumn(name: string, kind: 'heating' | 'cooling', base: number): DesignColumn {
  return {
    name,
    value: ({ outdoor_temp_c: t }) => {
      if (t === null) return null;
      return Math.max(kind === 'heating' ? base - t : t - base, 0);
    },
  };
}

function dummyColumns(
  prefix: string,
  from: number,
  to: number,
  level: (start: LocalStart) => number | null,
): DesignColumn[] {
  return Array.from({ length: to - from + 1 }, (_, k) => ({
    name: `${prefix}_${from + k}`,
    value: (_interval: EnergyInterval, start: LocalStart) => (level(start) === from + k ? 1 : 0),
  }));
}

function designRow(
  interval: EnergyInterval,
  columns: readonly DesignColumn[],
  length: IntervalLength,
): number[] | null {
  const start = parseLocalStart(interval.start);
  if (length === 'hour' && start.hour === null) {
    throw new RangeError(`hourly interval start "${interval.start}" has no time of day`);
  }
  const values = columns.map((column) => column.value(interval, start));
  return values.every(isFiniteNumber) ? values : null;
}

function isFiniteNumber(value: number | null): value is number {
  return value !== null && Number.isFinite(value);
}

function assertNoConstantFeature(design: DesignMatrix): void {
  // With fewer than two rows everything is constant; fitOls reports n <= p instead.
  if (design.x.length < 2) return;
  const constant = design.featureNames.find((_, j) => design.x.every((row) => row[j] === design.x[0][j]));
  if (constant !== undefined) {
    throw new RangeError(
      `feature ${constant} is constant over the ${design.x.length} usable intervals, so it cannot be estimated beside the intercept; remove it or widen the training window`,
    );
  }
}

function assertSameColumns(actual: readonly string[], stored: readonly string[]): void {
  if (actual.length !== stored.length || actual.some((name, j) => name !== stored[j])) {
    throw new RangeError(
      `stored baseline has columns [${stored.join(', ')}], the spec expands to [${actual.join(', ')}]`,
    );
  }
}
