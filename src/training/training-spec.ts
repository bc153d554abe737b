/**
 * The model spec a job trains with: what the caller pinned in `hyperparameters`, completed with
 * defaults chosen from the data the machine has. The resolved spec is stored with the job and the
 * version, so every model can be reproduced.
 */
import type { ModelType } from '../models/model-type';
import type { BaselineAlgorithm } from '../models/algorithms/baseline';
import type { IntervalLength } from '../models/algorithms/energy-interval';
import { localMidnight } from '../common/time-zone';

export { localMidnight };

export interface ArimaOptions {
  max_p?: number;
  max_d?: number;
  max_q?: number;
  /** Search seasonal ARMA terms of period `season` besides the calendar regressors; default false. */
  seasonal?: boolean;
  season?: number;
  /** Fourier harmonics of the weekly period among the regressors; default 40 (hourly), 3 (daily). */
  fourier_harmonics?: number;
  /** Local dates (YYYY-MM-DD) of holidays: one shared indicator regressor. */
  holidays?: string[];
}

export interface ProphetOptions {
  daily_seasonality?: boolean;
  weekly_seasonality?: boolean;
  yearly_seasonality?: boolean;
  interval_width?: number;
  daily_fourier_order?: number;
  /** Default 40 for hourly data, 3 (Prophet's) for daily. */
  weekly_fourier_order?: number;
  /** Default 0.005 (see fit-model.ts). */
  changepoint_prior_scale?: number;
  /** Local dates (YYYY-MM-DD) of holidays: one shared day-long holiday effect. */
  holidays?: string[];
  /** Candidate history lengths in weeks, chosen on the newest training week; default [4, 8]. */
  window_weeks?: number[];
}

/** What a caller may pin (all optional). Window bounds: ISO dates (whole local days, end inclusive) or instants (end exclusive). */
export interface PinnedSpec {
  interval?: IntervalLength;
  /** Baselines: the algorithm; unpinned, the default is chosen on the training data. */
  algorithm?: BaselineAlgorithm;
  features?: string[];
  energy_type?: string;
  training_start?: string;
  training_end?: string;
  validation_start?: string;
  validation_end?: string;
  holdout_fraction?: number;
  z_limit?: number;
  horizon?: number;
  arima?: ArimaOptions;
  prophet?: ProphetOptions;
}

/** The spec after defaults: every field the fit and the evaluation need. */
export interface ResolvedSpec {
  model_type: ModelType;
  interval: IntervalLength;
  energy_type: string;
  timezone: string;
  /** Instants, ISO strings; [training_start, training_end) and [validation_start, validation_end). */
  training_start: string;
  training_end: string;
  validation_start: string | null;
  validation_end: string | null;
  /** Used when no validation window is pinned: the newest fraction of the training intervals. */
  holdout_fraction: number;
  /** Baselines: the pinned (or, once fitted, the chosen) algorithm. */
  algorithm?: BaselineAlgorithm;
  features?: string[];
  z_limit?: number;
  horizon?: number;
  arima?: ArimaOptions;
  prophet?: ProphetOptions;
}

export const DEFAULT_WINDOW_DAYS = 90;
/** A baseline must see every season: its fit part is a year when the data has one. */
export const BASELINE_FIT_DAYS = 365;

/**
 * Default training window of a forecast, sized to its seasonal cycles rather than a flat 90 days:
 * for hourly data 8 weeks to fit the weekly cycle on, one more week on which Prophet chooses its
 * history length, and the holdout week; for daily data 26 weeks plus the two holdout weeks.
 */
export function forecastWindowDays(interval: IntervalLength): number {
  return interval === 'day' ? 26 * 7 + 14 : 10 * 7;
}
export const DEFAULT_HOLDOUT_FRACTION = 0.2;
const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A window bound: a date is local midnight (an end date means the end of that day), else an instant. */
export function parseBound(value: string, timezone: string, isEnd: boolean): Date {
  if (DATE_ONLY.test(value)) {
    const midnight = localMidnight(value, timezone);
    return isEnd
      ? localMidnight(
          new Date(midnight.getTime() + DAY_MS + 12 * 3_600_000).toISOString().slice(0, 10),
          timezone,
        )
      : midnight;
  }
  return new Date(value);
}

/**
 * The interval a model works at unless pinned: what the readings support (readings once a day or
 * less often give days), and what a pinned CalTRACK method needs.
 */
export function defaultInterval(dataIntervalSeconds: number, algorithm?: BaselineAlgorithm): IntervalLength {
  if (algorithm === 'caltrack_daily') return 'day';
  if (algorithm === 'caltrack_hourly') return 'hour';
  return dataIntervalSeconds >= 86_400 ? 'day' : 'hour';
}

/**
 * Length of the default training window: for baselines the newest full year of fitting (plus the
 * holdout carved from it when no validation window is pinned), for forecasts forecastWindowDays of
 * their interval, for anomaly models DEFAULT_WINDOW_DAYS. resolveWindows caps it at the data the machine has.
 */
export function defaultWindowDays(
  modelType: ModelType,
  pinned: PinnedSpec,
  interval: IntervalLength = pinned.interval ?? 'hour',
): number {
  if (modelType === 'forecast_arima' || modelType === 'forecast_prophet') return forecastWindowDays(interval);
  if (modelType !== 'baseline') return DEFAULT_WINDOW_DAYS;
  const validationPinned = pinned.validation_start !== undefined || pinned.validation_end !== undefined;
  return validationPinned
    ? BASELINE_FIT_DAYS
    : Math.ceil(BASELINE_FIT_DAYS / (1 - (pinned.holdout_fraction ?? DEFAULT_HOLDOUT_FRACTION)));
}

export interface DataExtent {
  first: Date;
  last: Date;
}

/**
 * Fills the windows: unpinned, the newest `windowDays` days the machine has data for (see
 * defaultWindowDays), ending after its last reading, not "now", so historical data trains too.
 */
export function resolveWindows(
  pinned: PinnedSpec,
  timezone: string,
  extent: DataExtent,
  windowDays = DEFAULT_WINDOW_DAYS,
): Pick<
  ResolvedSpec,
  'training_start' | 'training_end' | 'validation_start' | 'validation_end' | 'holdout_fraction'
> {
  const dataEnd = new Date(extent.last.getTime() + 1);
  const validationEnd = pinned.validation_end ? parseBound(pinned.validation_end, timezone, true) : null;
  const validationStart = pinned.validation_start
    ? parseBound(pinned.validation_start, timezone, false)
    : null;
  const trainingEnd = pinned.training_end
    ? parseBound(pinned.training_end, timezone, true)
    : (validationStart ?? dataEnd);
  const trainingStart = pinned.training_start
    ? parseBound(pinned.training_start, timezone, false)
    : new Date(Math.max(extent.first.getTime(), trainingEnd.getTime() - windowDays * DAY_MS));
  const hasValidationWindow = validationStart !== null || validationEnd !== null;
  return {
    training_start: trainingStart.toISOString(),
    training_end: trainingEnd.toISOString(),
    validation_start: hasValidationWindow ? (validationStart ?? trainingEnd).toISOString() : null,
    validation_end: hasValidationWindow ? (validationEnd ?? dataEnd).toISOString() : null,
    holdout_fraction: pinned.holdout_fraction ?? DEFAULT_HOLDOUT_FRACTION,
  };
}
