/**
 * Diebold-Mariano test of equal predictive accuracy with the Harvey-Leybourne-Newbold
 * small-sample correction: the primary test of an A/B comparison.
 */
import { mean, variance } from '../../drift/stats/descriptive';
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
  requirePairedSamples(errorsA, errorsB);
  const lossOf = loss === 'squared' ? (e: number) => e * e : Math.abs;
  const differentials = Float64Array.from(errorsA, (e, i) => lossOf(e) - lossOf(errorsB[i]));
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
