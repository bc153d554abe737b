/**
 * The Cambridge b40 hourly series (data/cambridge_b40_2013_2015_hourly.csv.gz): plain numeric CSV,
 * `timestamp_utc,electricity_kwh,gas_kwh,outdoor_temp_c,rel_humidity_pct,global_irradiance_w_m2`,
 * timestamps "YYYY-MM-DD HH:MM:SS" in UTC marking interval starts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT } from './paths';

export interface HourlySeries {
  /** Interval starts, epoch milliseconds (UTC). */
  time: number[];
  electricityKwh: number[];
  outdoorTempC: number[];
}

export function loadB40Hourly(): HourlySeries {
  const text = gunzipSync(readFileSync(join(ROOT, 'data', 'cambridge_b40_2013_2015_hourly.csv.gz'))).toString(
    'utf8',
  );
  const lines = text.trimEnd().split('\n');
  const header = lines[0].trim().split(',');
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`column ${name} missing from the b40 file (header: ${lines[0]})`);
    return index;
  };
  const [timeAt, electricityAt, temperatureAt] = [
    column('timestamp_utc'),
    column('electricity_kwh'),
    column('outdoor_temp_c'),
  ];
  const series: HourlySeries = { time: [], electricityKwh: [], outdoorTempC: [] };
  for (const line of lines.slice(1)) {
    const fields = line.trim().split(',');
    series.time.push(Date.parse(`${fields[timeAt].replace(' ', 'T')}Z`));
    series.electricityKwh.push(Number(fields[electricityAt]));
    series.outdoorTempC.push(Number(fields[temperatureAt]));
  }
  return series;
}

/** `days` days of the series from `startIso`: interval starts as ISO strings, with their values. */
export function seriesWindow(
  series: HourlySeries,
  startIso: string,
  days: number,
): { time: string[]; electricityKwh: number[]; outdoorTempC: number[] } {
  const first = series.time.indexOf(Date.parse(startIso));
  const end = first + days * 24;
  if (first < 0 || end > series.time.length) {
    throw new RangeError(`the b40 series has no ${days} days from ${startIso}`);
  }
  return {
    time: series.time.slice(first, end).map((ms) => new Date(ms).toISOString()),
    electricityKwh: series.electricityKwh.slice(first, end),
    outdoorTempC: series.outdoorTempC.slice(first, end),
  };
}
