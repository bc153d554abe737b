import {
  mean,
  quantileSorted,
  requireFiniteSample,
  sortedCopy,
  standardDeviation,
  variance,
  walkPooledEcdf,
} from './descriptive';

describe('descriptive statistics', () => {
  it('computes mean, population and sample variance', () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(values)).toBe(5);
    expect(variance(values)).toBe(4);
    expect(standardDeviation(values)).toBe(2);
    expect(variance(values, 1)).toBeCloseTo(32 / 7, 15);
  });

  it('sorts numerically, not as strings', () => {
    expect(Array.from(sortedCopy([10, 9, -1, 100]))).toEqual([-1, 9, 10, 100]);
  });

  it('interpolates quantiles like numpy.quantile(method="linear")', () => {
    // numpy.quantile([1, 2, 3, 4], [0, 0.1, 0.5, 0.9, 1]) = [1, 1.3, 2.5, 3.7, 4]
    const sorted = [1, 2, 3, 4];
    expect(quantileSorted(sorted, 0)).toBe(1);
    expect(quantileSorted(sorted, 0.1)).toBeCloseTo(1.3, 15);
    expect(quantileSorted(sorted, 0.5)).toBe(2.5);
    expect(quantileSorted(sorted, 0.9)).toBeCloseTo(3.7, 15);
    expect(quantileSorted(sorted, 1)).toBe(4);
    expect(quantileSorted([42], 0.3)).toBe(42);
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileSorted(sorted, 1.5)).toThrow(RangeError);
  });

  it('refuses empty or non-finite samples, naming them', () => {
    expect(() => requireFiniteSample([], 'reference')).toThrow(/reference needs at least 1/);
    expect(() => requireFiniteSample([1, NaN], 'current')).toThrow(/current\[1\]/);
    expect(() => requireFiniteSample([1, Infinity], 'current')).toThrow(RangeError);
    expect(() => requireFiniteSample([], 'residuals', 0)).not.toThrow();
  });

  it('walks the steps of two empirical CDFs with counts of values <= each pooled value', () => {
    const steps: number[][] = [];
    walkPooledEcdf([1, 2, 2], [2, 3], (value, countA, countB, next) =>
      steps.push([value, countA, countB, next]),
    );
    expect(steps).toEqual([
      [1, 1, 0, 2],
      [2, 3, 1, 3],
      [3, 3, 2, Infinity],
    ]);
  });
});
