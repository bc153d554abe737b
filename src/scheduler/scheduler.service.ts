/**
 * The scheduled jobs of the predecessor, each a thin call into a service, registered from the
 * configuration and run once per cluster per tick: every replica fires, the one that inserts the
 * (job, tick) row into mps_scheduler_ticks runs it, the others skip. The same jobs can be run now
 * through the admin endpoint, so they are tested without the clock.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob, CronTime } from 'cron';
import { hostname } from 'node:os';
import { DomainError } from '../common/domain-error';
import { appConfig } from '../config/app.config';
import { monitoringConfig } from '../config/monitoring.config';
import { abTestsConfig } from '../config/ab-tests.config';
import { AbTestsService } from '../ab-tests/ab-tests.service';
import { AnomaliesService } from '../anomalies/anomalies.service';
import { trainingConfig } from '../config/training.config';
import { MonitoringService } from '../metrics/monitoring.service';
import { TrainingCleanupService } from '../training/training-cleanup.service';
import { WeeklyRetrainService } from './weekly-retrain.service';
import { SchedulerRepository } from './scheduler.repository';
import { scheduledTick } from './tick';
import { ErrorCode } from '../common/error-codes';

export const SCHEDULED_JOBS = [
  'training_cleanup',
  'daily_evaluation',
  'weekly_baseline_retrain',
  'ab_test_completion',
  'anomaly_detection',
] as const;
export type ScheduledJob = (typeof SCHEDULED_JOBS)[number];

export interface TickResult {
  job: ScheduledJob;
  tick: string;
  ran: boolean;
  outcome?: Record<string, unknown>;
}

@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly instance = `${hostname()}:${process.pid}`;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly ticks: SchedulerRepository,
    private readonly cleanup: TrainingCleanupService,
    private readonly monitoring: MonitoringService,
    private readonly weekly: WeeklyRetrainService,
    @Inject(trainingConfig.KEY) private readonly training: ConfigType<typeof trainingConfig>,
    @Inject(monitoringConfig.KEY) private readonly config: ConfigType<typeof monitoringConfig>,
    private readonly abTests: AbTestsService,
    private readonly anomalies: AnomaliesService,
    @Inject(abTestsConfig.KEY) private readonly abTestSettings: ConfigType<typeof abTestsConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  schedules(): Record<ScheduledJob, string> {
    return {
      training_cleanup: this.training.cleanupCron,
      daily_evaluation: this.config.evaluationCron,
      weekly_baseline_retrain: this.config.weeklyRetrainCron,
      ab_test_completion: this.abTestSettings.completionCron,
      anomaly_detection: this.config.anomalyDetectionCron,
    };
  }

  onApplicationBootstrap(): void {
    if (!this.app.schedulerEnabled) {
      this.logger.log('SCHEDULER_ENABLED=false: this process fires no scheduled jobs');
      return;
    }
    for (const [job, expression] of Object.entries(this.schedules()) as [ScheduledJob, string][]) {
      const cron: CronJob = CronJob.from({
        cronTime: expression,
        onTick: () => this.fire(job, cron.cronTime),
        start: true,
      });
      this.registry.addCronJob(job, cron);
    }
  }

  private fire(job: ScheduledJob, schedule: CronTime): void {
    const firedAt = new Date();
    const tick = scheduledTick(schedule, firedAt);
    if (!tick) {
      this.logger.warn({ job, fired_at: firedAt }, 'timer fired too late for any scheduled tick; skipped');
      return;
    }
    this.runTick(job, tick).catch((error: unknown) =>
      this.logger.error({ err: error, job }, 'scheduled job failed'),
    );
  }

  onApplicationShutdown(): void {
    for (const job of SCHEDULED_JOBS) {
      if (this.registry.doesExist('cron', job)) this.registry.deleteCronJob(job);
    }
  }

  /** Runs `job` for `tick` unless another replica already took that tick. */
  async runTick(job: ScheduledJob, tick: Date): Promise<TickResult> {
    if (!(await this.ticks.claimTick(job, tick, this.instance))) {
      this.logger.debug({ job, tick }, 'tick already taken by another replica');
      return { job, tick: tick.toISOString(), ran: false };
    }
    const outcome = await this.work(job);
    await this.ticks.finishTick(job, tick, outcome);
    this.logger.log({ job, tick, outcome }, 'scheduled job ran');
    return { job, tick: tick.toISOString(), ran: true, outcome };
  }

  /** The admin endpoint: run now (a tick of its own). */
  runNow(job: string): Promise<TickResult> {
    if (!(SCHEDULED_JOBS as readonly string[]).includes(job)) {
      throw new DomainError(
        ErrorCode.SCHEDULER_UNKNOWN_JOB,
        404,
        `no scheduled job "${job}"; known: ${SCHEDULED_JOBS.join(', ')}`,
      );
    }
    return this.runTick(job as ScheduledJob, new Date());
  }

  history(job: ScheduledJob, limit = 20) {
    return this.ticks.recentTicks(job, limit);
  }

  private async work(job: ScheduledJob): Promise<Record<string, unknown>> {
    switch (job) {
      case 'training_cleanup':
        return { ...(await this.cleanup.recoverStuckJobs()) };
      case 'daily_evaluation':
        return { ...(await this.monitoring.evaluateActiveModels()) };
      case 'weekly_baseline_retrain':
        return { ...(await this.weekly.triggerAll()) };
      case 'ab_test_completion':
        return { ...(await this.abTests.completeDue()) };
      case 'anomaly_detection':
        return { ...(await this.anomalies.detectNew()) };
    }
  }
}
