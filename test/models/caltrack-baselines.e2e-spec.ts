/**
 * M&V-grade baselines on the demo data, through the API and the real worker:
 * - CalTRACK daily and hourly versions trained on b40 2014 reproduce eemeter (caltrack.json):
 *   selected model, balance points, coefficients, and the counterfactual of January 2015 when a
 *   stored hourly version is scored on a later window;
 * - on each b40 meter the default baseline (algorithm unpinned) trained on 2014 scores 2015 at
 *   least as well as the better of CalTRACK daily and hourly: CV(RMSE) of daily totals at most
 *   2 % above it, |NMBE| at most 1 point above;
 * - the steel plant's default baseline keeps its drivers, gains a change point and never
 *   predicts negative energy.
 */
import { freshDatabase } from '../support/fresh-database';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { waitFor } from '../support/wait';

const caltrack = JSON.parse(readFileSync(join(__dirname, '..', 'reference', 'caltrack.json'), 'utf8'));
const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

const YEAR_2014_SCORED_ON_2015 = {
  training_start: '2014-01-01',
  training_end: '2014-12-31',
  validation_start: '2015-01-01',
  validation_end: '2015-12-31',
};

interface Job {
  id: string;
  training_status: string;
  error_message: string | null;
  model_id: string;
  hyperparameters: { interval: 'hour' | 'day'; algorithm: string; features?: string[] };
  training_metrics: Record<string, any>;
  validation_metrics: Record<string, any> & {
    daily_totals?: { cv_rmse_pct: number; nmbe_pct: number; n: number };
  };
}

/** CV(RMSE) and NMBE of a version's 2015 daily totals (a daily model's own, an hourly one's summed per day). */
const dailyFigures = (job: Job) => {
  const daily =
    job.hyperparameters.interval === 'day' ? job.validation_metrics : job.validation_metrics.daily_totals!;
  return {
    cv_rmse_pct: daily.cv_rmse_pct as number,
    nmbe_pct: daily.nmbe_pct as number,
    n: daily.n as number,
  };
};

