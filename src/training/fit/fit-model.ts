/**
 * Fits one model on metered intervals: the pure function the worker threads run. It splits off
 * the validation data (a pinned window, else the newest fraction), fits, and scores the
 * validation data with the fitted parameters (out of sample: Guideline 14 with p = 0).
 */
import { fitAnomalyModel, scoreAnomalies } from '../../models/algorithms/anomaly';
import { predictBaseline, scoreBaseline } from '../../models/algorithms/baseline';
import {
  chooseBaseline,
  dailyTotals,
  fitBaselineCandidate,
  type BaselineCandidate,
  type BaselineChoice,
  type BaselineSeries,
} from '../../models/algorithms/baseline-selection';
import {
  localStartSeconds,
  type EnergyInterval,
  type IntervalLength,
} from '../../models/algorithms/energy-interval';
import { guideline14Verdict } from '../../models/algorithms/guideline14';
import { calendarPosition, calendarSeconds, fitArima } from '../../models/algorithms/arima';
import { errorMetrics } from '../../models/algorithms/error-metrics';
import { forecastMetrics } from '../../models/algorithms/forecast-metrics';
import { fitProphet, forecastProphet, type ProphetSpec } from '../../models/algorithms/prophet';
import { benchmarkSeasons } from '../../models/algorithms/seasonal-naive';
import type { ResolvedSpec } from '../training-spec';

export interface FitInput {
  spec: ResolvedSpec;
  /** Intervals of the training window, oldest first. */
  training: EnergyInterval[];
  /** Intervals of the pinned validation window; empty = hold out the newest fraction of `training`. */
  validation: EnergyInterval[];
  /**
   * Hourly baselines: the same windows as local days, so that the default baseline may be a daily
   * model and hourly ones report daily totals.
   */
  daily?: {
    training: EnergyInterval[];
    validation: EnergyInterval[];
    /** false when the caller pinned the interval: days then only report daily totals. */
    selectable: boolean;
  };
}

export interface FitOutput {
  algorithm: string;
  parameters: Record<string, unknown>;
  feature_names: string[];
  training_metrics: Record<string, unknown>;
  validation_metrics: Record<string, unknown>;
  training_samples: number;
  validation_samples: number;
  /** First and last interval start of each part (local time labels). */
  training_range: [string, string];
  validation_range: [string, string];
  /** The interval the model was fitted at, when it differs from the spec's (a default baseline chose days). */
  interval?: IntervalLength;
}

export const MIN_TRAINING_INTERVALS = 14;

export class InsufficientDataError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'InsufficientDataError';
  }
}

/** The newest `fraction` of the rows (at least one) is held out for validation. */
export function splitHoldout<T>(rows: readonly T[], fraction: number): { fit: T[]; holdout: T[] } {
  const holdoutSize = Math.max(1, Math.round(rows.length * fraction));
  return { fit: rows.slice(0, rows.length - holdoutSize), holdout: rows.slice(rows.length - holdoutSize) };
}

/** Forecasts are validated on the next `horizon` intervals (default one week), the use they are made for. */
export function forecastHorizon(spec: ResolvedSpec): number {
  return spec.horizon ?? (spec.interval === 'day' ? 14 : 168);
}

const isForecast = (spec: ResolvedSpec) =>
  spec.model_type === 'forecast_arima' || spec.model_type === 'forecast_prophet';

function split(input: FitInput): { fit: EnergyInterval[]; holdout: EnergyInterval[] } {
  if (input.validation.length > 0) return { fit: input.training, holdout: input.validation };
  if (isForecast(input.spec)) {
    const horizon = Math.min(forecastHorizon(input.spec), Math.floor(input.training.length / 3));
    return { fit: input.training.slice(0, -horizon), holdout: input.training.slice(-horizon) };
  }
  return splitHoldout(input.training, input.spec.holdout_fraction);
}

