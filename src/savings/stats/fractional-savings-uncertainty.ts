/**
 * Uncertainty of metered savings from a regression baseline: ASHRAE Guideline 14-2014 Annex B
 * (fractional savings uncertainty, FSU) and the ordinary-least-squares error band, as eemeter
 * 2.10.11 computes both for CalTRACK daily and billing models.
 *
 * Guideline 14 gives ΔE_save / E_save = 1.26 · t · CV · sqrt((n / n') (1 + 2 / n') (1 / m)) / F for
 * monthly data; eemeter replaces the empirical 1.26 by a quadratic in the length of the reporting
 * period, a·M² + b·M + c, and states the band in energy units (× the baseline's total use). n' is
 * the number of baseline observations corrected for the lag-1 autocorrelation ρ of the residuals,
 * n' = n (1 - ρ) / (1 + ρ).
 */
import studentTQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, variance } from '../../drift/stats/descriptive';

/** What the error bands need to know about the baseline fit; JSON-serialisable, so a version can store it. */
export interface BaselineResidualSummary {
  /** Baseline observations (days, or billing periods) with both observed and predicted use. */
  n: number;
  /** Slopes of the model, the intercept not counted (CalTRACK daily: 0, 1 or 2). */
  num_parameters: number;
  observed_mean: number;
  /** Population variance (ddof 0) of the observed use. */
  observed_variance: number;
  /** Correlation of predicted and observed, squared. */
  r_squared: number;
  /** 1 - (1 - R²)(n - 1)/(n - p - 1). */
  r_squared_adj: number;
  /** sqrt(Σe² / n), e = predicted - observed. */
  rmse: number;
  /** sqrt(Σe² / (n - p)). */
  rmse_adj: number;
  /** rmse_adj / observed mean (a fraction, not percent). */
  cvrmse_adj: number;
  /** Σe / Σ observed. */
  nmbe: number;
  /** Σ|e| / Σ observed. */
  nmae: number;
  /** Lag-1 autocorrelation of the residuals (Pearson correlation of e_2..e_n with e_1..e_(n-1)); null below 3 points. */
  autocorr_resid: number | null;
  /** n (1 - ρ) / (1 + ρ); null when ρ is. */
  n_prime: number | null;
}

export type UncertaintyInterval = 'daily' | 'billing';

export interface ErrorBandOptions {
  /** Two-sided confidence of the band (eemeter and CalTRACK report 0.90). */
  confidence_level?: number;
  interval?: UncertaintyInterval;
  /**
   * Billing data only: reporting length in billing periods (eemeter: days between the first and
   * last reporting period / 30, rounded). Daily data counts the reporting days with use.
   */
  reporting_periods?: number;
}

export interface ErrorBandTerms {
  n_baseline: number;
  num_parameters: number;
  degrees_of_freedom: number;
  t_stat: number;
  rmse_adj: number;
  autocorr_resid: number;
  n_prime: number;
  baseline_mean: number;
  baseline_variance: number;
  baseline_total_use: number;
  cv_rmse_adj: number;
  /** m: reporting days with observed use (daily) or billing periods. */
  n_reporting: number;
  reporting_mean: number;
  /** M: m / 30 for daily data, m for billing data. */
  reporting_months: number;
  fsu_polynomial_coefficients: [number, number, number];
  fsu_polynomial_value: number;
}

export interface SavingsErrorBands {
  /** Half-width of the FSU band, energy units: savings lie within ± this at the confidence level. */
  fsu_error_band: number;
  /** sqrt(model_error² + noise²). */
  ols_error_band: number;
  ols_model_error: number;
  ols_noise: number;
  terms: ErrorBandTerms;
}

/** a, b, c of eemeter's FSU polynomial in the reporting length M (replacing Guideline 14's 1.26). */
export const FSU_POLYNOMIAL: Readonly<Record<UncertaintyInterval, readonly [number, number, number]>> = {
  daily: [-0.00024, 0.03535, 1.00286],
  billing: [-0.00022, 0.03306, 0.94054],
};

/**
 * The residual statistics of a baseline fit (eemeter's ModelMetrics conventions: residual =
 * predicted - observed; p = slopes only).
 * @throws RangeError when the series differ in length, hold non-finite values, or n <= p
 */
