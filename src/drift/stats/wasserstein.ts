/**
 * First Wasserstein (earth mover's) distance between two 1-D samples, as SciPy's
 * `wasserstein_distance` computes it for unweighted samples.
 */
import { requireFiniteSample, sortedCopy, standardDeviation, walkPooledEcdf } from './descriptive';

export interface WassersteinResult {
  /** In the unit of the values. */
  distance: number;
  /** distance / population std (ddof 0) of the reference: unit-free, comparable across drivers; null when that std is 0. */
  normed_distance: number | null;
}

/**
 * W1 = integral |F_reference(x) - F_current(x)| dx over the real line (Vallender 1974), a sum
 * over the steps of the pooled empirical CDFs.
 */
export function wasserstein(reference: ArrayLike<number>, current: ArrayLike<number>): WassersteinResult {
  requireFiniteSample(reference, 'reference');
  requireFiniteSample(current, 'current');
  const m = reference.length;
  const n = current.length;
  let distance = 0;
  walkPooledEcdf(sortedCopy(reference), sortedCopy(current), (value, i, j, next) => {
    if (next !== Infinity) distance += Math.abs(i / m - j / n) * (next - value);
  });
  const referenceStd = standardDeviation(reference);
  return { distance, normed_distance: referenceStd > 0 ? distance / referenceStd : null };
}
