/**
 * A worker process killed with SIGKILL while it fits: the job must not stay stuck (cleanup
 * re-queues it), another worker completes it, and nothing half-written remains (no version
 * without its completed job; versions consecutive). Also: a worker process serves only probes.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startServiceProcess } from '../support/service-process';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { waitFor } from '../support/wait';

describe('faults: a worker killed mid-fit', () => {
  let api: NestFastifyApplication;
  let ids: DemoIds;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, { APP_ROLE: 'api', TRAINING_STALE_HEARTBEAT_MS: '1500' });
    api = await createTestApp();
    ids = await ensureDemoData(api);
  });
  afterAll(async () => {
    await api.close();
    process.env = saved;
  });

  const job = async (id: string) =>
    (await api.inject({ method: 'GET', url: `${API}/training/jobs/${id}` })).json();
  const workerEnv = () => ({
    APP_ROLE: 'worker',
    DATABASE_URL: process.env.DATABASE_URL!,
    TRAINING_HEARTBEAT_INTERVAL_MS: '300',
  });

  /** Starts a worker process, triggers an ARIMA fit, and returns once the worker is fitting it. */
  async function workerFitting(machineId: string) {
    const worker = await startServiceProcess(workerEnv());
    const trigger = await api.inject({
      method: 'POST',
      url: `${API}/retrain/trigger?model_type=forecast_arima&machine_id=${machineId}`,
      payload: {},
    });
    const jobId: string = trigger.json().training_job_id;
    await waitFor(
      'the worker to start fitting',
      async () => ((await job(jobId)).progress >= 20 ? true : undefined),
      30_000,
    );
    return { worker, jobId };
  }

  /** A fresh worker process takes the pending job and completes it as its second attempt. */
  async function completesOnAnotherWorker(jobId: string): Promise<void> {
    const rescuer = await startServiceProcess(workerEnv());
    try {
      const done = await waitFor(
        `job ${jobId} to complete on another worker`,
        async () => {
          const current = await job(jobId);
          return current.training_status === 'completed' ? current : undefined;
        },
        90_000,
      );
      expect(done.attempt).toBe(2);
    } finally {
      expect(await rescuer.stop('SIGTERM')).toBe(0);
    }
  }

  it('re-queues the job after kill -9, completes it on another worker, and leaves no half-written version', async () => {
    const { worker: doomed, jobId } = await workerFitting(ids.steel);
    await doomed.stop('SIGKILL');

    // Until cleanup runs, the job looks running; its heartbeat goes stale within 1.5 s.
    expect((await job(jobId)).training_status).toBe('running');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const cleanup = await api.inject({ method: 'POST', url: `${API}/admin/scheduler/training_cleanup/run` });
    expect(cleanup.json()).toMatchObject({ ran: true, outcome: { requeued: [jobId], failed: [] } });
    expect((await job(jobId)).training_status).toBe('pending');

    await completesOnAnotherWorker(jobId);

    const db = api.get(DataSource);
    const orphans = await db.query(
      `SELECT v.id FROM model_versions v LEFT JOIN model_training_history j ON j.id = v.training_job_id
        WHERE j.id IS NULL OR j.training_status <> 'completed' OR j.model_id <> v.id`,
    );
    expect(orphans).toEqual([]);
    const gaps = await db.query(
      `SELECT machine_id, model_type FROM model_versions GROUP BY 1, 2 HAVING max(version) <> count(*)`,
    );
    expect(gaps).toEqual([]);
  });

  it('hands a running job back on SIGTERM and exits 0; another worker completes it', async () => {
    const { worker, jobId } = await workerFitting(ids.b40Electricity);
    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(await job(jobId)).toMatchObject({
      training_status: 'pending',
      error_message: 'handed back: the worker shut down',
    });
    await completesOnAnotherWorker(jobId);
  });

  it('serves only health and metrics from a worker process', async () => {
    const worker = await startServiceProcess({ APP_ROLE: 'worker', DATABASE_URL: process.env.DATABASE_URL! });
    try {
      expect((await fetch(`${worker.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${worker.url}/metrics`)).status).toBe(200);
      const api404 = await fetch(`${worker.url}${API}/machines`);
      expect(api404.status).toBe(404);
      expect(api404.headers.get('content-type')).toMatch(/problem\+json/);
    } finally {
      expect(await worker.stop('SIGTERM')).toBe(0);
    }
  });
});
