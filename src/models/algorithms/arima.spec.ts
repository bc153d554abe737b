import { fitArima, forecastArima, orderLabel, type ArimaOrder } from './arima';
import { forecastMetrics } from './forecast-metrics';
import { b40ElectricityWindow, readArimaReference } from './testing/forecast-fixtures';

const reference = readArimaReference();

function nonSeasonal([p, d, q]: [number, number, number]): ArimaOrder {
  return { p, d, q, seasonal_p: 0, seasonal_d: 0, seasonal_q: 0, season: 0 };
}

/** A JSON round trip drops nothing and turns no NaN/Infinity into null. */
function roundTrip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('fitArima against statsmodels (shared/reference/arima.json)', () => {
  // "Within 5 % of the level": each step's forecast within 5 % of statsmodels' forecast for that step.
  it.each(reference.cases.map((c) => [orderLabel(nonSeasonal(c.order)), c] as const))(
    'ARIMA%s: 14-day forecast within 5 %, AIC within 1 %',
    async (_label, expected) => {
      const { params, forecast } = await fitArima(reference.series, {
        horizon: 14,
        orders: [nonSeasonal(expected.order)],
      });
      expect(params.coefficients.mean !== null).toBe(expected.with_constant);
      forecast.yhat.forEach((value, step) => {
        expect(Math.abs(value - expected.forecast_14[step])).toBeLessThanOrEqual(
          0.05 * expected.forecast_14[step],
        );
      });
      expect(Math.abs(params.aic - expected.aic) / expected.aic).toBeLessThanOrEqual(0.01);
    },
  );

  it('grid p 0..3, d = 1, q 0..3 picks aic_grid_best or an order within 1 % of its AIC', async () => {
    const { params } = await fitArima(reference.series, { horizon: 14, d: 1, maxP: 3, maxQ: 3 });
    const best = nonSeasonal(reference.aic_grid_best.order);
    expect(
      Math.abs(params.aic - reference.aic_grid_best.aic) / reference.aic_grid_best.aic,
    ).toBeLessThanOrEqual(0.01);
    // Whenever another order wins, the reference's best must have been rejected, not overlooked.
    const rejectedOrders = params.rejected.map((r) => r.order);
    expect(
      orderLabel(params.order) === orderLabel(best) ||
        rejectedOrders.some((o) => orderLabel(o) === orderLabel(best)),
    ).toBe(true);
    expect(params.candidates.length + params.rejected.length).toBe(16);
    expect(params.candidates[0]).toEqual({ order: params.order, aic: params.aic });
    expect(roundTrip(params)).toEqual(params);
  });
});

describe('fitArima divergence guard', () => {
  it('rejects orders without AR or MA terms, whose ctsa forecast is garbage', async () => {
    const { params } = await fitArima(reference.series, { horizon: 14, d: 1, maxP: 1, maxQ: 1 });
    expect(params.rejected).toContainEqual({
      order: nonSeasonal([0, 1, 0]),
      aic: null,
      reason: expect.stringMatching(/no AR or MA term/),
    });
  });

  it('falls back to the next-best order when a fit diverges and records why', async () => {
    const { params } = await fitArima(reference.series, {
      horizon: 14,
      orders: [nonSeasonal([3, 1, 3]), nonSeasonal([2, 1, 1])],
    });
    expect(params.order).toEqual(nonSeasonal([2, 1, 1]));
    expect(params.rejected).toEqual([
      { order: nonSeasonal([3, 1, 3]), aic: null, reason: expect.stringMatching(/not finite/) },
    ]);
  });

  it('rejects forecasts that leave the scale bound of the training series', async () => {
    // A trend of slope 1 over 100 steps (range ~100): ARIMA(1,2,0) extrapolates it, beyond max + range after ~100 steps.
    const trend = Array.from({ length: 100 }, (_, t) => t + 0.3 * Math.sin(t));
    const order = nonSeasonal([1, 2, 0]);
    await expect(fitArima(trend, { horizon: 50, orders: [order] })).resolves.toMatchObject({
      params: { order },
    });
    await expect(fitArima(trend, { horizon: 300, orders: [order] })).rejects.toThrow(
      /no ARIMA candidate passed: \(1,2,0\): forecast .* outside/,
    );
  });

  it('validates its input', async () => {
    await expect(fitArima([1, 2, Number.NaN, 4], { horizon: 1 })).rejects.toThrow(RangeError);
    await expect(fitArima(reference.series, { horizon: 0 })).rejects.toThrow(RangeError);
    const seasonalWithoutSeason = { ...nonSeasonal([1, 0, 0]), seasonal_p: 1 };
    await expect(fitArima(reference.series, { horizon: 1, orders: [seasonalWithoutSeason] })).rejects.toThrow(
      /season must be >= 2/,
    );
    await expect(fitArima(reference.series, { horizon: 1, maxP: -1 })).rejects.toThrow(RangeError);
  });
});

describe('forecastArima', () => {
  it('reproduces the fitted forecast from JSON params, for any horizon', async () => {
    const { params, forecast } = await fitArima(reference.series, { horizon: 14, d: 1, maxP: 2, maxQ: 2 });
    const stored = roundTrip(params);
    expect(await forecastArima(stored, 14)).toEqual(forecast);
    const longer = await forecastArima(stored, 20);
    expect(longer.yhat.slice(0, 14)).toEqual(forecast.yhat);
    expect(longer.yhat).toHaveLength(20);
  });

  it('refuses params whose training series no longer yields the stored coefficients', async () => {
    const { params } = await fitArima(reference.series, { horizon: 14, orders: [nonSeasonal([2, 1, 1])] });
    const tampered = {
      ...params,
      training_series: params.training_series.map((value, t) => (t === 100 ? value + 500 : value)),
    };
    await expect(forecastArima(tampered, 14)).rejects.toThrow(/did not reproduce the stored coefficients/);
  });
});

describe('fitArima on b40 hourly electricity (90 days train, 7 days holdout)', () => {
  it('searches seasonal orders in seconds, forecasts finite values and reports MASE', async () => {
    const { train, holdout } = b40ElectricityWindow(0, 90, 7);
    const started = performance.now();
    const { params, forecast } = await fitArima(train.values, { horizon: holdout.values.length, season: 24 });
    const seconds = (performance.now() - started) / 1000;
    const metrics = forecastMetrics(train.values, holdout.values, forecast.yhat, 24);
    console.info(
      `ARIMA${orderLabel(params.order)} AIC ${params.aic.toFixed(1)}, search ${seconds.toFixed(1)} s`,
      metrics,
    );

    expect(forecast.yhat.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(metrics.mase)).toBe(true);
    expect(metrics.mape).toBeLessThan(6); // measured 3.97 % (seasonal naive 3.74 %)
    expect(seconds).toBeLessThan(20); // measured about 4 s; a full seasonal grid takes minutes
    expect(await forecastArima(roundTrip(params), holdout.values.length)).toEqual(forecast);
  });
});
