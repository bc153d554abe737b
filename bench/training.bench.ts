/**
 * Training benchmark.
 *
 * (a) Trigger to completed, per model type, on the demo machines with default specs: one API process
 *     and one worker process (one fit at a time); per model type one warm-up job, then N rounds over
 *     the machines, one job at a time. Measured from the trigger's response to the first poll
 *     (every 20 ms) that sees `completed`; beside it the job's own training_duration_seconds and its
 *     queue wait (training_start - created_at).
 * (b) Fleet: synthetic machines (the b40 electricity series, 90 days, machine k shifted by k hours
 *     and scaled by 0.5 + k/200, with the matching outdoor temperature) created through the API with
 *     their readings generated in SQL; a baseline retrain triggered for each (50 requests in flight),
 *     timed until all are completed,
 *     with 1 and with 2 worker processes (TRAINING_WORKER_CONCURRENCY=1 each), fresh processes per
 *     run; peak RSS per process sampled during the run.
 */
import { forEachLimited } from './lib/concurrency';
import { ApiClient, Machine, Page, TriggerResponse, waitForJob } from './lib/api';
import { loadB40Hourly, seriesWindow } from './lib/b40-series';
import { BenchDatabase, provisionDatabase } from './lib/database';
import type { BenchContext, BenchScript } from './lib/harness';
import { loadDemoData } from './lib/demo-load';
import { backendCpu, postgresCpuSeconds } from './lib/postgres-cpu';
import { machineCpuTicks, RssSampler, ServiceProcess, startService, stopAll } from './lib/service';
import { round, secondsSince, sleep, summarize } from './lib/stats';

const MODEL_TYPES = ['baseline', 'anomaly', 'forecast_arima', 'forecast_prophet'] as const;
type ModelType = (typeof MODEL_TYPES)[number];

const DEMO_MACHINES = ['Steel plant main feeder', 'Building b40 electricity', 'Building b40 gas boiler'];
const QUICK_DEMO_MACHINES = ['Building b40 electricity'];

/** What the predecessor announced per model type (seconds). */
const ANNOUNCED: Record<ModelType, string> = {
  baseline: '30–60',
  anomaly: '60–120',
  forecast_arima: '120–300',
  forecast_prophet: '120–300',
};

const FLEET_WINDOW_START = '2015-01-01T00:00:00Z';
const FLEET_DAYS = 90;
const POLL_MS = 20;
const FLEET_POLL_MS = 100;
const FLEET_TRIGGER_CONNECTIONS = 50;
const JOB_TIMEOUT_MS = 10 * 60_000;
const READING_TABLES = 'energy_readings, environmental_data, production_data';

/**
 * After each bulk load the reading tables are ANALYZEd, as autovacuum does on a production server
 * within about a minute. Without statistics the planner takes the freshly loaded tables for empty and
 * the interval query of a training job (readings.repository.ts) becomes a nested loop of ~1 s.
 * BENCH_ANALYZE=0 measures without it.
 */
const ANALYZE_AFTER_LOAD = process.env.BENCH_ANALYZE !== '0';

async function analyzeReadings(database: BenchDatabase, log: (line: string) => void): Promise<void> {
  if (!ANALYZE_AFTER_LOAD) return;
  const t0 = performance.now();
  await database.query(`ANALYZE ${READING_TABLES}`);
  log(`ANALYZE ${READING_TABLES}: ${secondsSince(t0).toFixed(1)} s`);
}

interface Settings {
  repetitions: number;
  warmups: number;
  demoMachines: string[];
  fleetSize: number;
  fleetWorkers: number[];
}

function settings(quick: boolean): Settings {
  const fromEnv = (name: string, fallback: number) => {
    const value = process.env[name];
    return value ? Number(value) : fallback;
  };
  return {
    repetitions: fromEnv('BENCH_TRAINING_REPETITIONS', quick ? 2 : 5),
    warmups: 1,
    demoMachines: quick ? QUICK_DEMO_MACHINES : DEMO_MACHINES,
    fleetSize: fromEnv('BENCH_FLEET_SIZE', quick ? 20 : 1000),
    fleetWorkers: [1, 2],
  };
}

