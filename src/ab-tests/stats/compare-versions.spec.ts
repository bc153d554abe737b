import {
  FLOOR_10_DECIMALS,
  readReference,
  REFERENCE_TOLERANCE,
  relativeError,
} from '../../drift/stats/testing/reference-data';
import { comparePairedErrors } from './compare-versions';

const { actual, cases } = readReference('abtest.json');

function referenceCase(name: string) {
  const found = cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`case ${name} missing from abtest.json`);
  return found;
}

describe.each(cases)('comparePairedErrors on abtest.json $name', (c) => {
  const result = comparePairedErrors(actual, c.prediction_a, c.prediction_b, 0.95);

  it('reports both versions\u2019 MAE and the mean absolute-error difference a - b', () => {
    expect(relativeError(result.model_a_metrics.mae, c.mae_a, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(relativeError(result.model_b_metrics.mae, c.mae_b, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(
      relativeError(result.mean_abs_error_difference, c.mae_a - c.mae_b, FLOOR_10_DECIMALS),
    ).toBeLessThan(REFERENCE_TOLERANCE);
    expect(result.ci_low).toBeLessThan(result.mean_abs_error_difference);
    expect(result.ci_high).toBeGreaterThan(result.mean_abs_error_difference);
  });

  it('reports the DM (Newey-West, primary), DM-HLN, paired t and Wilcoxon results of the reference', () => {
    const tolerance = (value: number, expected: number) => relativeError(value, expected, FLOOR_10_DECIMALS);
    expect(tolerance(result.diebold_mariano_hac.statistic, c.diebold_mariano_hac.statistic)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(tolerance(result.p_value, c.diebold_mariano_hac.p_value)).toBeLessThan(REFERENCE_TOLERANCE);
    expect(tolerance(result.diebold_mariano.hln_statistic, c.diebold_mariano.hln_statistic)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(tolerance(result.diebold_mariano.p_value, c.diebold_mariano.p_value)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(tolerance(result.paired_t.statistic, c.paired_t.statistic)).toBeLessThan(REFERENCE_TOLERANCE);
    expect(tolerance(result.paired_t.p_value, c.paired_t.p_value)).toBeLessThan(REFERENCE_TOLERANCE);
    expect(result.wilcoxon.statistic).toBe(c.wilcoxon.statistic);
    expect(tolerance(result.wilcoxon.p_value, c.wilcoxon.p_value)).toBeLessThan(REFERENCE_TOLERANCE);
    expect(result.confidence).toBeCloseTo(1 - result.p_value, 15);
  });

  it('puts a caveat on paired t and Wilcoxon: the loss differential is autocorrelated', () => {
    expect(
      relativeError(
        result.autocorrelation.loss_differential_lag1,
        c.diebold_mariano_hac.lag1_autocorrelation_of_d,
        FLOOR_10_DECIMALS,
      ),
    ).toBeLessThan(REFERENCE_TOLERANCE);
    // 365 days: independent pairs keep |r_1| within 1.96 / sqrt(365) = 0.103; both cases exceed it.
    expect(result.autocorrelation.independence_band).toBeCloseTo(0.1026, 4);
    expect(result.autocorrelation.autocorrelated).toBe(true);
    expect(result.paired_t.caveat).toMatch(/^assumes independent pairs.*lag-1 autocorrelation/);
    expect(result.wilcoxon.caveat).toBe(result.paired_t.caveat);
  });
});

describe('comparePairedErrors decision', () => {
  it('declares the HDD baseline the winner over the mean-only model, p < 0.001', () => {
    const c = referenceCase('mean_vs_hdd');
    const result = comparePairedErrors(actual, c.prediction_a, c.prediction_b, 0.95);
    // The HDD model is the side with the hdd_15_5 feature; the other is intercept-only.
    const hddSide = c.features_a.includes('hdd_15_5') ? 'model_a' : 'model_b';
    expect(result.winner).toBe(hddSide);
    expect(result.p_value).toBeLessThan(0.001);
    expect(result.min_samples).not.toBeNull();
    expect(result.n).toBeGreaterThanOrEqual(result.min_samples ?? Infinity);
    expect(result.recommendation).toContain(`promote model ${hddSide === 'model_a' ? 'A' : 'B'}.`);
  });

  it('declares no winner between the HDD and HDD + weekend baselines', () => {
    const c = referenceCase('hdd_vs_hdd_weekend');
    const result = comparePairedErrors(actual, c.prediction_a, c.prediction_b, 0.95);
    expect(result.winner).toBe('no_winner');
    expect(result.p_value).toBeGreaterThan(0.05);
    expect(result.min_samples).toBe(11579);
    expect(result.no_winner_reason).toBe('not_significant');
    expect(result.recommendation).toMatch(/^No winner: no significant difference/);
    const ended = comparePairedErrors(actual, c.prediction_a, c.prediction_b, 0.95, { ended: true });
    expect(ended).toMatchObject({ winner: 'no_winner', no_winner_reason: 'not_significant', ended: true });
    expect(ended.recommendation).toMatch(/^The test has ended\. No winner/);
    expect(ended.recommendation).not.toMatch(/keep the test running/);
  });

  // Six days: a's squared errors are clearly lower (DM Newey-West p = 0.0127, numpy/scipy as in
  // diebold-mariano.spec.ts), but its absolute-error advantage is noisy: 80 % power needs 15 pairs.
  const observed = [100, 110, 95, 105, 120, 98];
  const predictionsA = [97, 126, 89, 95, 110, 105];
  const predictionsB = [117, 129, 96, 120, 134, 85];

  it('waits for enough samples while the test runs, even when it is significant', () => {
    const result = comparePairedErrors(observed, predictionsA, predictionsB, 0.95);
    expect(relativeError(result.p_value, 0.012690878729625253, 0)).toBeLessThan(1e-9);
    expect(result.min_samples).toBe(15);
    expect(result).toMatchObject({ winner: 'no_winner', no_winner_reason: 'needs_more_pairs' });
    expect(result.recommendation).toMatch(/^Model A looks more accurate .* keep the test running\.$/);
  });

  it('decides on what it has once the test has ended: significant at its level, so A wins', () => {
    const result = comparePairedErrors(observed, predictionsA, predictionsB, 0.95, { ended: true });
    expect(result).toMatchObject({ winner: 'model_a', no_winner_reason: null, ended: true });
    expect(result.recommendation).toMatch(
      /^The test has ended\. Model A is more accurate .*promote model A\.$/,
    );
    // At 99 % the same evidence is not enough: no winner, and no request for more data.
    const strict = comparePairedErrors(observed, predictionsA, predictionsB, 0.99, { ended: true });
    expect(strict).toMatchObject({ winner: 'no_winner', no_winner_reason: 'not_significant' });
    expect(strict.recommendation).not.toMatch(/keep the test running/);
  });

  it('refuses predictions that do not pair with the actuals', () => {
    expect(() => comparePairedErrors([1, 2, 3], [1, 2], [1, 2, 3], 0.95)).toThrow(RangeError);
    expect(() => comparePairedErrors([1, 2, 3], [1, 2, 3], [1, 2, 2], 1.5)).toThrow(RangeError);
  });
});
