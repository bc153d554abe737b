/**
 * Nothing stays stuck: running jobs whose worker stopped heart-beating (crash, kill -9) are
 * re-queued while attempts remain, else failed; jobs past the timeout are failed. Runs at startup
 * and on the cleanup schedule; every change is conditional on the job still being stuck.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../config/app.config';
import { trainingConfig } from '../config/training.config';
import { TrainingQueue } from './training-queue';
import { TrainingRepository } from './training.repository';

export interface CleanupReport {
  requeued: string[];
  failed: string[];
}

@Injectable()
export class TrainingCleanupService implements OnApplicationBootstrap {
  private readonly logger = new Logger(TrainingCleanupService.name);

  constructor(
    private readonly jobs: TrainingRepository,
    private readonly queue: TrainingQueue,
    @Inject(trainingConfig.KEY) private readonly config: ConfigType<typeof trainingConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.app.role !== 'api') await this.recoverStuckJobs();
  }

  async recoverStuckJobs(now = new Date()): Promise<CleanupReport> {
    const staleBefore = new Date(now.getTime() - this.config.staleHeartbeatMs);
    const startedBefore = new Date(now.getTime() - this.config.jobTimeoutMs);
    const report: CleanupReport = { requeued: [], failed: [] };
    for (const job of await this.jobs.findStuck(staleBefore, startedBefore)) {
      const timedOut = job.training_start !== null && job.training_start < startedBefore;
      const requeue = !timedOut && job.attempt < job.max_attempts;
      const message = timedOut
        ? `exceeded the timeout of ${Math.round(this.config.jobTimeoutMs / 1000)} s`
        : requeue
          ? `worker ${job.worker_id ?? '?'} stopped heart-beating; re-queued after attempt ${job.attempt} of ${job.max_attempts}`
          : `worker ${job.worker_id ?? '?'} stopped heart-beating; no attempts left (${job.attempt} of ${job.max_attempts})`;
      if (!(await this.jobs.recoverStuck(job.id, requeue, message))) continue;
      if (requeue) {
        await this.queue.resend(job.id, job.priority);
        report.requeued.push(job.id);
      } else {
        report.failed.push(job.id);
      }
    }
    this.logger.log(
      `cleanup: ${report.requeued.length} stuck job(s) re-queued, ${report.failed.length} failed`,
    );
    return report;
  }
}
