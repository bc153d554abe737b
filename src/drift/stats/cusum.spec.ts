import { cumulativeSumOfDifferences, tabularCusum } from './cusum';
import {
  FLOOR_6_DECIMALS,
  maxRelativeError,
  readReference,
  REFERENCE_TOLERANCE,
  relativeError,
} from './testing/reference-data';

const reference = readReference('cusum.json');

describe('tabularCusum', () => {
  const result = tabularCusum(reference.monitor_residuals, {
    mean: reference.train_residual_mean,
    sd: reference.train_residual_sd,
    k: reference.k,
    h: reference.h,
  });

  it('matches cusum.json C+ and C- on the 2015 residuals of the gas ~ HDD baseline', () => {
    // cusum.json rounds C+ and C- to 6 decimals.
    expect(maxRelativeError(result.c_plus, reference.c_plus, FLOOR_6_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(maxRelativeError(result.c_minus, reference.c_minus, FLOOR_6_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
  });

  it('finds the same first alarms up and down', () => {
    expect(result.first_alarm_index_up).toBe(reference.first_alarm_index_up);
    expect(result.first_alarm_index_down).toBe(reference.first_alarm_index_down);
  });

  it('defaults to k = 0.5, h = 5 and reports no alarm for an in-control series', () => {
    const quiet = tabularCusum([0.4, -0.4, 0.9, -0.9], { mean: 0, sd: 1 });
    expect(quiet.c_plus).toEqual([0, 0, 0.4, 0]);
    expect(quiet.c_minus).toEqual([0, 0, 0, 0.4]);
    expect(quiet.first_alarm_index_up).toBeNull();
    expect(quiet.first_alarm_index_down).toBeNull();
  });

  it('refuses a non-positive standard deviation', () => {
    expect(() => tabularCusum([1], { mean: 0, sd: 0 })).toThrow(RangeError);
  });
});

describe('cumulativeSumOfDifferences', () => {
  it('ends at the cusum.json total: the residuals are actual - expected', () => {
    const expected = reference.monitor_residuals.map(() => 0);
    const sums = cumulativeSumOfDifferences(reference.monitor_residuals, expected);
    expect(sums).toHaveLength(reference.monitor_residuals.length);
    expect(
      relativeError(sums[sums.length - 1], reference.cusum_of_differences_final, FLOOR_6_DECIMALS),
    ).toBeLessThan(REFERENCE_TOLERANCE);
  });

  it('accumulates actual - expected', () => {
    expect(cumulativeSumOfDifferences([10, 12, 9], [11, 11, 11])).toEqual([-1, 0, -2]);
    expect(() => cumulativeSumOfDifferences([1], [1, 2])).toThrow(RangeError);
  });
});
