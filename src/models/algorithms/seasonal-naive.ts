/**
 * Seasonal-naive forecasting: the benchmark every forecast model must beat
 * (Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., section 5.2).
 *
 *   ŷ(T+h) = y(T + h - s·(⌊(h-1)/s⌋ + 1))
 *
 * i.e. each future interval repeats the value one season before it, taken from the last
 * observed season. With s = 1 it is the plain naive (random-walk) forecast.
 */

const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_WEEK = 7 * SECONDS_PER_DAY;

/**
 * Season length in intervals for a regular series, by the cycle that dominates energy use:
 * sub-daily data repeats daily (24 for hourly, 96 for 15-min), daily data weekly (7),
 * weekly data yearly (52), monthly data (28 to 31 days) yearly (12).
 * Any other interval has no natural season and gets 1 (naive forecast).
 */
export function seasonLength(intervalSeconds: number): number {
  if (!Number.isFinite(intervalSeconds) || intervalSeconds <= 0) {
    throw new RangeError(`interval must be a positive number of seconds, got ${intervalSeconds}`);
  }
  if (intervalSeconds < SECONDS_PER_DAY && SECONDS_PER_DAY % intervalSeconds === 0)
    return SECONDS_PER_DAY / intervalSeconds;
  if (intervalSeconds === SECONDS_PER_DAY) return 7;
  if (intervalSeconds === SECONDS_PER_WEEK) return 52;
  if (intervalSeconds >= 28 * SECONDS_PER_DAY && intervalSeconds <= 31 * SECONDS_PER_DAY) return 12;
  return 1;
}

/**
 * Seasons of the naive benchmarks a forecast must be compared with: for sub-daily data "same time
 * yesterday" and "same time last week" (24 and 168 for hourly data), since buildings and plants
 * repeat by day and, more strongly, by week; for daily data "same day last week" (7); otherwise
 * the single `seasonLength`.
 */
export function benchmarkSeasons(intervalSeconds: number): number[] {
  const daily = seasonLength(intervalSeconds);
  if (intervalSeconds < SECONDS_PER_DAY && SECONDS_PER_DAY % intervalSeconds === 0) return [daily, 7 * daily];
  return [daily];
}

function assertSeason(season: number, historyLength: number): void {
  if (!Number.isInteger(season) || season < 1)
    throw new RangeError(`season must be a positive integer, got ${season}`);
  if (historyLength < season)
    throw new RangeError(`history has ${historyLength} values, less than one season (${season})`);
}

/** Forecast `horizon` intervals after the end of `history` by repeating its last season. */
export function seasonalNaiveForecast(history: ArrayLike<number>, season: number, horizon: number): number[] {
  assertSeason(season, history.length);
  if (!Number.isInteger(horizon) || horizon < 0)
    throw new RangeError(`horizon must be a non-negative integer, got ${horizon}`);
  const lastSeasonStart = history.length - season;
  return Array.from({ length: horizon }, (_, h) => history[lastSeasonStart + (h % season)]);
}

/**
 * In-sample mean absolute error of the one-season-ahead seasonal-naive forecast,
 * (1 / (n - s)) · Σ_{t=s..n-1} |y(t) - y(t-s)|: the scale MASE divides by
 * (Hyndman & Koehler 2006, "Another look at measures of forecast accuracy", eq. 4 with m = s).
 * Pairs with a missing value (NaN) are left out; NaN when no pair is complete.
 */
export function seasonalNaiveInSampleMae(history: ArrayLike<number>, season: number): number {
  assertSeason(season, history.length);
  if (history.length === season)
    throw new RangeError('history must be longer than one season to have an in-sample error');
  let sum = 0;
  let count = 0;
  for (let t = season; t < history.length; t++) {
    const error = Math.abs(history[t] - history[t - season]);
    if (Number.isFinite(error)) {
      sum += error;
      count++;
    }
  }
  return count > 0 ? sum / count : Number.NaN;
}
