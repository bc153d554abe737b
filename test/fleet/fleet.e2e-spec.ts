/**
 * GET /fleet on the demo data: one row per machine and model type, the active version with its
 * Guideline 14 verdict where there is one, the newest evaluation and drift verdict, and open alert
 * counts equal to what GET /alerts answers for the same machine and model type.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { freshDatabase } from '../support/fresh-database';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { trainingFinished } from '../support/training-jobs';

const MODEL_TYPES = ['baseline', 'anomaly', 'forecast_arima', 'forecast_prophet'];

describe('GET /fleet', () => {
  let app: NestFastifyApplication;
  let ids: DemoIds;
  let drop: () => Promise<void>;
  let modelId: string;

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url: `${API}${url}` });
    return { status: response.statusCode, body: response.json() };
  };

  beforeAll(async () => {
    const database = await freshDatabase('fleet');
    drop = database.drop;
    app = await createTestApp(database.url);
    ids = await ensureDemoData(app);
    const trigger = await app.inject({
      method: 'POST',
      url: `${API}/retrain/trigger?model_type=baseline&machine_id=${ids.b40Gas}`,
      payload: {
        hyperparameters: {
          interval: 'day',
          features: ['hdd_15_5'],
          training_start: '2013-01-01',
          training_end: '2014-12-31',
        },
      },
    });
    const job = await trainingFinished(app, trigger.json().training_job_id);
    expect({ status: job.training_status, error: job.error_message }).toEqual({
      status: 'completed',
      error: null,
    });
    modelId = job.model_id;
    // Evaluations store metrics rows with their drift verdict and raise the alerts counted below.
    for (const [start, end] of [
      ['2015-01-01', '2015-02-01'],
      ['2015-06-01', '2015-07-01'],
    ]) {
      const evaluated = await app.inject({
        method: 'POST',
        url: `${API}/metrics/evaluate?machine_id=${ids.b40Gas}&model_type=baseline&start=${start}T00:00:00Z&end=${end}T00:00:00Z`,
      });
      expect(evaluated.statusCode).toBeLessThan(300);
    }
  }, 300_000);
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('answers one row per machine and model type, each machine with its four model types', async () => {
    const machines = await get('/machines?limit=500');
    const { status, body } = await get('/fleet?limit=500');
    expect(status).toBe(200);
    expect(body.total).toBe(machines.body.total * MODEL_TYPES.length);
    expect(body.items).toHaveLength(body.total);
    const keys = body.items.map((row: any) => `${row.machine.id}/${row.model_type}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const machine of machines.body.items)
      expect(
        body.items.filter((row: any) => row.machine.id === machine.id).map((r: any) => r.model_type),
      ).toEqual(MODEL_TYPES);
  });

  it('shows the active version, its Guideline 14 verdict, the last evaluation and drift, and no version elsewhere', async () => {
    const { body } = await get('/fleet?limit=500');
    for (const row of body.items) {
      const versions = await get(`/models?machine_id=${row.machine.id}&model_type=${row.model_type}`);
      const active = versions.body.items.find((v: any) => v.status === 'active');
      if (!active) {
        expect(row.active_version).toBeNull();
        expect(row.guideline14).toBeNull();
        continue;
      }
      expect(row.active_version).toMatchObject({ id: active.id, version: active.version });
      expect(row.guideline14).toEqual(active.validation_metrics.guideline14);
    }
    const gas = body.items.find((row: any) => row.machine.id === ids.b40Gas && row.model_type === 'baseline');
    expect(gas.active_version.id).toBe(modelId);
    expect(gas.data_last).toMatch(/^2015-12-31/);
    expect(gas.last_evaluation).toMatchObject({
      source: 'evaluation',
      window: { start: '2015-06-01T00:00:00.000Z', end: '2015-07-01T00:00:00.000Z' },
      headline: { metric: 'cv_rmse' },
    });
    expect(gas.last_evaluation.headline.value).toBe(gas.last_evaluation.cv_rmse_pct);
    expect(typeof gas.drift.drift_detected).toBe('boolean');
  });

  it('counts the open alerts of each row as GET /alerts does', async () => {
    const { body } = await get('/fleet?limit=500');
    let open = 0;
    for (const row of body.items) {
      const alerts = await get(
        `/alerts?machine_id=${row.machine.id}&model_type=${row.model_type}&is_resolved=false&limit=1`,
      );
      expect(row.open_alerts).toBe(alerts.body.total);
      open += row.open_alerts;
    }
    expect(open).toBeGreaterThan(0);
  });

  it('pages over the rows', async () => {
    const all = (await get('/fleet?limit=500')).body;
    const page = (await get('/fleet?limit=5&offset=10')).body;
    expect(page).toMatchObject({ total: all.total, limit: 5, offset: 10 });
    expect(page.items).toEqual(all.items.slice(10, 15));
  });

  it.each(['limit=0', 'limit=501', 'limit=many', 'offset=-1'])(
    'refuses %s with a 400 naming the field',
    async (query) => {
      const response = await app.inject({ method: 'GET', url: `${API}/fleet?${query}` });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(query.split('=')[0]);
    },
  );
});
