/**
 * Ordinary least squares with an intercept, and the classical inference statsmodels' OLS
 * reports for it (standard errors, Student t p-values, overall F test).
 *
 * The fit solves the normal equations of the centred and standardised columns (their correlation
 * matrix) by Cholesky, and falls back to a Householder QR decomposition of [1 X] when that matrix
 * is too ill-conditioned for the normal equations to keep the results within 1e-9 (or singular).
 * Centring removes the intercept's collinearity with every column of non-zero mean, and
 * standardising makes the condition number that of the correlations alone; with the residuals an
 * energy baseline has, the normal equations are then as accurate as QR (Higham, Accuracy and
 * Stability of Numerical Algorithms, 2nd ed., section 20.4) at a fraction of the work: the cross
 * products are accumulated from each row's non-zero entries, and the hour-of-day and weekday
 * dummies of an hourly design are mostly zero.
 */
import { Matrix, inverse } from 'ml-matrix';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import betainc from '@stdlib/math-base-special-betainc';

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
 * from Student's t with n - p degrees of freedom; F = (SSR/(p - 1)) / s², p-value from the survival
 * function of F(p - 1, n - p), so that a p-value far below 1e-16 stays positive.
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

  const { beta, inverseGramDiagonal } = solveLeastSquares(rows, y);
  const fitted = new Array<number>(n);
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    let sum = beta[0];
    for (let j = 0; j < features; j++) sum += row[j] * beta[j + 1];
    fitted[i] = sum;
    sse += (y[i] - sum) * (y[i] - sum);
  }

  const sst = centredSumOfSquares(y);
  const dfResidual = n - p;
  const s2 = sse / dfResidual;
  const standardErrors = inverseGramDiagonal.map((v) => Math.sqrt(s2 * v));
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
    f_p_value: fStatistic === null ? null : fSurvival(fStatistic, features, dfResidual),
    residual_std_error: Math.sqrt(s2),
    fitted,
    predict: (newRows) => predictLinear(intercept, coefficients, newRows),
  };
}

/** The least-squares solution and what the inference needs of (X'X)^-1, for X = [1 X]. */
export interface LeastSquaresSolution {
  /** b0 first. */
  beta: number[];
  /** diag(([1 X]'[1 X])^-1), b0 first. */
  inverseGramDiagonal: number[];
  /** Which method solved it: the normal equations, or QR where their condition called for it. */
  method: 'normal_equations' | 'householder_qr';
  /**
   * 1-norm condition number of the columns' correlation matrix, null when it is singular or a
   * column is constant (those go to QR, which names the dependent column).
   */
  correlationCondition: number | null;
}

/**
 * Largest 1-norm condition number of the correlation matrix for which the normal equations are
 * used: their relative error is about cond · eps (Higham, section 20.4), so 1e6 keeps it near
 * 1e-10, four orders inside the 1e-6 the statsmodels references are checked to. An hourly baseline
 * (temperature terms, 23 hour dummies, weekend) has a condition number of about 10² here.
 */
export const NORMAL_EQUATIONS_MAX_CONDITION = 1e6;

/**
 * argmin |[1 X] b - y| with diag of the inverse Gram matrix: the normal equations of the
 * standardised columns where they are well-conditioned, Householder QR otherwise.
 * Shapes are the caller's to check (fitOls does).
 * @throws RangeError when the columns are linearly dependent
 */
export function solveLeastSquares(
  rows: readonly (readonly number[])[],
  y: readonly number[],
): LeastSquaresSolution {
  const normal = normalEquations(rows, y);
  if (normal.solution) return normal.solution;
  const p = (rows[0]?.length ?? 0) + 1;
  const qr = householderQr(rows, y.length, p);
  const r = qr.upperTriangular();
  assertFullRank(r, y.length);
  return {
    beta: qr.solve(y),
    inverseGramDiagonal: inverseGramDiagonalOfR(r),
    method: 'householder_qr',
    correlationCondition: normal.condition,
  };
}

/**
 * Normal equations on centred, standardised columns, with the cross products of the corrected
 * two-pass algorithm (Chan, Golub & LeVeque, "Algorithms for computing the sample variance",
 * The American Statistician 37(3), 1983): S_jk = sum (x_j - c_j)(x_k - c_k) - d_j d_k / n, with
 * d_j = sum (x_j - c_j), exact for any shift c_j; its rounding error grows with n (mean_j - c_j)² / S_jj
 * only. The shifts come from the first rows (see columnShifts): 0 for a column mostly zero there,
 * which keeps its rows sparse, else their mean, a few standard deviations from the column's mean
 * at worst (a few bits lost, where the 1e-6 of the references allows about thirty).
 * With C = D S D (D = diag(1/sqrt(S_jj))) = L L', the slopes are b = D C^-1 D S_xy, the
 * intercept mean(y) - mean(x)·b, and ([1 X]'[1 X])^-1 has S^-1 = D C^-1 D as its slope block
 * and 1/n + mean(x)' S^-1 mean(x) in its corner.
 * Returns no solution (the condition number, when known) where QR has to decide.
 */
