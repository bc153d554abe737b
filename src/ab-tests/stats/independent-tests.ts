/**
 * Two-sample tests that ignore the pairing. The A/B decision uses the paired tests; these are
 * reported beside them for analysts used to them, and to show how much the pairing gains.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { mean, requireFiniteSample, variance } from '../../drift/stats/descriptive';
import { TestResult, standardisedStatistic, twoSidedStudentPValue } from './p-values';
import { averageRanks } from './ranks';

export interface WelchTResult extends TestResult {
  df: number;
}

/**
 * Welch's unequal-variance t-test (Welch 1947; SciPy `ttest_ind(equal_var=False)`):
 * t = (mean(a) - mean(b)) / sqrt(va/na + vb/nb), Welch-Satterthwaite degrees of freedom
 * (va/na + vb/nb)^2 / ((va/na)^2/(na-1) + (vb/nb)^2/(nb-1)), two-sided.
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>): WelchTResult {
  requireFiniteSample(a, 'a', 2);
  requireFiniteSample(b, 'b', 2);
  const errorA = variance(a, 1) / a.length;
  const errorB = variance(b, 1) / b.length;
  const pooled = errorA + errorB;
  const statistic = standardisedStatistic(mean(a) - mean(b), Math.sqrt(pooled));
  // With both variances zero the Satterthwaite ratio is 0/0; the pooled-variance df is the natural limit.
  const df =
    pooled > 0
      ? (pooled * pooled) / ((errorA * errorA) / (a.length - 1) + (errorB * errorB) / (b.length - 1))
      : a.length + b.length - 2;
  return { statistic, p_value: twoSidedStudentPValue(statistic, df), df };
}

/**
 * Mann-Whitney U test (Mann & Whitney 1947) as SciPy's `mannwhitneyu(a, b,
 * alternative="two-sided", method="asymptotic", use_continuity=True)`: statistic U of a,
 * U_a = R_a - na(na+1)/2 with mid-ranks of the pooled sample; p from
 * z = (max(U_a, U_b) - na nb / 2 - 1/2) / sqrt(na nb / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1)))).
 */
export function mannWhitneyU(a: ArrayLike<number>, b: ArrayLike<number>): TestResult {
  requireFiniteSample(a, 'a');
  requireFiniteSample(b, 'b');
  const na = a.length;
  const nb = b.length;
  const total = na + nb;
  const { ranks, tieTerm } = averageRanks([...Array.from(a), ...Array.from(b)]);
  let rankSumA = 0;
  for (let i = 0; i < na; i++) rankSumA += ranks[i];
  const statistic = rankSumA - (na * (na + 1)) / 2;
  const larger = Math.max(statistic, na * nb - statistic);
  const sd = Math.sqrt(((na * nb) / 12) * (total + 1 - tieTerm / (total * (total - 1))));
  // One-sided upper tail of the larger U, doubled. With every value tied sd is 0 and
  // z = -0.5 / 0 = -Infinity, so p = 1.
  const z = (larger - (na * nb) / 2 - 0.5) / sd;
  return { statistic, p_value: Math.min(1, 2 * normalCdf(-z, 0, 1)) };
}
