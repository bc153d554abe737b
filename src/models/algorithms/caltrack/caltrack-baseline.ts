/**
 * The CalTRACK methods as algorithms of the `baseline` model type: fitted on the service's metered
 * intervals (local days or hours, outdoor temperature in °C), stored as JSON parameters of a
 * version, and predicting any later interval from those parameters alone.
 */
import {
  baselineResidualSummary,
  type BaselineResidualSummary,
} from '../../../savings/stats/fractional-savings-uncertainty';
import type { EnergyInterval, IntervalLength } from '../energy-interval';
import { errorMetrics, type ErrorMetrics } from '../error-metrics';
import { guideline14Verdict, type Guideline14Verdict } from '../guideline14';
import {
  CALTRACK_DAILY_DEFAULTS,
  countByStatus,
  fitCaltrackDaily,
  predictCaltrackDaily,
  slopeCount,
  type CaltrackDailyModel,
  type CaltrackDailySettings,
  type CandidateStatus,
} from './daily';
import { fitCaltrackHourly, predictCaltrackHourly, type CaltrackHourlyModel } from './hourly';
import { caltrackSufficiency, type DataSufficiency } from './sufficiency';
import { celsiusToFahrenheit } from './temperature';

export interface CaltrackDailyBaselineParams {
  algorithm: 'caltrack_daily';
  spec: { interval: 'day' };
  model: CaltrackDailyModel;
  settings: CaltrackDailySettings;
  /** The baseline's residual statistics: what the savings uncertainty (FSU) of this version needs. */
  residuals: BaselineResidualSummary;
}

export interface CaltrackHourlyBaselineParams {
  algorithm: 'caltrack_hourly';
  spec: { interval: 'hour' };
  model: CaltrackHourlyModel;
}

export interface CaltrackFit<P> {
  params: P;
  /** In-sample Guideline 14 metrics (n - p) and what the method reports about its choice. */
  statistics: ErrorMetrics & { fitted_parameters: number; dropped_rows: number } & Record<string, unknown>;
  guideline14: Guideline14Verdict;
}

/** Energy types modelled without cooling terms (CalTRACK: fit_cdd = false for gas). */
const HEATING_ONLY = new Set(['natural_gas', 'gas', 'heating_oil', 'district_heating']);

/** CalTRACK daily settings for an energy type: eemeter's defaults, no cooling for heating fuels. */
export function caltrackDailySettings(energyType: string): CaltrackDailySettings {
  return { ...CALTRACK_DAILY_DEFAULTS, fit_cdd: !HEATING_ONLY.has(energyType) };
}

/**
 * CalTRACK daily on local days: days without a temperature are left out (dropped_rows).
 * @throws RangeError when the intervals are not days, or no candidate qualifies
 */
export function fitCaltrackDailyBaseline(
  intervals: readonly EnergyInterval[],
  settings: CaltrackDailySettings,
): CaltrackFit<CaltrackDailyBaselineParams> {
  assertInterval(intervals, 'day', 'caltrack_daily');
  const usable = intervals.filter((i) => i.outdoor_temp_c !== null && Number.isFinite(i.outdoor_temp_c));
  if (usable.length === 0) throw new RangeError('caltrack_daily needs days with an outdoor temperature');
  const days = usable.map((i) => ({
    day: i.start,
    energy_kwh: i.energy_kwh,
    temperature_f: celsiusToFahrenheit(i.outdoor_temp_c!),
  }));
  const fit = fitCaltrackDaily(days, settings);
  if (!fit.model || !fit.selected) {
    throw new RangeError(
      `caltrack_daily: no candidate model qualified (${JSON.stringify(countByStatus(fit.candidates))})`,
    );
  }
  const model = fit.model;
  const fitted = days.map((d) => predictCaltrackDaily(model, d.temperature_f));
  const actual = days.map((d) => d.energy_kwh);
  const slopes = slopeCount(model.model_type);
  const metrics = errorMetrics(actual, fitted, slopes + 1);
  const sufficiency: DataSufficiency = caltrackSufficiency(
    intervals.map((i) => ({
      day: i.start,
      energy_kwh: i.energy_kwh,
      temperature_coverage: i.outdoor_temp_c === null ? 0 : 1,
    })),
  );
  const counts: Record<string, Partial<Record<CandidateStatus, number>>> = {};
  for (const type of ['intercept_only', 'hdd_only', 'cdd_only', 'cdd_hdd'] as const) {
    const ofType = fit.candidates.filter((c) => c.model_type === type);
    if (ofType.length > 0) counts[type] = countByStatus(ofType);
  }
  return {
    params: {
      algorithm: 'caltrack_daily',
      spec: { interval: 'day' },
      model,
      settings: { ...settings },
      residuals: baselineResidualSummary(actual, fitted, slopes),
    },
    statistics: {
      ...metrics,
      fitted_parameters: slopes + 1,
      adj_r_squared: fit.selected.fit.r_squared_adj,
      dropped_rows: intervals.length - usable.length,
      selected_model: {
        ...model,
        t_values: fit.selected.fit.t_values,
        p_values: fit.selected.fit.p_values,
        standard_errors: fit.selected.fit.standard_errors,
      },
      candidate_counts: {
        total: fit.candidates.length,
        by_status: countByStatus(fit.candidates),
        by_model_type: counts,
      },
      data_sufficiency: sufficiency,
    },
    guideline14: guideline14Verdict(metrics, 'day'),
  };
}

