/**
 * Regression with (S)ARIMA errors: order selection by AIC, estimation by exact maximum likelihood,
 * forecasts from the stored coefficients and the observations up to any forecast origin.
 *
 * Regressors: an intercept (when nothing is differenced), Fourier terms sin/cos(2πk·t/P),
 * k = 1..K, for each configured period P in intervals (for hourly data the week, P = 168: its
 * harmonics 7, 14, 21, ... are the daily cycle, the others let weekdays and weekends differ), and one
 * holiday indicator for configured local dates: "dynamic harmonic regression" (Hyndman &
 * Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., section 12.1). t counts intervals
 * from Monday 1970-01-05 00:00 local time, so a phase is an hour of the week wherever a series starts.
 *
 * Likelihood (`arima-state-space.ts`): the exact Gaussian likelihood of the differenced series with
 * β (GLS) and σ² concentrated out. AIC = -2·logL + 2·(p + q + P + Q + #β + 1), statsmodels' count.
 *
 * Maximisation, per order: block coordinate ascent, β ← GLS(ARMA coefficients), then the ARMA
 * coefficients by Levenberg-Marquardt (ml-levenberg-marquardt) on the innovations scaled by
 * (Π F)^(1/2n), whose sum of squares is the likelihood concentrated over σ² (Harvey 1989, Forecasting,
 * Structural Time Series Models and the Kalman Filter, section 3.4), in unconstrained coordinates
 * (Monahan 1984) so every step is stationary and invertible; repeated until logL changes by less
 * than LIKELIHOOD_TOLERANCE (relative). Each order is maximised from several starting points:
 * Hannan-Rissanen estimates (Hannan & Rissanen 1982, Biometrika 69), white noise (all zero) and,
 * for non-seasonal orders, ctsa's own fit of the same ARMA to the regression residuals (the `arima`
 * package: a second optimiser, `arima-ctsa.ts`). The best end point is then restarted from a
 * perturbed point until no restart improves it by more than the tolerance; end points more than the
 * tolerance below the best are recorded as rejected local optima. An order whose best likelihood
 * still improves after MAX_CONFIRMATIONS restarts is rejected.
 *
 * Order search (Hyndman & Khandakar 2008, J. Stat. Softw. 27(3)): d and D by tests on the OLS
 * residuals of the regression (`arima-differencing.ts`), since AICs under different differencing are
 * not comparable; then every (p, q) up to (maxP, maxQ); when seasonal, seasonal AR/MA orders added
 * to the best (p, q) with p, q ≤ maxSeasonalBase.
 *
 * Divergence guard: an order is rejected, and the next by AIC taken, when its likelihood is not
 * finite or not stable, or its forecast over the requested horizon is not finite or leaves
 * [min - k·range, max + k·range] of the training series (k = FORECAST_BOUND_RANGES). Every
 * rejection is returned with its reason.
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { Matrix, solve } from 'ml-matrix';
import { ArimaLayoutError, ctsaStatus, fitWithCtsa } from './arima-ctsa';
import { chooseDifferencing, type Differencing } from './arima-differencing';
import {
  applyDifferencing,
  constrainStationary,
  differencingPolynomial,
  expandArma,
  forecastFromOrigins,
  forecastStandardErrors,
  glsArmaLikelihood,
  kalmanFilter,
  unconstrainStationary,
  type ArmaFactors,
  type GlsArmaFit,
  type RegressionArimaModel,
} from './arima-state-space';

/** ARIMA(p, d, q)(seasonal_p, seasonal_d, seasonal_q)[season]; season 0 when non-seasonal. */
export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  seasonal_p: number;
  seasonal_d: number;
  seasonal_q: number;
  season: number;
}

/**
 * ARMA coefficients of the errors in the R / statsmodels sign convention:
 * (1 - Σ ar_i B^i)(1 - Σ seasonal_ar_i B^(s·i)) u_t = (1 + Σ ma_j B^j)(1 + Σ seasonal_ma_j B^(s·j)) a_t.
 */
export interface ArimaCoefficients {
  ar: number[];
  ma: number[];
  seasonal_ar: number[];
  seasonal_ma: number[];
  /** The intercept (the process mean without other regressors); null when the model differences. */
  mean: number | null;
  /** Innovation variance σ². */
  sigma2: number;
}

/** Fourier terms of one period: sin and cos of 2πk·t/period for k = 1..harmonics. */
export interface FourierTerms {
  /** In intervals (168 = a week of hours). */
  period: number;
  harmonics: number;
}