export async function fitModel(input: FitInput): Promise<FitOutput> {
  const { fit, holdout } = split(input);
  if (fit.length < MIN_TRAINING_INTERVALS) {
    throw new InsufficientDataError(
      `only ${fit.length} complete ${input.spec.interval} intervals of ${input.spec.energy_type} in the training window; at least ${MIN_TRAINING_INTERVALS} are needed`,
    );
  }
  if (holdout.length === 0) throw new InsufficientDataError('no metered intervals in the validation window');
  const ranges = {
    training_samples: fit.length,
    validation_samples: holdout.length,
    training_range: [fit[0].start, fit[fit.length - 1].start] as [string, string],
    validation_range: [holdout[0].start, holdout[holdout.length - 1].start] as [string, string],
  };
  switch (input.spec.model_type) {
    case 'baseline':
      return { ...ranges, ...fitBaselineModel(input) };
    case 'anomaly':
      return { ...fitAnomalyDetector(input.spec, fit, holdout), ...ranges };
    case 'forecast_arima':
      return { ...(await fitArimaForecast(input.spec, fit, holdout)), ...ranges };
    case 'forecast_prophet':
      return { ...(await fitProphetForecast(input.spec, fit, holdout)), ...ranges };
  }
}

type ModelPart = Omit<
  FitOutput,
  'training_samples' | 'validation_samples' | 'training_range' | 'validation_range'
>;

/**
 * Baselines: the pinned algorithm (and features), or the default chosen by chooseBaseline on the
 * fit part (never the holdout). Without a pinned validation window the holdout is the newest
 * fraction of the training days, cut at a local day so that hours and days split alike.
 */
function fitBaselineModel(input: FitInput): Omit<FitOutput, 'algorithm'> & { algorithm: string } {
  const { spec } = input;
  const parts = baselineParts(input);
  const options = { energy_type: spec.energy_type, ...(spec.features ? { features: spec.features } : {}) };
  let selection: BaselineChoice | null = null;
  let candidate: BaselineCandidate;
  if (spec.algorithm) candidate = { algorithm: spec.algorithm, interval: spec.interval };
  else if (spec.features) candidate = { algorithm: 'ols', interval: spec.interval };
  else {
    const series = input.daily?.selectable ? parts.fit : { [spec.interval]: parts.fit[spec.interval] };
    selection = chooseBaseline(series, options);
    candidate = selection.chosen;
  }
  const fit = parts.fit[candidate.interval] ?? [];
  const holdout = parts.holdout[candidate.interval] ?? [];
  if (fit.length < MIN_TRAINING_INTERVALS) {
    throw new InsufficientDataError(
      `only ${fit.length} complete ${candidate.interval} intervals of ${spec.energy_type} in the training window; at least ${MIN_TRAINING_INTERVALS} are needed`,
    );
  }
  if (holdout.length === 0) throw new InsufficientDataError('no metered intervals in the validation window');
  const result = fitBaselineCandidate(candidate, fit, options);
  const validation = scoreBaseline(result.params, holdout);
  const daily =
    candidate.interval === 'hour' && parts.holdout.day
      ? dailyTotalMetrics(result.params, holdout, parts.holdout.day)
      : null;
  return {
    algorithm: result.params.algorithm,
    interval: candidate.interval,
    parameters: { ...result.params },
    feature_names: result.feature_names,
    training_metrics: {
      ...result.statistics,
      guideline14: result.guideline14,
      ...(selection ? { selection } : {}),
    },
    validation_metrics: {
      ...validation,
      guideline14: guideline14Verdict(validation, candidate.interval),
      ...(daily ? { daily_totals: daily } : {}),
    },
    training_samples: fit.length,
    validation_samples: holdout.length,
    training_range: [fit[0].start, fit[fit.length - 1].start],
    validation_range: [holdout[0].start, holdout[holdout.length - 1].start],
  };
}

