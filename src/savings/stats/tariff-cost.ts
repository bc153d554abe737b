/**
 * The cost of a savings report's energy under a tariff: each interval priced at the rate in force
 * at its local start, with the EnMS's energy_tariffs semantics (a flat rate, or a time-of-use rate
 * for the hours [start_hour, end_hour) of the applicable days, wrapping past midnight when
 * start_hour > end_hour; days numbered 0 = Sunday as PostgreSQL's EXTRACT(dow) does).
 *
 * Where a time-of-use rate and a flat rate both apply, the time-of-use one wins (it is the more
 * specific); among equals the newest valid_from. A daily interval under time-of-use rates is priced
 * at the day's mean hourly rate: how a daily meter's energy splits over the hours is unknown, so the
 * price is exact only for flat tariffs there. Intervals no tariff covers are left unpriced and
 * counted, never priced at a guess.
 */
import type { SavingsInterval } from './metered-savings';

export interface Tariff {
  name: string;
  rate_per_kwh: number;
  currency: string;
  is_time_of_use: boolean;
  start_hour: number | null;
  end_hour: number | null;
  /** Days of the week it applies to (0 = Sunday); null = every day. */
  applicable_days: number[] | null;
  /** "YYYY-MM-DD", inclusive. */
  valid_from: string;
  /** "YYYY-MM-DD", inclusive; null = open. */
  valid_to: string | null;
}

export interface IntervalCost {
  counterfactual_cost: number;
  metered_cost: number;
  avoided_cost: number;
}

export interface CostTotals extends IntervalCost {
  /** Intervals (with a counterfactual) that no tariff covers, and their metered energy. */
  unpriced_intervals: number;
  unpriced_metered_kwh: number;
}

function covers(tariff: Tariff, day: string, weekday: number, hour: number | null): boolean {
  if (day < tariff.valid_from || (tariff.valid_to !== null && day > tariff.valid_to)) return false;
  if (!tariff.is_time_of_use) return true;
  if (tariff.applicable_days && !tariff.applicable_days.includes(weekday)) return false;
  if (hour === null || tariff.start_hour === null || tariff.end_hour === null) return false;
  const { start_hour: from, end_hour: to } = tariff;
  return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
}

/** The rate of one local hour of one local day, or null when no tariff covers it. */
function hourlyRate(tariffs: readonly Tariff[], day: string, hour: number | null): number | null {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const candidates = tariffs
    .filter((tariff) => covers(tariff, day, weekday, hour))
    .sort(
      (a, b) =>
        Number(b.is_time_of_use) - Number(a.is_time_of_use) || b.valid_from.localeCompare(a.valid_from),
    );
  return candidates[0]?.rate_per_kwh ?? null;
}

/**
 * The rate of an interval labelled by its local start ("YYYY-MM-DD" for a day, "YYYY-MM-DDTHH:mm"
 * for an hour): the hour's rate, or the mean of a day's 24 hourly rates (null if any hour is
 * uncovered).
 */
export function intervalRate(tariffs: readonly Tariff[], start: string): number | null {
  const day = start.slice(0, 10);
  if (start.length > 10) return hourlyRate(tariffs, day, Number(start.slice(11, 13)));
  let sum = 0;
  for (let hour = 0; hour < 24; hour++) {
    const rate = hourlyRate(tariffs, day, hour);
    if (rate === null) return null;
    sum += rate;
  }
  return sum / 24;
}

/** Costs of the intervals with a counterfactual (as the energy totals count them). */
export function savingsCost(tariffs: readonly Tariff[], intervals: readonly SavingsInterval[]): CostTotals {
  const totals: CostTotals = {
    counterfactual_cost: 0,
    metered_cost: 0,
    avoided_cost: 0,
    unpriced_intervals: 0,
    unpriced_metered_kwh: 0,
  };
  for (const interval of intervals) {
    if (interval.counterfactual_kwh === null) continue;
    const rate = intervalRate(tariffs, interval.start);
    if (rate === null) {
      totals.unpriced_intervals++;
      totals.unpriced_metered_kwh += interval.metered_kwh;
      continue;
    }
    totals.counterfactual_cost += rate * interval.counterfactual_kwh;
    totals.metered_cost += rate * interval.metered_kwh;
  }
  totals.avoided_cost = totals.counterfactual_cost - totals.metered_cost;
  return totals;
}
