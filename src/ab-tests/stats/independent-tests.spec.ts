import {
  FLOOR_10_DECIMALS,
  forecastErrors,
  readReference,
  REFERENCE_TOLERANCE,
  relativeError,
} from '../../drift/stats/testing/reference-data';
import { mannWhitneyU, welchTTest } from './independent-tests';

const { actual, cases } = readReference('abtest.json');

describe.each(cases)('independent tests on abtest.json $name absolute errors', (c) => {
  const absErrorsA = forecastErrors(actual, c.prediction_a).map(Math.abs);
  const absErrorsB = forecastErrors(actual, c.prediction_b).map(Math.abs);

  it('welchTTest matches scipy ttest_ind(equal_var=False)', () => {
    const result = welchTTest(absErrorsA, absErrorsB);
    expect(relativeError(result.statistic, c.welch_t.statistic, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(relativeError(result.p_value, c.welch_t.p_value, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
  });

  it('mannWhitneyU matches scipy mannwhitneyu(two-sided, asymptotic, continuity)', () => {
    const result = mannWhitneyU(absErrorsA, absErrorsB);
    expect(result.statistic).toBe(c.mann_whitney_u.statistic);
    expect(relativeError(result.p_value, c.mann_whitney_u.p_value, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
  });
});

describe('independent tests on small samples (SciPy 1.17.1)', () => {
  it('welchTTest: unequal sizes and variances', () => {
    const result = welchTTest([1, 2, 3, 4], [2, 4, 6, 8, 10]);
    expect(relativeError(result.statistic, -2.2514363231593695, 0)).toBeLessThan(1e-12);
    expect(relativeError(result.df, 5.520787746170677, 0)).toBeLessThan(1e-12);
    expect(relativeError(result.p_value, 0.06913359319239237, 0)).toBeLessThan(1e-9);
  });

  it('mannWhitneyU: ties across the samples', () => {
    const result = mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 5, 5]);
    expect(result.statistic).toBe(2.5);
    expect(relativeError(result.p_value, 0.07854585095119067, 0)).toBeLessThan(1e-12);
  });

  it('finds no evidence when every value is tied', () => {
    expect(mannWhitneyU([1, 1, 1], [1, 1])).toEqual({ statistic: 3, p_value: 1 });
    expect(welchTTest([1, 1], [1, 1, 1])).toEqual({ statistic: 0, p_value: 1, df: 3 });
  });
});
