import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { DemoLoader } from '../../src/demo/demo-loader';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';

describe('demo data loader (real data into real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let ids: DemoIds;

  beforeAll(async () => {
    app = await createTestApp();
    ids = await ensureDemoData(app);
  });
  afterAll(() => app.close());

  const machine = async (id: string): Promise<Record<string, any>> =>
    (await app.inject({ method: 'GET', url: `${API}/machines/${id}` })).json();

  it('loads 35,040 steel readings from 2018-01-01 00:00 to 2018-12-31 23:45 Seoul time, with load levels', async () => {
    const steel = await machine(ids.steel);
    expect(steel).toMatchObject({
      name: 'Steel plant main feeder',
      timezone: 'Asia/Seoul',
      data_interval_seconds: 900,
    });
    expect(steel.data.energy).toEqual({
      count: 35040,
      first: '2017-12-31T15:00:00.000Z',
      last: '2018-12-31T14:45:00.000Z',
    });
    expect(steel.data.production.count).toBe(35040);
  });

  it('loads 26,280 hourly rows for each b40 meter, 2013-01-01 00:00 to 2015-12-31 23:00 UTC, with weather', async () => {
    for (const id of [ids.b40Electricity, ids.b40Gas]) {
      const b40 = await machine(id);
      expect(b40.timezone).toBe('UTC');
      expect(b40.data.energy).toEqual({
        count: 26280,
        first: '2013-01-01T00:00:00.000Z',
        last: '2015-12-31T23:00:00.000Z',
      });
      expect(b40.data.environment.count).toBe(26280);
    }
    expect((await machine(ids.b40Gas)).data.energy_types).toEqual(['natural_gas']);
  });

  it('is idempotent: a second load changes no row, and it leaves the planner statistics fresh', async () => {
    const before = await machine(ids.b40Gas);
    const loadStarted = new Date();
    const report = await app.get(DemoLoader).load();
    expect(report.machines.b40_gas).toBe(ids.b40Gas);
    expect((await machine(ids.b40Gas)).data).toEqual(before.data);
    const analysed = await app.get(DataSource).query<{ relname: string; last_analyze: Date | null }[]>(
      `SELECT relname, last_analyze FROM pg_stat_user_tables
          WHERE relname IN ('energy_readings', 'environmental_data', 'production_data') ORDER BY relname`,
    );
    expect(analysed.map((table) => table.relname)).toEqual([
      'energy_readings',
      'environmental_data',
      'production_data',
    ]);
    for (const table of analysed)
      expect(table.last_analyze!.getTime()).toBeGreaterThanOrEqual(loadStarted.getTime() - 1000);
  });

  it('aggregates per day in the machine timezone (b40 gas, 1 January 2013 = 24 hours)', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `${API}/machines/${ids.b40Gas}/readings?kind=energy&start=2013-01-01T00:00:00Z&end=2013-01-03T00:00:00Z&aggregate=day`,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.items).toHaveLength(2);
    expect(body.items[0]).toMatchObject({ local_time: '2013-01-01T00:00', reading_count: 24 });
  });

  it('aggregates steel per local Seoul day: 96 readings on 1 January 2018', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `${API}/machines/${ids.steel}/readings?kind=energy&start=2017-12-31T15:00:00Z&end=2018-01-01T15:00:00Z&aggregate=day`,
    });
    const body = response.json();
    expect(body.items).toEqual([
      expect.objectContaining({
        time: '2017-12-31T15:00:00.000Z',
        local_time: '2018-01-01T00:00',
        reading_count: 96,
      }),
    ]);
  });
});
