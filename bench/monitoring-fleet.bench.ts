/**
 * Monitoring at fleet scale: the scheduled ticks of issue 16 over thousands of active models.
 *
 * Set-up: N synthetic machines (full 5,000, quick 40) inserted in SQL, each with the same 29 days of
 * hourly b40 electricity and outdoor temperature from 2015-01-05 generated in SQL; one source
 * machine with the same rows trains a baseline and an anomaly model through the queue (default
 * specs, training window the first 28 days, BENCH_MONITORING_TRAINING_DAYS to change it; the trainer
 * holds out the end of it), and both versions are copied to every fleet machine as its active
 * versions (valid copies: the rows are the same). That makes 2N active models, each with the hours
 * after the window it was fitted on to score (a week with the default window).
 *
 * Measured, with fresh worker processes per run (SCHEDULED_WORK_CONCURRENCY items at a time each):
 * - the daily evaluation tick (every active model scored on its new week, drift tests, metrics row,
 *   alert rules; AUTO_RETRAIN off so no retrain jobs compete), from POST
 *   /admin/scheduler/daily_evaluation/run to the tick detail answering finished: first the versions'
 *   first recorded evaluation with 2 worker processes (each scores its training window and keeps it
 *   as the drift tests' reference), then, after its evaluation rows and alerts are deleted so that
 *   each run does the same work, the same tick reading the kept references with 1 and with 2;
 * - the anomaly detection tick (every active anomaly model scores the hours since its training
 *   window: a week by default, where the hourly tick of a running plant scores 1) with 2 workers;
 * - GET /alerts/active?machine_id= (a random fleet machine) every 50 ms, while idle and during each
 *   tick (p50, p99);
 * - peak RSS of the api and workers (VmRSS every 100 ms), CPU seconds per process and of PostgreSQL.
 */
import { ApiClient, waitForJob } from './lib/api';
import { loadB40Hourly, seriesWindow } from './lib/b40-series';
import { BenchDatabase, provisionDatabase } from './lib/database';
import type { BenchContext, BenchScript } from './lib/harness';
import { mulberry32 } from './lib/mulberry32';
import { backendCpu, postgresCpuSeconds } from './lib/postgres-cpu';
import {
  machineCpuTicks,
  NO_SCHEDULES,
  RssSampler,
  ServiceProcess,
  startService,
  stopAll,
} from './lib/service';
import { round, secondsSince, sleep, summarize, Summary } from './lib/stats';

/** The readings end here (exclusive): the training window asked for, then one more day. */
const SERIES_END_MS = Date.parse('2015-02-03T00:00:00Z');
const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The readings (the training window asked for and one more day) and the window asked for, inclusive dates. */
function windows(trainingDays: number) {
  const seriesStartMs = SERIES_END_MS - (trainingDays + 1) * DAY_MS;
  return {
    seriesStart: new Date(seriesStartMs).toISOString(),
    seriesDays: trainingDays + 1,
    trainingStart: isoDay(seriesStartMs),
    trainingEnd: isoDay(SERIES_END_MS - 2 * DAY_MS),
  };
}

const PROBE_INTERVAL_MS = 50;
const TICK_POLL_MS = 500;
const TICK_TIMEOUT_MS = 40 * 60_000;
const TARGETS = { daily_evaluation_seconds: 300, anomaly_detection_seconds: 120, p99_ratio: 2 };

const SERVICE_ENV = { ...NO_SCHEDULES, AUTO_RETRAIN: 'false', MODEL_ACTIVATION_POLICY: 'always' };

interface Settings {
  machines: number;
  /** Days of the training window asked for (the trainer holds out its last part). */
  trainingDays: number;
  evaluationWorkers: number[];
  idleProbeSeconds: number;
}

function settings(quick: boolean): Settings {
  const fleet = process.env.BENCH_MONITORING_FLEET_SIZE;
  return {
    machines: fleet ? Number(fleet) : quick ? 40 : 5000,
    trainingDays: Number(process.env.BENCH_MONITORING_TRAINING_DAYS ?? 28),
    evaluationWorkers: (process.env.BENCH_MONITORING_WORKERS ?? '1,2').split(',').map(Number),
    idleProbeSeconds: quick ? 5 : 60,
  };
}

