import {
  autocovariance,
  independenceBand,
  lag1Autocorrelation,
  neweyWestLags,
  neweyWestLongRunVariance,
} from './autocorrelation';

describe('autocorrelation', () => {
  // numpy: x = v - v.mean(); g_j = (x[j:] * x[:n-j]).sum() / n
  const values = [3, 1, 4, 1, 5, 9, 2, 6];

  it('computes autocovariances with divisor n', () => {
    expect(autocovariance(values, 0)).toBeCloseTo(6.609375, 12);
    expect(autocovariance(values, 1)).toBeCloseTo(-1.158203125, 12);
    expect(lag1Autocorrelation(values)).toBeCloseTo(-1.158203125 / 6.609375, 12);
  });

  it('is 0 for a constant series and refuses lags outside the series', () => {
    expect(lag1Autocorrelation([2, 2, 2])).toBe(0);
    expect(() => autocovariance(values, 8)).toThrow(RangeError);
    expect(() => neweyWestLongRunVariance(values, -1)).toThrow(RangeError);
  });

  it('uses the Newey-West bandwidth 4 (n/100)^(2/9): 5 lags for a year of days, 1 for a week', () => {
    expect(neweyWestLags(365)).toBe(5);
    expect(neweyWestLags(7)).toBe(2);
    expect(neweyWestLags(1)).toBe(0);
    expect(neweyWestLags(8760)).toBe(10);
  });

  it('reduces to the variance without lags and grows with positive dependence', () => {
    expect(neweyWestLongRunVariance(values, 0)).toBeCloseTo(6.609375, 12);
    const trend = [1, 1.2, 1.5, 1.4, 1.8, 2.1, 2.0, 2.4, 2.6, 2.5];
    expect(neweyWestLongRunVariance(trend, 2)).toBeGreaterThan(autocovariance(trend, 0));
    expect(independenceBand(100)).toBeCloseTo(0.196, 3);
  });
});
