/**
 * (S)ARIMA forecasting with order selection by AIC, on the `arima` package (ctsa in WASM).
 *
 * Estimator: ctsa's exact Gaussian maximum likelihood (Kalman filter, CSS estimates as start
 * values, L-BFGS), i.e. the package defaults method 0 / optimizer 6. With d = D = 0 a mean is
 * estimated, with any differencing none (no drift), as statsmodels' ARIMA does by default.
 * AIC = -2·logL + 2·(ncoeff + 1), ncoeff = p + q + P + Q (+ 1 for the mean), the 1 for σ²:
 * the statsmodels convention. ctsa computes it; we only read it.
 *
 * Order search (Hyndman & Khandakar 2008): D and d by tests (`arima-differencing.ts`), because
 * AICs of differently differenced models are not comparable; then every (p, q) up to
 * (maxP, maxQ) with seasonal part (0, D, 0); then, when seasonal, the seasonal AR/MA orders up to
 * (maxSeasonalP, maxSeasonalQ) added to the best of those (p, q) with p, q ≤ maxSeasonalBase (1).
 * Why so narrow: ctsa's seasonal fits with s = 24 on 2,160 hourly points took 0.03 to 1.4 s with
 * p, q ≤ 1 but up to 9 s with p = q = 3, so a full seasonal grid would take minutes.
 *
 * Divergence guard: a candidate is rejected, and the next-best by AIC taken, when it has no AR or
 * MA term (ctsa's predict then returns unfilled memory), its fit throws,
 * its likelihood is not finite, ctsa does not report convergence, or its forecast over the
 * requested horizon is not finite or leaves [min - k·range, max + k·range] of the training
 * series (k = `FORECAST_BOUND_RANGES`). Every rejection is returned with its reason.
 *
 * Persistence: the package cannot be initialised from coefficients, so the params keep the
 * training series; `forecastArima` refits the same order on it (deterministic: same WASM, same
 * start values) and checks that the coefficients come out as stored before forecasting.
 */
import { chooseDifferencing, type Differencing } from './arima-differencing';
import {
  loadArima,
  type ArimaRuntime,
  type EmscriptenHeap,
  type NativeArimaModel,
} from './forecast-wasm-loaders';

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
 * Coefficients in the R / statsmodels sign convention:
 * (1 - Σ ar_i B^i)(1 - Σ seasonal_ar_i B^(s·i)) (∇^d ∇_s^D y_t - mean) = (1 + Σ ma_j B^j)(1 + Σ seasonal_ma_j B^(s·j)) a_t.
 * ctsa stores MA terms with the opposite (Box-Jenkins) sign; they are negated on reading.
 */
export interface ArimaCoefficients {
  ar: number[];
  ma: number[];
  seasonal_ar: number[];
  seasonal_ma: number[];
  /** Process mean; null when the model differences (no mean or drift is estimated then). */
  mean: number | null;
  /** Innovation variance σ². */
  sigma2: number;
}

export interface ArimaCandidate {
  order: ArimaOrder;
  /** null when the likelihood was not finite or the fit failed. */
  aic: number | null;
}

export interface RejectedArimaCandidate extends ArimaCandidate {
  reason: string;
}

export interface ArimaParams {
  order: ArimaOrder;
  coefficients: ArimaCoefficients;
  log_likelihood: number;
  aic: number;
  n_obs: number;
  /**
   * d and D searched with (the caller's when fixed) and the test statistics; null when the caller
   * gave the candidate orders.
   */
  differencing: Differencing | null;
  /** Accepted candidates, least AIC first; the first is `order`. */
  candidates: ArimaCandidate[];
  rejected: RejectedArimaCandidate[];
  /** Forecasts outside [lower, upper] mark a divergent fit. */
  forecast_bounds: { lower: number; upper: number };
  /** The whole training series: `forecastArima` refits on it (see the module comment). */
  training_series: number[];
}

export interface ArimaForecast {
  yhat: number[];
  /** √(forecast mean squared error) per step from ctsa's Kalman filter; yhat ± 1.96·se is a 95 % band. */
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
  /** Season length in intervals (24 for hourly data with a daily cycle, see `seasonLength`). */
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
  /** Largest p and q of the non-seasonal part that seasonal terms are added to; default 1 (see the module comment). */
  maxSeasonalBase?: number;
  /** Fixes D instead of testing the seasonal strength. */
  seasonalD?: number;
  /** Fits exactly these orders (no differencing tests, no grid) and keeps the best valid one. */
  orders?: ArimaOrder[];
}

