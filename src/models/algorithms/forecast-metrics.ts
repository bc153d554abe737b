/**
 * Holdout accuracy of a forecast beside the seasonal-naive benchmarks on the same holdout, so a
 * reader sees whether the model earns its keep: for hourly data "same hour yesterday" (s = 24) and
 * "same hour last week" (s = 168), for daily data "same day last week" (s = 7), see `benchmarkSeasons`.
 *
 * RMSE, MAE and MAPE come from `errorMetrics` (out of sample, p = 0). MASE follows Hyndman &
 * Koehler (2006), "Another look at measures of forecast accuracy", eq. 4: holdout MAE divided by the
 * in-sample MAE of the one-season-ahead seasonal-naive forecast on the training history, with the
 * longest benchmark season as m (the week for hourly data); the benchmarks' MASE use the same scale,
 * so the MASE figures of model and benchmarks compare like their MAEs.
 *
 * A forecast "beats" a benchmark when its holdout RMSE is lower. Intervals where the actual value,
 * the forecast or a benchmark's forecast is missing (NaN) are left out for all of them, so every
 * figure is computed on the same intervals.
 */
import { errorMetrics } from './error-metrics';
import { seasonalNaiveForecast, seasonalNaiveInSampleMae } from './seasonal-naive';

export interface BenchmarkMetrics {
  /** "seasonal_naive_24": the value one season (24 intervals) earlier, from the last observed season. */
  name: string;
  season: number;
  rmse: number;
  mae: number;
  mape: number | null;
  mase: number | null;
}

export interface ForecastMetrics {
  n: number;
  rmse: number;
  mae: number;
  /** Percent; null when every actual is zero. */
  mape: number | null;
  /** Holdout MAE / in-sample seasonal-naive MAE (season `mase_season`); null when that scale is 0. */
  mase: number | null;
  mase_season: number;
  benchmarks: BenchmarkMetrics[];
  /** The benchmark with the least holdout RMSE. */
  best_benchmark: string;
  /** Figures of the best benchmark (kept flat for the predecessor-style readers of the metrics). */
  seasonal_naive_season: number;
  seasonal_naive_rmse: number;
  seasonal_naive_mae: number;
  seasonal_naive_mape: number | null;
  seasonal_naive_mase: number | null;
  /** Per benchmark name: the forecast's RMSE is lower. */
  beats: Record<string, boolean>;
  beats_any_benchmark: boolean;
  beats_best_benchmark: boolean;
  /** One sentence with the figures, e.g. for an activation reason. */
  verdict: string;
}

const round = (value: number) => Number(value.toPrecision(4));

/** A seasonal-naive benchmark's errors on the same intervals as the model's. */
function benchmarkErrors(season: number, actual: number[], naive: number[]): Omit<BenchmarkMetrics, 'mase'> {
  const { rmse, mae, mape } = errorMetrics(actual, naive);
  return { name: `seasonal_naive_${season}`, season, rmse, mae, mape };
}

/** The benchmark with the least RMSE and, per benchmark, whether the model's RMSE is lower. */
function ranking<T extends { name: string; rmse: number }>(rmse: number, benchmarks: T[]) {
  const best = benchmarks.reduce((a, b) => (b.rmse < a.rmse ? b : a));
  const beats = Object.fromEntries(benchmarks.map((b) => [b.name, rmse < b.rmse]));
  return { best, beats, beatsBest: rmse < best.rmse };
}

/**
 * @param history training values the forecast was made from (regular grid, oldest first, NaN = missing)
 * @param actual metered values of the holdout, the intervals right after `history`
 * @param forecast model values for the same holdout intervals
 * @param seasons benchmark seasons, see `benchmarkSeasons`
 */