/** Fit and holdout parts of every series a baseline job has (hours and/or days). */
function baselineParts(input: FitInput): { fit: BaselineSeries; holdout: BaselineSeries } {
  const training: BaselineSeries = { [input.spec.interval]: input.training };
  const validation: BaselineSeries = { [input.spec.interval]: input.validation };
  if (input.spec.interval === 'hour' && input.daily) {
    training.day = input.daily.training;
    validation.day = input.daily.validation;
  }
  if (input.validation.length > 0) return { fit: training, holdout: validation };
  const days = [...new Set((training.day ?? input.training).map((row) => row.start.slice(0, 10)))];
  const holdoutDays = Math.max(1, Math.round(days.length * input.spec.holdout_fraction));
  const cut = days[Math.max(0, days.length - holdoutDays)] ?? '';
  const fit: BaselineSeries = {};
  const holdout: BaselineSeries = {};
  for (const interval of ['hour', 'day'] as const) {
    const rows = training[interval];
    if (!rows) continue;
    fit[interval] = rows.filter((row) => row.start.slice(0, 10) < cut);
    holdout[interval] = rows.filter((row) => row.start.slice(0, 10) >= cut);
  }
  return { fit, holdout };
}

/** Out-of-sample errors of an hourly baseline's daily totals (complete days only). */
function dailyTotalMetrics(
  params: Parameters<typeof scoreBaseline>[0],
  hours: EnergyInterval[],
  days: EnergyInterval[],
) {
  const totals = [...dailyTotals(predictBaseline(params, hours).predictions, 'hour', days, hours).values()];
  if (totals.length === 0) return null;
  const metrics = errorMetrics(
    totals.map((t) => t.actual),
    totals.map((t) => t.predicted),
    0,
  );
  return { ...metrics, guideline14: guideline14Verdict(metrics, 'day') };
}

function fitAnomalyDetector(spec: ResolvedSpec, fit: EnergyInterval[], holdout: EnergyInterval[]): ModelPart {
  const params = fitAnomalyModel(fit, {
    interval: spec.interval,
    ...(spec.z_limit ? { z_limit: spec.z_limit } : {}),
  });
  const rate = (rows: EnergyInterval[]) => {
    const scored = scoreAnomalies(params, rows).filter((score) => score.score !== null);
    const flagged = scored.filter((score) => score.is_anomaly).length;
    return {
      n: scored.length,
      flagged,
      anomaly_rate_pct: scored.length > 0 ? (100 * flagged) / scored.length : null,
    };
  };
  return {
    algorithm: params.algorithm,
    parameters: { ...params },
    feature_names: ['energy_kwh', params.context, ...params.drivers],
    training_metrics: rate(fit),
    validation_metrics: rate(holdout),
  };
}

/** Seconds per interval of the fitted series. */
const intervalSeconds = (spec: ResolvedSpec) => (spec.interval === 'day' ? 86_400 : 3_600);

/**
 * Default Fourier harmonics of the weekly period: for hourly data 40 of the 84 possible (down to
 * periods of about 4 hours: enough for the switch-on and switch-off of a working day, which
 * differ between weekdays and weekends), for daily data all 3 (the full day-of-week pattern).
 */
const defaultWeeklyHarmonics = (spec: ResolvedSpec) => (spec.interval === 'day' ? 3 : 40);

/** A forecast's intervals on their regular grid (calendar positions, see `calendarPosition`), NaN = no reading. */
interface Grid {
  first: number;
  values: Float64Array;
}

const positionOf = (spec: ResolvedSpec, row: EnergyInterval) =>
  calendarPosition(localStartSeconds(row.start), intervalSeconds(spec));

function toGrid(spec: ResolvedSpec, rows: EnergyInterval[]): Grid {
  const first = positionOf(spec, rows[0]);
  const values = new Float64Array(positionOf(spec, rows[rows.length - 1]) - first + 1).fill(Number.NaN);
  for (const row of rows) values[positionOf(spec, row) - first] = row.energy_kwh;
  return { first, values };
}

/** The holdout on the grid continuing `history`: actual values over 0..horizon-1 steps after it. */
function holdoutGrid(spec: ResolvedSpec, history: Grid, holdout: EnergyInterval[]): Float64Array {
  const start = history.first + history.values.length;
  const offsets = holdout.map((row) => positionOf(spec, row) - start);
  const actual = new Float64Array(Math.max(...offsets) + 1).fill(Number.NaN);
  offsets.forEach((offset, i) => (actual[offset] = holdout[i].energy_kwh));
  return actual;
}

