/**
 * Null distribution of the Kolmogorov-Smirnov statistic D_n = sup |F_n(x) - F(x)| for a
 * sample of n values from a continuous F (SciPy's `kstwo`; `smirnov` for the one-sided D_n+).
 *
 * No single method is both fast and accurate over all (n, d), so the survival function picks
 * one per region as Simard & L'Ecuyer (2011) prescribe, the same choice SciPy makes, which
 * is why the p-values agree with SciPy's to many digits:
 * - the Durbin (1968) matrix, as Marsaglia, Tsang & Wang (2003) evaluate it: exact, costly
 *   when n * d is large;
 * - twice the exact one-sided tail (Birnbaum & Tingey 1951): exact when d >= 0.5 (both
 *   one-sided events cannot happen together) and Miller's (1956) approximation in the upper
 *   tail, where it keeps full relative precision instead of cancelling in 1 - cdf;
 * - the Pelz & Good (1976) asymptotic series for large n.
 *
 * Simard R, L'Ecuyer P (2011). Computing the two-sided Kolmogorov-Smirnov distribution.
 * Journal of Statistical Software 39(11).
 */

/**
 * P(D_n >= d), the p-value of a two-sided one-sample KS test with n observations.
 * @param n number of observations, a positive integer
 * @param d observed statistic
 */
export function kolmogorovSmirnovSf(n: number, d: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (Number.isNaN(d)) throw new RangeError('d is NaN');
  if (d >= 1) return 0;
  // D_n >= 1/(2n) always holds: the empirical CDF jumps by 1/n.
  if (n * d <= 0.5) return 1;
  if (d >= 0.5) return Math.min(1, 2 * smirnovSf(n, d));

  // Thresholds on n d^2 from Simard & L'Ecuyer (2011), section 3.
  const nd2 = n * d * d;
  if (n <= 140) {
    // S&L switch to Pomeranz's recursion for 0.754693 < n d^2 <= 4 only for speed; Durbin's
    // matrix is exact there as well and stays small (order < 50) for n <= 140.
    return nd2 <= 4 ? clampProbability(1 - durbinCdf(n, d)) : 2 * smirnovSf(n, d);
  }
  if (nd2 >= 2.2) return 2 * smirnovSf(n, d);
  const cdf = n <= 100_000 && n * d ** 1.5 <= 1.4 ? durbinCdf(n, d) : pelzGoodCdf(n, d);
  return clampProbability(1 - cdf);
}

/**
 * P(D_n+ >= d), the exact one-sided tail (Birnbaum & Tingey 1951):
 * d * sum_{j=0}^{floor(n(1-d))} C(n, j) (1 - d - j/n)^(n-j) (d + j/n)^(j-1).
 * The terms are positive and summed in log space, so neither overflow nor cancellation
 * limits the relative precision in the far tail.
 */
export function smirnovSf(n: number, d: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  const nd = n * d;
  const lastJ = Math.floor(n - nd);
  const logTerms = new Float64Array(lastJ + 1);
  let logBinomial = 0;
  let maxLog = -Infinity;
  for (let j = 0; j <= lastJ; j++) {
    if (j > 0) logBinomial += Math.log((n - j + 1) / j);
    const logTerm = logBinomial + (n - j) * Math.log((n - j - nd) / n) + (j - 1) * Math.log((nd + j) / n);
    logTerms[j] = logTerm;
    if (logTerm > maxLog) maxLog = logTerm;
  }
  let scaledSum = 0;
  for (const logTerm of logTerms) scaledSum += Math.exp(logTerm - maxLog);
  return clampProbability(d * Math.exp(maxLog) * scaledSum);
}

/** 2^128: rescaling step that keeps matrix powers and n!/n^n inside the double range. */
const SCALE_EXPONENT = 128;
const SCALE = 2 ** SCALE_EXPONENT;

/**
 * P(D_n < d) by Durbin's matrix (Marsaglia, Tsang & Wang 2003, "Evaluating Kolmogorov's
 * distribution", J. Stat. Softw. 8(18)): with n d = k - h, k an integer and 0 <= h < 1,
 * P = n!/n^n * (H^n)[k-1][k-1] for an m x m matrix H, m = 2k - 1.
 */
function durbinCdf(n: number, d: number): number {
  const k = Math.ceil(n * d);
  const h = k - n * d;
  const m = 2 * k - 1;
  const inverseFactorial = new Float64Array(m + 1);
  inverseFactorial[0] = 1;
  for (let i = 1; i <= m; i++) inverseFactorial[i] = inverseFactorial[i - 1] / i;

  const matrix = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= Math.min(i + 1, m - 1); j++) matrix[i * m + j] = inverseFactorial[i - j + 1];
  }
  for (let i = 0; i < m; i++) {
    matrix[i * m] -= h ** (i + 1) * inverseFactorial[i + 1];
    matrix[(m - 1) * m + i] -= h ** (m - i) * inverseFactorial[m - i];
  }
  if (2 * h - 1 > 0) matrix[(m - 1) * m] += (2 * h - 1) ** m * inverseFactorial[m];

  const power = scaledMatrixPower(matrix, m, n);
  // Multiply the centre element by n!/n^n, one factor i/n at a time, rescaling as it shrinks.
  let value = power.values[(k - 1) * m + (k - 1)];
  let exponent = power.exponent;
  for (let i = 1; i <= n; i++) {
    value *= i / n;
    if (value !== 0 && Math.abs(value) < 1 / SCALE) {
      value *= SCALE;
      exponent -= SCALE_EXPONENT;
    }
  }
  return clampProbability(value * 2 ** exponent);
}

