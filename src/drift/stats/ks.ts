/**
 * Two-sample Kolmogorov-Smirnov test (two-sided), as SciPy's `ks_2samp` computes it, for
 * data drift of one driver between a reference window and the current window.
 */
import { requireFiniteSample, sortedCopy, walkPooledEcdf } from './descriptive';
import { kolmogorovSmirnovSf } from './kolmogorov';

/** 'auto' is exact when neither sample exceeds 10 000 values (SciPy's rule), else asymptotic. */
export type KsMethod = 'auto' | 'exact' | 'asymptotic';

export interface KsResult {
  /** sup |F_reference(x) - F_current(x)| */
  statistic: number;
  p_value: number;
  method: 'exact' | 'asymptotic';
}

/** SciPy's `MAX_AUTO_N`: beyond it the exact path count is judged too slow. */
const MAX_EXACT_AUTO = 10_000;

/**
 * Two-sided two-sample KS test (Smirnov 1939).
 *
 * - exact: P(D_{m,n} >= d) under H0 by counting lattice paths, a two-sample test by
 *   Hodges (1957); assumes no ties, as SciPy does.
 * - asymptotic: SciPy's choice, the one-sample Kolmogorov distribution with
 *   n = round(m n / (m + n)) evaluated at d (see ./kolmogorov), not the limiting kstwobign law.
 */
export function ksTwoSample(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  method: KsMethod = 'auto',
): KsResult {
  requireFiniteSample(reference, 'reference');
  requireFiniteSample(current, 'current');
  const m = reference.length;
  const n = current.length;
  // On the integer lattice i n - j m (i, j = values <= x in each sample) the statistic is
  // exact, and the exact p-value compares path points with it without rounding.
  let scaledStatistic = 0;
  walkPooledEcdf(sortedCopy(reference), sortedCopy(current), (_value, i, j) => {
    scaledStatistic = Math.max(scaledStatistic, Math.abs(i * n - j * m));
  });
  const statistic = scaledStatistic / (m * n);

  const exact = method === 'exact' || (method === 'auto' && Math.max(m, n) <= MAX_EXACT_AUTO);
  if (exact) return { statistic, p_value: exactTwoSidedPValue(m, n, scaledStatistic), method: 'exact' };
  const effectiveN = roundHalfToEven((m * n) / (m + n));
  // Two single values give m n / (m + n) = 0.5, which rounds to 0: use 1 rather than NaN.
  return {
    statistic,
    p_value: kolmogorovSmirnovSf(Math.max(1, effectiveN), statistic),
    method: 'asymptotic',
  };
}

/**
 * Probability that a uniformly random ordering of m reference and n current values gives a
 * lattice path from (0, 0) to (m, n) touching |i n - j m| >= threshold. Walks the paths in
 * probability (the next value is a reference one with probability (m - i) / (remaining
 * values)) and adds up the mass at each first touch, so the result is a sum of positive terms:
 * tiny p-values keep their relative precision instead of cancelling in 1 - P(inside).
 * Only the band of inside points is visited, about 2 threshold / m points per row.
 */
function exactTwoSidedPValue(m: number, n: number, threshold: number): number {
  if (threshold === 0) return 1;
  // Up to m n calls: written without Math.abs, a global whose lookup is slow in Jest's VM sandbox.
  const isInside = (i: number, j: number): boolean => {
    const gap = i * n - j * m;
    return gap < threshold && gap > -threshold;
  };
  let row = new Float64Array(n + 1);
  let nextRow = new Float64Array(n + 1);
  row[0] = 1;
  let outside = 0;
  for (let i = 0; i <= m; i++) {
    nextRow.fill(0);
    // Inside points of row i satisfy (i n - threshold) / m < j < (i n + threshold) / m.
    const firstJ = Math.max(0, Math.floor((i * n - threshold) / m) + 1);
    const lastJ = Math.min(n, Math.ceil((i * n + threshold) / m) - 1);
    for (let j = firstJ; j <= lastJ; j++) {
      const mass = row[j];
      const remaining = m + n - i - j;
      if (mass === 0 || remaining === 0) continue;
      if (i < m) {
        const step = (mass * (m - i)) / remaining;
        if (isInside(i + 1, j)) nextRow[j] += step;
        else outside += step;
      }
      if (j < n) {
        const step = (mass * (n - j)) / remaining;
        if (isInside(i, j + 1)) row[j + 1] += step;
        else outside += step;
      }
    }
    [row, nextRow] = [nextRow, row];
  }
  return Math.min(1, outside);
}

/** NumPy's `round`: halves go to the even neighbour. */
function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}
