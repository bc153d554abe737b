/**
 * Parses the bundled demo data sets (data/*.csv.gz, see data/README.md) into reading rows.
 * Pure functions: no database, so the parsing (and the steel file's timestamp quirk) is unit-tested.
 */
import { gunzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ReadingRow } from '../machines/readings.repository';

/** The project's data/ folder, found upwards from this file (works from src/ and from dist/src/). */
export function demoDataDir(start = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'data', STEEL_FILE))) return join(dir, 'data');
    if (dirname(dir) === dir) throw new Error(`demo data (data/${STEEL_FILE}) not found above ${start}`);
  }
}

export const STEEL_FILE = 'Steel_industry_data.csv.gz';
export const B40_FILE = 'cambridge_b40_2013_2015_hourly.csv.gz';

export function readGzipCsv(path: string): Record<string, string>[] {
  return parse<Record<string, string>>(gunzipSync(readFileSync(path)), {
    columns: true,
    skip_empty_lines: true,
  });
}

const LOAD_LEVELS: Record<string, { level: number; mode: string }> = {
  Light_Load: { level: 0, mode: 'light_load' },
  Medium_Load: { level: 1, mode: 'medium_load' },
  Maximum_Load: { level: 2, mode: 'maximum_load' },
};

const SEOUL_OFFSET_HOURS = 9;
const STEEL_INTERVAL_MS = 15 * 60 * 1000;

/**
 * The steel file's `date` is dd/mm/YYYY H:MM in plant time (UTC+9, no DST) and marks the END
 * of a 15-minute interval; the midnight reading (NSM = 0) carries the previous day's date.
 * Returns the interval START as an instant.
 */
export function steelIntervalStart(date: string, secondsSinceMidnight: number): Date {
  const match = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{1,2}):(\d{2})$/.exec(date.trim());
  if (!match) throw new Error(`unexpected steel timestamp "${date}"`);
  const [, day, month, year, hour, minute] = match.map(Number);
  const dayShift = secondsSinceMidnight === 0 ? 1 : 0;
  const end = Date.UTC(year, month - 1, day + dayShift, hour - SEOUL_OFFSET_HOURS, minute);
  return new Date(end - STEEL_INTERVAL_MS);
}

export interface SteelRows {
  energy: ReadingRow[];
  production: ReadingRow[];
}

export function steelRows(records: Record<string, string>[]): SteelRows {
  const energy: ReadingRow[] = [];
  const production: ReadingRow[] = [];
  for (const record of records) {
    const time = steelIntervalStart(record.date, Number(record.NSM)).toISOString();
    const usage = Number(record.Usage_kWh);
    energy.push({
      time,
      energy_type: 'electricity',
      energy_kwh: usage,
      power_kw: usage * 4,
      power_factor: Number(record.Lagging_Current_Power_Factor) / 100,
    });
    const load = LOAD_LEVELS[record.Load_Type];
    if (!load) throw new Error(`unexpected Load_Type "${record.Load_Type}"`);
    production.push({ time, load_level: load.level, operating_mode: load.mode });
  }
  return { energy, production };
}

export interface BuildingRows {
  electricity: ReadingRow[];
  gas: ReadingRow[];
  environment: ReadingRow[];
}

export function b40Rows(records: Record<string, string>[]): BuildingRows {
  const rows: BuildingRows = { electricity: [], gas: [], environment: [] };
  for (const record of records) {
    const time = `${record.timestamp_utc.replace(' ', 'T')}Z`;
    rows.electricity.push({ time, energy_type: 'electricity', energy_kwh: Number(record.electricity_kwh) });
    rows.gas.push({ time, energy_type: 'natural_gas', energy_kwh: Number(record.gas_kwh) });
    rows.environment.push({
      time,
      outdoor_temp_c: Number(record.outdoor_temp_c),
      humidity_percent: Number(record.rel_humidity_pct),
      irradiance_w_m2: Number(record.global_irradiance_w_m2),
    });
  }
  return rows;
}
