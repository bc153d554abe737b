/**
 * Goodness-of-fit statistics shared by every model type, as ASHRAE Guideline 14 defines them.
 *
 * In-sample (calibration) statistics divide by n - p, p being the number of fitted parameters
 * including the intercept; out-of-sample statistics (holdout, evaluation) use p = 0, i.e. n.
 * MAPE = 100/m · sum |actual - predicted| / |actual| over the m intervals whose actual is not 0:
 * zero actuals (a machine switched off) are left out, since their percentage error is undefined.
 * This is not scikit-learn's mean_absolute_percentage_error, which keeps every interval and
 * divides by max(|actual|, eps) (eps = 2.2e-16), so that one zero actual gives a huge value; the two
 * agree only when no actual is 0. (It is also a percentage, where scikit-learn returns a fraction.)
 */

export interface ErrorMetrics {
  n: number;
  /** 1 - SSE/SST around the mean of the actuals (scikit-learn r2_score); null when SST is 0. */
  r_squared: number | null;
  /** sqrt(SSE / n), the plain root mean squared error (statsmodels / scikit-learn). */
  rmse: number;
  mae: number;
  /** Percent, over the intervals whose actual is not 0; null when every actual is 0. */
  mape: number | null;
  /** sqrt(SSE / (n - p)) / mean actual, percent; null when the mean is 0. */
  cv_rmse_pct: number | null;
  /** sum(actual - predicted) / ((n - p) * mean actual), percent: negative = less energy used than the model expects. */
  nmbe_pct: number | null;
}

/**
 * @param actual metered values
 * @param predicted model values for the same intervals
 * @param fittedParameters p of Guideline 14 (0 for out-of-sample scoring)
 */
export function errorMetrics(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  fittedParameters = 0,
): ErrorMetrics {
  const n = actual.length;
  if (n !== predicted.length) throw new RangeError(`actual has ${n} values, predicted ${predicted.length}`);
  if (n === 0) throw new RangeError('no values to score');
  const dof = n - fittedParameters;
  if (dof <= 0) throw new RangeError(`n - p must be positive (n=${n}, p=${fittedParameters})`);

  let sum = 0;
  for (let i = 0; i < n; i++) sum += actual[i];
  const mean = sum / n;

  let sse = 0;
  let sst = 0;
  let absSum = 0;
  let bias = 0;
  let apeSum = 0;
  let apeCount = 0;
  for (let i = 0; i < n; i++) {
    const residual = actual[i] - predicted[i];
    sse += residual * residual;
    absSum += Math.abs(residual);
    bias += residual;
    const deviation = actual[i] - mean;
    sst += deviation * deviation;
    if (actual[i] !== 0) {
      apeSum += Math.abs(residual / actual[i]);
      apeCount++;
    }
  }
  const guidelineRmse = Math.sqrt(sse / dof);
  return {
    n,
    r_squared: sst > 0 ? 1 - sse / sst : null,
    rmse: Math.sqrt(sse / n),
    mae: absSum / n,
    mape: apeCount > 0 ? (100 * apeSum) / apeCount : null,
    cv_rmse_pct: mean !== 0 ? (100 * guidelineRmse) / mean : null,
    nmbe_pct: mean !== 0 ? (100 * bias) / (dof * mean) : null,
  };
}
