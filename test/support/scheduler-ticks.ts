/** Runs a scheduled job now through the admin endpoint and follows its tick until every item is settled. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TickProgress } from '../../src/scheduler/scheduler.repository';
import { API } from './test-app';
import { waitFor } from './wait';

export interface TickDetail {
  tick: string;
  finished_at: string | null;
  outcome: Record<string, number> | null;
  progress: TickProgress;
  failed_items: { item: string; attempts: number; error: string | null }[];
}

/** The tick's detail once it is finished (fails naming the job after `timeoutMs`). */
export function tickFinished(
  app: NestFastifyApplication,
  job: string,
  tick: string,
  timeoutMs = 60_000,
): Promise<TickDetail> {
  return waitFor(
    `${job} tick ${tick} to finish`,
    async () => {
      const detail = (
        await app.inject({ method: 'GET', url: `${API}/admin/scheduler/${job}/ticks/${tick}` })
      ).json<TickDetail>();
      return detail.progress.finished ? detail : undefined;
    },
    timeoutMs,
  );
}

/** POST /admin/scheduler/{job}/run, then the finished tick. */
export async function runAndFinish(
  app: NestFastifyApplication,
  job: string,
  timeoutMs?: number,
): Promise<TickDetail> {
  const run = await app.inject({ method: 'POST', url: `${API}/admin/scheduler/${job}/run` });
  if (run.statusCode !== 200) throw new Error(`run ${job}: ${run.statusCode} ${run.body}`);
  return tickFinished(app, job, run.json<{ tick: string }>().tick, timeoutMs);
}
