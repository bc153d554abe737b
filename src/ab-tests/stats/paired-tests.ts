/**
 * Paired tests on the per-interval errors of two model versions scored on the same intervals.
 * Differences are always a - b: a negative mean difference of absolute errors favours a.
 */
import studentTQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, standardDeviation } from '../../drift/stats/descriptive';
import { TestResult, standardisedStatistic, twoSidedNormalPValue, twoSidedStudentPValue } from './p-values';
import { averageRanks } from './ranks';
import { requireConfidenceLevel, requirePairedSamples } from './validate';

export interface PairedTResult extends TestResult {
  df: number;
  /** mean(a - b) */
  mean_difference: number;
  /** Standard deviation of a - b (ddof 1). */
  sd_difference: number;
  confidence_level: number;
  /** Confidence interval of the mean difference at confidence_level. */
  ci_low: number;
  ci_high: number;
}

/**
 * Paired Student t-test (SciPy `ttest_rel`): t = mean(d) / (sd(d) / sqrt(n)), d = a - b,
 * n - 1 degrees of freedom, two-sided; confidence interval mean(d) +- t_{1-alpha/2, n-1} sd(d) / sqrt(n).
 */
export function pairedTTest(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  confidenceLevel = 0.95,
): PairedTResult {
  requirePairedSamples(a, b);
  requireConfidenceLevel(confidenceLevel);
  const differences = pairedDifferences(a, b);
  const n = differences.length;
  const df = n - 1;
  const meanDifference = mean(differences);
  const sdDifference = standardDeviation(differences, 1);
  const standardError = sdDifference / Math.sqrt(n);
  const statistic = standardisedStatistic(meanDifference, standardError);
  const halfWidth = studentTQuantile(1 - (1 - confidenceLevel) / 2, df) * standardError;
  return {
    statistic,
    p_value: twoSidedStudentPValue(statistic, df),
    df,
    mean_difference: meanDifference,
    sd_difference: sdDifference,
    confidence_level: confidenceLevel,
    ci_low: meanDifference - halfWidth,
    ci_high: meanDifference + halfWidth,
  };
}

export interface WilcoxonResult extends TestResult {
  /** Pairs with a non-zero difference: the only ones the test ranks. */
  n_nonzero: number;
}

/**
 * Wilcoxon signed-rank test (Wilcoxon 1945) as SciPy's `wilcoxon(a, b, zero_method="wilcox",
 * correction=False, method="approx")`: zero differences dropped, mid-ranks of |d|,
 * statistic T = min(R+, R-), z = (T - n(n+1)/4) / sqrt((n(n+1)(2n+1) - sum(t^3 - t)/2) / 24)
 * over tie groups of size t, two-sided normal p-value.
 */
export function wilcoxonSignedRank(a: ArrayLike<number>, b: ArrayLike<number>): WilcoxonResult {
  requirePairedSamples(a, b, 1);
  const nonzero = pairedDifferences(a, b).filter((d) => d !== 0);
  const n = nonzero.length;
  // Identical errors on every interval: nothing to rank, no evidence of a difference.
  if (n === 0) return { statistic: 0, p_value: 1, n_nonzero: 0 };
  const { ranks, tieTerm } = averageRanks(nonzero.map(Math.abs));
  let positiveRankSum = 0;
  for (let i = 0; i < n; i++) if (nonzero[i] > 0) positiveRankSum += ranks[i];
  const negativeRankSum = (n * (n + 1)) / 2 - positiveRankSum;
  const statistic = Math.min(positiveRankSum, negativeRankSum);
  const expected = (n * (n + 1)) / 4;
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieTerm / 2) / 24);
  return { statistic, p_value: twoSidedNormalPValue((statistic - expected) / sd), n_nonzero: n };
}

function pairedDifferences(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  return Float64Array.from(a, (x, i) => x - b[i]);
}
