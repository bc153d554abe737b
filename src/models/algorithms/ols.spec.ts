import { Matrix, QrDecomposition, inverse } from 'ml-matrix';
import fCdf from '@stdlib/stats-base-dists-f-cdf';
import { errorMetrics } from './error-metrics';
import {
  NORMAL_EQUATIONS_MAX_CONDITION,
  fSurvival,
  fitOls,
  predictLinear,
  solveLeastSquares,
  twoSidedTPValue,
} from './ols';
import { loadRegressionCases, mismatches } from './testing/fixtures';

const OLS_FIELDS = [
  'coefficients',
  'intercept',
  'r_squared',
  'adj_r_squared',
  'coefficient_p_values',
  'intercept_p_value',
  'f_statistic',
  'f_p_value',
];
const METRIC_FIELDS = ['rmse', 'mae', 'mape', 'cv_rmse_pct', 'nmbe_pct'];

describe('fitOls against statsmodels (regression.json)', () => {
  // train.X is rounded to 6 decimals in the file while statsmodels fitted the unrounded values;
  // that alone moves some results by up to ~8e-7 relative, still inside the file's 1e-6.
  describe.each(loadRegressionCases().map((c) => [c.name, c] as const))('%s', (_, referenceCase) => {
    const model = fitOls(referenceCase.train.X, referenceCase.train.y);

    it('matches coefficients, R², adjusted R², p-values and the F test', () => {
      expect(model.n).toBe(referenceCase.expected_fit.n);
      expect(model.p).toBe(referenceCase.expected_fit.p);
      expect(mismatches({ ...model }, referenceCase.expected_fit, OLS_FIELDS)).toEqual([]);
    });

    it('gives the in-sample Guideline 14 metrics with n - p', () => {
      const metrics = errorMetrics(referenceCase.train.y, model.fitted, model.p);
      expect(mismatches({ ...metrics }, referenceCase.expected_fit, ['r_squared', ...METRIC_FIELDS])).toEqual(
        [],
      );
    });

    it('scores the test year out of sample', () => {
      const predicted = model.predict(referenceCase.test.X);
      const metrics = errorMetrics(referenceCase.test.y, predicted, 0);
      expect(metrics.n).toBe(referenceCase.expected_test.n);
      expect(
        mismatches({ ...metrics }, referenceCase.expected_test, ['r_squared', ...METRIC_FIELDS]),
      ).toEqual([]);
      const first10 = referenceCase.expected_test_predictions_first10;
      if (first10) {
        expect(
          mismatches({ predicted: predicted.slice(0, 10) }, { predicted: first10 }, ['predicted']),
        ).toEqual([]);
      }
    });
  });
});

