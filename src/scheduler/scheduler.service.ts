/**
 * The scheduled jobs of the predecessor, each registered by its own module (scheduled-job.ts)
 * and run once per cluster per tick: every replica fires, the one that inserts the (job, tick)
 * row into mps_scheduler_ticks takes it, the others skip. An inline job runs there; a fanned-out
 * one is only enqueued there (one item per model, for the workers: scheduled-work.runner.ts), in
 * the same transaction as the claim, so a claimed tick always has its items. The same jobs can be
 * run now through the admin endpoint, so they are tested without the clock.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DiscoveryService } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob, CronTime } from 'cron';
import { hostname } from 'node:os';
import { DomainError, NotFoundError } from '../common/domain-error';
import { ErrorCode } from '../common/error-codes';
import { appConfig } from '../config/app.config';
import { ScheduledJob } from './scheduled-job';
import { UnitOfWork } from '../database/unit-of-work';
import { ScheduledWorkQueue } from './scheduled-work-queue';
import { FailedItem, SchedulerRepository, TickProgress, TickRow } from './scheduler.repository';
import { scheduledTick } from './tick';

export interface TickResult {
  job: string;
  tick: string;
  ran: boolean;
  /** Inline jobs: what the run did. Fanned-out jobs: how many items it queued. */
  outcome?: Record<string, unknown>;
  /** Fanned-out jobs: the items' progress (GET /admin/scheduler/{job}/ticks/{tick} follows it). */
  progress?: TickProgress;
}

export interface TickDetail extends TickRow {
  progress: TickProgress | null;
  failed_items: FailedItem[];
}

/** Failed items listed with a tick; the counts give the rest. */
const FAILED_ITEMS_SHOWN = 50;

@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly instance = `${hostname()}:${process.pid}`;

  private registered?: Map<string, ScheduledJob>;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly ticks: SchedulerRepository,
    private readonly work: ScheduledWorkQueue,
    private readonly uow: UnitOfWork,
    private readonly discovery: DiscoveryService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  /** Every job the modules registered, by name (in name order). */
  jobs(): Map<string, ScheduledJob> {
    this.registered ??= new Map(
      this.discovery
        .getProviders()
        .map((wrapper) => wrapper.instance as unknown)
        .filter((instance): instance is ScheduledJob => instance instanceof ScheduledJob)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((job) => [job.name, job]),
    );
    return this.registered;
  }

  onApplicationBootstrap(): void {
    if (!this.app.schedulerEnabled) {
      this.logger.log('SCHEDULER_ENABLED=false: this process fires no scheduled jobs');
      return;
    }
    for (const job of this.jobs().values()) {
      const cron: CronJob = CronJob.from({
        cronTime: job.cron,
        onTick: () => this.fire(job, cron.cronTime),
        start: true,
      });
      this.registry.addCronJob(job.name, cron);
    }
  }

  private fire(job: ScheduledJob, schedule: CronTime): void {
    const firedAt = new Date();
    const tick = scheduledTick(schedule, firedAt);
    if (!tick) {
      this.logger.warn(
        { job: job.name, fired_at: firedAt },
        'timer fired too late for any scheduled tick; skipped',
      );
      return;
    }
    this.runTick(job.name, tick).catch((error: unknown) =>
      this.logger.error({ err: error, job: job.name }, 'scheduled job failed'),
    );
  }

  onApplicationShutdown(): void {
    for (const job of this.jobs().keys()) {
      if (this.registry.doesExist('cron', job)) this.registry.deleteCronJob(job);
    }
  }

  /** Runs (or, fanned out, enqueues) `job` for `tick` unless another replica already took that tick. */
  async runTick(job: string, tick: Date): Promise<TickResult> {
    const scheduled = this.job(job);
    const result = { job, tick: tick.toISOString() };
    if (scheduled.work.kind === 'fan_out') {
      const fanOut = scheduled.work;
      const queued = await this.uow.run(async () => {
        if (!(await this.ticks.claimTick(job, tick, this.instance))) return undefined;
        const items = await fanOut.items();
        await this.ticks.insertItems(job, tick, items);
        await this.work.enqueue(job, tick, items);
        // A tick without items is done the moment it is taken.
        if (items.length === 0) await this.ticks.finishTick(job, tick, { items: 0, done: 0, failed: 0 });
        return items.length;
      });
      if (queued === undefined) return this.taken(result);
      this.logger.log({ job, tick, queued }, 'scheduled job enqueued');
      const progress = (await this.ticks.progress(job, [tick])).get(tick.getTime());
      return { ...result, ran: true, outcome: { queued }, progress };
    }
    if (!(await this.ticks.claimTick(job, tick, this.instance))) return this.taken(result);
    const outcome = { ...(await scheduled.work.run()) };
    await this.ticks.finishTick(job, tick, outcome);
    this.logger.log({ job, tick, outcome }, 'scheduled job ran');
    return { ...result, ran: true, outcome };
  }

  private taken(result: { job: string; tick: string }): TickResult {
    this.logger.debug(result, 'tick already taken by another replica');
    return { ...result, ran: false };
  }

  /** A registered job, or 404 naming the known ones. */
  job(name: string): ScheduledJob {
    const scheduled = this.jobs().get(name);
    if (!scheduled) {
      throw new DomainError(
        ErrorCode.SCHEDULER_UNKNOWN_JOB,
        404,
        `no scheduled job "${name}"; known: ${[...this.jobs().keys()].join(', ')}`,
      );
    }
    return scheduled;
  }

  /** The admin endpoint: run now (a tick of its own). */
  runNow(job: string): Promise<TickResult> {
    return this.runTick(job, new Date());
  }

  /** The newest ticks of a job; those of a fanned-out job with their items' progress. */
  async history(job: string, limit = 20): Promise<(TickRow & { progress?: TickProgress })[]> {
    const recent = await this.ticks.recentTicks(job, limit);
    if (this.job(job).work.kind === 'inline') return recent;
    const progress = await this.ticks.progress(
      job,
      recent.map((row) => row.tick),
    );
    return recent.map((row) => ({ ...row, progress: agreeing(progress.get(row.tick.getTime()), row) }));
  }

  /** One tick: its row, its items' progress and its failed items (404 when it was never taken). */
  async tickDetail(job: string, tick: Date): Promise<TickDetail> {
    const fannedOut = this.job(job).work.kind === 'fan_out';
    const row = await this.ticks.findTick(job, tick);
    if (!row) throw new NotFoundError('scheduler tick', `${job} ${tick.toISOString()}`, 'tick');
    return {
      ...row,
      progress: fannedOut
        ? (agreeing((await this.ticks.progress(job, [tick])).get(tick.getTime()), row) ?? null)
        : null,
      failed_items: fannedOut ? await this.ticks.failedItems(job, tick, FAILED_ITEMS_SHOWN) : [],
    };
  }
}

/**
 * Progress whose `finished` is the tick row's own: the row and the item counts are two reads, and a
 * worker can finish the tick between them; `finished` then must not say true beside a row whose
 * outcome is not there yet.
 */
function agreeing(progress: TickProgress | undefined, row: TickRow): TickProgress | undefined {
  return progress && { ...progress, finished: row.finished_at !== null };
}
