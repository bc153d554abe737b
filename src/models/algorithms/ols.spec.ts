import { Matrix, QrDecomposition } from 'ml-matrix';
import { errorMetrics } from './error-metrics';
import { fitOls, predictLinear, twoSidedTPValue } from './ols';
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

describe('fitOls least squares', () => {
  it("gives bit for bit the coefficients and fitted values of ml-matrix's QrDecomposition", () => {
    // A design like an hourly baseline's: a temperature-like column, hour dummies, a weekend flag.
    let state = 12345;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const rows = Array.from({ length: 500 }, (_, i) => [
      15 * random() - 2,
      ...Array.from({ length: 5 }, (_, h) => (i % 6 === h + 1 ? 1 : 0)),
      Math.floor(i / 24) % 7 >= 5 ? 1 : 0,
    ]);
    const y = rows.map((row) => 40 + 3 * row[0] + 10 * row[2] - 5 * row[6] + 4 * random());
    const design = new Matrix(rows.map((row) => [1, ...row]));
    const beta = new QrDecomposition(design).solve(Matrix.columnVector(y)).to1DArray();

    const model = fitOls(rows, y);
    expect([model.intercept, ...model.coefficients]).toEqual(beta);
    expect(model.fitted).toEqual(design.mmul(Matrix.columnVector(beta)).to1DArray());
  });
});
