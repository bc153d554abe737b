import {
  FLOOR_10_DECIMALS,
  forecastErrors,
  readReference,
  REFERENCE_TOLERANCE,
  relativeError,
} from '../../drift/stats/testing/reference-data';
import { pairedTTest, wilcoxonSignedRank } from './paired-tests';

const { actual, cases } = readReference('abtest.json');

/** scipy.stats.ttest_rel(abs_a, abs_b).confidence_interval(level) (SciPy 1.17.1); abtest.json has no CI. */
const SCIPY_CI: Record<string, Record<number, [number, number]>> = {
  hdd_vs_hdd_weekend: {
    0.95: [-32.57100441882616, 19.420122111976497],
    0.99: [-40.805244189319986, 27.65436188247032],
  },
  mean_vs_hdd: {
    0.95: [9226.0901342691, 10777.660106339117],
    0.99: [8980.355909542237, 11023.39433106598],
  },
};

describe.each(cases)('paired tests on abtest.json $name absolute errors', (c) => {
  const absErrorsA = forecastErrors(actual, c.prediction_a).map(Math.abs);
  const absErrorsB = forecastErrors(actual, c.prediction_b).map(Math.abs);

  it('pairedTTest matches scipy ttest_rel', () => {
    const result = pairedTTest(absErrorsA, absErrorsB);
    expect(relativeError(result.statistic, c.paired_t.statistic, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(relativeError(result.p_value, c.paired_t.p_value, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(result.df).toBe(absErrorsA.length - 1);
    expect(relativeError(result.mean_difference, c.mae_a - c.mae_b, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
  });

  it.each([0.95, 0.99])('pairedTTest gives scipy confidence interval at level %p', (level) => {
    const result = pairedTTest(absErrorsA, absErrorsB, level);
    const [low, high] = SCIPY_CI[c.name][level];
    expect(result.confidence_level).toBe(level);
    expect(relativeError(result.ci_low, low, FLOOR_10_DECIMALS)).toBeLessThan(REFERENCE_TOLERANCE);
    expect(relativeError(result.ci_high, high, FLOOR_10_DECIMALS)).toBeLessThan(REFERENCE_TOLERANCE);
  });

  it('wilcoxonSignedRank matches scipy wilcoxon(zero_method="wilcox", correction=False, method="approx")', () => {
    const result = wilcoxonSignedRank(absErrorsA, absErrorsB);
    expect(result.statistic).toBe(c.wilcoxon.statistic);
    expect(relativeError(result.p_value, c.wilcoxon.p_value, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
  });
});

describe('paired tests on degenerate input', () => {
  it('finds no evidence in identical errors', () => {
    expect(pairedTTest([1, 2, 3], [1, 2, 3])).toMatchObject({
      statistic: 0,
      p_value: 1,
      ci_low: 0,
      ci_high: 0,
    });
    expect(wilcoxonSignedRank([1, 2, 3], [1, 2, 3])).toEqual({ statistic: 0, p_value: 1, n_nonzero: 0 });
  });

  it('treats a constant non-zero difference as certain', () => {
    expect(pairedTTest([2, 3, 4], [1, 2, 3])).toMatchObject({
      statistic: Infinity,
      p_value: 0,
      mean_difference: 1,
    });
  });

  it('drops zero differences and ranks the rest with ties (scipy: statistic 1.5, p 0.1974660733580187)', () => {
    // scipy.stats.wilcoxon([1, 2, 3, 4, 5], [1, 1, 1, 5, 2], zero_method="wilcox", correction=False, method="approx")
    const result = wilcoxonSignedRank([1, 2, 3, 4, 5], [1, 1, 1, 5, 2]);
    expect(result.statistic).toBe(1.5);
    expect(result.n_nonzero).toBe(4);
    expect(relativeError(result.p_value, 0.1974660733580187, 0)).toBeLessThan(1e-12);
  });

  it('refuses unpaired or too short samples and a bad confidence level', () => {
    expect(() => pairedTTest([1, 2], [1])).toThrow(RangeError);
    expect(() => pairedTTest([1], [2])).toThrow(RangeError);
    expect(() => pairedTTest([1, 2], [2, 2], 95)).toThrow(RangeError);
  });
});
