import { performanceTrend, predecessorDegradationRate } from './trend';

describe('performance trend', () => {
  it('reads a falling R² as degrading, in % of the mean level per day', () => {
    const trend = performanceTrend([
      { day: 0, r_squared: 0.9, cv_rmse: null },
      { day: 10, r_squared: 0.8, cv_rmse: null },
      { day: 20, r_squared: 0.7, cv_rmse: null },
    ]);
    // slope -0.01 per day over a mean of 0.8: 1.25 % per day
    expect(trend.trend_direction).toBe('degrading');
    expect(trend.degradation_rate).toBeCloseTo(1.25, 10);
    expect(trend.basis).toBe('r_squared');
  });

  it('uses CV(RMSE) when R² is absent: falling CV(RMSE) is improving', () => {
    const trend = performanceTrend([
      { day: 0, r_squared: null, cv_rmse: 20 },
      { day: 30, r_squared: null, cv_rmse: 14 },
    ]);
    expect(trend).toMatchObject({ trend_direction: 'improving', basis: 'cv_rmse' });
    expect(trend.degradation_rate).toBeCloseTo((100 * (6 / 30)) / -17, 10);
  });

  it('is stable with fewer than two points or a flat series', () => {
    expect(performanceTrend([{ day: 0, r_squared: 0.8, cv_rmse: null }])).toMatchObject({
      trend_direction: 'stable',
      basis: null,
    });
    expect(
      performanceTrend([
        { day: 0, r_squared: 0.8, cv_rmse: null },
        { day: 5, r_squared: 0.8, cv_rmse: null },
      ]).trend_direction,
    ).toBe('stable');
  });
});

describe("the predecessor's degradation_rate", () => {
  const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000);

  it('is the R² slope per evaluation, in % per whole day of the span, negative when R² falls', () => {
    const rate = predecessorDegradationRate([
      { evaluation_date: at(0), r_squared: 0.9 },
      { evaluation_date: at(1), r_squared: null },
      { evaluation_date: at(5), r_squared: 0.8 },
      { evaluation_date: at(10.5), r_squared: 0.7 },
    ]);
    // slope over the three R² values: -0.1 per evaluation; span 10 whole days: -0.1 * 100 / 10
    expect(rate).toBe(-1);
  });

  it('is 0 with one R² value or a span under a day', () => {
    expect(
      predecessorDegradationRate([
        { evaluation_date: at(0), r_squared: 0.9 },
        { evaluation_date: at(3), r_squared: null },
      ]),
    ).toBe(0);
    expect(
      predecessorDegradationRate([
        { evaluation_date: at(0), r_squared: 0.9 },
        { evaluation_date: at(0.5), r_squared: 0.5 },
      ]),
    ).toBe(0);
  });
});
