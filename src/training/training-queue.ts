/**
 * The training queue (on the process's pg-boss, database/job-queue.ts). A message carries only the
 * job id; model_training_history stays the one record of a job's state, and handlers are
 * idempotent (a message for a job that is no longer pending is acknowledged and dropped).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type PgBoss from 'pg-boss';
import { trainingConfig } from '../config/training.config';
import { JobQueue } from '../database/job-queue';

export const TRAINING_QUEUE = 'model-training';

export interface TrainingMessage {
  jobId: string;
}

@Injectable()
export class TrainingQueue {
  private readonly workerIds: string[] = [];

  constructor(
    private readonly jobQueue: JobQueue,
    @Inject(trainingConfig.KEY) private readonly config: ConfigType<typeof trainingConfig>,
  ) {}

  private started(): Promise<PgBoss> {
    return this.jobQueue.queue(TRAINING_QUEUE, {
      retryLimit: Math.max(0, this.config.maxAttempts - 1),
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: Math.ceil(this.config.jobTimeoutMs / 1000) + 60,
    });
  }

  /** Enqueues inside the caller's unit of work: the job row and its message commit together. */
  async enqueue(jobId: string, priority: number): Promise<void> {
    const boss = await this.started();
    await boss.send(TRAINING_QUEUE, { jobId } satisfies TrainingMessage, {
      priority,
      db: this.jobQueue.inTransaction(),
    });
  }

  /** Re-sends a message for a job (recovery after a crash); outside any transaction. */
  async resend(jobId: string, priority: number): Promise<void> {
    await (await this.started()).send(TRAINING_QUEUE, { jobId } satisfies TrainingMessage, { priority });
  }

  /**
   * Starts `concurrency` workers in this process. pg-boss polls every 0.5 s (its minimum), which
   * alone would cap a worker at two jobs a second: so a worker that has just handled a job looks
   * for the next at once, and `wake()` cuts the wait short when a job is queued.
   */
  async work(concurrency: number, handler: (message: TrainingMessage) => Promise<void>): Promise<void> {
    const boss = await this.started();
    for (let i = 0; i < concurrency; i++) {
      // The handler runs after a fetch round trip, so workerId is assigned by then.
      const workerId = await boss.work<TrainingMessage>(
        TRAINING_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: 0.5 },
        async ([job]) => {
          try {
            await handler(job.data);
          } finally {
            boss.notifyWorker(workerId);
          }
        },
      );
      this.workerIds.push(workerId);
    }
  }

  /** Makes this process's waiting workers poll now (a job was just queued somewhere). */
  wake(): void {
    if (this.workerIds.length === 0) return;
    void this.started().then((boss) => this.workerIds.forEach((id) => boss.notifyWorker(id)));
  }

  async depth(): Promise<number> {
    return (await this.started()).getQueueSize(TRAINING_QUEUE);
  }

  async stopWorking(): Promise<void> {
    if (this.workerIds.length > 0) await (await this.started()).offWork(TRAINING_QUEUE);
    this.workerIds.length = 0;
  }
}
