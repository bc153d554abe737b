/**
 * The worker side of training: takes a queued job, resolves its spec from the machine's data,
 * fits in a worker thread while heart-beating (and honouring cancel within a heartbeat), then
 * writes the version, its holdout metrics and the job's completion in one transaction.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { ConfigType } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { isDataError } from '../common/domain-error';
import { appConfig } from '../config/app.config';
import { trainingConfig } from '../config/training.config';
import { UnitOfWork } from '../database/unit-of-work';
import { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import type { IntervalRow } from '../machines/readings.repository';
import { toEnergyInterval } from '../models/algorithms/energy-interval';
import { MetricsService } from '../metrics/metrics.service';
import { ModelsService } from '../models/models.service';
import { severityFor } from '../alerts/alert-severity';
import { AlertsService } from '../alerts/alerts.service';
import { TrainingJob } from './entities/training-job.entity';
import { FitPool } from './fit-pool';
import { TrainingEvents } from './training-events';
import type { FitOutput } from './fit/fit-model';
import {
  defaultInterval,
  defaultWindowDays,
  PinnedSpec,
  ResolvedSpec,
  resolveWindows,
} from './training-spec';
import { TrainingMessage, TrainingQueue } from './training-queue';
import { TrainingRepository } from './training.repository';

const HOUR_MS = 3_600_000;

class JobCancelled extends Error {}
class HandBack extends Error {}

/** What the trigger pinned (kept under `pinned` in the job's hyperparameters). */
function pinnedSpec(job: TrainingJob): PinnedSpec {
  return ((job.hyperparameters ?? {}) as { pinned?: PinnedSpec }).pinned ?? {};
}

