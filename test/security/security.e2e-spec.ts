/**
 * Access control, audit trail and limits on the real app (API_KEYS set before the app is built).
 */
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/security/audit.service';
import { API, createTestApp } from '../support/test-app';

const VIEWER = `viewer-${'v'.repeat(24)}`;
const OPERATOR = `operator-${'o'.repeat(24)}`;
const ADMIN = `admin-${'a'.repeat(24)}`;
const ENV = {
  API_KEYS: `test-viewer:viewer:${VIEWER},test-operator:operator:${OPERATOR},admin:${ADMIN}`,
  RATE_LIMIT_TRIGGERS_PER_MINUTE: '3',
  RATE_LIMIT_WRITES_PER_MINUTE: '1000',
};

describe('security: API keys, roles, audit, limits, headers', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  const saved: Record<string, string | undefined> = {};
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const trigger = (headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: `${API}/retrain/trigger?model_type=baseline&machine_id=${randomUUID()}`,
      headers,
    });
  const auditRows = async (query: string) => {
    await app.get(AuditService).flush();
    const response = await app.inject({
      method: 'GET',
      url: `${API}/admin/audit?${query}`,
      headers: bearer(ADMIN),
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    for (const [name, value] of Object.entries(ENV)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    app = await createTestApp();
    db = app.get(DataSource);
  });
  afterAll(async () => {
    await app.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('answers 401 problem+json without or with unknown credentials', async () => {
    const none = await app.inject({ method: 'GET', url: `${API}/machines` });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.json()).toMatchObject({ status: 401, code: 'AUTH.CREDENTIALS_MISSING' });
    const unknown = await app.inject({
      method: 'GET',
      url: `${API}/machines`,
      headers: bearer('x'.repeat(30)),
    });
    expect(unknown.json()).toMatchObject({ status: 401, code: 'AUTH.KEY_INVALID' });
  });

  it('lets a viewer read (Bearer and X-API-Key) but not trigger', async () => {
    expect(
      (await app.inject({ method: 'GET', url: `${API}/machines`, headers: bearer(VIEWER) })).statusCode,
    ).toBe(200);
    const viaHeader = await app.inject({
      method: 'GET',
      url: `${API}/machines`,
      headers: { 'x-api-key': VIEWER },
    });
    expect(viaHeader.statusCode).toBe(200);
    const forbidden = await trigger(bearer(VIEWER));
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(forbidden.json()).toMatchObject({ status: 403, code: 'AUTH.ROLE_TOO_WEAK' });
  });

  it('lets an operator trigger but not activate a version; an admin may', async () => {
    const triggered = await trigger({ 'x-api-key': OPERATOR });
    expect([401, 403]).not.toContain(triggered.statusCode);
    const activate = (key: string) =>
      app.inject({
        method: 'POST',
        url: `${API}/models/${randomUUID()}/activate`,
        headers: bearer(key),
        payload: {},
      });
    expect((await activate(OPERATOR)).json()).toMatchObject({ status: 403, code: 'AUTH.ROLE_TOO_WEAK' });
    // Past the guard: the version does not exist.
    expect((await activate(ADMIN)).json()).toMatchObject({ status: 404 });
    const machine = await app.inject({
      method: 'POST',
      url: `${API}/machines`,
      headers: bearer(OPERATOR),
      payload: { name: `sec-${Date.now()}` },
    });
    expect(machine.statusCode).toBe(403);
  });

  it('records the authenticated caller on a change: the key name in triggered_by, not a literal', async () => {
    const machine = await app.inject({
      method: 'POST',
      url: `${API}/machines`,
      headers: bearer(ADMIN),
      payload: { name: `who-${Date.now()}` },
    });
    expect(machine.statusCode).toBe(201);
    const triggered = await app.inject({
      method: 'POST',
      url: `${API}/retrain/trigger?model_type=baseline&machine_id=${machine.json().id}`,
      headers: bearer(OPERATOR),
    });
    const job = await app.inject({
      method: 'GET',
      url: `${API}/training/jobs/${triggered.json().training_job_id}`,
      headers: bearer(VIEWER),
    });
    expect(job.json().triggered_by).toBe('test-operator');
  });

  it('keeps /health/live, /metrics, /docs and /docs-json open', async () => {
    for (const url of ['/health/live', '/metrics', '/docs', '/docs-json'])
      expect({ url, status: (await app.inject({ method: 'GET', url })).statusCode }).toEqual({
        url,
        status: 200,
      });
  });

  it('creates a key through the admin API that works at once, and revokes it', async () => {
    const forbidden = await app.inject({
      method: 'POST',
      url: `${API}/admin/api-keys`,
      headers: bearer(OPERATOR),
      payload: { name: 'nope', role: 'viewer' },
    });
    expect(forbidden.statusCode).toBe(403);
    const created = await app.inject({
      method: 'POST',
      url: `${API}/admin/api-keys`,
      headers: bearer(ADMIN),
      payload: { name: 'dashboard', role: 'viewer' },
    });
    expect(created.statusCode).toBe(201);
    const { id, key, created_by } = created.json();
    expect(created.json()).not.toHaveProperty('key_hash');
    expect(created_by).toBe('env-admin-3'); // an unnamed API_KEYS entry: env-<role>-<position>
    expect(key).toMatch(/^mps_/);
    const [stored] = await db.query('SELECT key_hash FROM mps_api_keys WHERE id = $1', [id]);
    expect(stored.key_hash).not.toContain(key);
    expect(
      (await app.inject({ method: 'GET', url: `${API}/machines`, headers: bearer(key) })).statusCode,
    ).toBe(200);
    const listed = await app.inject({ method: 'GET', url: `${API}/admin/api-keys`, headers: bearer(ADMIN) });
    expect(listed.json().items.map((k: { id: string }) => k.id)).toContain(id);
    const revoked = await app.inject({
      method: 'DELETE',
      url: `${API}/admin/api-keys/${id}`,
      headers: bearer(ADMIN),
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revoked_at).not.toBeNull();
    const after = await app.inject({ method: 'GET', url: `${API}/machines`, headers: bearer(key) });
    expect(after.json()).toMatchObject({ status: 401, code: 'AUTH.KEY_INVALID' });
  });

  it('audits change requests, including refused ones, and filters them', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const refused = await trigger(bearer(VIEWER));
    expect(refused.statusCode).toBe(403);
    const page = await auditRows(
      `actor=test-viewer&action=${encodeURIComponent('POST /retrain/trigger')}&outcome=403&since=${since}`,
    );
    expect(page.total).toBeGreaterThanOrEqual(1);
    expect(page.items[0]).toMatchObject({
      actor: 'test-viewer',
      role: 'viewer',
      method: 'POST',
      action: 'POST /retrain/trigger',
      outcome: 403,
      request_id: refused.headers['x-request-id'],
    });
    expect(page.items[0].target.machine_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(page.items[0].details.query.model_type).toBe('baseline');
    const anonymous = await auditRows(`actor=anonymous&outcome=401&since=${since}`);
    expect(anonymous.total).toBe(0); // the 401s above were GETs: reads are not audited
    await app.inject({ method: 'POST', url: `${API}/metrics/record`, payload: {} });
    expect((await auditRows(`actor=anonymous&outcome=401&since=${since}`)).total).toBe(1);
    expect((await auditRows(`until=${since}&actor=test-viewer&outcome=403&since=${since}`)).total).toBe(0);
    const bad = await app.inject({
      method: 'GET',
      url: `${API}/admin/audit?since=yesterday`,
      headers: bearer(ADMIN),
    });
    expect(bad.statusCode).toBe(400);
  });

  it('keeps mps_audit_log append-only in PostgreSQL', async () => {
    await expect(db.query("UPDATE mps_audit_log SET actor = 'someone-else'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM mps_audit_log')).rejects.toThrow(/append-only/);
  });

  it('limits triggers per key: the 4th within a minute is 429 with Retry-After', async () => {
    const created = await app.inject({
      method: 'POST',
      url: `${API}/admin/api-keys`,
      headers: bearer(ADMIN),
      payload: { name: 'burst', role: 'operator' },
    });
    const key: string = created.json().key;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await trigger(bearer(key))).statusCode);
    expect(statuses.slice(0, 3)).not.toContain(429);
    const limited = await trigger(bearer(key));
    expect(statuses[3]).toBe(429);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMIT.EXCEEDED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Other keys keep their own budget.
    expect((await trigger(bearer(ADMIN))).statusCode).not.toBe(429);
  });

  it('sends security headers, and refuses a too-large JSON body with 413 problem+json', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['strict-transport-security']).toBeDefined();
    const big = await app.inject({
      method: 'POST',
      url: `${API}/metrics/record`,
      headers: { ...bearer(OPERATOR), 'content-type': 'application/json' },
      payload: `{"x":"${'a'.repeat(11 * 1024 * 1024)}"}`,
    });
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
