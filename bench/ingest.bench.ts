/**
 * Ingest benchmark: energy readings per second through the service's CSV endpoint
 * (POST /machines/{id}/readings/energy/csv: streamed COPY into a temporary table, checks, upsert)
 * against a plain COPY of the same rows into the same table through pg-copy-streams, in the same run.
 *
 * The CSV is the endpoint's format (`time,energy_type,energy_kwh`, one reading a minute); the direct
 * COPY gets the same rows with the machine's id as a first column (energy_readings needs it and the
 * endpoint takes it from the URL). Every repetition ingests into a fresh machine on an emptied table
 * (TRUNCATE energy_readings), so neither side meets the other's rows; one warm-up of each, then
 * repetitions with the order alternating. Both files are built before the clock starts.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { API_PREFIX, HttpError, IngestResult } from './lib/api';
import { BenchDatabase, provisionDatabase } from './lib/database';
import type { BenchContext, BenchScript } from './lib/harness';
import { ServiceProcess, startService } from './lib/service';
import { round, secondsSince, summarize } from './lib/stats';

const TARGET_RATIO = 0.5;
/**
 * The service's default statement timeout (30 s) cancelled the upsert of a million readings on this
 * machine under load (2 cores, load average 8): the benchmark measures throughput, so it allows 5 min.
 */
const STATEMENT_TIMEOUT_MS = '300000';
const START_MS = Date.parse('2024-01-01T00:00:00Z');
const MINUTE_MS = 60_000;

interface Settings {
  readings: number;
  repetitions: number;
  warmups: number;
}

function settings(quick: boolean): Settings {
  return quick
    ? { readings: 50_000, repetitions: 2, warmups: 1 }
    : { readings: 500_000, repetitions: 3, warmups: 1 };
}

/** A meter's minute readings: a daily shape plus noise, deterministic. */
function readingLines(count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const time = new Date(START_MS + i * MINUTE_MS).toISOString();
    const kwh = 1.5 + Math.sin((2 * Math.PI * (i % 1440)) / 1440) + ((i * 7919) % 100) / 400;
    lines.push(`${time},electricity,${kwh.toFixed(4)}`);
  }
  return lines;
}

const endpointCsv = (lines: string[]) => Buffer.from(`time,energy_type,energy_kwh\n${lines.join('\n')}\n`);
const copyCsv = (machineId: string, lines: string[]) =>
  Buffer.from(
    `machine_id,time,energy_type,energy_kwh\n${lines.map((line) => `${machineId},${line}`).join('\n')}\n`,
  );

interface Sample {
  path: 'endpoint' | 'copy';
  warmup: boolean;
  readings: number;
  bytes: number;
  seconds: number;
  readings_per_second: number;
}

async function freshMachine(database: BenchDatabase, id: string): Promise<void> {
  await database.query('TRUNCATE energy_readings');
  await database.query(
    `INSERT INTO machines (id, name, type, data_interval_seconds, timezone) VALUES ($1, $2, 'production_line', 60, 'UTC')`,
    [id, `bench ingest ${id}`],
  );
}

/** Ingests `lines` into a fresh machine along one path; the clock covers `send` only (the file is built before). */
async function timed(
  database: BenchDatabase,
  path: Sample['path'],
  lines: string[],
  warmup: boolean,
  build: (machineId: string) => Buffer,
  send: (machineId: string, body: Buffer) => Promise<number>,
): Promise<Sample> {
  const machineId = randomUUID();
  await freshMachine(database, machineId);
  const body = build(machineId);
  const t0 = performance.now();
  const written = await send(machineId, body);
  const seconds = secondsSince(t0);
  if (written !== lines.length)
    throw new Error(`${path} wrote ${written} readings, expected ${lines.length}`);
  return {
    path,
    warmup,
    readings: lines.length,
    bytes: body.length,
    seconds,
    readings_per_second: lines.length / seconds,
  };
}

/** POST /machines/{id}/readings/energy/csv; answers the number of readings inserted. */
async function postCsv(serviceUrl: string, machineId: string, body: Buffer): Promise<number> {
  const response = await fetch(
    new URL(`${API_PREFIX}/machines/${machineId}/readings/energy/csv`, serviceUrl),
    {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body,
      signal: AbortSignal.timeout(600_000),
    },
  );
  const text = await response.text();
  if (response.status !== 200) throw new HttpError('POST', 'readings/energy/csv', response.status, text);
  return (JSON.parse(text) as IngestResult).inserted;
}

/** COPY into energy_readings on an open connection; answers the row count PostgreSQL confirms. */
async function copyRows(connection: Client, body: Buffer): Promise<number> {
  const copy = connection.query(
    copyFrom(
      'COPY energy_readings (machine_id, time, energy_type, energy_kwh) FROM STDIN WITH (FORMAT csv, HEADER true)',
    ),
  );
  await pipeline(Readable.from([body]), copy);
  return copy.rowCount;
}

