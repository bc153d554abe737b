/**
 * Quantile function of the standard normal distribution (no @stdlib package for it is
 * installed): Acklam's rational approximation, relative error < 1.15e-9, refined by one
 * Halley step on the exact CDF, which brings it to full double precision.
 * P. J. Acklam (2003), "An algorithm for computing the inverse normal cumulative distribution
 * function"; Halley's third-order correction as Acklam recommends.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
/** Below it the tail formula in sqrt(-2 ln p) is used, above it the central one in (p - 0.5)^2. */
const TAIL = 0.02425;

/** z with P(Z <= z) = p for a standard normal Z. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Work in the lower tail, where the CDF used by the refinement is accurate; 1 - p is exact for p >= 0.5.
  return p > 0.5 ? -lowerHalfQuantile(1 - p) : lowerHalfQuantile(p);
}

/** For 0 < p <= 0.5. */
function lowerHalfQuantile(p: number): number {
  let x: number;
  if (p < TAIL) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = polynomial(C, q) / (polynomial(D, q) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (polynomial(A, r) * q) / (polynomial(B, r) * r + 1);
  }
  const error = normalCdf(x, 0, 1) - p;
  const u = error * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Horner's scheme, coefficients from the highest power down. */
function polynomial(coefficients: readonly number[], x: number): number {
  return coefficients.reduce((sum, c) => sum * x + c, 0);
}
