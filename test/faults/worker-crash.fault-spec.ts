/**
 * Workers that die or are stopped while they fit. kill -9 at ten seeded random moments of an
 * ARIMA fit: cleanup re-queues each job (or fails it once its attempts are used up), nothing stays
 * stuck, no version exists without its completed job, versions stay consecutive. SIGTERM mid-fit:
 * the job is handed back and the process exits 0 within the deployment's grace period. A worker
 * process serves only probes and metrics.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { seededRandom } from '../support/seeded-random';
import { startServiceProcess } from '../support/service-process';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { waitFor } from '../support/wait';

const KILLS = 10;
const STALE_HEARTBEAT_MS = 1500;

describe('faults: workers killed and stopped mid-fit', () => {
  let api: NestFastifyApplication;
  let ids: DemoIds;
  let db: DataSource;
  const saved = { ...process.env };

  beforeAll(async () => {
    // This process triggers and reads only: the worker processes below are the only ones fitting,
    // and nothing fires scheduled cleanups behind the test's back.
    Object.assign(process.env, {
      APP_ROLE: 'api',
      SCHEDULER_ENABLED: 'false',
      TRAINING_STALE_HEARTBEAT_MS: String(STALE_HEARTBEAT_MS),
    });
    api = await createTestApp();
    ids = await ensureDemoData(api);
    db = api.get(DataSource);
  }, 180_000);
  afterAll(async () => {
    await api.close();
    process.env = saved;
  });

  const job = async (id: string) =>
    (await api.inject({ method: 'GET', url: `${API}/training/jobs/${id}` })).json();
  // Each trigger pins a different horizon: a job on the same data and spec as an earlier version
  // reuses that version without fitting, and this test needs every job to run a real fit.
  let horizon = 24;
  const trigger = async (machineId: string): Promise<string> => {
    const response = await api.inject({
      method: 'POST',
      url: `${API}/retrain/trigger?model_type=forecast_arima&machine_id=${machineId}`,
      payload: { hyperparameters: { horizon: horizon++ } },
    });
    expect(response.json()).toMatchObject({ triggered: true });
    return response.json().training_job_id;
  };
  const workerEnv = () => ({
    APP_ROLE: 'worker',
    SCHEDULER_ENABLED: 'false',
    DATABASE_URL: process.env.DATABASE_URL!,
    TRAINING_HEARTBEAT_INTERVAL_MS: '300',
  });
  /** Resolves once a worker runs the job's fit (progress 20 is written just before the fit starts). */
  const fitting = (jobId: string) =>
    waitFor(
      `job ${jobId} to be fitting`,
      async () => {
        const current = await job(jobId);
        return current.training_status === 'running' && current.progress >= 20 ? true : undefined;
      },
      60_000,
    );
  const settled = (jobId: string) =>
    waitFor(
      `job ${jobId} to complete or fail`,
      async () => {
        const current = await job(jobId);
        return ['completed', 'failed'].includes(current.training_status) ? current : undefined;
      },
      120_000,
    );

  it(
    `kill -9 at ${KILLS} random moments of a fit: nothing stuck, no version without its completed job, versions consecutive`,
    async () => {
      const random = seededRandom('kill -9 moments');
      const machineId = ids.steel;

      // How long one fit takes here, so that the kills land anywhere in it (and a few just after).
      const calibration = await startServiceProcess(workerEnv());
      let fitMs: number;
      try {
        const first = await trigger(machineId);
        await fitting(first);
        const fitStarted = Date.now();
        expect((await settled(first)).training_status).toBe('completed');
        fitMs = Date.now() - fitStarted;
      } finally {
        expect(await calibration.stop('SIGTERM')).toBe(0);
      }

      const outcomes: { kill: number; job: string; after_ms: number; outcome: string }[] = [];
      let jobId = await trigger(machineId);
      for (let kill = 1; kill <= KILLS; kill++) {
        const worker = await startServiceProcess(workerEnv());
        const afterMs = Math.round(random() * fitMs * 1.2);
        try {
          await fitting(jobId);
          await new Promise((resolve) => setTimeout(resolve, afterMs));
        } finally {
          await worker.stop('SIGKILL');
        }
        // Cleanup finds the job once its heartbeat is older than the stale limit.
        const recovered = await waitFor(
          `cleanup to recover job ${jobId} after kill ${kill}`,
          async () => {
            await api.inject({ method: 'POST', url: `${API}/admin/scheduler/training_cleanup/run` });
            const current = await job(jobId);
            return current.training_status === 'running' ? undefined : current;
          },
          STALE_HEARTBEAT_MS + 10_000,
        );
        outcomes.push({ kill, job: jobId, after_ms: afterMs, outcome: recovered.training_status });
        switch (recovered.training_status) {
          case 'pending': // re-queued: the next worker takes the same job
            expect(recovered.error_message).toMatch(/stopped heart-beating; re-queued after attempt/);
            break;
          case 'failed': // its attempts are used up
            expect(recovered.attempt).toBe(recovered.max_attempts);
            expect(recovered.error_message).toMatch(/stopped heart-beating; no attempts left/);
            jobId = await trigger(machineId);
            break;
          case 'completed': // the kill came after the commit
            jobId = await trigger(machineId);
            break;
          default:
            throw new Error(`job ${jobId} is ${recovered.training_status} after kill ${kill}`);
        }
      }
      console.log(`fit ${fitMs} ms; kills:\n${outcomes.map((o) => JSON.stringify(o)).join('\n')}`);
      expect(outcomes.filter((o) => o.outcome !== 'completed').length).toBeGreaterThan(0);

      // A surviving worker takes what is still pending; then nothing is left in flight.
      const rescuer = await startServiceProcess(workerEnv());
      try {
        await settled(jobId);
      } finally {
        expect(await rescuer.stop('SIGTERM')).toBe(0);
      }
      expect(
        await db.query(
          `SELECT id, training_status FROM model_training_history WHERE training_status IN ('pending', 'running')`,
        ),
      ).toEqual([]);
      const orphans = await db.query(
        `SELECT v.id FROM mps_model_versions v LEFT JOIN model_training_history j ON j.id = v.training_job_id
          WHERE j.id IS NULL OR j.training_status <> 'completed' OR j.model_id <> v.id`,
      );
      expect(orphans).toEqual([]);
      const unversioned = await db.query(
        `SELECT j.id FROM model_training_history j LEFT JOIN mps_model_versions v ON v.id = j.model_id
          WHERE j.training_status = 'completed' AND v.id IS NULL`,
      );
      expect(unversioned).toEqual([]);
      const gaps = await db.query(
        `SELECT machine_id, model_type FROM mps_model_versions GROUP BY 1, 2
          HAVING min(version) <> 1 OR max(version) <> count(*) OR count(DISTINCT version) <> count(*)`,
      );
      expect(gaps).toEqual([]);
    },
    15 * 60_000,
  );

  it('hands a running job back on SIGTERM and exits 0 within the grace period; another worker completes it', async () => {
    // The deployment's own numbers: Kubernetes kills the pod after the grace period, and the drain
    // it configures uses the first part of it; the rest of the shutdown must fit in what remains.
    // (Without the drain here, the fit cannot finish first: this test is about the hand-back.)
    const deploy = (file: string) => readFileSync(join(__dirname, '..', '..', 'deploy', 'k8s', file), 'utf8');
    const drainMs = Number(deploy('configmap.yaml').match(/SHUTDOWN_DRAIN_MS: '(\d+)'/)![1]);
    const graceMs =
      Number(deploy('worker-deployment.yaml').match(/terminationGracePeriodSeconds: (\d+)/)![1]) * 1000;

    const worker = await startServiceProcess(workerEnv());
    const jobId = await trigger(ids.b40Electricity);
    let stoppedAfterMs: number;
    try {
      await fitting(jobId);
    } finally {
      const signalled = Date.now();
      expect(await worker.stop('SIGTERM')).toBe(0);
      stoppedAfterMs = Date.now() - signalled;
    }
    expect(stoppedAfterMs).toBeLessThan(graceMs - drainMs);
    expect(await job(jobId)).toMatchObject({
      training_status: 'pending',
      error_message: 'handed back: the worker shut down',
    });

    const rescuer = await startServiceProcess(workerEnv());
    try {
      const done = await settled(jobId);
      expect(done).toMatchObject({ training_status: 'completed', attempt: 2 });
    } finally {
      expect(await rescuer.stop('SIGTERM')).toBe(0);
    }
  }, 300_000);

  it('serves only health and metrics from a worker process', async () => {
    const worker = await startServiceProcess(workerEnv());
    try {
      expect((await fetch(`${worker.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${worker.url}/metrics`)).status).toBe(200);
      const api404 = await fetch(`${worker.url}${API}/machines`);
      expect(api404.status).toBe(404);
      expect(api404.headers.get('content-type')).toMatch(/problem\+json/);
    } finally {
      expect(await worker.stop('SIGTERM')).toBe(0);
    }
  }, 60_000);
});
