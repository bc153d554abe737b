/**
 * CSV beside the JSON of expected vs actual (/predictions), evaluations (/metrics/trend), versions
 * (/models) and past drift checks (/drift/checks): each parses and equals the JSON answer row for
 * row; a format the endpoint does not offer is refused naming `format`; /drift/checks lists the
 * evaluations' stored tests, newest first.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse } from 'csv-parse/sync';
import { trainCaltrackDaily } from '../support/caltrack-baseline';
import { freshDatabase } from '../support/fresh-database';
import { API, createTestApp, ensureDemoData, type DemoIds } from '../support/test-app';

type Json = Record<string, unknown>;
const cell = (value: unknown) =>
  value === null || value === undefined ? '' : String(value as string | number | boolean);

describe('CSV exports of predictions, evaluations, versions and drift checks', () => {
  let app: NestFastifyApplication;
  let ids: DemoIds;
  let drop: () => Promise<void>;
  let modelId: string;
  const key = () => `machine_id=${ids.b40Gas}&model_type=baseline`;

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: `${API}${url}`, headers });
  /** The JSON answer and the CSV of the same request, the CSV parsed to records. */
  const both = async (url: string) => {
    const json = await get(url);
    expect(json.statusCode).toBe(200);
    const csv = await get(`${url}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="Building-b40-gas-boiler_/);
    return {
      json: json.json(),
      rows: parse<Record<string, string>>(csv.body, { columns: true }),
      disposition: csv.headers['content-disposition'] as string,
    };
  };

  beforeAll(async () => {
    const database = await freshDatabase('csv_exports');
    drop = database.drop;
    app = await createTestApp(database.url);
    ids = await ensureDemoData(app);
    modelId = await trainCaltrackDaily(app, ids.b40Gas);
    for (const [start, end] of [
      ['2015-01-01', '2015-02-01'],
      ['2015-02-01', '2015-03-01'],
    ]) {
      const evaluated = await app.inject({
        method: 'POST',
        url: `${API}/metrics/evaluate?${key()}&model_id=${modelId}&start=${start}T00:00:00Z&end=${end}T00:00:00Z`,
      });
      expect(evaluated.statusCode).toBe(200);
    }
  }, 600_000);
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('expected vs actual: one row per interval equal to the JSON predictions', async () => {
    const { json, rows, disposition } = await both(
      `/predictions?${key()}&start=2015-03-01T00:00:00Z&end=2015-03-08T00:00:00Z`,
    );
    expect(disposition).toMatch(/_baseline_expected-vs-actual_2015-03-01_2015-03-07\.csv"/);
    expect(json.predictions).toHaveLength(7);
    expect(rows).toEqual(
      (json.predictions as Json[]).map((row) => ({
        time: cell(row.time),
        local_time: cell(row.local_time),
        expected_kwh: cell(row.expected_kwh),
        actual_kwh: cell(row.actual_kwh),
      })),
    );
  });

  it('evaluations: one row per trend item equal to the JSON metrics', async () => {
    const { json, rows } = await both(`/metrics/trend?${key()}&days=30`);
    const evaluations = (json.metrics as Json[]).filter((row) => row.source === 'evaluation');
    expect(evaluations).toHaveLength(2);
    expect(rows).toEqual(
      (json.metrics as Json[]).map((row) => ({
        metric_id: cell(row.metric_id),
        model_id: cell(row.model_id),
        model_version: cell(row.model_version),
        evaluation_date: cell(row.evaluation_date),
        evaluation_start: cell(row.evaluation_start),
        evaluation_end: cell(row.evaluation_end),
        sample_count: cell(row.sample_count),
        data_completeness_fraction: cell(row.data_completeness),
        r_squared: cell(row.r_squared),
        rmse_kwh: cell(row.rmse),
        mae_kwh: cell(row.mae),
        mape_pct: cell(row.mape),
        cv_rmse_pct: cell(row.cv_rmse),
        nmbe_pct: cell(row.nmbe),
        drift_detected: cell(row.drift_detected),
        drift_score: cell(row.drift_score),
        source: cell(row.source),
      })),
    );
  });

  it('versions: one row per version of the page equal to the JSON items', async () => {
    const { json, rows } = await both(`/models?${key()}`);
    expect((json.items as Json[]).map((row) => row.id)).toContain(modelId);
    const figure = (metrics: unknown, name: string) => cell((metrics as Json | null)?.[name]);
    expect(rows).toEqual(
      (json.items as Json[]).map((row) => ({
        model_id: cell(row.id),
        version: cell(row.version),
        algorithm: cell(row.algorithm),
        status: cell(row.status),
        created_at: cell(row.created_at),
        activated_at: cell(row.activated_at),
        training_data_start: cell(row.training_data_start),
        training_data_end: cell(row.training_data_end),
        training_samples_count: cell(row.training_samples),
        feature_names: (row.feature_names as string[]).join(' '),
        training_r_squared: figure(row.training_metrics, 'r_squared'),
        validation_r_squared: figure(row.validation_metrics, 'r_squared'),
        training_cv_rmse_pct: figure(row.training_metrics, 'cv_rmse_pct'),
        validation_cv_rmse_pct: figure(row.validation_metrics, 'cv_rmse_pct'),
        training_nmbe_pct: figure(row.training_metrics, 'nmbe_pct'),
        validation_nmbe_pct: figure(row.validation_metrics, 'nmbe_pct'),
      })),
    );
    const caltrack = rows.find((row) => row.model_id === modelId)!;
    expect(Number(caltrack.validation_r_squared)).toBeGreaterThan(0);
  });

  it('drift checks: the evaluations newest first with their tests; the CSV one row per test', async () => {
    const { json, rows, disposition } = await both(`/drift/checks?${key()}&limit=10`);
    expect(disposition).toMatch(/_baseline_drift-checks\.csv"/);
    const items = json.items as (Json & { tests: Json[] })[];
    expect(items.map((item) => item.window_start)).toEqual([
      '2015-02-01T00:00:00.000Z',
      '2015-01-01T00:00:00.000Z',
    ]);
    expect(items.every((item) => item.tests.length > 0 && item.model_id === modelId)).toBe(true);
    expect(rows).toEqual(
      items.flatMap((item) =>
        item.tests.map((test) => ({
          metric_id: cell(item.metric_id),
          checked_at: cell(item.checked_at),
          model_id: cell(item.model_id),
          model_version: cell(item.model_version),
          window_start: cell(item.window_start),
          window_end: cell(item.window_end),
          drift_type: cell(item.drift_type),
          drift_score: cell(item.drift_score),
          test_name: cell(test.name),
          test_kind: cell(test.kind),
          feature: cell(test.feature),
          statistic: cell(test.statistic),
          threshold: cell(test.threshold),
          p_value: cell(test.p_value),
          test_drift: cell(test.drift),
        })),
      ),
    );
    const newest = (await get(`/drift/checks?${key()}&limit=1`)).json();
    expect(newest.items).toEqual([items[0]]);
  });

  it('an Accept header asking for CSV gets the CSV; asking for nothing gets the JSON', async () => {
    const url = `/models?${key()}`;
    expect((await get(url, { accept: 'text/csv' })).headers['content-type']).toBe('text/csv; charset=utf-8');
    expect((await get(url)).headers['content-type']).toMatch(/^application\/json/);
  });

  it.each([
    ['/predictions', 'start=2015-03-01T00:00:00Z&end=2015-03-08T00:00:00Z&format=pdf'],
    ['/metrics/trend', 'format=xml'],
    ['/models', 'format=CSV'],
    ['/drift/checks', 'format=pdf'],
  ])('%s refuses a format it does not offer, naming format', async (path, query) => {
    const response = await get(`${path}?${key()}&${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors.map((error: { field: string }) => error.field)).toEqual(['format']);
  });

  it('/drift/checks refuses an unknown machine (404) and a limit out of range (400), naming the field', async () => {
    const unknown = await get(
      `/drift/checks?machine_id=00000000-0000-4000-8000-000000000000&model_type=baseline`,
    );
    expect(unknown.statusCode).toBe(404);
    const limit = await get(`/drift/checks?${key()}&limit=0`);
    expect(limit.statusCode).toBe(400);
    expect(limit.json().errors.map((error: { field: string }) => error.field)).toEqual(['limit']);
  });
});
