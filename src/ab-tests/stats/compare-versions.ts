/**
 * The statistics behind an A/B test result: two model versions scored on the same metered
 * intervals, compared pair by pair, and the decision whether one of them won.
 */
import { ErrorMetrics, errorMetrics } from '../../models/algorithms/error-metrics';
import { independenceBand, lag1Autocorrelation } from './autocorrelation';
import {
  dieboldMariano,
  dieboldMarianoHac,
  DieboldMarianoHacResult,
  DieboldMarianoResult,
} from './diebold-mariano';
import { pairedTTest, wilcoxonSignedRank } from './paired-tests';
import { TestResult } from './p-values';
import { minimumPairedSampleSize } from './sample-size';

export type AbWinner = 'model_a' | 'model_b' | 'no_winner';

/**
 * Why no winner was declared: the primary test is not significant; a running test is significant
 * on fewer pairs than the power rule asks for; the versions' squared-error losses are equal; or
 * (decided by the caller, before any statistic) too few pairs, no metered data both versions can
 * be scored on outside their training windows.
 */
export type NoWinnerReason =
  | 'not_significant'
  | 'needs_more_pairs'
  | 'equal_loss'
  | 'too_few_pairs'
  | 'no_unseen_data';

/** An independence test, with a warning when its pairs are serially dependent. */
export interface CaveatedTestResult extends TestResult {
  /** Set when the pairs are autocorrelated: this p-value assumes independent pairs. */
  caveat: string | null;
}

export interface SerialDependence {
  /** r_1 of the squared-error loss differential d (the Diebold-Mariano series). */
  loss_differential_lag1: number;
  /** r_1 of |e_a| - |e_b| (the paired t and Wilcoxon series). */
  abs_error_difference_lag1: number;
  /** 1.96 / sqrt(n): |r_1| beyond it is autocorrelation at the 5 % level (Bartlett 1946). */
  independence_band: number;
  autocorrelated: boolean;
}

export interface PairedComparison {
  n: number;
  confidence_level: number;
  /** Whether the test's window has ended: the decision is final, no "keep running". */
  ended: boolean;
  model_a_metrics: ErrorMetrics;
  model_b_metrics: ErrorMetrics;
  /** mean(|e_a| - |e_b|): negative when a is more accurate. */
  mean_abs_error_difference: number;
  /** Confidence interval of mean_abs_error_difference (paired t) at confidence_level. */
  ci_low: number;
  ci_high: number;
  /** Primary test: Diebold-Mariano with a Newey-West long-run variance on the squared-error loss. */
  diebold_mariano_hac: DieboldMarianoHacResult;
  /** Diebold-Mariano with the HLN correction at horizon 1 (no autocovariance): for comparison only. */
  diebold_mariano: DieboldMarianoResult;
  /** Paired t-test on the absolute errors. */
  paired_t: CaveatedTestResult;
  /** Wilcoxon signed-rank test on the absolute errors. */
  wilcoxon: CaveatedTestResult;
  autocorrelation: SerialDependence;
  /** Pairs needed to detect the observed absolute-error difference with 80 % power (POWER); null when it is 0. */
  min_samples: number | null;
  /** p-value of the primary test. */
  p_value: number;
  winner: AbWinner;
  no_winner_reason: NoWinnerReason | null;
  /** 1 - p_value. */
  confidence: number;
  recommendation: string;
}

export interface CompareOptions {
  /**
   * The test's end has passed: the sample is final, so a significant primary test decides (the
   * power rule only guards a running test against stopping at a lucky moment), and a test that
   * is not significant ends without a winner instead of asking for more data.
   */
  ended?: boolean;
}

/** Power the sample-size rule asks for, the customary 80 %. */
const POWER = 0.8;

/**
 * Compares versions a and b on the same intervals, in time order. The primary test is the
 * Diebold-Mariano test with a Newey-West long-run variance on squared errors: per-interval
 * errors of consecutive days or hours are autocorrelated, and tests that assume independent
 * pairs (the HLN variant at horizon 1, paired t, Wilcoxon) then overstate the evidence; they
 * are reported beside it, with a caveat when the pairs are autocorrelated.
 * A winner is declared only when the primary test rejects equal accuracy at 1 - confidenceLevel,
 * and, while the test is still running, on at least as many pairs as `minimumPairedSampleSize`
 * asks for; the winner is the version with the lower squared-error loss.
 * Error metrics are out-of-sample (Guideline 14 with p = 0).
 * @param actual metered values
 * @param predictionsA version a's predictions for the same intervals
 * @param predictionsB version b's predictions for the same intervals
 * @param confidenceLevel e.g. 0.95
 */
