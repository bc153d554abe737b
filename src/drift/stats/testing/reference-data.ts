/**
 * Test support: reads the SciPy reference values (../shared/reference, copied into the
 * project's test/reference so that a fresh clone can run the tests) and measures agreement
 * with them. Kept free of Jest globals; tsconfig.build.json leaves testing folders out.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';

const REFERENCE_DIR = resolve(__dirname, '../../../../test/reference');

/** The tolerance every reference file states in its `about` field. */
export const REFERENCE_TOLERANCE = 1e-6;

/**
 * Floors for `relativeError`, set by how the reference files round: below the floor the
 * comparison becomes absolute (tolerance * floor), because a value rounded to 10 decimals
 * (drift.json, abtest.json) cannot pin 1e-6 relative below 1e-4, nor one rounded to 6
 * decimals (cusum.json, and the raw samples of drift.json's synthetic cases) below 1.
 */
export const FLOOR_10_DECIMALS = 1e-4;
export const FLOOR_6_DECIMALS = 1;

/** drift.json: one case per pair of samples. */
export interface DriftReference {
  cases: {
    name: string;
    reference: number[];
    current: number[];
    ks_statistic: number;
    ks_p_value_asymptotic: number;
    ks_p_value_scipy_auto: number;
    psi: number;
    psi_bin_edges: number[];
    psi_reference_proportions: number[];
    psi_current_proportions: number[];
    wasserstein: number;
    wasserstein_normed_by_reference_std: number;
    jensen_shannon_distance_base2: number;
  }[];
}

export interface CusumReference {
  k: number;
  h: number;
  train_residual_mean: number;
  train_residual_sd: number;
  monitor_residuals: number[];
  c_plus: number[];
  c_minus: number[];
  first_alarm_index_up: number | null;
  first_alarm_index_down: number | null;
  cusum_of_differences_final: number;
}

interface ReferenceTest {
  statistic: number;
  p_value: number;
}

/** abtest.json: two model versions' predictions of the same days. */
export interface AbTestReference {
  actual: number[];
  cases: {
    name: string;
    features_a: string[];
    features_b: string[];
    prediction_a: number[];
    prediction_b: number[];
    mae_a: number;
    mae_b: number;
    paired_t: ReferenceTest;
    wilcoxon: ReferenceTest;
    welch_t: ReferenceTest;
    mann_whitney_u: ReferenceTest;
    diebold_mariano: { dm: number; hln_statistic: number; p_value: number; horizon: number; loss: string };
    diebold_mariano_hac: {
      statistic: number;
      p_value: number;
      lags: number;
      long_run_variance: number;
      lag1_autocorrelation_of_d: number;
      loss: string;
    };
  }[];
}

export function readReference(file: 'drift.json'): DriftReference;
export function readReference(file: 'cusum.json'): CusumReference;
export function readReference(file: 'abtest.json'): AbTestReference;
export function readReference(file: string): unknown {
  return JSON.parse(readFileSync(resolve(REFERENCE_DIR, file), 'utf8')) as unknown;
}

/**
 * actual - prediction, per interval. The A/B specs derive absolute errors from these, as the
 * reference generator did, rather than reading abtest.json's abs_errors: those are rounded to
 * 6 decimals, which breaks exact ties between |e_a| - |e_b| and so changes Wilcoxon's ranks.
 */
export function forecastErrors(actual: readonly number[], predictions: readonly number[]): number[] {
  return actual.map((y, i) => y - predictions[i]);
}

/** |actual - expected| / max(|expected|, floor) */
export function relativeError(actual: number, expected: number, floor: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
}

/** The largest `relativeError` over two series; Infinity when their lengths differ. */
export function maxRelativeError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  floor: number,
): number {
  if (actual.length !== expected.length) return Infinity;
  let largest = 0;
  for (let i = 0; i < actual.length; i++) {
    largest = Math.max(largest, relativeError(actual[i], expected[i], floor));
  }
  return largest;
}
