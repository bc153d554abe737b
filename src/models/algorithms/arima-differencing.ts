/**
 * How many ordinary (d) and seasonal (D) differences an ARIMA model needs, decided by tests
 * rather than by AIC: differencing changes the data the likelihood is computed on, so AICs of
 * models with different d or D are not comparable (Hyndman & Khandakar 2008, "Automatic time
 * series forecasting: the forecast package for R", J. Stat. Softw. 27(3), section 3.2).
 * As in that procedure (R forecast::auto.arima), D is chosen first on the raw series, then d on
 * the seasonally differenced one.
 */

/** y(t) - y(t - lag) for t = lag..n-1. */
export function difference(series: ArrayLike<number>, lag = 1): number[] {
  return Array.from({ length: Math.max(0, series.length - lag) }, (_, i) => series[i + lag] - series[i]);
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

function variance(values: ArrayLike<number>): number {
  const centre = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - centre) ** 2;
  return sum / values.length;
}

/** 5 % critical value of the KPSS level-stationarity statistic (Kwiatkowski et al. 1992, table 1). */
export const KPSS_LEVEL_CRITICAL_5PCT = 0.463;

/**
 * KPSS statistic for level stationarity (Kwiatkowski, Phillips, Schmidt & Shin 1992):
 * η = Σ S(t)² / (n² · s²(l)), S(t) the partial sums of y - mean(y), s²(l) the Newey-West long-run
 * variance with Bartlett weights 1 - j/(l+1) and lag truncation l = ⌊3·√n / 13⌋ (Hobijn, Franses
 * & Ooms 2004; the lag R forecast::ndiffs uses). Large values reject stationarity.
 * Returns 0 for a constant series: nothing is left to difference.
 */
export function kpssLevelStatistic(series: ArrayLike<number>): number {
  const n = series.length;
  if (n < 3) throw new RangeError(`KPSS needs at least 3 values, got ${n}`);
  const centre = mean(series);
  const residuals = Array.from({ length: n }, (_, t) => series[t] - centre);
  let partialSum = 0;
  let eta = 0;
  for (const residual of residuals) {
    partialSum += residual;
    eta += partialSum * partialSum;
  }
  const lags = Math.floor((3 * Math.sqrt(n)) / 13);
  let longRunVariance = residuals.reduce((sum, r) => sum + r * r, 0);
  for (let j = 1; j <= lags; j++) {
    let autocovariance = 0;
    for (let t = j; t < n; t++) autocovariance += residuals[t] * residuals[t - j];
    longRunVariance += 2 * (1 - j / (lags + 1)) * autocovariance;
  }
  longRunVariance /= n;
  return longRunVariance > 0 ? eta / (n * n * longRunVariance) : 0;
}

export interface OrdinaryDifferencing {
  d: number;
  /** KPSS statistic of the series after 0, 1, ... differences, as tested (the last one passed or hit maxD). */
  kpss_statistics: number[];
}

/** Smallest d ≤ maxD whose d-times differenced series passes the KPSS test at 5 %. */
export function ordinaryDifferences(series: ArrayLike<number>, maxD: number): OrdinaryDifferencing {
  const kpss_statistics: number[] = [];
  let current = Array.from(series);
  for (let d = 0; ; d++) {
    const statistic = kpssLevelStatistic(current);
    kpss_statistics.push(statistic);
    if (statistic <= KPSS_LEVEL_CRITICAL_5PCT || d === maxD) return { d, kpss_statistics };
    current = difference(current);
  }
}

/** Seasonal strength above which one seasonal difference is taken (R forecast::nsdiffs, test "seas"). */
export const SEASONAL_STRENGTH_THRESHOLD = 0.64;

/**
 * Strength of seasonality F = max(0, 1 - Var(R) / Var(S + R)) (Wang, Smith & Hyndman 2006),
 * S and R the seasonal and remainder parts of a classical additive decomposition: trend by a
 * centred moving average of one season (2×s when s is even), S the mean detrended value per
 * season phase, centred to sum to zero. R forecast::nsdiffs uses an STL decomposition instead;
 * the classical one needs no extra smoothing parameters and ranks strong and weak seasonality
 * the same way, which is all the D decision uses. Returns 0 when there are fewer than two seasons.
 */
export function seasonalStrength(series: ArrayLike<number>, season: number): number {
  const n = series.length;
  if (!Number.isInteger(season) || season < 2)
    throw new RangeError(`season must be an integer >= 2, got ${season}`);
  if (n < 2 * season) return 0;
  const half = Math.floor(season / 2);
  const even = season % 2 === 0;
  const detrended: number[] = [];
  const phases: number[] = [];
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    for (let k = -half; k <= half; k++) trend += series[t + k] * (even && Math.abs(k) === half ? 0.5 : 1);
    detrended.push(series[t] - trend / season);
    phases.push(t % season);
  }
  const phaseSums = new Array<number>(season).fill(0);
  const phaseCounts = new Array<number>(season).fill(0);
  detrended.forEach((value, i) => {
    phaseSums[phases[i]] += value;
    phaseCounts[phases[i]]++;
  });
  const phaseMeans = phaseSums.map((sum, phase) => sum / phaseCounts[phase]);
  const centre = mean(phaseMeans);
  const seasonal = phases.map((phase) => phaseMeans[phase] - centre);
  const remainder = detrended.map((value, i) => value - seasonal[i]);
  const total = variance(detrended); // detrended = S + R
  return total > 0 ? Math.max(0, 1 - variance(remainder) / total) : 0;
}

export interface Differencing extends OrdinaryDifferencing {
  seasonal_d: number;
  /** F of `seasonalStrength`; null when no seasonal differencing was considered. */
  seasonal_strength: number | null;
}

/**
 * D (0 or 1) from the seasonal strength of the raw series when `season` ≥ 2, then d ≤ maxD from
 * KPSS on the seasonally differenced series.
 */
export function chooseDifferencing(
  series: ArrayLike<number>,
  maxD: number,
  season: number | null,
): Differencing {
  const seasonal_strength = season === null ? null : seasonalStrength(series, season);
  const seasonal_d = seasonal_strength !== null && seasonal_strength > SEASONAL_STRENGTH_THRESHOLD ? 1 : 0;
  const afterSeasonal = season !== null && seasonal_d === 1 ? difference(series, season) : series;
  return { ...ordinaryDifferences(afterSeasonal, maxD), seasonal_d, seasonal_strength };
}