function record(context: BenchContext, samples: Sample[], readings: number): void {
  const measured = samples.filter((sample) => !sample.warmup);
  const rate = (path: Sample['path']) =>
    summarize(measured.filter((sample) => sample.path === path).map((sample) => sample.readings_per_second));
  const seconds = (path: Sample['path']) =>
    summarize(measured.filter((sample) => sample.path === path).map((sample) => sample.seconds));
  const [endpoint, copy] = [rate('endpoint'), rate('copy')];
  const row = (label: string, path: Sample['path'], ratioText: string | null) => {
    const summary = rate(path);
    const p50 = seconds(path).p50;
    return [
      label,
      summary.n,
      round(summary.p50, 0),
      round(summary.min, 0),
      round(summary.max, 0),
      round(p50, 2),
      ratioText,
    ];
  };
  const ratio = endpoint.p50! / copy.p50!;
  context.figure({
    id: 'endpoint.readings_per_second',
    label: 'CSV ingest endpoint',
    unit: 'readings/s',
    n: endpoint.n,
    value: round(endpoint.p50, 0),
  });
  context.figure({
    id: 'copy.readings_per_second',
    label: 'direct COPY (pg-copy-streams)',
    unit: 'readings/s',
    n: copy.n,
    value: round(copy.p50, 0),
  });
  context.figure({
    id: 'ratio',
    label: 'CSV ingest endpoint / direct COPY (medians)',
    unit: 'ratio',
    value: round(ratio, 3),
    note: ratio >= TARGET_RATIO ? 'target met' : `target ${TARGET_RATIO} missed`,
  });
  context.table({
    title: `Ingest of ${readings.toLocaleString('en')} energy readings into energy_readings, medians over ${endpoint.n} repetition(s) after a warm-up`,
    columns: ['path', 'n', 'readings/s p50', 'min', 'max', 'seconds p50', 'endpoint / COPY'],
    rows: [
      row('POST /machines/{id}/readings/energy/csv', 'endpoint', `${Math.round(ratio * 100)} %`),
      row('COPY energy_readings FROM STDIN (pg-copy-streams)', 'copy', null),
    ],
    notes: [
      'endpoint: from sending the request to the parsed answer (inserted = every reading): HTTP upload, COPY into a temporary table, time/finiteness/duplicate checks, upsert into energy_readings, commit',
      'COPY: the same rows with machine_id prepended, on an open connection, until PostgreSQL confirms the row count',
      `each repetition: a fresh machine and TRUNCATE energy_readings; target: the endpoint at least ${TARGET_RATIO * 100} % of COPY`,
    ],
  });
}

export const ingestBench: BenchScript = {
  name: 'ingest',
  description:
    'Energy readings per second through the CSV ingest endpoint against a direct COPY of the same rows, same run.',
  async run(context) {
    const config = settings(context.quick);
    Object.assign(context.parameters, {
      ...config,
      statement_timeout_ms: Number(STATEMENT_TIMEOUT_MS),
      csv_columns: 'time,energy_type,energy_kwh',
      interval: '1 minute',
    });
    const database = await provisionDatabase(context.name, context.log);
    context.parameters.database = database.kind;
    context.parameters.postgres = database.server_version;

    const service: ServiceProcess = await startService({
      name: 'ingest-api',
      role: 'api',
      databaseUrl: database.url,
      env: { DB_STATEMENT_TIMEOUT_MS: STATEMENT_TIMEOUT_MS },
    });
    const connection = new Client({ connectionString: database.url });
    await connection.connect();
    const lines = readingLines(config.readings);
    const samples: Sample[] = [];
    try {
      const both = async (round: number, warmup: boolean) => {
        const order = round % 2 === 0 ? ['endpoint', 'copy'] : ['copy', 'endpoint'];
        for (const path of order) {
          const sample =
            path === 'endpoint'
              ? await timed(
                  database,
                  'endpoint',
                  lines,
                  warmup,
                  () => endpointCsv(lines),
                  (id, body) => postCsv(service.url, id, body),
                )
              : await timed(
                  database,
                  'copy',
                  lines,
                  warmup,
                  (id) => copyCsv(id, lines),
                  (_id, body) => copyRows(connection, body),
                );
          samples.push(sample);
          context.log(
            `${path}${warmup ? ' (warm-up)' : ''}: ${sample.seconds.toFixed(2)} s, ${Math.round(sample.readings_per_second)} readings/s`,
          );
        }
      };
      for (let i = 0; i < config.warmups; i++) await both(i, true);
      for (let i = 0; i < config.repetitions; i++) await both(i, false);
    } finally {
      await connection.end();
    }
    context.details.samples = samples;
    record(context, samples, config.readings);
    context.details.exit_code_after_sigterm = await service.stop();
    await database.release();
  },
};
