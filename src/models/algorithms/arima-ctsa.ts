/**
 * ctsa (the `arima` package, C compiled to WASM) as a second optimiser: its exact-likelihood fit
 * (CSS estimates as start values, then L-BFGS; method 0 / optimizer 6, the package defaults) gives
 * one of the starting points `arima.ts` maximises the likelihood from. The package hides the fitted
 * coefficients in WASM memory; they are read from ctsa's `struct sarimax_set` with the layout
 * checked on every fit.
 */
import type { ArimaCoefficients, ArimaOrder } from './arima';
import { loadArima, type EmscriptenHeap, type NativeArimaModel } from './forecast-wasm-loaders';

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

export interface NativeFit {
  /** In the R / statsmodels sign convention (ctsa's MA signs are negated on reading). */
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

/** ctsa's retval with its meaning, e.g. "4: optimization did not converge". */
export function ctsaStatus(retval: number): string {
  return `${retval}: ${CTSA_RETVAL[retval] ?? 'unknown'}`;
}

/**
 * Fits one order with ctsa; the native model is freed before returning. Throws ArimaLayoutError
 * when the WASM memory is not laid out as expected, and whatever ctsa throws for a bad fit.
 */
export async function fitWithCtsa(series: readonly number[], order: ArimaOrder): Promise<NativeFit> {
  const runtime = await loadArima();
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
  }).train(Array.from(series)) as NativeArimaModel;
  try {
    return readNativeFit(runtime.heap, model, order, series.length);
  } finally {
    model.destroy();
  }
}
