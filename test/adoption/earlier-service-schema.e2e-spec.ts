/**
 * The third state the migrations adopt: a database of an earlier version of this service
 * (test/fixtures/earlier-service-database.sql, its schema and rows). The service starts on it; its
 * tables take the mps_ names, the predecessor's columns their names and types back
 * (model_alerts.threshold_value, severity of alert_level, feature_names text[]), every row is
 * still there and served, training continues the numbering, and a second start changes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_PREFIX } from '../../src/common/api-prefix';
import { withClient } from '../support/enms-fixture';
import { freshDatabase } from '../support/fresh-database';
import { requestJson } from '../support/http-json';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait';

const MACHINE = 'a0000000-0000-4000-8000-000000000001';
const VERSION = 'c1000000-0000-4000-8000-000000000001';
const ALERT = 'e0000000-0000-4000-8000-000000000001';

describe('adoption of a database of an earlier version of this service', () => {
  let database: { url: string; drop: () => Promise<void> };
  let service: ServiceProcess | undefined;
  const api = (path: string, init?: RequestInit) => requestJson(`${service!.url}/${API_PREFIX}${path}`, init);
  const start = () =>
    startServiceProcess(
      { DATABASE_URL: database.url, SCHEDULER_ENABLED: 'false' },
      { readyTimeoutMs: 60_000 },
    );

  beforeAll(async () => {
    database = await freshDatabase('earlier_service');
    const dump = readFileSync(join(__dirname, '..', 'fixtures', 'earlier-service-database.sql'), 'utf8');
    await withClient(database.url, (client) => client.query(dump));
    service = await start();
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await database.drop();
  });

  it('renames its own tables to the mps_ names and gives the predecessor its column names and types back', async () => {
    const shape = await withClient(database.url, async (client) => ({
      tables: (
        await client.query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
             AND table_name NOT IN ('machines', 'energy_readings', 'production_data', 'environmental_data') ORDER BY 1`,
        )
      ).rows.map((row: { table_name: string }) => row.table_name),
      columns: (
        await client.query(
          `SELECT table_name || '.' || column_name AS name, udt_name FROM information_schema.columns
            WHERE (table_name, column_name) IN (('model_alerts', 'threshold_value'), ('model_alerts', 'severity'),
                                                ('model_training_history', 'feature_names'), ('model_alerts', 'threshold_metric_value'))
            ORDER BY 1`,
        )
      ).rows,
    }));
    expect(shape.tables).toEqual([
      'model_ab_tests',
      'model_alerts',
      'model_performance_metrics',
      'model_training_history',
      'mps_alert_webhook_deliveries',
      'mps_anomalies',
      'mps_api_keys',
      'mps_audit_log',
      'mps_model_reference_samples',
      'mps_model_version_activations',
      'mps_model_versions',
      'mps_scheduler_items',
      'mps_scheduler_ticks',
      'mps_schema_migrations',
    ]);
    expect(shape.columns).toEqual([
      { name: 'model_alerts.severity', udt_name: 'alert_level' },
      // The earlier schema's double precision stays: it reads back as the same numbers.
      { name: 'model_alerts.threshold_value', udt_name: 'float8' },
      { name: 'model_training_history.feature_names', udt_name: '_text' },
    ]);
  });

  it('keeps every row and serves them: versions, trend, active alerts, the audit trail', async () => {
    const versions = await api(`/models?machine_id=${MACHINE}&model_type=baseline`);
    expect(versions.body.items).toEqual([
      expect.objectContaining({ id: VERSION, version: 1, status: 'active' }),
    ]);
    const trend = await api(`/metrics/trend?model_type=baseline&machine_id=${MACHINE}&days=30`);
    expect(trend.status).toBe(200);
    expect(trend.body.metrics).toEqual([
      expect.objectContaining({ id: 'd0000000-0000-4000-8000-000000000001', r_squared: 0.61, cv_rmse: 11.7 }),
    ]);
    const alerts = await api(`/alerts/active?machine_id=${MACHINE}`);
    expect(alerts.body).toEqual([expect.objectContaining({ id: ALERT, severity: 'critical' })]);
    const rows = await withClient(database.url, async (client) => ({
      alert: (
        await client.query(`SELECT threshold_value, origin FROM v_unresolved_model_alerts WHERE id = $1`, [
          ALERT,
        ])
      ).rows[0],
      job: (
        await client.query(`SELECT feature_names, origin FROM model_training_history WHERE model_id = $1`, [
          VERSION,
        ])
      ).rows[0],
      audit: (await client.query(`SELECT actor, outcome FROM mps_audit_log ORDER BY id LIMIT 1`)).rows[0],
      ticks: (await client.query(`SELECT count(*)::int AS n FROM mps_scheduler_ticks`)).rows[0].n,
      keys: (await client.query(`SELECT name FROM mps_api_keys`)).rows,
    }));
    expect(rows).toEqual({
      alert: { threshold_value: 0.5, origin: 'service' },
      job: { feature_names: ['hour_of_day', 'weekend'], origin: 'service' },
      audit: { actor: 'admin', outcome: 201 },
      ticks: 1,
      keys: [{ name: 'grafana' }],
    });
  });

  it('trains the next version after the ones it has, on the readings that arrived since', async () => {
    // Four more weeks of hourly readings, as a meter keeps sending them (the dump holds three days).
    await withClient(database.url, (client) =>
      client.query(
        `INSERT INTO energy_readings (time, machine_id, energy_type, energy_kwh)
         SELECT t, $1, 'electricity', 10 + extract(hour FROM t)::int % 5 + CASE WHEN extract(isodow FROM t) > 5 THEN 3 ELSE 0 END
           FROM generate_series('2026-10-04T00:00Z'::timestamptz, '2026-10-31T23:00Z', '1 hour') t`,
        [MACHINE],
      ),
    );
    const trigger = await api(`/retrain/trigger?model_type=baseline&machine_id=${MACHINE}`, {
      method: 'POST',
    });
    expect(trigger.body.triggered).toBe(true);
    const job = await waitFor(
      'the baseline job to finish',
      async () => {
        const { body } = await api(`/training/jobs/${trigger.body.training_job_id}`);
        return ['completed', 'failed'].includes(body?.training_status) ? body : undefined;
      },
      120_000,
    );
    expect({ status: job.training_status, version: job.model_version, error: job.error_message }).toEqual({
      status: 'completed',
      version: 2,
      error: null,
    });
  }, 150_000);

  it('changes nothing on a second start', async () => {
    const migrations = () =>
      withClient(
        database.url,
        async (client) => (await client.query('SELECT name FROM mps_schema_migrations ORDER BY id')).rows,
      );
    const before = await migrations();
    await service!.stop();
    service = await start();
    expect(await migrations()).toEqual(before);
  }, 120_000);
});
