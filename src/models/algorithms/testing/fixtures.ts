/**
 * Test support for the algorithm specs (imported by *.spec.ts only): the reference values that
 * SciPy / statsmodels / scikit-learn computed (copied into test/reference), the
 * raw b40 data they came from (data/, the bundled demo file), a tolerance check that names every field out of tolerance, and
 * an interval builder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { EnergyInterval } from '../energy-interval';

const PROJECT_DIR = join(__dirname, '..', '..', '..', '..');

export interface RegressionSample {
  dates: string[];
  X: number[][];
  y: number[];
}

export interface RegressionCase {
  name: string;
  target: 'gas_kwh' | 'electricity_kwh';
  features: string[];
  train: RegressionSample;
  test: RegressionSample;
  expected_fit: Record<string, number | number[]>;
  expected_test: Record<string, number>;
  expected_test_predictions_first10?: number[];
}

export interface AnomalyReference {
  timestamps_utc: string[];
  electricity_kwh: number[];
  outdoor_temp_c: number[];
  label: number[];
  peer_sklearn_isolation_forest: {
    roc_auc: number;
    precision: number;
    recall: number;
    f1: number;
    flagged: number;
  };
}

export interface B40Hour {
  timestamp_utc: string;
  electricity_kwh: number;
  gas_kwh: number;
  outdoor_temp_c: number;
}

export interface Tolerance {
  relative: number;
  /** Floor for expected values that are (rounded to) 0: -0.0 NMBE, p-values below 5e-11. */
  absolute: number;
}

/** What the reference files ask for: 1e-6 relative; their values are rounded to 10 decimals. */
export const REFERENCE_TOLERANCE: Tolerance = { relative: 1e-6, absolute: 1e-9 };

export interface Mismatch {
  field: string;
  actual: number | null;
  expected: number;
}

/** An interval with every driver missing unless given. */
export function energyInterval(
  start: string,
  energy: number,
  drivers: Partial<EnergyInterval> = {},
): EnergyInterval {
  return {
    start,
    energy_kwh: energy,
    outdoor_temp_c: null,
    production_count: null,
    throughput_units_per_hour: null,
    operating_hours: null,
    load_level: null,
    ...drivers,
  };
}

export function loadRegressionCases(): RegressionCase[] {
  return readJson<{ cases: RegressionCase[] }>('reference/regression.json').cases;
}

export function loadAnomalyReference(): AnomalyReference {
  return readJson<AnomalyReference>('reference/anomaly.json');
}

export function readB40Hourly(): B40Hour[] {
  const [header, ...lines] = gunzipSync(
    readFileSync(join(PROJECT_DIR, 'data', 'cambridge_b40_2013_2015_hourly.csv.gz')),
  )
    .toString('utf8')
    .trim()
    .split('\n');
  const column = (name: string): number => header.split(',').indexOf(name);
  const [time, electricity, gas, temperature] = [
    'timestamp_utc',
    'electricity_kwh',
    'gas_kwh',
    'outdoor_temp_c',
  ].map(column);
  return lines.map((line) => {
    const cells = line.split(',');
    return {
      timestamp_utc: cells[time],
      electricity_kwh: Number(cells[electricity]),
      gas_kwh: Number(cells[gas]),
      outdoor_temp_c: Number(cells[temperature]),
    };
  });
}

/**
 * The fields of `expected` (numbers, or arrays compared element by element) that `actual` misses
 * by more than |expected| · relative + absolute; [] when everything agrees.
 */
export function mismatches(
  actual: Readonly<Record<string, unknown>>,
  expected: Readonly<Record<string, unknown>>,
  fields: readonly string[],
  tolerance: Tolerance = REFERENCE_TOLERANCE,
): Mismatch[] {
  return fields.flatMap((field) => {
    const want = expected[field];
    const got = actual[field];
    if (Array.isArray(want)) {
      const gotArray = Array.isArray(got) ? got : [];
      return want.flatMap((value, i) => compare(`${field}[${i}]`, gotArray[i], value, tolerance));
    }
    return compare(field, got, want, tolerance);
  });
}

function compare(field: string, got: unknown, want: unknown, tolerance: Tolerance): Mismatch[] {
  if (typeof want !== 'number') throw new TypeError(`reference field ${field} is not a number`);
  const value = typeof got === 'number' ? got : null;
  const ok =
    value !== null && Math.abs(value - want) <= Math.abs(want) * tolerance.relative + tolerance.absolute;
  return ok ? [] : [{ field, actual: value, expected: want }];
}

function readJson<T>(relativePath: string): T {
  return JSON.parse(readFileSync(join(PROJECT_DIR, 'test', relativePath), 'utf8')) as T;
}
