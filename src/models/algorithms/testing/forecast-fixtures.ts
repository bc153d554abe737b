/**
 * Test support for the forecasting specs (imported by *.spec.ts only): the statsmodels ARIMA
 * reference in test/reference (copied from the team's shared reference folder) and train/holdout windows of the
 * real b40 hourly electricity series.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { readB40Hourly } from './fixtures';

export interface ArimaReferenceCase {
  order: [number, number, number];
  with_constant: boolean;
  aic: number;
  llf: number;
  forecast_14: number[];
}

/** arima.json: statsmodels exact-MLE ARIMA on b40 daily electricity kWh for 2013. */
export interface ArimaReference {
  about: string;
  series: number[];
  actual_next_14: number[];
  cases: ArimaReferenceCase[];
  aic_grid_best: { order: [number, number, number]; aic: number };
}

const REFERENCE_DIR = join(__dirname, '..', '..', '..', '..', 'test', 'reference');

export function readArimaReference(): ArimaReference {
  return JSON.parse(readFileSync(join(REFERENCE_DIR, 'arima.json'), 'utf8')) as ArimaReference;
}

export interface ExactLikelihoodCase {
  order: [number, number, number];
  with_constant: boolean;
  param_names: string[];
  reference_params: number[];
  exact_loglike_at_reference_params: number;
  exact_llf: number;
  arima_json_llf: number;
}

export interface DemoLikelihoodCase {
  name: 'b40_electricity' | 'steel';
  window: [string, string];
  first_position: number;
  n: number;
  order: [number, number, number];
  exact_llf: number;
}

/** arima-likelihood.json: statsmodels' exact likelihoods (bench/python/arima_likelihood_reference.py). */
export interface ArimaLikelihoodReference {
  about: string;
  cases: ExactLikelihoodCase[];
  appended_forecast: {
    order: [number, number, number];
    params: number[];
    appended: number[];
    forecast_7: number[];
  };
  demo: DemoLikelihoodCase[];
}

export function readArimaLikelihoodReference(): ArimaLikelihoodReference {
  return JSON.parse(
    readFileSync(join(REFERENCE_DIR, 'arima-likelihood.json'), 'utf8'),
  ) as ArimaLikelihoodReference;
}

export interface SeriesPart {
  /** Epoch seconds (UTC). */
  timestamps: number[];
  values: number[];
}

/** b40 hourly electricity: `trainDays` days from `startDay` days after 2013-01-01 00:00 UTC, then `holdoutDays`. */
export function b40ElectricityWindow(
  startDay: number,
  trainDays: number,
  holdoutDays: number,
): { train: SeriesPart; holdout: SeriesPart } {
  const hours = readB40Hourly();
  const part = (fromHour: number, count: number): SeriesPart => {
    const rows = hours.slice(fromHour, fromHour + count);
    return {
      timestamps: rows.map((row) => Date.parse(`${row.timestamp_utc.replace(' ', 'T')}Z`) / 1000),
      values: rows.map((row) => row.electricity_kwh),
    };
  };
  return {
    train: part(startDay * 24, trainDays * 24),
    holdout: part((startDay + trainDays) * 24, holdoutDays * 24),
  };
}

/**
 * The steel plant's 15-minute readings summed per hour of local plant time (data/README.md: the
 * date marks the end of each interval, midnight carries the day before).
 */
export function readSteelHourly(): { starts: string[]; values: number[] } {
  const file = join(__dirname, '..', '..', '..', '..', 'data', 'Steel_industry_data.csv.gz');
  const [, ...lines] = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
  const sums = new Map<number, number>();
  for (const line of lines) {
    const cells = line.split(',');
    const [date, time] = cells[0].split(' ');
    const [day, month, year] = date.split('/').map(Number);
    const [hour, minute] = time.split(':').map(Number);
    const end = Date.UTC(year, month - 1, day + (Number(cells[7]) === 0 ? 1 : 0), hour, minute);
    const hourStart = Math.floor((end - 900_000) / 3_600_000) * 3_600_000;
    sums.set(hourStart, (sums.get(hourStart) ?? 0) + Number(cells[1]));
  }
  const keys = [...sums.keys()].sort((a, b) => a - b);
  return {
    starts: keys.map((key) => new Date(key).toISOString().slice(0, 16)),
    values: keys.map((key) => sums.get(key)!),
  };
}