function normalEquations(
  rows: readonly (readonly number[])[],
  y: readonly number[],
): { solution: LeastSquaresSolution | null; condition: number | null } {
  const n = y.length;
  const f = rows[0]?.length ?? 0;
  const { shift, magnitude, dense, sparse } = columnShifts(rows, n, f);
  let yShift = 0;
  const sampled = Math.min(n, SHIFT_SAMPLE);
  for (let i = 0; i < sampled; i++) yShift += y[i];
  yShift /= sampled;

  // sum (x - c)(x - c)' (each pair j != k once, at [j][k] or [k][j]), sum (x - c)(y - c_y) and the
  // shifted sums, row by row over the centred columns and the non-zero entries of the others.
  const gram = new Float64Array(f * f);
  const xy = new Float64Array(f);
  const sums = new Float64Array(f);
  let ySum = 0;
  const index = new Int32Array(f);
  const value = new Float64Array(f);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    let nonZero = 0;
    for (let d = 0; d < dense.length; d++) {
      const j = dense[d];
      index[nonZero] = j;
      value[nonZero++] = row[j] - shift[j];
    }
    for (let z = 0; z < sparse.length; z++) {
      const j = sparse[z];
      const v = row[j];
      if (v !== 0) {
        index[nonZero] = j;
        value[nonZero++] = v;
      }
    }
    const yv = y[i] - yShift;
    ySum += yv;
    for (let a = 0; a < nonZero; a++) {
      const ja = index[a];
      const va = value[a];
      sums[ja] += va;
      xy[ja] += va * yv;
      const offset = ja * f;
      for (let b = a; b < nonZero; b++) gram[offset + index[b]] += va * value[b];
    }
  }

  // Standard deviations (times sqrt(n)); a column without variation is QR's to report.
  const scale = new Float64Array(f);
  for (let j = 0; j < f; j++) {
    const sjj = gram[j * f + j] - (sums[j] * sums[j]) / n;
    const size = Math.max(magnitude[j], Math.abs(shift[j] + sums[j] / n));
    if (!(sjj > 0) || Math.sqrt(sjj / n) <= size * n * Number.EPSILON) {
      return { solution: null, condition: null };
    }
    scale[j] = Math.sqrt(sjj);
  }
  const correlation = new Float64Array(f * f);
  const rhs = new Float64Array(f);
  for (let j = 0; j < f; j++) {
    for (let k = j; k < f; k++) {
      const cross = gram[j * f + k] + gram[k * f + j];
      const c = j === k ? 1 : (cross - (sums[j] * sums[k]) / n) / (scale[j] * scale[k]);
      correlation[j * f + k] = c;
      correlation[k * f + j] = c;
    }
    rhs[j] = (xy[j] - (sums[j] * ySum) / n) / scale[j];
  }

  const factor = cholesky(correlation, f);
  if (!factor) return { solution: null, condition: null };
  const inverseCorrelation = inverseFromCholesky(factor, f);
  const condition = oneNorm(correlation, f) * oneNorm(inverseCorrelation, f);
  if (!(condition <= NORMAL_EQUATIONS_MAX_CONDITION)) return { solution: null, condition };

  const z = choleskySolve(factor, f, rhs);
  const means = shift.map((c, j) => c + sums[j] / n);
  const slopes = Array.from(z, (zj, j) => zj / scale[j]);
  let intercept = yShift + ySum / n;
  for (let j = 0; j < f; j++) intercept -= means[j] * slopes[j];

  // m' S^-1 m with u = D m, and the slope variances' diagonal.
  let interceptTerm = 1 / n;
  const slopeDiagonal = new Array<number>(f);
  for (let j = 0; j < f; j++) {
    const uj = means[j] / scale[j];
    let row = 0;
    for (let k = 0; k < f; k++) row += inverseCorrelation[j * f + k] * (means[k] / scale[k]);
    interceptTerm += uj * row;
    slopeDiagonal[j] = inverseCorrelation[j * f + j] / (scale[j] * scale[j]);
  }
  return {
    solution: {
      beta: [intercept, ...slopes],
      inverseGramDiagonal: [interceptTerm, ...slopeDiagonal],
      method: 'normal_equations',
      correlationCondition: condition,
    },
    condition,
  };
}

/** Rows that choose the shifts of the corrected two-pass cross products (normalEquations). */
const SHIFT_SAMPLE = 64;

/**
 * Per column, from the first SHIFT_SAMPLE rows: the shift (0 for a column with more zeros than
 * not there, else its mean there), the largest absolute value seen (the scale a "constant"
 * column is judged against), and the columns split into centred (dense) and mostly-zero (sparse).
 * A sample rather than the whole column keeps this a small part of the fit; the shift only has
 * to be near the column's values, not equal to their mean.
 */
