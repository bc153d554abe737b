/**
 * What the drift tests need of a version's training window (its reference): each driver's training
 * values with their calendar months, and the mean and deviation of the training residuals. The
 * tests use the values only as a distribution (PSI, KS, Wasserstein, range, same-month subsets)
 * and the residuals only through their mean and deviation (the CUSUM's standardisation), so a
 * sample kept as distinct values with counts per month reproduces them without the training
 * window being read and scored again at every evaluation.
 *
 * Residuals of hourly (sub-daily) models are watched as daily means: hourly residuals are strongly
 * autocorrelated, and a tabular CUSUM with h = 5 assumes independent ones (its in-control run
 * length of about 465 holds only for those); on a week of hourly residuals it alarmed for every
 * baseline of a fleet that met Guideline 14 (bench/README.md, "monitoring-fleet"). A day's mean
 * carries the same bias with far less of the hour-to-hour correlation, and daily is what the
 * CUSUM's reference (cusum.json) and CalTRACK's daily model are made for.
 */
import type { EnergyInterval, IntervalLength } from '../models/algorithms/energy-interval';
import { mean, standardDeviation } from './stats/descriptive';

/** A driver's training values of one calendar month: distinct values ascending, each with its count. */
export interface MonthValues {
  values: number[];
  counts: number[];
}

/** A driver's training values by calendar month ("1" to "12", the machine's local time). */
export type DriverReference = Record<string, MonthValues>;

/** `interval`: each interval's residual; `daily_mean`: the mean residual of each local day. */
export type ResidualBasis = 'interval' | 'daily_mean';

export interface ResidualSummary {
  basis: ResidualBasis;
  n: number;
  mean: number;
  /** Standard deviation with ddof 1; 0 below two values. */
  sd: number;
}

export interface ReferenceSample {
  drivers: Record<string, DriverReference>;
  /** Null for anomaly models, which have no expectation to leave residuals. */
  residuals: ResidualSummary | null;
}

/** A driver's values in a window and the calendar month of each. */
export interface DriverSeries {
  values: number[];
  months: number[];
}

/** A driver's finite values and the calendar month of each (from the local start "YYYY-MM-..."). */
export function driverSeries(
  intervals: readonly EnergyInterval[],
  value: (interval: EnergyInterval) => number | null,
): DriverSeries {
  const values: number[] = [];
  const months: number[] = [];
  for (const interval of intervals) {
    const x = value(interval);
    if (x === null || !Number.isFinite(x)) continue;
    values.push(x);
    months.push(Number(interval.start.slice(5, 7)));
  }
  return { values, months };
}

export function driverReference(series: DriverSeries): DriverReference {
  const byMonth = new Map<number, Map<number, number>>();
  series.values.forEach((value, i) => {
    const month = series.months[i];
    const counts = byMonth.get(month) ?? new Map<number, number>();
    counts.set(value, (counts.get(value) ?? 0) + 1);
    byMonth.set(month, counts);
  });
  const reference: DriverReference = {};
  for (const [month, counts] of byMonth) {
    const values = [...counts.keys()].sort((a, b) => a - b);
    reference[String(month)] = { values, counts: values.map((value) => counts.get(value)!) };
  }
  return reference;
}

/** The values back as a series, month by month in ascending order (the tests do not depend on order). */
export function expandDriverReference(reference: DriverReference | undefined): DriverSeries {
  const values: number[] = [];
  const months: number[] = [];
  const monthKeys = Object.keys(reference ?? {}).sort((a, b) => Number(a) - Number(b));
  for (const key of monthKeys) {
    const month = reference![key];
    month.values.forEach((value, i) => {
      for (let c = 0; c < month.counts[i]; c++) {
        values.push(value);
        months.push(Number(key));
      }
    });
  }
  return { values, months };
}

/** A day's mean needs at least half of its hours: a partial day's mean is noisier than the others. */
const MIN_HOURS_PER_DAY = 12;

/**
 * The residuals (actual - expected) the CUSUM watches, in time order: per interval for daily
 * models, per local day (the mean of its hours) for hourly ones.
 */
export function residualSeries(
  scored: readonly { start: string; actual_kwh: number; expected_kwh: number | null }[],
  interval: IntervalLength,
): { basis: ResidualBasis; values: number[] } {
  const residuals = scored.filter((row) => row.expected_kwh !== null);
  if (interval === 'day') {
    return { basis: 'interval', values: residuals.map((row) => row.actual_kwh - row.expected_kwh!) };
  }
  const days = new Map<string, { sum: number; n: number }>();
  for (const row of residuals) {
    const day = row.start.slice(0, 10);
    const total = days.get(day) ?? { sum: 0, n: 0 };
    total.sum += row.actual_kwh - row.expected_kwh!;
    total.n += 1;
    days.set(day, total);
  }
  const values = [...days.values()].filter((day) => day.n >= MIN_HOURS_PER_DAY).map((day) => day.sum / day.n);
  return { basis: 'daily_mean', values };
}

export function summariseResiduals(series: { basis: ResidualBasis; values: number[] }): ResidualSummary {
  const n = series.values.length;
  return {
    basis: series.basis,
    n,
    mean: n > 0 ? mean(series.values) : 0,
    sd: n > 1 ? standardDeviation(series.values, 1) : 0,
  };
}