export function baselineResidualSummary(
  observed: readonly number[],
  predicted: readonly number[],
  numParameters: number,
): BaselineResidualSummary {
  const n = observed.length;
  if (predicted.length !== n) throw new RangeError(`observed has ${n} values, predicted ${predicted.length}`);
  if (n <= numParameters) throw new RangeError(`need more observations than parameters (n=${n})`);
  if ([...observed, ...predicted].some((v) => !Number.isFinite(v))) {
    throw new RangeError('observed and predicted use must be finite');
  }
  const residuals = predicted.map((p, i) => p - observed[i]);
  const sse = residuals.reduce((sum, e) => sum + e * e, 0);
  const observedMean = mean(observed);
  const observedTotal = observed.reduce((sum, v) => sum + v, 0);
  const rSquared = pearson(predicted, observed) ** 2;
  const rho = n >= 3 ? pearson(residuals.slice(1), residuals.slice(0, -1)) : null;
  const rmseAdj = Math.sqrt(sse / (n - numParameters));
  return {
    n,
    num_parameters: numParameters,
    observed_mean: observedMean,
    observed_variance: variance(observed, 0),
    r_squared: rSquared,
    r_squared_adj: 1 - ((1 - rSquared) * (n - 1)) / (n - numParameters - 1),
    rmse: Math.sqrt(sse / n),
    rmse_adj: rmseAdj,
    cvrmse_adj: rmseAdj / observedMean,
    nmbe: residuals.reduce((sum, e) => sum + e, 0) / observedTotal,
    nmae: residuals.reduce((sum, e) => sum + Math.abs(e), 0) / observedTotal,
    autocorr_resid: rho !== null && Number.isFinite(rho) ? rho : null,
    n_prime: rho !== null && Number.isFinite(rho) ? (n * (1 - rho)) / (1 + rho) : null,
  };
}

/**
 * FSU and OLS error bands of metered savings over a reporting period (formulas above and in
 * caltrack.json `uncertainty`):
 * - FSU band = (ȳ · n) · t · (a M² + b M + c) · (RMSE_adj / ȳ) · sqrt((n / n') (1 + 2 / n') / m)
 * - OLS model error = t · RMSE_adj · m / sqrt(n) · sqrt(1 + (ȳ - ȳ_post)² / var);
 *   noise = t · RMSE_adj · sqrt(m n / n'); OLS band = sqrt(model error² + noise²)
 * with t the Student quantile at 1 - (1 - confidence) / 2 and n - p degrees of freedom.
 *
 * @param reportingObserved observed use of the reporting periods (those with a counterfactual)
 * @returns null where eemeter returns none: no reporting data, ρ undefined or ±1, or a baseline
 *   mean or variance of 0 (the bands divide by them)
 */
export function savingsErrorBands(
  baseline: Readonly<BaselineResidualSummary>,
  reportingObserved: readonly number[],
  options: ErrorBandOptions = {},
): SavingsErrorBands | null {
  const confidence = options.confidence_level ?? 0.9;
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence_level must be in (0, 1), got ${confidence}`);
  const interval = options.interval ?? 'daily';
  const m =
    interval === 'billing'
      ? (options.reporting_periods ?? reportingObserved.length)
      : reportingObserved.length;
  const rho = baseline.autocorr_resid;
  const n = baseline.n;
  if (
    m === 0 ||
    reportingObserved.length === 0 ||
    rho === null ||
    Math.abs(rho) === 1 ||
    n === 0 ||
    baseline.observed_mean === 0 ||
    baseline.observed_variance === 0
  ) {
    return null;
  }
  const degreesOfFreedom = n - baseline.num_parameters;
  const t = studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom);
  const nPrime = (n * (1 - rho)) / (1 + rho);
  const reportingMean = mean(reportingObserved);
  const months = interval === 'billing' ? m : m / 30;
  const [a, b, c] = FSU_POLYNOMIAL[interval];
  const polynomial = a * months ** 2 + b * months + c;
  const totalUse = baseline.observed_mean * n;
  const cv = baseline.rmse_adj / baseline.observed_mean;

  const fsu = totalUse * t * polynomial * cv * Math.sqrt((n / nPrime) * (1 + 2 / nPrime) * (1 / m));
  const modelError =
    ((t * baseline.rmse_adj * m) / Math.sqrt(n)) *
    Math.sqrt(1 + (baseline.observed_mean - reportingMean) ** 2 / baseline.observed_variance);
  const noise = t * baseline.rmse_adj * Math.sqrt((m * n) / nPrime);
  return {
    fsu_error_band: fsu,
    ols_error_band: Math.sqrt(modelError ** 2 + noise ** 2),
    ols_model_error: modelError,
    ols_noise: noise,
    terms: {
      n_baseline: n,
      num_parameters: baseline.num_parameters,
      degrees_of_freedom: degreesOfFreedom,
      t_stat: t,
      rmse_adj: baseline.rmse_adj,
      autocorr_resid: rho,
      n_prime: nPrime,
      baseline_mean: baseline.observed_mean,
      baseline_variance: baseline.observed_variance,
      baseline_total_use: totalUse,
      cv_rmse_adj: cv,
      n_reporting: m,
      reporting_mean: reportingMean,
      reporting_months: months,
      fsu_polynomial_coefficients: [a, b, c],
      fsu_polynomial_value: polynomial,
    },
  };
}

/** FSU as a fraction of the savings: band / |savings|; null when the savings are 0. */
export function fractionalSavingsUncertainty(errorBand: number, meteredSavings: number): number | null {
  return meteredSavings === 0 ? null : errorBand / Math.abs(meteredSavings);
}

/** Pearson correlation (pandas' Series.corr / autocorr); NaN when a series is constant. */
function pearson(x: readonly number[], y: readonly number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