/** Holdout figures of a forecast: out-of-sample errors, MASE and both seasonal-naive benchmarks. */
function forecastValidation(
  spec: ResolvedSpec,
  history: Grid,
  actual: Float64Array,
  forecast: ArrayLike<number>,
) {
  const metrics = forecastMetrics(history.values, actual, forecast, benchmarkSeasons(intervalSeconds(spec)));
  const scored = Array.from(actual.keys()).filter(
    (i) => Number.isFinite(actual[i]) && Number.isFinite(forecast[i]),
  );
  const errors = errorMetrics(
    scored.map((i) => actual[i]),
    scored.map((i) => forecast[i]),
  );
  return { ...errors, ...metrics };
}

async function fitArimaForecast(
  spec: ResolvedSpec,
  fit: EnergyInterval[],
  holdout: EnergyInterval[],
): Promise<ModelPart> {
  const history = toGrid(spec, fit);
  const actual = holdoutGrid(spec, history, holdout);
  const [dailySeason, weeklySeason] = benchmarkSeasons(intervalSeconds(spec));
  const weekly = weeklySeason ?? dailySeason;
  const result = await fitArima(Array.from(history.values), {
    horizon: actual.length,
    season: spec.arima?.season ?? dailySeason,
    seasonal: spec.arima?.seasonal ?? false,
    calendar: {
      interval_seconds: intervalSeconds(spec),
      first_position: history.first,
      fourier: [{ period: weekly, harmonics: spec.arima?.fourier_harmonics ?? defaultWeeklyHarmonics(spec) }],
      holidays: spec.arima?.holidays ?? [],
    },
    ...(spec.arima?.max_p !== undefined ? { maxP: spec.arima.max_p } : {}),
    ...(spec.arima?.max_q !== undefined ? { maxQ: spec.arima.max_q } : {}),
    ...(spec.arima?.max_d !== undefined ? { maxD: spec.arima.max_d } : {}),
  });
  const { params } = result;
  return {
    algorithm: 'arima',
    parameters: { ...params },
    feature_names: ['energy_kwh', ...params.regression.terms],
    training_metrics: {
      aic: params.aic,
      log_likelihood: params.log_likelihood,
      order: params.order,
      n_obs: params.n_obs,
      regressors: params.regression.terms.length,
      likelihood_search: params.likelihood_search,
      rejected: params.rejected,
    },
    validation_metrics: forecastValidation(spec, history, actual, result.forecast.yhat),
  };
}

/** Prophet sees local wall-clock time (labels read as UTC), so its daily and weekly cycles follow the plant's clock. */
const localSeconds = (row: EnergyInterval) => localStartSeconds(row.start);

/** Default weekly Fourier order for hourly data (see `defaultWeeklyHarmonics`); daily data keeps Prophet's 3. */
const defaultProphetWeeklyOrder = (spec: ResolvedSpec) => (spec.interval === 'day' ? 3 : 40);

function prophetSpec(spec: ResolvedSpec): ProphetSpec {
  const options = spec.prophet ?? {};
  return {
    dailySeasonality: options.daily_seasonality ?? spec.interval === 'hour',
    weeklySeasonality: options.weekly_seasonality ?? true,
    yearlySeasonality: options.yearly_seasonality ?? false,
    ...(options.daily_fourier_order ? { dailyFourierOrder: options.daily_fourier_order } : {}),
    weeklyFourierOrder: options.weekly_fourier_order ?? defaultProphetWeeklyOrder(spec),
    changepointPriorScale: options.changepoint_prior_scale ?? DEFAULT_CHANGEPOINT_PRIOR_SCALE,
    holidays: options.holidays ?? [],
    ...(options.interval_width ? { intervalWidth: options.interval_width } : {}),
    uncertaintySamples: 0,
  };
}

/** Fits Prophet on `rows` and forecasts the grid steps of `actual` after them. */
async function prophetOn(spec: ResolvedSpec, rows: EnergyInterval[], horizon: number) {
  const params = await fitProphet(
    rows.map(localSeconds),
    rows.map((row) => row.energy_kwh),
    prophetSpec(spec),
  );
  const history = toGrid(spec, rows);
  const start = history.first + history.values.length;
  const future = Array.from({ length: horizon }, (_, h) => calendarSeconds(start + h, intervalSeconds(spec)));
  return { params, history, forecast: await forecastProphet(params, future) };
}

