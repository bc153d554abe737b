/**
 * Descriptive helpers shared by the drift and A/B-test statistics. They follow NumPy's
 * conventions (population variance by default, "linear" quantiles) because the reference
 * values the service is tested against come from NumPy and SciPy.
 */

/**
 * Refuses an empty sample or one holding NaN or an infinity: every statistic below would
 * silently turn such input into NaN, and sorting would misplace it.
 * @throws RangeError naming the sample
 */
export function requireFiniteSample(values: ArrayLike<number>, name: string, minLength = 1): void {
  if (values.length < minLength) {
    throw new RangeError(`${name} needs at least ${minLength} values, got ${values.length}`);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${name}[${i}] is not a finite number`);
  }
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/**
 * Two-pass variance sum((x - mean)^2) / (n - ddof): ddof 0 is the population variance
 * (NumPy's default), ddof 1 the unbiased sample variance.
 */
export function variance(values: ArrayLike<number>, ddof = 0): number {
  const centre = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const deviation = values[i] - centre;
    sum += deviation * deviation;
  }
  return sum / (values.length - ddof);
}

export function standardDeviation(values: ArrayLike<number>, ddof = 0): number {
  return Math.sqrt(variance(values, ddof));
}

/** A sorted copy; Float64Array sorts numerically, unlike Array.prototype.sort. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Quantile of already sorted values by linear interpolation between the closest ranks,
 * NumPy's default `method="linear"` (Hyndman & Fan 1996, definition 7): the virtual index is
 * (n - 1) q. The interpolation is written as NumPy's `_lerp` (from the upper neighbour when
 * the fraction is >= 0.5) so that bin edges agree with NumPy to the last bit.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile level must be in [0, 1], got ${q}`);
  const index = (sorted.length - 1) * q;
  const below = Math.floor(index);
  if (below >= sorted.length - 1) return sorted[sorted.length - 1];
  const fraction = index - below;
  const low = sorted[below];
  const high = sorted[below + 1];
  const span = high - low;
  return fraction >= 0.5 ? high - span * (1 - fraction) : low + span * fraction;
}

/**
 * Walks the step points of two empirical CDFs: each distinct value of the pooled sample in
 * ascending order, with how many values of each sample are <= it and the next pooled value
 * (Infinity after the last). The two-sample KS statistic and the 1-D Wasserstein distance are
 * both sums or maxima over these steps.
 * @param a sorted ascending
 * @param b sorted ascending
 */
export function walkPooledEcdf(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  visit: (value: number, countA: number, countB: number, nextValue: number) => void,
): void {
  let i = 0;
  let j = 0;
  let value = Math.min(a[0], b[0]);
  while (i < a.length || j < b.length) {
    while (i < a.length && a[i] <= value) i++;
    while (j < b.length && b[j] <= value) j++;
    const next = Math.min(i < a.length ? a[i] : Infinity, j < b.length ? b[j] : Infinity);
    visit(value, i, j, next);
    value = next;
  }
}
