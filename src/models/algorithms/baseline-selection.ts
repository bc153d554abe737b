/**
 * The default baseline: which algorithm (OLS with drivers, CalTRACK daily, CalTRACK hourly) and
 * which interval (hour or day) a machine's baseline uses when the caller pins neither. Each
 * candidate the data supports is fitted on four weeks of every five of the training data and
 * scored on the fifth: a holdout spread over every season of the training window and never
 * outside it (the future is for validation, not for choosing). Candidates of different intervals
 * are compared on daily totals, the figure M&V reports use; the lowest CV(RMSE) wins.
 */
import {
  driverAvailability,
  fitBaseline,
  predictBaseline,
  searchChangePoints,
  suggestBaselineFeatures,
  type BaselineAlgorithm,
  type BaselineParams,
  type BaselinePrediction,
} from './baseline';
import {
  caltrackDailySettings,
  fitCaltrackDailyBaseline,
  fitCaltrackHourlyBaseline,
} from './caltrack/caltrack-baseline';
import type { EnergyInterval, IntervalLength } from './energy-interval';
import { errorMetrics, type ErrorMetrics } from './error-metrics';
import type { Guideline14Verdict } from './guideline14';

/** The same window at the intervals in play: hours (sub-daily readings) and/or local days. */
export interface BaselineSeries {
  hour?: EnergyInterval[];
  day?: EnergyInterval[];
}

export interface BaselineCandidate {
  algorithm: BaselineAlgorithm;
  interval: IntervalLength;
}

export interface BaselineOptions {
  energy_type: string;
  /** Pinned OLS drivers: used as given (no change-point search). */
  features?: string[];
}

export interface FittedBaseline {
  params: BaselineParams;
  feature_names: string[];
  /** In-sample statistics and the method's own report (candidates, change points, segments). */
  statistics: ErrorMetrics & Record<string, unknown>;
  guideline14: Guideline14Verdict;
}

export interface CandidateScore extends BaselineCandidate {
  /** Holdout CV(RMSE), percent, on the compared intervals; null when the candidate failed. */
  cv_rmse_pct: number | null;
  nmbe_pct: number | null;
  /** Intervals (days when compared on daily totals) the candidate predicted. */
  n: number;
  error?: string;
}

export interface BaselineChoice {
  chosen: BaselineCandidate;
  /** What the candidates were compared on. */
  compared_on: 'daily_totals' | IntervalLength;
  holdout: 'every fifth week of the training data';
  scores: CandidateScore[];
}

/** A temperature on this share of intervals makes the CalTRACK methods candidates. */
const MIN_TEMPERATURE_COVERAGE = 0.9;
/** A candidate predicting fewer of the compared intervals than this share of the best covered one is out. */
const MIN_COMPARED_COVERAGE = 0.9;
const DAY_MS = 86_400_000;

/** Candidates the series support, in the order ties are broken: OLS first (the service's classic). */
export function baselineCandidates(series: BaselineSeries): BaselineCandidate[] {
  const candidates: BaselineCandidate[] = [];
  for (const interval of ['hour', 'day'] as const) {
    const rows = series[interval];
    if (!rows || rows.length === 0) continue;
    candidates.push({ algorithm: 'ols', interval });
    if (temperatureCoverage(rows) >= MIN_TEMPERATURE_COVERAGE) {
      candidates.push({ algorithm: interval === 'hour' ? 'caltrack_hourly' : 'caltrack_daily', interval });
    }
  }
  return candidates;
}

/**
 * Fits one algorithm at one interval. OLS takes the pinned features, or the drivers the data
 * supports plus the change points it supports (searchChangePoints).
 * @throws RangeError when the data cannot support the algorithm
 */