@Injectable()
export class TrainingRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TrainingRunner.name);
  readonly workerId = `${hostname()}:${process.pid}`;
  /** Jobs this process is fitting, so that shutdown can hand them back. */
  private readonly inFlight = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private jobEvents?: Subscription;

  constructor(
    private readonly jobs: TrainingRepository,
    private readonly queue: TrainingQueue,
    private readonly pool: FitPool,
    private readonly events: TrainingEvents,
    private readonly machines: MachinesService,
    private readonly models: ModelsService,
    private readonly metrics: MetricsService,
    private readonly alerts: AlertsService,
    @Inject(trainingConfig.KEY) private readonly config: ConfigType<typeof trainingConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    private readonly uow: UnitOfWork,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.app.role === 'api') return;
    await this.queue.work(this.config.workerConcurrency, (message) => this.handle(message));
    // PostgreSQL announces job changes from any process: a queued job starts now rather than at the
    // next poll, and a cancel request stops the fit now rather than at the next heartbeat.
    this.jobEvents = this.events.stream().subscribe(({ data }) => {
      if (data.training_status === 'pending') this.queue.wake();
      if (data.cancel_requested)
        this.inFlight.get(data.id)?.abort.abort(new JobCancelled('cancel requested'));
    });
    this.logger.log(`taking training jobs as ${this.workerId} (${this.config.workerConcurrency} at a time)`);
  }

  async handle(message: TrainingMessage): Promise<void> {
    const job = await this.jobs.claim(message.jobId, this.workerId);
    if (!job) return; // cancelled, done, or taken by another worker: the message is stale
    const abort = new AbortController();
    const beat = setInterval(() => void this.beat(job.id, abort), this.config.heartbeatIntervalMs);
    const done = (async () => {
      try {
        await this.train(job, abort.signal);
      } catch (error) {
        await this.recordFailure(job, error, abort.signal);
      } finally {
        clearInterval(beat);
      }
    })();
    this.inFlight.set(job.id, { abort, done });
    try {
      await done;
    } finally {
      this.inFlight.delete(job.id);
    }
  }

  /**
   * Shutdown (SIGTERM): stop taking jobs, then hand the running ones back (pending again, re-sent)
   * so another worker fits them at once, instead of waiting for the stale-heartbeat cleanup.
   */
  async onModuleDestroy(): Promise<void> {
    this.jobEvents?.unsubscribe();
    for (const { abort } of this.inFlight.values()) abort.abort(new HandBack('shutting down'));
    await Promise.allSettled([...this.inFlight.values()].map((entry) => entry.done));
    await this.queue.stopWorking();
  }

  private async beat(jobId: string, abort: AbortController, progress?: number): Promise<void> {
    try {
      const state = await this.jobs.heartbeat(jobId, this.workerId, progress);
      if (state.cancelRequested || !state.stillMine) abort.abort(new JobCancelled('cancel requested'));
    } catch (error) {
      this.logger.warn({ err: error, job_id: jobId }, 'heartbeat failed');
    }
  }

  private async train(job: TrainingJob, signal: AbortSignal): Promise<void> {
    const machine = await this.machines.get(job.machine_id);
    const spec = await this.resolveSpec(job, machine);
    const training = await this.loadIntervals(machine, spec, spec.training_start, spec.training_end);
    const validation =
      spec.validation_start && spec.validation_end
        ? await this.loadIntervals(machine, spec, spec.validation_start, spec.validation_end)
        : [];
    // Hourly baselines also see the same windows as local days: the default may be a daily model.
    const daySpec = { ...spec, interval: 'day' as const };
    const daily =
      spec.model_type === 'baseline' && spec.interval === 'hour'
        ? {
            training: await this.loadIntervals(machine, daySpec, spec.training_start, spec.training_end),
            validation:
              spec.validation_start && spec.validation_end
                ? await this.loadIntervals(machine, daySpec, spec.validation_start, spec.validation_end)
                : [],
          }
        : undefined;
    // What the fit would see: the resolved spec and every interval it reads. A version fitted on the
    // same input is the same model; retraining without new data reuses it instead of cloning it.
    const inputFingerprint = createHash('sha256')
      .update(JSON.stringify({ spec, training, validation, daily }))
      .digest('hex');
    // The caller's pinned spec stays beside the resolved one, so a retried attempt resolves the same spec.
    await this.jobs.setSpec(
      job.id,
      { ...spec, pinned: pinnedSpec(job), input_fingerprint: inputFingerprint },
      spec.features ?? null,
      new Date(spec.training_start),
      new Date(spec.training_end),
    );
    const same = await this.jobs.versionFittedOn(job.machine_id, job.model_type, inputFingerprint);
    if (same && (await this.models.exists(same.model_id))) {
      const reason = `same data and spec as v${same.model_version} (job ${same.job_id}): no new version`;
      const mine = await this.uow.run(() =>
        this.jobs.markCompleted(job.id, this.workerId, {
          model_id: same.model_id,
          model_version: same.model_version,
          // What the reused version was fitted with and scored, as its own job recorded it.
          hyperparameters: same.hyperparameters,
          feature_names: same.feature_names,
          training_data_start: same.training_data_start,
          training_data_end: same.training_data_end,
          training_samples: same.training_samples,
          training_metrics: same.training_metrics,
          validation_metrics: same.validation_metrics,
          metadata: { ...(job.metadata ?? {}), reused_version: true, reason },
        }),
      );
      if (!mine)
        throw new JobCancelled('the job was cancelled or taken over before it could reuse a version');
      this.logger.log({ job_id: job.id, model_id: same.model_id }, reason);
      return;
    }
    await this.jobs.heartbeat(job.id, this.workerId, 20);
    signal.throwIfAborted();

    const output = await this.pool.run(
      {
        spec,
        training: training.map(toEnergyInterval),
        validation: validation.map(toEnergyInterval),
        ...(daily
          ? {
              daily: {
                training: daily.training.map(toEnergyInterval),
                validation: daily.validation.map(toEnergyInterval),
                selectable: pinnedSpec(job).interval === undefined,
              },
            }
          : {}),
      },
      signal,
    );
    const rows = [...training, ...validation, ...(daily ? [...daily.training, ...daily.validation] : [])];
    const instants = new Map(rows.map((row) => [row.start, row.time]));
    // A default baseline records what it chose: the version is scored at that interval from then on.
    const fitted: ResolvedSpec =
      spec.model_type === 'baseline'
        ? {
            ...spec,
            interval: output.interval ?? spec.interval,
            algorithm: output.algorithm as NonNullable<ResolvedSpec['algorithm']>,
          }
        : spec;
    await this.complete(job, machine, fitted, output, instants, inputFingerprint);
  }

  /** The pinned spec completed with defaults from the machine's data. */
  private async resolveSpec(job: TrainingJob, machine: Machine): Promise<ResolvedSpec> {
    const pinned = pinnedSpec(job);
    const span = await this.machines.energySpan(machine.id);
    const energyType = pinned.energy_type ?? span.primaryEnergyType;
    if (!energyType || !span.first || !span.last) {
      throw new RangeError(`machine ${machine.name} has no energy readings to train on`);
    }
    if (pinned.algorithm && job.model_type !== 'baseline') {
      throw new RangeError(`algorithm applies to baselines, not to ${job.model_type}`);
    }
    if (pinned.algorithm && pinned.algorithm !== 'ols' && pinned.features) {
      throw new RangeError(`features are drivers of the ols algorithm; ${pinned.algorithm} chooses its own`);
    }
    const interval = pinned.interval ?? defaultInterval(machine.data_interval_seconds, pinned.algorithm);
    return {
      model_type: job.model_type,
      interval,
      energy_type: energyType,
      timezone: machine.timezone,
      ...resolveWindows(
        pinned,
        machine.timezone,
        { first: span.first, last: span.last },
        defaultWindowDays(job.model_type, pinned, interval),
      ),
      ...(pinned.algorithm ? { algorithm: pinned.algorithm } : {}),
      ...(pinned.features ? { features: pinned.features } : {}),
      ...(pinned.z_limit ? { z_limit: pinned.z_limit } : {}),
      ...(pinned.horizon ? { horizon: pinned.horizon } : {}),
      ...(pinned.arima ? { arima: pinned.arima } : {}),
      ...(pinned.prophet ? { prophet: pinned.prophet } : {}),
    };
  }

  private loadIntervals(
    machine: Machine,
    spec: ResolvedSpec,
    start: string,
    end: string,
  ): Promise<IntervalRow[]> {
    return this.machines.intervals(machine, {
      interval: spec.interval,
      start: new Date(start),
      end: new Date(end),
      energyType: spec.energy_type,
    });
  }

  private async complete(
    job: TrainingJob,
    machine: Machine,
    spec: ResolvedSpec,
    output: FitOutput,
    instants: Map<string, Date>,
    inputFingerprint: string,
  ): Promise<void> {
    const intervalMs = spec.interval === 'day' ? 24 * HOUR_MS : HOUR_MS;
    const validationStart = instants.get(output.validation_range[0])!;
    const validationEnd = new Date(instants.get(output.validation_range[1])!.getTime() + intervalMs);
    const trainingStart = instants.get(output.training_range[0])!;
    const trainingEnd = new Date(instants.get(output.training_range[1])!.getTime() + intervalMs);
    const validation = output.validation_metrics as Record<string, number | null>;
    const training = output.training_metrics as Record<string, number | null>;

    const completed = await this.uow.run(async () => {
      const version = await this.models.registerTrainedVersion(
        {
          machine_id: machine.id,
          model_type: job.model_type,
          algorithm: output.algorithm,
          parameters: output.parameters,
          hyperparameters: { ...spec },
          feature_names: output.feature_names,
          training_data_start: trainingStart,
          training_data_end: trainingEnd,
          training_samples: output.training_samples,
          training_metrics: output.training_metrics,
          validation_metrics: output.validation_metrics,
          training_job_id: job.id,
        },
        { start: validationStart, end: validationEnd },
      );
      await this.metrics.insert({
        model_id: version.id,
        model_type: job.model_type,
        machine_id: machine.id,
        model_version: version.version,
        evaluation_start: validationStart,
        evaluation_end: validationEnd,
        sample_count: output.validation_samples,
        metrics: output.validation_metrics,
        r_squared: validation.r_squared ?? null,
        rmse: validation.rmse ?? null,
        mae: validation.mae ?? null,
        mape: validation.mape ?? null,
        cv_rmse: validation.cv_rmse_pct ?? null,
        nmbe: validation.nmbe_pct ?? null,
        source: 'training_holdout',
        created_by: 'training',
        evaluation_notes: `holdout of training job ${job.id}`,
      });
      const mine = await this.jobs.markCompleted(job.id, this.workerId, {
        model_id: version.id,
        model_version: version.version,
        training_data_start: trainingStart,
        training_data_end: trainingEnd,
        training_samples: output.training_samples,
        feature_names: output.feature_names,
        hyperparameters: { ...spec, pinned: pinnedSpec(job), input_fingerprint: inputFingerprint },
        training_metrics: output.training_metrics,
        validation_metrics: output.validation_metrics,
        initial_r_squared: training.r_squared ?? null,
        initial_rmse: training.rmse ?? null,
        initial_mae: training.mae ?? null,
      });
      if (!mine) throw new JobCancelled('the job was cancelled or taken over while it was being saved');
      return version;
    });
    this.logger.log(
      { job_id: job.id, model_id: completed.id, version: completed.version, status: completed.status },
      'training job completed',
    );
  }

  private async recordFailure(job: TrainingJob, error: unknown, signal: AbortSignal): Promise<void> {
    if (signal.reason instanceof HandBack) {
      await this.jobs.finishUnsuccessfully(job.id, this.workerId, {
        status: 'pending',
        message: 'handed back: the worker shut down',
      });
      await this.queue.resend(job.id, job.priority);
      this.logger.log({ job_id: job.id }, 'training job handed back at shutdown');
      return;
    }
    if (signal.aborted || error instanceof JobCancelled) {
      await this.jobs.finishUnsuccessfully(job.id, this.workerId, {
        status: 'cancelled',
        message: 'cancelled on request',
      });
      this.logger.log({ job_id: job.id }, 'training job cancelled');
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const traceback = error instanceof Error ? error.stack : undefined;
    const retry = !isDataError(error) && job.attempt < job.max_attempts;
    await this.jobs.finishUnsuccessfully(job.id, this.workerId, {
      status: retry ? 'pending' : 'failed',
      message,
      traceback,
    });
    // A data error is the data's; anything else (a bug, the database) is logged as an error with its stack.
    if (isDataError(error)) this.logger.warn({ job_id: job.id, err: error, retry }, 'training job failed');
    else this.logger.error({ job_id: job.id, err: error, retry }, 'training job failed unexpectedly');
    if (retry) throw error; // pg-boss redelivers with backoff; the job is pending again
    const failures = await this.jobs.consecutiveFailures(job.machine_id, job.model_type);
    await this.alerts.raise({
      machine_id: job.machine_id,
      model_type: job.model_type,
      alert_type: 'training_failed',
      severity: severityFor('training_failed', { consecutive_failures: failures }),
      message: `training job ${job.id} failed: ${message.slice(0, 300)}`,
      details: { job_id: job.id, trigger_type: job.trigger_type, consecutive_failures: failures },
      current_value: failures,
    });
  }
}