const f = (value: number | null | undefined, digits = 1) => round(value, digits);

/** Fleet machines and their readings, all in SQL; returns their ids and the seconds it took. */
async function createFleet(
  database: BenchDatabase,
  size: number,
  window: ReturnType<typeof windows>,
  log: (line: string) => void,
) {
  const t0 = performance.now();
  const series = seriesWindow(loadB40Hourly(), window.seriesStart, window.seriesDays);
  const machines = await database.query<{ id: string }>(
    `INSERT INTO machines (name, type, data_interval_seconds, timezone)
     SELECT 'monitoring fleet ' || k, 'building', 3600, 'UTC' FROM generate_series(0, $1) k RETURNING id`,
    [size],
  );
  const ids = machines.map((machine) => machine.id);
  const generate = (insert: string, value: string, values: number[]) =>
    database.query(
      `${insert} SELECT b.time, m.id, ${value}
         FROM unnest($1::timestamptz[], $2::float8[]) AS b(time, value), unnest($3::uuid[]) AS m(id)`,
      [series.time, values, ids],
    );
  await generate(
    'INSERT INTO energy_readings (time, machine_id, energy_type, energy_kwh)',
    "'electricity', b.value",
    series.electricityKwh,
  );
  await generate(
    'INSERT INTO environmental_data (time, machine_id, outdoor_temp_c)',
    'b.value',
    series.outdoorTempC,
  );
  await database.query('ANALYZE machines, energy_readings, environmental_data');
  const seconds = secondsSince(t0);
  const rows = 2 * ids.length * series.time.length;
  log(`${ids.length} machines and ${rows} readings generated in ${seconds.toFixed(1)} s`);
  return { source: ids[0], fleet: ids.slice(1), rows, seconds };
}

const MONITORED_TYPES = ['baseline', 'anomaly'] as const;

/**
 * Trains the source machine's baseline and anomaly model through the queue (the activation policy
 * "always" makes each active), then copies both active versions to every fleet machine.
 */
async function trainAndCopy(
  context: BenchContext,
  database: BenchDatabase,
  client: ApiClient,
  fleet: { source: string; fleet: string[] },
  window: ReturnType<typeof windows>,
): Promise<TrainedWindow[]> {
  for (const modelType of MONITORED_TYPES) {
    const trigger = await client.post<{ triggered: boolean; reason: string; training_job_id: string | null }>(
      '/retrain/trigger',
      {
        query: { model_type: modelType, machine_id: fleet.source },
        json: { hyperparameters: { training_start: window.trainingStart, training_end: window.trainingEnd } },
      },
    );
    if (!trigger.training_job_id) throw new Error(`${modelType} trigger refused: ${trigger.reason}`);
    const job = await waitForJob(client, trigger.training_job_id, {
      pollMs: 200,
      timeoutMs: 10 * 60_000,
      label: `${modelType} on the source machine`,
    });
    if (job.training_status !== 'completed') {
      throw new Error(`${modelType} training ${job.training_status}: ${job.error_message}`);
    }
    context.log(`${modelType} trained on the source machine in ${job.training_duration_seconds} s`);
  }
  const t0 = performance.now();
  const copied = await database.query<{ model_type: string; n: number }>(
    `WITH copies AS (
       INSERT INTO mps_model_versions (machine_id, model_type, version, algorithm, status, parameters, hyperparameters,
                                       feature_names, training_data_start, training_data_end, training_samples,
                                       training_metrics, validation_metrics, activated_at)
       SELECT m.id, v.model_type, 1, v.algorithm, 'active', v.parameters, v.hyperparameters, v.feature_names,
              v.training_data_start, v.training_data_end, v.training_samples, v.training_metrics,
              v.validation_metrics, now()
         FROM mps_model_versions v CROSS JOIN unnest($2::uuid[]) AS m(id)
        WHERE v.machine_id = $1 AND v.status = 'active'
       RETURNING model_type)
     SELECT model_type, count(*)::int AS n FROM copies GROUP BY 1 ORDER BY 1`,
    [fleet.source, fleet.fleet],
  );
  await database.query('ANALYZE mps_model_versions');
  context.log(`active versions copied in ${secondsSince(t0).toFixed(1)} s: ${JSON.stringify(copied)}`);
  const expected = [...MONITORED_TYPES].sort().map((type) => ({ model_type: type, n: fleet.fleet.length }));
  if (JSON.stringify(copied) !== JSON.stringify(expected)) {
    throw new Error(
      `copies of the active versions: ${JSON.stringify(copied)}, expected ${JSON.stringify(expected)}`,
    );
  }
  return database.query<TrainedWindow>(
    `SELECT model_type, training_data_start::date::text AS start, training_data_end::date::text AS end,
            training_samples AS samples
       FROM mps_model_versions WHERE machine_id = $1 AND status = 'active' ORDER BY model_type`,
    [fleet.source],
  );
}

