/**
 * API benchmark: throughput and latency of four endpoints under autocannon (50 connections), against
 * a bare Fastify server running the same SQL through an equally configured pg pool (bare-server.ts),
 * in the same run, on the same generated database:
 *
 *   1,000 machines, each with 4 model types × 2 versions (one active), 1,250 daily evaluations per
 *   machine and model type (5,000,000 model_performance_metrics rows), 100 alerts per machine
 *   (100,000, of which 12 per machine open), a week of hourly energy readings, and one pending
 *   baseline job per machine (so that every measured trigger is a refused duplicate).
 *
 * Per endpoint: a warm-up of each server, then rounds of one fixed-duration run per server, the
 * order alternating between rounds; each run replays the same seeded sequence of requests (varied
 * machines, model types and parameters). Reported per server: median over the rounds of requests/s,
 * p50 and p99 latency; and our throughput / bare throughput.
 */
import { join } from 'node:path';
import autocannon from 'autocannon';
import { API_PREFIX } from './lib/api';
import { BenchDatabase, provisionDatabase } from './lib/database';
import type { BenchContext, BenchScript } from './lib/harness';
import { serviceModule } from './lib/paths';
import { backendCpu, postgresCpuSeconds } from './lib/postgres-cpu';
import { NO_SCHEDULES, ServiceProcess, startService } from './lib/service';
import { round, secondsSince, summarize } from './lib/stats';
import { mulberry32 } from './lib/mulberry32';

const MODEL_TYPES = ['baseline', 'anomaly', 'forecast_arima', 'forecast_prophet'] as const;
/** Alert types of the generated alerts: with the 4 model types, 12 keys per machine. */
const ALERT_TYPES = ['drift_detected', 'guideline14_violation', 'data_gap'];
/** Open alerts per machine: one per (model type, alert type) key, as the partial unique index allows. */
const OPEN_ALERTS_PER_MACHINE = MODEL_TYPES.length * ALERT_TYPES.length;
const READING_DAYS = 7;
const CONNECTIONS = 50;
/** Both servers get the same pool: the service's default size and statement timeout. */
const POOL = { DB_POOL_SIZE: '10', DB_STATEMENT_TIMEOUT_MS: '30000' };
const TARGET_RATIO = 0.7;

interface Settings {
  machines: number;
  evaluationDays: number;
  alertsPerMachine: number;
  warmupSeconds: number;
  runSeconds: number;
  rounds: number;
  loadParts: number;
}

function settings(quick: boolean): Settings {
  return quick
    ? {
        machines: 100,
        evaluationDays: 125,
        alertsPerMachine: 100,
        warmupSeconds: 1,
        runSeconds: 1,
        rounds: 1,
        loadParts: 1,
      }
    : {
        machines: 1000,
        evaluationDays: 1250,
        alertsPerMachine: 100,
        warmupSeconds: 2,
        runSeconds: 4,
        rounds: 3,
        loadParts: 2,
      };
}

const sqlList = (values: readonly string[]) => `ARRAY[${values.map((value) => `'${value}'`).join(', ')}]`;

/**
 * Drops the table's indexes and primary/unique constraints, runs the load, and recreates them from
 * their own definitions (pg_get_indexdef/pg_get_constraintdef): a sorted index build is several
 * times faster than maintaining the indexes row by row, and the schema ends as the migrations made it.
 */