/**
 * Prophet's history length, chosen among whole numbers of weeks (its longest cycle) on the newest
 * week of the training data, never on the holdout: each candidate is fitted on the weeks before that
 * week and scored on it; the least RMSE wins and is refitted on the newest weeks of the data. Prophet
 * has no short-term memory (its level is the fitted trend), so how far back the level is taken from
 * matters most where the level moves with the weather, as gas use does.
 */
async function chooseProphetWeeks(
  spec: ResolvedSpec,
  fit: EnergyInterval[],
): Promise<{ weeks: number | null; scores: { weeks: number; rmse: number | null }[] }> {
  const candidates = spec.prophet?.window_weeks ?? DEFAULT_PROPHET_WINDOW_WEEKS;
  // Daily data: the whole window (28 weeks of 7 values); one candidate: no choice to make.
  if (spec.interval !== 'hour') return { weeks: null, scores: [] };
  if (candidates.length < 2) return { weeks: candidates[0] ?? null, scores: [] };
  const week = 168;
  const position = (row: EnergyInterval) => positionOf(spec, row);
  const end = position(fit[fit.length - 1]) + 1;
  const inner = fit.filter((row) => position(row) >= end - week);
  const before = fit.filter((row) => position(row) < end - week);
  const scores: { weeks: number; rmse: number | null }[] = [];
  for (const weeks of candidates) {
    const rows = before.filter((row) => position(row) >= end - week - weeks * week);
    const span = rows.length > 0 ? end - week - position(rows[0]) : 0;
    if (inner.length === 0 || span < weeks * week) {
      scores.push({ weeks, rmse: null });
      continue;
    }
    const { history, forecast } = await prophetOn(spec, rows, week);
    const actual = holdoutGrid(spec, history, inner);
    const pairs = Array.from(actual.keys()).filter((i) => Number.isFinite(actual[i]));
    const rmse = Math.sqrt(
      pairs.reduce((sum, i) => sum + (actual[i] - forecast.yhat[i]) ** 2, 0) / pairs.length,
    );
    scores.push({ weeks, rmse });
  }
  const scored = scores.filter((score): score is { weeks: number; rmse: number } => score.rmse !== null);
  const best = scored.reduce<(typeof scored)[number] | null>(
    (a, b) => (a === null || b.rmse < a.rmse ? b : a),
    null,
  );
  return { weeks: best?.weeks ?? null, scores };
}

async function fitProphetForecast(
  spec: ResolvedSpec,
  fit: EnergyInterval[],
  holdout: EnergyInterval[],
): Promise<ModelPart> {
  const selection = await chooseProphetWeeks(spec, fit);
  const end = positionOf(spec, fit[fit.length - 1]) + 1;
  const rows =
    selection.weeks === null
      ? fit
      : fit.filter((row) => positionOf(spec, row) >= end - selection.weeks! * 168);
  const history = toGrid(spec, rows);
  const actual = holdoutGrid(spec, history, holdout);
  const { params, forecast } = await prophetOn(spec, rows, actual.length);
  const { training: _training, ...summary } = params;
  return {
    algorithm: 'prophet',
    parameters: { ...params },
    feature_names: ['energy_kwh', 'ds'],
    training_metrics: {
      settings: summary.settings,
      n_obs: rows.length,
      history_weeks: selection.weeks,
      history_selection: selection.scores,
    },
    validation_metrics: forecastValidation(spec, history, actual, forecast.yhat),
  };
}

/** Candidate Prophet history lengths in weeks (see `chooseProphetWeeks`). */
export const DEFAULT_PROPHET_WINDOW_WEEKS = [4, 8];

/**
 * Prophet's trend flexibility: 0.005, a tenth of Prophet's default 0.05. Over a few weeks of hourly
 * data the default lets the trend bend to the last days and extrapolates the bend over the horizon.
 */
export const DEFAULT_CHANGEPOINT_PRIOR_SCALE = 0.005;
