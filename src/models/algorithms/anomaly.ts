/**
 * The `anomaly` model type: a contextual detector. Each interval's energy is compared with what
 * its context predicts (hour of the week, or day of the week for daily data, plus heating and
 * cooling degree days and load level when the data supports them) and scored as a robust z:
 * |residual| / robust residual scale of its hour of day.
 *
 * Why not a plain isolation forest: energy anomalies are contextual (a normal daytime load at
 * 3 a.m. is anomalous), which a forest over raw features only partly sees. The expectation is
 * fitted with Huber's M-estimator so that the anomalies present in the training window do not
 * pull it towards themselves. Everything is deterministic (no random numbers), and the
 * parameters are a few hundred numbers.
 */
import { Matrix, pseudoInverse } from 'ml-matrix';
import { buildDesignMatrix, driverAvailability, type DriverAvailability } from './baseline';
import {
  parseLocalStart,
  type EnergyInterval,
  type IntervalLength,
  type LocalStart,
} from './energy-interval';

export interface AnomalySpec {
  interval: IntervalLength;
  /** Robust z above which an interval is flagged; default DEFAULT_Z_LIMIT. */
  z_limit?: number;
}

/** The fitted detector as stored in the registry (JSON). */
export interface AnomalyParams {
  algorithm: 'huber_context_regression';
  interval: IntervalLength;
  /** hour_of_week: 168 levels, 0 = Monday 00:00; day_of_week: 7 levels, 0 = Monday. */
  context: 'hour_of_week' | 'day_of_week';
  /** Expected energy of each context level at zero driver values, kWh. */
  context_levels_kwh: number[];
  /** Baseline feature names used as drivers, in coefficient order. */
  drivers: string[];
  driver_coefficients: number[];
  /** Robust residual scale (1.4826 MAD), kWh: one per hour of day when hourly, one when daily. */
  residual_scales_kwh: number[];
  z_limit: number;
  huber_k: number;
  iterations: number;
  fit_rows: number;
  /** Intervals left out of the fit because a driver was missing. */
  dropped_rows: number;
}

export interface AnomalyScore {
  start: string;
  /** Robust z of the interval (higher = more anomalous); null when a driver it needs is missing. */
  score: number | null;
  is_anomaly: boolean;
  expected_kwh: number | null;
}

/**
 * 4.5 robust standard deviations: for Gaussian residuals 2(1 - Φ(4.5)) ≈ 7e-6, i.e. well under
 * one false flag per year of hourly data, leaving room for the heavier tails real residuals
 * have (holidays, unusual weather). Fixed, not tuned per machine, so that flags mean the same
 * everywhere.
 */
export const DEFAULT_Z_LIMIT = 4.5;
/** Huber's tuning constant: 95 % efficiency at the normal distribution (Huber 1981, Robust Statistics). */
export const HUBER_K = 1.345;
/** Each context level needs this many intervals, or its expectation would fit its own anomalies. */
export const MIN_ROWS_PER_CONTEXT = 2;

const MAX_ITERATIONS = 50;
const WEIGHT_TOLERANCE = 1e-6;
/** 1 / Φ^-1(3/4): makes the median absolute deviation a consistent estimate of σ for normal data. */
const MAD_TO_SIGMA = 1.482602218505602;
const DRIVER_CANDIDATES: readonly (keyof DriverAvailability)[] = ['hdd_15_5', 'cdd_18', 'load_level'];

interface ContextLayout {
  context: AnomalyParams['context'];
  levels: number;
  scaleGroups: number;
  contextOf(start: LocalStart): number;
  scaleGroupOf(start: LocalStart): number;
}

/** The design of a set of intervals: driver rows plus each row's context and scale group. */
interface ContextDesign {
  x: number[][];
  y: number[];
  contexts: number[];
  groups: number[];
  rowIndices: number[];
  droppedRows: number;
}

interface ContextFit {
  levels: number[];
  coefficients: number[];
}

/**
 * Fits the detector: energy = level[context] + drivers·b by Huber M-estimation via iteratively
 * reweighted least squares (Holland & Welsch 1977), the weights w = min(1, k / |r/s|) using the
 * robust scale s of the residual's hour of day; each weighted step solves the level dummies
 * out by within-context demeaning (Frisch-Waugh-Lovell), so the cost is linear in the rows.
 * @throws RangeError when some context level has fewer than MIN_ROWS_PER_CONTEXT intervals, or
 *   z_limit is not positive
 */
