/**
 * The reference of the API benchmark: a bare Fastify server (the Fastify the service runs on) that
 * answers the four measured endpoints with the SAME SQL as the service (lib/service-sql.ts) through
 * a pg Pool configured like the service's TypeORM pool (size, connection timeout, statement
 * timeout), and the same JSON fields, computed with the service's own pure functions (trend,
 * drift tests) loaded from the service under test. No Nest, no ORM, no validation pipe, guards,
 * helmet, request ids, logging or metrics: what remains is HTTP, JSON and PostgreSQL, the limit
 * the service is compared with. The audit row the service writes after each POST is written here
 * too, after the response, as the service does.
 *
 *   node bare-server.js   (env: DATABASE_URL, PORT, HOST, DB_POOL_SIZE, DB_STATEMENT_TIMEOUT_MS,
 *                          BENCH_SERVICE_DIR = the snapshot of dist/ whose modules it loads)
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify, { FastifyReply, FastifyRequest } from 'fastify';
import { Pool, PoolClient } from 'pg';
import { API_PREFIX } from './lib/api';
import {
  activeAlerts,
  INSERT_AUDIT,
  INSERT_METRIC,
  MACHINE_BY_ID,
  METRIC_COLUMNS,
  TREND_ROWS,
  VERSION_BY_ID,
} from './lib/service-sql';

const DAY_MS = 86_400_000;

/**
 * The parts of the service's modules this server calls (src/metrics/trend.ts, src/drift/drift-engine.ts)
 * and the statement it sends as the service does (src/training/training.repository.ts).
 */
interface TrendModule {
  performanceTrend(points: { day: number; r_squared: number | null; cv_rmse: number | null }[]): {
    trend_direction: string;
    degradation_rate: number;
    basis: string | null;
  };
}
interface DriftModule {
  DEFAULT_DRIFT_THRESHOLDS: unknown;
  runDriftTests(input: {
    interval: string;
    validation_metrics: unknown;
    current_metrics: Record<'r_squared' | 'rmse' | 'cv_rmse_pct' | 'nmbe_pct', number | null>;
    error_metric: 'cv_rmse_pct' | 'rmse';
    drivers: never[];
    thresholds: unknown;
  }): {
    drift_detected: boolean;
    drift_type: string;
    drift_score: number;
    threshold: number;
    tests: unknown[];
    recommendation: string;
  };
}

type Query = Record<string, string | undefined>;
type Row = Record<string, unknown>;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const problem = (reply: FastifyReply, status: number, detail: string) =>
  reply.status(status).type('application/problem+json').send({ status, detail });

/** Accepts both the short names (cv_rmse, nmbe) and the _pct forms, as MetricsService does. */
const pick = (values: Record<string, number>, ...names: string[]) =>
  names.map((name) => values[name]).find((value) => value !== undefined) ?? null;