async function withoutIndexes(database: BenchDatabase, table: string, load: () => Promise<void>) {
  const constraints = await database.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype IN ('p', 'u')`,
    [table],
  );
  const indexes = await database.query<{ name: string; def: string }>(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index
      WHERE indrelid = $1::regclass
        AND indexrelid NOT IN (SELECT conindid FROM pg_constraint WHERE conrelid = $1::regclass)`,
    [table],
  );
  for (const index of indexes) await database.query(`DROP INDEX ${index.name}`);
  for (const constraint of constraints)
    await database.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint.name}`);
  await load();
  const memory = `SET maintenance_work_mem = '256MB'`;
  for (const constraint of constraints) {
    await database.query(
      `${memory}; ALTER TABLE ${table} ADD CONSTRAINT ${constraint.name} ${constraint.def}`,
    );
  }
  await Promise.all(indexes.map((index) => database.query(`${memory}; ${index.def}`)));
}

/** The benchmark's data, generated in PostgreSQL; returns seconds per step. */
async function generateData(database: BenchDatabase, config: Settings, log: (line: string) => void) {
  const seconds: Record<string, number> = {};
  const step = async (name: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    seconds[name] = round(secondsSince(t0), 2)!;
    log(`data: ${name} in ${seconds[name]} s`);
  };
  const types = sqlList(MODEL_TYPES);
  await step('machines', () =>
    database.query(
      `INSERT INTO machines (name, type, data_interval_seconds, timezone)
       SELECT 'bench machine ' || k, 'production_line', 3600, 'UTC' FROM generate_series(1, $1) k`,
      [config.machines],
    ),
  );
  await step('mps_model_versions', () =>
    database.query(
      `INSERT INTO mps_model_versions (machine_id, model_type, version, algorithm, status, parameters, hyperparameters,
                                   training_data_start, training_data_end, training_samples, validation_metrics, activated_at)
       SELECT m.id, t.model_type, v, t.algorithm, CASE WHEN v = 2 THEN 'active' ELSE 'archived' END, '{}',
              '{"interval": "hour", "energy_type": "electricity"}', now() - interval '120 days', now() - interval '30 days',
              1728, jsonb_build_object('r_squared', 0.86, 'rmse', 11.5, 'cv_rmse_pct', 14.2, 'nmbe_pct', 0.4),
              CASE WHEN v = 2 THEN now() - interval '30 days' END
         FROM machines m
        CROSS JOIN (VALUES ('baseline', 'ols'), ('anomaly', 'isolation_forest'), ('forecast_arima', 'arima'),
                           ('forecast_prophet', 'prophet')) t (model_type, algorithm)
        CROSS JOIN generate_series(1, 2) v`,
    ),
  );
  // One evaluation a day per active version (the daily job's row, evaluated at 00:30), newest today.
  await step('model_performance_metrics', () =>
    withoutIndexes(database, 'model_performance_metrics', async () => {
      await Promise.all(
        Array.from({ length: config.loadParts }, (_, part) =>
          database.query(
            `INSERT INTO model_performance_metrics
               (model_id, model_type, machine_id, model_version, evaluation_date, evaluation_start, evaluation_end,
                sample_count, metrics, r_squared, rmse, mae, mape, cv_rmse, nmbe, drift_detected, drift_score,
                drift_threshold, data_completeness, source, created_by)
             SELECT v.id, v.model_type, v.machine_id, v.version, d.day_end + interval '30 minutes',
                    d.day_end - interval '1 day', d.day_end, 24,
                    jsonb_build_object('r_squared', s.r2, 'rmse', s.rmse, 'cv_rmse', s.cv, 'nmbe', s.nmbe),
                    s.r2, s.rmse, s.rmse * 0.8, s.cv * 0.9, s.cv, s.nmbe, s.cv > 27, s.cv / 60, 0.5, 1,
                    'evaluation', 'scheduler'
               FROM generate_series($1::int, $2::int - 1, $3::int) k
              CROSS JOIN LATERAL (SELECT date_trunc('day', now()) - k * interval '1 day' AS day_end) d
              CROSS JOIN mps_model_versions v
              CROSS JOIN LATERAL (SELECT 0.75 + random() * 0.2 AS r2, 5 + random() * 20 AS rmse,
                                         8 + random() * 20 AS cv, random() * 6 - 3 AS nmbe
                                   WHERE v.id IS NOT NULL AND k >= 0) s
              WHERE v.status = 'active'`,
            [part, config.evaluationDays, config.loadParts],
          ),
        ),
      );
    }),
  );
  // Alerts per machine: key n cycles through model type (n % 4) and alert type (n / 4 % 3); the
  // newest OPEN_ALERTS_PER_MACHINE are open (distinct keys, as the partial unique index requires).
  await step('model_alerts', () =>
    database.query(
      `INSERT INTO model_alerts (alert_type, severity, model_type, machine_id, model_id, model_version, alert_timestamp,
                                 alert_message, current_metric_value, threshold_value, is_resolved, resolved_at,
                                 resolved_by, resolution_action, last_seen_at)
       SELECT (${sqlList(ALERT_TYPES)})[1 + (n / 4) % ${ALERT_TYPES.length}], (CASE WHEN random() < 0.3 THEN 'critical' ELSE 'warning' END)::alert_level,
              (${types})[1 + n % 4], m.id, v.id, v.version, a.at, 'bench alert ' || n, 30 + random() * 20, 30,
              a.resolved, CASE WHEN a.resolved THEN a.at + interval '3 hours' END,
              CASE WHEN a.resolved THEN 'bench' END, CASE WHEN a.resolved THEN 'retrained' END, a.at
         FROM machines m
        CROSS JOIN generate_series(0, $1::int - 1) n
        CROSS JOIN LATERAL (SELECT now() - ($1::int - n) * interval '7 hours' AS at, n < $1::int - $2::int AS resolved) a
         LEFT JOIN mps_model_versions v ON v.machine_id = m.id AND v.model_type = (${types})[1 + n % 4] AND v.status = 'active'`,
      [config.alertsPerMachine, OPEN_ALERTS_PER_MACHINE],
    ),
  );
  await step('energy_readings', () =>
    database.query(
      `INSERT INTO energy_readings (time, machine_id, energy_type, energy_kwh)
       SELECT date_trunc('day', now()) - $1::int * interval '1 day' + h * interval '1 hour', m.id, 'electricity',
              50 + random() * 20
         FROM machines m CROSS JOIN generate_series(0, $1::int * 24 - 1) h`,
      [READING_DAYS],
    ),
  );
  await step('pending jobs', () =>
    database.query(
      `INSERT INTO model_training_history (machine_id, model_type, training_status, trigger_type, triggered_by, reason, priority,
                                           training_start, training_data_start, training_data_end)
       SELECT id, 'baseline', 'pending', 'manual', 'bench', 'in flight: later triggers of baseline are refused', 10,
              now(), now() - interval '1 year', now()
         FROM machines`,
    ),
  );
  await step('analyze', () => database.query('ANALYZE'));
  return seconds;
}

interface Fleet {
  machines: string[];
  /** machine id → model type → active version id */
  versions: Map<string, Map<string, string>>;
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

interface Endpoint {
  id: string;
  label: string;
  mix: string;
  next(random: () => number, fleet: Fleet): Call;
}

const pickOne = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];
const query = (path: string, parameters: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters))
    if (value !== undefined) search.set(name, String(value));
  return `${API_PREFIX}${path}?${search.toString()}`;
};
const DAY_MS = 86_400_000;

const ENDPOINTS: Endpoint[] = [
  {
    id: 'metrics_trend',
    label: 'GET /metrics/trend',
    mix: 'random machine and model type; days 30 (half), 90 or 7',
    next: (random, fleet) => ({
      method: 'GET',
      path: query('/metrics/trend', {
        machine_id: pickOne(random, fleet.machines),
        model_type: pickOne(random, MODEL_TYPES),
        days: pickOne(random, [30, 30, 90, 7]),
      }),
    }),
  },
  {
    id: 'alerts_active',
    label: 'GET /alerts/active',
    mix: 'random machine; alone (half), with a model type or with severity=critical',
    next: (random, fleet) => {
      const machine_id = pickOne(random, fleet.machines);
      const variant = random();
      const filter =
        variant < 0.5
          ? { machine_id }
          : variant < 0.75
            ? { machine_id, model_type: pickOne(random, MODEL_TYPES) }
            : { machine_id, severity: 'critical' };
      return { method: 'GET', path: query('/alerts/active', filter) };
    },
  },
  {
    id: 'metrics_record',
    label: 'POST /metrics/record',
    mix: 'random machine and model type (its active version), one of the last 7 days, six metric values',
    next: (random, fleet) => {
      const machine = pickOne(random, fleet.machines);
      const modelType = pickOne(random, MODEL_TYPES);
      const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
      const start = today - (1 + Math.floor(random() * READING_DAYS)) * DAY_MS;
      const cv = 8 + random() * 25;
      return {
        method: 'POST',
        path: query('/metrics/record', {
          model_id: fleet.versions.get(machine)!.get(modelType)!,
          model_type: modelType,
          machine_id: machine,
          evaluation_start: new Date(start).toISOString(),
          evaluation_end: new Date(start + DAY_MS).toISOString(),
        }),
        body: JSON.stringify({
          r_squared: round(0.7 + random() * 0.25, 4),
          rmse: round(5 + random() * 20, 3),
          mae: round(4 + random() * 15, 3),
          mape: round(5 + random() * 15, 3),
          cv_rmse: round(cv, 3),
          nmbe: round(random() * 8 - 4, 3),
        }),
      };
    },
  },
  {
    id: 'retrain_trigger',
    label: 'POST /retrain/trigger (refused duplicates)',
    mix: 'random machine, model_type=baseline: each machine has a pending baseline job',
    next: (random, fleet) => ({
      method: 'POST',
      path: query('/retrain/trigger', {
        model_type: 'baseline',
        machine_id: pickOne(random, fleet.machines),
      }),
    }),
  },
];

interface Run {
  server: 'service' | 'bare';
  endpoint: string;
  warmup: boolean;
  round: number;
  seconds: number;
  requests: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  status_2xx: number;
  non_2xx: number;
  errors: number;
  timeouts: number;
  /** Trigger answers by `triggered` (true / false / other). */
  triggered: Record<string, number>;
  server_cpu_seconds: number | null;
  postgres_cpu_seconds: number | null;
}

async function loadRun(
  database: BenchDatabase,
  server: ServiceProcess,
  kind: Run['server'],
  endpoint: Endpoint,
  fleet: Fleet,
  seconds: number,
  round: number,
  warmup: boolean,
): Promise<Run> {
  const random = mulberry32(round * 7919 + ENDPOINTS.indexOf(endpoint) + 1);
  const triggered: Record<string, number> = {};
  const cpuBefore = server.cpuSeconds();
  const postgresBefore = await backendCpu(database);
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const call = endpoint.next(random, fleet);
          return {
            ...request,
            method: call.method,
            path: call.path,
            body: call.body,
            headers: call.body ? { 'content-type': 'application/json' } : {},
          };
        },
        onResponse:
          endpoint.id === 'retrain_trigger'
            ? (_status, body) => {
                const answer = String((JSON.parse(body) as { triggered?: unknown }).triggered);
                triggered[answer] = (triggered[answer] ?? 0) + 1;
              }
            : undefined,
      },
    ],
  });
  const cpuAfter = server.cpuSeconds();
  const postgresAfter = await backendCpu(database);
  const requests = result['2xx'] + result.non2xx;
  return {
    server: kind,
    endpoint: endpoint.id,
    warmup,
    round,
    seconds: result.duration,
    requests,
    rps: requests / result.duration,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    status_2xx: result['2xx'],
    non_2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    triggered,
    server_cpu_seconds: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
    postgres_cpu_seconds: postgresAfter ? postgresCpuSeconds(postgresBefore, postgresAfter) : null,
  };
}

/** One request of each endpoint to both servers: same status and the same key fields, or the comparison is void. */
async function checkSameAnswers(service: ServiceProcess, bare: ServiceProcess, fleet: Fleet): Promise<void> {
  const random = mulberry32(1);
  for (const endpoint of ENDPOINTS) {
    const call = endpoint.next(random, fleet);
    const [ours, theirs] = await Promise.all(
      [service, bare].map(async (server) => {
        const response = await fetch(`${server.url}${call.path}`, {
          method: call.method,
          body: call.body,
          headers: call.body ? { 'content-type': 'application/json' } : {},
        });
        return { status: response.status, body: await response.json() };
      }),
    );
    const key = (answer: typeof ours) => {
      if (Array.isArray(answer.body))
        return (answer.body as { id: string }[]).map((alert) => alert.id).join(',');
      const body = answer.body as Record<string, string | number | boolean | undefined> & {
        metrics?: unknown[];
      };
      if (endpoint.id === 'metrics_trend') return `${body.metrics?.length} ${body.trend_direction}`;
      if (endpoint.id === 'metrics_record')
        return `${body.sample_count} ${body.drift_type} ${body.drift_score}`;
      return `${body.triggered} ${body.reason}`;
    };
    if (ours.status !== 200 || theirs.status !== 200 || key(ours) !== key(theirs)) {
      throw new Error(
        `${endpoint.label}: the service and the bare server answer differently: ${ours.status} ${key(ours)} / ${theirs.status} ${key(theirs)}`,
      );
    }
  }
}

async function loadFleet(database: BenchDatabase): Promise<Fleet> {
  const machines = (await database.query<{ id: string }>('SELECT id FROM machines ORDER BY name')).map(
    (m) => m.id,
  );
  const versions = new Map<string, Map<string, string>>();
  for (const row of await database.query<{ id: string; machine_id: string; model_type: string }>(
    `SELECT id, machine_id, model_type FROM mps_model_versions WHERE status = 'active'`,
  )) {
    if (!versions.has(row.machine_id)) versions.set(row.machine_id, new Map());
    versions.get(row.machine_id)!.set(row.model_type, row.id);
  }
  return { machines, versions };
}

const f = (value: number | null | undefined, digits = 1) => round(value, digits);
const median = (values: number[]) => summarize(values).p50;

function record(context: BenchContext, runs: Run[]): void {
  const measured = runs.filter((run) => !run.warmup);
  const rows: (string | number | null)[][] = [];
  for (const endpoint of ENDPOINTS) {
    const of = (server: Run['server']) =>
      measured.filter((run) => run.endpoint === endpoint.id && run.server === server);
    const [ours, bare] = [of('service'), of('bare')];
    const stat = (list: Run[], pick: (run: Run) => number) => median(list.map(pick));
    const ratio = stat(ours, (run) => run.rps)! / stat(bare, (run) => run.rps)!;
    const perRequestMs = (list: Run[], pick: (run: Run) => number | null) =>
      stat(list, (run) => ((pick(run) ?? NaN) * 1000) / run.requests);
    for (const [server, list] of [
      ['service', ours],
      ['bare', bare],
    ] as const) {
      context.figure({
        id: `${endpoint.id}.${server}.rps`,
        label: `${endpoint.label}, ${server}: requests/s (median of ${list.length} runs)`,
        unit: 'req/s',
        n: list.length,
        value: f(stat(list, (run) => run.rps)),
      });
      context.figure({
        id: `${endpoint.id}.${server}.latency_p99`,
        label: `${endpoint.label}, ${server}: p99 latency (median over runs)`,
        unit: 'ms',
        value: f(stat(list, (run) => run.p99_ms)),
      });
    }
    context.figure({
      id: `${endpoint.id}.ratio`,
      label: `${endpoint.label}: service throughput / bare throughput`,
      unit: 'ratio',
      value: round(ratio, 3),
      note: ratio >= TARGET_RATIO ? 'target met' : `target ${TARGET_RATIO} missed`,
    });
    const failures = (list: Run[]) =>
      list.reduce((sum, run) => sum + run.non_2xx + run.errors + run.timeouts, 0);
    const triggeredTrue = (list: Run[]) => list.reduce((sum, run) => sum + (run.triggered.true ?? 0), 0);
    for (const [server, list] of [
      ['service', ours],
      ['bare', bare],
    ] as const) {
      rows.push([
        endpoint.label,
        server,
        f(stat(list, (run) => run.rps)),
        f(stat(list, (run) => run.p50_ms)),
        f(stat(list, (run) => run.p99_ms)),
        f(
          perRequestMs(list, (run) => run.server_cpu_seconds),
          2,
        ),
        f(
          perRequestMs(list, (run) => run.postgres_cpu_seconds),
          2,
        ),
        failures(list),
        endpoint.id === 'retrain_trigger' ? triggeredTrue(list) : null,
        server === 'service' ? `${Math.round(ratio * 100)} %` : null,
      ]);
    }
  }
  context.table({
    title: `API under autocannon (${CONNECTIONS} connections): the service against a bare Fastify route with the same SQL, medians over ${measured.length / (2 * ENDPOINTS.length)} run(s) per server`,
    columns: [
      'endpoint',
      'server',
      'req/s',
      'p50 ms',
      'p99 ms',
      'server CPU ms/req',
      'PostgreSQL CPU ms/req',
      'non-2xx + errors',
      'triggered: true',
      'service / bare',
    ],
    rows,
    notes: [
      ...ENDPOINTS.map((endpoint) => `${endpoint.label}: ${endpoint.mix}`),
      `target: service throughput at least ${TARGET_RATIO * 100} % of the bare route's`,
      'CPU ms/req: CPU time of the server process, and of all PostgreSQL backends of the database, per completed request (autocannon runs in the benchmark process on the same cores)',
    ],
  });
}

