/**
 * Serial dependence of a series of per-interval loss differentials: autocovariances, the lag-1
 * autocorrelation and the Newey-West long-run variance. Baseline errors of consecutive days or
 * hours are not independent, which tests that assume independent pairs ignore.
 */
import { mean } from '../../drift/stats/descriptive';

/**
 * Sample autocovariance at `lag`: g_j = sum_{t=j..n-1} (x_t - mean)(x_{t-j} - mean) / n, the
 * biased estimator (divisor n, not n - j) that keeps the autocovariance sequence positive
 * semi-definite (Brockwell & Davis, "Time Series: Theory and Methods", 2nd ed., 1991, 7.2).
 */
export function autocovariance(values: ArrayLike<number>, lag: number): number {
  const n = values.length;
  if (!(Number.isInteger(lag) && lag >= 0 && lag < n)) {
    throw new RangeError(`lag must be an integer in [0, ${n - 1}], got ${lag}`);
  }
  const centre = mean(values);
  let sum = 0;
  for (let t = lag; t < n; t++) sum += (values[t] - centre) * (values[t - lag] - centre);
  return sum / n;
}

/**
 * Lag-1 autocorrelation r_1 = g_1 / g_0 (the sample ACF at lag 1); 0 for a constant series,
 * which has no dependence to show. Under independence r_1 is about N(0, 1/n) (Bartlett 1946),
 * so |r_1| > 1.96 / sqrt(n) is autocorrelation at the 5 % level.
 */
export function lag1Autocorrelation(values: ArrayLike<number>): number {
  if (values.length < 2) throw new RangeError('the lag-1 autocorrelation needs at least 2 values');
  const g0 = autocovariance(values, 0);
  return g0 > 0 ? autocovariance(values, 1) / g0 : 0;
}

/** The 95 % band of r_1 for an independent series of n values: 1.96 / sqrt(n) (Bartlett 1946). */
export function independenceBand(n: number): number {
  return 1.959963984540054 / Math.sqrt(n);
}

/**
 * Newey & West (1994) automatic bandwidth for the Bartlett kernel, L = floor(4 (n / 100)^(2/9)),
 * the rule statsmodels and the reference use; capped at n - 1.
 */
export function neweyWestLags(n: number): number {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n must be a positive integer, got ${n}`);
  return Math.min(n - 1, Math.floor(4 * (n / 100) ** (2 / 9)));
}

/**
 * Long-run variance with the Bartlett kernel (Newey & West 1987, "A simple, positive
 * semi-definite, heteroskedasticity and autocorrelation consistent covariance matrix"):
 * LRV = g_0 + 2 sum_{j=1..L} (1 - j / (L + 1)) g_j. Never negative.
 */
export function neweyWestLongRunVariance(values: ArrayLike<number>, lags: number): number {
  if (!(Number.isInteger(lags) && lags >= 0 && lags < values.length)) {
    throw new RangeError(`lags must be an integer in [0, ${values.length - 1}], got ${lags}`);
  }
  let longRun = autocovariance(values, 0);
  for (let j = 1; j <= lags; j++) longRun += 2 * (1 - j / (lags + 1)) * autocovariance(values, j);
  return Math.max(0, longRun);
}
