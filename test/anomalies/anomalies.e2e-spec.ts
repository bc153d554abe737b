/**
 * Anomaly flags on the steel plant: an anomaly model trained on autumn 2018 scores December,
 * stores its flags once (re-scoring adds none), energy managers give verdicts, and the
 * evaluation of the window reports the precision those verdicts imply.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API, createTestApp, DemoIds, ensureDemoData } from '../support/test-app';
import { waitFor } from '../support/wait';

describe('anomaly flags and their verdicts', () => {
  let app: NestFastifyApplication;
  let ids: DemoIds;
  let modelId: string;
  const post = (url: string, payload?: object) =>
    app.inject({ method: 'POST', url: `${API}${url}`, payload: payload ?? {} });

  beforeAll(async () => {
    app = await createTestApp();
    ids = await ensureDemoData(app);
    const trigger = await post(`/retrain/trigger?model_type=anomaly&machine_id=${ids.steel}`, {
      hyperparameters: { training_start: '2018-09-01', training_end: '2018-11-30' },
    });
    const jobId = trigger.json().training_job_id;
    const done = await waitFor('anomaly training', async () => {
      const job = (await app.inject({ method: 'GET', url: `${API}/training/jobs/${jobId}` })).json();
      return ['completed', 'failed'].includes(job.training_status) ? job : undefined;
    });
    expect(done.training_status).toBe('completed');
    modelId = done.model_id;
  });
  afterAll(() => app.close());

  it('stores the flags of a window once and takes true/false-positive verdicts that feed precision', async () => {
    const window = 'start=2018-11-30T15:00:00Z&end=2018-12-31T15:00:00Z';
    const first = (await post(`/anomalies/detect?machine_id=${ids.steel}&${window}`)).json();
    expect(first).toMatchObject({ model_id: modelId, scored: expect.any(Number) });
    expect(first.scored).toBeGreaterThan(700);
    expect(first.new_flags).toBe(first.flagged);
    const again = (await post(`/anomalies/detect?machine_id=${ids.steel}&${window}`)).json();
    expect(again.new_flags).toBe(0);

    const listed = (
      await app.inject({
        method: 'GET',
        url: `${API}/anomalies?machine_id=${ids.steel}&model_id=${modelId}&limit=500`,
      })
    ).json();
    expect(listed.total).toBe(first.flagged);
    expect(listed.total).toBeGreaterThanOrEqual(2);
    const [a, b] = listed.items;
    expect(
      (await post(`/anomalies/${a.id}/feedback`, { verdict: 'true_positive', by: 'manager' })).json(),
    ).toMatchObject({ feedback: 'true_positive', feedback_by: 'anonymous (as manager)' });
    await post(`/anomalies/${b.id}/feedback`, { verdict: 'false_positive' });
    const evaluation = (
      await post(`/metrics/evaluate?machine_id=${ids.steel}&model_type=anomaly&model_id=${modelId}&${window}`)
    ).json();
    const rows = (
      await app.inject({
        method: 'GET',
        url: `${API}/metrics/trend?machine_id=${ids.steel}&model_type=anomaly&days=1`,
      })
    ).json();
    expect(evaluation).toMatchObject({ precision_score: 0.5, true_positives: 1, false_positives: 1 });
    expect(rows.metrics.length).toBeGreaterThan(0);
    const judged = (
      await app.inject({
        method: 'GET',
        url: `${API}/anomalies?machine_id=${ids.steel}&model_id=${modelId}&feedback=none&limit=1`,
      })
    ).json();
    expect(judged.total).toBe(listed.total - 2);
  });

  it('refuses bad verdicts and unknown flags', async () => {
    const bad = await post(`/anomalies/00000000-0000-4000-8000-000000000000/feedback`, { verdict: 'maybe' });
    expect(bad.json()).toMatchObject({ status: 400, errors: [{ field: 'verdict' }] });
    const unknown = await post(`/anomalies/00000000-0000-4000-8000-000000000000/feedback`, {
      verdict: 'true_positive',
    });
    expect(unknown.statusCode).toBe(404);
  });
});
