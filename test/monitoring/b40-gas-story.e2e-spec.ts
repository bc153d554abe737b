/**
 * The story of building b40's gas meter (data/README.md): a baseline pinned to 2013-2014 runs
 * about 11 % above what 2015 actually used. Month-by-month evaluation must show it, the drift
 * check must name concept drift (CUSUM alarm in January, as cusum.json says), retraining must be
 * triggered automatically, and the retrained version must be back within Guideline 14.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SchedulerService } from '../../src/scheduler/scheduler.service';
import { fingerprint } from '../support/database-fingerprint';
import { freshDatabase } from '../support/fresh-database';
import { tickFinished } from '../support/scheduler-ticks';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { waitFor } from '../support/wait';

const reference = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', 'reference', name), 'utf8'));
const gasHdd = reference('regression.json').cases.find(
  (c: { name: string }) => c.name === 'b40_daily_gas_hdd',
);
const cusum = reference('cusum.json');

describe('monitoring: the b40 gas baseline drifts in 2015', () => {
  let app: NestFastifyApplication;
  let ids: DemoIds;
  let pinnedModelId: string;

  const post = (url: string, payload?: object) =>
    app.inject({ method: 'POST', url: `${API}${url}`, payload: payload ?? {} });
  const job = async (id: string) =>
    (await app.inject({ method: 'GET', url: `${API}/training/jobs/${id}` })).json();
  const finished = (id: string) =>
    waitFor(`job ${id}`, async () => {
      const current = await job(id);
      return ['completed', 'failed', 'cancelled'].includes(current.training_status) ? current : undefined;
    });

  // Its own database: alerts, cool-downs and active versions must not depend on what other suites did.
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase('story');
    dropDatabase = fresh.drop;
    app = await createTestApp(fresh.url);
    ids = await ensureDemoData(app);
    const trigger = await post(`/retrain/trigger?model_type=baseline&machine_id=${ids.b40Gas}`, {
      hyperparameters: {
        interval: 'day',
        features: ['hdd_15_5'],
        training_start: '2013-01-01',
        training_end: '2014-12-31',
        validation_start: '2015-01-01',
        validation_end: '2015-12-31',
      },
    });
    const done = await finished(trigger.json().training_job_id);
    expect(done.training_status).toBe('completed');
    pinnedModelId = done.model_id;
  });
  afterAll(async () => {
    await app.close();
    await dropDatabase();
  });

  it('evaluated month by month over 2015, misses Guideline 14 in most months; the whole year has NMBE -10.8 %', async () => {
    const monthly: {
      nmbe: number;
      drift_type: string;
      retraining: { triggered: boolean; training_job_id: string | null } | null;
    }[] = [];
    for (let month = 1; month <= 12; month++) {
      const start = `2015-${String(month).padStart(2, '0')}-01T00:00:00Z`;
      const end =
        month === 12 ? '2016-01-01T00:00:00Z' : `2015-${String(month + 1).padStart(2, '0')}-01T00:00:00Z`;
      const response = await post(
        `/metrics/evaluate?machine_id=${ids.b40Gas}&model_type=baseline&model_id=${pinnedModelId}&start=${start}&end=${end}&retrain=true`,
      );
      expect(response.statusCode).toBe(200);
      monthly.push(response.json());
    }
    // Month by month the 2013-2014 baseline misses 2015 by more than Guideline 14's daily NMBE limit (5 %) in 9 of 12 months.
    expect(monthly.filter((month) => Math.abs(month.nmbe) > 5).length).toBeGreaterThanOrEqual(9);
    expect(monthly.every((month) => (month as unknown as { sample_count: number }).sample_count <= 31)).toBe(
      true,
    );

    // January: the CUSUM of standardised residuals alarms on the day cusum.json names.
    const january = monthly[0] as unknown as {
      drift_type: string;
      tests: { name: string; detail: Record<string, number> }[];
    };
    expect(january.drift_type).toBe('concept_drift');
    const cusumTest = january.tests.find((test) => test.name === 'cusum')!;
    expect(cusumTest.detail.first_alarm_index_up).toBe(cusum.first_alarm_index_up);
    expect(cusumTest.detail.first_alarm_index_down).toBe(cusum.first_alarm_index_down);

    // Asked to (retrain=true), drift triggers retraining once (drift_detected); later months hit the cool-down.
    const triggered = monthly.filter((month) => month.retraining?.triggered);
    expect(triggered).toHaveLength(1);
    const retrain = await finished(triggered[0].retraining!.training_job_id!);
    expect(retrain).toMatchObject({
      training_status: 'completed',
      trigger_type: 'drift_detected',
      triggered_by: 'monitoring',
    });
    expect(Math.abs(retrain.validation_metrics.nmbe_pct)).toBeLessThanOrEqual(5);
    expect(retrain.hyperparameters).toMatchObject({ interval: 'day', features: ['hdd_15_5'] });

    // One alert, not one per month: repeat detections update it; the retraining is recorded on it.
    const alerts = (
      await app.inject({
        method: 'GET',
        url: `${API}/alerts/active?machine_id=${ids.b40Gas}&model_type=baseline`,
      })
    ).json();
    const drift = alerts.filter((alert: { alert_type: string }) => alert.alert_type === 'drift_detected');
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ auto_action_taken: true, machine_name: 'Building b40 gas boiler' });
    expect(drift[0].occurrences).toBeGreaterThanOrEqual(
      monthly.filter((month) => month.drift_type !== 'no_drift').length,
    );
    const alert = (await app.inject({ method: 'GET', url: `${API}/alerts/${drift[0].id}` })).json();
    expect(alert).toMatchObject({
      auto_action_type: 'auto_retrain',
      auto_action_result: { training_job_id: retrain.id },
    });

    const year = (
      await post(
        `/metrics/evaluate?machine_id=${ids.b40Gas}&model_type=baseline&model_id=${pinnedModelId}&start=2015-01-01T00:00:00Z&end=2016-01-01T00:00:00Z`,
      )
    ).json();
    expect(year.nmbe).toBeCloseTo(gasHdd.expected_test.nmbe_pct, 6);
    expect(year.cv_rmse).toBeCloseTo(gasHdd.expected_test.cv_rmse_pct, 6);
  });

  it('acknowledges and resolves the drift alert', async () => {
    const [open] = (
      await app.inject({
        method: 'GET',
        url: `${API}/alerts/active?machine_id=${ids.b40Gas}&model_type=baseline`,
      })
    ).json();
    const acknowledged = await post(`/alerts/${open.id}/acknowledge`, {
      acknowledged_by: 'energy.manager',
      notes: 'looking at it',
    });
    expect(acknowledged.json().acknowledged_at).toEqual(expect.any(String));
    const resolved = await post(`/alerts/${open.id}/resolve`, {
      resolution_action: 'retrained',
      resolution_notes: 'v2 active',
      resolved_by: 'energy.manager',
    });
    expect(resolved.json()).toMatchObject({ is_resolved: true, resolution_action: 'retrained' });
  });

  it('answers the drift check contract with a tests array', async () => {
    const response = await post(
      `/drift/check?model_type=baseline&machine_id=${ids.b40Gas}&model_id=${pinnedModelId}&start=2015-01-01T00:00:00Z&end=2015-04-01T00:00:00Z`,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      drift_detected: true,
      drift_type: 'concept_drift',
      threshold: 0.5,
      current_performance: expect.any(Object),
      baseline_performance: expect.objectContaining({
        r_squared: expect.any(Number),
        cv_rmse: expect.any(Number),
      }),
    });
    expect(body.drift_score).toBeGreaterThan(0.5);
    expect(body.tests.map((test: { name: string }) => test.name)).toEqual(
      expect.arrayContaining([
        'relative_error_change',
        'guideline14_cv_rmse',
        'guideline14_nmbe',
        'extrapolation_share',
        'ks_same_season',
        'cusum',
      ]),
    );
  });

  it('checks drift without changing anything unless asked to record it (as the predecessor did)', async () => {
    const db = app.get(DataSource);
    const url = `/drift/check?model_type=baseline&machine_id=${ids.b40Gas}&model_id=${pinnedModelId}&start=2015-02-01T00:00:00Z&end=2015-03-01T00:00:00Z`;
    const before = await fingerprint(db);
    const readOnly = await post(url);
    expect(readOnly.statusCode).toBe(200);
    expect(readOnly.json()).toMatchObject({ drift_detected: true, metric_id: null, retraining: null });
    expect(await fingerprint(db)).toEqual(before);

    const recorded = await post(`${url}&record=true`);
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json()).toMatchObject({
      drift_detected: true,
      metric_id: expect.any(String),
      retraining: null,
    });
    expect(await fingerprint(db)).not.toEqual(before);
  });

  it('records external metrics with sample count and completeness from the readings, and reports the trend', async () => {
    const record = await post(
      `/metrics/record?model_id=${pinnedModelId}&model_type=baseline&machine_id=${ids.b40Gas}&evaluation_start=2015-06-01T00:00:00Z&evaluation_end=2015-06-02T00:00:00Z`,
      { r_squared: 0.5, rmse: 9000, cv_rmse: 40, nmbe: -12 },
    );
    expect(record.statusCode).toBe(200);
    expect(record.json()).toMatchObject({
      metric_id: expect.any(String),
      drift_detected: true,
      sample_count: 24,
      data_completeness: 1,
    });
    const trend = await app.inject({
      method: 'GET',
      url: `${API}/metrics/trend?model_type=baseline&machine_id=${ids.b40Gas}&days=30`,
    });
    expect(trend.statusCode).toBe(200);
    expect(trend.json()).toMatchObject({
      machine_name: 'Building b40 gas boiler',
      trend_direction: expect.stringMatching(/improving|stable|degrading/),
    });
    expect(trend.json().metrics.length).toBeGreaterThanOrEqual(13);
  });

  it('the daily job flags active models not evaluated for days as evaluation_stale', async () => {
    const inTenDays = new Date(Date.now() + 10 * 86_400_000);
    const run = await app.get(SchedulerService).runTick('daily_evaluation', inTenDays);
    const tick = await tickFinished(app, 'daily_evaluation', run.tick);
    expect(tick.outcome!.stale).toBeGreaterThan(0);
    const alerts = (
      await app.inject({ method: 'GET', url: `${API}/alerts/active?machine_id=${ids.b40Gas}` })
    ).json();
    expect(alerts.map((alert: { alert_type: string }) => alert.alert_type)).toContain('evaluation_stale');
  });

  it('refuses bad metric bodies and unknown machines with problem+json', async () => {
    const bad = await post(
      `/metrics/record?model_id=${pinnedModelId}&model_type=baseline&machine_id=${ids.b40Gas}&evaluation_start=2015-06-01T00:00:00Z&evaluation_end=2015-06-02T00:00:00Z`,
      { r_squared: 'high' },
    );
    expect(bad.json()).toMatchObject({ status: 400, errors: [{ field: 'r_squared' }] });
    const unknownTrend = await app.inject({
      method: 'GET',
      url: `${API}/metrics/trend?model_type=anomaly&machine_id=00000000-0000-4000-8000-000000000000`,
    });
    expect(unknownTrend.statusCode).toBe(404);
    const empty = await app.inject({
      method: 'GET',
      url: `${API}/metrics/trend?model_type=forecast_arima&machine_id=${ids.steel}&days=1`,
    });
    // Nothing trained a forecast of the steel plant on this suite's database.
    expect(empty.statusCode).toBe(404);
    expect(empty.json()).toMatchObject({ code: 'METRICS.NOT_FOUND' });
  });
});
