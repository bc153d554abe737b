/**
 * Cluster-safe schedules: with two app instances on one database, each cron tick runs once,
 * whichever instance fires first. And the training events stream reaches a real HTTP client.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SchedulerService } from '../../src/scheduler/scheduler.service';
import { DataSource } from 'typeorm';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { waitFor } from '../support/wait';

describe('scheduler and events with two instances', () => {
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;
  let ids: DemoIds;

  beforeAll(async () => {
    first = await createTestApp();
    second = await createTestApp();
    ids = await ensureDemoData(first);
  });
  afterAll(async () => {
    // The fanned-out ticks queued items, and the weekly job's items queued retrains: let them all
    // finish so that later suites start from a quiet queue.
    const db = first.get(DataSource);
    const none = (what: string, countSql: string) =>
      waitFor(what, async () => ((await db.query(countSql))[0].n === 0 ? true : undefined), 120_000);
    await none(
      'the scheduled items to be settled',
      `SELECT count(*)::int AS n FROM mps_scheduler_items WHERE state IN ('queued', 'running')`,
    );
    await none(
      'the queued retrains to finish',
      `SELECT count(*)::int AS n FROM model_training_history WHERE training_status IN ('pending', 'running')`,
    );
    await first.close();
    await second.close();
  });

  /** The jobs the predecessor scheduled; each feature module registers its own. */
  const SCHEDULED_JOBS = [
    'ab_test_completion',
    'anomaly_detection',
    'daily_evaluation',
    'training_cleanup',
    'weekly_baseline_retrain',
  ];

  it('finds the job every module registered', () => {
    expect([...first.get(SchedulerService).jobs().keys()]).toEqual(SCHEDULED_JOBS);
  });

  it('runs each scheduled job once per tick across instances, 10 ticks each', async () => {
    for (const job of SCHEDULED_JOBS) {
      let ran = 0;
      for (let minute = 0; minute < 10; minute++) {
        // Ticks long past: no real tick collides with them, and a fanned-out item that takes its
        // tick for "now" finds nothing metered yet to evaluate and no model stale.
        const tick = new Date(Date.UTC(2001, 0, 1, 0, minute));
        const results = await Promise.all(
          [first, second].map((app) => app.get(SchedulerService).runTick(job, tick)),
        );
        ran += results.filter((result) => result.ran).length;
      }
      expect({ job, ran }).toEqual({ job, ran: 10 });
    }
  });

  it('lists the schedules and refuses an unknown job with 404 problem+json', async () => {
    const list = (await first.inject({ method: 'GET', url: `${API}/admin/scheduler` })).json();
    expect(list.map((entry: { job: string }) => entry.job)).toEqual(SCHEDULED_JOBS);
    expect(
      list.find((entry: { job: string }) => entry.job === 'training_cleanup').recent.length,
    ).toBeGreaterThan(0);
    const unknown = await first.inject({ method: 'POST', url: `${API}/admin/scheduler/coffee/run` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
  });

  it('streams job status changes made by any instance as Server-Sent Events', async () => {
    await second.listen(0, '127.0.0.1');
    const address = second.getHttpServer().address() as { port: number };
    const controller = new AbortController();
    const response = await fetch(
      `http://127.0.0.1:${address.port}${API}/training/events?machine_id=${ids.b40Electricity}`,
      {
        signal: controller.signal,
      },
    );
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    // Both instances' job-event listeners (started at bootstrap, connected in the background) have
    // LISTENed before anything is triggered, so no notification is missed.
    await waitFor('both instances to LISTEN for job events', async () => {
      const [row] = await first.get(DataSource).query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND query = 'LISTEN training_job_events'`,
      );
      return row.n >= 2 ? true : undefined;
    });
    const trigger = await first.inject({
      method: 'POST',
      url: `${API}/retrain/trigger?model_type=anomaly&machine_id=${ids.b40Electricity}`,
      payload: {},
    });
    const jobId = trigger.json().training_job_id;
    let text = '';
    const statusesOfJob = () =>
      text
        .split('\n')
        .filter((line) => line.startsWith('data:') && line.includes(`"id":"${jobId}"`))
        .map((line) => (JSON.parse(line.slice(5)) as { training_status: string }).training_status);
    const deadline = Date.now() + 60_000;
    while (!statusesOfJob().includes('completed') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('event: job');
    expect(statusesOfJob()).toEqual(expect.arrayContaining(['pending', 'running', 'completed']));
  });
});
