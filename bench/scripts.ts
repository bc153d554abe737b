/**
 * The benchmark scripts `npm run bench` runs, in this order. A new benchmark is a
 * `bench/<name>.bench.ts` exporting a BenchScript, added here.
 */
import type { BenchScript } from './lib/harness';
import { apiBench } from './api.bench';
import { baselineAccuracyBench } from './baseline-accuracy.bench';
import { fittingBench } from './fitting.bench';
import { forecastAccuracyBench } from './forecast-accuracy.bench';
import { ingestBench } from './ingest.bench';
import { monitoringFleetBench } from './monitoring-fleet.bench';
import { trainingBench } from './training.bench';

export const SCRIPTS: BenchScript[] = [
  trainingBench,
  fittingBench,
  forecastAccuracyBench,
  baselineAccuracyBench,
  apiBench,
  ingestBench,
  monitoringFleetBench,
];
