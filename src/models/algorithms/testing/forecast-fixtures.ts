/**
 * Test support for the forecasting specs (imported by *.spec.ts only): the statsmodels ARIMA
 * reference in test/reference (copied from the team's shared reference folder) and train/holdout windows of the
 * real b40 hourly electricity series.
 */
import { readFileSync } from 'node:fs';
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

export function readArimaReference(): ArimaReference {
  const file = join(__dirname, '..', '..', '..', '..', 'test', 'reference', 'arima.json');
  return JSON.parse(readFileSync(file, 'utf8')) as ArimaReference;
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