async function main(): Promise<void> {
  const serviceDir = required('BENCH_SERVICE_DIR');
  const load = async <T>(file: string) => (await import(pathToFileURL(join(serviceDir, file)).href)) as T;
  const trend = await load<TrendModule>('src/metrics/trend.js');
  const drift = await load<DriftModule>('src/drift/drift-engine.js');
  const { INSERT_PENDING_JOB } = await load<{ INSERT_PENDING_JOB: string }>(
    'src/training/training.repository.js',
  );
  const { READING_COUNT } = await load<{ READING_COUNT: string }>('src/machines/readings.repository.js');

  // As src/database/data-source-options.ts configures TypeORM's pool.
  const pool = new Pool({
    connectionString: required('DATABASE_URL'),
    max: Number(process.env.DB_POOL_SIZE ?? 10),
    connectionTimeoutMillis: 5000,
    statement_timeout: Number(process.env.DB_STATEMENT_TIMEOUT_MS ?? 30000),
    application_name: 'model-performance-bench-bare',
  });

  /** One connection for a transaction, as TypeORM's save() takes one. */
  async function transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('START TRANSACTION');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  const machineById = async (id: string | undefined) =>
    (await pool.query<Row>(MACHINE_BY_ID, [id])).rows[0] as Row | undefined;

  const app = Fastify({ bodyLimit: 10 * 1024 * 1024 });

  app.get('/health/ready', async () => {
    await pool.query('SELECT 1');
    return { status: 'ok' };
  });

  app.get(`${API_PREFIX}/metrics/trend`, async (request: FastifyRequest<{ Querystring: Query }>, reply) => {
    const { machine_id: machineId, model_type: modelType } = request.query;
    const days = Number(request.query.days ?? 30);
    const machine = await machineById(machineId);
    if (!machine) return problem(reply, 404, `machine ${machineId} not found`);
    const since = new Date(Date.now() - days * DAY_MS);
    const { rows } = await pool.query<Row>(TREND_ROWS, [machineId, modelType, since]);
    if (rows.length === 0) return problem(reply, 404, `no ${modelType} metrics of machine ${machineId}`);
    const metric = (row: Row, column: string) => row[`m_${column}`];
    const origin = (metric(rows[0], 'evaluation_end') as Date).getTime();
    const result = trend.performanceTrend(
      rows.map((row) => ({
        day: ((metric(row, 'evaluation_end') as Date).getTime() - origin) / DAY_MS,
        // numeric columns (the predecessor's DECIMALs) arrive as strings from a plain pg pool
        r_squared: numberOrNull(metric(row, 'r_squared')),
        cv_rmse: numberOrNull(metric(row, 'cv_rmse')),
      })),
    );
    const shown = METRIC_COLUMNS.filter(
      (column) => !['id', 'metrics', 'metadata', 'created_at', 'created_by'].includes(column),
    );
    return {
      model_type: modelType,
      machine_id: machineId,
      machine_name: machine.name,
      metrics: rows.map((row) => ({
        metric_id: metric(row, 'id'),
        ...Object.fromEntries(shown.map((column) => [column, metric(row, column)])),
      })),
      trend_direction: result.trend_direction,
      degradation_rate: result.degradation_rate,
      trend_basis: result.basis,
    };
  });

  app.get(`${API_PREFIX}/alerts/active`, async (request: FastifyRequest<{ Querystring: Query }>) => {
    const { text, values } = activeAlerts(request.query);
    return (await pool.query<Row>(text, values)).rows;
  });

  app.post(
    `${API_PREFIX}/metrics/record`,
    async (request: FastifyRequest<{ Querystring: Query; Body: Record<string, number> }>, reply) => {
      const query = request.query;
      const values = request.body;
      const machine = await machineById(query.machine_id);
      if (!machine) return problem(reply, 404, `machine ${query.machine_id} not found`);
      const version = (await pool.query<Row>(VERSION_BY_ID, [query.model_id])).rows[0];
      if (!version) return problem(reply, 404, `model ${query.model_id} not found`);
      const spec = version.hyperparameters as { interval?: string; energy_type?: string };
      const start = new Date(query.evaluation_start!);
      const end = new Date(query.evaluation_end!);
      const { rows } = await pool.query<{ n: number; spacing: number | null }>(READING_COUNT, [
        machine.id,
        start,
        end,
        spec.energy_type ?? 'electricity',
      ]);
      const sampleCount = rows[0].n;
      const spacing = rows[0].spacing ?? (machine.data_interval_seconds as number);
      const expected = Math.max(1, Math.floor((end.getTime() - start.getTime()) / 1000 / spacing));
      const current = {
        r_squared: pick(values, 'r_squared', 'r2'),
        rmse: pick(values, 'rmse'),
        cv_rmse_pct: pick(values, 'cv_rmse', 'cv_rmse_pct'),
        nmbe_pct: pick(values, 'nmbe', 'nmbe_pct'),
      };
      const modelType = version.model_type as string;
      const result = drift.runDriftTests({
        interval: spec.interval ?? 'hour',
        validation_metrics: version.validation_metrics,
        current_metrics: current,
        error_metric: modelType === 'baseline' ? 'cv_rmse_pct' : 'rmse',
        drivers: [],
        thresholds: drift.DEFAULT_DRIFT_THRESHOLDS,
      });
      const completeness = Math.min(1, sampleCount / expected);
      const [row] = (
        await pool.query<Row>(INSERT_METRIC, [
          version.id,
          modelType,
          machine.id,
          version.version,
          start,
          end,
          sampleCount,
          JSON.stringify(values),
          current.r_squared,
          current.rmse,
          pick(values, 'mae'),
          pick(values, 'mape'),
          current.cv_rmse_pct,
          current.nmbe_pct,
          result.drift_detected,
          result.drift_score,
          result.threshold,
          completeness,
          'external',
          'api',
          JSON.stringify({ drift_type: result.drift_type, tests: result.tests }),
        ])
      ).rows;
      return {
        metric_id: row.id,
        drift_detected: result.drift_detected,
        drift_score: result.drift_score,
        recommendation: result.recommendation,
        drift_type: result.drift_type,
        sample_count: sampleCount,
        data_completeness: completeness,
        tests: result.tests,
      };
    },
  );

  app.post(
    `${API_PREFIX}/retrain/trigger`,
    async (request: FastifyRequest<{ Querystring: Query }>, reply) => {
      const { machine_id: machineId, model_type: modelType } = request.query;
      const triggerType = request.query.trigger_type ?? 'manual';
      if (!(await machineById(machineId))) return problem(reply, 404, `machine ${machineId} not found`);
      const reason = request.query.reason ?? `${triggerType} retraining`;
      // The bench triggers only machines with a job in flight: the insert returns no row.
      const [job] = await transaction(
        async (client) =>
          (
            await client.query<Row>(INSERT_PENDING_JOB, [
              machineId,
              modelType,
              triggerType,
              'api',
              reason,
              10,
              JSON.stringify({}),
            ])
          ).rows,
      );
      if (job) return { triggered: true, trigger_type: triggerType, reason, training_job_id: job.id };
      return {
        triggered: false,
        trigger_type: triggerType,
        reason: 'Training already in progress',
        training_job_id: null,
        estimated_completion: null,
      };
    },
  );

  // The service's audit trail: one row per POST, written after the response (AuditService).
  app.addHook('onResponse', (request, reply, done) => {
    if (request.method === 'POST') {
      const path = request.url.split('?')[0];
      const query = request.query as Query;
      const target = Object.fromEntries(
        ['machine_id', 'model_id'].filter((name) => query[name]).map((name) => [name, query[name]]),
      );
      pool
        .query(INSERT_AUDIT, [
          'anonymous',
          'admin',
          'POST',
          path,
          `POST ${path.slice(API_PREFIX.length)}`,
          JSON.stringify(target),
          reply.statusCode,
          request.ip,
          randomUUID(),
          JSON.stringify({ query }),
        ])
        .catch((error: unknown) => request.log.error({ err: error }, 'audit entry NOT written'));
    }
    done();
  });

  const shutdown = () => void app.close().then(() => pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  await app.listen({ port: Number(required('PORT')), host: process.env.HOST ?? '127.0.0.1' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
