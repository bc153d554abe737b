/**
 * A statement PostgreSQL cancels at its statement_timeout (SQLSTATE 57014) is the database's
 * trouble, not the caller's: 503 problem+json with Retry-After, never a 500. Made deterministic by
 * a row lock the test holds, so that the service's upsert waits on it until the timeout fires.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app.config';
import { DatabaseConfig } from '../../src/config/database.config';
import { API } from '../support/test-app';

const STATEMENT_TIMEOUT_MS = 1000;

describe('a statement past DB_STATEMENT_TIMEOUT_MS', () => {
  let app: NestFastifyApplication;
  let locker: Client;
  let machineId: string;
  const reading = (energy: number) =>
    app.inject({
      method: 'POST',
      url: `${API}/machines/${machineId}/readings/energy`,
      payload: { readings: [{ time: '2026-01-01T00:00:00Z', energy_kwh: energy }] },
    });

  beforeAll(async () => {
    const databaseUrl = process.env.DATABASE_URL!;
    app = await createApp({
      databaseUrl,
      app: Object.assign(new AppConfig(), { logLevel: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      database: Object.assign(new DatabaseConfig(), {
        url: databaseUrl,
        poolSize: 5,
        statementTimeoutMs: STATEMENT_TIMEOUT_MS,
      }),
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    locker = new Client({ connectionString: databaseUrl });
    await locker.connect();
    const created = await app.inject({
      method: 'POST',
      url: `${API}/machines`,
      payload: {
        name: `timeout-${Date.now()}`,
        type: 'compressor',
        timezone: 'UTC',
        data_interval_seconds: 900,
      },
    });
    machineId = created.json().id;
    expect((await reading(1)).json()).toMatchObject({ inserted: 1 });
  });
  afterAll(async () => {
    await locker.end();
    await app.close();
  });

  it('answers 503 DATABASE.TIMEOUT with Retry-After, and the same request succeeds once the database can answer', async () => {
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM energy_readings WHERE machine_id = $1 FOR UPDATE', [machineId]);
    const started = Date.now();
    const refused = await reading(2);
    const waited = Date.now() - started;
    await locker.query('ROLLBACK');

    expect(refused.statusCode).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.json()).toMatchObject({
      status: 503,
      code: 'DATABASE.TIMEOUT',
      detail: expect.stringContaining('DB_STATEMENT_TIMEOUT_MS'),
    });
    expect(waited).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS);

    const retried = await reading(2);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ inserted: 0, updated: 1 });
  });
});
