/**
 * The savings report against eemeter 2.10.11 (caltrack.json): a CalTRACK daily baseline of each b40
 * meter fitted on 2014 through the API, its 2015 report (counterfactual, metered, avoided energy,
 * by month and in total, 1e-6) and the 90 % fractional savings uncertainty band (1e-4); and the
 * refusals of bad requests, each naming its field.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trainCaltrackDaily } from '../support/caltrack-baseline';
import { freshDatabase } from '../support/fresh-database';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';

const caltrack = JSON.parse(readFileSync(join(__dirname, '..', 'reference', 'caltrack.json'), 'utf8'));
const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('savings report (M&V) against eemeter', () => {
  let app: NestFastifyApplication;
  let ids: DemoIds;
  let drop: () => Promise<void>;
  const versions: Record<string, string> = {};

  const get = (url: string) => app.inject({ method: 'GET', url: `${API}${url}` });
  beforeAll(async () => {
    const database = await freshDatabase('savings');
    drop = database.drop;
    app = await createTestApp(database.url);
    ids = await ensureDemoData(app);
    versions.daily_gas = await trainCaltrackDaily(app, ids.b40Gas);
    versions.daily_electricity = await trainCaltrackDaily(app, ids.b40Electricity);
  }, 600_000);
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it.each([
    ['daily_gas', 'b40Gas'],
    ['daily_electricity', 'b40Electricity'],
  ] as const)('%s: 2015 totals, months and the 90 %% FSU band equal eemeter', async (reference, machine) => {
    const response = await get(
      `/savings?machine_id=${ids[machine]}&model_id=${versions[reference]}&reporting_start=2015-01-01T00:00:00Z&reporting_end=2016-01-01T00:00:00Z`,
    );
    expect(response.statusCode).toBe(200);
    const report = response.json();
    const expected = caltrack.cases[reference].reporting;
    expect(report.algorithm).toBe('caltrack_daily');
    expect(report.totals.intervals).toBe(expected.n_days);
    expect(relative(report.totals.counterfactual_kwh, expected.counterfactual_total)).toBeLessThan(1e-6);
    expect(relative(report.totals.metered_kwh, expected.observed_total)).toBeLessThan(1e-6);
    expect(relative(report.totals.avoided_kwh, expected.metered_savings)).toBeLessThan(1e-6);
    expect(relative(report.totals.avoided_pct, expected.savings_pct_of_counterfactual)).toBeLessThan(1e-6);
    expect(report.monthly).toHaveLength(12);
    for (const [index, month] of (
      expected.monthly as {
        month: string;
        counterfactual: number;
        observed: number;
        metered_savings: number;
      }[]
    ).entries()) {
      expect(report.monthly[index].month).toBe(month.month);
      expect(relative(report.monthly[index].counterfactual_kwh, month.counterfactual)).toBeLessThan(1e-6);
      expect(relative(report.monthly[index].avoided_kwh, month.metered_savings)).toBeLessThan(1e-6);
    }
    expect(report.uncertainty.confidence_level).toBe(0.9);
    expect(
      relative(report.uncertainty.fsu_band_kwh, expected.error_bands_90pct['FSU Error Band']),
    ).toBeLessThan(1e-4);
    expect(
      relative(report.uncertainty.ols_band_kwh, expected.error_bands_90pct['OLS Error Band']),
    ).toBeLessThan(1e-4);
    expect(relative(report.uncertainty.fsu_pct_of_savings, expected.fsu_pct_of_savings)).toBeLessThan(1e-4);
  });

  it('widens the band at a higher confidence', async () => {
    const at = async (confidence: number) =>
      (
        await get(
          `/savings?machine_id=${ids.b40Gas}&model_id=${versions.daily_gas}&reporting_start=2015-01-01T00:00:00Z&reporting_end=2016-01-01T00:00:00Z&confidence_level=${confidence}`,
        )
      ).json().uncertainty.fsu_band_kwh as number;
    expect(await at(0.95)).toBeGreaterThan(await at(0.9));
  });

  it("prices the report at the caller's flat price (the demo database has no EnMS tariffs: no cost without one)", async () => {
    const report2015 = (query: string) =>
      get(
        `/savings?machine_id=${ids.b40Gas}&model_id=${versions.daily_gas}&reporting_start=2015-01-01T00:00:00Z&reporting_end=2016-01-01T00:00:00Z${query}`,
      ).then((response) => response.json());
    const unpriced = await report2015('');
    expect(unpriced.cost).toBeNull();
    expect(unpriced.totals.avoided_cost).toBeUndefined();
    const priced = await report2015('&price_per_kwh=0.05&currency=USD');
    expect(priced.cost).toEqual({
      source: 'request',
      tariffs: ['price_per_kwh'],
      currency: 'USD',
      unpriced_intervals: 0,
      unpriced_metered_kwh: 0,
      reason: null,
    });
    expect(priced.totals.avoided_cost).toBeCloseTo(0.05 * unpriced.totals.avoided_kwh, 6);
    expect(priced.totals.metered_cost).toBeCloseTo(0.05 * unpriced.totals.metered_kwh, 6);
    const monthlyCost = priced.monthly.reduce(
      (sum: number, month: { avoided_cost: number }) => sum + month.avoided_cost,
      0,
    );
    expect(monthlyCost).toBeCloseTo(priced.totals.avoided_cost, 6);
    expect((await report2015('&price_per_kwh=0.05')).cost.currency).toBe('EUR');
  });

  it("normalises the savings to the baseline period's weather: equals a CalTRACK version trained on 2015 through the queue, predicting 2014", async () => {
    const report = (model: string, query: string) =>
      get(`/savings?machine_id=${ids.b40Gas}&model_id=${model}&${query}`).then((response) => response.json());
    const year = (y: number) => `reporting_start=${y}-01-01T00:00:00Z&reporting_end=${y + 1}-01-01T00:00:00Z`;
    const normalized = (await report(versions.daily_gas, `${year(2015)}&normalized=true`)).normalized;
    expect(normalized).toMatchObject({ available: true, reason: null, intervals: 365 });
    const fitted2015 = await trainCaltrackDaily(app, ids.b40Gas, {
      training_start: '2015-01-01',
      training_end: '2015-12-31',
      validation_start: '2014-01-01',
      validation_end: '2014-12-31',
    });
    const baselineUnder2014 = (await report(versions.daily_gas, year(2014))).totals.counterfactual_kwh;
    const reportingUnder2014 = (await report(fitted2015, year(2014))).totals.counterfactual_kwh;
    expect(relative(normalized.baseline_model_kwh, baselineUnder2014)).toBeLessThan(1e-9);
    expect(relative(normalized.reporting_model_kwh, reportingUnder2014)).toBeLessThan(1e-9);
    expect(relative(normalized.normalized_savings_kwh, baselineUnder2014 - reportingUnder2014)).toBeLessThan(
      1e-9,
    );
  }, 300_000);

  it.each([
    [
      'a currency without price_per_kwh',
      'reporting_start=2015-01-01T00:00:00Z&currency=EUR',
      'price_per_kwh',
      400,
    ],
    [
      'normalising on a reporting period too short to fit the model on',
      'reporting_start=2015-01-01T00:00:00Z&reporting_end=2015-01-06T00:00:00Z&normalized=true',
      'reporting_start',
      400,
    ],
    ['a negative price', 'reporting_start=2015-01-01T00:00:00Z&price_per_kwh=-0.1', 'price_per_kwh', 400],
    [
      'a currency that is no ISO 4217 code',
      'reporting_start=2015-01-01T00:00:00Z&price_per_kwh=0.1&currency=euro',
      'currency',
      400,
    ],
    [
      'reporting_end before reporting_start',
      'reporting_start=2015-06-01T00:00:00Z&reporting_end=2015-01-01T00:00:00Z',
      'reporting_end',
      400,
    ],
    ['no reporting_start', '', 'reporting_start', 400],
    [
      'a confidence outside (0.5, 0.999)',
      'reporting_start=2015-01-01T00:00:00Z&confidence_level=1',
      'confidence_level',
      400,
    ],
  ])('refuses %s, naming the field', async (_label, query, field, status) => {
    const response = await get(`/savings?machine_id=${ids.b40Gas}&model_id=${versions.daily_gas}&${query}`);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('refuses a baseline of another machine (400) and a machine without an active baseline (404)', async () => {
    const other = await get(
      `/savings?machine_id=${ids.steel}&model_id=${versions.daily_gas}&reporting_start=2018-01-01T00:00:00Z`,
    );
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0].field).toBe('model_id');
    const none = await get(`/savings?machine_id=${ids.steel}&reporting_start=2018-01-01T00:00:00Z`);
    expect(none.statusCode).toBe(404);
    expect(none.json().errors[0].field).toBe('model_id');
  });
});