describe('fitOls on hand-computed cases', () => {
  it('fits a simple regression (x = 1..5, y = 2 4 5 4 5: b = 0.6, a = 2.2, SSE = 2.4)', () => {
    const model = fitOls([[1], [2], [3], [4], [5]], [2, 4, 5, 4, 5]);
    expect(model.intercept).toBeCloseTo(2.2, 12);
    expect(model.coefficients[0]).toBeCloseTo(0.6, 12);
    expect(model.residual_std_error).toBeCloseTo(Math.sqrt(0.8), 12);
    expect(model.coefficient_std_errors[0]).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(model.intercept_std_error).toBeCloseTo(Math.sqrt(0.8 * 1.1), 12);
    expect(model.r_squared).toBeCloseTo(0.6, 12);
    expect(model.adj_r_squared).toBeCloseTo(1 - (0.4 * 4) / 3, 12);
    expect(model.f_statistic).toBeCloseTo(4.5, 12);
    // scipy.stats: 2 * t.sf(2.1213, 3) = f.sf(4.5, 1, 3) = 0.1240270626575546; 2 * t.sf(2.3452, 3)
    expect(model.coefficient_p_values[0]).toBeCloseTo(0.1240270626575546, 12);
    expect(model.f_p_value).toBeCloseTo(0.1240270626575546, 12);
    expect(model.intercept_p_value).toBeCloseTo(0.10074345608542003, 12);
    expect(model.fitted).toEqual(
      predictLinear(model.intercept, model.coefficients, [[1], [2], [3], [4], [5]]),
    );
  });

  it('fits the intercept-only model: the mean, R² = 0, no F test', () => {
    const model = fitOls([[], [], [], [], []], [1, 2, 3, 4, 5]);
    expect(model.p).toBe(1);
    expect(model.intercept).toBeCloseTo(3, 12);
    expect(model.coefficients).toEqual([]);
    expect(model.intercept_std_error).toBeCloseTo(Math.sqrt(0.5), 12);
    // scipy.stats: 2 * t.sf(3 / sqrt(0.5), 4)
    expect(model.intercept_p_value).toBeCloseTo(0.01323559956368269, 12);
    expect(model.r_squared).toBe(0);
    expect(model.adj_r_squared).toBe(0);
    expect(model.f_statistic).toBeNull();
    expect(model.f_p_value).toBeNull();
    expect(model.predict([[], []])).toEqual([model.intercept, model.intercept]);
  });

  it('reports no R² or F for a constant y', () => {
    const model = fitOls([[1], [2], [3]], [4, 4, 4]);
    expect(model.r_squared).toBeNull();
    expect(model.adj_r_squared).toBeNull();
    expect(model.f_statistic).toBeNull();
  });

  it('refuses linearly dependent columns, too few rows and ragged rows', () => {
    expect(() =>
      fitOls(
        [
          [1, 2],
          [2, 4],
          [3, 6],
          [4, 8],
        ],
        [1, 2, 3, 5],
      ),
    ).toThrow(/rank deficient: feature column 1/);
    expect(() => fitOls([[1], [2]], [1, 2])).toThrow(/more observations than parameters/);
    expect(() => fitOls([[1], [2, 3], [4]], [1, 2, 3])).toThrow(RangeError);
    expect(() => fitOls([], [])).toThrow(RangeError);
  });

  it('computes small two-sided t p-values without cancellation', () => {
    expect(twoSidedTPValue(0, 10)).toBeCloseTo(1, 15);
    expect(twoSidedTPValue(-40, 100)).toBeGreaterThan(0);
    expect(twoSidedTPValue(-40, 100)).toBe(twoSidedTPValue(40, 100));
  });
});

/** A design like an hourly baseline's: a temperature-like column, hour dummies, a weekend flag. */
function hourlyLikeDesign(length: number): { rows: number[][]; y: number[] } {
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const rows = Array.from({ length }, (_, i) => [
    15 * random() - 2,
    ...Array.from({ length: 5 }, (_, h) => (i % 6 === h + 1 ? 1 : 0)),
    Math.floor(i / 24) % 7 >= 5 ? 1 : 0,
  ]);
  const y = rows.map((row) => 40 + 3 * row[0] + 10 * row[2] - 5 * row[6] + 4 * random());
  return { rows, y };
}

function qrReference(rows: number[][], y: number[]): number[] {
  const design = new Matrix(rows.map((row) => [1, ...row]));
  return new QrDecomposition(design).solve(Matrix.columnVector(y)).to1DArray();
}

function maxRelativeDifference(actual: readonly number[], expected: readonly number[]): number {
  return Math.max(...actual.map((a, i) => Math.abs(a - expected[i]) / Math.abs(expected[i])));
}

