import {
  FLOOR_10_DECIMALS,
  forecastErrors,
  readReference,
  REFERENCE_TOLERANCE,
  relativeError,
} from '../../drift/stats/testing/reference-data';
import { dieboldMariano, dieboldMarianoHac } from './diebold-mariano';
import { pairedTTest } from './paired-tests';

const { actual, cases } = readReference('abtest.json');

describe.each(cases)('dieboldMariano on abtest.json $name', (c) => {
  const errorsA = forecastErrors(actual, c.prediction_a);
  const errorsB = forecastErrors(actual, c.prediction_b);

  it('matches DM, the HLN statistic and its p-value (squared loss, horizon 1)', () => {
    const result = dieboldMariano(errorsA, errorsB);
    expect(result.loss).toBe(c.diebold_mariano.loss);
    expect(relativeError(result.dm, c.diebold_mariano.dm, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(
      relativeError(result.hln_statistic, c.diebold_mariano.hln_statistic, FLOOR_10_DECIMALS),
    ).toBeLessThan(REFERENCE_TOLERANCE);
    expect(relativeError(result.p_value, c.diebold_mariano.p_value, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
    expect(result.df).toBe(actual.length - 1);
  });

  it('with absolute loss, HLN equals the paired t-test on absolute errors', () => {
    // sqrt((n-1)/n) turns var(d, ddof 0) into var(d, ddof 1): the two statistics coincide.
    const result = dieboldMariano(errorsA, errorsB, 'absolute');
    const pairedT = pairedTTest(errorsA.map(Math.abs), errorsB.map(Math.abs));
    expect(relativeError(result.hln_statistic, pairedT.statistic, 0)).toBeLessThan(1e-9);
    expect(relativeError(result.hln_statistic, c.paired_t.statistic, FLOOR_10_DECIMALS)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
  });
});

describe.each(cases)('dieboldMarianoHac on abtest.json $name', (c) => {
  const errorsA = forecastErrors(actual, c.prediction_a);
  const errorsB = forecastErrors(actual, c.prediction_b);
  const expected = c.diebold_mariano_hac;
  const result = dieboldMarianoHac(errorsA, errorsB);
  const close = (value: number, reference: number) => relativeError(value, reference, FLOOR_10_DECIMALS);

  it('matches the Newey-West statistic, its p-value, lags and long-run variance', () => {
    expect(result.loss).toBe(expected.loss);
    expect(result.lags).toBe(expected.lags);
    expect(close(result.statistic, expected.statistic)).toBeLessThan(REFERENCE_TOLERANCE);
    expect(close(result.p_value, expected.p_value)).toBeLessThan(REFERENCE_TOLERANCE);
    expect(close(result.long_run_variance, expected.long_run_variance)).toBeLessThan(REFERENCE_TOLERANCE);
    expect(result.df).toBe(actual.length - 1);
  });

  it('reports the lag-1 autocorrelation of the loss differential', () => {
    expect(close(result.lag1_autocorrelation, expected.lag1_autocorrelation_of_d)).toBeLessThan(
      REFERENCE_TOLERANCE,
    );
  });
});

it('halves the Diebold-Mariano statistic where the days are strongly autocorrelated (mean_vs_hdd, r_1 = 0.73)', () => {
  const c = cases.find((candidate) => candidate.name === 'mean_vs_hdd')!;
  const errorsA = forecastErrors(actual, c.prediction_a);
  const errorsB = forecastErrors(actual, c.prediction_b);
  const hac = dieboldMarianoHac(errorsA, errorsB);
  // The long-run variance is about 3.9 times var(d): the statistic shrinks by about 2.
  expect(hac.statistic / dieboldMariano(errorsA, errorsB).dm).toBeCloseTo(
    c.diebold_mariano_hac.statistic / c.diebold_mariano.dm,
    6,
  );
});

describe('dieboldMarianoHac on a small sample', () => {
  // numpy: d = a**2 - b**2; x = d - d.mean(); g_j = (x[j:] * x[:n-j]).sum() / n;
  // lrv = g_0 + 2 sum_j (1 - j/(L+1)) g_j; t = d.mean() / sqrt(lrv / n); p = 2 * scipy.stats.t.sf(|t|, n - 1)
  const errorsA = [1, -2, 3, -1, 0.5, 2.2, -0.7, 1.9, -1.2, 0.3, 2.5, -0.4];
  const errorsB = [0.5, 1, -1, 2, -0.2, 1.1, -1.5, 0.2, 0.8, -0.9, 1.4, 0.6];

  it.each([
    [undefined, 2, 2.658090972222224, 3.2880344601151457, 0.007229906996244028],
    [3, 3, 3.153754687500002, 3.0186122225731324, 0.011684653475654462],
  ])('lags %s', (lags, expectedLags, longRunVariance, statistic, p) => {
    const result = dieboldMarianoHac(errorsA, errorsB, 'squared', lags);
    expect(result.lags).toBe(expectedLags);
    expect(relativeError(result.long_run_variance, longRunVariance, 0)).toBeLessThan(1e-12);
    expect(relativeError(result.statistic, statistic, 0)).toBeLessThan(1e-12);
    expect(relativeError(result.p_value, p, 0)).toBeLessThan(1e-9);
    expect(relativeError(result.lag1_autocorrelation, -0.41210478096094366, 0)).toBeLessThan(1e-12);
  });

  it('is certain for a constant loss differential and silent for none', () => {
    expect(dieboldMarianoHac([2, 2, 2], [1, 1, 1])).toMatchObject({ statistic: Infinity, p_value: 0 });
    expect(dieboldMarianoHac([1, -2, 3], [-1, 2, -3])).toMatchObject({ statistic: 0, p_value: 1 });
  });
});

describe('dieboldMariano on a small sample', () => {
  // numpy: d = L(e_a) - L(e_b); dm = d.mean() / sqrt(d.var() / n); hln = dm * sqrt((n - 1) / n);
  // p = 2 * scipy.stats.t.sf(|hln|, n - 1)
  const errorsA = [1, -2, 3, -1, 0.5];
  const errorsB = [0.5, 1, -1, 2, -0.2];

  it.each([
    ['squared', 1.0983305563140302, 0.982376714273333, 0.38153390801305137],
    ['absolute', 1.2817632448803624, 1.1464438986452798, 0.31553010553341737],
  ] as const)('%s loss', (loss, dm, hln, p) => {
    const result = dieboldMariano(errorsA, errorsB, loss);
    expect(relativeError(result.dm, dm, 0)).toBeLessThan(1e-12);
    expect(relativeError(result.hln_statistic, hln, 0)).toBeLessThan(1e-12);
    expect(relativeError(result.p_value, p, 0)).toBeLessThan(1e-9);
    expect(result.mean_loss_difference).toBeGreaterThan(0);
  });

  it('is certain for a constant loss differential and silent for none', () => {
    expect(dieboldMariano([2, 2, 2], [1, 1, 1])).toMatchObject({ dm: Infinity, p_value: 0 });
    expect(dieboldMariano([1, -2, 3], [-1, 2, -3])).toMatchObject({ dm: 0, p_value: 1 });
  });
});
