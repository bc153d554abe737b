/**
 * Alerts over HTTP and through the domain API, on the real app and PostgreSQL, with the webhook
 * pointed at a local HTTP receiver whose answers each test can script per alert.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AlertsService, RaiseInput } from '../../src/alerts/alerts.service';
import { API, createTestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

const SECRET = 'e2e-webhook-secret-0123456789';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { event: string; text: string; alert: Record<string, any> };
}

/** Key of an alert as the receiver scripts answers for it: machine, model type, alert type. */
const keyOf = (alert: Record<string, any>) => `${alert.machine_id}/${alert.model_type}/${alert.alert_type}`;

/** A webhook receiver: records every request; answers the statuses scripted for an alert's key, then 200. */
class Receiver {
  readonly requests: Received[] = [];
  readonly script = new Map<string, number[]>();
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw);
      this.requests.push({ headers: request.headers, raw, body });
      const status = this.script.get(keyOf(body.alert))?.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'busy');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/alerts`;
  }

  stop(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  forAlert(alertId: string, event?: string): Received[] {
    return this.requests.filter((r) => r.body.alert.id === alertId && (!event || r.body.event === event));
  }
}

/** Builds the app with these variables set (config is read at module init), then restores them. */
async function withEnv<T>(variables: Record<string, string>, build: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return await build();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

const PREDECESSOR_FIELDS = [
  'id',
  'alert_type',
  'severity',
  'model_type',
  'machine_id',
  'machine_name',
  'alert_message',
  'alert_timestamp',
  'is_resolved',
  'auto_action_taken',
];

describe('alerts', () => {
  const receiver = new Receiver();
  let app: NestFastifyApplication;
  let alerts: AlertsService;
  let db: DataSource;
  let machineA: string;
  let machineB: string;
  let webhookUrl: string;

  const createMachine = async (name: string) => {
    const response = await app.inject({
      method: 'POST',
      url: `${API}/machines`,
      payload: { name: `${name}-${Date.now()}`, type: 'compressor' },
    });
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };
  const raise = (overrides: Partial<RaiseInput> = {}) =>
    alerts.raise({
      machine_id: machineA,
      model_type: 'baseline',
      alert_type: 'guideline14_violation',
      severity: 'warning',
      message: 'CV(RMSE) 34.2 % exceeds the Guideline 14 limit of 30 %',
      current_value: 34.2,
      threshold_value: 30,
      ...overrides,
    });
  const unresolvedRows = async (machineId: string, alertType: string) =>
    db.query(
      `SELECT id, occurrences FROM model_alerts WHERE machine_id = $1 AND alert_type = $2 AND NOT is_resolved`,
      [machineId, alertType],
    );
  const get = (url: string) => app.inject({ method: 'GET', url: `${API}${url}` });
  const post = (url: string, payload?: object) =>
    app.inject({ method: 'POST', url: `${API}${url}`, ...(payload ? { payload } : {}) });
  const deliveries = async (alertId: string) => (await get(`/alerts/${alertId}/deliveries`)).json().items;
  const settledDeliveries = (alertId: string, count: number) =>
    waitFor(`${count} webhook deliveries of alert ${alertId}`, async () => {
      const items = await deliveries(alertId);
      return items.length >= count ? items : undefined;
    });

  beforeAll(async () => {
    webhookUrl = await receiver.start();
    app = await withEnv(
      {
        ALERT_WEBHOOK_URL: webhookUrl,
        ALERT_WEBHOOK_SECRET: SECRET,
        ALERT_WEBHOOK_BASE_DELAY_MS: '20',
        ALERT_WEBHOOK_TIMEOUT_MS: '2000',
      },
      () => createTestApp(),
    );
    alerts = app.get(AlertsService);
    db = app.get(DataSource);
    machineA = await createMachine('alerts-a');
    machineB = await createMachine('alerts-b');
  });
  afterAll(async () => {
    await app.close();
    await receiver.stop();
  });

  describe('raise (domain API)', () => {
    it('folds 5 raises of the same alert into one unresolved row with occurrences 5', async () => {
      const outcomes: string[] = [];
      for (const value of [31, 36, 33, 29.5, 35]) {
        outcomes.push((await raise({ alert_type: 'performance_degradation', current_value: value })).outcome);
      }
      expect(outcomes).toEqual(['opened', 'repeated', 'repeated', 'repeated', 'repeated']);
      const rows = await unresolvedRows(machineA, 'performance_degradation');
      expect(rows).toHaveLength(1);
      expect(rows[0].occurrences).toBe(5);
      const alert = (await get(`/alerts/${rows[0].id}`)).json();
      expect(alert).toMatchObject({ occurrences: 5, worst_metric_value: 36, current_metric_value: 35 });
      expect(Date.parse(alert.last_seen_at)).toBeGreaterThan(Date.parse(alert.alert_timestamp));
    });

    it('folds 5 concurrent raises into one unresolved row with occurrences 5 (the index decides)', async () => {
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map(() => raise({ machine_id: machineB, alert_type: 'drift_detected' })),
      );
      expect(results.map((r) => r.outcome).sort()).toEqual([
        'opened',
        'repeated',
        'repeated',
        'repeated',
        'repeated',
      ]);
      expect(new Set(results.map((r) => r.alert.id)).size).toBe(1);
      const rows = await unresolvedRows(machineB, 'drift_detected');
      expect(rows).toHaveLength(1);
      expect(rows[0].occurrences).toBe(5);
    });

    it('escalates to a higher severity, never lowers it, and clears the acknowledgement on escalation', async () => {
      const opened = await raise({ alert_type: 'training_failed', severity: 'warning', current_value: 1 });
      expect(opened.outcome).toBe('opened');
      expect(
        (await post(`/alerts/${opened.alert.id}/acknowledge`, { acknowledged_by: 'op' })).statusCode,
      ).toBe(200);

      const escalated = await raise({
        alert_type: 'training_failed',
        severity: 'critical',
        current_value: 3,
      });
      expect(escalated.outcome).toBe('escalated');
      expect(escalated.alert).toMatchObject({
        id: opened.alert.id,
        severity: 'critical',
        previous_severity: 'warning',
        acknowledged_at: null,
        occurrences: 2,
      });

      const lower = await raise({ alert_type: 'training_failed', severity: 'warning', current_value: 1 });
      expect(lower.outcome).toBe('repeated');
      expect(lower.alert).toMatchObject({
        severity: 'critical',
        previous_severity: 'critical',
        occurrences: 3,
      });
      expect(lower.alert.worst_metric_value).toBe(3);
    });

    it('keeps the lowest completeness as the worst value of a data_gap alert', async () => {
      for (const completeness of [0.8, 0.45, 0.7]) {
        await raise({ alert_type: 'data_gap', current_value: completeness, threshold_value: 0.9 });
      }
      const [row] = await unresolvedRows(machineA, 'data_gap');
      expect((await get(`/alerts/${row.id}`)).json()).toMatchObject({
        worst_metric_value: 0.45,
        current_metric_value: 0.7,
      });
    });

    it('refuses an unknown machine with a not-found error naming machine_id', async () => {
      await expect(raise({ machine_id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
        code: 'MACHINE.NOT_FOUND',
        status: 404,
        fields: [{ field: 'machine_id', message: expect.any(String) }],
      });
    });

    it('records an automatic action', async () => {
      const { alert } = await raise({ alert_type: 'evaluation_stale', model_type: 'anomaly' });
      const updated = await alerts.recordAutoAction(alert.id, {
        type: 'retrain_triggered',
        result: { training_job_id: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' },
      });
      expect(updated).toMatchObject({
        auto_action_taken: true,
        auto_action_type: 'retrain_triggered',
        auto_action_result: { training_job_id: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' },
      });
    });
  });

  describe('REST', () => {
    it('GET /alerts/active answers an array with the predecessor fields, critical first then newest, filtered', async () => {
      const critical = await raise({
        machine_id: machineB,
        model_type: 'forecast_arima',
        alert_type: 'performance_degradation',
        severity: 'critical',
      });
      const all = await get('/alerts/active');
      expect(all.statusCode).toBe(200);
      const list = all.json();
      expect(Array.isArray(list)).toBe(true);
      for (const field of [
        ...PREDECESSOR_FIELDS,
        'occurrences',
        'last_seen_at',
        'acknowledged_at',
        'age_hours',
      ]) {
        expect(list[0]).toHaveProperty(field);
      }
      expect(typeof list[0].age_hours).toBe('number');
      // The predecessor's order: severity DESC on the alert_level enum (critical highest), then newest.
      const rank = { normal: 0, warning: 1, critical: 2 } as const;
      const keys = list.map((a: { severity: keyof typeof rank; alert_timestamp: string }) => [
        rank[a.severity],
        Date.parse(a.alert_timestamp),
      ]);
      const sorted = [...keys].sort((x, y) => y[0] - x[0] || y[1] - x[1]);
      expect(keys).toEqual(sorted);
      expect(list[0].severity).toBe('critical');
      expect(list.every((a: { is_resolved: boolean }) => a.is_resolved === false)).toBe(true);

      const filtered = (
        await get(`/alerts/active?machine_id=${machineB}&model_type=forecast_arima&severity=critical`)
      ).json();
      expect(filtered.map((a: { id: string }) => a.id)).toEqual([critical.alert.id]);
      expect(filtered[0]).toMatchObject({
        machine_id: machineB,
        machine_name: expect.stringMatching(/^alerts-b-/),
      });
      expect((await get(`/alerts/active?machine_id=${machineB}&severity=normal`)).json()).toEqual([]);
    });

    it('GET /alerts/active refuses bad filters with a 400 naming the field', async () => {
      for (const [query, field] of [
        ['severity=urgent', 'severity'],
        ['machine_id=42', 'machine_id'],
        ['model_type=neural', 'model_type'],
      ]) {
        const response = await get(`/alerts/active?${query}`);
        expect(response.statusCode).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });

    it('acknowledges (idempotently), resolves, refuses a second resolve with 409, and reopens on the next raise', async () => {
      const { alert } = await raise({ machine_id: machineB, alert_type: 'guideline14_violation' });
      const first = await post(`/alerts/${alert.id}/acknowledge`, {
        acknowledged_by: 'j.meyer',
        notes: 'looking',
      });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({
        acknowledged_by: 'anonymous (as j.meyer)',
        acknowledgement_notes: 'looking',
      });
      const again = await post(`/alerts/${alert.id}/acknowledge`);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({
        acknowledged_by: 'anonymous (as j.meyer)',
        acknowledged_at: first.json().acknowledged_at,
      });

      const missingAction = await post(`/alerts/${alert.id}/resolve`, {});
      expect(missingAction.statusCode).toBe(400);
      expect(missingAction.json().errors[0].field).toBe('resolution_action');

      const resolved = await post(`/alerts/${alert.id}/resolve`, {
        resolution_action: 'retrained',
        resolution_notes: 'new burner',
        resolved_by: 'j.meyer',
      });
      expect(resolved.statusCode).toBe(200);
      expect(resolved.json()).toMatchObject({
        is_resolved: true,
        resolution_action: 'retrained',
        resolved_by: 'anonymous (as j.meyer)',
        resolved_at: expect.any(String),
      });
      const activeIds = (await get(`/alerts/active?machine_id=${machineB}`))
        .json()
        .map((a: { id: string }) => a.id);
      expect(activeIds).not.toContain(alert.id);

      for (const [action, payload] of [
        ['resolve', { resolution_action: 'other' }],
        ['acknowledge', {}],
      ] as const) {
        const refused = await post(`/alerts/${alert.id}/${action}`, payload);
        expect(refused.statusCode).toBe(409);
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(refused.json()).toMatchObject({ status: 409, code: 'ALERT.ALREADY_RESOLVED' });
      }

      const reopened = await raise({ machine_id: machineB, alert_type: 'guideline14_violation' });
      expect(reopened.outcome).toBe('opened');
      expect(reopened.alert.id).not.toBe(alert.id);
      const history = (
        await get(`/alerts?machine_id=${machineB}&alert_type=guideline14_violation&limit=10`)
      ).json();
      expect(history).toMatchObject({ total: 2, limit: 10, offset: 0 });
      expect(history.items.map((a: { id: string }) => a.id)).toEqual([reopened.alert.id, alert.id]);
      const openOnly = (
        await get(`/alerts?machine_id=${machineB}&alert_type=guideline14_violation&is_resolved=false`)
      ).json();
      expect(openOnly.items.map((a: { id: string }) => a.id)).toEqual([reopened.alert.id]);
    });

    it('GET /alerts filters by acknowledgement and time window, and pages', async () => {
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const acknowledged = (await get(`/alerts?machine_id=${machineA}&acknowledged=true`)).json();
      expect(
        acknowledged.items.every((a: { acknowledged_at: string | null }) => a.acknowledged_at !== null),
      ).toBe(true);
      const page = (await get(`/alerts?machine_id=${machineA}&since=${since}&limit=2&offset=1`)).json();
      expect(page.items).toHaveLength(2);
      expect(page.total).toBeGreaterThanOrEqual(4);
      const future = (await get(`/alerts?machine_id=${machineA}&since=2999-01-01T00:00:00Z`)).json();
      expect(future).toMatchObject({ items: [], total: 0 });

      const backwards = await get(`/alerts?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z`);
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().errors).toEqual([{ field: 'until', message: 'must be after since' }]);
      const badBoolean = await get(`/alerts?acknowledged=maybe`);
      expect(badBoolean.statusCode).toBe(400);
      expect(badBoolean.json().errors[0].field).toBe('acknowledged');
    });

    it('answers 400 naming alert_id for a bad UUID and 404 for an unknown alert', async () => {
      for (const [method, url] of [
        ['GET', '/alerts/not-a-uuid'],
        ['POST', '/alerts/not-a-uuid/acknowledge'],
        ['POST', '/alerts/not-a-uuid/resolve'],
        ['GET', '/alerts/not-a-uuid/deliveries'],
      ] as const) {
        const response = await app.inject({
          method,
          url: `${API}${url}`,
          ...(url.endsWith('/resolve') ? { payload: { resolution_action: 'other' } } : {}),
        });
        expect(response.statusCode).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({
          code: 'REQUEST.INVALID_UUID',
          errors: [{ field: 'alert_id', message: 'must be a UUID' }],
        });
      }
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const response of [
        await get(`/alerts/${unknown}`),
        await post(`/alerts/${unknown}/resolve`, { resolution_action: 'other' }),
        await post(`/alerts/${unknown}/acknowledge`),
        await get(`/alerts/${unknown}/deliveries`),
      ]) {
        expect(response.statusCode).toBe(404);
        expect(response.json()).toMatchObject({ code: 'ALERT.NOT_FOUND', status: 404 });
      }
    });
  });

  describe('webhook', () => {
    it('delivers opened, escalated and resolved events signed over "<timestamp>.<raw body>"', async () => {
      const { alert } = await raise({ machine_id: machineB, alert_type: 'data_gap', current_value: 0.8 });
      await raise({ machine_id: machineB, alert_type: 'data_gap', severity: 'critical', current_value: 0.3 });
      await post(`/alerts/${alert.id}/resolve`, { resolution_action: 'accepted', resolved_by: 'j.meyer' });
      const rows = await settledDeliveries(alert.id, 3);
      expect(rows.map((r: { event: string }) => r.event).sort()).toEqual(['escalated', 'opened', 'resolved']);
      expect(
        rows.every((r: { delivered: boolean; status_code: number }) => r.delivered && r.status_code === 200),
      ).toBe(true);

      const received = receiver.forAlert(alert.id);
      expect(received.map((r) => r.body.event).sort()).toEqual(['escalated', 'opened', 'resolved']);
      for (const request of received) {
        const timestamp = String(request.headers['x-webhook-timestamp']);
        expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
        const expected = createHmac('sha256', SECRET).update(`${timestamp}.${request.raw}`).digest('hex');
        expect(request.headers['x-signature-256']).toBe(`sha256=${expected}`);
        expect(request.headers['content-type']).toBe('application/json');
        expect(request.headers['x-webhook-event']).toBe(request.body.event);
      }
      const escalated = received.find((r) => r.body.event === 'escalated')!.body;
      expect(escalated.text).toContain('escalated from warning');
      expect(escalated.alert).toMatchObject({ id: alert.id, severity: 'critical', machine_id: machineB });
      expect(received.find((r) => r.body.event === 'resolved')!.body.alert).toMatchObject({
        is_resolved: true,
        resolution_action: 'accepted',
      });
    });

    it('retries 503 answers with backoff: three delivery rows, the last one delivered', async () => {
      receiver.script.set(`${machineA}/forecast_prophet/data_gap`, [503, 503]);
      const { alert } = await raise({
        machine_id: machineA,
        model_type: 'forecast_prophet',
        alert_type: 'data_gap',
      });
      const rows = await settledDeliveries(alert.id, 3);
      expect(
        rows.map((r: { attempt: number; status_code: number; delivered: boolean }) => [
          r.attempt,
          r.status_code,
          r.delivered,
        ]),
      ).toEqual([
        [1, 503, false],
        [2, 503, false],
        [3, 200, true],
      ]);
      expect(new Set(rows.map((r: { delivery_id: string }) => r.delivery_id)).size).toBe(1);
      expect(rows[0].error).toBe('HTTP 503: busy');
      const sent = receiver.forAlert(alert.id, 'opened');
      expect(sent).toHaveLength(3);
      expect(new Set(sent.map((r) => r.raw)).size).toBe(1);
    });
    it('records network errors as failed attempts and stops after ALERT_WEBHOOK_MAX_ATTEMPTS', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const other = await withEnv(
        {
          ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/nobody-listens`,
          ALERT_WEBHOOK_SECRET: SECRET,
          ALERT_WEBHOOK_MAX_ATTEMPTS: '2',
          ALERT_WEBHOOK_BASE_DELAY_MS: '20',
        },
        () => createTestApp(),
      );
      try {
        const { alert } = await other.get(AlertsService).raise({
          machine_id: machineA,
          model_type: 'anomaly',
          alert_type: 'training_failed',
          severity: 'warning',
          message: 'training failed: not enough data',
        });
        const rows = await settledDeliveries(alert.id, 2);
        expect(rows).toHaveLength(2);
        for (const row of rows) {
          expect(row).toMatchObject({ status_code: null, delivered: false });
          expect(row.error).toMatch(/ECONNREFUSED/);
        }
      } finally {
        await other.close();
      }
    });

    it('does not hold up shutdown with a retry that is still waiting', async () => {
      const other = await withEnv(
        { ALERT_WEBHOOK_URL: webhookUrl, ALERT_WEBHOOK_SECRET: SECRET, ALERT_WEBHOOK_BASE_DELAY_MS: '60000' },
        () => createTestApp(),
      );
      receiver.script.set(`${machineB}/anomaly/evaluation_stale`, [503]);
      const { alert } = await other.get(AlertsService).raise({
        machine_id: machineB,
        model_type: 'anomaly',
        alert_type: 'evaluation_stale',
        severity: 'warning',
        message: 'no evaluation for 3 days',
      });
      await settledDeliveries(alert.id, 1);
      const started = Date.now();
      await other.close();
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await deliveries(alert.id)).toEqual([
        expect.objectContaining({ attempt: 1, status_code: 503, delivered: false }),
      ]);
    });
  });
});
