/**
 * Three service processes on one database. 200 concurrent triggers for the same machine and model
 * type, spread over the three, create exactly one job (the partial unique index decides, not a
 * check-then-insert). Every scheduled job, fired by all three for the same 10 ticks, runs 10 times,
 * not 30 (mps_scheduler_ticks decides).
 */
import { Client } from 'pg';
import { freshDatabase } from '../support/fresh-database';
import { logLines, ServiceProcess, startServiceProcesses, stopAll } from '../support/service-process';
import { API } from '../support/test-app';
import { waitFor } from '../support/wait';

const INSTANCES = 3;
const TRIGGERS = 200;
const TICKS = 10;

/** The variable that sets each scheduled job's cron expression. */
const CRON_VARIABLES = {
  training_cleanup: 'TRAINING_CLEANUP_CRON',
  daily_evaluation: 'EVALUATION_CRON',
  weekly_baseline_retrain: 'WEEKLY_RETRAIN_CRON',
  ab_test_completion: 'AB_TEST_COMPLETION_CRON',
  anomaly_detection: 'ANOMALY_DETECTION_CRON',
};
const SCHEDULED_JOBS = Object.keys(CRON_VARIABLES) as (keyof typeof CRON_VARIABLES)[];
/**
 * Jobs whose ticks the taking replica only enqueues: these instances are API replicas, so nothing
 * takes the items and such a tick stays unfinished; that it was taken once is what counts here.
 */
const FANNED_OUT = ['daily_evaluation', 'weekly_baseline_retrain', 'anomaly_detection'];
/** What the replica that took a tick logs: an inline job ran there, a fanned-out one was enqueued there. */
const TOOK_THE_TICK: unknown[] = ['scheduled job ran', 'scheduled job enqueued'];

/**
 * A cron expression that fires once a second for `TICKS` seconds and never again that year,
 * starting at the first whole second `leadMs` from now (moved to the next minute when the
 * seconds would run past it). Fields are in local time, as the service processes read them.
 */
function tickWindow(leadMs: number): { expression: string; ticks: Date[] } {
  const start = new Date(Math.ceil((Date.now() + leadMs) / 1000) * 1000);
  if (start.getSeconds() + TICKS > 60) start.setSeconds(60);
  const second = start.getSeconds();
  const expression = [
    `${second}-${second + TICKS - 1}`,
    start.getMinutes(),
    start.getHours(),
    start.getDate(),
    start.getMonth() + 1,
    '*',
  ].join(' ');
  return {
    expression,
    ticks: Array.from({ length: TICKS }, (_, i) => new Date(start.getTime() + i * 1000)),
  };
}

