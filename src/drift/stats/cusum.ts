/**
 * Concept drift on a baseline's residuals: the tabular CUSUM of standardised residuals and the
 * ISO 50001 cumulative sum of differences.
 */
import { requireFiniteSample } from './descriptive';

export interface CusumOptions {
  /** Mean of the training residuals. */
  mean: number;
  /** Standard deviation (ddof 1) of the training residuals. */
  sd: number;
  /** Allowance in standard deviations; 0.5 tunes the chart to a 1-sigma shift. */
  k?: number;
  /** Decision interval in standard deviations; 5 gives an in-control ARL of about 465 (Montgomery). */
  h?: number;
}

export interface CusumResult {
  c_plus: number[];
  c_minus: number[];
  /** Index of the first residual with C+ > h (consumption above the baseline), or null. */
  first_alarm_index_up: number | null;
  /** Index of the first residual with C- > h (consumption below the baseline), or null. */
  first_alarm_index_down: number | null;
}

/**
 * Tabular CUSUM (Page 1954; Montgomery, Introduction to Statistical Quality Control, 9.1):
 * z_t = (r_t - mean) / sd, C+_t = max(0, C+_{t-1} + z_t - k), C-_t = max(0, C-_{t-1} - z_t - k),
 * C_0 = 0; an alarm at the first t where C > h.
 */
export function tabularCusum(residuals: ArrayLike<number>, options: CusumOptions): CusumResult {
  const { mean, sd, k = 0.5, h = 5 } = options;
  if (!(sd > 0) || !Number.isFinite(sd)) throw new RangeError(`sd must be a positive number, got ${sd}`);
  if (!Number.isFinite(mean)) throw new RangeError(`mean must be a finite number, got ${mean}`);
  requireFiniteSample(residuals, 'residuals', 0);
  const cPlus: number[] = [];
  const cMinus: number[] = [];
  let firstUp: number | null = null;
  let firstDown: number | null = null;
  let up = 0;
  let down = 0;
  for (let t = 0; t < residuals.length; t++) {
    const z = (residuals[t] - mean) / sd;
    up = Math.max(0, up + z - k);
    down = Math.max(0, down - z - k);
    cPlus.push(up);
    cMinus.push(down);
    if (firstUp === null && up > h) firstUp = t;
    if (firstDown === null && down > h) firstDown = t;
  }
  return { c_plus: cPlus, c_minus: cMinus, first_alarm_index_up: firstUp, first_alarm_index_down: firstDown };
}

/**
 * Running sum of (actual - expected), the CUSUM chart of ISO 50006 / ISO 50001 energy
 * performance: a falling line means less energy used than the baseline expects (savings).
 */
export function cumulativeSumOfDifferences(actual: ArrayLike<number>, expected: ArrayLike<number>): number[] {
  if (actual.length !== expected.length) {
    throw new RangeError(`actual has ${actual.length} values, expected ${expected.length}`);
  }
  requireFiniteSample(actual, 'actual', 0);
  requireFiniteSample(expected, 'expected', 0);
  const sums: number[] = [];
  let sum = 0;
  for (let t = 0; t < actual.length; t++) {
    sum += actual[t] - expected[t];
    sums.push(sum);
  }
  return sums;
}
