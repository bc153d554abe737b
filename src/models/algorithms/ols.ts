/**
 * Ordinary least squares with an intercept, and the classical inference statsmodels' OLS
 * reports for it (standard errors, Student t p-values, overall F test).
 *
 * The fit uses a Householder QR decomposition of the design matrix rather than the normal
 * equations: it never forms X'X, so its condition number is not squared (Golub & Van Loan,
 * Matrix Computations, 4th ed., section 5.3). (X'X)^-1, needed for the standard errors, is
 * R^-1 R^-T with R the p x p triangular factor.
 */
import { Matrix, inverse } from 'ml-matrix';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import fCdf from '@stdlib/stats-base-dists-f-cdf';

/** Everything statsmodels' OLS results report that the service uses; JSON-serialisable. */
export interface OlsStatistics {
  n: number;
  /** Fitted parameters including the intercept. */
  p: number;
  /** n - p. */
  df_residual: number;
  intercept: number;
  coefficients: number[];
  intercept_std_error: number;
  coefficient_std_errors: number[];
  intercept_p_value: number;
  coefficient_p_values: number[];
  /** 1 - SSE/SST; 0 for the intercept-only model; null when y is constant (SST = 0). */
  r_squared: number | null;
  /** 1 - (1 - R²)(n - 1)/(n - p); null when R² is. */
  adj_r_squared: number | null;
  /** ((SST - SSE)/(p - 1)) / (SSE/(n - p)); null for the intercept-only model or constant y. */
  f_statistic: number | null;
  f_p_value: number | null;
  /** s = sqrt(SSE / (n - p)). */
  residual_std_error: number;
}

export interface OlsModel extends OlsStatistics {
  /** In-sample predictions, in the order of the rows fitted. */
  fitted: number[];
  predict(rows: readonly (readonly number[])[]): number[];
}

/**
 * Fits y = b0 + x·b by ordinary least squares.
 *
 * Inference as in statsmodels OLS (Greene, Econometric Analysis, 7th ed., ch. 4-5):
 * se(b_j) = sqrt(s² [(X'X)^-1]_jj) with s² = SSE/(n - p); t_j = b_j / se(b_j), two-sided p-value
 * from Student's t with n - p degrees of freedom; F = (SSR/(p - 1)) / s², p-value from
 * F(p - 1, n - p). An F p-value below about 1e-16 is reported as 0 (1 - CDF in double precision).
 *
 * @param rows one row of feature values per observation (no intercept column); [] rows
 *   (zero features) fit the intercept-only model, whose intercept is the mean of y
 * @param y observations
 * @throws RangeError when the shapes disagree, n <= p, or the columns are linearly dependent
 */
export function fitOls(rows: readonly (readonly number[])[], y: readonly number[]): OlsModel {
  const n = y.length;
  const features = featureCount(rows, n);
  const p = features + 1;
  if (n <= p) throw new RangeError(`OLS needs more observations than parameters (n=${n}, p=${p})`);

  const qr = householderQr(rows, n, p);
  const r = qr.upperTriangular();
  assertFullRank(r, n);
  const beta = qr.solve(y);
  const fitted = rows.map((row) => {
    let sum = beta[0];
    for (let j = 0; j < features; j++) sum += row[j] * beta[j + 1];
    return sum;
  });

  const sse = sumOfSquares(y.map((value, i) => value - fitted[i]));
  const sst = centredSumOfSquares(y);
  const dfResidual = n - p;
  const s2 = sse / dfResidual;
  const standardErrors = inverseGramDiagonal(r).map((v) => Math.sqrt(s2 * v));
  const pValues = beta.map((b, j) => twoSidedTPValue(b / standardErrors[j], dfResidual));
  const rSquared = sst > 0 ? (features === 0 ? 0 : 1 - sse / sst) : null;
  const fStatistic = features > 0 && sst > 0 ? (sst - sse) / features / s2 : null;

  const intercept = beta[0];
  const coefficients = beta.slice(1);
  return {
    n,
    p,
    df_residual: dfResidual,
    intercept,
    coefficients,
    intercept_std_error: standardErrors[0],
    coefficient_std_errors: standardErrors.slice(1),
    intercept_p_value: pValues[0],
    coefficient_p_values: pValues.slice(1),
    r_squared: rSquared,
    adj_r_squared: rSquared === null ? null : 1 - ((1 - rSquared) * (n - 1)) / dfResidual,
    f_statistic: fStatistic,
    f_p_value: fStatistic === null ? null : 1 - fCdf(fStatistic, features, dfResidual),
    residual_std_error: Math.sqrt(s2),
    fitted,
    predict: (newRows) => predictLinear(intercept, coefficients, newRows),
  };
}

/** A Householder QR factorisation of [1 X] and least squares with it. */
interface HouseholderQr {
  /** R, p x p. */
  upperTriangular(): Matrix;
  /** argmin |[1 X] b - y|: b0 first. */
  solve(y: readonly number[]): number[];
}