describe('M&V baselines: CalTRACK daily and hourly, and the default baseline that must match them', () => {
  let app: NestFastifyApplication;
  let database: { url: string; drop: () => Promise<void> };
  let ids: DemoIds;

  const post = (url: string, payload?: object) =>
    app.inject({ method: 'POST', url: `${API}${url}`, payload: payload ?? {} });
  const train = async (machineId: string, hyperparameters: object): Promise<Job> => {
    const trigger = await post(`/retrain/trigger?model_type=baseline&machine_id=${machineId}`, {
      hyperparameters,
    });
    expect(trigger.statusCode).toBe(200);
    const jobId = trigger.json().training_job_id as string;
    expect(jobId).toEqual(expect.any(String));
    const job = await waitFor(
      `baseline job ${jobId}`,
      async () => {
        const current = (await app.inject({ method: 'GET', url: `${API}/training/jobs/${jobId}` })).json();
        return ['completed', 'failed', 'cancelled'].includes(current.training_status)
          ? (current as Job)
          : undefined;
      },
      240_000,
    );
    expect({ status: job.training_status, error: job.error_message }).toEqual({
      status: 'completed',
      error: null,
    });
    return job;
  };

  beforeAll(async () => {
    // A database of its own: versions trained by other suites on the same input would be reused here.
    database = await freshDatabase('caltrack');
    app = await createTestApp(database.url);
    ids = await ensureDemoData(app);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const meters = [
    { machine: 'b40Electricity', reference: 'daily_electricity' },
    { machine: 'b40Gas', reference: 'daily_gas' },
  ] as const;

  describe.each(meters)('$machine', ({ machine, reference }) => {
    const jobs: Partial<Record<'default' | 'caltrack_daily' | 'caltrack_hourly', Job>> = {};

    beforeAll(async () => {
      jobs.caltrack_daily = await train(ids[machine], {
        ...YEAR_2014_SCORED_ON_2015,
        algorithm: 'caltrack_daily',
      });
      jobs.caltrack_hourly = await train(ids[machine], {
        ...YEAR_2014_SCORED_ON_2015,
        algorithm: 'caltrack_hourly',
      });
      jobs.default = await train(ids[machine], YEAR_2014_SCORED_ON_2015);
    }, 720_000);

    it('stores a CalTRACK daily version that is eemeter’s model: type, balance points, coefficients (1e-6)', async () => {
      const job = jobs.caltrack_daily!;
      expect(job.hyperparameters).toMatchObject({ interval: 'day', algorithm: 'caltrack_daily' });
      const version = (await app.inject({ method: 'GET', url: `${API}/models/${job.model_id}` })).json();
      expect(version.algorithm).toBe('caltrack_daily');
      const want = caltrack.cases[reference].selected_model;
      const model = version.parameters.model;
      expect([model.model_type, model.heating_balance_point_f, model.cooling_balance_point_f]).toEqual([
        want.model_type,
        want.heating_balance_point_f,
        want.cooling_balance_point_f,
      ]);
      for (const term of Object.keys(want.coefficients)) {
        expect({ term, error: relative(model[term], want.coefficients[term]) < 1e-6 }).toEqual({
          term,
          error: true,
        });
      }
      expect(job.training_metrics.data_sufficiency.status).toBe('PASS');
      expect(job.validation_metrics.n).toBe(365);
    });

    it('chooses the default on the training data, and scores 2015 within 2 % / 1 point of the better CalTRACK method', () => {
      const chosen = jobs.default!;
      const selection = chosen.training_metrics.selection;
      expect(selection.holdout).toBe('every fifth week of the training data');
      expect(selection.compared_on).toBe('daily_totals');
      expect(selection.scores).toHaveLength(4);
      expect(chosen.hyperparameters.algorithm).toBe(selection.chosen.algorithm);

      const figures = {
        default: dailyFigures(chosen),
        caltrack_daily: dailyFigures(jobs.caltrack_daily!),
        caltrack_hourly: dailyFigures(jobs.caltrack_hourly!),
      };
      const better =
        figures.caltrack_daily.cv_rmse_pct <= figures.caltrack_hourly.cv_rmse_pct
          ? figures.caltrack_daily
          : figures.caltrack_hourly;
      console.log(
        `${machine} 2015 daily totals: default ${chosen.hyperparameters.algorithm}/${chosen.hyperparameters.interval} ` +
          JSON.stringify(figures),
      );
      expect(figures.default.n).toBe(365);
      expect(figures.default.cv_rmse_pct).toBeLessThanOrEqual(1.02 * better.cv_rmse_pct);
      expect(Math.abs(figures.default.nmbe_pct)).toBeLessThanOrEqual(Math.abs(better.nmbe_pct) + 1);
    });
  });

  it('scores a stored CalTRACK hourly version on January 2015: eemeter’s counterfactual, metered savings as NMBE', async () => {
    const hourly = await train(ids.b40Electricity, {
      training_start: '2014-01-01',
      training_end: '2014-12-31',
      validation_start: '2015-01-01',
      validation_end: '2015-01-31',
      algorithm: 'caltrack_hourly',
    });
    const want = caltrack.cases.hourly_electricity.reporting;
    const evaluation = await post(
      `/metrics/evaluate?machine_id=${ids.b40Electricity}&model_type=baseline&model_id=${hourly.model_id}` +
        `&start=2015-01-01T00:00:00Z&end=2015-02-01T00:00:00Z`,
    );
    expect(evaluation.statusCode).toBe(200);
    const body = evaluation.json();
    expect(body.sample_count).toBe(want.n_hours);
    // NMBE = Σ(actual - expected) / Σ actual = -(metered savings) / observed.
    expect(relative(body.nmbe, (-100 * want.metered_savings) / want.observed_total)).toBeLessThan(1e-6);
    expect(
      relative(hourly.validation_metrics.nmbe_pct, (-100 * want.metered_savings) / want.observed_total),
    ).toBeLessThan(1e-6);
  });

  it.each([
    ['default (chosen on daily totals)', {}],
    ['hourly (interval pinned)', { interval: 'hour' }],
  ])('steel plant, %s baseline: keeps its drivers and never predicts negative energy', async (_, pinned) => {
    const job = await train(ids.steel, pinned);
    expect(job.hyperparameters.algorithm).toBe('ols');
    const version = (await app.inject({ method: 'GET', url: `${API}/models/${job.model_id}` })).json();
    const features: string[] = version.parameters.spec.features;
    expect(features).toEqual(expect.arrayContaining(['load_level', 'weekend']));
    console.log(`steel ${job.hyperparameters.interval}: features ${features.join(', ')}`);
    if (job.hyperparameters.interval === 'hour') {
      // Hourly load levels support a second slope above full-ish load (p < 0.01, baseline-selection.spec.ts).
      expect(features).toContain('load_level_above_1');
      expect(job.training_metrics.change_points[0]).toMatchObject({ driver: 'load_level', at: 1 });
    }
    const activate = await post(`/models/${job.model_id}/activate`);
    expect(activate.statusCode).toBe(200);
    const served = await app.inject({
      method: 'GET',
      url: `${API}/predictions?machine_id=${ids.steel}&model_type=baseline&start=2018-01-01T00:00:00%2B09:00&end=2019-01-01T00:00:00%2B09:00`,
    });
    expect(served.statusCode).toBe(200);
    const predictions: { expected_kwh: number | null }[] = served.json().predictions;
    const expected = predictions.map((p) => p.expected_kwh).filter((v): v is number => v !== null);
    expect(expected.length).toBeGreaterThanOrEqual(job.hyperparameters.interval === 'hour' ? 8000 : 300);
    expect(Math.min(...expected)).toBeGreaterThanOrEqual(0);
  });

  it('a meter read once a day gets a daily baseline by default (no hour-of-day terms), chosen among OLS and CalTRACK daily', async () => {
    // b40 gas as a once-a-day meter: each UTC day's total at 00:00, the day's mean temperature beside it.
    const [, ...lines] = gunzipSync(
      readFileSync(join(__dirname, '..', '..', 'data', 'cambridge_b40_2013_2015_hourly.csv.gz')),
    )
      .toString('utf8')
      .trim()
      .split('\n');
    const days = new Map<string, { gas: number; temperatures: number[] }>();
    for (const line of lines) {
      const [time, , gas, temperature] = line.split(',');
      const day = days.get(time.slice(0, 10)) ?? { gas: 0, temperatures: [] };
      day.gas += Number(gas);
      day.temperatures.push(Number(temperature));
      days.set(time.slice(0, 10), day);
    }
    const created = await post('/machines', {
      name: `daily gas meter ${Date.now()}`,
      type: 'building',
      timezone: 'UTC',
      data_interval_seconds: 86_400,
    });
    expect(created.statusCode).toBe(201);
    const machineId: string = created.json().id;
    const energy = [...days].map(([day, d]) => ({
      time: `${day}T00:00:00Z`,
      energy_type: 'natural_gas',
      energy_kwh: d.gas,
    }));
    const environment = [...days].map(([day, d]) => ({
      time: `${day}T00:00:00Z`,
      outdoor_temp_c: d.temperatures.reduce((a, b) => a + b, 0) / d.temperatures.length,
    }));
    expect((await post(`/machines/${machineId}/readings/energy`, { readings: energy })).statusCode).toBe(200);
    expect(
      (await post(`/machines/${machineId}/readings/environment`, { readings: environment })).statusCode,
    ).toBe(200);

    const job = await train(machineId, {});
    expect(job.hyperparameters.interval).toBe('day');
    expect(job.training_metrics.selection.scores.map((s: { algorithm: string }) => s.algorithm)).toEqual([
      'ols',
      'caltrack_daily',
    ]);
    const version = (await app.inject({ method: 'GET', url: `${API}/models/${job.model_id}` })).json();
    expect(JSON.stringify(version.parameters)).not.toMatch(/hour_of_day/);
    // The newest full year fits (plus the newest 20 % of the window held out): 457 days in all.
    expect(job.training_metrics.n + job.validation_metrics.n).toBe(457);
  });
});