export function fitBaselineCandidate(
  candidate: BaselineCandidate,
  intervals: readonly EnergyInterval[],
  options: BaselineOptions,
): FittedBaseline {
  switch (candidate.algorithm) {
    case 'ols': {
      const suggested = suggestBaselineFeatures(driverAvailability(intervals), candidate.interval);
      const search = options.features
        ? { spec: { interval: candidate.interval, features: options.features }, change_points: [], fit: null }
        : searchChangePoints(intervals, suggested);
      const result = search.fit ?? fitBaseline(intervals, search.spec);
      return {
        params: result.params,
        feature_names: result.params.feature_names,
        statistics: { ...result.statistics, change_points: search.change_points },
        guideline14: result.guideline14,
      };
    }
    case 'caltrack_daily': {
      const result = fitCaltrackDailyBaseline(intervals, caltrackDailySettings(options.energy_type));
      return { ...result, feature_names: ['outdoor_temp_c'] };
    }
    case 'caltrack_hourly': {
      const result = fitCaltrackHourlyBaseline(intervals);
      return { ...result, feature_names: ['outdoor_temp_c', 'hour_of_week'] };
    }
  }
}

/**
 * Splits a series into four weeks of every five (fit) and the fifth (holdout), weeks counted
 * from the first local day of the series; a series shorter than five weeks holds out its newest
 * fifth of days.
 */
export function weeklyHoldout(series: BaselineSeries): { fit: BaselineSeries; holdout: BaselineSeries } {
  const first = Math.min(
    ...[series.hour?.[0], series.day?.[0]]
      .filter((row) => row !== undefined)
      .map((row) => dayNumber(row.start)),
  );
  const last = Math.max(
    ...[series.hour?.at(-1), series.day?.at(-1)]
      .filter((row) => row !== undefined)
      .map((row) => dayNumber(row.start)),
  );
  // Under five weeks there is no fifth week: the newest fifth of the days is held out instead.
  const isHoldout =
    last - first >= 35
      ? (row: EnergyInterval) => Math.floor((dayNumber(row.start) - first) / 7) % 5 === 4
      : (row: EnergyInterval) =>
          dayNumber(row.start) > last - Math.max(1, Math.floor((last - first + 1) / 5));
  const fit: BaselineSeries = {};
  const holdout: BaselineSeries = {};
  for (const interval of ['hour', 'day'] as const) {
    const rows = series[interval];
    if (!rows) continue;
    fit[interval] = rows.filter((row) => !isHoldout(row));
    holdout[interval] = rows.filter(isHoldout);
  }
  return { fit, holdout };
}

/**
 * Chooses the default baseline on the training series (see the file header). With one candidate
 * there is nothing to compare and it is chosen as it is.
 * @throws RangeError when no candidate can be fitted
 */
export function chooseBaseline(series: BaselineSeries, options: BaselineOptions): BaselineChoice {
  const candidates = baselineCandidates(series);
  if (candidates.length === 0) throw new RangeError('no intervals to fit a baseline on');
  const comparedOn: BaselineChoice['compared_on'] =
    series.day && series.hour ? 'daily_totals' : candidates[0].interval;
  const base = { compared_on: comparedOn, holdout: 'every fifth week of the training data' as const };
  if (candidates.length === 1) return { ...base, chosen: candidates[0], scores: [] };

  const { fit, holdout } = weeklyHoldout(series);
  const outcomes = candidates.map((candidate) => {
    try {
      const fitted = fitBaselineCandidate(candidate, fit[candidate.interval]!, options);
      const predicted = comparable(fitted.params, candidate.interval, holdout, comparedOn);
      return { candidate, predicted, error: undefined };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return {
        candidate,
        predicted: new Map<string, { actual: number; predicted: number }>(),
        error: error.message,
      };
    }
  });
  const bestCoverage = Math.max(...outcomes.map((o) => o.predicted.size));
  const eligible = outcomes.filter(
    (o) => o.predicted.size > 0 && o.predicted.size >= MIN_COMPARED_COVERAGE * bestCoverage,
  );
  // Compared on the intervals every eligible candidate predicts, so that no one is scored on easier days.
  const common = [...(eligible[0]?.predicted.keys() ?? [])].filter((key) =>
    eligible.every((o) => o.predicted.has(key)),
  );
  const scores: CandidateScore[] = outcomes.map(({ candidate, predicted, error }) => {
    if (!eligible.some((o) => o.candidate === candidate) || common.length === 0) {
      return {
        ...candidate,
        cv_rmse_pct: null,
        nmbe_pct: null,
        n: predicted.size,
        error:
          error ??
          `predicts ${predicted.size} of the ${bestCoverage} holdout intervals the best candidate predicts`,
      };
    }
    const pairs = common.map((key) => predicted.get(key)!);
    const metrics = errorMetrics(
      pairs.map((p) => p.actual),
      pairs.map((p) => p.predicted),
      0,
    );
    return { ...candidate, cv_rmse_pct: metrics.cv_rmse_pct, nmbe_pct: metrics.nmbe_pct, n: pairs.length };
  });
  const ranked = scores.filter((s) => s.cv_rmse_pct !== null);
  if (ranked.length === 0) {
    throw new RangeError(
      `no baseline candidate could be fitted: ${scores.map((s) => `${s.algorithm}/${s.interval}: ${s.error}`).join('; ')}`,
    );
  }
  const best = ranked.reduce((a, b) => (b.cv_rmse_pct! < a.cv_rmse_pct! ? b : a));
  return { ...base, chosen: { algorithm: best.algorithm, interval: best.interval }, scores };
}

