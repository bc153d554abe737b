/**
 * Training jobs: trigger (job row + queue message in one unit of work; the partial unique index,
 * not a check-then-insert, refuses a second in-flight job), list, get, cancel.
 */
import { Injectable, Logger } from '@nestjs/common';
import { NotFoundError } from '../common/domain-error';
import { ModelType } from '../models/model-type';
import { UnitOfWork } from '../database/unit-of-work';
import { MachinesService } from '../machines/machines.service';
import { TrainingJob, TriggerType } from './entities/training-job.entity';
import { PinnedSpec } from './training-spec';
import { TrainingQueue } from './training-queue';
import { JobFilter, TrainingRepository } from './training.repository';

/** Manual and drift-triggered jobs run before scheduled ones (pg-boss priority: higher first). */
export const TRIGGER_PRIORITY: Record<TriggerType, number> = {
  manual: 10,
  drift_detected: 10,
  performance_degradation: 5,
  scheduled: 0,
};

/** Typical durations (seconds) until a model type has history of its own. */
const FIRST_ESTIMATE_SECONDS: Record<ModelType, number> = {
  baseline: 2,
  anomaly: 2,
  forecast_arima: 20,
  forecast_prophet: 20,
};

export interface TriggerRequest {
  machineId: string;
  modelType: ModelType;
  triggerType: TriggerType;
  reason: string | null;
  triggeredBy: string;
  hyperparameters?: PinnedSpec;
}

export interface TriggerResult {
  triggered: boolean;
  trigger_type: TriggerType;
  reason: string;
  training_job_id: string | null;
  estimated_completion: string | null;
}

export const ALREADY_IN_PROGRESS = 'Training already in progress';

@Injectable()
export class TrainingService {
  private readonly logger = new Logger(TrainingService.name);

  constructor(
    private readonly jobs: TrainingRepository,
    private readonly queue: TrainingQueue,
    private readonly machines: MachinesService,
    private readonly uow: UnitOfWork,
  ) {}

  async trigger(request: TriggerRequest): Promise<TriggerResult> {
    await this.machines.get(request.machineId);
    const reason = request.reason ?? `${request.triggerType} retraining`;
    const job = await this.uow.run(async () => {
      const created = await this.jobs.insertPending({
        machine_id: request.machineId,
        model_type: request.modelType,
        trigger_type: request.triggerType,
        triggered_by: request.triggeredBy,
        reason,
        priority: TRIGGER_PRIORITY[request.triggerType],
        hyperparameters: request.hyperparameters ? { pinned: request.hyperparameters } : {},
      });
      if (created) await this.queue.enqueue(created.id, created.priority);
      return created;
    });
    if (!job) {
      return {
        triggered: false,
        trigger_type: request.triggerType,
        reason: ALREADY_IN_PROGRESS,
        training_job_id: null,
        estimated_completion: null,
      };
    }
    this.logger.log(
      { job_id: job.id, machine_id: job.machine_id, model_type: job.model_type },
      'training job queued',
    );
    return {
      triggered: true,
      trigger_type: request.triggerType,
      reason,
      training_job_id: job.id,
      estimated_completion: await this.estimateCompletion(request.modelType),
    };
  }

  /** now + the median duration of recent jobs of this type (queue wait not included). */
  async estimateCompletion(modelType: ModelType): Promise<string> {
    const seconds = (await this.jobs.recentMedianDuration(modelType)) ?? FIRST_ESTIMATE_SECONDS[modelType];
    return new Date(Date.now() + Math.ceil(seconds * 1000)).toISOString();
  }

  /** Whether an automatic (drift or degradation) job was created for this key since `since`. */
  hasAutomaticJobSince(machineId: string, modelType: ModelType, since: Date): Promise<boolean> {
    return this.jobs.hasAutomaticJobSince(machineId, modelType, since);
  }

  list(filter: JobFilter) {
    return this.jobs.list(filter);
  }

  async get(id: string): Promise<TrainingJob> {
    const job = await this.jobs.findById(id);
    if (!job) throw new NotFoundError('training job', id, 'job_id');
    return job;
  }

  async cancel(id: string): Promise<TrainingJob> {
    await this.get(id);
    return (await this.jobs.requestCancel(id))!;
  }
}