export function comparePairedErrors(
  actual: ArrayLike<number>,
  predictionsA: ArrayLike<number>,
  predictionsB: ArrayLike<number>,
  confidenceLevel: number,
  options: CompareOptions = {},
): PairedComparison {
  const ended = options.ended ?? false;
  const metricsA = errorMetrics(actual, predictionsA);
  const metricsB = errorMetrics(actual, predictionsB);
  const errorsA = Float64Array.from(actual, (y, i) => y - predictionsA[i]);
  const errorsB = Float64Array.from(actual, (y, i) => y - predictionsB[i]);
  const absErrorsA = errorsA.map(Math.abs);
  const absErrorsB = errorsB.map(Math.abs);

  const primary = dieboldMarianoHac(errorsA, errorsB);
  const pairedT = pairedTTest(absErrorsA, absErrorsB, confidenceLevel);
  const wilcoxon = wilcoxonSignedRank(absErrorsA, absErrorsB);
  const minSamples = minimumPairedSampleSize(
    pairedT.mean_difference,
    pairedT.sd_difference,
    confidenceLevel,
    POWER,
  );
  const n = errorsA.length;
  const dependence = serialDependence(
    primary.lag1_autocorrelation,
    Float64Array.from(absErrorsA, (e, i) => e - absErrorsB[i]),
  );
  const caveat = dependence.autocorrelated ? independenceCaveat(dependence) : null;

  const significant = primary.p_value < 1 - confidenceLevel;
  // minSamples is null only when the mean absolute errors are equal: the rule has nothing to size.
  const enoughSamples = ended || minSamples === null || n >= minSamples;
  const better = lowerLoss(primary.mean_loss_difference);
  const noWinnerReason: NoWinnerReason | null =
    better === null
      ? 'equal_loss'
      : !significant
        ? 'not_significant'
        : !enoughSamples
          ? 'needs_more_pairs'
          : null;
  const winner: AbWinner = noWinnerReason === null && better !== null ? better : 'no_winner';

  return {
    n,
    confidence_level: confidenceLevel,
    ended,
    model_a_metrics: metricsA,
    model_b_metrics: metricsB,
    mean_abs_error_difference: pairedT.mean_difference,
    ci_low: pairedT.ci_low,
    ci_high: pairedT.ci_high,
    diebold_mariano_hac: primary,
    diebold_mariano: dieboldMariano(errorsA, errorsB),
    paired_t: { statistic: pairedT.statistic, p_value: pairedT.p_value, caveat },
    wilcoxon: { statistic: wilcoxon.statistic, p_value: wilcoxon.p_value, caveat },
    autocorrelation: dependence,
    min_samples: minSamples,
    p_value: primary.p_value,
    winner,
    no_winner_reason: noWinnerReason,
    confidence: 1 - primary.p_value,
    recommendation: recommend({
      winner,
      better,
      reason: noWinnerReason,
      ended,
      n,
      minSamples,
      confidenceLevel,
      primary,
      metricsA,
      metricsB,
    }),
  };
}

function serialDependence(lossDifferentialLag1: number, absErrorDifferences: Float64Array): SerialDependence {
  const absLag1 = lag1Autocorrelation(absErrorDifferences);
  const band = independenceBand(absErrorDifferences.length);
  return {
    loss_differential_lag1: lossDifferentialLag1,
    abs_error_difference_lag1: absLag1,
    independence_band: band,
    autocorrelated: Math.abs(lossDifferentialLag1) > band || Math.abs(absLag1) > band,
  };
}

function independenceCaveat(dependence: SerialDependence): string {
  return (
    `assumes independent pairs, but consecutive intervals are autocorrelated (lag-1 autocorrelation ` +
    `${formatNumber(dependence.abs_error_difference_lag1)} of the absolute-error differences, ` +
    `${formatNumber(dependence.loss_differential_lag1)} of the loss differential; independent: within ` +
    `±${formatNumber(dependence.independence_band)}): read this p-value as indicative only; the ` +
    `Diebold-Mariano test with a Newey-West variance allows for the dependence`
  );
}

/** The version whose loss is lower, from mean(L_a - L_b); null on a tie. */
function lowerLoss(meanLossDifference: number): 'model_a' | 'model_b' | null {
  if (meanLossDifference > 0) return 'model_b';
  if (meanLossDifference < 0) return 'model_a';
  return null;
}

interface RecommendationInput {
  winner: AbWinner;
  better: 'model_a' | 'model_b' | null;
  reason: NoWinnerReason | null;
  ended: boolean;
  n: number;
  minSamples: number | null;
  confidenceLevel: number;
  primary: DieboldMarianoHacResult;
  metricsA: ErrorMetrics;
  metricsB: ErrorMetrics;
}

/** One plain-language sentence for the energy manager: what the data say and what to do. */
function recommend(input: RecommendationInput): string {
  const { winner, better, reason, ended, n, minSamples, confidenceLevel, primary, metricsA, metricsB } =
    input;
  const alpha = formatNumber(1 - confidenceLevel);
  const errors = `RMSE ${formatNumber(metricsA.rmse)} vs ${formatNumber(metricsB.rmse)}, MAE ${formatNumber(metricsA.mae)} vs ${formatNumber(metricsB.mae)}`;
  const significant = primary.p_value < 1 - confidenceLevel;
  const evidence = `${errors}; Diebold-Mariano (Newey-West) p = ${formatNumber(primary.p_value)} ${significant ? '<' : '>='} ${alpha} on ${n} paired intervals`;
  const over = ended ? 'The test has ended. ' : '';
  if (winner !== 'no_winner') {
    const power = ended ? '' : `, at least ${minSamples} needed`;
    return `${over}${capitalise(label(winner))} is more accurate (${evidence}${power}): promote ${label(winner)}.`;
  }
  switch (reason) {
    case 'equal_loss':
      return `${over}No winner: both versions have the same squared error (${evidence}): keep the active version.`;
    case 'needs_more_pairs':
      return `${capitalise(label(better!))} looks more accurate (${evidence}) but ${n} paired intervals are fewer than the ${minSamples ?? '?'} needed for ${POWER * 100} % power: keep the test running.`;
    case 'not_significant':
    case 'too_few_pairs':
    case 'no_unseen_data':
    case null: {
      const needed =
        minSamples !== null && minSamples > n
          ? `; about ${minSamples} paired intervals would be needed to detect a difference this small`
          : '';
      return `${over}No winner: no significant difference between model A and model B (${evidence})${needed}: keep the active version.`;
    }
  }
}

function label(version: 'model_a' | 'model_b'): string {
  return version === 'model_a' ? 'model A' : 'model B';
}

function capitalise(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** Four significant digits, exponent notation for p-values below 1e-4. */
function formatNumber(x: number): string {
  return Math.abs(x) < 1e-4 && x !== 0 ? x.toExponential(1) : String(Number(x.toPrecision(4)));
}