function columnShifts(
  rows: readonly (readonly number[])[],
  n: number,
  f: number,
): { shift: Float64Array; magnitude: Float64Array; dense: Int32Array; sparse: Int32Array } {
  const sampled = Math.min(n, SHIFT_SAMPLE);
  const sum = new Float64Array(f);
  const zeros = new Int32Array(f);
  const magnitude = new Float64Array(f);
  for (let i = 0; i < sampled; i++) {
    const row = rows[i];
    for (let j = 0; j < f; j++) {
      const v = row[j];
      sum[j] += v;
      if (v === 0) zeros[j]++;
      magnitude[j] = Math.max(magnitude[j], Math.abs(v));
    }
  }
  const shift = new Float64Array(f);
  const dense: number[] = [];
  const sparse: number[] = [];
  for (let j = 0; j < f; j++) {
    if (2 * zeros[j] > sampled) {
      sparse.push(j);
    } else {
      shift[j] = sum[j] / sampled;
      dense.push(j);
    }
  }
  return { shift, magnitude, dense: Int32Array.from(dense), sparse: Int32Array.from(sparse) };
}

/**
 * Cholesky factor L (row-major, lower triangle) of a symmetric positive definite f x f matrix
 * (Golub & Van Loan, algorithm 4.2.1); null when a pivot is not clearly positive, i.e. the matrix
 * is singular to working precision.
 */
function cholesky(a: Float64Array, f: number): Float64Array | null {
  const l = new Float64Array(f * f);
  for (let j = 0; j < f; j++) {
    let d = a[j * f + j];
    for (let k = 0; k < j; k++) d -= l[j * f + k] * l[j * f + k];
    if (!(d > f * Number.EPSILON)) return null;
    const ljj = Math.sqrt(d);
    l[j * f + j] = ljj;
    for (let i = j + 1; i < f; i++) {
      let s = a[i * f + j];
      for (let k = 0; k < j; k++) s -= l[i * f + k] * l[j * f + k];
      l[i * f + j] = s / ljj;
    }
  }
  return l;
}

/** x with L L' x = b: forward then back substitution. */
function choleskySolve(l: Float64Array, f: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < f; i++) {
    for (let k = 0; k < i; k++) x[i] -= l[i * f + k] * x[k];
    x[i] /= l[i * f + i];
  }
  for (let i = f - 1; i >= 0; i--) {
    for (let k = i + 1; k < f; k++) x[i] -= l[k * f + i] * x[k];
    x[i] /= l[i * f + i];
  }
  return x;
}

/** (L L')^-1 = L^-T L^-1, row-major and symmetric. */
function inverseFromCholesky(l: Float64Array, f: number): Float64Array {
  // W = L^-1 (lower triangular), column by column from L W = I.
  const w = new Float64Array(f * f);
  for (let c = 0; c < f; c++) {
    for (let i = c; i < f; i++) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k++) s -= l[i * f + k] * w[k * f + c];
      w[i * f + c] = s / l[i * f + i];
    }
  }
  const inverse = new Float64Array(f * f);
  for (let i = 0; i < f; i++) {
    for (let j = i; j < f; j++) {
      let s = 0;
      for (let k = j; k < f; k++) s += w[k * f + i] * w[k * f + j];
      inverse[i * f + j] = s;
      inverse[j * f + i] = s;
    }
  }
  return inverse;
}

/** max_j sum_i |a_ij|. */
function oneNorm(a: Float64Array, f: number): number {
  let max = 0;
  for (let j = 0; j < f; j++) {
    let s = 0;
    for (let i = 0; i < f; i++) s += Math.abs(a[i * f + j]);
    max = Math.max(max, s);
  }
  return max;
}

/** A Householder QR factorisation of [1 X] and least squares with it: the ill-conditioned fallback. */
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

/**
 * P(F > x) for F(d1, d2): the regularized incomplete beta function I_{d2/(d2 + d1 x)}(d2/2, d1/2)
 * (Abramowitz & Stegun 26.6.2), computed directly rather than as 1 - CDF, which is 0 below 1e-16.
 */
export function fSurvival(x: number, d1: number, d2: number): number {
  if (Number.isNaN(x) || !(d1 > 0) || !(d2 > 0)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  // The complementary argument d1 x / (d2 + d1 x) where it is the smaller one (stdlib's F CDF does the same).
  return d1 * x > d2
    ? betainc((d1 * x) / (d2 + d1 * x), d1 / 2, d2 / 2, true, true)
    : betainc(d2 / (d2 + d1 * x), d2 / 2, d1 / 2, true, false);
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
  for (let i = 1; i < n; i++) {
    if (rows[i].length !== features)
      throw new RangeError(`row ${i} has ${rows[i].length} features, row 0 has ${features}`);
  }
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
function inverseGramDiagonalOfR(r: Matrix): number[] {
  const rInverse = inverse(r);
  return rInverse.to2DArray().map((row) => sumOfSquares(row));
}

function sumOfSquares(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v * v, 0);
}

function centredSumOfSquares(values: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) * (values[i] - mean);
  return squares;
}
