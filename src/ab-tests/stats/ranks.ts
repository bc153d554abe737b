/** Mid-ranks with tie bookkeeping, shared by the Wilcoxon signed-rank and Mann-Whitney U tests. */

export interface Ranking {
  /** 1-based ranks, ties sharing the average of the ranks they span (SciPy's method="average"). */
  ranks: Float64Array;
  /** sum over groups of tied values of (t^3 - t): the tie correction of both tests' variances. */
  tieTerm: number;
}

export function averageRanks(values: ArrayLike<number>): Ranking {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(values.length);
  let tieTerm = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    // Positions start..end-1 hold equal values: ranks start+1..end, average (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let p = start; p < end; p++) ranks[order[p]] = rank;
    const tied = end - start;
    tieTerm += tied ** 3 - tied;
    start = end;
  }
  return { ranks, tieTerm };
}
