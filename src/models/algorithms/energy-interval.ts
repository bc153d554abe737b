/**
 * The metered interval the baseline and anomaly models work on, and the calendar facts
 * derived from its start. An hourly interval is one real hour (a UTC hour, or a local clock hour
 * where the zone's offset is not whole hours): a day on which the clocks go forward has 23 of
 * them, a day on which they go back 25. Its label is the local wall-clock time of its start, so
 * calendar terms (weekend, hour of day) follow the plant's clock; the two hours that share a
 * wall-clock label in autumn carry their UTC offset in it to stay apart
 * ("2016-10-30T01:00+01:00", then "2016-10-30T01:00+00:00" in Europe/London).
 */

export type IntervalLength = 'hour' | 'day';

export interface EnergyInterval {
  /**
   * Interval start in the machine's local time: "YYYY-MM-DDTHH:mm" or "YYYY-MM-DD"; a wall-clock
   * hour that occurs twice (the clocks going back) as "YYYY-MM-DDTHH:mm+HH:MM" with its UTC offset.
   * Unique among the intervals of one machine.
   */
  start: string;
  energy_kwh: number;
  /** Mean over the interval. */
  outdoor_temp_c: number | null;
  production_count: number | null;
  throughput_units_per_hour: number | null;
  operating_hours: number | null;
  /** Mean load level over the interval: 0 = light, 1 = medium, 2 = maximum. */
  load_level: number | null;
  /** The start as an instant (ISO 8601 UTC), when the interval was read from the database. */
  utc_start?: string;
}

export interface LocalStart {
  /** ISO 8601 weekday: 1 = Monday ... 7 = Sunday. */
  isoWeekday: number;
  /** 0-23; null when the start is a bare date. */
  hour: number | null;
  /** UTC offset in minutes when the label carries one (a repeated wall-clock hour), else null. */
  utcOffsetMinutes: number | null;
}

const LOCAL_START = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?:([+-])(\d{2}):(\d{2}))?)?$/;

/** Weekday and hour of a local start; throws RangeError on anything but the documented forms. */
export function parseLocalStart(start: string): LocalStart {
  const match = LOCAL_START.exec(start);
  if (!match) {
    throw new RangeError(
      `interval start "${start}" is not "YYYY-MM-DD", "YYYY-MM-DDTHH:mm" or "YYYY-MM-DDTHH:mm+HH:MM"`,
    );
  }
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
  const utcOffsetMinutes =
    match[6] === undefined ? null : (match[6] === '-' ? -1 : 1) * (Number(match[7]) * 60 + Number(match[8]));
  return { isoWeekday: date.getUTCDay() === 0 ? 7 : date.getUTCDay(), hour, utcOffsetMinutes };
}

/** An interval row as read from the meter tables; its `time` (the start instant) becomes `utc_start`. */
export function toEnergyInterval(
  row: Omit<EnergyInterval, 'operating_hours' | 'utc_start'> & {
    operating_hours?: number | null;
    time?: Date;
  },
): EnergyInterval {
  return {
    start: row.start,
    energy_kwh: row.energy_kwh,
    outdoor_temp_c: row.outdoor_temp_c,
    production_count: row.production_count,
    throughput_units_per_hour: row.throughput_units_per_hour,
    operating_hours: row.operating_hours ?? null,
    load_level: row.load_level,
    ...(row.time ? { utc_start: row.time.toISOString() } : {}),
  };
}

/**
 * A local start label read as if it were UTC, in epoch seconds: Prophet sees the plant's wall-clock
 * time, so its daily and weekly cycles follow the plant's clock. The two intervals of a repeated
 * wall-clock hour get the same seconds (the offset in their labels is dropped).
 */
export function localStartSeconds(start: string): number {
  const wallClock = start.length > 16 ? start.slice(0, 16) : start;
  return Date.parse(wallClock.length === 10 ? `${wallClock}T00:00Z` : `${wallClock}Z`) / 1000;
}