/** Range multiples beyond the training min/max at which a forecast counts as divergent. */
export const FORECAST_BOUND_RANGES = 1;

/** ctsa `retval` meanings (ctsa.c sarimax_summary); only 1 is a usable fit. */
const CTSA_RETVAL: Readonly<Record<number, string>> = {
  0: 'input error',
  1: 'probable success',
  4: 'optimization did not converge',
  7: 'exogenous variables are collinear',
  10: 'non-stationary AR part',
  12: 'non-stationary seasonal AR part',
  15: 'optimization encountered Inf/NaN values',
};

/**
 * Byte offsets in ctsa's `struct sarimax_set` (ctsa.h) as compiled to wasm32 in arima 0.2.8
 * (int and pointer 4 bytes, double 8 bytes and 8-aligned):
 * int N, Nused, method, optmethod, p, d, q, s, P, D, Q, r, M, ncoeff (0..52);
 * double *phi, *theta, *PHI, *THETA, *exog, *vcov; int lvcov; double *res (56..84);
 * double mean, var, loglik, aic (88..112); int retval (120).
 */
const SARIMAX_OFFSET = {
  N: 0,
  p: 16,
  d: 20,
  q: 24,
  s: 28,
  P: 32,
  D: 36,
  Q: 40,
  M: 48,
  ncoeff: 52,
  phi: 56,
  theta: 60,
  PHI: 64,
  THETA: 68,
  mean: 88,
  variance: 96,
  loglik: 104,
  aic: 112,
  retval: 120,
} as const;

/** The WASM memory does not hold ctsa's struct where expected: a packaging problem, not a bad candidate. */
export class ArimaLayoutError extends Error {
  constructor(detail: string) {
    super(`arima WASM struct layout is not ctsa's sarimax_set: ${detail}`);
    this.name = 'ArimaLayoutError';
  }
}

interface NativeFit {
  coefficients: ArimaCoefficients;
  logLikelihood: number;
  aic: number;
  retval: number;
}

/**
 * Reads the fitted model out of WASM memory. The order fields, series length and the AIC identity
 * are checked, so a different package build with another struct layout fails loudly here.
 */
function readNativeFit(
  heap: EmscriptenHeap,
  model: NativeArimaModel,
  order: ArimaOrder,
  n: number,
): NativeFit {
  if (model.model === null) throw new Error('arima model has no native state (destroyed?)');
  const base = heap.HEAPU32[model.model >>> 2];
  const int = (offset: number): number => heap.HEAP32[(base + offset) >>> 2];
  const double = (offset: number): number => heap.HEAPF64[(base + offset) >>> 3];
  const doubles = (pointerOffset: number, count: number): number[] => {
    const start = heap.HEAPU32[(base + pointerOffset) >>> 2] >>> 3;
    return Array.from(heap.HEAPF64.subarray(start, start + count));
  };

  const expected: [keyof typeof SARIMAX_OFFSET, number][] = [
    ['N', n],
    ['p', order.p],
    ['d', order.d],
    ['q', order.q],
    ['s', order.season],
    ['P', order.seasonal_p],
    ['D', order.seasonal_d],
    ['Q', order.seasonal_q],
  ];
  for (const [field, value] of expected) {
    const actual = int(SARIMAX_OFFSET[field]);
    if (actual !== value) throw new ArimaLayoutError(`${field} = ${actual}, expected ${value}`);
  }
  const logLikelihood = double(SARIMAX_OFFSET.loglik);
  const aic = double(SARIMAX_OFFSET.aic);
  const parameterCount = int(SARIMAX_OFFSET.ncoeff) + 1;
  if (
    Number.isFinite(aic) &&
    Math.abs(aic - (-2 * logLikelihood + 2 * parameterCount)) > 1e-6 * Math.max(1, Math.abs(aic))
  ) {
    throw new ArimaLayoutError(`aic ${aic} != -2·${logLikelihood} + 2·${parameterCount}`);
  }
  const negate = (values: number[]): number[] => values.map((value) => -value);
  return {
    coefficients: {
      ar: doubles(SARIMAX_OFFSET.phi, order.p),
      ma: negate(doubles(SARIMAX_OFFSET.theta, order.q)),
      seasonal_ar: doubles(SARIMAX_OFFSET.PHI, order.seasonal_p),
      seasonal_ma: negate(doubles(SARIMAX_OFFSET.THETA, order.seasonal_q)),
      mean: int(SARIMAX_OFFSET.M) === 1 ? double(SARIMAX_OFFSET.mean) : null,
      sigma2: double(SARIMAX_OFFSET.variance),
    },
    logLikelihood,
    aic,
    retval: int(SARIMAX_OFFSET.retval),
  };
}