/** What the copied versions were fitted on (the trainer holds out the end of the window asked for). */
interface TrainedWindow {
  model_type: string;
  start: string;
  end: string;
  samples: number;
}

/**
 * GET /alerts/active?machine_id=... every PROBE_INTERVAL_MS for a machine drawn at random (seeded):
 * a machine page's poll, latencies in ms. (Unfiltered, the answer is the fleet's 1,000 newest
 * alerts, 0.9 MB once the tick has raised thousands: that measures JSON, not the tick.)
 */
class LatencyProbe {
  private readonly latencies: number[] = [];
  private errors = 0;
  private running?: Promise<void>;
  private stopped = false;
  private readonly random = mulberry32(16);

  constructor(
    private readonly client: ApiClient,
    private readonly machines: string[],
  ) {}

  start(): this {
    this.running = (async () => {
      while (!this.stopped) {
        const t0 = performance.now();
        try {
          const machine = this.machines[Math.floor(this.random() * this.machines.length)];
          await this.client.get('/alerts/active', { machine_id: machine });
          this.latencies.push(performance.now() - t0);
        } catch {
          this.errors++;
        }
        await sleep(Math.max(0, PROBE_INTERVAL_MS - (performance.now() - t0)));
      }
    })();
    return this;
  }

  async stop(): Promise<Summary & { errors: number }> {
    this.stopped = true;
    await this.running;
    return { ...summarize(this.latencies), errors: this.errors };
  }
}

/**
 * Daily evaluation: `first`, the versions' first recorded evaluation, which scores each training
 * window and keeps it as the drift tests' reference; `kept`, a later one, which reads the kept
 * reference. Null for the anomaly tick.
 */
type ReferencePhase = 'first' | 'kept' | null;

interface TickRun {
  job: string;
  workers: number;
  reference: ReferencePhase;
  items: number;
  done: number;
  failed: number;
  /** POST .../run to the first poll of the tick detail that says finished. */
  seconds: number;
  /** The tick row's started_at to finished_at. */
  db_seconds: number | null;
  items_per_second: number;
  outcome: Record<string, unknown> | null;
  items_per_worker: Record<string, number>;
  first_failures: unknown[];
  /** Unresolved alerts by type once the tick finished (the evaluation rows and alerts are cleared between runs). */
  alerts: Record<string, number>;
  latency: Summary & { errors: number };
  machine_cpu_busy_pct: number | null;
  postgres_cpu_seconds: number | null;
  processes: {
    name: string;
    peak_rss_mib: number | null;
    hwm_mib: number | null;
    cpu_seconds: number | null;
  }[];
}

interface TickDetail {
  finished_at: string | null;
  outcome: Record<string, unknown> | null;
  progress: { items: number; done: number; failed: number; finished: boolean } | null;
  failed_items: unknown[];
}

/** What every tick run uses: the database, the api replica and its client, the fleet's machine ids. */
interface Rig {
  database: BenchDatabase;
  api: ServiceProcess;
  client: ApiClient;
  machines: string[];
}

