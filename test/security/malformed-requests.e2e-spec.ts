/**
 * Robustness (issue 7, part 4): every endpoint the app serves gets generated malformed requests
 * (wrong types, huge numbers, NaN/Infinity, invalid UUIDs and dates, NUL bytes, unknown fields,
 * prototype keys, missing fields, deep nesting, wrong content types, oversized bodies) through the
 * whole Fastify stack (app.inject: content-type parsers, body limit, guards, pipes, error handler).
 * Each must get a 4xx application/problem+json that names the broken input, and leave the
 * database as it was. The endpoints come from the app's OpenAPI document, and every route Fastify
 * serves must be in it, so a new endpoint is fuzzed without editing this file.
 *
 * FUZZ_RUNS (default 3) sets the runs per family of malformed input, FUZZ_SEED replays a failure
 * (CI uses a fixed seed).
 */
import fc from 'fast-check';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LightMyRequestResponse } from 'fastify';
import { DataSource } from 'typeorm';
import { JSON_BODY_LIMIT_BYTES } from '../../src/app.factory';
import { AuditService } from '../../src/security/audit.service';
import { auditEntriesAfter, fingerprint, lastAuditId } from '../support/database-fingerprint';
import { freshDatabase } from '../support/fresh-database';
import {
  MalformedRequest,
  OpenApiDocument,
  Operation,
  malformedRequests,
  operationsOf,
} from '../support/malformed-requests';
import { documentedRoutes, servedRoutes } from '../support/served-routes';
import { API, createTestApp, ensureDemoData } from '../support/test-app';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
// CI draws the same requests every run (a red CI must be reproducible, not a coin toss); elsewhere each
// run draws new ones, and a failure prints the seed that replays it.
const CI_SEED = 20261127;
const SEED =
  process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.CI ? CI_SEED : undefined;

/** Served but not fuzzed, and why: they take no input but the file path they serve. */
const NOT_API = [
  /^GET \/$/, // redirect to the web page
  /^GET \/ui\/model-performance/, // the web page's static files (@fastify/static)
  /^GET \/docs/, // Swagger UI, /docs-json and /docs-yaml: the document this test reads
];

const ENV = {
  // The limits would answer 429 before validation could, hiding what this suite looks for.
  RATE_LIMIT_WRITES_PER_MINUTE: '100000',
  RATE_LIMIT_TRIGGERS_PER_MINUTE: '100000',
  // No scheduled job may write while the database is compared (Jan 1, 00:00, is never during a run).
  TRAINING_CLEANUP_CRON: '0 0 1 1 *',
  EVALUATION_CRON: '0 0 1 1 *',
  WEEKLY_RETRAIN_CRON: '0 0 1 1 *',
  ANOMALY_DETECTION_CRON: '0 0 1 1 *',
  AB_TEST_COMPLETION_CRON: '0 0 1 1 *',
};

interface Problem {
  type?: unknown;
  title?: unknown;
  status?: unknown;
  detail?: unknown;
  errors?: { field: string }[];
}

/** Why this response to a malformed request is wrong, or undefined when it is right. */
function fault(request: MalformedRequest, response: LightMyRequestResponse): string | undefined {
  const status = response.statusCode;
  if (status < 400 || status > 499) return `status ${status}, expected 4xx`;
  if (request.status !== undefined && status !== request.status)
    return `status ${status}, expected ${request.status}`;
  if (!/^application\/problem\+json/.test(String(response.headers['content-type'])))
    return `content-type ${String(response.headers['content-type'])}`;
  const problem = response.json<Problem>();
  if (
    typeof problem.type !== 'string' ||
    typeof problem.title !== 'string' ||
    problem.status !== status ||
    typeof problem.detail !== 'string'
  )
    return 'not a problem (type, title, status, detail)';
  if (request.field !== undefined && !names(problem, request.field))
    return `the problem does not name ${JSON.stringify(request.field)}`;
  return undefined;
}