interface FittedOrder extends NativeFit {
  forecast: ArimaForecast;
}

/** Fits one order and forecasts `horizon` steps; the native model is freed before returning. */
function fitOrder(runtime: ArimaRuntime, series: number[], order: ArimaOrder, horizon: number): FittedOrder {
  const model = new runtime.ARIMA({
    p: order.p,
    d: order.d,
    q: order.q,
    P: order.seasonal_p,
    D: order.seasonal_d,
    Q: order.seasonal_q,
    s: order.season,
    method: 0,
    optimizer: 6,
  }).train(series) as NativeArimaModel;
  try {
    const fit = readNativeFit(runtime.heap, model, order, series.length);
    const [yhat, mse] = model.predict(horizon);
    return { ...fit, forecast: { yhat, standard_error: mse.map(Math.sqrt) } };
  } finally {
    model.destroy();
  }
}

type Evaluation =
  | { accepted: true; order: ArimaOrder; fit: FittedOrder }
  | { accepted: false; rejection: RejectedArimaCandidate };

function evaluate(
  runtime: ArimaRuntime,
  series: number[],
  order: ArimaOrder,
  horizon: number,
  bounds: ArimaParams['forecast_bounds'],
): Evaluation {
  const reject = (reason: string, aic: number | null = null): Evaluation => ({
    accepted: false,
    rejection: { order, aic, reason },
  });
  if (order.p + order.q + order.seasonal_p + order.seasonal_q === 0) {
    // Seen with arima 0.2.8: (0,1,0) "forecasts" 1.9e-309, 0, 2.1e-313, then raw series values.
    return reject('no AR or MA term: ctsa returns unfilled memory as the forecast of such models');
  }
  let fit: FittedOrder;
  try {
    fit = fitOrder(runtime, series, order, horizon);
  } catch (error) {
    if (error instanceof ArimaLayoutError) throw error;
    return reject(`fit failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Number.isFinite(fit.aic)) return reject(`log-likelihood not finite (${fit.logLikelihood})`);
  if (fit.retval !== 1)
    return reject(`ctsa retval ${fit.retval}: ${CTSA_RETVAL[fit.retval] ?? 'unknown'}`, fit.aic);
  const bad = fit.forecast.yhat.find((value) => !Number.isFinite(value));
  if (bad !== undefined) return reject(`forecast not finite (${bad})`, fit.aic);
  const outside = fit.forecast.yhat.find((value) => value < bounds.lower || value > bounds.upper);
  if (outside !== undefined)
    return reject(`forecast ${outside} outside [${bounds.lower}, ${bounds.upper}]`, fit.aic);
  return { accepted: true, order, fit };
}

function forecastBounds(series: number[]): ArimaParams['forecast_bounds'] {
  const min = Math.min(...series);
  const max = Math.max(...series);
  const margin = FORECAST_BOUND_RANGES * (max - min);
  return { lower: min - margin, upper: max + margin };
}

function assertNonNegativeInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/** Orders must be what ctsa will fit: the package zeroes P, D, Q when s = 0, and s when P = D = Q = 0. */
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
  seasonal_p: number,
  seasonal_d: number,
  seasonal_q: number,
  season: number,
): ArimaOrder {
  const seasonalTerms = seasonal_p + seasonal_d + seasonal_q > 0;
  return { p, d, q, seasonal_p, seasonal_d, seasonal_q, season: seasonalTerms ? season : 0 };
}

function byAic(a: Evaluation & { accepted: true }, b: Evaluation & { accepted: true }): number {
  return a.fit.aic - b.fit.aic;
}

function accepted(evaluations: Evaluation[]): (Evaluation & { accepted: true })[] {
  return evaluations.filter((e): e is Evaluation & { accepted: true } => e.accepted).sort(byAic);
}

/** Runs the search described in the module comment; returns every evaluation and the differencing tests. */
function search(
  runtime: ArimaRuntime,
  series: number[],
  spec: ArimaSpec,
  bounds: ArimaParams['forecast_bounds'],
): { evaluations: Evaluation[]; differencing: Differencing | null } {
  const run = (order: ArimaOrder): Evaluation => evaluate(runtime, series, order, spec.horizon, bounds);
  if (spec.orders) {
    spec.orders.forEach(assertOrder);
    return { evaluations: spec.orders.map(run), differencing: null };
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
  const { maxP, maxQ, maxD, maxSeasonalP, maxSeasonalQ, maxSeasonalBase } = limits;

  const tested = chooseDifferencing(series, maxD, season);
  const differencing: Differencing = {
    ...tested,
    d: spec.d ?? tested.d,
    seasonal_d: season === null ? 0 : (spec.seasonalD ?? tested.seasonal_d),
  };
  const evaluations: Evaluation[] = [];
  for (let p = 0; p <= maxP; p++) {
    for (let q = 0; q <= maxQ; q++) {
      evaluations.push(run(makeOrder(p, differencing.d, q, 0, differencing.seasonal_d, 0, season ?? 0)));
    }
  }
  const base = accepted(evaluations).find(
    (e) => e.order.p <= maxSeasonalBase && e.order.q <= maxSeasonalBase,
  );
  if (season !== null && base !== undefined) {
    for (let P = 0; P <= maxSeasonalP; P++) {
      for (let Q = 0; Q <= maxSeasonalQ; Q++) {
        if (P + Q > 0)
          evaluations.push(
            run(makeOrder(base.order.p, base.order.d, base.order.q, P, differencing.seasonal_d, Q, season)),
          );
      }
    }
  }
  return { evaluations, differencing };
}

/**
 * Fits (S)ARIMA to `series` (regular intervals, oldest first), choosing the order by AIC among
 * candidates that pass the divergence guard. Throws when no candidate passes.
 */
export async function fitArima(series: readonly number[], spec: ArimaSpec): Promise<ArimaFit> {
  assertNonNegativeInteger('horizon', spec.horizon);
  if (spec.horizon === 0) throw new RangeError('horizon must be at least 1');
  if (!series.every(Number.isFinite)) throw new RangeError('series contains non-finite values');
  const training = Array.from(series);
  const runtime = await loadArima();
  const bounds = forecastBounds(training);
  const { evaluations, differencing } = search(runtime, training, spec, bounds);

  const ranked = accepted(evaluations);
  const rejected = evaluations.flatMap((e) => (e.accepted ? [] : [e.rejection]));
  const chosen = ranked[0];
  if (chosen === undefined) {
    throw new Error(
      `no ARIMA candidate passed: ${rejected.map((r) => `${orderLabel(r.order)}: ${r.reason}`).join('; ')}`,
    );
  }
  return {
    params: {
      order: chosen.order,
      coefficients: chosen.fit.coefficients,
      log_likelihood: chosen.fit.logLikelihood,
      aic: chosen.fit.aic,
      n_obs: training.length,
      differencing,
      candidates: ranked.map((e) => ({ order: e.order, aic: e.fit.aic })),
      rejected,
      forecast_bounds: bounds,
      training_series: training,
    },
    forecast: chosen.fit.forecast,
  };
}

/** "(p,d,q)(P,D,Q)[s]" for messages. */
export function orderLabel(order: ArimaOrder): string {
  const base = `(${order.p},${order.d},${order.q})`;
  return order.season > 0
    ? `${base}(${order.seasonal_p},${order.seasonal_d},${order.seasonal_q})[${order.season}]`
    : base;
}

function sameCoefficients(a: ArimaCoefficients, b: ArimaCoefficients): boolean {
  const close = (x: number, y: number): boolean =>
    Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  const flat = (c: ArimaCoefficients): number[] => [
    ...c.ar,
    ...c.ma,
    ...c.seasonal_ar,
    ...c.seasonal_ma,
    c.mean ?? 0,
    c.sigma2,
  ];
  const left = flat(a);
  const right = flat(b);
  return (
    (a.mean === null) === (b.mean === null) &&
    left.length === right.length &&
    left.every((x, i) => close(x, right[i]))
  );
}

/**
 * Forecasts `horizon` steps after the training series of `params` by refitting the stored order
 * on it. Throws when the refit does not reproduce the stored coefficients (relative 1e-9), e.g.
 * after a change of the `arima` package.
 */
export async function forecastArima(params: ArimaParams, horizon: number): Promise<ArimaForecast> {
  assertNonNegativeInteger('horizon', horizon);
  const runtime = await loadArima();
  const refit = fitOrder(runtime, params.training_series, params.order, Math.max(1, horizon));
  if (!sameCoefficients(refit.coefficients, params.coefficients)) {
    throw new Error(`refitting ARIMA${orderLabel(params.order)} did not reproduce the stored coefficients`);
  }
  return {
    yhat: refit.forecast.yhat.slice(0, horizon),
    standard_error: refit.forecast.standard_error.slice(0, horizon),
  };
}
