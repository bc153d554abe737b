import { errorMetrics } from './error-metrics';
import { forecastMetrics, rollingComparison } from './forecast-metrics';

describe('forecastMetrics', () => {
  // Seasons 2 and 4. In-sample errors of the season-4 naive: |14-10|, |24-20| -> MASE scale 4.
  const history = [10, 20, 12, 22, 14, 24];
  const actual = [16, 26];
  const forecast = [15, 27];

  it('scores the forecast beside every seasonal-naive benchmark on the same holdout', () => {
    const metrics = forecastMetrics(history, actual, forecast, [2, 4]);
    // season 2 repeats [14, 24] (errors 2, 2); season 4 repeats [12, 22] (errors 4, 4)
    expect(metrics).toMatchObject({
      n: 2,
      rmse: 1,
      mae: 1,
      mape: errorMetrics(actual, forecast).mape,
      mase: 0.25,
      mase_season: 4,
      benchmarks: [
        { name: 'seasonal_naive_2', season: 2, rmse: 2, mae: 2, mase: 0.5 },
        { name: 'seasonal_naive_4', season: 4, rmse: 4, mae: 4, mase: 1 },
      ],
      best_benchmark: 'seasonal_naive_2',
      seasonal_naive_season: 2,
      seasonal_naive_rmse: 2,
      beats: { seasonal_naive_2: true, seasonal_naive_4: true },
      beats_any_benchmark: true,
      beats_best_benchmark: true,
    });
    expect(metrics.verdict).toBe(
      'holdout RMSE 1 against seasonal_naive_2 2, seasonal_naive_4 4: beats every benchmark',
    );
    expect(metrics.mape).toBeCloseTo(((1 / 16 + 1 / 26) / 2) * 100, 12);
  });

  it('states which benchmarks a forecast does not beat', () => {
    const some = forecastMetrics(history, actual, [13, 23], [2, 4]);
    expect(some).toMatchObject({ beats_any_benchmark: true, beats_best_benchmark: false });
    expect(some.verdict).toMatch(/beats seasonal_naive_4, not seasonal_naive_2$/);
    const none = forecastMetrics(history, actual, [0, 0], [2, 4]);
    expect(none).toMatchObject({ beats_any_benchmark: false, beats_best_benchmark: false });
    expect(none.verdict).toMatch(/beats no benchmark$/);
  });

  it('leaves out intervals any forecast is missing for, from every figure', () => {
    const gappy = [10, 20, 12, Number.NaN, 14, 24];
    const metrics = forecastMetrics(gappy, [16, 26], [15, 27], [2, 4]);
    // season 4 would forecast the second interval from the missing value: only the first is scored
    expect(metrics.n).toBe(1);
    expect(metrics.benchmarks.map((b) => b.rmse)).toEqual([2, 4]);
  });

  it('has no MASE when the history repeats exactly', () => {
    const metrics = forecastMetrics([5, 7, 5, 7], [5, 7], [6, 6], [2]);
    expect(metrics.mase).toBeNull();
    expect(metrics.seasonal_naive_mase).toBeNull();
    expect(metrics.seasonal_naive_mae).toBe(0);
  });

  it('rejects a forecast of the wrong length or no benchmark', () => {
    expect(() => forecastMetrics(history, actual, [1], [2])).toThrow(RangeError);
    expect(() => forecastMetrics(history, actual, forecast, [])).toThrow(RangeError);
  });
});

describe('rollingComparison', () => {
  it('forecasts each interval by the same phase of the last season before its origin', () => {
    // positions 0..5 observed; origin 4 for positions 4 and 5, season 2: naive of 4 is 2, of 5 is 3.
    const readings = new Map([0, 1, 2, 3, 4, 5].map((p) => [p, 10 * p]));
    const targets = [
      { position: 4, origin: 4, actual: 40, forecast: 41 },
      { position: 5, origin: 4, actual: 50, forecast: 49 },
    ];
    const result = rollingComparison(readings, targets, [2])!;
    expect(result.benchmarks[0]).toMatchObject({ rmse: 20, mae: 20 });
    expect(result).toMatchObject({
      n: 2,
      rmse: 1,
      beats_best_benchmark: true,
      best_benchmark: 'seasonal_naive_2',
    });
    expect(rollingComparison(new Map(), targets, [2])).toBeNull();
  });
});
