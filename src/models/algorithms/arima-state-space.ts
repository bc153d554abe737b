/**
 * Regression with (S)ARIMA errors in state-space form: the exact Gaussian likelihood, the
 * generalised-least-squares regression coefficients, and forecasts from any origin, all from given
 * coefficients. Pure functions; `arima.ts` searches orders and maximises the likelihood with them.
 *
 * Model (Box, Jenkins, Reinsel & Ljung, Time Series Analysis, 5th ed., ch. 9; the statsmodels
 * SARIMAX parameterisation):
 *   w(t) = Δ(B) y(t),  Δ(B) = (1 - B)^d (1 - B^s)^D,
 *   w(t) = Δ(B) x(t)'β + u(t),  φ(B) Φ(B^s) u(t) = θ(B) Θ(B^s) ε(t),  ε ~ N(0, σ²).
 * The AR and MA polynomials are multiplied out into a(B) = 1 - Σ a_i B^i and b(B) = 1 + Σ b_j B^j.
 *
 * State space (Harvey 1989, Forecasting, Structural Time Series Models and the Kalman Filter,
 * section 3.3): r = max(deg a, deg b + 1), α(t+1) = T α(t) + R ε(t+1), u(t) = α_1(t), T the companion
 * matrix of a, R = (1, b_1, ..., b_{r-1})'. α(1) has the stationary covariance P = T P T' + R R',
 * solved by doubling (Smith 1968). The Kalman filter gives the innovations v(t) and their variances
 * F(t) (both per unit σ²); with σ² and β concentrated out (Harvey 1989, section 3.4):
 *   β̂ = (Σ ṽ_x ṽ_x')⁻¹ Σ ṽ_x ṽ_y,  ṽ = v / √F  (GLS: the filter is linear, so the innovations of
 *        y - Xβ are those of y minus those of X times β),
 *   σ̂² = S(β̂) / n,  S = Σ (ṽ_y - ṽ_x'β̂)²,
 *   log L = -n/2 · (log 2π + log σ̂² + 1) - 1/2 · Σ log F(t),
 * which is the maximum over σ² and β of the exact likelihood. With differencing, the likelihood is
 * that of w: the exact diffuse likelihood of y (statsmodels' default for ARIMA with d or D > 0)
 * equals it, the first d + s·D observations only fixing the diffuse initial state.
 *
 * Missing values (NaN) skip the update step of the filter; a differenced value is missing when any
 * value it is computed from is. Once the predicted state covariance stops changing (relative
 * 1e-12), the gain is held fixed until the next missing value, as statsmodels' converged filter does.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/** Multiplied-out polynomials: a(B) = 1 - Σ ar[i-1] B^i, b(B) = 1 + Σ ma[j-1] B^j. */
export interface ArmaPolynomials {
  ar: number[];
  ma: number[];
}

/** Coefficients of the factors, in the R / statsmodels sign convention (see `ArmaPolynomials`). */
export interface ArmaFactors {
  ar: readonly number[];
  ma: readonly number[];
  seasonal_ar: readonly number[];
  seasonal_ma: readonly number[];
  season: number;
}

/** c(B) = (1 - Σ x_i B^i)(1 - Σ y_j B^(s·j)) as the coefficients x* of 1 - Σ x*_k B^k. */
function multiplyLagPolynomials(
  nonSeasonal: readonly number[],
  seasonal: readonly number[],
  season: number,
  sign: 1 | -1,
): number[] {
  // Work with full polynomials 1 + Σ c_k B^k (c_k = sign·coefficient), then convert back.
  const left = [1, ...nonSeasonal.map((value) => sign * value)];
  const right = new Array<number>(seasonal.length * season + 1).fill(0);
  right[0] = 1;
  seasonal.forEach((value, j) => (right[(j + 1) * season] = sign * value));
  const product = new Array<number>(left.length + right.length - 1).fill(0);
  left.forEach((x, i) => right.forEach((y, j) => (product[i + j] += x * y)));
  let degree = product.length - 1;
  while (degree > 0 && product[degree] === 0) degree--;
  return product.slice(1, degree + 1).map((value) => sign * value);
}

/** The AR and MA polynomials of φ(B)Φ(B^s) and θ(B)Θ(B^s), multiplied out. */
export function expandArma(factors: ArmaFactors): ArmaPolynomials {
  const season = factors.seasonal_ar.length + factors.seasonal_ma.length > 0 ? factors.season : 0;
  return {
    ar: multiplyLagPolynomials(factors.ar, factors.seasonal_ar, season, -1),
    ma: multiplyLagPolynomials(factors.ma, factors.seasonal_ma, season, 1),
  };
}

