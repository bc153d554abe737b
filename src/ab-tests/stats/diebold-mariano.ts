/**
 * Diebold-Mariano tests of equal predictive accuracy: with a Newey-West long-run variance (the
 * primary test of an A/B comparison, since baseline errors are autocorrelated) and, for
 * comparison, with the Harvey-Leybourne-Newbold small-sample correction at horizon 1.
 */
import { mean, variance } from '../../drift/stats/descriptive';
import { lag1Autocorrelation, neweyWestLags, neweyWestLongRunVariance } from './autocorrelation';
import { standardisedStatistic, twoSidedStudentPValue } from './p-values';
import { requirePairedSamples } from './validate';

/** squared: compares mean squared errors (RMSE); absolute: mean absolute errors (MAE). */
export type ForecastLoss = 'squared' | 'absolute';

export interface DieboldMarianoResult {
  /** The Diebold-Mariano statistic. */
  dm: number;
  /** The HLN-corrected statistic, the one the p-value is read from. */
  hln_statistic: number;
  p_value: number;
  df: number;
  loss: ForecastLoss;
  /** mean(L(e_a) - L(e_b)): positive when b has the lower loss. */
  mean_loss_difference: number;
}

/**
 * Diebold & Mariano (1995), "Comparing predictive accuracy", with the correction of Harvey,
 * Leybourne & Newbold (1997), "Testing the equality of prediction mean squared errors":
 * d_t = L(e_a,t) - L(e_b,t), DM = mean(d) / sqrt(var(d, ddof 0) / n),
 * HLN = DM * sqrt((n + 1 - 2h + h(h - 1)/n) / n), two-sided p from Student t with n - 1 df.
 *
 * Forecast horizon h = 1, as in the reference: the variance has no autocovariance terms,
 * i.e. the loss differentials are taken as serially uncorrelated, and HLN's factor reduces to
 * sqrt((n - 1) / n).
 * @param errorsA actual - prediction of version a per interval (signed or absolute: both losses are even)
 * @param errorsB the same for version b, on the same intervals
 */
export function dieboldMariano(
  errorsA: ArrayLike<number>,
  errorsB: ArrayLike<number>,
  loss: ForecastLoss = 'squared',
): DieboldMarianoResult {
  const differentials = lossDifferentials(errorsA, errorsB, loss);
  const n = differentials.length;
  const meanDifferential = mean(differentials);
  const dm = standardisedStatistic(meanDifferential, Math.sqrt(variance(differentials) / n));
  const hlnStatistic = dm * Math.sqrt((n - 1) / n);
  const df = n - 1;
  return {
    dm,
    hln_statistic: hlnStatistic,
    p_value: twoSidedStudentPValue(hlnStatistic, df),
    df,
    loss,
    mean_loss_difference: meanDifferential,
  };
}

export interface DieboldMarianoHacResult {
  /** mean(d) / sqrt(LRV / n) */
  statistic: number;
  p_value: number;
  df: number;
  /** Bartlett-kernel lags L of the long-run variance. */
  lags: number;
  long_run_variance: number;
  /** r_1 of the loss differential d: how far the pairs are from independent. */
  lag1_autocorrelation: number;
  loss: ForecastLoss;
  /** mean(L(e_a) - L(e_b)): positive when b has the lower loss. */
  mean_loss_difference: number;
}

/**
 * Diebold & Mariano (1995) with a heteroskedasticity and autocorrelation consistent variance:
 * d_t = L(e_a,t) - L(e_b,t), DM = mean(d) / sqrt(LRV / n), LRV the Newey-West (1987) long-run
 * variance of d with the Bartlett kernel and L = floor(4 (n / 100)^(2/9)) lags unless given;
 * two-sided p from Student t with n - 1 df. Equal to the t value of statsmodels'
 * OLS(d, 1).fit(cov_type="HAC", maxlags=L, use_correction=False). Without it, positively
 * autocorrelated differentials (consecutive days of a baseline miss alike) shrink the variance
 * and the p-value far below what the data support.
 * @param errorsA actual - prediction of version a per interval, in time order
 * @param errorsB the same for version b, on the same intervals
 */
export function dieboldMarianoHac(
  errorsA: ArrayLike<number>,
  errorsB: ArrayLike<number>,
  loss: ForecastLoss = 'squared',
  lags?: number,
): DieboldMarianoHacResult {
  const differentials = lossDifferentials(errorsA, errorsB, loss);
  const n = differentials.length;
  const bandwidth = lags ?? neweyWestLags(n);
  const longRunVariance = neweyWestLongRunVariance(differentials, bandwidth);
  const meanDifferential = mean(differentials);
  const statistic = standardisedStatistic(meanDifferential, Math.sqrt(longRunVariance / n));
  const df = n - 1;
  return {
    statistic,
    p_value: twoSidedStudentPValue(statistic, df),
    df,
    lags: bandwidth,
    long_run_variance: longRunVariance,
    lag1_autocorrelation: lag1Autocorrelation(differentials),
    loss,
    mean_loss_difference: meanDifferential,
  };
}

function lossDifferentials(
  errorsA: ArrayLike<number>,
  errorsB: ArrayLike<number>,
  loss: ForecastLoss,
): Float64Array {
  requirePairedSamples(errorsA, errorsB);
  const lossOf = loss === 'squared' ? (e: number) => e * e : Math.abs;
  return Float64Array.from(errorsA, (e, i) => lossOf(e) - lossOf(errorsB[i]));
}
