/**
 * Jensen-Shannon distance between two discrete distributions (e.g. the PSI bin proportions),
 * as SciPy's `scipy.spatial.distance.jensenshannon` computes it.
 */

/**
 * sqrt(JSD(p, q)), JSD = (KL(p || m) + KL(q || m)) / 2 with m = (p + q) / 2 and logarithms in
 * the given base (Lin 1991; Endres & Schindelin 2003 show the square root is a metric). Both
 * inputs are first rescaled to sum to 1, as SciPy does, so smoothed proportions are accepted.
 * Base 2 bounds the distance to [0, 1].
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>, base = 2): number {
  if (p.length !== q.length) throw new RangeError(`p has ${p.length} values, q ${q.length}`);
  const pNormalised = normalise(p, 'p');
  const qNormalised = normalise(q, 'q');
  let divergence = 0;
  for (let i = 0; i < pNormalised.length; i++) {
    const middle = (pNormalised[i] + qNormalised[i]) / 2;
    divergence += relativeEntropy(pNormalised[i], middle) + relativeEntropy(qNormalised[i], middle);
  }
  // Rounding can leave a tiny negative divergence for identical inputs.
  return Math.sqrt(Math.max(0, divergence / 2 / Math.log(base)));
}

/** x ln(x / y), with 0 ln 0 = 0. */
function relativeEntropy(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}

function normalise(weights: ArrayLike<number>, name: string): Float64Array {
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] >= 0) || !Number.isFinite(weights[i])) {
      throw new RangeError(`${name}[${i}] must be a finite non-negative number`);
    }
    total += weights[i];
  }
  if (total <= 0) throw new RangeError(`${name} has no mass`);
  return Float64Array.from(weights, (w) => w / total);
}
