/**
 * Scheduled work through the queue: the API replica (APP_ROLE=api) that takes a tick of a
 * fanned-out job only enqueues one item per model; a worker process takes them, records each
 * item's outcome and finishes the tick; a model whose evaluation fails is recorded failed (after
 * the retries when the error may pass, at once when it is a data problem) while the others
 * complete; the progress is on the admin endpoint and in Prometheus.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { freshDatabase } from '../support/fresh-database';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { runAndFinish, TickDetail, tickFinished } from '../support/scheduler-ticks';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { waitFor } from '../support/wait';

const MAX_ATTEMPTS = 3;

describe('scheduled work fanned out to the workers', () => {
  let api: NestFastifyApplication;
  let worker: ServiceProcess | undefined;
  let ids: DemoIds;
  let db: DataSource;
  let dropDatabase: () => Promise<void>;
  let databaseUrl: string;
  const saved = { ...process.env };
  const models: Record<'gasBaseline' | 'electricityBaseline' | 'electricityAnomaly', string> = {
    gasBaseline: '',
    electricityBaseline: '',
    electricityAnomaly: '',
  };

  const startWorker = () =>
    startServiceProcess({
      APP_ROLE: 'worker',
      SCHEDULER_ENABLED: 'false',
      DATABASE_URL: databaseUrl,
      SCHEDULED_WORK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      SCHEDULED_WORK_RETRY_DELAY_SECONDS: '1',
      // The models under test stay the active ones: no automatic retrain replaces them on drift.
      AUTO_RETRAIN: 'false',
    });
  const get = (url: string) => api.inject({ method: 'GET', url: `${API}${url}` });
  const train = async (modelType: string, machineId: string, hyperparameters: object) => {
    const trigger = await api.inject({
      method: 'POST',
      url: `${API}/retrain/trigger?model_type=${modelType}&machine_id=${machineId}`,
      payload: { hyperparameters },
    });
    const jobId = trigger.json().training_job_id as string;
    const done = await waitFor(
      `training job ${jobId}`,
      async () => {
        const job = (await get(`/training/jobs/${jobId}`)).json();
        return ['completed', 'failed', 'cancelled'].includes(job.training_status) ? job : undefined;
      },
      180_000,
    );
    expect(done).toMatchObject({ training_status: 'completed' });
    return done.model_id as string;
  };
  // Baselines fitted on early 2014, so that the daily evaluation has whole days to score after them.
  const early2014 = {
    interval: 'day',
    training_start: '2014-01-01',
    training_end: '2014-06-30',
    validation_start: '2014-07-01',
    validation_end: '2014-09-30',
  };

  beforeAll(async () => {
    const fresh = await freshDatabase('fanout');
    dropDatabase = fresh.drop;
    databaseUrl = fresh.url;
    // This process is the API replica: it takes no training job and no scheduled item. It batches
    // two items per queue message, so that three models make two messages.
    Object.assign(process.env, {
      APP_ROLE: 'api',
      SCHEDULER_ENABLED: 'false',
      SCHEDULED_WORK_BATCH_SIZE: '2',
    });
    api = await createTestApp(fresh.url);
    db = api.get(DataSource);
    ids = await ensureDemoData(api);
    worker = await startWorker();
    models.gasBaseline = await train('baseline', ids.b40Gas, { ...early2014, features: ['hdd_15_5'] });
    models.electricityBaseline = await train('baseline', ids.b40Electricity, early2014);
    models.electricityAnomaly = await train('anomaly', ids.b40Electricity, {});
    // The enqueue test starts without any worker at all.
    await worker.stop();
    worker = undefined;
  }, 600_000);
  afterAll(async () => {
    await worker?.stop();
    await api.close();
    process.env = saved;
    await dropDatabase();
  });

  it('the API replica only enqueues, one item per active model in batches; a worker process takes every item', async () => {
    const run = await api.inject({ method: 'POST', url: `${API}/admin/scheduler/daily_evaluation/run` });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({
      job: 'daily_evaluation',
      ran: true,
      outcome: { queued: 3 },
      progress: { items: 3, queued: 3, running: 0, done: 0, failed: 0, finished: false },
    });
    const tick = run.json().tick as string;
    const items = await db.query(
      `SELECT item, state, attempts FROM mps_scheduler_items WHERE job_name = 'daily_evaluation' AND tick = $1 ORDER BY item`,
      [tick],
    );
    expect(items).toEqual(
      Object.values(models)
        .sort()
        .map((item) => ({ item, state: 'queued', attempts: 0 })),
    );
    const messages: { items: string[] }[] = (
      await db.query(`SELECT data FROM pgboss.job WHERE name = 'scheduled-work' AND data->>'tick' = $1`, [
        tick,
      ])
    ).map((row: { data: { items: string[] } }) => row.data);
    expect(messages.map((message) => message.items.length).sort()).toEqual([1, 2]);
    expect(messages.flatMap((message) => message.items).sort()).toEqual(Object.values(models).sort());

    worker = await startWorker();
    const detail = await tickFinished(api, 'daily_evaluation', tick);
    expect(detail.progress).toEqual({ items: 3, queued: 0, running: 0, done: 3, failed: 0, finished: true });
    expect(detail.outcome).toMatchObject({ items: 3, done: 3, failed: 0 });
    // Both baselines had whole days after their training windows to be scored on.
    expect(detail.outcome!.evaluated).toBeGreaterThanOrEqual(2);
    expect(detail.finished_at).not.toBeNull();
    // Every item was taken by the worker process, none by this API replica.
    const takers = await db.query(
      `SELECT DISTINCT worker FROM mps_scheduler_items WHERE job_name = 'daily_evaluation' AND tick = $1`,
      [tick],
    );
    expect(takers).toEqual([{ worker: `${hostname()}:${worker.child.pid}` }]);
    const evaluations = await db.query(
      `SELECT model_id FROM model_performance_metrics WHERE created_by = 'scheduler' AND model_id = ANY ($1)`,
      [[models.gasBaseline, models.electricityBaseline]],
    );
    expect(new Set(evaluations.map((row: { model_id: string }) => row.model_id)).size).toBe(2);

    const listed = (await get('/admin/scheduler')).json();
    const evaluation = listed.find((entry: { job: string }) => entry.job === 'daily_evaluation');
    expect(evaluation).toMatchObject({ fanned_out: true });
    expect(evaluation.recent[0]).toMatchObject({ tick, progress: { items: 3, done: 3, finished: true } });
    expect(listed.find((entry: { job: string }) => entry.job === 'training_cleanup')).toMatchObject({
      fanned_out: false,
    });
  });

  it('records a failing model as failed (retried when the error may pass, at once for a data problem) while the others complete', async () => {
    // Two stored states the algorithms cannot use: one with its coefficients gone (a TypeError, not a
    // data problem the code foresaw: retried), one whose columns no longer match its spec (a RangeError:
    // a data problem, failed at once).
    await db.query(
      `UPDATE mps_model_versions SET parameters = parameters - 'coefficients' - 'spec' WHERE id = $1`,
      [models.gasBaseline],
    );
    await db.query(
      `UPDATE mps_model_versions SET parameters = jsonb_set(parameters, '{feature_names}', '["not_a_column"]') WHERE id = $1`,
      [models.electricityBaseline],
    );
    // Move the models' last evaluation back, so that this tick has whole days to score again.
    await db.query(`DELETE FROM model_performance_metrics WHERE created_by = 'scheduler'`);

    const detail: TickDetail = await runAndFinish(api, 'daily_evaluation', 90_000);
    expect(detail.progress).toEqual({ items: 3, queued: 0, running: 0, done: 1, failed: 2, finished: true });
    const failed = Object.fromEntries(detail.failed_items.map((item) => [item.item, item]));
    expect(failed[models.gasBaseline]).toMatchObject({ attempts: MAX_ATTEMPTS });
    expect(failed[models.gasBaseline].error).toMatch(/^TypeError: /);
    expect(failed[models.electricityBaseline]).toMatchObject({ attempts: 1 });
    expect(failed[models.electricityBaseline].error).toMatch(
      /^RangeError: stored baseline has columns \[not_a_column\]/,
    );
    expect(failed[models.electricityAnomaly]).toBeUndefined();

    const scrape = (await api.inject({ method: 'GET', url: '/metrics' })).body;
    expect(scrape).toContain('scheduler_tick_items{job="daily_evaluation",state="failed"} 2');
    expect(scrape).toContain('scheduler_tick_items{job="daily_evaluation",state="done"} 1');
    expect(scrape).toContain('scheduler_tick_items{job="daily_evaluation",state="queued"} 0');
    // The worker's own counter: the TypeError's two retries, then both failures.
    const workerScrape = await (await fetch(`${worker!.url}/metrics`)).text();
    expect(workerScrape).toContain('scheduler_items_total{job="daily_evaluation",result="retried"} 2');
    expect(workerScrape).toContain('scheduler_items_total{job="daily_evaluation",result="failed"} 2');
  });

  it('fans the anomaly detection out over the active anomaly models only', async () => {
    const detail = await runAndFinish(api, 'anomaly_detection');
    expect(detail.progress).toEqual({ items: 1, queued: 0, running: 0, done: 1, failed: 0, finished: true });
    const [item] = await db.query(
      `SELECT item FROM mps_scheduler_items WHERE job_name = 'anomaly_detection' AND tick = $1`,
      [detail.tick],
    );
    expect(item.item).toBe(models.electricityAnomaly);
  });

  it('fans the weekly retrain out over the active machines, each queuing a scheduled-priority training job', async () => {
    const detail = await runAndFinish(api, 'weekly_baseline_retrain');
    expect(detail.progress).toEqual({ items: 3, queued: 0, running: 0, done: 3, failed: 0, finished: true });
    expect(detail.outcome!.triggered + detail.outcome!.already_in_progress).toBe(3);
    const jobs = await db.query(
      `SELECT machine_id, trigger_type, priority FROM model_training_history
        WHERE triggered_by = 'scheduler' ORDER BY machine_id`,
    );
    expect(jobs).toEqual(
      [ids.steel, ids.b40Electricity, ids.b40Gas]
        .sort()
        .map((machine_id) => ({ machine_id, trigger_type: 'scheduled', priority: 0 })),
    );
  });

  it('answers 400 naming the tick for a bad one, 404 for a tick never taken or an unknown job', async () => {
    const bad = await get('/admin/scheduler/daily_evaluation/ticks/yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect(bad.json()).toMatchObject({ code: 'REQUEST.INVALID_TIME', errors: [{ field: 'tick' }] });
    const never = await get('/admin/scheduler/daily_evaluation/ticks/2001-01-01T00:00:00.000Z');
    expect(never.statusCode).toBe(404);
    expect(never.json()).toMatchObject({ code: 'SCHEDULER.TICK_NOT_FOUND', errors: [{ field: 'tick' }] });
    const unknown = await get('/admin/scheduler/coffee/ticks/2001-01-01T00:00:00.000Z');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'SCHEDULER.UNKNOWN_JOB' });
  });
});
