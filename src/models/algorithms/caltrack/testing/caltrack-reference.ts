/**
 * Test support for the CalTRACK specs (imported by *.spec.ts only): caltrack.json (eemeter 2.10.11
 * on b40, copied into test/reference) and the b40 inputs exactly as that file describes them:
 * temperature_f = outdoor_temp_c · 1.8 + 32 per UTC hour, daily use = sum of the day's 24 hours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readB40Hourly, type B40Hour } from '../../testing/fixtures';
import type { CaltrackDay } from '../daily';
import { celsiusToFahrenheit, dailyMeanTemperatures, type DailyTemperature } from '../temperature';

const REFERENCE_FILE = join(__dirname, '..', '..', '..', '..', '..', 'test', 'reference', 'caltrack.json');

/**
 * caltrack.json as the specs read it; the file's `about` states each field's meaning. Cases are
 * left loosely typed: the specs walk their nested reference values field by field.
 */
export type CaltrackReference = {
  about: { tolerance: Record<string, unknown> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  cases: Record<'daily_gas' | 'daily_electricity' | 'hourly_electricity', any>;
};

export function loadCaltrackReference(): CaltrackReference {
  return JSON.parse(readFileSync(REFERENCE_FILE, 'utf8')) as CaltrackReference;
}

export interface B40HourF {
  /** "YYYY-MM-DDTHH:mm", UTC. */
  start: string;
  electricity_kwh: number;
  gas_kwh: number;
  temperature_f: number;
}

let cached: B40HourF[] | undefined;

/** Every b40 hour 2013-2015 with its temperature in °F. */
export function b40HoursF(): B40HourF[] {
  cached ??= readB40Hourly().map((hour: B40Hour) => ({
    start: `${hour.timestamp_utc.slice(0, 10)}T${hour.timestamp_utc.slice(11, 16)}`,
    electricity_kwh: hour.electricity_kwh,
    gas_kwh: hour.gas_kwh,
    temperature_f: celsiusToFahrenheit(hour.outdoor_temp_c),
  }));
  return cached;
}

/** Hours whose UTC start lies in [from, to) (ISO date strings compared as text). */
export function hoursBetween(from: string, to: string): B40HourF[] {
  return b40HoursF().filter((hour) => hour.start >= from && hour.start < to);
}

/** Relative difference |a - e| / |e| (absolute when e = 0). */
export function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

export interface B40Day extends CaltrackDay {
  temperature: DailyTemperature;
}

/** The UTC days of [from, to) with their summed use and mean temperature (caltrack.json `inputs`). */
export function b40Days(meter: 'gas_kwh' | 'electricity_kwh', from: string, to: string): B40Day[] {
  const hours = hoursBetween(from, to);
  const use = new Map<string, number>();
  for (const hour of hours) {
    const day = hour.start.slice(0, 10);
    use.set(day, (use.get(day) ?? 0) + hour[meter]);
  }
  return dailyMeanTemperatures(hours).map((temperature) => ({
    day: temperature.day,
    energy_kwh: use.get(temperature.day)!,
    temperature_f: temperature.temperature_mean_f!,
    temperature,
  }));
}

/** Expects |actual - expected| <= tolerance · |expected|, naming the quantity when it fails. */
export function expectClose(
  label: string,
  actual: number | null | undefined,
  expected: number,
  tolerance: number,
): void {
  const error = actual === null || actual === undefined ? Infinity : relativeError(actual, expected);
  expect({ label, actual, ok: error <= tolerance }).toEqual({ label, actual, ok: true });
}
