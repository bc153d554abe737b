import { ksTwoSample } from './ks';
import {
  FLOOR_10_DECIMALS,
  readReference,
  REFERENCE_TOLERANCE,
  relativeError,
} from './testing/reference-data';

const { cases } = readReference('drift.json');

describe('ksTwoSample', () => {
  describe.each(cases)('drift.json $name', (c) => {
    it('matches scipy ks_2samp: statistic and asymptotic p-value', () => {
      const result = ksTwoSample(c.reference, c.current, 'asymptotic');
      expect(result.method).toBe('asymptotic');
      expect(relativeError(result.statistic, c.ks_statistic, FLOOR_10_DECIMALS)).toBeLessThan(
        REFERENCE_TOLERANCE,
      );
      expect(relativeError(result.p_value, c.ks_p_value_asymptotic, FLOOR_10_DECIMALS)).toBeLessThan(
        REFERENCE_TOLERANCE,
      );
    });

    it("matches scipy's default p-value (exact up to 10 000 values per sample)", () => {
      const result = ksTwoSample(c.reference, c.current);
      expect(result.method).toBe('exact');
      expect(relativeError(result.statistic, c.ks_statistic, FLOOR_10_DECIMALS)).toBeLessThan(
        REFERENCE_TOLERANCE,
      );
      expect(relativeError(result.p_value, c.ks_p_value_scipy_auto, FLOOR_10_DECIMALS)).toBeLessThan(
        REFERENCE_TOLERANCE,
      );
    });
  });

  it('keeps relative precision for p-values far below the reference rounding', () => {
    // drift.json rounds these to 0; SciPy 1.17.1 gives exact 6.399801271858337e-76 and
    // asymptotic 4.7915298616120814e-76 for gas 2013 vs 2015.
    const gas = cases.find((c) => c.name === 'gas_2013_vs_2015');
    if (gas === undefined) throw new Error('case gas_2013_vs_2015 missing from drift.json');
    expect(
      relativeError(ksTwoSample(gas.reference, gas.current).p_value, 6.399801271858337e-76, 0),
    ).toBeLessThan(1e-9);
    expect(
      relativeError(ksTwoSample(gas.reference, gas.current, 'asymptotic').p_value, 4.7915298616120814e-76, 0),
    ).toBeLessThan(1e-9);
  });

  it('counts lattice paths exactly for tiny samples', () => {
    // Complete separation of 3 and 3 values: 2 of the C(6, 3) = 20 orderings, p = 0.1.
    const separated = ksTwoSample([1, 2, 3], [4, 5, 6]);
    expect(separated.statistic).toBe(1);
    expect(separated.p_value).toBeCloseTo(0.1, 15);
    expect(ksTwoSample([1, 2, 3], [1, 2, 3])).toEqual({ statistic: 0, p_value: 1, method: 'exact' });
  });

  it('uses the asymptotic distribution above 10 000 values in auto mode', () => {
    const reference = Array.from({ length: 10_001 }, (_, i) => i);
    const result = ksTwoSample(reference, [5000.5]);
    expect(result.method).toBe('asymptotic');
    // SciPy 1.17.1: statistic 0.5000499950005, p 0.9999000099990001 (kstwo with n = round(0.9999) = 1).
    expect(relativeError(result.statistic, 0.5000499950005, 0)).toBeLessThan(1e-12);
    expect(relativeError(result.p_value, 0.9999000099990001, 0)).toBeLessThan(1e-12);
  });

  it('refuses empty or non-finite samples', () => {
    expect(() => ksTwoSample([], [1])).toThrow(RangeError);
    expect(() => ksTwoSample([1, NaN], [1])).toThrow(RangeError);
  });
});