async function runTick(
  context: BenchContext,
  rig: Rig,
  job: string,
  workerCount: number,
  reference: ReferencePhase,
): Promise<TickRun> {
  const { database, api, client, machines } = rig;
  const workers = await Promise.all(
    Array.from({ length: workerCount }, (_, index) =>
      startService({
        name: `monitoring-${job}${reference ? `-${reference}` : ''}-${workerCount}w-worker-${index + 1}`,
        role: 'worker',
        databaseUrl: database.url,
        env: SERVICE_ENV,
      }),
    ),
  );
  try {
    const processes = [api, ...workers];
    const cpuBefore = processes.map((process) => process.cpuSeconds());
    const postgresBefore = await backendCpu(database);
    const ticksBefore = machineCpuTicks();
    const sampler = new RssSampler(processes).start();
    const probe = new LatencyProbe(client, machines).start();
    const t0 = performance.now();
    const started = await client.post<{ tick: string; outcome: { queued: number } }>(
      `/admin/scheduler/${job}/run`,
    );
    let detail: TickDetail;
    for (;;) {
      detail = await client.get<TickDetail>(
        `/admin/scheduler/${job}/ticks/${encodeURIComponent(started.tick)}`,
      );
      if (detail.progress?.finished) break;
      if (performance.now() - t0 > TICK_TIMEOUT_MS) {
        throw new Error(
          `${job} tick unfinished after ${TICK_TIMEOUT_MS / 60_000} min: ${JSON.stringify(detail.progress)}`,
        );
      }
      await sleep(TICK_POLL_MS);
    }
    const seconds = secondsSince(t0);
    const latency = await probe.stop();
    const rss = sampler.stop();
    const ticksAfter = machineCpuTicks();
    const cpuAfter = processes.map((process) => process.cpuSeconds());
    const postgresAfter = await backendCpu(database);
    const [span] = await database.query<{ seconds: number | null }>(
      `SELECT extract(epoch FROM finished_at - started_at)::float8 AS seconds
         FROM mps_scheduler_ticks WHERE job_name = $1 AND tick = $2`,
      [job, started.tick],
    );
    const perWorker = await database.query<{ worker: string | null; n: number }>(
      `SELECT worker, count(*)::int AS n FROM mps_scheduler_items WHERE job_name = $1 AND tick = $2 GROUP BY 1`,
      [job, started.tick],
    );
    const alerts = await database.query<{ alert_type: string; n: number }>(
      'SELECT alert_type, count(*)::int AS n FROM model_alerts WHERE NOT is_resolved GROUP BY 1 ORDER BY 1',
    );
    const progress = detail.progress;
    const run: TickRun = {
      job,
      workers: workerCount,
      reference,
      items: progress.items,
      done: progress.done,
      failed: progress.failed,
      seconds,
      db_seconds: span?.seconds ?? null,
      items_per_second: progress.items / seconds,
      outcome: detail.outcome,
      items_per_worker: Object.fromEntries(perWorker.map((row) => [row.worker ?? '?', row.n])),
      first_failures: detail.failed_items.slice(0, 5),
      alerts: Object.fromEntries(alerts.map((row) => [row.alert_type, row.n])),
      latency,
      machine_cpu_busy_pct:
        ticksBefore && ticksAfter
          ? (100 * (ticksAfter.busy - ticksBefore.busy)) / (ticksAfter.total - ticksBefore.total)
          : null,
      postgres_cpu_seconds: postgresAfter ? postgresCpuSeconds(postgresBefore, postgresAfter) : null,
      processes: rss.map((entry, index) => {
        const [before, after] = [cpuBefore[index], cpuAfter[index]];
        return {
          name: entry.name,
          peak_rss_mib: entry.peak_rss_mib,
          hwm_mib: entry.hwm_mib,
          cpu_seconds: before !== null && after !== null ? after - before : null,
        };
      }),
    };
    context.log(
      `${job}${reference ? ` (${reference} reference)` : ''} with ${workerCount} worker(s): ${progress.items} items in ${seconds.toFixed(1)} s ` +
        `(${run.items_per_second.toFixed(1)}/s), ${progress.failed} failed, /alerts/active p99 ${latency.p99?.toFixed(1)} ms`,
    );
    return run;
  } finally {
    await stopAll(context, workers);
  }
}

/**
 * What an evaluation tick wrote, so that the next one has the same days to score; the kept
 * references stay (mps_model_reference_samples), as they do from one daily tick to the next.
 */
async function forgetEvaluations(database: BenchDatabase): Promise<void> {
  await database.query(`DELETE FROM model_performance_metrics WHERE source = 'evaluation'`);
  await database.query('DELETE FROM model_alerts');
  await database.query('ANALYZE model_performance_metrics, model_alerts');
}

