import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { ShutdownState } from '../../src/health/shutdown-state';
import { freshDatabase } from '../support/fresh-database';
import { createTestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

describe('operations: probes, metrics, docs', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => (app = await createTestApp()));
  afterAll(() => app.close());

  it('answers liveness and readiness (database, migrations, not draining)', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().info).toMatchObject({
      database: { status: 'up' },
      migrations: { status: 'up' },
      shutdown: { status: 'up' },
    });
  });

  it('exposes Prometheus metrics with the HTTP latency histogram by route', async () => {
    await app.inject({ method: 'GET', url: '/health/live' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/health\/live"/);
    expect(response.body).toMatch(/process_cpu_seconds_total/);
  });

  it('serves Swagger UI at /docs and the OpenAPI document at /docs-json, with error responses documented', async () => {
    expect((await app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
    const document = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
    const get = document.paths['/api/v1/model-performance/machines/{id}'].get;
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(get.responses['404'].content['application/problem+json'].example.status).toBe(404);
  });
});

describe('readiness when the database goes away', () => {
  it('answers 503 while the database refuses connections and recovers by itself', async () => {
    const fresh = await freshDatabase('ready');
    const app = await createTestApp(fresh.url);
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const name = new URL(fresh.url).pathname.slice(1);
    try {
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      const down = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(down.statusCode).toBe(503);
      expect(down.json().error.database.status).toBe('down');
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      // Recovers by itself: the pool replaces the terminated connections (the first probe may still see one).
      await waitFor(
        'readiness to recover',
        async () =>
          (await app.inject({ method: 'GET', url: '/health/ready' })).statusCode === 200 ? true : undefined,
        10_000,
      );
    } finally {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
      await app.close();
      await fresh.drop();
    }
  });

  it('answers 503 once draining has begun (SIGTERM), before the server closes', async () => {
    const app = await createTestApp();
    try {
      app.get(ShutdownState).beginDraining();
      const response = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.shutdown).toEqual({ status: 'down', draining: true });
    } finally {
      await app.close();
    }
  });
});