interface JobSample {
  model_type: ModelType;
  machine: string;
  /** Trigger request round trip, seconds. */
  trigger_seconds: number;
  /** From the trigger's response to the first poll that saw `completed`, seconds. */
  trigger_to_completed_seconds: number;
  training_duration_seconds: number | null;
  queue_wait_seconds: number | null;
  training_samples: number | null;
}

const f = (value: number | null | undefined, digits = 2) => round(value, digits);

async function startWorkers(
  database: BenchDatabase,
  label: string,
  count: number,
): Promise<ServiceProcess[]> {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      startService({
        name: `training-${label}-worker-${index + 1}`,
        role: 'worker',
        databaseUrl: database.url,
        env: { TRAINING_WORKER_CONCURRENCY: '1' },
      }),
    ),
  );
}

/** Triggers one job and polls it until it is terminal. */
async function timeOneJob(client: ApiClient, modelType: ModelType, machine: Machine): Promise<JobSample> {
  const t0 = performance.now();
  const trigger = await client.post<TriggerResponse>('/retrain/trigger', {
    query: { model_type: modelType, machine_id: machine.id },
  });
  const triggered = performance.now();
  if (!trigger.triggered || !trigger.training_job_id) {
    throw new Error(`trigger of ${modelType} on ${machine.name} refused: ${trigger.reason}`);
  }
  const job = await waitForJob(client, trigger.training_job_id, {
    pollMs: POLL_MS,
    timeoutMs: JOB_TIMEOUT_MS,
    label: `${modelType} job on ${machine.name}`,
  });
  const done = performance.now();
  if (job.training_status !== 'completed') {
    throw new Error(
      `${modelType} job ${job.id} on ${machine.name} ${job.training_status}: ${job.error_message}`,
    );
  }
  return {
    model_type: modelType,
    machine: machine.name,
    trigger_seconds: (triggered - t0) / 1000,
    trigger_to_completed_seconds: (done - triggered) / 1000,
    training_duration_seconds: job.training_duration_seconds,
    queue_wait_seconds: job.training_start
      ? (Date.parse(job.training_start) - Date.parse(job.created_at)) / 1000
      : null,
    training_samples: job.training_samples,
  };
}

