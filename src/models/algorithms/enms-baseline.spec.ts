import type { EnergyInterval } from './energy-interval';
import { predictEnmsBaseline, unscorableEnmsFeatures, type EnmsBaselineParams } from './enms-baseline';

const interval = (outdoor: number | null, production: number | null): EnergyInterval => ({
  start: '2026-11-07T13:00',
  energy_kwh: 0,
  outdoor_temp_c: outdoor,
  production_count: production,
  throughput_units_per_hour: null,
  operating_hours: null,
  load_level: null,
});

const model: EnmsBaselineParams = {
  algorithm: 'enms_linear_regression',
  intercept: 10,
  coefficients: { total_production_count: 0.5, heating_degree_hours: 2, is_weekend: -3, hour_of_day: 0.1 },
  feature_names: ['total_production_count', 'heating_degree_hours', 'is_weekend', 'hour_of_day'],
};

describe('EnMS baseline models', () => {
  it('computes its hourly features from the intervals and the UTC start (Saturday 2026-11-07 13:00 UTC)', () => {
    const start = new Date('2026-11-07T13:00:00Z');
    const [expected] = predictEnmsBaseline(model, [interval(8, 40)], [start]);
    // 10 + 0.5 * 40 + 2 * (18 - 8) - 3 * 1 + 0.1 * 13
    expect(expected).toBeCloseTo(10 + 20 + 20 - 3 + 1.3, 12);
  });

  it('answers null where a feature value is missing and never predicts negative energy', () => {
    const start = new Date('2026-11-09T02:00:00Z');
    expect(predictEnmsBaseline(model, [interval(null, 40)], [start])).toEqual([null]);
    const falling = { ...model, intercept: -500 };
    expect(predictEnmsBaseline(falling, [interval(8, 40)], [start])).toEqual([0]);
  });

  it('names the features the meter tables cannot give, and refuses to score such a model', () => {
    const needsPeak = { ...model, feature_names: [...model.feature_names, 'peak_demand_kw'] };
    expect(unscorableEnmsFeatures(needsPeak)).toEqual(['peak_demand_kw']);
    expect(() => predictEnmsBaseline(needsPeak, [interval(8, 40)], [new Date()])).toThrow(/peak_demand_kw/);
  });
});
