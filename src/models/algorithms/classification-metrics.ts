/**
 * Quality of an anomaly detector against labelled intervals: ROC AUC of its scores and the
 * confusion counts, precision, recall and F1 of its flags (scikit-learn's definitions).
 */

export interface ClassificationMetrics {
  true_positives: number;
  false_positives: number;
  false_negatives: number;
  true_negatives: number;
  /** TP / (TP + FP); null when nothing was flagged. */
  precision: number | null;
  /** TP / (TP + FN); null when there is no positive label. */
  recall: number | null;
  /** 2TP / (2TP + FP + FN), the harmonic mean of precision and recall; null when TP + FP + FN = 0. */
  f1: number | null;
}

/**
 * Area under the ROC curve as the Mann-Whitney probability P(score of a positive > score of a
 * negative) + ½ P(tie) (Hanley & McNeil 1982, Radiology 143:29): U from the rank sum of the
 * positives with tied scores given their average rank, AUC = U / (n₁ n₀).
 * @throws RangeError unless both classes are present
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  if (scores.length !== labels.length) {
    throw new RangeError(`${scores.length} scores but ${labels.length} labels`);
  }
  if (!scores.every(Number.isFinite)) throw new RangeError('ROC AUC needs finite scores');
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0)
    throw new RangeError('ROC AUC needs both positive and negative labels');
  const ranks = averageRanks(scores);
  const positiveRankSum = ranks.reduce((sum, rank, i) => (labels[i] ? sum + rank : sum), 0);
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

/** Confusion counts, precision, recall and F1 of boolean flags against boolean labels. */
export function classificationMetrics(
  flags: readonly boolean[],
  labels: readonly boolean[],
): ClassificationMetrics {
  if (flags.length !== labels.length)
    throw new RangeError(`${flags.length} flags but ${labels.length} labels`);
  const count = (flag: boolean, label: boolean): number =>
    flags.filter((f, i) => f === flag && labels[i] === label).length;
  const tp = count(true, true);
  const fp = count(true, false);
  const fn = count(false, true);
  return {
    true_positives: tp,
    false_positives: fp,
    false_negatives: fn,
    true_negatives: count(false, false),
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
  };
}

/** 1-based ranks, ties sharing the mean of the ranks they span. */
function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  for (let first = 0; first < order.length; ) {
    let last = first;
    while (last + 1 < order.length && values[order[last + 1]] === values[order[first]]) last++;
    const meanRank = (first + last) / 2 + 1;
    for (let k = first; k <= last; k++) ranks[order[k]] = meanRank;
    first = last + 1;
  }
  return ranks;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