export function fitAnomalyModel(rows: readonly EnergyInterval[], spec: AnomalySpec): AnomalyParams {
  const zLimit = spec.z_limit ?? DEFAULT_Z_LIMIT;
  if (!Number.isFinite(zLimit) || zLimit <= 0)
    throw new RangeError(`z_limit must be a positive number, got ${zLimit}`);
  const layout = contextLayout(spec.interval);
  const availability = driverAvailability(rows);
  const drivers = DRIVER_CANDIDATES.filter((driver) => availability[driver]);
  const design = contextDesign(rows, spec.interval, drivers, layout);
  assertContextsCovered(design.contexts, layout);

  let weights = design.y.map(() => 1);
  for (let iteration = 1; ; iteration++) {
    const fit = weightedContextRegression(design, layout.levels, weights);
    const residuals = residualsOf(design, fit);
    const scales = groupScales(residuals, design, layout.scaleGroups);
    const nextWeights = residuals.map((r, i) => huberWeight(r / scales[design.groups[i]]));
    if (iteration === MAX_ITERATIONS || maxAbsDifference(nextWeights, weights) < WEIGHT_TOLERANCE) {
      return {
        algorithm: 'huber_context_regression',
        interval: spec.interval,
        context: layout.context,
        context_levels_kwh: fit.levels,
        drivers: [...drivers],
        driver_coefficients: fit.coefficients,
        residual_scales_kwh: scales,
        z_limit: zLimit,
        huber_k: HUBER_K,
        iterations: iteration,
        fit_rows: design.y.length,
        dropped_rows: design.droppedRows,
      };
    }
    weights = nextWeights;
  }
}

/** Robust z of every interval against the fitted expectation; flagged above params.z_limit. */
export function scoreAnomalies(params: AnomalyParams, rows: readonly EnergyInterval[]): AnomalyScore[] {
  const layout = contextLayout(params.interval);
  const design = contextDesign(rows, params.interval, params.drivers, layout);
  const fit: ContextFit = { levels: params.context_levels_kwh, coefficients: params.driver_coefficients };
  const scored: AnomalyScore[] = rows.map((row) => ({
    start: row.start,
    score: null,
    is_anomaly: false,
    expected_kwh: null,
  }));
  design.rowIndices.forEach((index, k) => {
    const expected = expectedEnergy(design, fit, k);
    const score = Math.abs(design.y[k] - expected) / params.residual_scales_kwh[design.groups[k]];
    scored[index] = {
      start: rows[index].start,
      score,
      is_anomaly: score > params.z_limit,
      expected_kwh: expected,
    };
  });
  return scored;
}

function contextLayout(interval: IntervalLength): ContextLayout {
  switch (interval) {
    case 'hour':
      // Residual spread differs by hour (quiet nights, busy days), so each hour gets its own scale.
      return {
        context: 'hour_of_week',
        levels: 168,
        scaleGroups: 24,
        contextOf: (start) => (start.isoWeekday - 1) * 24 + (start.hour ?? 0),
        scaleGroupOf: (start) => start.hour ?? 0,
      };
    case 'day':
      return {
        context: 'day_of_week',
        levels: 7,
        scaleGroups: 1,
        contextOf: (start) => start.isoWeekday - 1,
        scaleGroupOf: () => 0,
      };
  }
}

function contextDesign(
  rows: readonly EnergyInterval[],
  interval: IntervalLength,
  drivers: readonly string[],
  layout: ContextLayout,
): ContextDesign {
  // buildDesignMatrix rejects hourly starts without a time, so `hour ?? 0` above never applies to them.
  const design = buildDesignMatrix(rows, { interval, features: [...drivers] });
  const starts = design.rowIndices.map((index) => parseLocalStart(rows[index].start));
  return {
    x: design.x,
    y: design.y,
    contexts: starts.map(layout.contextOf),
    groups: starts.map(layout.scaleGroupOf),
    rowIndices: design.rowIndices,
    droppedRows: design.droppedRows,
  };
}

function assertContextsCovered(contexts: readonly number[], layout: ContextLayout): void {
  const counts = new Array<number>(layout.levels).fill(0);
  contexts.forEach((context) => counts[context]++);
  const thin = counts.filter((count) => count < MIN_ROWS_PER_CONTEXT).length;
  if (thin > 0) {
    throw new RangeError(
      `${thin} of ${layout.levels} ${layout.context} levels have fewer than ${MIN_ROWS_PER_CONTEXT} usable intervals; fit on at least ${MIN_ROWS_PER_CONTEXT} full weeks`,
    );
  }
}

