/**
 * The scheduled-work queue: one message per batch of a fanned-out tick's items (job, tick, up to
 * SCHEDULED_WORK_BATCH_SIZE model or machine ids). A message per item made the queue's fetch the
 * database's second largest cost in a tick of ten thousand (it orders every queued message at each
 * fetch); a batch of ten cuts messages and fetches tenfold and still spreads a tick over every
 * worker slot. It is a queue of its own, taken by its own worker slots (SCHEDULED_WORK_CONCURRENCY)
 * beside the training slots, so ten thousand scheduled items never stand in front of a manual or
 * drift-triggered training job; the retrains they cause go to the training queue with the
 * `scheduled` priority, below `manual` and `drift_detected`. Failed attempts are retried by the
 * queue's policy (SCHEDULED_WORK_MAX_ATTEMPTS, backoff from SCHEDULED_WORK_RETRY_DELAY_SECONDS).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type PgBoss from 'pg-boss';
import { schedulerConfig } from '../config/scheduler.config';
import { JobQueue } from '../database/job-queue';

export const SCHEDULED_WORK_QUEUE = 'scheduled-work';

/** An item's work may take a while (a year of hourly readings scored); a worker gone silent longer is presumed dead. */
const ITEM_EXPIRY_SECONDS = 15 * 60;

export interface ScheduledWorkMessage {
  job: string;
  tick: string;
  items: string[];
}

/** A message of the version before batches (one item each), still in the queue during an upgrade. */
interface SingleItemMessage {
  job: string;
  tick: string;
  item: string;
}

/** The message as this version handles it, whichever version queued it. */
export function asBatch(data: ScheduledWorkMessage | SingleItemMessage): ScheduledWorkMessage {
  return 'items' in data ? data : { job: data.job, tick: data.tick, items: [data.item] };
}

/** Where the attempt stands in the queue's retry policy. */
export interface Attempt {
  retryCount: number;
  retryLimit: number;
}

@Injectable()
export class ScheduledWorkQueue {
  private working = false;

  constructor(
    private readonly jobQueue: JobQueue,
    @Inject(schedulerConfig.KEY) private readonly config: ConfigType<typeof schedulerConfig>,
  ) {}

  private started(): Promise<PgBoss> {
    return this.jobQueue.queue(SCHEDULED_WORK_QUEUE, {
      retryLimit: this.config.maxAttempts - 1,
      retryDelay: this.config.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: ITEM_EXPIRY_SECONDS,
    });
  }

  /** One message per batch of items, inside the caller's unit of work (they commit with the item rows). */
  async enqueue(job: string, tick: Date, items: string[]): Promise<void> {
    const boss = await this.started();
    const messages = chunk(items, this.config.batchSize).map((batch) => ({
      name: SCHEDULED_WORK_QUEUE,
      data: { job, tick: tick.toISOString(), items: batch } satisfies ScheduledWorkMessage,
    }));
    await boss.insert(messages, { db: this.jobQueue.inTransaction() });
  }

  /** Starts `concurrency` workers; a handler that throws leaves the message to the retry policy. */
  async work(
    concurrency: number,
    handler: (message: ScheduledWorkMessage, attempt: Attempt) => Promise<void>,
  ): Promise<void> {
    const boss = await this.started();
    this.working = true;
    for (let i = 0; i < concurrency; i++) {
      const workerId = await boss.work<ScheduledWorkMessage | SingleItemMessage>(
        SCHEDULED_WORK_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true },
        async ([message]) => {
          try {
            await handler(asBatch(message.data), message);
          } finally {
            // Items come in thousands: look for the next at once rather than at the next poll.
            boss.notifyWorker(workerId);
          }
        },
      );
    }
  }

  async stopWorking(): Promise<void> {
    if (this.working) await (await this.started()).offWork(SCHEDULED_WORK_QUEUE);
    this.working = false;
  }
}

function chunk<T>(values: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}
