import { psi } from './psi';
import {
  FLOOR_10_DECIMALS,
  FLOOR_6_DECIMALS,
  maxRelativeError,
  readReference,
  REFERENCE_TOLERANCE,
  relativeError,
} from './testing/reference-data';

const { cases } = readReference('drift.json');

describe('psi', () => {
  it.each(cases)('matches drift.json $name: statistic, edges and both proportion vectors', (c) => {
    const result = psi(c.reference, c.current);
    expect(relativeError(result.statistic, c.psi, FLOOR_10_DECIMALS)).toBeLessThan(REFERENCE_TOLERANCE);
    // The edges are sample values or interpolations between two, and the synthetic samples
    // are stored rounded to 6 decimals: they can agree to 5e-7 only.
    expect(maxRelativeError(result.bin_edges, c.psi_bin_edges, FLOOR_6_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(
      maxRelativeError(result.reference_proportions, c.psi_reference_proportions, FLOOR_10_DECIMALS),
    ).toBeLessThan(REFERENCE_TOLERANCE);
    expect(
      maxRelativeError(result.current_proportions, c.psi_current_proportions, FLOOR_10_DECIMALS),
    ).toBeLessThan(REFERENCE_TOLERANCE);
  });

  it('drops duplicate edges, giving fewer bins for a driver with many equal values', () => {
    const reference = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2];
    const result = psi(reference, reference);
    // numpy.unique(numpy.quantile(reference, numpy.linspace(0, 1, 11)[1:-1]))
    expect(result.bin_edges).toEqual([0, 0.20000000000000018, 1.0999999999999996]);
    expect(result.reference_proportions).toEqual([0.0001, 0.8, 0.1, 0.1]);
    expect(result.statistic).toBe(0);
  });

  it('puts x in bin i when edges[i-1] <= x < edges[i], and smooths empty bins with 1e-4', () => {
    // As numpy: 10 * (6 * 0.1) = 6.000000000000001, so the 0.6 quantile sits a hair above 7
    // and a current value of exactly 7 falls in the bin below it.
    const result = psi([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [1.9, 2, 7, 11]);
    expect(result.bin_edges).toEqual([2, 3, 4, 5, 6, 7.000000000000001, 8, 9, 10]);
    expect(result.current_proportions).toEqual([
      0.25, 0.25, 0.0001, 0.0001, 0.0001, 0.25, 0.0001, 0.0001, 0.0001, 0.25,
    ]);
  });
});
