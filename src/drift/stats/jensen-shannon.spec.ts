import { jensenShannonDistance } from './jensen-shannon';
import {
  FLOOR_10_DECIMALS,
  readReference,
  REFERENCE_TOLERANCE,
  relativeError,
} from './testing/reference-data';

const { cases } = readReference('drift.json');

describe('jensenShannonDistance', () => {
  it.each(cases)('matches drift.json $name on the PSI bin proportions, base 2', (c) => {
    const distance = jensenShannonDistance(c.psi_reference_proportions, c.psi_current_proportions);
    expect(relativeError(distance, c.jensen_shannon_distance_base2, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
  });

  it('is 0 for equal distributions and 1 (base 2) for disjoint ones', () => {
    expect(jensenShannonDistance([1, 2, 3], [2, 4, 6])).toBe(0);
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(1, 15);
    // scipy.spatial.distance.jensenshannon([1, 0], [0, 1]) = sqrt(ln 2) in nats
    expect(jensenShannonDistance([1, 0], [0, 1], Math.E)).toBeCloseTo(Math.sqrt(Math.LN2), 15);
  });

  it('refuses mismatched, negative or empty distributions', () => {
    expect(() => jensenShannonDistance([1], [0.5, 0.5])).toThrow(RangeError);
    expect(() => jensenShannonDistance([1, -1], [0.5, 0.5])).toThrow(RangeError);
    expect(() => jensenShannonDistance([0, 0], [0.5, 0.5])).toThrow(RangeError);
  });
});