/** Where the series sits on the calendar and which calendar regressors the model gets. */
export interface ArimaCalendar {
  /** Seconds per interval. */
  interval_seconds: number;
  /** Intervals from Monday 1970-01-05 00:00 local time to the first value (see `calendarPosition`). */
  first_position: number;
  fourier: FourierTerms[];
  /** Local dates (YYYY-MM-DD) whose intervals share one holiday indicator. */
  holidays: string[];
}

/** The fitted regression: term names and their coefficients, in the same order. */
export interface ArimaRegression {
  terms: string[];
  beta: number[];
}

export interface ArimaCandidate {
  order: ArimaOrder;
  /** null when the likelihood was not finite or the fit failed. */
  aic: number | null;
}

export interface RejectedArimaCandidate extends ArimaCandidate {
  reason: string;
}

/** One starting point of the likelihood maximisation and the log-likelihood it ended at. */
export interface LikelihoodStart {
  start: 'hannan_rissanen' | 'white_noise' | 'ctsa' | 'restart';
  /** null when the start could not be computed; `note` says why. */
  log_likelihood: number | null;
  note?: string;
}

export interface LikelihoodSearch {
  starts: LikelihoodStart[];
  /** Restarts from a perturbed best point until none improved it. */
  restarts: number;
  /** Ends more than `tolerance` (relative) below the best: rejected local optima, kept as a record. */
  rejected_local_optima: LikelihoodStart[];
  tolerance: number;
}

export interface ArimaParams {
  order: ArimaOrder;
  coefficients: ArimaCoefficients;
  /** null for a plain (S)ARIMA without calendar regressors. */
  calendar: ArimaCalendar | null;
  regression: ArimaRegression;
  log_likelihood: number;
  aic: number;
  /** Observations the likelihood counts (after differencing, readings only). */
  n_obs: number;
  likelihood_search: LikelihoodSearch;
  /** d and D searched with (the caller's when fixed) and the test statistics; null when the caller gave the orders. */
  differencing: Differencing | null;
  /** Accepted candidates, least AIC first; the first is `order`. */
  candidates: ArimaCandidate[];
  rejected: RejectedArimaCandidate[];
  /** Forecasts outside [lower, upper] mark a divergent fit. */
  forecast_bounds: { lower: number; upper: number };
  /** The training series on its regular grid, null where no reading exists: the history forecasts start from. */
  training_series: (number | null)[];
}

export interface ArimaForecast {
  yhat: number[];
  /** σ·√Σψ² per step (`forecastStandardErrors`); yhat ± 1.96·se is a 95 % band. */
  standard_error: number[];
}

export interface ArimaFit {
  params: ArimaParams;
  /** Forecast of the chosen model over `spec.horizon`, the one the divergence guard checked. */
  forecast: ArimaForecast;
}

export interface ArimaSpec {
  /** Steps the model will be asked to forecast; the divergence guard checks this many. */
  horizon: number;
  /** Season length in intervals of the seasonal ARMA terms and the seasonal difference. */
  season?: number;
  /** Search seasonal terms when `season` ≥ 2; default true. */
  seasonal?: boolean;
  /** Default 3. */
  maxP?: number;
  /** Default 3. */
  maxQ?: number;
  /** Largest d the KPSS test may choose; default 2. */
  maxD?: number;
  /** Fixes d instead of testing for it. */
  d?: number;
  /** Default 1. */
  maxSeasonalP?: number;
  /** Default 1. */
  maxSeasonalQ?: number;
  /** Largest p and q of the non-seasonal part that seasonal terms are added to; default 1. */
  maxSeasonalBase?: number;
  /** Fixes D instead of testing the seasonal strength. */
  seasonalD?: number;
  /** Fits exactly these orders (no differencing tests, no grid) and keeps the best valid one. */
  orders?: ArimaOrder[];
  /** Calendar regressors; without it the model is a plain (S)ARIMA (with a mean when undifferenced). */
  calendar?: ArimaCalendar;
}

/** Range multiples beyond the training min/max at which a forecast counts as divergent. */
export const FORECAST_BOUND_RANGES = 1;
/** Relative log-likelihood change below which a maximisation has settled. */
export const LIKELIHOOD_TOLERANCE = 1e-7;
/** Restarts from the best point before an order whose likelihood still improves is rejected. */
export const MAX_RESTARTS = 3;

const MONDAY_EPOCH_SECONDS = 4 * 86_400; // 1970-01-05T00:00, a Monday