async function triggerToCompleted(
  context: BenchContext,
  client: ApiClient,
  machines: Machine[],
  config: Settings,
): Promise<void> {
  const samples: JobSample[] = [];
  const warmups: JobSample[] = [];
  for (const modelType of MODEL_TYPES) {
    for (let i = 0; i < config.warmups; i++) warmups.push(await timeOneJob(client, modelType, machines[0]));
    for (let round = 0; round < config.repetitions; round++) {
      for (const machine of machines) samples.push(await timeOneJob(client, modelType, machine));
    }
    const mine = samples.filter((sample) => sample.model_type === modelType);
    const latency = summarize(mine.map((sample) => sample.trigger_to_completed_seconds));
    context.log(
      `${modelType}: trigger→completed p50 ${latency.p50?.toFixed(2)} s, p95 ${latency.p95?.toFixed(2)} s (n ${latency.n})`,
    );
  }
  context.details.trigger_to_completed = { warmups, samples };

  const rows: (string | number | null)[][] = [];
  for (const modelType of MODEL_TYPES) {
    const mine = samples.filter((sample) => sample.model_type === modelType);
    const latency = summarize(mine.map((sample) => sample.trigger_to_completed_seconds));
    const duration = summarize(mine.map((sample) => sample.training_duration_seconds ?? NaN));
    const wait = summarize(mine.map((sample) => sample.queue_wait_seconds ?? NaN));
    context.figure({
      id: `trigger_to_completed.${modelType}`,
      label: `${modelType}: trigger response → completed observed`,
      unit: 's',
      n: latency.n,
      p50: f(latency.p50, 3),
      p95: f(latency.p95, 3),
    });
    context.figure({
      id: `training_duration.${modelType}`,
      label: `${modelType}: training_duration_seconds of the job`,
      unit: 's',
      n: duration.n,
      p50: f(duration.p50, 3),
      p95: f(duration.p95, 3),
    });
    context.figure({
      id: `queue_wait.${modelType}`,
      label: `${modelType}: queue wait (training_start − created_at)`,
      unit: 's',
      n: wait.n,
      p50: f(wait.p50, 3),
      p95: f(wait.p95, 3),
    });
    rows.push([
      modelType,
      latency.n,
      f(latency.p50),
      f(latency.p95),
      f(duration.p50),
      f(duration.p95),
      f(wait.p50),
      ANNOUNCED[modelType],
    ]);
  }
  context.table({
    title: `Trigger → completed per model type (${machines.length} demo machine(s) × ${config.repetitions} runs after ${config.warmups} warm-up per type; 1 worker)`,
    columns: [
      'model type',
      'n',
      'trigger→completed p50 s',
      'p95 s',
      'job duration p50 s',
      'p95 s',
      'queue wait p50 s',
      'predecessor announced s',
    ],
    rows,
    notes: [
      'trigger→completed: from the trigger response to the first 20 ms poll of GET /training/jobs/{id} that answers completed',
      'job duration: the job’s training_duration_seconds (claim by the worker → completion written); queue wait: created_at → training_start',
    ],
  });
  context.table({
    title: 'Trigger → completed per model type and demo machine',
    columns: ['model type', 'machine', 'n', 'p50 s', 'p95 s', 'job duration p50 s', 'training samples'],
    rows: MODEL_TYPES.flatMap((modelType) =>
      machines.map((machine) => {
        const mine = samples.filter(
          (sample) => sample.model_type === modelType && sample.machine === machine.name,
        );
        const latency = summarize(mine.map((sample) => sample.trigger_to_completed_seconds));
        const duration = summarize(mine.map((sample) => sample.training_duration_seconds ?? NaN));
        return [
          modelType,
          machine.name,
          latency.n,
          f(latency.p50),
          f(latency.p95),
          f(duration.p50),
          mine[0]?.training_samples ?? null,
        ];
      }),
    ),
  });
}

/**
 * The fleet: `size` machines created through the API, their readings generated by PostgreSQL from
 * FLEET_DAYS of the b40 series: machine k shifted later by k hours, its energy scaled by
 * (0.5 + k/200), each hour with its own outdoor temperature. Ingest speed is the ingest
 * benchmark's subject; generating the 2 x size x 2,160 rows in SQL keeps 1,000 machines in budget.
 */
async function createFleet(context: BenchContext, client: ApiClient, database: BenchDatabase, size: number) {
  const base = seriesWindow(loadB40Hourly(), FLEET_WINDOW_START, FLEET_DAYS);
  const machines: Machine[] = new Array<Machine>(size);
  await forEachLimited(
    Array.from({ length: size }, (_, k) => k),
    4,
    async (k) => {
      machines[k] = await client.post<Machine>('/machines', {
        json: { name: `bench fleet ${k}`, type: 'building', timezone: 'UTC', data_interval_seconds: 3600 },
      });
    },
  );
  const t0 = performance.now();
  const fleet = [machines.map((machine) => machine.id), machines.map((_, k) => k)];
  const generate = (insert: string, value: string, values: number[]) =>
    database.query(
      `${insert} SELECT b.time + f.k * interval '1 hour', f.id, ${value}
         FROM unnest($1::timestamptz[], $2::float8[]) AS b(time, value), unnest($3::uuid[], $4::int[]) AS f(id, k)`,
      [base.time, values, ...fleet],
    );
  await generate(
    'INSERT INTO energy_readings (time, machine_id, energy_type, energy_kwh)',
    `'electricity', round((b.value * (0.5 + f.k / 200.0))::numeric, 3)::float8`,
    base.electricityKwh,
  );
  await generate(
    'INSERT INTO environmental_data (time, machine_id, outdoor_temp_c)',
    'b.value',
    base.outdoorTempC,
  );
  const seconds = secondsSince(t0);
  const rows = 2 * size * base.time.length;
  context.log(`fleet of ${size} machines: ${rows} rows generated in ${seconds.toFixed(1)} s`);
  return { machines, rows, seconds };
}

