/**
 * Population Stability Index of a driver between a reference (training) window and the
 * current window, on bins cut at the reference deciles.
 */
import { quantileSorted, requireFiniteSample, sortedCopy } from './descriptive';

export interface PsiResult {
  statistic: number;
  /** Inner bin edges, ascending; the first and last bins are open-ended. */
  bin_edges: number[];
  reference_proportions: number[];
  current_proportions: number[];
}

/**
 * 0.1 ... 0.9 computed as i * 0.1, the floats of NumPy's `linspace(0, 1, 11)` that the reference
 * edges come from. They are not all the nearest doubles to i / 10 (6 * 0.1 = 0.6000000000000001),
 * and with ties the difference shows: in 1416 hourly temperatures the 0.6 quantile then lands a
 * hair above 3.1, so the eleven readings of exactly 3.1 count in the bin below it.
 */
const DECILES = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => i * 0.1);
/** Stands in for an empty bin, whose log ratio would be infinite; the usual PSI convention. */
const EMPTY_BIN_PROPORTION = 1e-4;

/**
 * PSI = sum over bins of (current - reference) * ln(current / reference) (Yurdakul 2018,
 * "Statistical properties of population stability index"). Edges are NumPy "linear" quantiles
 * of the reference at 0.1 ... 0.9 with duplicates dropped (so a driver with many equal values
 * gets fewer, wider bins); x falls in bin i when edges[i-1] <= x < edges[i].
 * Rule of thumb: < 0.1 stable, 0.1-0.25 moderate shift, > 0.25 significant shift.
 */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>): PsiResult {
  requireFiniteSample(reference, 'reference');
  requireFiniteSample(current, 'current');
  const sortedReference = sortedCopy(reference);
  const edges = [...new Set(DECILES.map((q) => quantileSorted(sortedReference, q)))];
  const referenceProportions = binProportions(sortedReference, edges);
  const currentProportions = binProportions(current, edges);
  let statistic = 0;
  for (let i = 0; i < referenceProportions.length; i++) {
    const cur = currentProportions[i];
    const ref = referenceProportions[i];
    statistic += (cur - ref) * Math.log(cur / ref);
  }
  return {
    statistic,
    bin_edges: edges,
    reference_proportions: referenceProportions,
    current_proportions: currentProportions,
  };
}

function binProportions(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[binIndex(edges, values[i])]++;
  return counts.map((count) => (count === 0 ? EMPTY_BIN_PROPORTION : count / values.length));
}

/** Number of edges <= x (binary search), i.e. NumPy's searchsorted(edges, x, side="right"). */
function binIndex(edges: readonly number[], x: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (edges[middle] <= x) low = middle + 1;
    else high = middle;
  }
  return low;
}