/** Intervals from Monday 1970-01-05 00:00 to a local start (wall-clock label read as UTC, epoch seconds). */
export function calendarPosition(localSeconds: number, intervalSeconds: number): number {
  return Math.round((localSeconds - MONDAY_EPOCH_SECONDS) / intervalSeconds);
}

/** Inverse of `calendarPosition`: the local start (wall-clock label read as UTC) in epoch seconds. */
export function calendarSeconds(position: number, intervalSeconds: number): number {
  return position * intervalSeconds + MONDAY_EPOCH_SECONDS;
}

function localDateAt(position: number, intervalSeconds: number): string {
  return new Date(calendarSeconds(position, intervalSeconds) * 1000).toISOString().slice(0, 10);
}

function assertNonNegativeInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/** "(p,d,q)(P,D,Q)[s]" for messages. */
export function orderLabel(order: ArimaOrder): string {
  const base = `(${order.p},${order.d},${order.q})`;
  return order.season > 0
    ? `${base}(${order.seasonal_p},${order.seasonal_d},${order.seasonal_q})[${order.season}]`
    : base;
}

/** Regressor names and columns over `length` grid steps from the calendar's first position. */
export function regressorColumns(
  calendar: ArimaCalendar | null,
  intercept: boolean,
  length: number,
): { terms: string[]; columns: Float64Array[] } {
  const terms: string[] = [];
  const columns: Float64Array[] = [];
  const column = (name: string, value: (position: number) => number) => {
    terms.push(name);
    const first = calendar?.first_position ?? 0;
    columns.push(Float64Array.from({ length }, (_, i) => value(first + i)));
  };
  if (intercept) column('intercept', () => 1);
  if (calendar === null) return { terms, columns };
  for (const { period, harmonics } of calendar.fourier) {
    const phase = (position: number) => ((position % period) + period) % period;
    for (let k = 1; k <= harmonics; k++) {
      const omega = (2 * Math.PI * k) / period;
      // For an even period the harmonic k = period/2 has sin ≡ 0 on the grid: left out (collinear).
      if (2 * k !== period)
        column(`sin(2π·${k}·t/${period})`, (position) => Math.sin(omega * phase(position)));
      column(`cos(2π·${k}·t/${period})`, (position) => Math.cos(omega * phase(position)));
    }
  }
  if (calendar.holidays.length > 0) {
    const dates = new Set(calendar.holidays);
    column('holiday', (position) => (dates.has(localDateAt(position, calendar.interval_seconds)) ? 1 : 0));
  }
  return { terms, columns };
}

const armaParameterCount = (order: ArimaOrder) => order.p + order.q + order.seasonal_p + order.seasonal_q;

/** Unconstrained coordinates to the factors: AR parts stationary, MA parts invertible. */
function factorsAt(order: ArimaOrder, x: readonly number[]): ArmaFactors {
  let offset = 0;
  const take = (count: number, sign: 1 | -1) => {
    const part = x.slice(offset, offset + count);
    offset += count;
    // 1 + Σ θ B^j is invertible iff 1 - Σ (-θ) B^j is a stationary AR polynomial.
    return constrainStationary(part).map((value) => sign * value);
  };
  return {
    ar: take(order.p, 1),
    ma: take(order.q, -1),
    seasonal_ar: take(order.seasonal_p, 1),
    seasonal_ma: take(order.seasonal_q, -1),
    season: order.season,
  };
}

/** Coefficients to unconstrained coordinates; a factor that is not stationary/invertible is shrunk until it is. */
function coordinatesOf(factors: Omit<ArmaFactors, 'season'>): number[] {
  const part = (coefficients: readonly number[], sign: 1 | -1): number[] => {
    for (let shrink = 1; shrink > 1e-3; shrink *= 0.8) {
      const x = unconstrainStationary(coefficients.map((value) => sign * value * shrink));
      if (x !== null && x.every(Number.isFinite)) return x;
    }
    return coefficients.map(() => 0);
  };
  return [
    ...part(factors.ar, 1),
    ...part(factors.ma, -1),
    ...part(factors.seasonal_ar, 1),
    ...part(factors.seasonal_ma, -1),
  ];
}

/** The differenced problem one order is fitted to. */
interface Problem {
  order: ArimaOrder;
  w: Float64Array;
  /** Differenced regressors. */
  columns: Float64Array[];
}

interface Maximum {
  x: number[];
  fit: GlsArmaFit;
}

function likelihoodAt(problem: Problem, x: readonly number[]): GlsArmaFit | null {
  return glsArmaLikelihood(expandArma(factorsAt(problem.order, x)), problem.w, problem.columns);
}