/** Coefficients c of Δ(B) = (1 - B)^d (1 - B^s)^D = Σ c_k B^k, c_0 = 1. */
export function differencingPolynomial(d: number, seasonalD: number, season: number): number[] {
  let poly = [1];
  const times = (factor: number[]) => {
    const product = new Array<number>(poly.length + factor.length - 1).fill(0);
    poly.forEach((x, i) => factor.forEach((y, j) => (product[i + j] += x * y)));
    poly = product;
  };
  for (let i = 0; i < d; i++) times([1, -1]);
  if (seasonalD > 0) {
    const seasonal = new Array<number>(season + 1).fill(0);
    seasonal[0] = 1;
    seasonal[season] = -1;
    for (let i = 0; i < seasonalD; i++) times(seasonal);
  }
  return poly;
}

/** Δ(B) applied to a series with NaN for missing values; the first deg Δ values are NaN. */
export function applyDifferencing(series: ArrayLike<number>, poly: readonly number[]): Float64Array {
  const out = new Float64Array(series.length).fill(Number.NaN);
  const degree = poly.length - 1;
  for (let t = degree; t < series.length; t++) {
    let sum = 0;
    for (let k = 0; k <= degree; k++) sum += poly[k] * series[t - k];
    out[t] = sum; // NaN when any term is
  }
  return out;
}

/**
 * Partial autocorrelations r = x / √(1 + x²) to the coefficients of a stationary AR polynomial
 * 1 - Σ φ_i B^i by the Durbin-Levinson recursion (Monahan 1984, "A note on enforcing stationarity in
 * autoregressive-moving average models", Biometrika 71; statsmodels constrain_stationary_univariate).
 */
export function constrainStationary(unconstrained: readonly number[]): number[] {
  let phi: number[] = [];
  for (const x of unconstrained) {
    const r = x / Math.sqrt(1 + x * x);
    phi = [...phi.map((value, j) => value - r * phi[phi.length - 1 - j]), r];
  }
  return phi;
}

/** Inverse of `constrainStationary`; null when φ is not stationary (some |r| ≥ 1). */
export function unconstrainStationary(phi: readonly number[]): number[] | null {
  let current = [...phi];
  const result = new Array<number>(phi.length);
  for (let k = phi.length; k >= 1; k--) {
    const r = current[k - 1];
    if (!(Math.abs(r) < 1)) return null;
    result[k - 1] = r / Math.sqrt(1 - r * r);
    const previous = current.slice(0, k - 1);
    current = previous.map((value, j) => (value + r * current[k - 2 - j]) / (1 - r * r));
  }
  return result;
}

/** The state-space matrices of an ARMA model (see the module comment). */
interface StateModel {
  r: number;
  /** First column of T (a_1..a_r, zero-padded). */
  t: Float64Array;
  /** R (1, b_1..b_{r-1}, zero-padded). */
  rVector: Float64Array;
}

function stateModel(poly: ArmaPolynomials): StateModel {
  const r = Math.max(poly.ar.length, poly.ma.length + 1, 1);
  const t = new Float64Array(r);
  poly.ar.forEach((value, i) => (t[i] = value));
  const rVector = new Float64Array(r);
  rVector[0] = 1;
  poly.ma.forEach((value, j) => (rVector[j + 1] = value));
  return { r, t, rVector };
}

/**
 * The next predicted covariance T (P - c c' / f) T' + R R', c = P[:,0] (c = 0 for a missing
 * value), for the companion T in O(r²): M = T A with M[i][j] = t_i A[0][j] + A[i+1][j], then
 * M T' with (M T')[i][j] = M[i][0] t_j + M[i][j+1]. Symmetric, so only j ≥ i is computed.
 * `work` is scratch space of r² values.
 */
function predictCovariance(
  model: StateModel,
  p: Float64Array,
  f: number | null,
  work: Float64Array,
  out: Float64Array,
): void {
  const { r, t, rVector } = model;
  const a = (i: number, j: number) => (f === null ? p[i * r + j] : p[i * r + j] - (p[i * r] * p[j * r]) / f);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) work[i * r + j] = t[i] * a(0, j) + (i + 1 < r ? a(i + 1, j) : 0);
  }
  for (let i = 0; i < r; i++) {
    for (let j = i; j < r; j++) {
      const value = work[i * r] * t[j] + (j + 1 < r ? work[i * r + j + 1] : 0) + rVector[i] * rVector[j];
      out[i * r + j] = value;
      out[j * r + i] = value;
    }
  }
}

