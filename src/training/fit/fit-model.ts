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
import { fitArima } from '../../models/algorithms/arima';
import { errorMetrics } from '../../models/algorithms/error-metrics';
import { forecastMetrics } from '../../models/algorithms/forecast-metrics';
import { fitProphet, forecastProphet } from '../../models/algorithms/prophet';
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

/** Season of the seasonal-naive benchmark and of the seasonal ARIMA terms: a day of hours, a week of days. */
const seasonOf = (spec: ResolvedSpec) => (spec.interval === 'day' ? 7 : 24);

/** Holdout figures of a forecast: Guideline 14 style errors plus MASE and the seasonal-naive benchmark. */
function forecastValidation(
  fit: EnergyInterval[],
  holdout: EnergyInterval[],
  forecast: number[],
  season: number,
) {
  const history = fit.map((row) => row.energy_kwh);
  const actual = holdout.map((row) => row.energy_kwh);
  return { ...errorMetrics(actual, forecast), ...forecastMetrics(history, actual, forecast, season) };
}

async function fitArimaForecast(
  spec: ResolvedSpec,
  fit: EnergyInterval[],
  holdout: EnergyInterval[],
): Promise<ModelPart> {
  const season = spec.arima?.season ?? seasonOf(spec);
  const series = fit.map((row) => row.energy_kwh);
  const result = await fitArima(series, {
    horizon: holdout.length,
    season,
    seasonal: spec.arima?.seasonal ?? true,
    ...(spec.arima?.max_p !== undefined ? { maxP: spec.arima.max_p } : {}),
    ...(spec.arima?.max_q !== undefined ? { maxQ: spec.arima.max_q } : {}),
    ...(spec.arima?.max_d !== undefined ? { maxD: spec.arima.max_d } : {}),
  });
  const { training_series: _series, ...summary } = result.params;
  return {
    algorithm: 'arima',
    parameters: { ...result.params },
    feature_names: ['energy_kwh'],
    training_metrics: {
      aic: summary.aic,
      order: summary.order,
      n_obs: summary.n_obs,
      rejected: summary.rejected,
    },
    validation_metrics: forecastValidation(fit, holdout, result.forecast.yhat, season),
  };
}

/** Prophet sees local wall-clock time (labels read as UTC), so its daily and weekly cycles follow the plant's clock. */
const localSeconds = (row: EnergyInterval) => localStartSeconds(row.start);

async function fitProphetForecast(
  spec: ResolvedSpec,
  fit: EnergyInterval[],
  holdout: EnergyInterval[],
): Promise<ModelPart> {
  const params = await fitProphet(
    fit.map(localSeconds),
    fit.map((row) => row.energy_kwh),
    {
      dailySeasonality: spec.prophet?.daily_seasonality ?? spec.interval === 'hour',
      weeklySeasonality: spec.prophet?.weekly_seasonality ?? true,
      yearlySeasonality: spec.prophet?.yearly_seasonality ?? false,
      ...(spec.prophet?.interval_width ? { intervalWidth: spec.prophet.interval_width } : {}),
      uncertaintySamples: 0,
    },
  );
  const forecast = await forecastProphet(params, holdout.map(localSeconds));
  const { training: _training, ...summary } = params;
  return {
    algorithm: 'prophet',
    parameters: { ...params },
    feature_names: ['energy_kwh', 'ds'],
    training_metrics: { settings: summary.settings, n_obs: fit.length },
    validation_metrics: forecastValidation(fit, holdout, forecast.yhat, seasonOf(spec)),
  };
}
