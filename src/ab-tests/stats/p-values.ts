/**
 * Two-sided p-values from the reference distributions of the A/B-test statistics.
 * Both use the lower tail, 2 F(-|x|): it keeps relative precision for tiny p-values, where
 * 2 (1 - F(|x|)) would round to 0.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import studentTCdf from '@stdlib/stats-base-dists-t-cdf';

/** A test statistic and its p-value, the shape every test reports in the API. */
export interface TestResult {
  statistic: number;
  p_value: number;
}

export function twoSidedNormalPValue(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

export function twoSidedStudentPValue(t: number, degreesOfFreedom: number): number {
  return Math.min(1, 2 * studentTCdf(-Math.abs(t), degreesOfFreedom));
}

/**
 * estimate / standardError, with the limits a zero standard error implies: no difference at
 * all is no evidence (0, p = 1), a constant non-zero difference is certain (+-Infinity, p = 0).
 * SciPy returns NaN in both cases, which would reach the API as null.
 */
export function standardisedStatistic(estimate: number, standardError: number): number {
  if (standardError > 0) return estimate / standardError;
  return estimate === 0 ? 0 : Math.sign(estimate) * Infinity;
}