/**
 * Stationary state covariance P = Σ_k T^k R R' T'^k by doubling: P ← P + A P A', A ← A²
 * (Smith 1968). Null when the AR part is not stationary (no convergence in 64 doublings).
 */
export function stationaryCovariance(poly: ArmaPolynomials): Float64Array | null {
  const model = stateModel(poly);
  const { r, t, rVector } = model;
  const a = new Matrix(r, r);
  for (let i = 0; i < r; i++) {
    a.set(i, 0, t[i]);
    if (i + 1 < r) a.set(i, i + 1, 1);
  }
  let power = a;
  let p = new Matrix(r, r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) p.set(i, j, rVector[i] * rVector[j]);
  for (let iteration = 0; iteration < 64; iteration++) {
    const increment = power.mmul(p).mmul(power.transpose());
    p = p.add(increment);
    if (!Number.isFinite(p.max()) || !Number.isFinite(p.min())) return null;
    const scale = Math.max(1, p.max(), -p.min());
    if (Math.max(increment.max(), -increment.min()) <= 1e-15 * scale) {
      return Float64Array.from(p.to1DArray());
    }
    power = power.mmul(power);
    if (!Number.isFinite(power.max())) return null;
  }
  return null;
}

/** Relative change of the predicted covariance below which the gain is held fixed (module comment). */
const STEADY_TOLERANCE = 1e-12;

export interface FilterOutput {
  /** Standardised innovations ṽ = v / √F per series (NaN where the value was missing). */
  innovations: Float64Array[];
  /** Σ log F over the observed steps. */
  logDetF: number;
  /** Observed steps. */
  n: number;
}

/** Kalman filter state after the last step: the predicted state of each series and its covariance. */
export interface FilterState {
  states: Float64Array[];
  covariance: Float64Array;
}

/**
 * Runs the Kalman filter of the ARMA model over several series at once (the gains do not depend on
 * the data), NaN = missing. `onPredicted(t, states)` sees the predicted states of step t before its
 * update (a forecast from origin t uses the data up to t - 1). Null when the AR part is not
 * stationary or an innovation variance is not positive.
 */
export function kalmanFilter(
  poly: ArmaPolynomials,
  series: readonly ArrayLike<number>[],
  onPredicted?: (t: number, states: readonly Float64Array[]) => void,
): (FilterOutput & FilterState) | null {
  const p0 = stationaryCovariance(poly);
  if (p0 === null) return null;
  const model = stateModel(poly);
  const { r, t: tColumn } = model;
  const length = series.length === 0 ? 0 : series[0].length;
  const count = series.length;
  const states = series.map(() => new Float64Array(r));
  const innovations = series.map(() => new Float64Array(length).fill(Number.NaN));
  let p: Float64Array = p0;
  let next: Float64Array = new Float64Array(r * r);
  const gain = new Float64Array(r);
  const work = new Float64Array(r * r);
  let steady = false;
  let logDetF = 0;
  let n = 0;
  for (let t = 0; t < length; t++) {
    onPredicted?.(t, states);
    let observed = true;
    for (let k = 0; k < count && observed; k++) observed = Number.isFinite(series[k][t]);
    const f = p[0];
    if (observed) {
      if (!(f > 0)) return null;
      const sqrtF = Math.sqrt(f);
      for (let i = 0; i < r; i++) gain[i] = p[i * r] / f;
      for (let k = 0; k < count; k++) {
        const state = states[k];
        const v = series[k][t] - state[0];
        innovations[k][t] = v / sqrtF;
        for (let i = 0; i < r; i++) state[i] += gain[i] * v;
      }
      logDetF += Math.log(f);
      n++;
    } else {
      steady = false;
    }
    for (let k = 0; k < count; k++) {
      const state = states[k];
      const first = state[0];
      for (let i = 0; i < r - 1; i++) state[i] = tColumn[i] * first + state[i + 1];
      state[r - 1] = tColumn[r - 1] * first;
    }
    if (steady) continue;
    predictCovariance(model, p, observed ? f : null, work, next);
    if (observed) {
      let size = 0;
      let change = 0;
      for (let i = 0; i < r * r; i++) {
        size = Math.max(size, Math.abs(next[i]));
        change = Math.max(change, Math.abs(next[i] - p[i]));
      }
      steady = change <= STEADY_TOLERANCE * size;
    }
    [p, next] = [next, p];
  }
  return { innovations, logDetF, n, states, covariance: p };
}