function residualsOf(problem: Problem, beta: readonly number[]): Float64Array {
  return Float64Array.from(
    problem.w,
    (value, t) => value - problem.columns.reduce((sum, column, i) => sum + beta[i] * column[t], 0),
  );
}

/** Innovations of u scaled by (Π F)^(1/2n): their sum of squares is n·σ̂²·(Π F)^(1/n), minimal at the MLE. */
function scaledInnovations(
  order: ArimaOrder,
  u: Float64Array,
  x: readonly number[],
  size: number,
): Float64Array {
  const filtered = kalmanFilter(expandArma(factorsAt(order, x)), [u]);
  const out = new Float64Array(size);
  if (filtered === null || filtered.n !== size) return out.fill(1e100);
  const scale = Math.exp(filtered.logDetF / (2 * filtered.n));
  let i = 0;
  for (const value of filtered.innovations[0]) if (Number.isFinite(value)) out[i++] = value * scale;
  return out;
}

/**
 * A few Levenberg-Marquardt iterations over the ARMA coordinates with u = w - Xβ fixed; returns
 * the best point seen (the start when none improved). The residuals are divided by their starting
 * root mean square so that the damping acts on a unit scale.
 */
function improveArma(
  order: ArimaOrder,
  u: Float64Array,
  x0: readonly number[],
  iterations: number,
): number[] {
  if (x0.length === 0) return [];
  const size = u.reduce((count, value) => count + (Number.isFinite(value) ? 1 : 0), 0);
  const start = scaledInnovations(order, u, x0, size);
  const unit = Math.sqrt(start.reduce((sum, value) => sum + value * value, 0) / size) || 1;
  const residualsAt = (x: readonly number[]) =>
    scaledInnovations(order, u, x, size).map((value) => value / unit);
  const result = levenbergMarquardt(
    { x: Array.from({ length: size }, (_, i) => i), y: new Array<number>(size).fill(0) },
    (params: number[]) => {
      const residuals = residualsAt(params);
      return (i: number) => residuals[i];
    },
    {
      initialValues: [...x0],
      damping: 1e-3 * size,
      gradientDifference: 1e-7,
      maxIterations: iterations,
      errorTolerance: 0,
      minValues: x0.map(() => -30),
      maxValues: x0.map(() => 30),
    },
  );
  return result.parameterValues;
}

/**
 * Block coordinate ascent from x0: β by GLS, then a few Levenberg-Marquardt iterations on the ARMA
 * coordinates, until a round gains less than the tolerance (after two such rounds in a row with
 * more iterations, so a slow stretch of LM does not end the ascent early).
 */
function ascend(problem: Problem, x0: readonly number[]): Maximum | null {
  let x = [...x0];
  let fit = likelihoodAt(problem, x);
  if (fit === null) return null;
  let iterations = 4;
  for (let round = 0; round < 100 && x.length > 0; round++) {
    const next = improveArma(problem.order, residualsOf(problem, fit.beta), x, iterations);
    const nextFit = likelihoodAt(problem, next);
    const gain = nextFit === null ? 0 : nextFit.logLikelihood - fit.logLikelihood;
    if (nextFit !== null && gain > 0) [x, fit] = [next, nextFit];
    if (gain > LIKELIHOOD_TOLERANCE * Math.abs(fit.logLikelihood)) continue;
    if (iterations >= 16) break;
    iterations *= 4;
  }
  return { x, fit };
}

/** Least squares by QR (ml-matrix `solve`); null when it is not finite. */
function leastSquares(rows: number[][], y: number[]): number[] | null {
  if (rows.length === 0 || rows[0].length === 0) return [];
  const coefficients = solve(new Matrix(rows), Matrix.columnVector(y)).getColumn(0);
  return coefficients.every(Number.isFinite) ? coefficients : null;
}

/**
 * Hannan-Rissanen start: a long AR (order max(10, 2(p+q))) estimates the innovations, then OLS of
 * u on its p lags and q lagged innovations. Seasonal coefficients start at 0.
 */
