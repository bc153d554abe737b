/**
 * A/B tests on building b40's gas meter, scored on 2015 (after both versions' training data):
 * an HDD baseline against an intercept-only one must win with p < 0.001; two baselines that
 * differ only by a weekend term are told apart only at the level the evidence supports.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { waitFor } from '../support/wait';

describe('A/B tests of model versions', () => {
  let app: NestFastifyApplication;
  let ids: DemoIds;
  const versions: Record<string, string> = {};

  const post = (url: string, payload?: object) =>
    app.inject({ method: 'POST', url: `${API}${url}`, payload: payload ?? {} });
  const get = (url: string) => app.inject({ method: 'GET', url: `${API}${url}` });

  async function train(label: string, features: string[]) {
    const trigger = await post(`/retrain/trigger?model_type=baseline&machine_id=${ids.b40Gas}`, {
      hyperparameters: {
        interval: 'day',
        features,
        training_start: '2013-01-01',
        training_end: '2014-12-31',
      },
    });
    const jobId = trigger.json().training_job_id;
    const done = await waitFor(`training of ${label}`, async () => {
      const job = (await get(`/training/jobs/${jobId}`)).json();
      return ['completed', 'failed'].includes(job.training_status) ? job : undefined;
    });
    expect(done.training_status).toBe('completed');
    versions[label] = done.model_id;
  }

  const start = (a: string, b: string, extra = '') =>
    post(
      `/ab-test/start?test_name=${encodeURIComponent(`${a} vs ${b}`)}&model_type=baseline&machine_id=${ids.b40Gas}` +
        `&model_a_id=${versions[a]}&model_b_id=${versions[b]}&duration_hours=8760&test_start=2015-01-01T00:00:00Z${extra}`,
    );

  beforeAll(async () => {
    app = await createTestApp();
    ids = await ensureDemoData(app);
    await train('intercept', []);
    await train('hdd', ['hdd_15_5']);
    await train('hdd_weekend', ['hdd_15_5', 'weekend']);
  });
  afterAll(() => app.close());

  it('declares the HDD model the winner over intercept-only with p < 0.001, and promotion activates it', async () => {
    const started = await start('intercept', 'hdd');
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({
      status: 'running',
      test_id: expect.any(String),
      test_end: '2016-01-01T00:00:00.000Z',
    });
    const testId = started.json().test_id;

    const second = await start('intercept', 'hdd_weekend');
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ status: 409, code: 'AB_TEST.ALREADY_RUNNING' });

    const results = (await get(`/ab-test/${testId}/results`)).json();
    expect(results).toMatchObject({
      winner: 'model_b',
      sample_count: 365,
      model_a_version: expect.any(Number),
      model_b_version: expect.any(Number),
    });
    expect(results.p_value).toBeLessThan(0.001);
    expect(results.confidence).toBeGreaterThan(0.999);
    expect(results.model_b_metrics.cv_rmse_pct).toBeLessThan(results.model_a_metrics.cv_rmse_pct);
    expect(results.confidence_interval.low).toBeGreaterThan(0);

    // An explicit arm overrides the traffic split: the active version while the test runs, or arm B.
    const window = `machine_id=${ids.b40Gas}&model_type=baseline&start=2015-03-01T00:00:00Z&end=2015-03-08T00:00:00Z`;
    const activeBefore = (await get(`/models?machine_id=${ids.b40Gas}&model_type=baseline`))
      .json()
      .items.find((v: { status: string }) => v.status === 'active');
    const asActive = (await get(`/predictions?${window}&arm=active`)).json();
    expect(asActive).toMatchObject({ served_by: 'active', model_id: activeBefore.id, ab_test_id: testId });
    const armB = (await get(`/predictions?${window}&arm=model_b`)).json();
    expect(armB).toMatchObject({ served_by: 'model_b', model_id: versions.hdd });

    const concluded = await post(`/ab-tests/${testId}/conclude`, {
      decision: 'promote_b',
      notes: 'HDD explains the gas use',
      decided_by: 'test',
    });
    expect(concluded.json()).toMatchObject({
      test_status: 'completed',
      decision: 'promote_b',
      winner_model_id: versions.hdd,
    });
    const active = (await get(`/models?machine_id=${ids.b40Gas}&model_type=baseline`))
      .json()
      .items.find((v: { status: string }) => v.status === 'active');
    expect(active.id).toBe(versions.hdd);
    const history = (await get(`/models/history?machine_id=${ids.b40Gas}&model_type=baseline`)).json();
    expect(history[0]).toMatchObject({
      model_id: versions.hdd,
      activated_by: 'anonymous (as test)',
      reason: expect.stringContaining('promote_b'),
    });
    expect((await post(`/ab-tests/${testId}/conclude`, { decision: 'no_winner' })).statusCode).toBe(409);

    // No test runs any more: an arm cannot be served, and the problem names the field.
    const noArm = await get(`/predictions?${window}&arm=model_a`);
    expect(noArm.statusCode).toBe(400);
    expect(noArm.json()).toMatchObject({ code: 'AB_TEST.NOT_RUNNING', errors: [{ field: 'arm' }] });
    const badArm = await get(`/predictions?${window}&arm=challenger`);
    expect(badArm.statusCode).toBe(400);
    expect(badArm.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'arm' })]));
  });

  it('decides between two baselines that differ only by a weekend term on what the ended year shows', async () => {
    // 2015 has ended: the answer is final. The weekend term lowers the squared error a little but
    // consistently (RMSE 5392 vs 5370 kWh; Diebold-Mariano with a Newey-West variance p = 0.0018),
    // while the mean absolute errors do not differ significantly.
    const atDefaultLevel = await start('hdd', 'hdd_weekend');
    const decided = (await get(`/ab-test/${atDefaultLevel.json().test_id}/results`)).json();
    expect(decided).toMatchObject({ winner: 'model_b', ended: true, no_winner_reason: null });
    expect(decided.p_value).toBeGreaterThan(0.001);
    expect(decided.p_value).toBeLessThan(0.05);
    expect(decided.paired_t_p_value).toBeGreaterThan(0.05);
    expect(decided.paired_t_caveat).toMatch(/^assumes independent pairs/);
    expect((await post(`/ab-tests/${atDefaultLevel.json().test_id}/cancel`)).statusCode).toBe(200);

    // At 99.9 % the same year is not enough evidence: no winner, and no "keep running" after the end.
    const started = await start('hdd', 'hdd_weekend', '&confidence_level=0.999');
    const results = (await get(`/ab-test/${started.json().test_id}/results`)).json();
    expect(results).toMatchObject({
      winner: 'no_winner',
      no_winner_reason: 'not_significant',
      ended: true,
      samples_still_needed: null,
    });
    expect(results.p_value).toBe(decided.p_value);
    expect(results.recommendation).toMatch(/^The test has ended\. No winner/);
    expect(results.recommendation).not.toMatch(/keep the test running/);
    const served = (
      await get(
        `/predictions?machine_id=${ids.b40Gas}&model_type=baseline&start=2015-03-01T00:00:00Z&end=2015-03-08T00:00:00Z&key=report-service`,
      )
    ).json();
    expect(['model_a', 'model_b']).toContain(served.served_by);
    expect(served.predictions).toHaveLength(7);
    const again = (
      await get(
        `/predictions?machine_id=${ids.b40Gas}&model_type=baseline&start=2015-03-01T00:00:00Z&end=2015-03-08T00:00:00Z&key=report-service`,
      )
    ).json();
    expect(again.model_id).toBe(served.model_id);
    expect((await post(`/ab-tests/${started.json().test_id}/cancel`)).json().test_status).toBe('cancelled');
  });

  it('lets exactly one of two concludes fired at once decide and activate', async () => {
    const started = await start('intercept', 'hdd_weekend');
    expect(started.statusCode).toBe(200);
    const testId = started.json().test_id;
    const historyOf = async () =>
      (await get(`/models/history?machine_id=${ids.b40Gas}&model_type=baseline`)).json();
    const before = (await historyOf()).length;

    const answers = await Promise.all([
      post(`/ab-tests/${testId}/conclude`, { decision: 'promote_a' }),
      post(`/ab-tests/${testId}/conclude`, { decision: 'promote_b' }),
    ]);
    const codes = answers.map((answer) => answer.statusCode).sort();
    expect(codes).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.statusCode === 200)!.json();
    const loser = answers.find((answer) => answer.statusCode === 409)!.json();
    expect(loser).toMatchObject({ code: 'AB_TEST.ALREADY_DECIDED' });
    expect(loser.detail).toContain(`already decided (${winner.decision})`);

    const history = await historyOf();
    expect(history).toHaveLength(before + 1);
    expect(history[0]).toMatchObject({
      model_id: winner.decision === 'promote_a' ? versions.intercept : versions.hdd_weekend,
      reason: expect.stringContaining(winner.decision),
    });
    expect((await get(`/ab-tests/${testId}`)).json()).toMatchObject({
      decision: winner.decision,
      winner_model_id: history[0].model_id,
    });
  });

  it('refuses bad inputs with problem+json 4xx', async () => {
    const unknown = await post(
      `/ab-test/start?test_name=x&model_type=baseline&machine_id=${ids.b40Gas}&model_a_id=${versions.hdd}&model_b_id=00000000-0000-4000-8000-000000000000`,
    );
    expect(unknown.json()).toMatchObject({ status: 404, errors: [{ field: 'model_b_id' }] });
    const foreign = await post(
      `/ab-test/start?test_name=x&model_type=baseline&machine_id=${ids.steel}&model_a_id=${versions.hdd}&model_b_id=${versions.intercept}`,
    );
    expect(foreign.json()).toMatchObject({ status: 400, errors: [{ field: 'model_a_id' }] });
    const split = await start('hdd', 'intercept', '&traffic_split_a=0.7&traffic_split_b=0.7');
    expect(split.json()).toMatchObject({ status: 400, errors: [{ field: 'traffic_split_b' }] });
    const missing = await get(`/ab-test/00000000-0000-4000-8000-000000000000/results`);
    expect(missing.statusCode).toBe(404);
    const badId = await get(`/ab-test/nope/results`);
    expect(badId.json()).toMatchObject({ status: 400, errors: [{ field: 'test_id' }] });
  });
});
