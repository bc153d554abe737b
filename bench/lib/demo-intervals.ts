/**
 * The demo machines' metered intervals, built in-process the way the service builds them for a
 * training job (ReadingsRepository.intervals and MachinesService.intervals): readings parsed by
 * the service's own demo parser (`src/demo/demo-data.js` of the snapshot), grouped into calendar
 * hours or days of the machine's local time, energy summed, outdoor temperature and load level
 * averaged, and a bucket kept only with at least 90 % of its expected readings. Both demo zones
 * have a fixed offset (UTC, and Asia/Seoul without daylight saving since 1988), so local time is
 * the instant plus that offset.
 */
import { join } from 'node:path';
import { importService } from './paths';

/** The service's EnergyInterval (src/models/algorithms/energy-interval.ts; bench/ cannot import src/). */
export type EnergyInterval = { start: string; energy_kwh: number } & Record<
  'outdoor_temp_c' | 'production_count' | 'throughput_units_per_hour' | 'operating_hours' | 'load_level',
  number | null
>;

export type IntervalLength = 'hour' | 'day';

type ReadingRow = Record<string, string | number | null>;

interface DemoDataModule {
  demoDataDir(): string;
  readGzipCsv(path: string): Record<string, string>[];
  steelRows(records: Record<string, string>[]): { energy: ReadingRow[]; production: ReadingRow[] };
  b40Rows(records: Record<string, string>[]): {
    electricity: ReadingRow[];
    gas: ReadingRow[];
    environment: ReadingRow[];
  };
  STEEL_FILE: string;
  B40_FILE: string;
}

/** One demo machine's readings, as the demo loader stores them. */
export interface DemoMachine {
  name: string;
  utcOffsetHours: number;
  readingSeconds: number;
  energy: ReadingRow[];
  /** Rows with outdoor_temp_c and/or load_level, at their own times. */
  drivers: ReadingRow[];
}

export async function loadDemoMachines(): Promise<{ steel: DemoMachine; b40Electricity: DemoMachine }> {
  const demo = await importService<DemoDataModule>('src/demo/demo-data.js');
  const dir = demo.demoDataDir();
  const steel = demo.steelRows(demo.readGzipCsv(join(dir, demo.STEEL_FILE)));
  const b40 = demo.b40Rows(demo.readGzipCsv(join(dir, demo.B40_FILE)));
  return {
    steel: {
      name: 'Steel plant main feeder',
      utcOffsetHours: 9,
      readingSeconds: 900,
      energy: steel.energy,
      drivers: steel.production,
    },
    b40Electricity: {
      name: 'Building b40 electricity',
      utcOffsetHours: 0,
      readingSeconds: 3600,
      energy: b40.electricity,
      drivers: b40.environment,
    },
  };
}

interface Bucket {
  kwh: number;
  readings: number;
  temperature: number[];
  loadLevel: number[];
}

const HOUR_MS = 3_600_000;

/** Local start label of the bucket an instant falls in: "YYYY-MM-DDTHH:mm" or "YYYY-MM-DD". */
function bucketLabel(time: string, offsetHours: number, interval: IntervalLength): string {
  const local = new Date(Date.parse(time) + offsetHours * HOUR_MS).toISOString();
  return interval === 'day' ? local.slice(0, 10) : `${local.slice(0, 13)}:00`;
}

const mean = (values: number[]) =>
  values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : null;

/**
 * Complete intervals of `machine` whose local start label lies in [fromLabel, toLabel), oldest
 * first (labels compare as text: "2015-01-01" ≤ "2015-01-01T00:00").
 */
export function demoIntervals(
  machine: DemoMachine,
  interval: IntervalLength,
  fromLabel: string,
  toLabel: string,
): EnergyInterval[] {
  const buckets = new Map<string, Bucket>();
  const bucketOf = (time: string) => {
    const label = bucketLabel(time, machine.utcOffsetHours, interval);
    if (label < fromLabel || label >= toLabel) return null;
    let bucket = buckets.get(label);
    if (!bucket) buckets.set(label, (bucket = { kwh: 0, readings: 0, temperature: [], loadLevel: [] }));
    return bucket;
  };
  for (const row of machine.energy) {
    const bucket = bucketOf(String(row.time));
    if (bucket) {
      bucket.kwh += Number(row.energy_kwh);
      bucket.readings++;
    }
  }
  for (const row of machine.drivers) {
    const bucket = buckets.has(bucketLabel(String(row.time), machine.utcOffsetHours, interval))
      ? bucketOf(String(row.time))
      : null;
    if (!bucket) continue;
    if (typeof row.outdoor_temp_c === 'number') bucket.temperature.push(row.outdoor_temp_c);
    if (typeof row.load_level === 'number') bucket.loadLevel.push(row.load_level);
  }
  const expected = Math.max(1, Math.floor((interval === 'day' ? 86_400 : 3_600) / machine.readingSeconds));
  return [...buckets.entries()]
    .filter(([, bucket]) => bucket.readings >= 0.9 * expected)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([start, bucket]) => ({
      start,
      energy_kwh: bucket.kwh,
      outdoor_temp_c: mean(bucket.temperature),
      production_count: null,
      throughput_units_per_hour: null,
      operating_hours: null,
      load_level: mean(bucket.loadLevel),
    }));
}
