/**
 * Issue 12: the service takes the predecessor's place inside a running EnMS database. On each
 * fixture state (the EnMS's base schema; plus the predecessor's tables, views and rows) a real
 * service process starts with DATABASE_URL pointing at it, and:
 * - it is ready within 60 s; every EnMS and predecessor row is still there, unchanged (only the
 *   stuck job may change); the EnMS's tables keep their columns and can still be written by the EnMS;
 * - the predecessor's columns and view columns are kept; its stuck job is cleaned at startup;
 *   trend, active alerts and A/B results show its rows;
 * - a baseline trains on the readings as the EnMS writes them (15-minute spacing under a configured
 *   data_interval_seconds of 10);
 * - all 41 statements of the predecessor's SQL run on the adopted schema (rolled back);
 * - a second start changes nothing: schema, migrations and rows.
 * The scheduler is off (a cron firing during the test would make "nothing changed" a race); the
 * startup cleanup does not depend on it.
 */
import { Client } from 'pg';
import { API_PREFIX } from '../../src/common/api-prefix';
import { ENMS_SOURCE_TABLES, ENMS_TABLES } from '../support/enms-base-schema';
import {
  AB_TEST_NAME,
  buildEnmsDatabase,
  byTable,
  ColumnsByTable,
  diffSnapshots,
  EnmsFixture,
  EnmsState,
  IDS,
  PREDECESSOR_METRIC_IDS,
  publishedPredecessorColumns,
  RowSnapshot,
  snapshotEnmsRows,
  withClient,
} from '../support/enms-fixture';
import { PREDECESSOR_TABLES, PREDECESSOR_VIEWS } from '../support/enms-predecessor-schema';
import { ENMS_BASELINE_V2, SET_FIXTURE_NOW } from '../support/enms-rows';
import { ENMS_WRITES } from '../support/enms-writes';
import { freshDatabase } from '../support/fresh-database';
import { requestJson } from '../support/http-json';
import { runPredecessorStatements } from '../support/predecessor-sql';
import {
  columnsOf,
  normalizedDefault,
  schemaShape,
  typeCategories,
  typeFamily,
} from '../support/schema-shape';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait';

const API = `/${API_PREFIX}`;
const READY_WITHIN_MS = 60_000;
/** The seed factory's timezone (06-seed-data.sql), which its machines take. */
const FACTORY_TIMEZONE = 'America/Los_Angeles';

const PREDECESSOR_CONTEXT = {
  machineId: IDS.machine,
  modelId: IDS.baselineV1,
  modelBId: IDS.baselineV2,
  abTestId: IDS.abTest,
  stuckJobId: IDS.stuckJob,
};

