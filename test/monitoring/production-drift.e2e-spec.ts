/**
 * A production driver that leaves its training range is data drift (issue 14): a press line
 * trained on 80-120 units an hour runs at 125-160 in May. Its energy follows the same law, so the
 * residuals do not drift, but the baseline now extrapolates a straight line the data never
 * checked: the drift check must say data_drift and name the driver. Production drivers are
 * tested against the whole training window (PSI, KS, normed Wasserstein) and by their range.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { freshDatabase } from '../support/fresh-database';
import { API, createTestApp } from '../support/test-app';
import { trainingFinished, trainVersion } from '../support/training-jobs';

const FIRST_DAY = Date.parse('2024-01-01T00:00:00Z');
/** January to April: training and validation; May: the checked month. */
const TRAINING_DAYS = 121;
const DAYS = TRAINING_DAYS + 31;

/** Units per hour on day d: a fixed pattern inside 80-120 while trained, inside 125-160 in May. */
function unitsPerHour(day: number): number {
  return day < TRAINING_DAYS ? 80 + ((day * 37) % 41) : 125 + ((day * 13) % 36);
}

/** kWh per hour: 20 kWh base load + 0.5 kWh per unit, and a day-to-day wobble of the same size throughout. */
function kwhPerHour(day: number): number {
  return 20 + 0.5 * unitsPerHour(day) + 0.4 * Math.sin(day * 1.7);
}

describe('monitoring: a production driver leaves its training range', () => {
  let app: NestFastifyApplication;
  let dropDatabase: () => Promise<void>;
  let machineId: string;
  let modelId: string;

  const post = (url: string, payload?: object) =>
    app.inject({ method: 'POST', url: `${API}${url}`, payload: payload ?? {} });
  beforeAll(async () => {
    const fresh = await freshDatabase('proddrift');
    dropDatabase = fresh.drop;
    app = await createTestApp(fresh.url);
    const machine = await post('/machines', {
      name: 'Press line 2',
      type: 'press',
      timezone: 'UTC',
      data_interval_seconds: 3600,
    });
    expect(machine.statusCode).toBe(201);
    machineId = machine.json().id;
    const hours = Array.from({ length: DAYS * 24 }, (_, hour) => ({
      time: new Date(FIRST_DAY + hour * 3_600_000).toISOString(),
      day: Math.floor(hour / 24),
    }));
    const energy = await post(`/machines/${machineId}/readings/energy`, {
      readings: hours.map(({ time, day }) => ({ time, energy_kwh: kwhPerHour(day) })),
    });
    expect(energy.json()).toMatchObject({ inserted: DAYS * 24 });
    const production = await post(`/machines/${machineId}/readings/production`, {
      readings: hours.map(({ time, day }) => ({ time, production_count: unitsPerHour(day) })),
    });
    expect(production.json()).toMatchObject({ inserted: DAYS * 24 });

    const trained = await trainVersion(app, machineId, 'baseline', {
      interval: 'day',
      features: ['production_count'],
      training_start: '2024-01-01',
      training_end: '2024-03-31',
      validation_start: '2024-04-01',
      validation_end: '2024-04-30',
    });
    modelId = trained.model_id;
  });
  afterAll(async () => {
    await app.close();
    await dropDatabase();
  });

  it('reports data drift naming production_count, with the share of days outside the training range', async () => {
    const response = await post(
      `/metrics/evaluate?machine_id=${machineId}&model_type=baseline&model_id=${modelId}&start=2024-05-01T00:00:00Z&end=2024-06-01T00:00:00Z`,
    );
    expect(response.statusCode).toBe(200);
    const check = response.json();
    expect(check).toMatchObject({ drift_detected: true, drift_type: 'data_drift', sample_count: 31 });
    expect(check.drift_score).toBeGreaterThan(0.5);
    expect(check.recommendation).toMatch(
      /^Inputs moved outside what the model was trained on \(.*production_count/,
    );

    const production = check.tests.filter((test: { feature: string }) => test.feature === 'production_count');
    const byName = Object.fromEntries(production.map((test: { name: string }) => [test.name, test]));
    expect(Object.keys(byName)).toEqual(['psi', 'ks_two_sample', 'extrapolation_share']);
    // Every day of May lies above the training maximum: 120 units an hour, 2880 a day.
    expect(byName.extrapolation_share).toMatchObject({
      kind: 'data',
      statistic: 1,
      threshold: 0.05,
      p_value: null,
      drift: true,
      detail: { training_max: 2880, above: 31, below: 0, n: 31 },
    });
    expect(byName.ks_two_sample).toMatchObject({
      kind: 'data',
      drift: true,
      detail: { reference: 'training_window' },
    });
    expect(byName.ks_two_sample.p_value).toBeLessThan(0.05);
    expect(byName.ks_two_sample.detail.effect_size_normed_wasserstein).toBeGreaterThan(1);
    expect(byName.psi).toMatchObject({ kind: 'data', drift: true });

    // The energy still follows the trained law: the residuals do not drift.
    const cusum = check.tests.find((test: { name: string }) => test.name === 'cusum');
    expect(cusum.drift).toBe(false);
    if (check.retraining?.triggered) await trainingFinished(app, check.retraining.training_job_id);
  });
  it('keeps the reference at the first recorded evaluation and checks later windows against it, not the training window read again', async () => {
    const db = app.get(DataSource);
    const [kept] = await db.query(
      `SELECT s.reference_start, s.reference_end, v.training_data_start, v.training_data_end,
              s.drivers->'production_count' AS production, s.residuals
         FROM mps_model_reference_samples s JOIN mps_model_versions v ON v.id = s.model_id WHERE s.model_id = $1`,
      [modelId],
    );
    expect(kept.reference_start).toEqual(kept.training_data_start);
    expect(kept.reference_end).toEqual(kept.training_data_end);
    // Daily intervals: the CUSUM's reference is each day's residual; the production days by month.
    expect(kept.residuals).toMatchObject({ basis: 'interval', n: expect.any(Number) });
    expect(Object.keys(kept.production).sort()).toEqual(['1', '2', '3']);

    const check = async () => {
      const response = await post(
        `/drift/check?machine_id=${machineId}&model_type=baseline&model_id=${modelId}&start=2024-05-01T00:00:00Z&end=2024-06-01T00:00:00Z`,
      );
      expect(response.statusCode).toBe(200);
      return response
        .json()
        .tests.filter((test: { feature: string }) => test.feature === 'production_count')
        .map((test: { name: string; statistic: number; p_value: number | null }) => [
          test.name,
          test.statistic,
          test.p_value,
        ]);
    };
    const before = await check();
    // The training window's production readings go: a check that read them again would have no
    // reference for production_count, and no test of it.
    await db.query(`DELETE FROM production_data WHERE machine_id = $1 AND time < '2024-04-01'`, [machineId]);
    expect(await check()).toEqual(before);
    expect(before.map(([name]: [string]) => name)).toEqual(['psi', 'ks_two_sample', 'extrapolation_share']);
    // Without the kept reference, the window is read again: no production test is left.
    await db.query('DELETE FROM mps_model_reference_samples WHERE model_id = $1', [modelId]);
    expect(await check()).toEqual([]);
  });
});
