import {
  FLOOR_10_DECIMALS,
  readReference,
  REFERENCE_TOLERANCE,
  relativeError,
} from './testing/reference-data';
import { wasserstein } from './wasserstein';

const { cases } = readReference('drift.json');

describe('wasserstein', () => {
  it.each(cases)('matches drift.json $name: raw and normed by the reference std', (c) => {
    const result = wasserstein(c.reference, c.current);
    expect(relativeError(result.distance, c.wasserstein, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(
      relativeError(result.normed_distance ?? NaN, c.wasserstein_normed_by_reference_std, FLOOR_10_DECIMALS),
    ).toBeLessThan(REFERENCE_TOLERANCE);
  });

  it('is the shift for a shifted sample and symmetric', () => {
    // scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5
    expect(wasserstein([0, 1, 3], [5, 6, 8]).distance).toBeCloseTo(5, 14);
    expect(wasserstein([5, 6, 8], [0, 1, 3]).distance).toBeCloseTo(5, 14);
    // scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8, 8]) = 5.416666666666666
    expect(wasserstein([0, 1, 3], [5, 6, 8, 8]).distance).toBeCloseTo(5.416666666666666, 14);
  });

  it('has no normed distance when the reference does not vary', () => {
    expect(wasserstein([2, 2, 2], [1, 3])).toEqual({ distance: 1, normed_distance: null });
  });
});
