/**
 * The metered interval the baseline and anomaly models work on, and the calendar facts
 * derived from its start. Starts are local machine time, so calendar terms (weekend, hour of
 * day) follow the plant's clock, not UTC.
 */

export type IntervalLength = 'hour' | 'day';

export interface EnergyInterval {
  /** Interval start in the machine's local time: "YYYY-MM-DDTHH:mm" or "YYYY-MM-DD". */
  start: string;
  energy_kwh: number;
  /** Mean over the interval. */
  outdoor_temp_c: number | null;
  production_count: number | null;
  throughput_units_per_hour: number | null;
  operating_hours: number | null;
  /** Mean load level over the interval: 0 = light, 1 = medium, 2 = maximum. */
  load_level: number | null;
}

export interface LocalStart {
  /** ISO 8601 weekday: 1 = Monday ... 7 = Sunday. */
  isoWeekday: number;
  /** 0-23; null when the start is a bare date. */
  hour: number | null;
}

const LOCAL_START = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/** Weekday and hour of a local start; throws RangeError on anything but the two documented forms. */
export function parseLocalStart(start: string): LocalStart {
  const match = LOCAL_START.exec(start);
  if (!match) throw new RangeError(`interval start "${start}" is not "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC is only a calendar here (no zone involved); it also rejects 2014-02-30 and the like.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`interval start "${start}" is not a calendar date`);
  }
  const hour = match[4] === undefined ? null : Number(match[4]);
  if (hour !== null && (hour > 23 || Number(match[5]) > 59)) {
    throw new RangeError(`interval start "${start}" is not a time of day`);
  }
  return { isoWeekday: date.getUTCDay() === 0 ? 7 : date.getUTCDay(), hour };
}

/** An interval row as read from the meter tables (extra fields such as `time` are ignored). */
export function toEnergyInterval(
  row: Omit<EnergyInterval, 'operating_hours'> & { operating_hours?: number | null },
): EnergyInterval {
  return {
    start: row.start,
    energy_kwh: row.energy_kwh,
    outdoor_temp_c: row.outdoor_temp_c,
    production_count: row.production_count,
    throughput_units_per_hour: row.throughput_units_per_hour,
    operating_hours: row.operating_hours ?? null,
    load_level: row.load_level,
  };
}

/**
 * A local start label read as if it were UTC, in epoch seconds: Prophet sees the plant's wall-clock
 * time, so its daily and weekly cycles follow the plant's clock.
 */
export function localStartSeconds(start: string): number {
  return Date.parse(start.length === 10 ? `${start}T00:00Z` : `${start}Z`) / 1000;
}