describe("the predecessor's SQL on its own schema (the fixture before any adoption)", () => {
  it("runs all 41 statements: they are the predecessor's, not ones that would fail anyway", async () => {
    const database = await freshDatabase('enms_sql');
    try {
      await buildEnmsDatabase(database.url, 'with-predecessor');
      const outcomes = await withClient(database.url, (client) =>
        runPredecessorStatements(client, { ...PREDECESSOR_CONTEXT, now: new Date() }),
      );
      expect(outcomes).toHaveLength(41);
      expect(outcomes.filter((outcome) => outcome.error)).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});

describe.each<EnmsState>(['base', 'with-predecessor'])('adoption of an EnMS database (%s)', (state) => {
  const withPredecessor = state === 'with-predecessor';
  let database: { url: string; drop: () => Promise<void> };
  let fixture: EnmsFixture;
  let published: ColumnsByTable;
  let categories: Record<string, string>;
  let rowsBefore: RowSnapshot;
  let service: ServiceProcess | undefined;
  let readyAfterMs: number;

  const start = async () => {
    const startedAt = Date.now();
    const started = await startServiceProcess(
      { DATABASE_URL: database.url, SCHEDULER_ENABLED: 'false' },
      { readyTimeoutMs: READY_WITHIN_MS },
    );
    readyAfterMs = Date.now() - startedAt;
    return started;
  };
  const sql = <T extends object = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    withClient(database.url, async (client) => (await client.query<T>(text, params)).rows);
  const api = (path: string, init?: RequestInit) => requestJson(`${service!.url}${API}${path}`, init);

  beforeAll(async () => {
    database = await freshDatabase(withPredecessor ? 'enms_pred' : 'enms_base');
    fixture = await buildEnmsDatabase(database.url, state);
    published = await publishedPredecessorColumns(database.url);
    categories = await withClient(database.url, typeCategories);
    rowsBefore = await snapshotEnmsRows(database.url, fixture.tables);
    service = await start();
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await database?.drop();
  });

  it('is ready within 60 s of start', async () => {
    expect(readyAfterMs).toBeLessThan(READY_WITHIN_MS);
    expect((await fetch(`${service!.url}/health/ready`)).status).toBe(200);
  });

  it(`keeps every EnMS${withPredecessor ? ' and predecessor' : ''} row, unchanged (only the stuck job may change)`, async () => {
    const rowsAfter = await snapshotEnmsRows(database.url, fixture.tables);
    expect(diffSnapshots(rowsBefore, rowsAfter, { model_training_history: [IDS.stuckJob] })).toEqual([]);
  });

  it("keeps the EnMS's tables and views as they were (source tables may only gain columns)", async () => {
    const now = byTable(await withClient(database.url, (client) => columnsOf(client)));
    const problems: string[] = [];
    for (const [table, columns] of Object.entries({ ...fixture.views, ...fixture.tables })) {
      if (table in PREDECESSOR_TABLES || (PREDECESSOR_VIEWS as readonly string[]).includes(table)) continue;
      const current = new Map((now[table] ?? []).map((column) => [column.column, column]));
      if (current.size === 0) {
        problems.push(`${table}: gone`);
        continue;
      }
      for (const column of columns) {
        const kept = current.get(column.column);
        const { position: _p, ...was } = column;
        const { position: _q, ...is } = kept ?? column;
        if (!kept) problems.push(`${table}.${column.column}: gone`);
        else if (JSON.stringify(was) !== JSON.stringify(is))
          problems.push(`${table}.${column.column}: was ${JSON.stringify(was)}, is ${JSON.stringify(is)}`);
      }
      const mayGrow = (ENMS_SOURCE_TABLES as readonly string[]).includes(table);
      const added = [...current.keys()].filter((name) => !columns.some((column) => column.column === name));
      if (added.length > 0 && !mayGrow && table in ENMS_TABLES)
        problems.push(`${table}: columns added: ${added.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  it(`has the predecessor's columns with their type families${withPredecessor ? ', defaults and nullability' : ''}, and its view columns first, in order`, async () => {
    const now = byTable(await withClient(database.url, (client) => columnsOf(client)));
    const problems: string[] = [];
    for (const [relation, columns] of Object.entries(published)) {
      const current = now[relation] ?? [];
      if (current.length === 0) {
        problems.push(`${relation}: missing`);
        continue;
      }
      const isView = (PREDECESSOR_VIEWS as readonly string[]).includes(relation);
      if (isView) {
        const prefix = current.slice(0, columns.length).map((column) => column.column);
        if (JSON.stringify(prefix) !== JSON.stringify(columns.map((column) => column.column)))
          problems.push(
            `${relation}: columns ${prefix.join(', ')} instead of ${columns.map((column) => column.column).join(', ')}`,
          );
      }
      for (const column of columns) {
        const kept = current.find((candidate) => candidate.column === column.column);
        if (!kept) {
          problems.push(`${relation}.${column.column}: missing`);
          continue;
        }
        if (typeFamily(kept, categories) !== typeFamily(column, categories))
          problems.push(`${relation}.${column.column}: type ${kept.udt_name} instead of ${column.udt_name}`);
        if (!withPredecessor || isView) continue;
        if (kept.nullable !== column.nullable)
          problems.push(
            `${relation}.${column.column}: ${kept.nullable ? 'nullable' : 'NOT NULL'}, was the opposite`,
          );
        if (normalizedDefault(kept.default) !== normalizedDefault(column.default))
          problems.push(`${relation}.${column.column}: default ${kept.default} instead of ${column.default}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets the EnMS write into its own tables as it does (rolled back)', async () => {
    const problems = await withClient(database.url, async (client) => {
      const found: string[] = [];
      await client.query('BEGIN');
      try {
        for (const write of ENMS_WRITES) {
          await client.query('SAVEPOINT enms_write');
          try {
            const { rows } = await client.query(write.sql, write.params);
            const type = (rows[0] as { energy_type?: string } | undefined)?.energy_type;
            if (type !== undefined && type !== 'electrical') found.push(`${write.name}: energy_type ${type}`);
            await client.query('RELEASE SAVEPOINT enms_write');
          } catch (error) {
            await client.query('ROLLBACK TO SAVEPOINT enms_write');
            found.push(`${write.name}: ${(error as Error).message}`);
          }
        }
      } finally {
        await client.query('ROLLBACK');
      }
      return found;
    });
    expect(problems).toEqual([]);
  });

  if (withPredecessor) {
    it('cleaned the stuck running job at startup', async () => {
      const [job] = await sql<{ training_status: string }>(
        'SELECT training_status FROM model_training_history WHERE id = $1',
        [IDS.stuckJob],
      );
      expect(job?.training_status).toBeDefined();
      expect(['pending', 'running']).not.toContain(job.training_status);
    });

    it("GET /metrics/trend shows the predecessor's metrics rows of the last 30 days", async () => {
      const { status, body } = await api(
        `/metrics/trend?model_type=baseline&machine_id=${IDS.machine}&days=30`,
      );
      expect(status).toBe(200);
      const ids = (body?.metrics ?? []).map((metric: { id?: string }) => metric.id);
      const expected = [
        ...PREDECESSOR_METRIC_IDS.mockTraining,
        ...PREDECESSOR_METRIC_IDS.recordedV1,
        ...PREDECESSOR_METRIC_IDS.recordedV2,
      ];
      expect(ids).toEqual(expect.arrayContaining(expected));
    });

    it("GET /alerts/active shows the predecessor's open alert and not its resolved one", async () => {
      const { status, body } = await api(`/alerts/active?machine_id=${IDS.machine}&model_type=baseline`);
      expect(status).toBe(200);
      const ids = (Array.isArray(body) ? body : []).map((alert: { id: string }) => alert.id);
      expect(ids).toContain(IDS.openAlert);
      expect(ids).not.toContain(IDS.resolvedAlert);
    });

    it("GET /ab-test/{id}/results shows the predecessor's running test with both models' metrics", async () => {
      const { status, body } = await api(`/ab-test/${IDS.abTest}/results`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        test_id: IDS.abTest,
        test_name: AB_TEST_NAME,
        model_a_version: 1,
        model_b_version: 2,
      });
      expect(body.model_a_metrics?.sample_count).toBeGreaterThanOrEqual(1);
      expect(body.model_b_metrics?.sample_count).toBeGreaterThanOrEqual(1);
    });
  }

  it("trains a baseline on the readings written the EnMS's way, numbered after the versions that exist", async () => {
    const trigger = await api(`/retrain/trigger?model_type=baseline&machine_id=${IDS.machine}`, {
      method: 'POST',
    });
    expect(trigger).toMatchObject({ status: 200, body: { triggered: true } });
    const job = await waitFor(
      'the baseline job to finish',
      async () => {
        const { body } = await api(`/training/jobs/${trigger.body.training_job_id}`);
        return ['completed', 'failed', 'cancelled'].includes(body?.training_status) ? body : undefined;
      },
      120_000,
    );
    expect({ status: job.training_status, error: job.error_message ?? null }).toEqual({
      status: 'completed',
      error: null,
    });
    const [row] = await sql<{ model_version: number }>(
      'SELECT model_version FROM model_training_history WHERE id = $1',
      [trigger.body.training_job_id],
    );
    expect(row.model_version).toBeGreaterThan(withPredecessor ? 2 : 1);
  }, 180_000);

  it("prices savings at the factory's EnMS tariffs: peak and off-peak by local hour and weekday, weekend daytime unpriced", async () => {
    const { body: machine } = await api(`/machines/${IDS.machine}`);
    const end = new Date(new Date(machine.data.energy.last).getTime() + 1);
    const start = new Date(end.getTime() - 14 * 86_400_000);
    const window = `start=${start.toISOString()}&end=${end.toISOString()}`;
    const served = await api(`/predictions?machine_id=${IDS.machine}&model_type=baseline&${window}`);
    expect(served.status).toBe(200);
    // 06-seed-data.sql: peak 0.25 USD on weekdays 09-21, off-peak 0.10 USD 21-09 every day.
    const rate = (local: string): number | null => {
      const weekday = new Date(`${local.slice(0, 10)}T00:00:00Z`).getUTCDay();
      const hourly = (hour: number) =>
        hour >= 21 || hour < 9 ? 0.1 : weekday >= 1 && weekday <= 5 ? 0.25 : null;
      if (local.length > 10) return hourly(Number(local.slice(11, 13)));
      const day = Array.from({ length: 24 }, (_, hour) => hourly(hour));
      return day.includes(null) ? null : (day as number[]).reduce((a, b) => a + b, 0) / 24;
    };
    let avoidedCost = 0;
    let unpriced = 0;
    for (const row of served.body.predictions as {
      local_time: string;
      expected_kwh: number | null;
      actual_kwh: number;
    }[]) {
      if (row.expected_kwh === null) continue;
      const price = rate(row.local_time);
      if (price === null) unpriced++;
      else avoidedCost += price * (row.expected_kwh - row.actual_kwh);
    }
    const savings = await api(
      `/savings?machine_id=${IDS.machine}&model_id=${served.body.model_id}&reporting_start=${start.toISOString()}&reporting_end=${end.toISOString()}`,
    );
    expect(savings.status).toBe(200);
    expect(savings.body.cost).toEqual({
      source: 'energy_tariffs',
      tariffs: ['Off-Peak Rate', 'Peak Hours Rate'],
      currency: 'USD',
      unpriced_intervals: unpriced,
      unpriced_metered_kwh: expect.any(Number),
      reason: null,
    });
    expect(unpriced).toBeGreaterThan(0);
    expect(savings.body.totals.avoided_cost).toBeCloseTo(avoidedCost, 6);
  });

  it('POST /machines answers 400 naming what an EnMS machine lacks, and writes a valid one when given it', async () => {
    const post = (machine: object) =>
      api('/machines', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(machine),
      });
    const missing = await post({ name: `Compressor-2-${state}`, type: 'compressor' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'factory_id',
      'rated_power_kw',
    ]);
    const badType = await post({
      name: `Compressor-3-${state}`,
      type: 'generic',
      factory_id: IDS.factory,
      rated_power_kw: 55,
    });
    expect(badType.status).toBe(400);
    expect(badType.body.errors[0]).toMatchObject({
      field: 'type',
      message: expect.stringMatching(/compressor/),
    });
    const created = await post({
      name: `Compressor-2-${state}`,
      type: 'compressor',
      factory_id: IDS.factory,
      rated_power_kw: 55,
      data_interval_seconds: 10,
    });
    expect(created.status).toBe(201);
    expect(created.body.timezone).toBe(FACTORY_TIMEZONE);
    const [machine] = await sql<{ factory_id: string; type: string; rated_power_kw: number }>(
      'SELECT factory_id, type::text, rated_power_kw::float8 AS rated_power_kw FROM machines WHERE id = $1',
      [created.body.id],
    );
    expect(machine).toEqual({ factory_id: IDS.factory, type: 'compressor', rated_power_kw: 55 });
  });

  it("ingests readings the EnMS's energy_readings accepts: its default energy type, and 400 naming power_kw when absent", async () => {
    const ingest = (readings: object[]) =>
      api(`/machines/${IDS.machine}/readings/energy`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ readings }),
      });
    const time = '2030-01-01T00:00:00Z';
    const withoutPower = await ingest([{ time, energy_kwh: 1.5 }]);
    expect(withoutPower.status).toBe(400);
    expect(withoutPower.body).toMatchObject({
      code: 'INGEST.MISSING_VALUE',
      errors: [{ field: 'power_kw' }],
    });
    const accepted = await ingest([{ time, energy_kwh: 1.5, power_kw: 6 }]);
    expect(accepted.status).toBe(200);
    const stored = await sql<{ energy_type: string }>(
      'SELECT energy_type FROM energy_readings WHERE machine_id = $1 AND time = $2',
      [IDS.machine, time],
    );
    expect(stored).toEqual([{ energy_type: 'electrical' }]);
    await sql('DELETE FROM energy_readings WHERE machine_id = $1 AND time = $2', [IDS.machine, time]);
  });

  it("runs every statement of the predecessor's router, scheduler and Grafana panels (rolled back)", async () => {
    const outcomes = await withClient(database.url, (client) =>
      runPredecessorStatements(
        client,
        { ...PREDECESSOR_CONTEXT, now: new Date() },
        // The EnMS's baseline service trains v2 after adoption on the base state.
        { setup: withPredecessor ? [] : [SET_FIXTURE_NOW, ENMS_BASELINE_V2] },
      ),
    );
    expect(outcomes).toHaveLength(41);
    expect(
      outcomes.filter((outcome) => outcome.error).map((outcome) => `${outcome.name}: ${outcome.error}`),
    ).toEqual([]);
  });

  it('changes nothing on a second start: schema, migrations and rows', async () => {
    await service?.stop();
    service = undefined;
    const read = async () => {
      const current = byTable(
        await withClient(database.url, (client) => columnsOf(client, Object.keys(fixture.tables))),
      );
      return withClient(database.url, async (client: Client) => ({
        shape: await schemaShape(client),
        migrations: (await client.query('SELECT * FROM mps_schema_migrations ORDER BY id')).rows,
        rows: await snapshotEnmsRows(database.url, current),
      }));
    };
    const before = await read();
    service = await start();
    expect(readyAfterMs).toBeLessThan(READY_WITHIN_MS);
    await service.stop();
    service = undefined;
    const after = await read();
    expect(after.shape).toEqual(before.shape);
    expect(after.migrations).toEqual(before.migrations);
    expect(diffSnapshots(before.rows, after.rows)).toEqual([]);
  });
});