interface FleetRun {
  workers: number;
  machines: number;
  completed: number;
  failed: number;
  total_seconds: number;
  jobs_per_second: number;
  trigger_all_seconds: number;
  makespan_db_seconds: number | null;
  job_duration: ReturnType<typeof summarize>;
  queue_wait: ReturnType<typeof summarize>;
  jobs_per_worker: Record<string, number>;
  machine_cpu_busy_pct: number | null;
  /** CPU used by the PostgreSQL backends serving the benchmark database (same machine only). */
  postgres_cpu_seconds: number | null;
  processes: {
    name: string;
    role: string;
    peak_rss_mib: number | null;
    hwm_mib: number | null;
    cpu_seconds: number | null;
  }[];
}

async function fleetRun(
  context: BenchContext,
  database: BenchDatabase,
  client: ApiClient,
  api: ServiceProcess,
  fleet: Machine[],
  workerCount: number,
): Promise<FleetRun> {
  const workers = await startWorkers(database, `fleet${workerCount}`, workerCount);
  try {
    const processes = [api, ...workers];
    const cpuBefore = processes.map((process) => process.cpuSeconds());
    const postgresCpuBefore = await backendCpu(database);
    const ticksBefore = machineCpuTicks();
    const sampler = new RssSampler(processes).start();
    const t0 = performance.now();
    // As a fleet scheduler would send them: FLEET_TRIGGER_CONNECTIONS requests in flight at a time.
    const triggers = new Array<TriggerResponse>(fleet.length);
    await forEachLimited(fleet, FLEET_TRIGGER_CONNECTIONS, async (machine, k) => {
      triggers[k] = await client.post<TriggerResponse>('/retrain/trigger', {
        query: { model_type: 'baseline', machine_id: machine.id },
      });
    });
    const triggerSeconds = secondsSince(t0);
    const refused = triggers.filter((trigger) => !trigger.triggered || !trigger.training_job_id);
    if (refused.length > 0) throw new Error(`${refused.length} fleet triggers refused: ${refused[0].reason}`);
    const ids = triggers.map((trigger) => trigger.training_job_id!);

    let counts: Record<string, number> = {};
    for (;;) {
      const rows = await database.query<{ training_status: string; n: number }>(
        `SELECT training_status, count(*)::int AS n FROM model_training_history WHERE id = ANY($1::uuid[]) GROUP BY 1`,
        [ids],
      );
      counts = Object.fromEntries(rows.map((row) => [row.training_status, row.n]));
      const finished = (counts.completed ?? 0) + (counts.failed ?? 0) + (counts.cancelled ?? 0);
      if (finished === ids.length) break;
      if (performance.now() - t0 > 4 * JOB_TIMEOUT_MS) {
        throw new Error(
          `fleet run with ${workerCount} worker(s) unfinished after 40 min: ${JSON.stringify(counts)}`,
        );
      }
      await sleep(FLEET_POLL_MS);
    }
    const totalSeconds = secondsSince(t0);
    const rss = sampler.stop();
    const ticksAfter = machineCpuTicks();
    const cpuAfter = processes.map((process) => process.cpuSeconds());
    const postgresCpuAfter = await backendCpu(database);

    const jobs = await database.query<{
      wait: number | null;
      duration: number | null;
      worker_id: string | null;
      status: string;
    }>(
      `SELECT extract(epoch FROM training_start - created_at)::float8 AS wait, training_duration_seconds AS duration,
              worker_id, training_status AS status
         FROM model_training_history WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const [span] = await database.query<{ makespan: number | null }>(
      `SELECT extract(epoch FROM max(training_end) - min(created_at))::float8 AS makespan
         FROM model_training_history WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const jobsPerWorker: Record<string, number> = {};
    for (const job of jobs)
      jobsPerWorker[job.worker_id ?? '?'] = (jobsPerWorker[job.worker_id ?? '?'] ?? 0) + 1;
    const completed = counts.completed ?? 0;
    const run: FleetRun = {
      workers: workerCount,
      machines: fleet.length,
      completed,
      failed: ids.length - completed,
      total_seconds: totalSeconds,
      jobs_per_second: completed / totalSeconds,
      trigger_all_seconds: triggerSeconds,
      makespan_db_seconds: span?.makespan ?? null,
      job_duration: summarize(jobs.filter((job) => job.duration !== null).map((job) => job.duration!)),
      queue_wait: summarize(jobs.filter((job) => job.wait !== null).map((job) => job.wait!)),
      jobs_per_worker: jobsPerWorker,
      machine_cpu_busy_pct:
        ticksBefore && ticksAfter
          ? (100 * (ticksAfter.busy - ticksBefore.busy)) / (ticksAfter.total - ticksBefore.total)
          : null,
      processes: rss.map((entry, index) => {
        const [before, after] = [cpuBefore[index], cpuAfter[index]];
        return { ...entry, cpu_seconds: before !== null && after !== null ? after - before : null };
      }),
      postgres_cpu_seconds: postgresCpuAfter ? postgresCpuSeconds(postgresCpuBefore, postgresCpuAfter) : null,
    };
    context.log(
      `fleet ${fleet.length} × baseline with ${workerCount} worker(s): ${totalSeconds.toFixed(1)} s, ` +
        `${run.jobs_per_second.toFixed(2)} jobs/s, ${run.failed} not completed`,
    );
    return run;
  } finally {
    await stopAll(context, workers);
  }
}

function recordFleet(
  context: BenchContext,
  runs: FleetRun[],
  fleetData: { machines: Machine[]; rows: number; seconds: number },
) {
  for (const run of runs) {
    const key = `fleet.${run.workers}w`;
    context.figure({
      id: `${key}.total_seconds`,
      label: `fleet of ${run.machines}, ${run.workers} worker(s): all completed`,
      unit: 's',
      value: f(run.total_seconds, 2),
    });
    context.figure({
      id: `${key}.jobs_per_second`,
      label: `fleet of ${run.machines}, ${run.workers} worker(s): throughput`,
      unit: 'jobs/s',
      value: f(run.jobs_per_second, 3),
    });
    context.figure({
      id: `${key}.job_duration`,
      label: `fleet, ${run.workers} worker(s): job training_duration_seconds`,
      unit: 's',
      n: run.job_duration.n,
      p50: f(run.job_duration.p50, 3),
      p95: f(run.job_duration.p95, 3),
    });
    context.figure({
      id: `${key}.failed`,
      label: `fleet, ${run.workers} worker(s): jobs not completed`,
      unit: 'jobs',
      value: run.failed,
    });
    for (const process of run.processes) {
      context.figure({
        id: `${key}.peak_rss.${process.name}`,
        label: `fleet, ${run.workers} worker(s): peak RSS of ${process.name}`,
        unit: 'MiB',
        value: f(process.peak_rss_mib, 0),
      });
    }
  }
  context.details.fleet = {
    runs,
    data: { machines: fleetData.machines.length, rows: fleetData.rows, seconds: fleetData.seconds },
  };

  const machines = runs[0]?.machines ?? 0;
  context.table({
    title: `Fleet: ${machines} synthetic machines, one baseline retrain each, triggered 50 at a time`,
    columns: [
      'worker processes',
      'all completed s',
      'jobs/s',
      'not completed',
      'trigger all s',
      'job duration p50 s',
      'p95 s',
      'queue wait p50 s',
      'max s',
      'machine CPU busy %',
    ],
    rows: runs.map((run) => [
      run.workers,
      f(run.total_seconds, 1),
      f(run.jobs_per_second, 2),
      run.failed,
      f(run.trigger_all_seconds, 2),
      f(run.job_duration.p50),
      f(run.job_duration.p95),
      f(run.queue_wait.p50, 1),
      f(run.queue_wait.max, 1),
      f(run.machine_cpu_busy_pct, 0),
    ]),
    notes: [
      `each machine: ${FLEET_DAYS} days of hourly b40 electricity from ${FLEET_WINDOW_START}, machine k shifted by k hours and scaled by 0.5 + k/200, with the matching outdoor temperature`,
      `machines created through the API, their ${fleetData.rows} readings (energy + outdoor temperature) generated in SQL in ${fleetData.seconds.toFixed(1)} s, then ANALYZE`,
      'all completed: from sending the first trigger to the first 100 ms poll (SQL on the job rows) that finds every job terminal; fresh worker processes per run, TRAINING_WORKER_CONCURRENCY=1 each; the second run retrains machines that already have a version',
    ],
  });
  context.table({
    title: 'Fleet: memory and CPU per process during the run',
    columns: [
      'worker processes',
      'process',
      'peak RSS MiB (sampled every 100 ms)',
      'VmHWM MiB (since start)',
      'CPU s used in the run',
    ],
    rows: runs.flatMap((run) => [
      ...run.processes.map((process) => [
        run.workers,
        process.name,
        f(process.peak_rss_mib, 0),
        f(process.hwm_mib, 0),
        f(process.cpu_seconds, 1),
      ]),
      [
        run.workers,
        'PostgreSQL backends of the benchmark database',
        null,
        null,
        f(run.postgres_cpu_seconds, 1),
      ],
    ]),
    notes: [
      'RSS and CPU of a service process include its fitting threads (piscina); the API process runs through the whole benchmark (its VmHWM includes the demo data load); worker processes start fresh for each run',
      'machine CPU busy % (table above) counts every process on the machine, unrelated work included',
    ],
  });
}

export const trainingBench: BenchScript = {
  name: 'training',
  description:
    'Training through the queue: trigger→completed per model type on the demo machines, and fleet throughput of baseline retrains with 1 and 2 worker processes.',
  async run(context) {
    const config = settings(context.quick);
    Object.assign(context.parameters, {
      model_types: MODEL_TYPES,
      repetitions: config.repetitions,
      warmups_per_model_type: config.warmups,
      demo_machines: config.demoMachines,
      poll_interval_ms: POLL_MS,
      fleet_size: config.fleetSize,
      fleet_workers: config.fleetWorkers,
      fleet_window: { start: FLEET_WINDOW_START, days: FLEET_DAYS },
      worker_concurrency_per_process: 1,
    });

    const database = await provisionDatabase(context.name, context.log);
    const [{ autovacuum }] = await database.query<{ autovacuum: string }>('SHOW autovacuum');
    Object.assign(context.parameters, {
      database: database.kind,
      postgres: database.server_version,
      postgres_autovacuum: autovacuum,
      analyze_after_load: ANALYZE_AFTER_LOAD,
    });
    context.details.demo_load_seconds = await loadDemoData(database, context.log, 'training');
    await analyzeReadings(database, context.log);

    const [api, worker] = await Promise.all([
      startService({ name: 'training-api', role: 'api', databaseUrl: database.url }),
      startService({
        name: 'training-worker',
        role: 'worker',
        databaseUrl: database.url,
        env: { TRAINING_WORKER_CONCURRENCY: '1' },
      }),
    ]);
    const client = new ApiClient(api.url);
    const listed = await client.get<Page<Machine>>('/machines', { limit: 500 });
    const demo = config.demoMachines.map((name) => {
      const machine = listed.items.find((item) => item.name === name);
      if (!machine) throw new Error(`demo machine "${name}" not found after the demo load`);
      return machine;
    });

    await triggerToCompleted(context, client, demo, config);
    await stopAll(context, [worker]);

    const fleetData = await createFleet(context, client, database, config.fleetSize);
    await analyzeReadings(database, context.log);
    const runs: FleetRun[] = [];
    for (const workerCount of config.fleetWorkers) {
      runs.push(await fleetRun(context, database, client, api, fleetData.machines, workerCount));
    }
    recordFleet(context, runs, fleetData);

    await stopAll(context, [api]);
    await database.release();
    const incomplete = runs.filter((run) => run.failed > 0);
    if (incomplete.length > 0) {
      throw new Error(
        `fleet jobs not completed: ${incomplete.map((run) => `${run.failed} with ${run.workers} worker(s)`).join(', ')}`,
      );
    }
  },
};
