/**
 * The worker side of the fanned-out ticks: takes a message (a batch of a tick's models or
 * machines), runs its job's handler for each item and records each outcome on the item's row. A data problem (a DomainError
 * with a 4xx status, a RangeError from the algorithms) fails the item at once: it would fail
 * again. Anything else is presumed transient and left to the queue's retry policy; after the
 * last attempt the item is recorded failed. Either way the tick's other items go on, and the
 * item that settles the tick's last open one finishes the tick.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { hostname } from 'node:os';
import { isDataError } from '../common/domain-error';
import { appConfig } from '../config/app.config';
import { schedulerConfig } from '../config/scheduler.config';
import { scheduledItems } from './scheduler-metrics';
import { Attempt, ScheduledWorkMessage, ScheduledWorkQueue } from './scheduled-work-queue';
import { SchedulerRepository } from './scheduler.repository';
import { SchedulerService } from './scheduler.service';

@Injectable()
export class ScheduledWorkRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ScheduledWorkRunner.name);
  private readonly workerId = `${hostname()}:${process.pid}`;

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly ticks: SchedulerRepository,
    private readonly queue: ScheduledWorkQueue,
    @Inject(schedulerConfig.KEY) private readonly config: ConfigType<typeof schedulerConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.app.role === 'api') return;
    await this.queue.work(this.config.workConcurrency, (message, attempt) => this.handle(message, attempt));
    this.logger.log(`taking scheduled items as ${this.workerId} (${this.config.workConcurrency} at a time)`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.stopWorking();
  }

  /**
   * A batch: each item is started, run and settled on its own. An item that may pass on a retry
   * leaves the batch's other items to run now; the batch is then thrown back to the queue's retry
   * policy, and at the retry only its items still open run again (settled ones are skipped).
   */
  async handle(message: ScheduledWorkMessage, attempt: Attempt): Promise<void> {
    const job = this.scheduler.jobs().get(message.job);
    if (job?.work.kind !== 'fan_out') {
      // A message of a job this version no longer has: nothing can handle it, so it is dropped.
      this.logger.warn(message, 'scheduled items of an unknown job dropped');
      return;
    }
    const tick = new Date(message.tick);
    let retry: Error | undefined;
    for (const item of message.items) {
      if ((await this.ticks.startItem(message.job, tick, item, this.workerId)) === undefined) continue;
      let outcome;
      try {
        outcome = await job.work.handle(item, tick);
      } catch (error) {
        if (!(await this.onFailure(message.job, tick, item, attempt, error)))
          retry ??= error instanceof Error ? error : new Error(String(error));
        continue;
      }
      await this.settle(message.job, tick, item, { state: 'done', outcome, error: null });
      scheduledItems.inc({ job: message.job, result: 'done' });
    }
    // Thrown back, the message is retried by the queue's policy (with backoff).
    if (retry) throw retry;
  }

  /** Records a failed attempt; answers whether it was the item's last. */
  private async onFailure(
    jobName: string,
    tick: Date,
    item: string,
    attempt: Attempt,
    error: unknown,
  ): Promise<boolean> {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const final = isDataError(error) || attempt.retryCount >= attempt.retryLimit;
    await this.settle(jobName, tick, item, {
      state: final ? 'failed' : 'queued',
      outcome: null,
      error: text,
    });
    scheduledItems.inc({ job: jobName, result: final ? 'failed' : 'retried' });
    this.logger.warn(
      {
        err: error,
        job: jobName,
        tick,
        item,
        retry: attempt.retryCount,
        retry_limit: attempt.retryLimit,
        final,
      },
      final ? 'scheduled item failed' : 'scheduled item failed; retried later',
    );
    return final;
  }

  private async settle(
    jobName: string,
    tick: Date,
    item: string,
    settled: Parameters<SchedulerRepository['settleItem']>[3],
  ): Promise<void> {
    const finished = await this.ticks.settleItem(jobName, tick, item, settled);
    if (finished) this.logger.log({ job: jobName, tick, outcome: finished }, 'scheduled job finished');
  }
}
