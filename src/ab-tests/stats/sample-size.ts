/** How many paired intervals an A/B test needs before a winner may be declared. */
import { normalQuantile } from './normal-quantile';
import { requireConfidenceLevel } from './validate';

/**
 * Minimum number of pairs for a two-sided paired test at confidence level 1 - alpha to detect
 * a mean difference delta with power 1 - beta, given the standard deviation sigma of the
 * differences, by the normal approximation n = ((z_{1-alpha/2} + z_{1-beta}) sigma / |delta|)^2
 * rounded up (Chow, Shao & Wang, "Sample Size Calculations in Clinical Research", 2nd ed.,
 * 2008, section 3.1, one-sample / paired design). The approximation slightly underestimates
 * the paired t-test's need for very small n, where the t quantiles exceed z; at least 2 pairs
 * are returned, the fewest a t-test can use.
 * @returns null when delta is 0: no finite sample detects a difference that is not there
 */
export function minimumPairedSampleSize(
  meanDifference: number,
  sdDifference: number,
  confidenceLevel: number,
  power = 0.8,
): number | null {
  requireConfidenceLevel(confidenceLevel);
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be strictly between 0 and 1, got ${power}`);
  if (!Number.isFinite(meanDifference) || !(sdDifference >= 0) || !Number.isFinite(sdDifference)) {
    throw new RangeError('mean difference and standard deviation must be finite, the deviation non-negative');
  }
  if (meanDifference === 0) return null;
  const zSum = normalQuantile(1 - (1 - confidenceLevel) / 2) + normalQuantile(power);
  return Math.max(2, Math.ceil(((zSum * sdDifference) / Math.abs(meanDifference)) ** 2));
}
