/**
 * Holdout accuracy of a forecast, scored next to the seasonal-naive benchmark on the same
 * holdout, so a reader sees whether the model earns its keep.
 *
 * RMSE, MAE and MAPE come from `errorMetrics` (out-of-sample, p = 0). MASE follows
 * Hyndman & Koehler (2006): holdout MAE divided by the in-sample MAE of the one-season-ahead
 * seasonal-naive forecast on the training history. MASE < 1 means the forecast errs less than
 * the naive method did in-sample; comparing `mase` with `seasonal_naive_mase` compares the model
 * with the benchmark on the holdout itself.
 */
import { errorMetrics } from './error-metrics';
import { seasonalNaiveForecast, seasonalNaiveInSampleMae } from './seasonal-naive';

export interface ForecastMetrics {
  n: number;
  /** Season length (intervals) of the seasonal-naive benchmark and of the MASE scale. */
  season: number;
  rmse: number;
  mae: number;
  /** Percent; null when every actual is zero. */
  mape: number | null;
  /** Holdout MAE / in-sample seasonal-naive MAE; null when that scale is 0 (a perfectly periodic history). */
  mase: number | null;
  seasonal_naive_rmse: number;
  seasonal_naive_mae: number;
  seasonal_naive_mape: number | null;
  seasonal_naive_mase: number | null;
}

/**
 * @param history training values the forecast was made from (oldest first)
 * @param actual metered values of the holdout, the intervals right after `history`
 * @param forecast model values for the same holdout intervals
 * @param season seasonal-naive season length, see `seasonLength`
 */
export function forecastMetrics(
  history: ArrayLike<number>,
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  season: number,
): ForecastMetrics {
  const model = errorMetrics(actual, forecast);
  const benchmark = errorMetrics(actual, seasonalNaiveForecast(history, season, actual.length));
  const scale = seasonalNaiveInSampleMae(history, season);
  const scaled = (mae: number): number | null => (scale > 0 ? mae / scale : null);
  return {
    n: model.n,
    season,
    rmse: model.rmse,
    mae: model.mae,
    mape: model.mape,
    mase: scaled(model.mae),
    seasonal_naive_rmse: benchmark.rmse,
    seasonal_naive_mae: benchmark.mae,
    seasonal_naive_mape: benchmark.mape,
    seasonal_naive_mase: scaled(benchmark.mae),
  };
}
