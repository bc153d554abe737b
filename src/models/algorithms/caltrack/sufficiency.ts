/**
 * CalTRACK 2.0 data sufficiency for a daily baseline (sections 2.2 and 2.3, as eemeter's
 * caltrack_sufficiency_criteria applies them): the baseline spans exactly 365 days, at least 90 %
 * of them have use and a temperature, a day's temperature counts only when more than 90 % of its
 * hours have one, and there are no negative readings (2.3.5). Readings above median + 3 IQR are
 * flagged for review but do not fail the baseline (2.3.6).
 */
import { quantileSorted, sortedCopy } from '../../../drift/stats/descriptive';

export interface SufficiencyDay {
  /** "YYYY-MM-DD". */
  day: string;
  energy_kwh: number | null;
  /** Share of the day's hours with a temperature (1 for a daily mean of complete hourly data). */
  temperature_coverage: number;
}

export interface SufficiencySettings {
  num_days: number;
  min_fraction_daily_coverage: number;
  min_fraction_hourly_temperature_coverage_per_period: number;
}

export const CALTRACK_SUFFICIENCY_DEFAULTS: Readonly<SufficiencySettings> = {
  num_days: 365,
  min_fraction_daily_coverage: 0.9,
  min_fraction_hourly_temperature_coverage_per_period: 0.9,
};

export type SufficiencyStatus = 'PASS' | 'FAIL' | 'NO DATA';

export interface DataSufficiency {
  status: SufficiencyStatus;
  /** Critical warnings (status FAIL) first, then extreme_values_detected; eemeter's names. */
  warnings: string[];
  n_days_total: number;
  n_valid_days: number;
  n_valid_meter_value_days: number;
  n_valid_temperature_days: number;
  n_negative_meter_values: number;
  n_extreme_values: number;
  settings: SufficiencySettings;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/**
 * @param days the baseline days, oldest first, each lasting until the next calendar day
 * @param requested the baseline period asked for, [start, end) as "YYYY-MM-DD"; a gap before or
 *   after the data counts as days without data, data outside it fails the check
 */
export function caltrackSufficiency(
  days: readonly SufficiencyDay[],
  requested?: { start?: string; end?: string },
  settings: Readonly<SufficiencySettings> = CALTRACK_SUFFICIENCY_DEFAULTS,
): DataSufficiency {
  const empty = {
    n_days_total: 0,
    n_valid_days: 0,
    n_valid_meter_value_days: 0,
    n_valid_temperature_days: 0,
    n_negative_meter_values: 0,
    n_extreme_values: 0,
    settings: { ...settings },
  };
  const usable = days.filter((d) => d.energy_kwh !== null || d.temperature_coverage > 0);
  if (usable.length === 0) return { status: 'NO DATA', warnings: ['no_data'], ...empty };

  const warnings: string[] = [];
  const dataStart = dayNumber(days[0].day);
  const dataEnd = dayNumber(days[days.length - 1].day) + 1;
  let startGap = requested?.start ? dataStart - dayNumber(requested.start) : 0;
  let endGap = requested?.end ? dayNumber(requested.end) - dataEnd : 0;
  if (endGap < 0) {
    warnings.push('extra_data_after_requested_end_date');
    endGap = 0;
  }
  if (startGap < 0) {
    warnings.push('extra_data_before_requested_start_date');
    startGap = 0;
  }
  const nDaysTotal = dataEnd - dataStart + startGap + endGap;

  const meterValues = days.map((d) => d.energy_kwh).filter((v): v is number => v !== null);
  const negative = meterValues.filter((v) => v < 0).length;
  if (negative > 0) warnings.push('negative_meter_values');

  const validMeter = (d: SufficiencyDay) => d.energy_kwh !== null;
  const validTemperature = (d: SufficiencyDay) =>
    d.temperature_coverage > settings.min_fraction_hourly_temperature_coverage_per_period;
  const nValidMeter = days.filter(validMeter).length;
  const nValidTemperature = days.filter(validTemperature).length;
  const nValid = days.filter((d) => validMeter(d) && validTemperature(d)).length;

  if (nDaysTotal !== settings.num_days) warnings.push('incorrect_number_of_total_days');
  const fraction = (n: number) => (nDaysTotal > 0 ? n / nDaysTotal : 0);
  if (fraction(nValid) < settings.min_fraction_daily_coverage)
    warnings.push('too_many_days_with_missing_data');
  if (fraction(nValidMeter) < settings.min_fraction_daily_coverage) {
    warnings.push('too_many_days_with_missing_meter_data');
  }
  if (fraction(nValidTemperature) < settings.min_fraction_daily_coverage) {
    warnings.push('too_many_days_with_missing_temperature_data');
  }
  const status: SufficiencyStatus = warnings.length > 0 ? 'FAIL' : 'PASS';

  const extremes = extremeValueCount(meterValues);
  if (extremes > 0) warnings.push('extreme_values_detected');
  return {
    status,
    warnings,
    n_days_total: nDaysTotal,
    n_valid_days: nValid,
    n_valid_meter_value_days: nValidMeter,
    n_valid_temperature_days: nValidTemperature,
    n_negative_meter_values: negative,
    n_extreme_values: extremes,
    settings: { ...settings },
  };
}

/** CalTRACK 2.3.6: readings above median + 3 · IQR (linear quantiles). */
function extremeValueCount(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = sortedCopy(values);
  const median = quantileSorted(sorted, 0.5);
  const limit = median + 3 * (quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25));
  return values.filter((v) => v > limit).length;
}