export const apiBench: BenchScript = {
  name: 'api',
  description:
    'HTTP throughput and latency of four endpoints on a 5-million-row database under autocannon, against a bare Fastify route running the same SQL.',
  async run(context) {
    const config = settings(context.quick);
    Object.assign(context.parameters, {
      ...config,
      model_performance_metrics_rows: config.machines * MODEL_TYPES.length * config.evaluationDays,
      alerts: config.machines * config.alertsPerMachine,
      open_alerts: config.machines * OPEN_ALERTS_PER_MACHINE,
      connections: CONNECTIONS,
      pool: POOL,
    });
    const database = await provisionDatabase(context.name, context.log);
    context.parameters.database = database.kind;
    context.parameters.postgres = database.server_version;

    // The service's migrations create the schema.
    const migrate = await startService({ name: 'api-migrate', role: 'api', databaseUrl: database.url });
    await migrate.stop();
    const t0 = performance.now();
    context.details.data_seconds = await generateData(database, config, context.log);
    context.log(`data generated in ${secondsSince(t0).toFixed(1)} s`);
    const fleet = await loadFleet(database);

    const env = { ...POOL, ...NO_SCHEDULES };
    const [service, bare] = await Promise.all([
      startService({
        name: 'api-service',
        role: 'api',
        databaseUrl: database.url,
        env,
      }),
      startService({
        name: 'api-bare',
        role: 'api',
        databaseUrl: database.url,
        entry: join(__dirname, 'bare-server.js'),
        env: { ...env, BENCH_SERVICE_DIR: serviceModule('') },
      }),
    ]);
    await checkSameAnswers(service, bare, fleet);

    const runs: Run[] = [];
    for (const endpoint of ENDPOINTS) {
      const servers = [
        ['service', service],
        ['bare', bare],
      ] as const;
      for (const [kind, server] of servers) {
        runs.push(await loadRun(database, server, kind, endpoint, fleet, config.warmupSeconds, 0, true));
      }
      for (let roundNo = 1; roundNo <= config.rounds; roundNo++) {
        for (const [kind, server] of roundNo % 2 === 1 ? servers : [...servers].reverse()) {
          const run = await loadRun(
            database,
            server,
            kind,
            endpoint,
            fleet,
            config.runSeconds,
            roundNo,
            false,
          );
          runs.push(run);
          context.log(
            `${endpoint.label} ${kind} round ${roundNo}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50_ms} ms, p99 ${run.p99_ms} ms` +
              (run.non_2xx + run.errors > 0 ? `, ${run.non_2xx} non-2xx, ${run.errors} errors` : ''),
          );
        }
      }
    }
    context.details.runs = runs;
    record(context, runs);

    const codes = { service: await service.stop(), bare: await bare.stop() };
    context.details.exit_codes_after_sigterm = codes;
    await database.release();
    const broken = runs.filter((run) => run.non_2xx + run.errors > 0 || (run.triggered.true ?? 0) > 0);
    if (broken.length > 0) {
      throw new Error(
        `${broken.length} run(s) had failed requests or accepted triggers, e.g. ${JSON.stringify(broken[0])}`,
      );
    }
  },
};