/** base^power by repeated squaring; the true power is values * 2^exponent. */
function scaledMatrixPower(
  base: Float64Array,
  m: number,
  power: number,
): { values: Float64Array; exponent: number } {
  let result = identity(m);
  let resultExponent = 0;
  let square = base;
  let squareExponent = 0;
  for (let remaining = power; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      result = multiply(result, square, m);
      resultExponent += squareExponent;
      resultExponent += rescale(result);
    }
    if (remaining > 1) {
      square = multiply(square, square, m);
      squareExponent *= 2;
      squareExponent += rescale(square);
    }
  }
  return { values: result, exponent: resultExponent };
}

/** Divides the matrix by 2^128 while its largest entry exceeds 2^128; returns the exponent removed. */
function rescale(matrix: Float64Array): number {
  let removed = 0;
  let largest = matrix.reduce((max, x) => Math.max(max, Math.abs(x)), 0);
  while (largest > SCALE) {
    for (let i = 0; i < matrix.length; i++) matrix[i] /= SCALE;
    largest /= SCALE;
    removed += SCALE_EXPONENT;
  }
  return removed;
}

function identity(m: number): Float64Array {
  const matrix = new Float64Array(m * m);
  for (let i = 0; i < m; i++) matrix[i * m + i] = 1;
  return matrix;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const product = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l];
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) product[i * m + j] += ail * b[l * m + j];
    }
  }
  return product;
}

/**
 * P(D_n <= d) ~ K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^(3/2), z = d sqrt(n): the
 * Li-Chien / Korolyuk expansion rewritten by Pelz & Good (1976, JRSS B 38(2)) with Jacobi
 * theta identities so that it converges fast for small z; as printed in Simard & L'Ecuyer
 * (2011), eq. (10)-(13). The sums run over odd m = 2k - 1 with q^(m^2), q = exp(-pi^2/(8 z^2)),
 * and over all k with exp(-pi^2 k^2 / (2 z^2)).
 */
function pelzGoodCdf(n: number, d: number): number {
  const z = d * Math.sqrt(n);
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const pi2 = Math.PI * Math.PI;
  const pi4 = pi2 * pi2;
  const pi6 = pi4 * pi2;
  // Terms beyond exp(-750) are below the smallest double: so is the whole CDF for tiny z.
  if (pi2 / (8 * z2) > 750) return 0;
  const lastK = Math.ceil((Math.sqrt((8 * 750 * z2) / pi2) + 1) / 2);

  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t2 = 0;
  let t3 = 0;
  for (let k = 1; k <= lastK; k++) {
    const m2 = (2 * k - 1) ** 2;
    const oddTerm = Math.exp((-pi2 * m2) / (8 * z2));
    s0 += oddTerm;
    s1 += ((pi2 * m2) / 4 - z2) * oddTerm;
    s2 +=
      (6 * z6 + 2 * z4 + (pi2 * m2 * (2 * z4 - 5 * z2)) / 4 + (pi4 * m2 * m2 * (1 - 2 * z2)) / 16) * oddTerm;
    s3 +=
      ((pi6 * m2 ** 3 * (5 - 30 * z2)) / 64 +
        (pi4 * m2 * m2 * (212 * z4 - 60 * z2)) / 16 +
        (pi2 * m2 * (135 * z4 - 96 * z6)) / 4 -
        30 * z6 -
        90 * z4 * z4) *
      oddTerm;
    const k2 = k * k;
    const allTerm = k2 * Math.exp((-pi2 * k2) / (2 * z2));
    t2 += allTerm;
    t3 += (3 * z2 - pi2 * k2) * allTerm;
  }
  const root2pi = Math.sqrt(2 * Math.PI);
  const k0 = (root2pi / z) * s0;
  const k1 = (root2pi / (6 * z4)) * s1;
  const k2 = (root2pi / (72 * z6 * z)) * s2 - ((root2pi * pi2) / (36 * z2 * z)) * t2;
  const k3 = (root2pi / (6480 * z6 * z4)) * s3 + ((root2pi * pi2) / (216 * z6)) * t3;
  return clampProbability(k0 + k1 / Math.sqrt(n) + k2 / n + k3 / (n * Math.sqrt(n)));
}

function clampProbability(p: number): number {
  return Math.min(1, Math.max(0, p));
}
