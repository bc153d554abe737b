import { errorMetrics } from './error-metrics';
import { forecastMetrics } from './forecast-metrics';

describe('forecastMetrics', () => {
  // Season 2; in-sample seasonal-naive errors are all 2, so the MASE scale is 2.
  const history = [10, 20, 12, 22, 14, 24];
  const actual = [16, 26];
  const forecast = [15, 27];

  it('scores the forecast and the seasonal-naive benchmark on the same holdout', () => {
    const metrics = forecastMetrics(history, actual, forecast, 2);
    expect(metrics).toEqual({
      n: 2,
      season: 2,
      rmse: 1,
      mae: 1,
      mape: errorMetrics(actual, forecast).mape,
      mase: 0.5,
      // seasonal naive forecasts [14, 24]: errors 2 and 2
      seasonal_naive_rmse: 2,
      seasonal_naive_mae: 2,
      seasonal_naive_mape: errorMetrics(actual, [14, 24]).mape,
      seasonal_naive_mase: 1,
    });
    expect(metrics.mape).toBeCloseTo(((1 / 16 + 1 / 26) / 2) * 100, 12);
  });

  it('has no MASE when the history repeats exactly', () => {
    const metrics = forecastMetrics([5, 7, 5, 7], [5, 7], [6, 6], 2);
    expect(metrics.mase).toBeNull();
    expect(metrics.seasonal_naive_mase).toBeNull();
    expect(metrics.seasonal_naive_mae).toBe(0);
  });

  it('rejects a forecast of the wrong length', () => {
    expect(() => forecastMetrics(history, actual, [1], 2)).toThrow(RangeError);
  });
});