function hannanRissanen(order: ArimaOrder, u: Float64Array): number[] | null {
  const values = Array.from(u).filter(Number.isFinite);
  const { p, q } = order;
  const long = Math.max(10, 2 * (p + q));
  if (values.length < 10 * (long + p + q)) return null;
  const lags = (series: number[], t: number, count: number) =>
    Array.from({ length: count }, (_, k) => series[t - k - 1]);
  const longAr = leastSquares(
    values.slice(long).map((_, i) => lags(values, i + long, long)),
    values.slice(long),
  );
  if (longAr === null) return null;
  const innovations = values.map((value, t) =>
    t < long ? 0 : value - longAr.reduce((sum, phi, k) => sum + phi * values[t - k - 1], 0),
  );
  const first = long + Math.max(p, q);
  const coefficients = leastSquares(
    values.slice(first).map((_, i) => [...lags(values, i + first, p), ...lags(innovations, i + first, q)]),
    values.slice(first),
  );
  if (coefficients === null) return null;
  return coordinatesOf({
    ar: coefficients.slice(0, p),
    ma: coefficients.slice(p),
    seasonal_ar: new Array<number>(order.seasonal_p).fill(0),
    seasonal_ma: new Array<number>(order.seasonal_q).fill(0),
  });
}

/** ctsa's fit of the same ARMA (no differencing: u is already differenced) as a start. */
async function ctsaStart(order: ArimaOrder, u: Float64Array): Promise<number[]> {
  const values = Array.from(u, (value) => (Number.isFinite(value) ? value : 0));
  // u is already differenced, and ctsa starts are only taken for orders without seasonal ARMA terms.
  const fit = await fitWithCtsa(values, { ...order, d: 0, seasonal_d: 0, season: 0 });
  if (fit.retval !== 1) throw new Error(`ctsa retval ${ctsaStatus(fit.retval)}`);
  return coordinatesOf(fit.coefficients);
}

type Maximisation =
  | { ok: true; maximum: Maximum; search: LikelihoodSearch }
  | { ok: false; reason: string; search: LikelihoodSearch };

/** Deterministic perturbation for restarts (a fixed pattern, so fits are reproducible). */
const perturb = (x: readonly number[], attempt: number) =>
  x.map((value, i) => value + 0.3 * ((i + attempt) % 2 === 0 ? 1 : -1));