describe('faults: three instances on one database', () => {
  let database: { url: string; drop: () => Promise<void> };
  let client: Client;

  beforeAll(async () => {
    database = await freshDatabase('three');
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  /** Three processes that only serve HTTP: no worker takes the job, so it stays in flight. */
  async function withInstances(
    env: Record<string, string>,
    work: (instances: ServiceProcess[]) => Promise<void>,
  ) {
    const instances = await startServiceProcesses(INSTANCES, {
      APP_ROLE: 'api',
      DATABASE_URL: database.url,
      ...env,
    });
    try {
      await work(instances);
    } finally {
      expect(await stopAll(instances)).toEqual(instances.map(() => 0));
    }
  }

  it(`${TRIGGERS} concurrent triggers over ${INSTANCES} instances create exactly one job`, async () => {
    await withInstances({ SCHEDULER_ENABLED: 'false' }, async (instances) => {
      // The three started at once on an empty database: the migrations ran once, under the lock.
      const machine = await fetch(`${instances[0].url}${API}/machines`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Compressor 3' }),
      });
      expect(machine.status).toBe(201);
      const machineId = ((await machine.json()) as { id: string }).id;

      const answers = await Promise.all(
        Array.from({ length: TRIGGERS }, async (_, i) => {
          const response = await fetch(
            `${instances[i % INSTANCES].url}${API}/retrain/trigger?model_type=forecast_arima&machine_id=${machineId}`,
            { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
          );
          return {
            status: response.status,
            body: (await response.json()) as { triggered: boolean; training_job_id: string | null },
          };
        }),
      );
      expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
      const created = answers.filter((answer) => answer.body.triggered);
      expect(created).toHaveLength(1);
      const refusals = answers.filter((answer) => !answer.body.triggered);
      expect(refusals).toHaveLength(TRIGGERS - 1);
      for (const refusal of refusals) {
        expect(refusal.body).toEqual({
          triggered: false,
          trigger_type: 'manual',
          reason: 'Training already in progress',
          training_job_id: null,
          estimated_completion: null,
        });
      }

      const jobs = await client.query(
        `SELECT id, training_status FROM model_training_history WHERE machine_id = $1`,
        [machineId],
      );
      expect(jobs.rows).toEqual([{ id: created[0].body.training_job_id, training_status: 'pending' }]);
      const messages = await client.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'jobId' = $1`,
        [created[0].body.training_job_id],
      );
      expect(messages.rows[0].n).toBe(1);
    });
  }, 120_000);

  it(`each scheduled job fired by all ${INSTANCES} instances for ${TICKS} ticks runs ${TICKS} times, not ${TICKS * INSTANCES}`, async () => {
    // Long enough for three processes to start on a busy machine; checked below.
    const window = tickWindow(45_000);
    const schedules = Object.fromEntries(
      Object.values(CRON_VARIABLES).map((variable) => [variable, window.expression]),
    );
    // debug: each process logs the ticks it lost to another, so its firings can be counted too.
    await withInstances({ ...schedules, LOG_LEVEL: 'debug' }, async (instances) => {
      expect(Date.now()).toBeLessThan(window.ticks[0].getTime() - 1000);
      const last = window.ticks[TICKS - 1].getTime();
      const finished = await waitFor(
        `the ${TICKS} ticks of every job to finish`,
        async () => {
          const result = await client.query<{ job_name: string; tick: Date; instance: string }>(
            `SELECT job_name, tick, instance FROM mps_scheduler_ticks
              WHERE tick BETWEEN $1 AND $2 AND (finished_at IS NOT NULL OR job_name = ANY ($3))
              ORDER BY job_name, tick`,
            [window.ticks[0], window.ticks[TICKS - 1], FANNED_OUT],
          );
          return Date.now() > last + 3000 && result.rows.length >= SCHEDULED_JOBS.length * TICKS
            ? result.rows
            : undefined;
        },
        last - Date.now() + 60_000,
      );

      const pids = instances.map((instance) => String(instance.child.pid));
      for (const job of SCHEDULED_JOBS) {
        const rows = finished.filter((row) => row.job_name === job);
        expect({ job, ticks: rows.map((row) => row.tick.toISOString()) }).toEqual({
          job,
          ticks: window.ticks.map((tick) => tick.toISOString()),
        });
        for (const row of rows) expect(pids).toContain(row.instance.split(':').pop());

        // Every instance fired (each normally all ten ticks; a timer late by a second or more
        // skips one), one ran each tick, the others found it taken.
        const firings = instances.map((instance) =>
          logLines(instance).filter(
            (line) =>
              line.job === job &&
              (TOOK_THE_TICK.includes(line.msg) || line.msg === 'tick already taken by another replica'),
          ),
        );
        const ran = firings.flat().filter((line) => TOOK_THE_TICK.includes(line.msg));
        const fired = firings.map((lines) => lines.length);
        console.log(`${job}: fired ${fired.join(' + ')} times, ran ${ran.length}`);
        expect(ran).toHaveLength(TICKS);
        for (const count of fired) {
          expect(count).toBeGreaterThan(0);
          expect(count).toBeLessThanOrEqual(TICKS);
        }
        expect(fired.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(TICKS);
      }
      const all = await client.query(`SELECT count(*)::int AS n FROM mps_scheduler_ticks WHERE tick >= $1`, [
        window.ticks[0],
      ]);
      expect(all.rows[0].n).toBe(SCHEDULED_JOBS.length * TICKS);
    });
  }, 180_000);
});
