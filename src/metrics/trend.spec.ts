import { performanceTrend } from './trend';

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