/** Maximises the likelihood of one order from every start, then restarts from the best (module comment). */
async function maximise(problem: Problem): Promise<Maximisation> {
  const { order } = problem;
  const k = armaParameterCount(order);
  const ols = glsArmaLikelihood({ ar: [], ma: [] }, problem.w, problem.columns);
  const u = ols === null ? problem.w : residualsOf(problem, ols.beta);
  const starts: { start: LikelihoodStart['start']; x: () => Promise<number[] | null> }[] = [
    { start: 'hannan_rissanen', x: () => Promise.resolve(hannanRissanen(order, u)) },
    { start: 'white_noise', x: () => Promise.resolve(new Array<number>(k).fill(0)) },
  ];
  if (k > 0 && order.seasonal_p + order.seasonal_q === 0)
    starts.push({ start: 'ctsa', x: () => ctsaStart(order, u) });
  const records: LikelihoodStart[] = [];
  let best: Maximum | null = null;
  for (const { start, x } of k === 0 ? starts.slice(1, 2) : starts) {
    let x0: number[] | null;
    try {
      x0 = await x();
    } catch (error) {
      if (error instanceof ArimaLayoutError) throw error;
      records.push({
        start,
        log_likelihood: null,
        note: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    if (x0 === null) {
      records.push({ start, log_likelihood: null, note: 'too few observations for the estimate' });
      continue;
    }
    const end = ascend(problem, x0);
    records.push({ start, log_likelihood: end?.fit.logLikelihood ?? null });
    if (end !== null && (best === null || end.fit.logLikelihood > best.fit.logLikelihood)) best = end;
  }
  const search = (restarts: number): LikelihoodSearch => {
    const top = best?.fit.logLikelihood ?? Number.NaN;
    return {
      starts: records,
      restarts,
      rejected_local_optima: records.filter(
        (r) => r.log_likelihood !== null && top - r.log_likelihood > LIKELIHOOD_TOLERANCE * Math.abs(top),
      ),
      tolerance: LIKELIHOOD_TOLERANCE,
    };
  };
  if (best === null)
    return { ok: false, reason: 'log-likelihood not finite from any start', search: search(0) };
  if (k === 0) return { ok: true, maximum: best, search: search(0) };
  for (let attempt = 1; attempt <= MAX_RESTARTS; attempt++) {
    const end = ascend(problem, perturb(best.x, attempt));
    const value = end?.fit.logLikelihood ?? null;
    records.push({ start: 'restart', log_likelihood: value });
    const improved =
      end !== null &&
      end.fit.logLikelihood - best.fit.logLikelihood >
        LIKELIHOOD_TOLERANCE * Math.abs(best.fit.logLikelihood);
    if (end !== null && end.fit.logLikelihood > best.fit.logLikelihood) best = end;
    if (!improved) return { ok: true, maximum: best, search: search(attempt) };
  }
  return {
    ok: false,
    reason: `log-likelihood not stable: still improving after ${MAX_RESTARTS} restarts`,
    search: search(MAX_RESTARTS),
  };
}

/** The training data on its grid, with the regressors, before any order is chosen. */
interface Training {
  y: Float64Array;
  calendar: ArimaCalendar | null;
  bounds: ArimaParams['forecast_bounds'];
}

interface Accepted {
  order: ArimaOrder;
  maximum: Maximum;
  search: LikelihoodSearch;
  aic: number;
  terms: string[];
  forecast: ArimaForecast;
}

type Evaluation =
  | { accepted: true; value: Accepted }
  | { accepted: false; rejection: RejectedArimaCandidate };

function modelOf(order: ArimaOrder, maximum: Maximum): RegressionArimaModel {
  return {
    factors: factorsAt(order, maximum.x),
    d: order.d,
    seasonal_d: order.seasonal_d,
    season: order.season,
    beta: maximum.fit.beta,
    sigma2: maximum.fit.sigma2,
  };
}

/** Intercept only when nothing is differenced (a difference turns it into zeros). */
const hasIntercept = (order: ArimaOrder) => order.d + order.seasonal_d === 0;

function forecastAfter(
  model: RegressionArimaModel,
  training: Pick<Training, 'y' | 'calendar'>,
  intercept: boolean,
  horizon: number,
): ArimaForecast | null {
  const n = training.y.length;
  const { columns } = regressorColumns(training.calendar, intercept, n + horizon);
  const [path] = forecastFromOrigins(model, training.y, columns, [n], horizon) ?? [null];
  if (path === null) return null;
  return { yhat: Array.from(path), standard_error: forecastStandardErrors(model, horizon) };
}

async function evaluate(training: Training, order: ArimaOrder, horizon: number): Promise<Evaluation> {
  const reject = (reason: string, aic: number | null = null): Evaluation => ({
    accepted: false,
    rejection: { order, aic, reason },
  });
  const c = differencingPolynomial(order.d, order.seasonal_d, order.season);
  const intercept = hasIntercept(order);
  const { terms, columns } = regressorColumns(training.calendar, intercept, training.y.length);
  const problem: Problem = {
    order,
    w: applyDifferencing(training.y, c),
    columns: columns.map((column) => applyDifferencing(column, c)),
  };
  const result = await maximise(problem);
  if (!result.ok) return reject(result.reason);
  const { maximum, search } = result;
  const aic = -2 * maximum.fit.logLikelihood + 2 * (armaParameterCount(order) + terms.length + 1);
  const forecast = forecastAfter(modelOf(order, maximum), training, intercept, horizon);
  if (forecast === null) return reject('forecast failed: the fitted AR part is not stationary', aic);
  const bad = forecast.yhat.find((value) => !Number.isFinite(value));
  if (bad !== undefined) return reject(`forecast not finite (${bad})`, aic);
  const { lower, upper } = training.bounds;
  const outside = forecast.yhat.find((value) => value < lower || value > upper);
  if (outside !== undefined) return reject(`forecast ${outside} outside [${lower}, ${upper}]`, aic);
  return { accepted: true, value: { order, maximum, search, aic, terms, forecast } };
}

/** Orders must be consistent: seasonal terms need a season ≥ 2, and a season needs seasonal terms. */
function assertOrder(order: ArimaOrder): void {
  for (const name of Object.keys(order) as (keyof ArimaOrder)[]) assertNonNegativeInteger(name, order[name]);
  const seasonalTerms = order.seasonal_p + order.seasonal_d + order.seasonal_q > 0;
  if (seasonalTerms ? order.season < 2 : order.season !== 0) {
    throw new RangeError(`${orderLabel(order)}: season must be >= 2 with seasonal terms and 0 without`);
  }
}

function makeOrder(
  p: number,
  d: number,
  q: number,
  sp: number,
  sd: number,
  sq: number,
  season: number,
): ArimaOrder {
  const seasonal = sp + sd + sq > 0;
  return { p, d, q, seasonal_p: sp, seasonal_d: sd, seasonal_q: sq, season: seasonal ? season : 0 };
}

const accepted = (evaluations: Evaluation[]) =>
  evaluations.flatMap((e) => (e.accepted ? [e.value] : [])).sort((a, b) => a.aic - b.aic);

/** OLS residuals of the regression (with intercept), readings only: what the differencing tests see. */
function regressionResiduals(training: Training): number[] {
  const { columns } = regressorColumns(training.calendar, true, training.y.length);
  const fit = glsArmaLikelihood({ ar: [], ma: [] }, training.y, columns);
  const beta = fit?.beta ?? [];
  return Array.from(training.y).flatMap((value, t) =>
    Number.isFinite(value)
      ? [value - columns.reduce((sum, column, i) => sum + (beta[i] ?? 0) * column[t], 0)]
      : [],
  );
}

/** Runs the search described in the module comment; returns every evaluation and the differencing tests. */
async function search(
  training: Training,
  spec: ArimaSpec,
): Promise<{ evaluations: Evaluation[]; differencing: Differencing | null }> {
  const run = (order: ArimaOrder) => evaluate(training, order, spec.horizon);
  if (spec.orders) {
    spec.orders.forEach(assertOrder);
    const evaluations: Evaluation[] = [];
    for (const order of spec.orders) evaluations.push(await run(order));
    return { evaluations, differencing: null };
  }
  const season =
    spec.season !== undefined && spec.season >= 2 && spec.seasonal !== false ? spec.season : null;
  const limits = {
    season: season ?? 0,
    maxP: spec.maxP ?? 3,
    maxQ: spec.maxQ ?? 3,
    maxD: spec.maxD ?? 2,
    d: spec.d ?? 0,
    seasonalD: spec.seasonalD ?? 0,
    maxSeasonalP: spec.maxSeasonalP ?? 1,
    maxSeasonalQ: spec.maxSeasonalQ ?? 1,
    maxSeasonalBase: spec.maxSeasonalBase ?? 1,
  };
  for (const [name, value] of Object.entries(limits)) assertNonNegativeInteger(name, value);
  const tested = chooseDifferencing(regressionResiduals(training), limits.maxD, season);
  const differencing: Differencing = {
    ...tested,
    d: spec.d ?? tested.d,
    seasonal_d: season === null ? 0 : (spec.seasonalD ?? tested.seasonal_d),
  };
  const evaluations: Evaluation[] = [];
  for (let p = 0; p <= limits.maxP; p++) {
    for (let q = 0; q <= limits.maxQ; q++) {
      evaluations.push(
        await run(makeOrder(p, differencing.d, q, 0, differencing.seasonal_d, 0, season ?? 0)),
      );
    }
  }
  const base = accepted(evaluations).find(
    (e) => e.order.p <= limits.maxSeasonalBase && e.order.q <= limits.maxSeasonalBase,
  );
  if (season !== null && base !== undefined) {
    for (let sp = 0; sp <= limits.maxSeasonalP; sp++) {
      for (let sq = 0; sq <= limits.maxSeasonalQ; sq++) {
        if (sp + sq > 0) {
          const { p, d, q } = base.order;
          evaluations.push(await run(makeOrder(p, d, q, sp, differencing.seasonal_d, sq, season)));
        }
      }
    }
  }
  return { evaluations, differencing };
}

function forecastBounds(values: readonly number[]): ArimaParams['forecast_bounds'] {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  const margin = FORECAST_BOUND_RANGES * (max - min);
  return { lower: min - margin, upper: max + margin };
}

/**
 * Fits a regression with (S)ARIMA errors to `series` (regular intervals, oldest first; NaN marks an
 * interval without a reading), choosing the order by AIC among candidates that pass the
 * divergence guard. Throws when no candidate passes.
 */
export async function fitArima(series: readonly number[], spec: ArimaSpec): Promise<ArimaFit> {
  assertNonNegativeInteger('horizon', spec.horizon);
  if (spec.horizon === 0) throw new RangeError('horizon must be at least 1');
  if (series.some((value) => !Number.isFinite(value) && !Number.isNaN(value)))
    throw new RangeError('series contains infinite values');
  const readings = series.filter(Number.isFinite);
  if (readings.length < 3)
    throw new RangeError(`series has ${readings.length} readings; ARIMA needs at least 3`);
  const calendar = spec.calendar ? { ...spec.calendar, holidays: [...spec.calendar.holidays] } : null;
  const training: Training = { y: Float64Array.from(series), calendar, bounds: forecastBounds(readings) };
  const { evaluations, differencing } = await search(training, spec);
  const ranked = accepted(evaluations);
  const rejected = evaluations.flatMap((e) => (e.accepted ? [] : [e.rejection]));
  const chosen = ranked[0];
  if (chosen === undefined) {
    throw new Error(
      `no ARIMA candidate passed: ${rejected.map((r) => `${orderLabel(r.order)}: ${r.reason}`).join('; ')}`,
    );
  }
  const model = modelOf(chosen.order, chosen.maximum);
  const interceptIndex = chosen.terms.indexOf('intercept');
  return {
    params: {
      order: chosen.order,
      coefficients: {
        ar: [...model.factors.ar],
        ma: [...model.factors.ma],
        seasonal_ar: [...model.factors.seasonal_ar],
        seasonal_ma: [...model.factors.seasonal_ma],
        mean: interceptIndex >= 0 ? model.beta[interceptIndex] : null,
        sigma2: model.sigma2,
      },
      calendar,
      regression: { terms: chosen.terms, beta: [...model.beta] },
      log_likelihood: chosen.maximum.fit.logLikelihood,
      aic: chosen.aic,
      n_obs: chosen.maximum.fit.n,
      likelihood_search: chosen.search,
      differencing,
      candidates: ranked.map((e) => ({ order: e.order, aic: e.aic })),
      rejected,
      forecast_bounds: training.bounds,
      training_series: Array.from(series, (value) => (Number.isFinite(value) ? value : null)),
    },
    forecast: chosen.forecast,
  };
}

function storedModel(params: ArimaParams): RegressionArimaModel {
  const { coefficients, order } = params;
  return {
    factors: { ...coefficients, season: order.season },
    d: order.d,
    seasonal_d: order.seasonal_d,
    season: order.season,
    beta: params.regression.beta,
    sigma2: coefficients.sigma2,
  };
}

/** Forecasts `horizon` steps after the end of the training series from the stored coefficients. */
export function forecastArima(params: ArimaParams, horizon: number): ArimaForecast {
  assertNonNegativeInteger('horizon', horizon);
  const y = Float64Array.from(params.training_series, (value) => value ?? Number.NaN);
  const forecast = forecastAfter(
    storedModel(params),
    { y, calendar: params.calendar },
    hasIntercept(params.order),
    horizon,
  );
  if (forecast === null) throw new Error('stored ARIMA coefficients are not stationary');
  return forecast;
}

/**
 * Forecasts from several origins, each from the stored coefficients and every reading before the
 * origin: the training series, overlaid and extended (also backwards) by `readings`, keyed by calendar
 * position (see `calendarPosition`; the index in the training grid for a model without calendar).
 * Returns for each origin the forecasts of positions origin..origin+horizon-1; NaN throughout when
 * there are fewer readings before the origin than the differencing needs (d + s·D). Nothing is
 * refitted: later readings only move the filter's state.
 */
export function forecastArimaAt(
  params: ArimaParams,
  readings: ReadonlyMap<number, number>,
  origins: readonly number[],
  horizon: number,
): number[][] {
  assertNonNegativeInteger('horizon', horizon);
  const bad = origins.find((origin) => !Number.isInteger(origin));
  if (bad !== undefined) throw new RangeError(`forecast origin ${bad} is not an integer position`);
  if (origins.length === 0) return [];
  const trainingFirst = params.calendar?.first_position ?? 0;
  const first = Math.min(trainingFirst, ...readings.keys(), ...origins);
  const length = Math.max(
    trainingFirst - first + params.training_series.length,
    ...origins.map((o) => o - first),
  );
  const y = new Float64Array(length).fill(Number.NaN);
  params.training_series.forEach((value, t) => (y[trainingFirst - first + t] = value ?? Number.NaN));
  for (const [position, value] of readings) {
    if (position - first < length && Number.isFinite(value)) y[position - first] = value;
  }
  const calendar = params.calendar ? { ...params.calendar, first_position: first } : null;
  const { columns } = regressorColumns(calendar, hasIntercept(params.order), length + horizon);
  const degree = params.order.d + params.order.season * params.order.seasonal_d;
  const readingsBefore = (origin: number) => y.subarray(0, origin - first).filter(Number.isFinite).length;
  const usable = origins.filter((origin) => readingsBefore(origin) > degree);
  const paths = forecastFromOrigins(
    storedModel(params),
    y,
    columns,
    usable.map((origin) => origin - first),
    horizon,
  );
  if (paths === null) throw new Error('stored ARIMA coefficients are not stationary');
  const byOrigin = new Map(usable.map((origin, i) => [origin, Array.from(paths[i])]));
  return origins.map((origin) => byOrigin.get(origin) ?? new Array<number>(horizon).fill(Number.NaN));
}
