import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { API, createTestApp } from '../support/test-app';

async function createMachine(
  app: NestFastifyApplication,
  name: string,
  timezone: string,
  dataIntervalSeconds: number,
): Promise<string> {
  const created = await app.inject({
    method: 'POST',
    url: `${API}/machines`,
    payload: {
      name: `${name}-${Date.now()}`,
      type: 'compressor',
      timezone,
      data_interval_seconds: dataIntervalSeconds,
    },
  });
  expect(created.statusCode).toBe(201);
  return created.json().id;
}

const postCsvTo = (
  app: NestFastifyApplication,
  machineId: string,
  kind: string,
  csv: string,
  contentType = 'text/csv',
) =>
  app.inject({
    method: 'POST',
    url: `${API}/machines/${machineId}/readings/${kind}/csv`,
    headers: { 'content-type': contentType },
    payload: csv,
  });

describe('meter data ingest (JSON and CSV)', () => {
  let app: NestFastifyApplication;
  let machineId: string;
  let db: DataSource;

  const count = async (table: string) =>
    Number(
      (await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE machine_id = $1`, [machineId]))[0].n,
    );
  const postCsv = (kind: string, csv: string, contentType = 'text/csv') =>
    postCsvTo(app, machineId, kind, csv, contentType);

  beforeAll(async () => {
    app = await createTestApp();
    db = app.get(DataSource);
    machineId = await createMachine(app, 'ingest', 'Europe/Berlin', 900);
  });
  afterAll(() => app.close());

  it('ingests JSON readings and answers a re-sent batch with nothing inserted or changed', async () => {
    const payload = {
      readings: [
        { time: '2026-01-01T00:00:00Z', energy_kwh: 10, power_kw: 40 },
        { time: '2026-01-01T00:15:00Z', energy_kwh: 11, power_kw: 44 },
      ],
    };
    const first = await app.inject({
      method: 'POST',
      url: `${API}/machines/${machineId}/readings/energy`,
      payload,
    });
    expect(first.json()).toEqual({ kind: 'energy', received: 2, inserted: 2, updated: 0, unchanged: 0 });
    const again = await app.inject({
      method: 'POST',
      url: `${API}/machines/${machineId}/readings/energy`,
      payload,
    });
    expect(again.json()).toEqual({ kind: 'energy', received: 2, inserted: 0, updated: 0, unchanged: 2 });
    payload.readings[1].energy_kwh = 12;
    const corrected = await app.inject({
      method: 'POST',
      url: `${API}/machines/${machineId}/readings/energy`,
      payload,
    });
    expect(corrected.json()).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    expect(await count('energy_readings')).toBe(2);
  });

  it('refuses a JSON batch with one bad row, naming the row and field, and writes nothing', async () => {
    const before = await count('energy_readings');
    const response = await app.inject({
      method: 'POST',
      url: `${API}/machines/${machineId}/readings/energy`,
      payload: {
        readings: [
          { time: '2026-02-01T00:00:00Z', energy_kwh: 1 },
          { time: '2026-02-01T00:15:00Z', energy_kwh: 'lots' },
        ],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'readings.1.energy_kwh' })]),
    );
    expect(await count('energy_readings')).toBe(before);
  });

  it('refuses unknown fields and duplicate keys within a JSON batch', async () => {
    const unknown = await app.inject({
      method: 'POST',
      url: `${API}/machines/${machineId}/readings/environment`,
      payload: { readings: [{ time: '2026-01-01T00:00:00Z', outdoor_temp_c: 3, colour: 'red' }] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('readings.0.colour');
    const duplicate = await app.inject({
      method: 'POST',
      url: `${API}/machines/${machineId}/readings/environment`,
      payload: {
        readings: [
          { time: '2026-01-01T00:00:00Z', outdoor_temp_c: 3 },
          { time: '2026-01-01T01:00:00+01:00', outdoor_temp_c: 4 },
        ],
      },
    });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().errors[0].field).toBe('readings.1.time');
  });

  it('streams a CSV with COPY, idempotently', async () => {
    const csv =
      'time,outdoor_temp_c,humidity_percent\n2026-03-01T00:00:00Z,4.5,80\n2026-03-01T01:00:00Z,4.1,82\n2026-03-01T02:00:00Z,3.9,85\n';
    const first = await postCsv('environment', csv);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ kind: 'environment', received: 3, inserted: 3, updated: 0, unchanged: 0 });
    const again = await postCsv('environment', csv);
    expect(again.json()).toEqual({ kind: 'environment', received: 3, inserted: 0, updated: 0, unchanged: 3 });
  });

  it('names the line and column of a bad CSV value and writes nothing', async () => {
    const before = await count('production_data');
    const csv = 'time,production_count,load_level\n2026-04-01T00:00:00Z,10,1\n2026-04-01T00:15:00Z,ten,1\n';
    const response = await postCsv('production', csv);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'INGEST.BAD_ROW',
      errors: [{ field: 'line 3.production_count' }],
    });
    expect(response.json().detail).toMatch(/line 3, column production_count/);
    expect(await count('production_data')).toBe(before);
  });

  it('refuses NaN/Infinity, unknown columns, a missing time column and duplicates in a CSV', async () => {
    const nan = await postCsv(
      'energy',
      'time,energy_kwh\n2026-05-01T00:00:00Z,1\n2026-05-01T00:15:00Z,NaN\n',
    );
    expect(nan.json()).toMatchObject({ status: 400, errors: [{ field: 'line 3.energy_kwh' }] });
    const withoutEnergyType = await postCsv('energy', 'time,energy_kwh\n2026-05-02T00:00:00Z,7\n');
    expect(withoutEnergyType.json()).toMatchObject({ inserted: 1 });
    const unknown = await postCsv('energy', 'time,energy_kwhh\n2026-05-01T00:00:00Z,1\n');
    expect(unknown.json()).toMatchObject({
      status: 400,
      code: 'INGEST.BAD_HEADER',
      errors: [{ field: 'line 1.energy_kwhh' }],
    });
    const noTime = await postCsv('energy', 'energy_kwh\n1\n');
    expect(noTime.json().errors).toEqual([{ field: 'line 1.time', message: 'the time column is required' }]);
    const duplicate = await postCsv(
      'energy',
      'time,energy_kwh\n2026-05-01T00:00:00Z,1\n2026-05-01T00:00:00Z,2\n',
    );
    expect(duplicate.json()).toMatchObject({ status: 400, code: 'INGEST.DUPLICATE_ROW' });
    const badTime = await postCsv('energy', 'time,energy_kwh\nyesterday,1\n');
    expect(badTime.json()).toMatchObject({ status: 400, errors: [{ field: 'line 2.time' }] });
    const impossibleDate = await postCsv('energy', 'time,energy_kwh\n2026-13-45T00:00:00Z,1\n');
    expect(impossibleDate.json()).toMatchObject({ status: 400, code: 'REQUEST.DATETIME_OUT_OF_RANGE' });
    expect(await count('energy_readings')).toBe(3);
  });

  it('reads CSV times without an offset as wall-clock times of the machine timezone (Europe/Berlin)', async () => {
    const response = await postCsv('production', 'time,production_count\n2026-07-01 12:00,5\n');
    expect(response.json()).toMatchObject({ inserted: 1 });
    const [row] = await db.query(
      `SELECT time FROM production_data WHERE machine_id = $1 AND production_count = 5`,
      [machineId],
    );
    expect((row.time as Date).toISOString()).toBe('2026-07-01T10:00:00.000Z');
  });

  it('refuses a CSV sent with the wrong content type or to an unknown kind', async () => {
    const json = await app.inject({
      method: 'POST',
      url: `${API}/machines/${machineId}/readings/energy/csv`,
      payload: { time: 1 },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().errors[0].field).toBe('content-type');
    const xml = await postCsv('energy', '<a/>', 'application/xml');
    expect(xml.statusCode).toBe(415);
    expect(xml.headers['content-type']).toMatch(/problem\+json/);
    const kind = await postCsv('gold', 'time\n');
    expect(kind.json()).toMatchObject({ status: 400, errors: [{ field: 'kind' }] });
  });
});

describe('ingest at the DST changes and at scale (a machine in Europe/London)', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let machineId: string;

  const energyCount = async () =>
    Number(
      (await db.query(`SELECT count(*)::int AS n FROM energy_readings WHERE machine_id = $1`, [machineId]))[0]
        .n,
    );
  const postCsv = (csv: string) => postCsvTo(app, machineId, 'energy', csv);
  const postJson = (readings: object[]) =>
    app.inject({
      method: 'POST',
      url: `${API}/machines/${machineId}/readings/energy`,
      payload: { readings },
    });

  beforeAll(async () => {
    app = await createTestApp();
    db = app.get(DataSource);
    machineId = await createMachine(app, 'ingest-london', 'Europe/London', 3600);
  });
  afterAll(() => app.close());

  it('refuses an offset-less time of the skipped spring hour with 400 naming line and column (was a 500)', async () => {
    // 01:00 does not exist on 2016-03-27 in London; 02:00 BST is 01:00Z.
    const response = await postCsv(
      'time,energy_kwh\n2016-03-27 00:00,1\n2016-03-27 01:00,2\n2016-03-27 02:00,3\n',
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(response.json()).toMatchObject({
      code: 'INGEST.NONEXISTENT_TIME',
      errors: [{ field: 'line 3.time' }],
    });
    expect(response.json().detail).toMatch(
      /^line 3, column time: "2016-03-27 01:00" does not exist in Europe\/London/,
    );
    expect(await energyCount()).toBe(0);
  });

  it('refuses an offset-less time of the repeated autumn hour, in a CSV and in JSON', async () => {
    const csv = await postCsv('time,energy_kwh\n2016-10-30T00:30,1\n2016-10-30T01:30,2\n');
    expect(csv.statusCode).toBe(400);
    expect(csv.json()).toMatchObject({ code: 'INGEST.AMBIGUOUS_TIME', errors: [{ field: 'line 3.time' }] });
    expect(csv.json().detail).toMatch(/occurs twice in Europe\/London/);
    const json = await postJson([
      { time: '2016-10-30T00:30:00Z', energy_kwh: 1 },
      { time: '2016-10-30T01:30:00', energy_kwh: 2 },
    ]);
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({
      code: 'INGEST.AMBIGUOUS_TIME',
      errors: [{ field: 'readings.1.time' }],
    });
    const spring = await postJson([{ time: '2016-03-27T01:15:00', energy_kwh: 1 }]);
    expect(spring.json()).toMatchObject({ status: 400, errors: [{ field: 'readings.0.time' }] });
    expect(await energyCount()).toBe(0);
  });

  it('refuses two ways of writing one instant before the upsert (was "cannot affect row a second time")', async () => {
    // 2016-03-27 02:00 in London is 01:00Z.
    const csv = await postCsv('time,energy_kwh\n2016-03-27T01:00:00Z,1\n2016-03-27 02:00,2\n');
    expect(csv.statusCode).toBe(400);
    expect(csv.json()).toMatchObject({ code: 'INGEST.DUPLICATE_ROW', errors: [{ field: 'line 3.time' }] });
    expect(csv.json().detail).toMatch(/as line 2/);
    const json = await postJson([
      { time: '2016-07-01T11:00:00Z', energy_kwh: 1 },
      { time: '2016-07-01T12:00:00', energy_kwh: 2 },
    ]);
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({
      code: 'INGEST.DUPLICATE_ROW',
      errors: [{ field: 'readings.1.time' }],
    });
    expect(await energyCount()).toBe(0);
  });

  it('takes both readings of the repeated hour when they carry their offsets, and wall-clock times elsewhere', async () => {
    const response = await postCsv(
      'time,energy_kwh\n2016-10-30 00:30,1\n2016-10-30T01:30+01:00,2\n2016-10-30T01:30+00:00,3\n2016-10-30 02:30,4\n',
    );
    expect(response.json()).toMatchObject({ received: 4, inserted: 4 });
    const rows = await db.query(
      `SELECT time, energy_kwh FROM energy_readings WHERE machine_id = $1 ORDER BY time`,
      [machineId],
    );
    expect(rows.map((row: { time: Date }) => row.time.toISOString())).toEqual([
      '2016-10-29T23:30:00.000Z',
      '2016-10-30T00:30:00.000Z',
      '2016-10-30T01:30:00.000Z',
      '2016-10-30T02:30:00.000Z',
    ]);
  });

  it('refreshes the planner statistics of the table a bulk ingest wrote (autovacuum may be off)', async () => {
    const stats = async () =>
      (
        await db.query(
          `SELECT c.reltuples::float8 AS rows, coalesce(s.analyze_count, 0)::int AS analyzed
             FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.oid = 'energy_readings'::regclass`,
        )
      )[0] as { rows: number; analyzed: number };
    const before = await stats();
    // More than autovacuum's threshold (50 + 10 % of the table) in one upload.
    const rows = Math.max(500, Math.ceil(0.1 * Math.max(before.rows, 0)) + 200);
    const start = Date.parse('2017-01-01T00:00:00Z');
    const lines = Array.from(
      { length: rows },
      (_, i) => `${new Date(start + i * 3_600_000).toISOString()},${(i % 24) + 1}`,
    );
    const response = await postCsv(`time,energy_kwh\n${lines.join('\n')}\n`);
    expect(response.json()).toMatchObject({ inserted: rows });
    const after = await stats();
    expect(after.analyzed).toBeGreaterThan(before.analyzed);
    expect(after.rows).toBeGreaterThanOrEqual(rows);
  });
});

describe('a CSV upload past DB_INGEST_STATEMENT_TIMEOUT_MS', () => {
  let app: NestFastifyApplication;
  const saved = process.env.DB_INGEST_STATEMENT_TIMEOUT_MS;
  beforeAll(async () => {
    process.env.DB_INGEST_STATEMENT_TIMEOUT_MS = '1';
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
    if (saved === undefined) delete process.env.DB_INGEST_STATEMENT_TIMEOUT_MS;
    else process.env.DB_INGEST_STATEMENT_TIMEOUT_MS = saved;
  });

  it('answers 413 naming the limit and writes nothing', async () => {
    const machine = await app.inject({
      method: 'POST',
      url: `${API}/machines`,
      payload: {
        name: `slow-ingest-${Date.now()}`,
        type: 'compressor',
        timezone: 'UTC',
        data_interval_seconds: 60,
      },
    });
    const machineId: string = machine.json().id;
    const start = Date.parse('2026-01-01T00:00:00Z');
    const lines = Array.from(
      { length: 100_000 },
      (_, i) => `${new Date(start + i * 60_000).toISOString()},electricity,${(i % 97) / 10}`,
    );
    const response = await app.inject({
      method: 'POST',
      url: `${API}/machines/${machineId}/readings/energy/csv`,
      headers: { 'content-type': 'text/csv' },
      payload: `time,energy_type,energy_kwh\n${lines.join('\n')}\n`,
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'INGEST.TOO_LONG', errors: [{ field: 'body' }] });
    expect(response.json().detail).toContain('DB_INGEST_STATEMENT_TIMEOUT_MS');
    const [{ n }] = await app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM energy_readings WHERE machine_id = $1`, [machineId]);
    expect(n).toBe(0);
  });
});

