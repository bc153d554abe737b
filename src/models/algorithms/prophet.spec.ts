import { forecastMetrics } from './forecast-metrics';
import { fitProphet, forecastProphet, type ProphetParams, type ProphetSpec } from './prophet';
import { b40ElectricityWindow } from './testing/forecast-fixtures';

const { train, holdout } = b40ElectricityWindow(0, 90, 7);
const spec: ProphetSpec = { dailySeasonality: true, weeklySeasonality: true };

describe('Prophet on b40 hourly electricity (90 days train, 7 days holdout)', () => {
  let params: ProphetParams;
  let fitSeconds: number;

  beforeAll(async () => {
    const started = performance.now();
    params = await fitProphet(train.timestamps, train.values, spec);
    fitSeconds = (performance.now() - started) / 1000;
  });

  it('forecasts finite values inside their interval and beats seasonal naive on this holdout', async () => {
    const forecast = await forecastProphet(params, holdout.timestamps);
    const metrics = forecastMetrics(train.values, holdout.values, forecast.yhat, [24, 168]);
    console.info(`Prophet fit ${fitSeconds.toFixed(2)} s`, metrics);

    expect(forecast.yhat).toHaveLength(holdout.values.length);
    expect(forecast.yhat.every(Number.isFinite)).toBe(true);
    forecast.yhat.forEach((yhat, i) => {
      expect(forecast.lower?.[i]).toBeLessThan(yhat);
      expect(forecast.upper?.[i]).toBeGreaterThan(yhat);
    });
    expect(metrics.mape).toBeLessThan(4); // measured 2.81 %
    expect(metrics.mae).toBeLessThan(metrics.benchmarks[0].mae); // measured MAE 10.8 vs 14.9 for same hour yesterday
  });

  it('fits deterministically although augurs orders the seasonal columns at random', async () => {
    const again = await Promise.all([
      fitProphet(train.timestamps, train.values, spec),
      fitProphet(train.timestamps, train.values, spec),
    ]);
    expect(again).toEqual([params, params]);
  });

  it('re-predicts from JSON params without refitting', async () => {
    const stored = JSON.parse(JSON.stringify(params)) as ProphetParams;
    expect(stored).toEqual(params);
    const [first, second] = await Promise.all([
      forecastProphet(stored, holdout.timestamps),
      forecastProphet(params, holdout.timestamps),
    ]);
    expect(first.yhat).toEqual(second.yhat);
  });

  it('refuses estimates applied to other training data', async () => {
    const tampered: ProphetParams = {
      ...params,
      training: { ...params.training, values: params.training.values.map((v, i) => (i === 0 ? v + 1 : v)) },
    };
    await expect(forecastProphet(tampered, holdout.timestamps)).rejects.toThrow(
      /differ from those the stored estimates were fitted to/,
    );
  });
});

describe('fitProphet with a weekly Fourier order and holidays', () => {
  it('keeps the settings, and a holiday date in the history changes the forecast for a later holiday', async () => {
    const { train, holdout } = b40ElectricityWindow(0, 28, 2);
    const options: ProphetSpec = { ...spec, weeklyFourierOrder: 20, uncertaintySamples: 0 };
    const plain = await fitProphet(train.timestamps, train.values, options);
    // b40 2013: 1 January in the history, the holdout's 29 January declared a holiday too
    const holidays = ['2013-01-01', '2013-01-29'];
    const withHolidays = await fitProphet(train.timestamps, train.values, { ...options, holidays });
    expect(withHolidays.settings).toMatchObject({ weekly_fourier_order: 20, holidays });
    const [a, b] = await Promise.all([
      forecastProphet(plain, holdout.timestamps),
      forecastProphet(withHolidays, holdout.timestamps),
    ]);
    const day = (values: number[]) => values.slice(0, 24).reduce((sum, v) => sum + v, 0);
    expect(day(b.yhat)).toBeLessThan(day(a.yhat)); // 1 January used less energy than an ordinary Tuesday
    expect(b.yhat.slice(24)).not.toEqual(a.yhat.slice(24));
  });

  it('rejects a Fourier order that is not a positive integer', async () => {
    await expect(fitProphet([1, 2, 3], [1, 2, 3], { ...spec, weeklyFourierOrder: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});

describe('fitProphet options and input checks', () => {
  const shortTrain = b40ElectricityWindow(0, 21, 1);

  it('gives no interval without uncertainty samples', async () => {
    const params = await fitProphet(shortTrain.train.timestamps, shortTrain.train.values, {
      ...spec,
      uncertaintySamples: 0,
    });
    const forecast = await forecastProphet(params, shortTrain.holdout.timestamps);
    expect(forecast.lower).toBeNull();
    expect(forecast.upper).toBeNull();
    expect(forecast.yhat.every(Number.isFinite)).toBe(true);
  });

  it('rejects mismatched, unordered or non-finite input', async () => {
    await expect(fitProphet([1, 2, 3], [1, 2], spec)).rejects.toThrow(RangeError);
    await expect(fitProphet([1, 3, 2], [1, 2, 3], spec)).rejects.toThrow(/strictly increasing/);
    await expect(fitProphet([1, 2, 3], [1, Number.NaN, 3], spec)).rejects.toThrow(RangeError);
    await expect(fitProphet([1, 2, 3], [1, 2, 3], { ...spec, intervalWidth: 1 })).rejects.toThrow(RangeError);
  });
});
