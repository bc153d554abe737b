/**
 * The statistics behind an A/B test result: two model versions scored on the same metered
 * intervals, compared pair by pair, and the decision whether one of them won.
 */
import { ErrorMetrics, errorMetrics } from '../../models/algorithms/error-metrics';
import { dieboldMariano, DieboldMarianoResult } from './diebold-mariano';
import { pairedTTest, wilcoxonSignedRank } from './paired-tests';
import { TestResult } from './p-values';
import { minimumPairedSampleSize } from './sample-size';

export type AbWinner = 'model_a' | 'model_b' | 'no_winner';

export interface PairedComparison {
  n: number;
  confidence_level: number;
  model_a_metrics: ErrorMetrics;
  model_b_metrics: ErrorMetrics;
  /** mean(|e_a| - |e_b|): negative when a is more accurate. */
  mean_abs_error_difference: number;
  /** Confidence interval of mean_abs_error_difference (paired t) at confidence_level. */
  ci_low: number;
  ci_high: number;
  /** Primary test: Diebold-Mariano with HLN correction on the squared-error loss. */
  diebold_mariano: DieboldMarianoResult;
  /** Paired t-test on the absolute errors. */
  paired_t: TestResult;
  /** Wilcoxon signed-rank test on the absolute errors. */
  wilcoxon: TestResult;
  /** Pairs needed to detect the observed absolute-error difference with 80 % power (POWER); null when it is 0. */
  min_samples: number | null;
  /** p-value of the primary test. */
  p_value: number;
  winner: AbWinner;
  /** 1 - p_value. */
  confidence: number;
  recommendation: string;
}

/** Power the sample-size rule asks for, the customary 80 %. */
const POWER = 0.8;

/**
 * Compares versions a and b on the same intervals. A winner is declared only when the primary
 * test (Diebold-Mariano / Harvey-Leybourne-Newbold on squared errors) rejects equal accuracy at
 * 1 - confidenceLevel and the test has at least as many pairs as `minimumPairedSampleSize`
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
): PairedComparison {
  const metricsA = errorMetrics(actual, predictionsA);
  const metricsB = errorMetrics(actual, predictionsB);
  const errorsA = Float64Array.from(actual, (y, i) => y - predictionsA[i]);
  const errorsB = Float64Array.from(actual, (y, i) => y - predictionsB[i]);
  const absErrorsA = errorsA.map(Math.abs);
  const absErrorsB = errorsB.map(Math.abs);

  const primary = dieboldMariano(errorsA, errorsB);
  const pairedT = pairedTTest(absErrorsA, absErrorsB, confidenceLevel);
  const wilcoxon = wilcoxonSignedRank(absErrorsA, absErrorsB);
  const minSamples = minimumPairedSampleSize(
    pairedT.mean_difference,
    pairedT.sd_difference,
    confidenceLevel,
    POWER,
  );

  const n = errorsA.length;
  const significant = primary.p_value < 1 - confidenceLevel;
  const enoughSamples = minSamples !== null && n >= minSamples;
  const better = lowerLoss(primary.mean_loss_difference);
  const winner: AbWinner = significant && enoughSamples && better !== null ? better : 'no_winner';

  return {
    n,
    confidence_level: confidenceLevel,
    model_a_metrics: metricsA,
    model_b_metrics: metricsB,
    mean_abs_error_difference: pairedT.mean_difference,
    ci_low: pairedT.ci_low,
    ci_high: pairedT.ci_high,
    diebold_mariano: primary,
    paired_t: { statistic: pairedT.statistic, p_value: pairedT.p_value },
    wilcoxon: { statistic: wilcoxon.statistic, p_value: wilcoxon.p_value },
    min_samples: minSamples,
    p_value: primary.p_value,
    winner,
    confidence: 1 - primary.p_value,
    recommendation: recommend({
      winner,
      better,
      significant,
      n,
      minSamples,
      confidenceLevel,
      primary,
      metricsA,
      metricsB,
    }),
  };
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
  significant: boolean;
  n: number;
  minSamples: number | null;
  confidenceLevel: number;
  primary: DieboldMarianoResult;
  metricsA: ErrorMetrics;
  metricsB: ErrorMetrics;
}

/** One plain-language sentence for the energy manager: what the data say and what to do. */
function recommend(input: RecommendationInput): string {
  const { winner, better, significant, n, minSamples, confidenceLevel, primary, metricsA, metricsB } = input;
  const alpha = formatNumber(1 - confidenceLevel);
  const errors = `RMSE ${formatNumber(metricsA.rmse)} vs ${formatNumber(metricsB.rmse)}, MAE ${formatNumber(metricsA.mae)} vs ${formatNumber(metricsB.mae)}`;
  const evidence = `${errors}; Diebold-Mariano (HLN) p = ${formatNumber(primary.p_value)} ${significant ? '<' : '>='} ${alpha}`;
  if (winner !== 'no_winner') {
    return `${capitalise(label(winner))} is more accurate (${evidence} on ${n} paired intervals, at least ${minSamples} needed): promote ${label(winner)}.`;
  }
  // A significant test implies a non-zero mean loss difference, hence a better version.
  if (!significant || better === null) {
    const needed =
      minSamples !== null && minSamples > n
        ? `; about ${minSamples} paired intervals would be needed to detect a difference this small`
        : '';
    return `No significant difference between model A and model B (${evidence})${needed}: keep the active version.`;
  }
  if (minSamples === null) {
    return `${capitalise(label(better))} has the lower squared error (${evidence}) but the same mean absolute error as the other version: no winner, review manually.`;
  }
  return `${capitalise(label(better))} looks more accurate (${evidence}) but ${n} paired intervals are fewer than the ${minSamples} needed for ${POWER * 100} % power: keep the test running.`;
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
