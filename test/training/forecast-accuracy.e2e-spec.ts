/**
 * The default forecasts against "same hour yesterday" and "same hour last week" on each demo
 * machine, four holdout weeks spread over the year (the first Monday of March, June, September and
 * December; 2018 for the steel plant, 2014 for b40): each job is a default forecast job as if the
 * data ended with that week (the default window: 9 weeks of history, the week held out), trained
 * through the queue by a worker process. Then the trained versions are scored on later windows
 * (evaluation, drift check, predictions, A/B test), and the activation records are checked.
 *
 * Measured figures are printed (console.info) and kept in bench/README.md's forecast section.
 */
import { freshDatabase } from '../support/fresh-database';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { waitFor } from '../support/wait';

type Machine = keyof DemoIds;
type ForecastType = 'forecast_arima' | 'forecast_prophet';

const WEEKS: Record<Machine, string[]> = {
  steel: ['2018-03-05', '2018-06-04', '2018-09-03', '2018-12-03'],
  b40Electricity: ['2014-03-03', '2014-06-02', '2014-09-01', '2014-12-01'],
  b40Gas: ['2014-03-03', '2014-06-02', '2014-09-01', '2014-12-01'],
};
const TYPES: ForecastType[] = ['forecast_arima', 'forecast_prophet'];
const DAY_MS = 86_400_000;
const date = (value: string, days: number) =>
  new Date(Date.parse(`${value}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

interface WeekResult {
  week: string;
  model_id: string;
  status: string;
  rmse: number;
  naive_24: number;
  naive_168: number;
  beats_best: boolean;
  beats_any: boolean;
  activation: {
    activate: boolean;
    reason: string;
    candidate_error: number | null;
    active: { model_id: string; error_on_candidate_holdout: number | null } | null;
  };
}

describe('default forecasts against both seasonal-naive benchmarks on the demo machines', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let worker: ServiceProcess;
  let ids: DemoIds;
  const savedEnv = { ...process.env };
  const results = new Map<string, WeekResult[]>();

  const job = async (id: string) =>
    (await app.inject({ method: 'GET', url: `${API}/training/jobs/${id}` })).json();
  const version = async (id: string) =>
    (await app.inject({ method: 'GET', url: `${API}/models/${id}` })).json();

  async function train(machine: Machine, modelType: ForecastType, week: string): Promise<WeekResult> {
    const response = await app.inject({
      method: 'POST',
      url: `${API}/retrain/trigger?model_type=${modelType}&machine_id=${ids[machine]}`,
      payload: {
        hyperparameters: {
          training_start: date(week, -63),
          training_end: date(week, -1),
          validation_start: week,
          validation_end: date(week, 6),
        },
      },
    });
    expect(response.json()).toMatchObject({ triggered: true });
    const jobId = response.json().training_job_id as string;
    const done = await waitFor(
      `job ${jobId} to finish`,
      async () => {
        const current = await job(jobId);
        return ['completed', 'failed', 'cancelled'].includes(current.training_status) ? current : undefined;
      },
      900_000,
    );
    expect({ status: done.training_status, error: done.error_message }).toEqual({
      status: 'completed',
      error: null,
    });
    const stored = await version(done.model_id);
    const metrics = stored.validation_metrics;
    const rmseOf = (season: number) =>
      metrics.benchmarks.find((b: { season: number }) => b.season === season).rmse as number;
    return {
      week,
      model_id: done.model_id,
      status: stored.status,
      rmse: metrics.rmse,
      naive_24: rmseOf(24),
      naive_168: rmseOf(168),
      beats_best: metrics.beats_best_benchmark,
      beats_any: metrics.beats_any_benchmark,
      activation: metrics.activation,
    };
  }

  beforeAll(async () => {
    process.env.APP_ROLE = 'api';
    // A database of its own: versions trained by other suites on the same input would be reused here.
    database = await freshDatabase('forecasts');
    app = await createTestApp(database.url);
    ids = await ensureDemoData(app);
    worker = await startServiceProcess({ APP_ROLE: 'worker', DATABASE_URL: database.url });
    // One chain of four weeks per machine and type (one job per machine and type at a time); the
    // chains queue side by side.
    await Promise.all(
      (Object.keys(WEEKS) as Machine[]).flatMap((machine) =>
        TYPES.map(async (modelType) => {
          const chain: WeekResult[] = [];
          for (const week of WEEKS[machine]) chain.push(await train(machine, modelType, week));
          results.set(`${machine}/${modelType}`, chain);
        }),
      ),
    );
    for (const [key, chain] of results) {
      console.info(
        `${key}\n` +
          chain
            .map(
              (r) =>
                `  ${r.week}: RMSE ${r.rmse.toFixed(2)} vs same hour yesterday ${r.naive_24.toFixed(2)}, same hour last week ${r.naive_168.toFixed(2)} -> ${r.beats_best ? 'beats both' : r.beats_any ? 'beats one' : 'beats neither'}; ${r.activation.reason}`,
            )
            .join('\n'),
      );
    }
  }, 3_600_000);
  afterAll(async () => {
    expect(await worker.stop('SIGTERM')).toBe(0);
    await app.close();
    await database.drop();
    process.env = savedEnv;
  });

  const wins = (key: string) => results.get(key)!.filter((r) => r.beats_best).length;

  it.each([
    ['steel', 'forecast_arima'],
    ['steel', 'forecast_prophet'],
    ['b40Electricity', 'forecast_arima'],
    ['b40Electricity', 'forecast_prophet'],
  ] as const)('%s %s beats the better naive benchmark on at least 3 of the 4 weeks', (machine, modelType) => {
    expect(wins(`${machine}/${modelType}`)).toBeGreaterThanOrEqual(3);
  });

  // Gas heating follows the weather, which a week-ahead forecast without a temperature forecast
  // cannot know: "same hour yesterday" keeps the latest level and wins in some weeks (README and
  // bench/README.md give the figures). Both models still beat at least one benchmark in 3 of 4.
  it.each(TYPES)('b40Gas %s beats at least one naive benchmark on at least 3 of the 4 weeks', (modelType) => {
    const chain = results.get(`b40Gas/${modelType}`)!;
    console.info(
      `b40Gas ${modelType}: beats the better benchmark on ${wins(`b40Gas/${modelType}`)} of 4 weeks`,
    );
    expect(chain.filter((r) => r.beats_any).length).toBeGreaterThanOrEqual(3);
  });

  it('activates only versions that beat a benchmark and are no worse than the active one on the same holdout', () => {
    for (const chain of results.values()) {
      chain.forEach((result, index) => {
        const { activation } = result;
        if (!result.beats_any) {
          expect(activation).toMatchObject({
            activate: false,
            reason: expect.stringMatching(/beats no seasonal-naive benchmark/),
          });
          return;
        }
        if (activation.active === null) {
          expect(activation.activate).toBe(true);
          return;
        }
        expect(index).toBeGreaterThan(0);
        const theirs = activation.active.error_on_candidate_holdout!;
        expect(typeof theirs).toBe('number');
        expect(activation.activate).toBe(activation.candidate_error! <= theirs);
        expect(activation.reason).toContain(String(Number(theirs.toPrecision(4))));
      });
    }
  });

  it('scores an ARIMA version on later days: day-ahead forecasts beside both benchmarks, drift check, predictions, A/B test', async () => {
    const chain = results.get('b40Electricity/forecast_arima')!;
    const [older, newer] = [chain[2].model_id, chain[3].model_id];
    const evaluated = await app.inject({
      method: 'POST',
      url: `${API}/metrics/evaluate?machine_id=${ids.b40Electricity}&model_type=forecast_arima&model_id=${newer}&start=2014-12-08T00:00:00Z&end=2014-12-15T00:00:00Z`,
    });
    const ok = (response: { statusCode: number; json(): unknown }) => ({
      status: response.statusCode,
      problem: response.statusCode === 200 ? null : response.json(),
    });
    expect(ok(evaluated)).toEqual({ status: 200, problem: null });
    const figures = evaluated.json();
    expect(figures.sample_count).toBe(168);
    expect(figures.rmse).toEqual(expect.any(Number));
    expect(figures.metrics.forecast).toMatchObject({
      horizon: 24,
      origins: 7,
      comparison: { n: 168, benchmarks: [{ season: 24 }, { season: 168 }] },
    });
    console.info('day-ahead, 8-14 Dec 2014', figures.metrics.forecast.comparison);

    const drift = await app.inject({
      method: 'POST',
      url: `${API}/drift/check?machine_id=${ids.b40Electricity}&model_type=forecast_arima&model_id=${newer}&start=2014-12-08T00:00:00Z&end=2014-12-15T00:00:00Z`,
    });
    expect(ok(drift)).toEqual({ status: 200, problem: null });

    const predictions = await app.inject({
      method: 'GET',
      url: `${API}/predictions?machine_id=${ids.b40Electricity}&model_type=forecast_arima&start=2014-12-08T00:00:00Z&end=2014-12-09T00:00:00Z`,
    });
    expect(ok(predictions)).toEqual({ status: 200, problem: null });
    const served = predictions.json().predictions as { expected_kwh: number | null; actual_kwh: number }[];
    expect(served).toHaveLength(24);
    expect(served.every((row) => Number.isFinite(row.expected_kwh))).toBe(true);
    expect(drift.json()).toMatchObject({ drift_type: expect.any(String) });

    const test = await app.inject({
      method: 'POST',
      url: `${API}/ab-test/start?test_name=arima-weeks&model_type=forecast_arima&machine_id=${ids.b40Electricity}&model_a_id=${older}&model_b_id=${newer}&duration_hours=336&test_start=2014-12-08T00:00:00Z`,
    });
    expect(ok(test)).toEqual({ status: 200, problem: null });
    const outcome = await app.inject({ method: 'GET', url: `${API}/ab-test/${test.json().test_id}/results` });
    expect(ok(outcome)).toEqual({ status: 200, problem: null });
    expect(outcome.json()).toMatchObject({
      model_a_metrics: { rmse: expect.any(Number) },
      model_b_metrics: { rmse: expect.any(Number) },
    });
  });
});
