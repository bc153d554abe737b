import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { freshDatabase } from '../support/fresh-database';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JobEvent, TrainingEvents } from '../../src/training/training-events';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { waitFor } from '../support/wait';

const regression = JSON.parse(readFileSync(join(__dirname, '..', 'reference', 'regression.json'), 'utf8'));
const gasHdd = regression.cases.find((c: { name: string }) => c.name === 'b40_daily_gas_hdd');

const relativelyClose = (actual: number, expected: number, tolerance = 1e-6) =>
  Math.abs(actual - expected) <= Math.abs(expected) * tolerance + 1e-9;

describe('training: real models through the queue', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let worker: ServiceProcess;
  let ids: DemoIds;
  const savedEnv = { ...process.env };

  const trigger = (machineId: string, modelType: string, body?: object) =>
    app.inject({
      method: 'POST',
      url: `${API}/retrain/trigger?model_type=${modelType}&machine_id=${machineId}`,
      payload: body ?? {},
    });
  const job = async (id: string) =>
    (await app.inject({ method: 'GET', url: `${API}/training/jobs/${id}` })).json();
  const finished = (id: string, timeoutMs = 90_000) =>
    waitFor(
      `job ${id} to finish`,
      async () => {
        const current = await job(id);
        return ['completed', 'failed', 'cancelled'].includes(current.training_status) ? current : undefined;
      },
      timeoutMs,
    );

  // Fits run in a worker process, as in production. (Inside jest's module sandbox piscina never
  // replaces a thread it terminated for an aborted fit, so an in-process worker stalls after a cancel.)
  beforeAll(async () => {
    process.env.APP_ROLE = 'api';
    // A database of its own: versions trained by other suites on the same input would be reused here.
    database = await freshDatabase('training');
    app = await createTestApp(database.url);
    ids = await ensureDemoData(app);
    worker = await startServiceProcess({ APP_ROLE: 'worker', DATABASE_URL: database.url });
  });
  afterAll(async () => {
    expect(await worker.stop('SIGTERM')).toBe(0);
    await app.close();
    await database.drop();
    process.env = savedEnv;
  });

  it('reproduces the statsmodels b40 daily gas ~ HDD baseline with a pinned spec (fit and 2015 holdout, 1e-6)', async () => {
    const response = await trigger(ids.b40Gas, 'baseline', {
      hyperparameters: {
        interval: 'day',
        features: ['hdd_15_5'],
        training_start: '2013-01-01',
        training_end: '2014-12-31',
        validation_start: '2015-01-01',
        validation_end: '2015-12-31',
      },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      triggered: true,
      trigger_type: 'manual',
      training_job_id: expect.any(String),
    });
    expect(Date.parse(body.estimated_completion)).toBeGreaterThan(Date.now() - 1000);
    const done = await finished(body.training_job_id);
    expect(done.training_status).toBe('completed');
    expect(done.training_samples).toBe(730);

    const fit = done.training_metrics;
    const expectedFit = gasHdd.expected_fit;
    for (const key of ['r_squared', 'adj_r_squared', 'rmse', 'mae', 'mape', 'cv_rmse_pct', 'f_statistic']) {
      expect({ key, ok: relativelyClose(fit[key], expectedFit[key]) }).toEqual({ key, ok: true });
    }
    const version = (await app.inject({ method: 'GET', url: `${API}/models/${done.model_id}` })).json();
    expect(relativelyClose(version.parameters.intercept, expectedFit.intercept)).toBe(true);
    expect(relativelyClose(version.parameters.coefficients[0], expectedFit.coefficients[0])).toBe(true);

    const holdout = done.validation_metrics;
    for (const key of ['r_squared', 'rmse', 'mae', 'mape', 'cv_rmse_pct', 'nmbe_pct']) {
      expect({ key, ok: relativelyClose(holdout[key], gasHdd.expected_test[key]) }).toEqual({
        key,
        ok: true,
      });
    }
    expect(holdout.n).toBe(365);
  });

  it('creates exactly one job for 50 concurrent triggers; the others answer "Training already in progress"', async () => {
    // The worker is paused so the accepted job is still in flight when the last trigger arrives.
    worker.child.kill('SIGSTOP');
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => trigger(ids.b40Electricity, 'anomaly')),
    ).finally(() => worker.child.kill('SIGCONT'));
    const bodies = responses.map((response) => response.json());
    const accepted = bodies.filter((body) => body.triggered);
    expect(accepted).toHaveLength(1);
    expect(bodies.filter((body) => !body.triggered)).toEqual(
      Array.from({ length: 49 }, () => ({
        triggered: false,
        trigger_type: 'manual',
        reason: 'Training already in progress',
        training_job_id: null,
        estimated_completion: null,
      })),
    );
    await finished(accepted[0].training_job_id);
  });

  it.each([
    ['baseline', 'steel'],
    ['baseline', 'b40Electricity'],
    ['anomaly', 'steel'],
    ['anomaly', 'b40Gas'],
    ['forecast_arima', 'steel'],
    ['forecast_arima', 'b40Electricity'],
    ['forecast_arima', 'b40Gas'],
    ['forecast_prophet', 'steel'],
    ['forecast_prophet', 'b40Electricity'],
    ['forecast_prophet', 'b40Gas'],
  ] as const)(
    'trains %s on %s with default spec to completed, with holdout metrics recorded',
    async (modelType, machine) => {
      const { training_job_id: jobId } = (await trigger(ids[machine], modelType)).json();
      const done = await finished(jobId);
      expect({ status: done.training_status, error: done.error_message }).toEqual({
        status: 'completed',
        error: null,
      });
      expect(done.hyperparameters.training_end).toBeDefined();
      if (modelType.startsWith('forecast')) {
        expect(done.validation_metrics).toMatchObject({
          rmse: expect.any(Number),
          mae: expect.any(Number),
          mase: expect.any(Number),
          seasonal_naive_rmse: expect.any(Number),
          seasonal_naive_mae: expect.any(Number),
        });
      } else if (modelType === 'baseline') {
        expect(done.validation_metrics).toMatchObject({
          cv_rmse_pct: expect.any(Number),
          nmbe_pct: expect.any(Number),
          guideline14: expect.any(Object),
        });
      } else {
        expect(done.validation_metrics).toMatchObject({
          n: expect.any(Number),
          anomaly_rate_pct: expect.any(Number),
        });
      }
      const metrics = await app.inject({
        method: 'GET',
        url: `${API}/models?machine_id=${ids[machine]}&model_type=${modelType}`,
      });
      expect(metrics.json().items[0]).toMatchObject({ id: done.model_id, training_job_id: jobId });
    },
  );

  it('cancels a pending job at once', async () => {
    const { training_job_id: jobId } = (
      await trigger(ids.steel, 'forecast_arima', { hyperparameters: { horizon: 48 } })
    ).json();
    const cancelled = (
      await app.inject({ method: 'POST', url: `${API}/training/jobs/${jobId}/cancel` })
    ).json();
    const done = await finished(jobId);
    expect(['cancelled', 'completed']).toContain(
      cancelled.training_status === 'pending' ? 'cancelled' : done.training_status,
    );
    expect(done.training_status).toBe('cancelled');
  });

  it('cancels a running job at once (the request is announced to the worker); nothing is written', async () => {
    const announced: JobEvent[] = [];
    const listening = app
      .get(TrainingEvents)
      .stream()
      .subscribe(({ data }) => announced.push(data));
    try {
      // A spec no earlier test fitted: the same input would reuse that version instead of fitting.
      const { training_job_id: jobId } = (
        await trigger(ids.steel, 'forecast_arima', { hyperparameters: { horizon: 36 } })
      ).json();
      await waitFor('the job to run', async () =>
        (await job(jobId)).training_status === 'running' ? true : undefined,
      );
      const asked = Date.now();
      await app.inject({ method: 'POST', url: `${API}/training/jobs/${jobId}/cancel` });
      const done = await finished(jobId);
      expect(done).toMatchObject({ training_status: 'cancelled', model_id: null });
      expect(Date.now() - asked).toBeLessThan(8000);
      expect(announced.find((event) => event.id === jobId && event.cancel_requested)).toMatchObject({
        training_status: 'running',
      });
    } finally {
      listening.unsubscribe();
    }
  });

  it('rolls back: activating an older version makes it the only active one and records the history', async () => {
    const first = await finished(
      (
        await trigger(ids.b40Electricity, 'baseline', {
          hyperparameters: {
            interval: 'day',
            features: ['hdd_15_5', 'cdd_18', 'weekend'],
            training_start: '2014-01-01',
            training_end: '2014-12-31',
          },
        })
      ).json().training_job_id,
    );
    const second = await finished(
      (
        await trigger(ids.b40Electricity, 'baseline', {
          hyperparameters: { interval: 'day', features: ['weekend'] },
        })
      ).json().training_job_id,
    );
    expect([first.training_status, second.training_status]).toEqual(['completed', 'completed']);
    expect(second.model_version).toBe(first.model_version + 1);
    const rollback = await app.inject({
      method: 'POST',
      url: `${API}/models/${first.model_id}/activate`,
      payload: { reason: 'rollback test' },
    });
    expect(rollback.json()).toMatchObject({ id: first.model_id, status: 'active' });
    const versions = (
      await app.inject({
        method: 'GET',
        url: `${API}/models?machine_id=${ids.b40Electricity}&model_type=baseline&limit=100`,
      })
    ).json();
    expect(
      versions.items
        .filter((v: { status: string }) => v.status === 'active')
        .map((v: { id: string }) => v.id),
    ).toEqual([first.model_id]);
    const history = (
      await app.inject({
        method: 'GET',
        url: `${API}/models/history?machine_id=${ids.b40Electricity}&model_type=baseline`,
      })
    ).json();
    expect(history[0]).toMatchObject({
      model_id: first.model_id,
      reason: 'rollback test',
      deactivated_at: null,
    });
  });

  it('reuses the version a retrain without new data would clone (same data, same spec): no new version', async () => {
    const spec = {
      hyperparameters: {
        interval: 'day',
        features: ['hdd_15_5'],
        training_start: '2013-01-01',
        training_end: '2013-12-31',
      },
    };
    const versions = async () =>
      (
        await app.inject({
          method: 'GET',
          url: `${API}/models?machine_id=${ids.b40Gas}&model_type=baseline&limit=500`,
        })
      ).json().total as number;
    const first = await finished((await trigger(ids.b40Gas, 'baseline', spec)).json().training_job_id);
    expect(first.training_status).toBe('completed');
    const before = await versions();
    const again = await finished((await trigger(ids.b40Gas, 'baseline', spec)).json().training_job_id);
    expect(again).toMatchObject({
      training_status: 'completed',
      model_id: first.model_id,
      model_version: first.model_version,
      metadata: expect.objectContaining({
        reused_version: true,
        reason: expect.stringContaining(`v${first.model_version}`),
      }),
    });
    expect(await versions()).toBe(before);
    // Another spec is another model.
    const other = await finished(
      (
        await trigger(ids.b40Gas, 'baseline', { hyperparameters: { ...spec.hyperparameters, features: [] } })
      ).json().training_job_id,
    );
    expect(other.model_id).not.toBe(first.model_id);
    expect(await versions()).toBe(before + 1);
  });

  it('fails a job whose spec the data cannot support, with the reason recorded', async () => {
    const { training_job_id: jobId } = (
      await trigger(ids.b40Gas, 'baseline', {
        hyperparameters: {
          interval: 'day',
          features: ['cdd_18'],
          training_start: '2015-01-01',
          training_end: '2015-02-28',
        },
      })
    ).json();
    const done = await finished(jobId);
    expect(done.training_status).toBe('failed');
    expect(done.error_message).toMatch(/cdd_18/);
    expect(done.model_id).toBeNull();
  });

  it('refuses bad triggers with problem+json naming the field', async () => {
    const badType = await app.inject({
      method: 'POST',
      url: `${API}/retrain/trigger?model_type=magic&machine_id=${ids.b40Gas}`,
    });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().errors[0].field).toBe('model_type');
    const unknown = await app.inject({
      method: 'POST',
      url: `${API}/retrain/trigger?model_type=baseline&machine_id=00000000-0000-4000-8000-000000000000`,
    });
    expect(unknown.statusCode).toBe(404);
    const badFeature = await trigger(ids.b40Gas, 'baseline', { hyperparameters: { features: ['colour'] } });
    expect(badFeature.json()).toMatchObject({ status: 400, errors: [{ field: 'hyperparameters.features' }] });
  });
});