/**
 * JAMA's Householder QR (Hicklin et al., JAMA 1.0.3, QRDecomposition; as in ml-matrix 6's
 * QrDecomposition, with the same operations in the same order, so the results are bit for bit
 * those of ml-matrix) on one column-major Float64Array. ml-matrix keeps a matrix as one array
 * per row and reaches every element through get/set: for a year of hourly intervals (8,760 x 27)
 * that took about 60 % of a baseline fit, its time and garbage; here the inner loops run down
 * one contiguous column.
 */
function householderQr(rows: readonly (readonly number[])[], n: number, p: number): HouseholderQr {
  // Column j of [1 X] at qr[j·n .. j·n + n - 1]; below the diagonal it becomes the Householder vectors.
  const qr = new Float64Array(n * p);
  qr.fill(1, 0, n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    for (let j = 1; j < p; j++) qr[j * n + i] = row[j - 1];
  }
  const rDiagonal = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const ck = k * n;
    let norm = 0;
    for (let i = k; i < n; i++) norm = hypotenuse(norm, qr[ck + i]);
    if (norm !== 0) {
      if (qr[ck + k] < 0) norm = -norm;
      for (let i = k; i < n; i++) qr[ck + i] /= norm;
      qr[ck + k] += 1;
      for (let j = k + 1; j < p; j++) {
        const cj = j * n;
        let s = 0;
        for (let i = k; i < n; i++) s += qr[ck + i] * qr[cj + i];
        s = -s / qr[ck + k];
        for (let i = k; i < n; i++) qr[cj + i] += s * qr[ck + i];
      }
    }
    rDiagonal[k] = -norm;
  }
  return {
    upperTriangular: () =>
      new Matrix(
        Array.from({ length: p }, (_, i) =>
          Array.from({ length: p }, (_, j) => (i < j ? qr[j * n + i] : i === j ? rDiagonal[i] : 0)),
        ),
      ),
    solve(y) {
      // Q'y by the stored reflections, then back substitution with R.
      const x = Float64Array.from(y);
      for (let k = 0; k < p; k++) {
        const ck = k * n;
        let s = 0;
        for (let i = k; i < n; i++) s += qr[ck + i] * x[i];
        s = -s / qr[ck + k];
        for (let i = k; i < n; i++) x[i] += s * qr[ck + i];
      }
      for (let k = p - 1; k >= 0; k--) {
        x[k] /= rDiagonal[k];
        for (let i = 0; i < k; i++) x[i] -= x[k] * qr[k * n + i];
      }
      return Array.from(x.subarray(0, p));
    },
  };
}

/** sqrt(a² + b²) without overflow, JAMA's (and ml-matrix's) formula. */
function hypotenuse(a: number, b: number): number {
  if (Math.abs(a) > Math.abs(b)) {
    const r = b / a;
    return Math.abs(a) * Math.sqrt(1 + r * r);
  }
  if (b !== 0) {
    const r = a / b;
    return Math.abs(b) * Math.sqrt(1 + r * r);
  }
  return 0;
}

/** b0 + x·b for each row; used with stored (JSON) parameters as well as by fitted models. */
export function predictLinear(
  intercept: number,
  coefficients: readonly number[],
  rows: readonly (readonly number[])[],
): number[] {
  return rows.map((row) => {
    if (row.length !== coefficients.length) {
      throw new RangeError(`row has ${row.length} values, the model ${coefficients.length} coefficients`);
    }
    return row.reduce((sum, value, j) => sum + value * coefficients[j], intercept);
  });
}

/** Two-sided p-value of a Student t statistic: 2 P(T_df <= -|t|) (no cancellation for small p). */
export function twoSidedTPValue(t: number, df: number): number {
  return 2 * tCdf(-Math.abs(t), df);
}

/** Number of features per row, after checking that every row has it and that there is one row per y. */
function featureCount(rows: readonly (readonly number[])[], n: number): number {
  if (n === 0) throw new RangeError('OLS needs at least one observation');
  if (rows.length !== n) throw new RangeError(`${rows.length} rows of features but ${n} observations`);
  const features = rows[0].length;
  rows.forEach((row, i) => {
    if (row.length !== features)
      throw new RangeError(`row ${i} has ${row.length} features, row 0 has ${features}`);
  });
  return features;
}

/**
 * Rank test on R's diagonal with NumPy's matrix_rank tolerance, max|r_kk| · n · eps:
 * a column that is (numerically) a combination of the previous ones leaves a ~0 pivot.
 */
function assertFullRank(r: Matrix, n: number): void {
  const diagonal = r.diag().map(Math.abs);
  const tolerance = Math.max(...diagonal) * n * Number.EPSILON;
  const dependent = diagonal.findIndex((value) => value <= tolerance);
  if (dependent >= 0) {
    const what = dependent === 0 ? 'the intercept column' : `feature column ${dependent - 1}`;
    throw new RangeError(`design matrix is rank deficient: ${what} is a linear combination of the others`);
  }
}

/** diag((X'X)^-1) = row sums of squares of R^-1, since (X'X)^-1 = R^-1 R^-T. */
function inverseGramDiagonal(r: Matrix): number[] {
  const rInverse = inverse(r);
  return rInverse.to2DArray().map((row) => sumOfSquares(row));
}

function sumOfSquares(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v * v, 0);
}

function centredSumOfSquares(values: readonly number[]): number {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return sumOfSquares(values.map((v) => v - mean));
}