export function forecastMetrics(
  history: ArrayLike<number>,
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  seasons: readonly number[],
): ForecastMetrics {
  if (actual.length !== forecast.length)
    throw new RangeError(`actual has ${actual.length} values, forecast ${forecast.length}`);
  if (seasons.length === 0) throw new RangeError('at least one benchmark season is needed');
  const naive = seasons.map((season) => seasonalNaiveForecast(history, season, actual.length));
  const keep = Array.from(actual, (_, i) => i).filter(
    (i) =>
      Number.isFinite(actual[i]) && Number.isFinite(forecast[i]) && naive.every((f) => Number.isFinite(f[i])),
  );
  const pick = (values: ArrayLike<number>) => keep.map((i) => values[i]);
  const observed = pick(actual);
  const maseSeason = Math.max(...seasons);
  const scale = seasonalNaiveInSampleMae(history, maseSeason);
  const scaled = (mae: number): number | null => (scale > 0 ? mae / scale : null);
  const model = errorMetrics(observed, pick(forecast));
  const benchmarks = seasons.map((season, k): BenchmarkMetrics => {
    const errors = benchmarkErrors(season, observed, pick(naive[k]));
    return { ...errors, mase: scaled(errors.mae) };
  });
  const { best, beats, beatsBest } = ranking(model.rmse, benchmarks);
  const beatsAny = benchmarks.some((b) => beats[b.name]);
  const figures = benchmarks.map((b) => `${b.name} ${round(b.rmse)}`).join(', ');
  const beaten = benchmarks.filter((b) => beats[b.name]).map((b) => b.name);
  const outcome = beatsBest
    ? 'beats every benchmark'
    : beatsAny
      ? `beats ${beaten.join(', ')}, not ${best.name}`
      : 'beats no benchmark';
  const verdict = `holdout RMSE ${round(model.rmse)} against ${figures}: ${outcome}`;
  return {
    n: model.n,
    rmse: model.rmse,
    mae: model.mae,
    mape: model.mape,
    mase: scaled(model.mae),
    mase_season: maseSeason,
    benchmarks,
    best_benchmark: best.name,
    seasonal_naive_season: best.season,
    seasonal_naive_rmse: best.rmse,
    seasonal_naive_mae: best.mae,
    seasonal_naive_mape: best.mape,
    seasonal_naive_mase: best.mase,
    beats,
    beats_any_benchmark: beatsAny,
    beats_best_benchmark: beatsBest,
    verdict,
  };
}

/** One scored interval of a rolling-origin evaluation: forecast from `origin` (readings before it). */
export interface RollingTarget {
  /** Calendar position of the interval (any regular integer grid). */
  position: number;
  origin: number;
  actual: number;
  forecast: number;
}

export interface RollingComparison {
  /** Intervals every benchmark could forecast too (the others are left out of every figure). */
  n: number;
  rmse: number;
  mae: number;
  mape: number | null;
  benchmarks: Omit<BenchmarkMetrics, 'mase'>[];
  best_benchmark: string;
  beats: Record<string, boolean>;
  beats_best_benchmark: boolean;
}

/**
 * A rolling-origin evaluation (each interval forecast from its origin, e.g. day-ahead from each
 * midnight) beside the seasonal-naive forecasts from the same origins: for season s the value of
 * position - s·(⌊(position - origin)/s⌋ + 1), the same phase in the last season before the origin.
 * Null when no interval has every benchmark value.
 */
export function rollingComparison(
  readings: ReadonlyMap<number, number>,
  targets: readonly RollingTarget[],
  seasons: readonly number[],
): RollingComparison | null {
  const naive = (target: RollingTarget, season: number) =>
    readings.get(target.position - season * (Math.floor((target.position - target.origin) / season) + 1));
  const kept = targets.filter((target) => seasons.every((season) => Number.isFinite(naive(target, season))));
  if (kept.length === 0) return null;
  const actual = kept.map((target) => target.actual);
  const model = errorMetrics(
    actual,
    kept.map((target) => target.forecast),
  );
  const benchmarks = seasons.map((season) =>
    benchmarkErrors(
      season,
      actual,
      kept.map((target) => naive(target, season)!),
    ),
  );
  const { best, beats, beatsBest } = ranking(model.rmse, benchmarks);
  return {
    n: model.n,
    rmse: model.rmse,
    mae: model.mae,
    mape: model.mape,
    benchmarks,
    best_benchmark: best.name,
    beats,
    beats_best_benchmark: beatsBest,
  };
}
