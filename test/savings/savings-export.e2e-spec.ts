/**
 * The savings report as files: the PDF is a PDF whose text holds the JSON answer's totals as it
 * rounds them, the CSV equals the JSON months and totals row for row, and a format the endpoint
 * does not offer is refused naming `format`.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse } from 'csv-parse/sync';
import { PDFParse } from 'pdf-parse';
import { trainCaltrackDaily } from '../support/caltrack-baseline';
import { freshDatabase } from '../support/fresh-database';
import { API, createTestApp, ensureDemoData, type DemoIds } from '../support/test-app';

const whole = (value: number) => Math.round(value).toLocaleString('en-US');
const cell = (value: number | null) => (value === null ? '' : String(value));

describe('savings report exports (PDF, CSV)', () => {
  let app: NestFastifyApplication;
  let ids: DemoIds;
  let drop: () => Promise<void>;
  let query: string;
  let report: {
    machine_name: string;
    timezone: string;
    totals: Record<string, number>;
    monthly: Record<string, number | string>[];
    uncertainty: { fsu_band_kwh: number; fsu_pct_of_savings: number };
  };

  const get = (suffix: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `${API}/savings?${query}${suffix}`, headers });

  beforeAll(async () => {
    const database = await freshDatabase('savings_export');
    drop = database.drop;
    app = await createTestApp(database.url);
    ids = await ensureDemoData(app);
    const modelId = await trainCaltrackDaily(app, ids.b40Gas);
    query = `machine_id=${ids.b40Gas}&model_id=${modelId}&reporting_start=2015-01-01T00:00:00Z&reporting_end=2016-01-01T00:00:00Z`;
    report = (await get('')).json();
  }, 600_000);
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('format=pdf answers a PDF attachment whose text holds the totals, the band and every month', async () => {
    const response = await get('&format=pdf');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="${report.machine_name.replace(/ /g, '-')}_savings_2015-01-01_2015-12-31.pdf"; ` +
        `filename*=UTF-8''${encodeURIComponent(report.machine_name.replace(/ /g, '-'))}_savings_2015-01-01_2015-12-31.pdf`,
    );
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(response.rawPayload) });
    const { text, total } = await parser.getText();
    await parser.destroy();
    expect(total).toBe(2);
    for (const expected of [
      report.machine_name,
      `timezone ${report.timezone}`,
      `${whole(report.totals.counterfactual_kwh)}`,
      `${whole(report.totals.metered_kwh)}`,
      `${whole(report.totals.avoided_kwh)}`,
      `${report.totals.avoided_pct.toFixed(2)} %`,
      `± ${whole(report.uncertainty.fsu_band_kwh)} kWh`,
      `${report.uncertainty.fsu_pct_of_savings.toFixed(2)} %`,
      'at 90 % confidence',
      '2015-01-01 to 2015-12-31',
      'ASHRAE Guideline 14-2014 Annex B',
      ...report.monthly.map((month) => whole(month.avoided_kwh as number)),
    ])
      expect(text).toContain(expected);
  });

  it("with a price, the PDF's totals and months carry the cost in the report's currency", async () => {
    const priced = (await get('&price_per_kwh=0.05&currency=USD')).json();
    const response = await get('&price_per_kwh=0.05&currency=USD&format=pdf');
    expect(response.statusCode).toBe(200);
    const parser = new PDFParse({ data: new Uint8Array(response.rawPayload) });
    const { text } = await parser.getText();
    await parser.destroy();
    expect(priced.totals.avoided_cost).toBeCloseTo(0.05 * report.totals.avoided_kwh, 6);
    for (const expected of [
      'Cost (USD)',
      'Avoided USD',
      'Cost in USD at the price given.',
      whole(priced.totals.counterfactual_cost),
      whole(priced.totals.metered_cost),
      whole(priced.totals.avoided_cost),
      ...priced.monthly.map((month: { avoided_cost: number }) => whole(month.avoided_cost)),
    ])
      expect(text).toContain(expected);
    // Without a price the same report names no currency at all.
    const unpriced = await get('&format=pdf');
    const plain = new PDFParse({ data: new Uint8Array(unpriced.rawPayload) });
    expect((await plain.getText()).text).not.toContain('USD');
    await plain.destroy();
  });

  it('an Accept header asking for a PDF gets the PDF; */* and no format get the JSON', async () => {
    const pdf = await get('', { accept: 'application/pdf' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    for (const accept of ['*/*', 'application/json, application/pdf;q=0.5']) {
      const json = await get('', { accept });
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      expect(json.json()).toEqual(report);
    }
  });

  it('format=csv answers one row per month and a total row equal to the JSON', async () => {
    const response = await get('&format=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/_savings_2015-01-01_2015-12-31\.csv"/);
    const rows = parse<Record<string, string>>(response.body, { columns: true });
    const expected = [...report.monthly, { ...report.totals, month: 'total' }].map((row) => ({
      month: row.month,
      counterfactual_kwh: cell(row.counterfactual_kwh as number),
      metered_kwh: cell(row.metered_kwh as number),
      avoided_kwh: cell(row.avoided_kwh as number),
      avoided_pct: cell(row.avoided_pct as number),
      intervals_count: cell(row.intervals as number),
    }));
    expect(rows).toEqual(expected);
    expect(rows).toHaveLength(13);
  });

  it.each(['xlsx', 'PDF', ''])('refuses format=%j, naming format', async (format) => {
    const response = await get(`&format=${format}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors.map((error: { field: string }) => error.field)).toEqual(['format']);
  });
});