function record(
  context: BenchContext,
  idle: Summary & { errors: number },
  runs: TickRun[],
  setup: { machines: number; window: ReturnType<typeof windows>; trained: TrainedWindow[] },
) {
  const { machines, window, trained } = setup;
  context.figure({
    id: 'alerts_active.idle',
    label: 'GET /alerts/active while idle',
    unit: 'ms',
    n: idle.n,
    p50: f(idle.p50, 2),
    p95: f(idle.p95, 2),
    note: `p99 ${f(idle.p99, 2)} ms`,
  });
  for (const run of runs) {
    const key = `${run.job}${run.reference ? `.${run.reference}` : ''}.${run.workers}w`;
    const name = `${run.job}${run.reference ? ` (${run.reference} reference)` : ''}`;
    context.figure({
      id: `${key}.seconds`,
      label: `${name} tick of ${run.items} items, ${run.workers} worker(s)`,
      unit: 's',
      value: f(run.seconds, 1),
    });
    context.figure({
      id: `${key}.items_per_second`,
      label: `${name}, ${run.workers} worker(s): throughput`,
      unit: 'items/s',
      value: f(run.items_per_second, 2),
    });
    context.figure({
      id: `${key}.failed`,
      label: `${name}, ${run.workers} worker(s): failed items`,
      unit: 'items',
      value: run.failed,
    });
    context.figure({
      id: `${key}.alerts_active_p99_ratio`,
      label: `${name}, ${run.workers} worker(s): GET /alerts/active p99 during the tick / idle`,
      unit: '×',
      value: idle.p99 && run.latency.p99 ? f(run.latency.p99 / idle.p99, 2) : null,
    });
    for (const process of run.processes) {
      context.figure({
        id: `${key}.peak_rss.${process.name}`,
        label: `${name}: peak RSS of ${process.name}`,
        unit: 'MiB',
        value: f(process.peak_rss_mib, 0),
      });
    }
  }
  context.details.idle_latency = idle;
  context.details.ticks = runs;

  const target = (run: TickRun) =>
    run.job === 'daily_evaluation' ? TARGETS.daily_evaluation_seconds : TARGETS.anomaly_detection_seconds;
  context.table({
    title: `Scheduled ticks over ${machines} synthetic machines (${2 * machines} active models: a baseline and an anomaly model each)`,
    columns: [
      'tick',
      'reference',
      'worker processes',
      'items',
      'failed',
      'all finished s',
      'target s',
      'items/s',
      'items per worker',
      '/alerts/active p50 ms',
      'p99 ms',
      'p99 / idle p99',
      'machine CPU busy %',
      'PostgreSQL CPU s',
      'unresolved alerts after',
    ],
    rows: [
      [
        'idle',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        f(idle.p50, 1),
        f(idle.p99, 1),
        null,
        null,
        null,
        null,
      ],
      ...runs.map((run) => [
        run.job,
        run.reference,
        run.workers,
        run.items,
        run.failed,
        f(run.seconds, 1),
        target(run),
        f(run.items_per_second, 1),
        Object.values(run.items_per_worker).join(' / '),
        f(run.latency.p50, 1),
        f(run.latency.p99, 1),
        idle.p99 && run.latency.p99 ? f(run.latency.p99 / idle.p99, 2) : null,
        f(run.machine_cpu_busy_pct, 0),
        f(run.postgres_cpu_seconds, 1),
        Object.entries(run.alerts)
          .map(([type, n]) => `${type} ${n}`)
          .join(', ') || 'none',
      ]),
    ],
    notes: [
      `each machine: ${window.seriesDays} days of hourly b40 electricity and outdoor temperature from ${window.seriesStart}; the versions trained on a source machine with the same rows (window asked for ${window.trainingStart} to ${window.trainingEnd}; fitted on ${trained.map((version) => `${version.model_type} ${version.start} to ${version.end}, ${version.samples} hours`).join('; ')}), copied as every machine's active versions`,
      'all finished: POST /admin/scheduler/{job}/run to the first 500 ms poll of GET /admin/scheduler/{job}/ticks/{tick} with progress.finished; fresh worker processes per run, SCHEDULED_WORK_CONCURRENCY at its default (2) in each; the api replica only enqueues',
      'daily evaluation: each model scored on the hours after the window it was fitted on (drift tests against that window, metrics row, alert rules), AUTO_RETRAIN=false. Reference "first": the versions\' first recorded evaluation, which scores each training window and keeps it as the drift tests\' reference; "kept": the same tick again after its rows and alerts are deleted, reading the kept references, as every later daily tick does',
      `anomaly detection: each anomaly model scores the hours after the window it was fitted on (an hourly tick in a running plant scores 1); GET /alerts/active?machine_id= (a random fleet machine) polled every ${PROBE_INTERVAL_MS} ms by one client`,
    ],
  });
  context.table({
    title: 'Scheduled ticks: memory and CPU per process',
    columns: [
      'tick',
      'reference',
      'worker processes',
      'process',
      'peak RSS MiB (every 100 ms)',
      'VmHWM MiB',
      'CPU s in the tick',
    ],
    rows: runs.flatMap((run) =>
      run.processes.map((process) => [
        run.job,
        run.reference,
        run.workers,
        process.name,
        f(process.peak_rss_mib, 0),
        f(process.hwm_mib, 0),
        f(process.cpu_seconds, 1),
      ]),
    ),
  });
}