/**
 * Daily totals of a baseline's predictions over local days: hourly predictions summed per day,
 * kept for the days whose hours were all predicted and whose metered hours add up to the day's
 * metered total (so the day's hours are complete). Keyed by the day ("YYYY-MM-DD").
 */
export function dailyTotals(
  predictions: readonly BaselinePrediction[],
  interval: IntervalLength,
  days: readonly EnergyInterval[],
  hours: readonly EnergyInterval[] = [],
): Map<string, { actual: number; predicted: number }> {
  const totals = new Map<string, { actual: number; predicted: number }>();
  if (interval === 'day') {
    for (const p of predictions) totals.set(p.start, { actual: p.energy_kwh, predicted: p.predicted_kwh });
    return totals;
  }
  const perDay = new Map<string, { actual: number; predicted: number; hours: number }>();
  for (const p of predictions) {
    const day = p.start.slice(0, 10);
    const entry = perDay.get(day) ?? { actual: 0, predicted: 0, hours: 0 };
    entry.actual += p.energy_kwh;
    entry.predicted += p.predicted_kwh;
    entry.hours++;
    perDay.set(day, entry);
  }
  const hoursPerDay = new Map<string, number>();
  for (const hour of hours)
    hoursPerDay.set(hour.start.slice(0, 10), (hoursPerDay.get(hour.start.slice(0, 10)) ?? 0) + 1);
  for (const day of days) {
    const entry = perDay.get(day.start);
    if (!entry || entry.hours !== hoursPerDay.get(day.start)) continue;
    if (Math.abs(entry.actual - day.energy_kwh) > 1e-6 * Math.max(1, Math.abs(day.energy_kwh))) continue;
    totals.set(day.start, { actual: day.energy_kwh, predicted: entry.predicted });
  }
  return totals;
}

function comparable(
  params: BaselineParams,
  interval: IntervalLength,
  holdout: BaselineSeries,
  comparedOn: BaselineChoice['compared_on'],
): Map<string, { actual: number; predicted: number }> {
  const { predictions } = predictBaseline(params, holdout[interval]!);
  if (comparedOn === 'daily_totals') return dailyTotals(predictions, interval, holdout.day!, holdout.hour);
  return new Map(predictions.map((p) => [p.start, { actual: p.energy_kwh, predicted: p.predicted_kwh }]));
}

function temperatureCoverage(rows: readonly EnergyInterval[]): number {
  return (
    rows.filter((row) => row.outdoor_temp_c !== null && Number.isFinite(row.outdoor_temp_c)).length /
    rows.length
  );
}

function dayNumber(start: string): number {
  return Math.floor(Date.parse(`${start.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}