export interface GlsArmaFit {
  /** Exact log-likelihood, maximised over σ² and β. */
  logLikelihood: number;
  sigma2: number;
  beta: number[];
  /** Observations the likelihood counts (after differencing, without missing values). */
  n: number;
}

/**
 * Exact log-likelihood of w = Xβ + u, u ARMA with polynomials `poly`, with β by GLS and σ²
 * concentrated out (module comment). `columns` are the (differenced) regressors; none for a pure
 * ARMA model. Null when the AR part is not stationary or the regressors are collinear.
 */
export function glsArmaLikelihood(
  poly: ArmaPolynomials,
  w: ArrayLike<number>,
  columns: readonly ArrayLike<number>[],
): GlsArmaFit | null {
  const filtered = kalmanFilter(poly, [w, ...columns]);
  if (filtered === null || filtered.n === 0) return null;
  const [vy, ...vx] = filtered.innovations;
  const k = vx.length;
  // Observed steps only, as dense arrays: the normal equations are k(k+1)/2 dot products.
  const steps = Array.from(vy.keys()).filter((t) => Number.isFinite(vy[t]));
  const y = Float64Array.from(steps, (t) => vy[t]);
  const x = vx.map((column) => Float64Array.from(steps, (t) => column[t]));
  const dot = (a: Float64Array, b: Float64Array) => {
    let sum = 0;
    for (let t = 0; t < a.length; t++) sum += a[t] * b[t];
    return sum;
  };
  let beta: number[] = [];
  if (k > 0) {
    const a = new Matrix(k, k);
    const b = new Matrix(k, 1);
    for (let i = 0; i < k; i++) {
      b.set(i, 0, dot(x[i], y));
      for (let j = 0; j <= i; j++) {
        const value = dot(x[i], x[j]);
        a.set(i, j, value);
        a.set(j, i, value);
      }
    }
    const cholesky = new CholeskyDecomposition(a);
    if (!cholesky.isPositiveDefinite()) return null;
    beta = cholesky.solve(b).getColumn(0);
  }
  const residual = Float64Array.from(y);
  beta.forEach((coefficient, i) => {
    const column = x[i];
    for (let t = 0; t < residual.length; t++) residual[t] -= coefficient * column[t];
  });
  const ssr = dot(residual, residual);
  const { n, logDetF } = filtered;
  const sigma2 = ssr / n;
  if (!(sigma2 > 0)) return null;
  const logLikelihood = -0.5 * n * (Math.log(2 * Math.PI) + Math.log(sigma2) + 1) - 0.5 * logDetF;
  return { logLikelihood, sigma2, beta, n };
}

/**
 * Exact log-likelihood at given β and σ² (not concentrated):
 * -n/2 · log(2πσ²) - 1/2 · Σ log F - S(β) / (2σ²). Null when the AR part is not stationary.
 */
export function armaLogLikelihood(
  poly: ArmaPolynomials,
  w: ArrayLike<number>,
  columns: readonly ArrayLike<number>[],
  beta: readonly number[],
  sigma2: number,
): number | null {
  const u = Float64Array.from({ length: w.length }, (_, t) =>
    columns.reduce((value, column, i) => value - beta[i] * column[t], w[t]),
  );
  const filtered = kalmanFilter(poly, [u]);
  if (filtered === null) return null;
  let ssr = 0;
  for (const value of filtered.innovations[0]) if (Number.isFinite(value)) ssr += value * value;
  const { n, logDetF } = filtered;
  return -0.5 * n * Math.log(2 * Math.PI * sigma2) - 0.5 * logDetF - ssr / (2 * sigma2);
}

/** A fitted regression with ARIMA errors, everything a forecast needs. */
export interface RegressionArimaModel {
  factors: ArmaFactors;
  d: number;
  seasonal_d: number;
  /** Season of the seasonal difference (and of the seasonal ARMA factors). */
  season: number;
  beta: readonly number[];
  sigma2: number;
}

