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
    const metrics = forecastMetrics(train.values, holdout.values, forecast.yhat, 24);
    console.info(`Prophet fit ${fitSeconds.toFixed(2)} s`, metrics);

    expect(forecast.yhat).toHaveLength(holdout.values.length);
    expect(forecast.yhat.every(Number.isFinite)).toBe(true);
    forecast.yhat.forEach((yhat, i) => {
      expect(forecast.lower?.[i]).toBeLessThan(yhat);
      expect(forecast.upper?.[i]).toBeGreaterThan(yhat);
    });
    expect(metrics.mape).toBeLessThan(4); // measured 2.81 %
    expect(metrics.mae).toBeLessThan(metrics.seasonal_naive_mae); // measured MASE 0.77 vs 1.06
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