/**
 * CalTRACK hourly on local hours (hour of week and month from the local start).
 * @throws RangeError when the intervals are not hours or none has a temperature
 */
export function fitCaltrackHourlyBaseline(
  intervals: readonly EnergyInterval[],
): CaltrackFit<CaltrackHourlyBaselineParams> {
  assertInterval(intervals, 'hour', 'caltrack_hourly');
  const model = fitCaltrackHourly(
    intervals.map((i) => ({
      start: i.start,
      energy_kwh: i.energy_kwh,
      temperature_f: i.outdoor_temp_c === null ? null : celsiusToFahrenheit(i.outdoor_temp_c),
    })),
  );
  const params: CaltrackHourlyBaselineParams = {
    algorithm: 'caltrack_hourly',
    spec: { interval: 'hour' },
    model,
  };
  const predicted = predictCaltrackBaseline(params, intervals);
  const kept = intervals.flatMap((interval, i) =>
    predicted[i] === null ? [] : [[interval.energy_kwh, predicted[i]]],
  );
  if (kept.length === 0) throw new RangeError('caltrack_hourly needs hours with an outdoor temperature');
  // Every coefficient of the twelve segments counts as fitted (n - p of Guideline 14).
  const parameters = model.segments.reduce(
    (sum, s) =>
      sum +
      s.hour_of_week_intercepts.filter((v) => v !== null).length +
      s.slopes_occupied.length * (s.occupancy_split ? 2 : 1),
    0,
  );
  const metrics = errorMetrics(
    kept.map(([actual]) => actual),
    kept.map(([, p]) => p),
    Math.min(parameters, kept.length - 1),
  );
  return {
    params,
    statistics: {
      ...metrics,
      fitted_parameters: parameters,
      dropped_rows: intervals.length - kept.length,
      segments: model.segments.map((s) => ({
        name: s.name,
        occupied_hours_of_week: [...s.occupancy].filter((c) => c === '1').length,
        bin_endpoints_f: s.bin_endpoints_f,
        in_sample: s.in_sample,
      })),
    },
    guideline14: guideline14Verdict(metrics, 'hour'),
  };
}

/** Expected energy per interval (null where the model cannot predict: no temperature, an unseen hour of week). */
export function predictCaltrackBaseline(
  params: CaltrackDailyBaselineParams | CaltrackHourlyBaselineParams,
  intervals: readonly EnergyInterval[],
): (number | null)[] {
  assertInterval(intervals, params.spec.interval, params.algorithm);
  return intervals.map((interval) => {
    if (interval.outdoor_temp_c === null || !Number.isFinite(interval.outdoor_temp_c)) return null;
    const temperature = celsiusToFahrenheit(interval.outdoor_temp_c);
    return params.algorithm === 'caltrack_daily'
      ? predictCaltrackDaily(params.model, temperature)
      : predictCaltrackHourly(params.model, interval.start, temperature);
  });
}

function assertInterval(
  intervals: readonly EnergyInterval[],
  interval: IntervalLength,
  algorithm: string,
): void {
  const wrong = intervals.find((i) => (interval === 'day') !== (i.start.length === 10));
  if (wrong) {
    throw new RangeError(
      `${algorithm} models ${interval === 'day' ? 'days' : 'hours'}; interval start "${wrong.start}" is not one`,
    );
  }
}
