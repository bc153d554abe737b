/**
 * Avoided energy (metered savings) of a reporting period against a baseline's counterfactual, as
 * IPMVP option C and CalTRACK define it: avoided = counterfactual (the baseline's prediction under
 * the reporting period's conditions) - metered, summed over the intervals that have both, in total
 * and per calendar month of the machine's clock, with its share of the counterfactual.
 */

export interface SavingsInterval {
  /** Local start label, "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm". */
  start: string;
  metered_kwh: number;
  /** The baseline's prediction; null where it could not predict (a driver missing). */
  counterfactual_kwh: number | null;
}

export interface SavingsTotals {
  counterfactual_kwh: number;
  metered_kwh: number;
  avoided_kwh: number;
  /** 100 * avoided / counterfactual; null when the counterfactual is 0. */
  avoided_pct: number | null;
  /** Intervals with both values (those without a prediction are left out of every sum). */
  intervals: number;
}

export interface MonthlySavings extends SavingsTotals {
  /** "YYYY-MM" of the machine's calendar. */
  month: string;
}

export function savingsTotals(intervals: readonly SavingsInterval[]): SavingsTotals {
  let counterfactual = 0;
  let metered = 0;
  let n = 0;
  for (const interval of intervals) {
    if (interval.counterfactual_kwh === null) continue;
    counterfactual += interval.counterfactual_kwh;
    metered += interval.metered_kwh;
    n++;
  }
  const avoided = counterfactual - metered;
  return {
    counterfactual_kwh: counterfactual,
    metered_kwh: metered,
    avoided_kwh: avoided,
    avoided_pct: counterfactual !== 0 ? (100 * avoided) / counterfactual : null,
    intervals: n,
  };
}

/** The intervals of each calendar month ("YYYY-MM" of the local start), in month order. */
export function intervalsByMonth(intervals: readonly SavingsInterval[]): [string, SavingsInterval[]][] {
  const byMonth = new Map<string, SavingsInterval[]>();
  for (const interval of intervals) {
    const month = interval.start.slice(0, 7);
    const rows = byMonth.get(month);
    if (rows) rows.push(interval);
    else byMonth.set(month, [interval]);
  }
  return [...byMonth.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** The totals of each calendar month, in month order. */
export function monthlySavings(intervals: readonly SavingsInterval[]): MonthlySavings[] {
  return intervalsByMonth(intervals).map(([month, rows]) => ({ month, ...savingsTotals(rows) }));
}

/**
 * Daily totals of the days whose every interval has a counterfactual (the FSU is defined on daily
 * data): metered and predicted use per local day, in day order.
 */
export function completeDays(intervals: readonly SavingsInterval[]): {
  observed: number[];
  predicted: number[];
} {
  const days = new Map<string, { observed: number; predicted: number; complete: boolean }>();
  for (const interval of intervals) {
    const day = interval.start.slice(0, 10);
    const total = days.get(day) ?? { observed: 0, predicted: 0, complete: true };
    total.observed += interval.metered_kwh;
    if (interval.counterfactual_kwh === null) total.complete = false;
    else total.predicted += interval.counterfactual_kwh;
    days.set(day, total);
  }
  const complete = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .filter(([, day]) => day.complete);
  return {
    observed: complete.map(([, day]) => day.observed),
    predicted: complete.map(([, day]) => day.predicted),
  };
}