export const monitoringFleetBench: BenchScript = {
  name: 'monitoring-fleet',
  description:
    'Scheduled monitoring over a fleet: the daily evaluation tick (the first, which keeps the references, with 2 workers; later ones with 1 and 2) and the anomaly tick over two active models per synthetic machine, with GET /alerts/active latency during them.',
  async run(context) {
    const config = settings(context.quick);
    Object.assign(context.parameters, {
      machines: config.machines,
      active_models: 2 * config.machines,
      evaluation_workers: config.evaluationWorkers,
      window: windows(config.trainingDays),
      probe_interval_ms: PROBE_INTERVAL_MS,
      targets: TARGETS,
    });
    const database = await provisionDatabase(context.name, context.log);
    Object.assign(context.parameters, { database: database.kind, postgres: database.server_version });
    // The api runs the migrations: the fleet's rows go into the service's schema.
    const api = await startService({
      name: 'monitoring-api',
      role: 'api',
      databaseUrl: database.url,
      env: SERVICE_ENV,
    });
    const window = windows(config.trainingDays);
    const fleet = await createFleet(database, config.machines, window, context.log);
    context.details.data = { rows: fleet.rows, seconds: fleet.seconds };

    const client = new ApiClient(api.url);
    const trainer = await startService({
      name: 'monitoring-trainer',
      role: 'worker',
      databaseUrl: database.url,
      env: SERVICE_ENV,
    });
    const trained = await trainAndCopy(context, database, client, fleet, window);
    context.details.trained = trained;
    await stopAll(context, [trainer]);

    const idle = new LatencyProbe(client, fleet.fleet).start();
    await sleep(config.idleProbeSeconds * 1000);
    const idleLatency = await idle.stop();
    context.log(
      `GET /alerts/active idle: p50 ${idleLatency.p50?.toFixed(1)} ms, p99 ${idleLatency.p99?.toFixed(1)} ms`,
    );

    const rig: Rig = { database, api, client, machines: fleet.fleet };
    const runs: TickRun[] = [await runTick(context, rig, 'daily_evaluation', 2, 'first')];
    const [kept] = await database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM mps_model_reference_samples',
    );
    context.details.kept_references = kept.n;
    for (const workers of config.evaluationWorkers) {
      await forgetEvaluations(database);
      runs.push(await runTick(context, rig, 'daily_evaluation', workers, 'kept'));
    }
    runs.push(await runTick(context, rig, 'anomaly_detection', 2, null));
    record(context, idleLatency, runs, { machines: config.machines, window, trained });

    await stopAll(context, [api]);
    await database.release();
    // Every active model (the source machine's too) is a daily item; every anomaly model an hourly one.
    const expected = (job: string) => (config.machines + 1) * (job === 'daily_evaluation' ? 2 : 1);
    const failing = runs.filter((run) => run.failed > 0 || run.items !== expected(run.job));
    if (failing.length > 0) {
      throw new Error(
        `ticks with failed or missing items: ${failing.map((run) => `${run.job} ${run.workers}w: ${run.items} items, ${run.failed} failed ${JSON.stringify(run.first_failures)}`).join('; ')}`,
      );
    }
  },
};
