/** A CalTRACK daily baseline of a demo meter fitted through the API (by default on 2014, validated on 2015). */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API } from './test-app';
import { waitFor } from './wait';

/** caltrack.json's cases: fitted on 2014, reported on 2015. */
export const CALTRACK_WINDOWS = {
  training_start: '2014-01-01',
  training_end: '2014-12-31',
  validation_start: '2015-01-01',
  validation_end: '2015-12-31',
};

/** Trains it (on other windows if given), waits for the job and returns the new version's model_id. */
export async function trainCaltrackDaily(
  app: NestFastifyApplication,
  machineId: string,
  windows = CALTRACK_WINDOWS,
): Promise<string> {
  const trigger = await app.inject({
    method: 'POST',
    url: `${API}/retrain/trigger?model_type=baseline&machine_id=${machineId}`,
    payload: {
      hyperparameters: {
        algorithm: 'caltrack_daily',
        ...windows,
      },
    },
  });
  const jobId = trigger.json().training_job_id as string;
  const job = await waitFor(
    `job ${jobId}`,
    async () => {
      const body = (await app.inject({ method: 'GET', url: `${API}/training/jobs/${jobId}` })).json();
      return ['completed', 'failed'].includes(body.training_status) ? body : undefined;
    },
    240_000,
  );
  expect({ status: job.training_status, error: job.error_message }).toEqual({
    status: 'completed',
    error: null,
  });
  return job.model_id as string;
}