/**
 * Forecasts from several origins. `y` holds the observations on a regular grid (NaN = missing),
 * `columns` the regressors on a grid at least max(origin) + horizon long; a forecast from origin o
 * uses y[0..o-1] only and covers o..o+horizon-1. Missing values before an origin are replaced by the
 * model's prediction of them, so differenced models can integrate across gaps.
 * Returns one forecast per origin, null when the model is not stationary.
 */
export function forecastFromOrigins(
  model: RegressionArimaModel,
  y: ArrayLike<number>,
  columns: readonly ArrayLike<number>[],
  origins: readonly number[],
  horizon: number,
): Float64Array[] | null {
  if (origins.length === 0) return [];
  const lastOrigin = Math.max(...origins);
  const length = lastOrigin + horizon;
  if (columns.some((column) => column.length < length)) {
    throw new RangeError(`regressors must cover ${length} intervals`);
  }
  const c = differencingPolynomial(model.d, model.seasonal_d, model.season);
  const degree = c.length - 1;
  const observedLength = Math.min(y.length, lastOrigin);
  const grid = Float64Array.from({ length: lastOrigin + 1 }, (_, t) => (t < observedLength ? y[t] : NaN));
  const w = applyDifferencing(grid, c);
  const xTilde = columns.map((column) => applyDifferencing(column, c));
  const regression = (t: number) => model.beta.reduce((sum, b, i) => sum + b * xTilde[i][t], 0);
  const u = Float64Array.from(w, (value, t) => value - regression(t));
  const poly = expandArma(model.factors);
  const predictedU = new Float64Array(lastOrigin + 1);
  const snapshots = new Map<number, Float64Array>();
  const wanted = new Set(origins);
  const filtered = kalmanFilter(poly, [u], (t, states) => {
    predictedU[t] = states[0][0];
    if (wanted.has(t)) snapshots.set(t, Float64Array.from(states[0]));
  });
  if (filtered === null) return null;
  // The filter's last prediction is for step lastOrigin + 1; the loop above ran lastOrigin + 1 steps.
  const filled = Float64Array.from(grid);
  for (let t = 0; t <= lastOrigin; t++) {
    if (Number.isFinite(filled[t])) continue;
    let value = regression(t) + predictedU[t];
    for (let k = 1; k <= degree && t - k >= 0; k++) value -= c[k] * filled[t - k];
    filled[t] = value;
  }
  const { t: tColumn, r } = stateModel(poly);
  return origins.map((origin) => {
    const state = Float64Array.from(snapshots.get(origin)!);
    const path = new Float64Array(degree + horizon);
    for (let k = 0; k < degree; k++) path[k] = origin - degree + k >= 0 ? filled[origin - degree + k] : 0;
    const out = new Float64Array(horizon);
    for (let h = 0; h < horizon; h++) {
      const t = origin + h;
      let value = regression(t) + state[0];
      for (let k = 1; k <= degree; k++) value -= c[k] * path[degree + h - k];
      path[degree + h] = value;
      out[h] = value;
      const first = state[0];
      for (let i = 0; i < r; i++) state[i] = tColumn[i] * first + (i + 1 < r ? state[i + 1] : 0);
    }
    return out;
  });
}

/**
 * Standard errors of 1..horizon-step forecasts, σ · √(Σ_{j<h} ψ_j²), ψ the MA(∞) weights of
 * b(B) / (a(B) Δ(B)) (Box et al., section 5.2): exact once the filter has converged, i.e. after a
 * history much longer than the MA memory.
 */
export function forecastStandardErrors(model: RegressionArimaModel, horizon: number): number[] {
  const poly = expandArma(model.factors);
  const c = differencingPolynomial(model.d, model.seasonal_d, model.season);
  // a(B)Δ(B) = 1 - Σ g_i B^i
  const a = [1, ...poly.ar.map((value) => -value)];
  const product = new Array<number>(a.length + c.length - 1).fill(0);
  a.forEach((x, i) => c.forEach((y, j) => (product[i + j] += x * y)));
  const g = product.slice(1).map((value) => -value);
  const psi: number[] = [];
  for (let j = 0; j < horizon; j++) {
    let value = j === 0 ? 1 : (poly.ma[j - 1] ?? 0);
    for (let i = 1; i <= Math.min(j, g.length); i++) value += g[i - 1] * psi[j - i];
    psi.push(value);
  }
  let sum = 0;
  return psi.map((value) => {
    sum += value * value;
    return Math.sqrt(model.sigma2 * sum);
  });
}
