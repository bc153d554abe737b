/**
 * PostgreSQL stopped for 10 s under steady load, on a server of its own. While it is down,
 * readiness answers 503 and liveness 200, and requests get a prompt 503 problem+json with
 * Retry-After (not a 500, not a hang). When it is back on the same port and data, the same process
 * (no restart) is ready again by itself, every write that was answered 2xx is in the database, and
 * its worker takes new training jobs.
 */
import { Client } from 'pg';
import { startThrowawayPostgres, ThrowawayPostgres } from '../setup/throwaway-postgres';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { API } from '../support/test-app';
import { waitFor } from '../support/wait';

const OUTAGE_MS = 10_000;
/** One write and one read are sent every this many milliseconds, whatever the answers. */
const LOAD_PERIOD_MS = 50;
/** A request that takes longer than this counts as hanging. */
const HANG_MS = 5_000;

interface Answer {
  kind: 'write' | 'read';
  time?: string;
  status: number | 'no answer';
  code?: string;
  contentType: string | null;
  retryAfter: string | null;
  sentAt: number;
  answeredAt: number;
}

const succeeded = (answer: Answer) => typeof answer.status === 'number' && answer.status < 300;

describe('faults: PostgreSQL down for 10 s under steady load', () => {
  let postgres: ThrowawayPostgres;
  let service: ServiceProcess;
  let machineId: string;

  beforeAll(async () => {
    postgres = await startThrowawayPostgres('mps_outage_test');
    service = await startServiceProcess({ APP_ROLE: 'all', DATABASE_URL: postgres.url });
    const machine = await fetch(`${service.url}${API}/machines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Outage test meter', timezone: 'UTC' }),
    });
    expect(machine.status).toBe(201);
    machineId = ((await machine.json()) as { id: string }).id;
  }, 120_000);
  afterAll(async () => {
    // The service first, so it closes its pool against a running server; then the server.
    if (service) expect(await service.stop('SIGTERM')).toBe(0);
    await postgres?.stop();
  }, 60_000);

  const probe = async (path: string) => (await fetch(`${service.url}${path}`)).status;

  it('answers 503 while the database is down, recovers by itself, and loses no acknowledged write', async () => {
    const answers: Promise<Answer>[] = [];
    const send = async (kind: Answer['kind'], sequence: number): Promise<Answer> => {
      const sentAt = Date.now();
      // Hour `sequence` after 2026-01-01: every write has a time of its own.
      const time = kind === 'write' ? new Date(Date.UTC(2026, 0, 1, sequence)).toISOString() : undefined;
      const request =
        kind === 'write'
          ? fetch(`${service.url}${API}/machines/${machineId}/readings/energy`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ readings: [{ time, energy_kwh: sequence }] }),
              signal: AbortSignal.timeout(HANG_MS),
            })
          : fetch(`${service.url}${API}/machines/${machineId}`, { signal: AbortSignal.timeout(HANG_MS) });
      const response = await request.catch(() => undefined);
      const body = (await response?.json().catch(() => undefined)) as { code?: string } | undefined;
      return {
        kind,
        time,
        status: response?.status ?? 'no answer',
        code: body?.code,
        contentType: response?.headers.get('content-type') ?? null,
        retryAfter: response?.headers.get('retry-after') ?? null,
        sentAt,
        answeredAt: Date.now(),
      };
    };
    let sequence = 0;
    const load = setInterval(() => {
      sequence++;
      answers.push(send('write', sequence), send('read', sequence));
    }, LOAD_PERIOD_MS);

    const readiness: number[] = [];
    const liveness: number[] = [];
    let stopping: number;
    let readyAgain: number;
    try {
      await new Promise((resolve) => setTimeout(resolve, 3_000));

      stopping = Date.now();
      await postgres.pause();
      const downSince = Date.now();
      // Probe every half second (plus the probes' own time) for the whole outage.
      while (Date.now() - downSince < OUTAGE_MS) {
        const [ready, live] = await Promise.all([probe('/health/ready'), probe('/health/live')]);
        readiness.push(ready);
        liveness.push(live);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }

      await postgres.resume();
      const restartedAt = Date.now();
      await waitFor(
        'readiness to return to 200 after PostgreSQL restarted',
        async () => ((await probe('/health/ready')) === 200 ? true : undefined),
        30_000,
      );
      readyAgain = Date.now();
      console.log(`ready again ${readyAgain - restartedAt} ms after PostgreSQL restarted`);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    } finally {
      clearInterval(load);
    }
    const settled = await Promise.all(answers);

    // The process was never restarted.
    expect(service.child.exitCode).toBeNull();
    expect(readiness.length).toBeGreaterThanOrEqual(OUTAGE_MS / 2000);
    expect(new Set(readiness)).toEqual(new Set([503]));
    expect(new Set(liveness)).toEqual(new Set([200]));

    // Before the outage and once ready again everything succeeds; meanwhile refusals are prompt 503s.
    const before = settled.filter((answer) => answer.answeredAt < stopping);
    const after = settled.filter((answer) => answer.sentAt > readyAgain);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect([...before, ...after].filter((answer) => !succeeded(answer))).toEqual([]);
    const refused = settled.filter((answer) => !succeeded(answer));
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer).toMatchObject({
        status: 503,
        code: 'DATABASE.UNAVAILABLE',
        contentType: expect.stringMatching(/problem\+json/),
        retryAfter: '5',
      });
    }
    expect(Math.max(...settled.map((answer) => answer.answeredAt - answer.sentAt))).toBeLessThan(HANG_MS);

    // Every acknowledged write is stored.
    const acknowledged = settled.filter((answer) => answer.kind === 'write' && succeeded(answer));
    const client = new Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const stored = await client.query<{ time: Date }>(
        `SELECT time FROM energy_readings WHERE machine_id = $1`,
        [machineId],
      );
      const times = new Set(stored.rows.map((row) => row.time.toISOString()));
      expect(acknowledged.filter((answer) => !times.has(answer.time!))).toEqual([]);
    } finally {
      await client.end();
    }

    // The job queue came back too: a job triggered now is taken by this process's worker.
    const trigger = await fetch(
      `${service.url}${API}/retrain/trigger?model_type=baseline&machine_id=${machineId}`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
    );
    const { training_job_id: jobId } = (await trigger.json()) as { training_job_id: string };
    await waitFor(
      `the worker to take job ${jobId}, triggered after the outage`,
      async () => {
        const job = await fetch(`${service.url}${API}/training/jobs/${jobId}`);
        return ((await job.json()) as { training_status: string }).training_status === 'pending'
          ? undefined
          : true;
      },
      30_000,
    );
    console.log(
      `${settled.length} requests: ${acknowledged.length} writes acknowledged, ${refused.length} refused with 503`,
    );
  }, 120_000);
});