function names(problem: Problem, field: string): boolean {
  const fields = (problem.errors ?? []).map((error) => error.field);
  const word = new RegExp(`(^|[^\\w])${field.replace(/[^\w]/g, '\\$&')}($|[^\\w])`);
  return (
    fields.some((f) => f === field || f.startsWith(`${field}.`) || f.endsWith(`.${field}`)) ||
    word.test(String(problem.detail))
  );
}

/** An SSE route that accepted a request would never finish: answer that as a failure instead. */
function withinSeconds<T>(promise: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${seconds} s (stream opened?)`)),
      seconds * 1000,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('robustness: generated malformed requests to every endpoint', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let drop: () => Promise<void>;
  let document: OpenApiDocument;
  let operations: Operation[];
  let machineId: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const [name, value] of Object.entries(ENV)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    // Own database: nothing left by other suites (pending jobs) may change it while it is compared.
    const database = await freshDatabase('fuzz');
    drop = database.drop;
    app = await createTestApp(database.url);
    db = app.get(DataSource);
    machineId = (await ensureDemoData(app)).steel;
    document = (await app.inject({ method: 'GET', url: '/docs-json' })).json<OpenApiDocument>();
    operations = operationsOf(document);
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('knows every route the app serves from its OpenAPI document', () => {
    const served = servedRoutes(app.getHttpAdapter().getInstance()).filter(
      (route) => !NOT_API.some((pattern) => pattern.test(route)),
    );
    expect(served.sort()).toEqual(documentedRoutes(document).sort());
    expect(served.length).toBeGreaterThan(40);
  });

  it('answers 4xx problem+json naming the broken input, and changes nothing', async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const operation of operations) {
      const before = await fingerprint(db);
      const auditedBefore = await lastAuditId(db);
      const changes: string[] = [];
      const families = malformedRequests(operation, machineId, { jsonBodyBytes: JSON_BODY_LIMIT_BYTES });
      if (families.length === 0)
        failures.push(`${operation.method} ${operation.path}: no malformed input to send`);
      for (const { label, requests: arbitrary } of families) {
        const result = await fc.check(
          fc.asyncProperty(arbitrary, async (request) => {
            requests += 1;
            const response = await withinSeconds(
              app.inject({
                method: request.method as 'GET',
                url: request.url,
                headers: request.headers,
                payload: request.payload,
              }),
              10,
            );
            if (request.method !== 'GET') changes.push(String(response.headers['x-request-id']));
            const wrong = fault(request, response);
            if (wrong)
              throw new Error(
                `${request.label}: ${wrong}\n  got ${response.statusCode} ${response.body.slice(0, 400)}`,
              );
          }),
          { numRuns: RUNS, seed: SEED },
        );
        if (result.failed)
          failures.push(
            `${operation.method} ${operation.path} [${label}] (seed ${result.seed}, path ${result.counterexamplePath}): ` +
              String((result.errorInstance as Error | undefined)?.message),
          );
      }
      const after = await fingerprint(db);
      const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
      if (changed.length > 0)
        failures.push(`${operation.method} ${operation.path} changed ${changed.join(', ')}`);
      // Refused change requests are audited by design: one entry each, with its 4xx outcome.
      await app.get(AuditService).flush();
      const audited = await auditEntriesAfter(db, auditedBefore);
      const unexpected = audited.filter((entry) => entry.outcome < 400 || entry.outcome > 499);
      if (unexpected.length > 0)
        failures.push(
          `${operation.method} ${operation.path} audited outcomes ${unexpected.map((e) => e.outcome).join(', ')}`,
        );
      const missing = changes.filter((id) => !audited.some((entry) => entry.request_id === id));
      if (missing.length > 0)
        failures.push(
          `${operation.method} ${operation.path}: ${missing.length} refused requests not audited`,
        );
    }
    expect(requests).toBeGreaterThan(operations.length * RUNS);
    expect(failures).toEqual([]);
  }, 600_000);
  it('answers the requests it once got wrong', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const trigger = `${API}/retrain/trigger?model_type=baseline&machine_id=${machineId}`;
    const json = (label: string, method: string, url: string, payload: string, field: string) => ({
      label,
      method,
      url,
      headers: { 'content-type': 'application/json' },
      payload,
      field,
    });
    // Each was a 500, a 2xx or a problem naming nothing before the fix beside it.
    const requests: MalformedRequest[] = [
      {
        label: 'NUL in a query (500)',
        method: 'GET',
        url: `${API}/machines?type=a%00b`,
        headers: {},
        field: 'type',
      },
      json('deep JSON (500)', 'POST', `${API}/machines`, `{"name":"x","metadata":${deep}}`, 'metadata'),
      json(
        'NUL in jsonb (500)',
        'POST',
        `${API}/machines`,
        '{"name":"x","metadata":{"a":"\\u0000"}}',
        'metadata.a',
      ),
      json(
        'lone surrogate (500)',
        'POST',
        `${API}/machines/${machineId}/readings/energy`,
        '{"readings":[{"time":"2015-01-01T00:00:00Z","energy_type":"\\ud800"}]}',
        'readings.0.energy_type',
      ),
      {
        label: '__proto__ in a query (200)',
        method: 'GET',
        url: `${API}/machines?__proto__=1`,
        headers: {},
        field: '__proto__',
      },
      json(
        '__proto__ in a body ("not valid JSON")',
        'POST',
        `${API}/machines`,
        '{"name":"x","__proto__":{"a":1}}',
        '__proto__',
      ),
      {
        label: 'query where none is taken (200, job ran)',
        method: 'POST',
        url: `${API}/admin/scheduler/training_cleanup/run?now=1`,
        headers: {},
        field: 'now',
      },
      json(
        'body where none is taken (200, job ran)',
        'POST',
        `${API}/admin/scheduler/training_cleanup/run`,
        '{"a":1}',
        'body',
      ),
      json('array for a DTO body (200, job queued)', 'POST', trigger, '[]', 'body'),
      {
        label: 'text for a DTO body (200)',
        method: 'POST',
        url: trigger,
        headers: { 'content-type': 'text/plain' },
        payload: 'x',
        field: 'body',
      },
      json(
        'array for a nested DTO (200)',
        'POST',
        trigger,
        '{"hyperparameters":{"prophet":[]}}',
        'hyperparameters.prophet',
      ),
      json(
        '30 February (200)',
        'POST',
        trigger,
        '{"hyperparameters":{"training_start":"2015-02-30"}}',
        'hyperparameters.training_start',
      ),
      {
        label: '1e308 in a CSV (200)',
        method: 'POST',
        url: `${API}/machines/${machineId}/readings/energy/csv`,
        headers: { 'content-type': 'text/csv' },
        payload: 'time,energy_kwh\n2015-01-01T00:00:00Z,1e308\n',
        field: 'energy_kwh',
      },
      {
        label: 'form body (201)',
        method: 'POST',
        url: `${API}/machines`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'name=x',
        status: 415,
      },
    ];
    const before = await fingerprint(db);
    const auditedBefore = await lastAuditId(db);
    const answers = [];
    for (const request of requests) {
      const response = await app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers: request.headers,
        payload: request.payload,
      });
      answers.push({ label: request.label, fault: fault(request, response) });
    }
    expect(answers).toEqual(requests.map((request) => ({ label: request.label, fault: undefined })));
    expect(await fingerprint(db)).toEqual(before);
    // A NUL in the query once cost the audit entry (jsonb refused it): the refusal is on record.
    const refused = await app.inject({ method: 'POST', url: `${trigger}&reason=%00` });
    expect(refused.json()).toMatchObject({ status: 400, errors: [{ field: 'reason' }] });
    await app.get(AuditService).flush();
    const audited = await auditEntriesAfter(db, auditedBefore);
    expect(audited).toContainEqual({
      method: 'POST',
      outcome: 400,
      request_id: refused.headers['x-request-id'],
    });
  });
});