describe('problem+json on bad requests', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => (app = await createTestApp()));
  afterAll(() => app.close());

  it('answers a bad UUID with 400 naming the parameter', async () => {
    const response = await app.inject({ method: 'GET', url: `${API}/machines/not-a-uuid` });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 400,
      title: 'Bad Request',
      code: 'REQUEST.INVALID_UUID',
      errors: [{ field: 'id' }],
    });
  });

  it('answers an unknown machine with 404', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `${API}/machines/00000000-0000-4000-8000-000000000000`,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      status: 404,
      code: 'MACHINE.NOT_FOUND',
      type: expect.stringContaining('machine-not-found'),
    });
  });

  it('answers a missing field and a bad timezone with 400 naming them', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `${API}/machines`,
      payload: { timezone: 'Mars/Olympus' },
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().errors as { field: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'timezone']));
  });

  it('answers malformed JSON and an unknown route with problem+json', async () => {
    const broken = await app.inject({
      method: 'POST',
      url: `${API}/machines`,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toMatch(/problem\+json/);
    const missing = await app.inject({ method: 'GET', url: `${API}/nothing-here` });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
  });

  it('rejects a reading window whose end is not after its start', async () => {
    const id = await createMachine(app, 'window', 'UTC', 3600);
    const response = await app.inject({
      method: 'GET',
      url: `${API}/machines/${id}/readings?kind=energy&start=2026-01-02T00:00:00Z&end=2026-01-01T00:00:00Z`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'REQUEST.BAD_WINDOW', errors: [{ field: 'end' }] });
  });
});
