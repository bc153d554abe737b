/**
 * The scheduled jobs of the predecessor, each registered by its own module (scheduled-job.ts)
 * and run once per cluster per tick: every replica fires, the one that inserts the (job, tick)
 * row into mps_scheduler_ticks runs it, the others skip. The same jobs can be run now through the
 * admin endpoint, so they are tested without the clock.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DiscoveryService } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob, CronTime } from 'cron';
import { hostname } from 'node:os';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-codes';
import { appConfig } from '../config/app.config';
import { ScheduledJob } from './scheduled-job';
import { SchedulerRepository } from './scheduler.repository';
import { scheduledTick } from './tick';

export interface TickResult {
  job: string;
  tick: string;
  ran: boolean;
  outcome?: Record<string, unknown>;
}

@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly instance = `${hostname()}:${process.pid}`;

  private registered?: Map<string, ScheduledJob>;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly ticks: SchedulerRepository,
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

  /** Runs `job` for `tick` unless another replica already took that tick. */
  async runTick(job: string, tick: Date): Promise<TickResult> {
    const scheduled = this.jobs().get(job);
    if (!scheduled) {
      throw new DomainError(
        ErrorCode.SCHEDULER_UNKNOWN_JOB,
        404,
        `no scheduled job "${job}"; known: ${[...this.jobs().keys()].join(', ')}`,
      );
    }
    if (!(await this.ticks.claimTick(job, tick, this.instance))) {
      this.logger.debug({ job, tick }, 'tick already taken by another replica');
      return { job, tick: tick.toISOString(), ran: false };
    }
    const outcome = { ...(await scheduled.run()) };
    await this.ticks.finishTick(job, tick, outcome);
    this.logger.log({ job, tick, outcome }, 'scheduled job ran');
    return { job, tick: tick.toISOString(), ran: true, outcome };
  }

  /** The admin endpoint: run now (a tick of its own). */
  runNow(job: string): Promise<TickResult> {
    return this.runTick(job, new Date());
  }

  history(job: string, limit = 20) {
    return this.ticks.recentTicks(job, limit);
  }
}