describe('fitOls least squares', () => {
  it('solves a well-conditioned sparse design by the normal equations, within 1e-11 of QR', () => {
    const { rows, y } = hourlyLikeDesign(500);
    const solution = solveLeastSquares(rows, y);
    expect(solution.method).toBe('normal_equations');
    expect(solution.correlationCondition).toBeLessThan(100);
    // Two methods' rounding on a condition number of ~30: agreement to about 1e-12.
    expect(maxRelativeDifference(solution.beta, qrReference(rows, y))).toBeLessThan(1e-11);

    // diag((X'X)^-1) against ml-matrix's inverse of the Gram matrix.
    const design = new Matrix(rows.map((row) => [1, ...row]));
    const gramInverse = inverse(design.transpose().mmul(design)).diag();
    expect(maxRelativeDifference(solution.inverseGramDiagonal, gramInverse)).toBeLessThan(1e-10);

    const model = fitOls(rows, y);
    expect([model.intercept, ...model.coefficients]).toEqual(solution.beta);
    expect(model.fitted).toEqual(predictLinear(model.intercept, model.coefficients, rows));
  });

  it('keeps its accuracy on a large-mean column and on a mostly-zero column of large values', () => {
    const { rows, y } = hourlyLikeDesign(400);
    // A meter-reading-like column (1e6 + a small variation) and a rare large production count.
    const variation = rows.map((_, i) => Math.sin(i));
    const wide = rows.map((row, i) => [...row, 1e6 + variation[i], i % 10 === 0 ? 5000 + (i % 7) : 0]);
    const target = y.map((value, i) => value + 2 * variation[i] - 1e-3 * wide[i][8]);
    const solution = solveLeastSquares(wide, target);
    expect(solution.method).toBe('normal_equations');
    // The truth: QR with the large column's offset taken out (x - 1e6 is exact), where QR is
    // well-conditioned; the slopes are the same model's (the intercept absorbs the offset).
    const shifted = wide.map((row) => [...row.slice(0, 7), row[7] - 1e6, row[8]]);
    const truth = qrReference(shifted, target);
    // (QR on the raw columns is 2e-8 off here: the offset costs it six digits that centring keeps.)
    expect(maxRelativeDifference(solution.beta.slice(1), truth.slice(1))).toBeLessThan(1e-11);
    expect(Math.abs(solution.beta[0] - (truth[0] - 1e6 * truth[8]))).toBeLessThan(1e-6 * Math.abs(truth[0]));
  });

  it("falls back to QR, bit for bit ml-matrix's QrDecomposition, when the condition number calls for it", () => {
    // x and x² over 1000..1001 are correlated to 1 - 1e-7: condition number ~1e13.
    const rows = Array.from({ length: 200 }, (_, i) => {
      const x = 1000 + i / 200;
      return [x, x * x];
    });
    const y = rows.map(([x], i) => 5 + 0.5 * x + (i % 3));
    const solution = solveLeastSquares(rows, y);
    expect(solution.method).toBe('householder_qr');
    expect(solution.correlationCondition).toBeGreaterThan(NORMAL_EQUATIONS_MAX_CONDITION);
    expect(solution.beta).toEqual(qrReference(rows, y));
    const model = fitOls(rows, y);
    expect([model.intercept, ...model.coefficients]).toEqual(solution.beta);
  });

  it('lets QR name a constant or dependent column', () => {
    const constant = Array.from({ length: 20 }, (_, i) => [i, 3]);
    const y = constant.map((_, i) => i % 4);
    expect(() => fitOls(constant, y)).toThrow(/rank deficient: feature column 1/);
    expect(solveLeastSquares([[1], [2], [3]], [1, 2, 4]).method).toBe('normal_equations');
  });
});

describe('F test p-value (survival function)', () => {
  it('matches scipy.stats.f.sf and stays positive far below 1e-16', () => {
    // scipy.stats.f.sf(x, d1, d2), scipy 1.10.1
    expect(fSurvival(4.5, 1, 3)).toBeCloseTo(0.12402706265755467, 14);
    expect(fSurvival(0.5, 2, 10)).toBeCloseTo(0.620921323059155, 14);
    expect(fSurvival(100, 3, 726) / 3.4736132651592593e-54).toBeCloseTo(1, 10);
    expect(fSurvival(400, 3, 726) / 2.631735415928157e-153).toBeCloseTo(1, 10);
    expect(fSurvival(0, 3, 726)).toBe(1);
    for (const x of [0.1, 1, 3, 10]) expect(fSurvival(x, 3, 50)).toBeCloseTo(1 - fCdf(x, 3, 50), 14);
  });

  it("reports the reference fits' tiny F p-values as positive numbers (the file rounds them to 0)", () => {
    // scipy.stats.f.sf of the reference's own F statistic and degrees of freedom.
    const expected: Record<string, number> = {
      b40_daily_electricity_hdd_cdd_weekend: 4.0481418324776363e-215,
      b40_monthly_gas_hdd: 4.823867574923015e-20,
    };
    for (const referenceCase of loadRegressionCases().filter((c) => c.name in expected)) {
      const model = fitOls(referenceCase.train.X, referenceCase.train.y);
      expect(model.f_p_value).toBeGreaterThan(0);
      expect(Math.abs(model.f_p_value! / expected[referenceCase.name] - 1)).toBeLessThan(1e-4);
    }
  });
});
