/** Training through the API in e2e tests: trigger, then wait for the job to end. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API } from './test-app';
import { waitFor } from './wait';

/** The job once it has ended (completed, failed or cancelled). */
export function trainingFinished(app: NestFastifyApplication, jobId: string) {
  return waitFor(`training job ${jobId}`, async () => {
    const job = (await app.inject({ method: 'GET', url: `${API}/training/jobs/${jobId}` })).json();
    return ['completed', 'failed', 'cancelled'].includes(job.training_status) ? job : undefined;
  });
}

/** Trains a version with a pinned spec and answers its completed job (the test fails otherwise). */
export async function trainVersion(
  app: NestFastifyApplication,
  machineId: string,
  modelType: string,
  hyperparameters: object,
) {
  const trigger = await app.inject({
    method: 'POST',
    url: `${API}/retrain/trigger?model_type=${modelType}&machine_id=${machineId}`,
    payload: { hyperparameters },
  });
  const job = await trainingFinished(app, trigger.json().training_job_id);
  expect(job).toMatchObject({ training_status: 'completed' });
  return job as { id: string; model_id: string; training_status: string };
}
