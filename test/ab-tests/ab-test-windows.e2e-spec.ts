/**
 * A/B tests that can always compare, and an end that decides (issue 14): the default window lies
 * after both versions' training windows, intervals a version was trained on are never compared,
 * a window that can never compare is refused, an ended test answers without "keep running", and
 * the completion tick takes each ended test on its own.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { freshDatabase } from '../support/fresh-database';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { trainVersion } from '../support/training-jobs';

describe('A/B test windows and decisions on the demo history (2013-2015)', () => {
  let app: NestFastifyApplication;
  let ids: DemoIds;
  let dropDatabase: () => Promise<void>;
  const versions: Record<string, { id: string; training_data_end: string }> = {};

  const post = (url: string, payload?: object) =>
    app.inject({ method: 'POST', url: `${API}${url}`, payload: payload ?? {} });
  const get = (url: string) => app.inject({ method: 'GET', url: `${API}${url}` });

  async function train(label: string, machineId: string, hyperparameters: object) {
    const job = await trainVersion(app, machineId, 'baseline', { interval: 'day', ...hyperparameters });
    versions[label] = (await get(`/models/${job.model_id}`)).json();
  }

  const trainedOn2013To2014 = {
    training_start: '2013-01-01',
    training_end: '2014-12-31',
    validation_start: '2015-01-01',
    validation_end: '2015-01-31',
  };

  const start = (machineId: string, a: string, b: string, extra: string) =>
    post(
      `/ab-test/start?test_name=${encodeURIComponent(`${a} vs ${b}`)}&model_type=baseline&machine_id=${machineId}` +
        `&model_a_id=${versions[a].id}&model_b_id=${versions[b].id}${extra}`,
    );

  beforeAll(async () => {
    const fresh = await freshDatabase('abwindows');
    dropDatabase = fresh.drop;
    app = await createTestApp(fresh.url);
    ids = await ensureDemoData(app);
    await train('gas_intercept', ids.b40Gas, { features: [], ...trainedOn2013To2014 });
    await train('gas_hdd', ids.b40Gas, { features: ['hdd_15_5'], ...trainedOn2013To2014 });
    await train('gas_hdd_2015', ids.b40Gas, {
      features: ['hdd_15_5'],
      training_start: '2015-01-01',
      training_end: '2015-09-30',
      validation_start: '2015-10-01',
      validation_end: '2015-12-31',
    });
    await train('elec_weekend', ids.b40Electricity, { features: ['weekend'], ...trainedOn2013To2014 });
    await train('elec_hdd_weekend', ids.b40Electricity, {
      features: ['hdd_15_5', 'weekend'],
      ...trainedOn2013To2014,
    });
  });
  afterAll(async () => {
    await app.close();
    await dropDatabase();
  });

  it('never compares intervals inside either version\u2019s training window', async () => {
    expect(versions.gas_hdd_2015.training_data_end).toBe('2015-10-01T00:00:00.000Z');
    const started = await start(
      ids.b40Gas,
      'gas_hdd',
      'gas_hdd_2015',
      '&test_start=2015-01-01T00:00:00Z&duration_hours=8760',
    );
    expect(started.statusCode).toBe(200);
    // 2015 has 365 days; January to September (273) are the challenger's training data.
    expect(started.json()).toMatchObject({
      paired_intervals_available: 92,
      excluded_training_intervals: 273,
    });
    const results = (await get(`/ab-test/${started.json().test_id}/results`)).json();
    expect(results).toMatchObject({ sample_count: 92, excluded_training_intervals: 273, ended: true });
    expect((await post(`/ab-tests/${started.json().test_id}/cancel`)).statusCode).toBe(200);
  });

  it('starts a test with default dates after both training windows and decides it on the history', async () => {
    expect(versions.gas_hdd.training_data_end).toBe('2015-01-01T00:00:00.000Z');
    const started = await start(ids.b40Gas, 'gas_intercept', 'gas_hdd', '&duration_hours=8760');
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({
      test_id: expect.any(String),
      status: 'running',
      test_start: '2015-01-01T00:00:00.000Z',
      test_end: '2016-01-01T00:00:00.000Z',
      message: expect.stringContaining('365 metered intervals outside both training windows'),
      paired_intervals_available: 365,
      excluded_training_intervals: 0,
    });
    const results = (await get(`/ab-test/${started.json().test_id}/results`)).json();
    // The predecessor's fields, then the statistics.
    expect(results).toMatchObject({
      test_id: started.json().test_id,
      test_name: 'gas_intercept vs gas_hdd',
      model_a_version: expect.any(Number),
      model_b_version: expect.any(Number),
      winner: 'model_b',
      confidence: expect.any(Number),
      model_a_metrics: expect.any(Object),
      model_b_metrics: expect.any(Object),
      recommendation: expect.stringMatching(
        /^The test has ended\. Model B is more accurate .*promote model B\.$/,
      ),
      ended: true,
      no_winner_reason: null,
      sample_count: 365,
      samples_still_needed: null,
      diebold_mariano_hac: { lags: 5, loss: 'squared', df: 364 },
      autocorrelation: { autocorrelated: true },
    });
    expect(results.p_value).toBe(results.diebold_mariano_hac.p_value);
    expect(results.p_value).toBeLessThan(0.001);
    // Daily gas errors are strongly autocorrelated: the independence tests carry the caveat.
    expect(results.autocorrelation.loss_differential_lag1).toBeGreaterThan(
      results.autocorrelation.independence_band,
    );
    expect(results.paired_t_caveat).toMatch(/^assumes independent pairs/);
    expect(results.wilcoxon_caveat).toBe(results.paired_t_caveat);
    expect(Math.abs(results.diebold_mariano_hac.statistic)).toBeLessThan(
      Math.abs(results.diebold_mariano.dm),
    );
  });

  it('refuses a default window that has ended without data both versions can be scored on, and does not block the next start', async () => {
    // Both trained until 2015-01-01: the default 24 h window holds one day, too few to compare.
    const refused = await start(ids.b40Electricity, 'elec_weekend', 'elec_hdd_weekend', '');
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({
      status: 422,
      code: 'AB_TEST.NO_UNSEEN_DATA',
      detail: expect.stringContaining('has ended and holds 1 metered intervals'),
      errors: [{ field: 'duration_hours' }],
    });
    const accepted = await start(
      ids.b40Electricity,
      'elec_weekend',
      'elec_hdd_weekend',
      '&test_start=2015-01-01T00:00:00Z&duration_hours=744',
    );
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      test_end: '2015-02-01T00:00:00.000Z',
      paired_intervals_available: 31,
    });
  });

  it('completes each ended test on its own: one that cannot be scored is recorded with its error, the other completes', async () => {
    const running = (await get(`/ab-tests?test_status=running`)).json().items as {
      id: string;
      machine_id: string;
    }[];
    const gasTest = running.find((test) => test.machine_id === ids.b40Gas)!;
    const electricityTest = running.find((test) => test.machine_id === ids.b40Electricity)!;
    // A version the algorithms cannot use any more (its stored columns no longer match its spec).
    await app
      .get(DataSource)
      .query(
        `UPDATE mps_model_versions SET parameters = jsonb_set(parameters, '{feature_names}', '["not_a_column"]') WHERE id = $1`,
        [versions.elec_hdd_weekend.id],
      );

    const tick = await post('/admin/scheduler/ab_test_completion/run');
    expect(tick.statusCode).toBe(200);
    // The electricity test ended first (2015-02-01), so it fails before the gas test is reached.
    expect(tick.json()).toMatchObject({
      job: 'ab_test_completion',
      ran: true,
      outcome: {
        done: 1,
        skipped: 0,
        failed: 1,
        errors: [{ test_id: electricityTest.id, code: 'RangeError', retried: false }],
      },
    });
    expect(tick.json().outcome.errors[0].error).toMatch(/stored baseline has columns \[not_a_column\]/);

    const gas = (await get(`/ab-tests/${gasTest.id}`)).json();
    expect(gas).toMatchObject({
      test_status: 'completed',
      winner_model_id: versions.gas_hdd.id,
      decision: null,
      metadata: { result: { winner: 'model_b', sample_count: 365 } },
    });
    const electricity = (await get(`/ab-tests/${electricityTest.id}`)).json();
    expect(electricity).toMatchObject({
      test_status: 'completed',
      decision: 'manual_review',
      decided_by: 'scheduler',
      decision_notes: expect.stringMatching(/^could not be completed: stored baseline has columns/),
      metadata: { completion_error: { code: 'RangeError' } },
    });
    const history = (await get('/admin/scheduler')).json();
    expect(JSON.stringify(history)).toContain('"failed":1');

    // Nothing is left running for the machines: the next tick has nothing to do.
    const next = await post('/admin/scheduler/ab_test_completion/run');
    expect(next.json().outcome).toMatchObject({ done: 0, skipped: 0, failed: 0 });
  });
});