/**
 * Weighted least squares of y on context dummies + drivers. By Frisch-Waugh-Lovell the driver
 * coefficients are those of the regression of the within-context (weighted) demeaned y on the
 * demeaned drivers; each level is then its weighted mean of y - x·b. The pseudo-inverse gives
 * the minimum-norm solution when a driver does not vary within contexts (then it explains
 * nothing the levels do not).
 */
function weightedContextRegression(
  design: ContextDesign,
  levels: number,
  weights: readonly number[],
): ContextFit {
  const meanY = contextMeans(design.y, design.contexts, levels, weights);
  const drivers = design.x.length > 0 ? design.x[0].length : 0;
  const meanX = Array.from({ length: drivers }, (_, j) =>
    contextMeans(
      design.x.map((row) => row[j]),
      design.contexts,
      levels,
      weights,
    ),
  );
  const gram = Matrix.zeros(drivers, drivers);
  const moment = Matrix.zeros(drivers, 1);
  design.x.forEach((row, i) => {
    const c = design.contexts[i];
    const dy = design.y[i] - meanY[c];
    const dx = row.map((value, j) => value - meanX[j][c]);
    for (let j = 0; j < drivers; j++) {
      moment.set(j, 0, moment.get(j, 0) + weights[i] * dx[j] * dy);
      for (let k = 0; k < drivers; k++) gram.set(j, k, gram.get(j, k) + weights[i] * dx[j] * dx[k]);
    }
  });
  const coefficients = drivers > 0 ? pseudoInverse(gram).mmul(moment).to1DArray() : [];
  const contextLevels = meanY.map((mean, c) =>
    coefficients.reduce((level, b, j) => level - b * meanX[j][c], mean),
  );
  return { levels: contextLevels, coefficients };
}

function contextMeans(
  values: readonly number[],
  contexts: readonly number[],
  levels: number,
  weights: readonly number[],
): number[] {
  const sums = new Array<number>(levels).fill(0);
  const weightSums = new Array<number>(levels).fill(0);
  values.forEach((value, i) => {
    sums[contexts[i]] += weights[i] * value;
    weightSums[contexts[i]] += weights[i];
  });
  return sums.map((sum, c) => sum / weightSums[c]);
}

function expectedEnergy(design: ContextDesign, fit: ContextFit, k: number): number {
  return design.x[k].reduce(
    (sum, value, j) => sum + value * fit.coefficients[j],
    fit.levels[design.contexts[k]],
  );
}

function residualsOf(design: ContextDesign, fit: ContextFit): number[] {
  return design.y.map((value, k) => value - expectedEnergy(design, fit, k));
}

/**
 * 1.4826 MAD of the residuals of each scale group (Hampel 1974). A group whose MAD is 0 (e.g.
 * a machine that is exactly off at night) takes the overall scale, and that is floored at a
 * millionth of the mean |energy| so that scores stay finite.
 */
function groupScales(residuals: readonly number[], design: ContextDesign, groups: number): number[] {
  // 1e-9 kWh covers a meter that reads only zeros.
  const floor = Math.max(1e-6 * meanAbsolute(design.y), 1e-9);
  const overall = Math.max(robustScale(residuals), floor);
  const members = Array.from({ length: groups }, (): number[] => []);
  residuals.forEach((residual, i) => members[design.groups[i]].push(residual));
  return members.map((groupResiduals) => {
    const scale = robustScale(groupResiduals);
    return scale > 0 ? Math.max(scale, floor) : overall;
  });
}

function robustScale(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const center = median(values);
  return MAD_TO_SIGMA * median(values.map((v) => Math.abs(v - center)));
}

function median(values: readonly number[]): number {
  // A typed array sorts numerically without a comparator callback.
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Huber weight ψ(u)/u = min(1, k/|u|) of a standardised residual. */
function huberWeight(u: number): number {
  const magnitude = Math.abs(u);
  return magnitude <= HUBER_K ? 1 : HUBER_K / magnitude;
}

function maxAbsDifference(a: readonly number[], b: readonly number[]): number {
  return a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i])), 0);
}

function meanAbsolute(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + Math.abs(v), 0) / values.length;
}
