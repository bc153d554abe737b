import {
  FLOOR_10_DECIMALS,
  forecastErrors,
  readReference,
  REFERENCE_TOLERANCE,
  relativeError,
} from '../../drift/stats/testing/reference-data';
import { dieboldMariano } from './diebold-mariano';
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
