/** SQL of training jobs: insert (the partial unique index refuses a second in-flight job), claim, heartbeat, finish. */
import { Injectable } from '@nestjs/common';
import { ModelType } from '../models/model-type';
import { TrainingJob, TrainingStatus, TriggerType } from './entities/training-job.entity';
import { UnitOfWork } from '../database/unit-of-work';

export interface JobFilter {
  machine_id?: string;
  model_type?: ModelType;
  training_status?: TrainingStatus;
  trigger_type?: TriggerType;
  limit: number;
  offset: number;
}

/** A completed job whose version another job may reuse, with what it recorded of that version. */
export type ReusableVersion = { job_id: string; model_id: string; model_version: number } & Pick<
  TrainingJob,
  | 'hyperparameters'
  | 'feature_names'
  | 'training_data_start'
  | 'training_data_end'
  | 'training_samples'
  | 'training_metrics'
  | 'validation_metrics'
>;

export interface PendingJobValues {
  machine_id: string;
  model_type: ModelType;
  trigger_type: TriggerType;
  triggered_by: string;
  reason: string;
  priority: number;
  hyperparameters: Record<string, unknown>;
}

/**
 * The pending job of insertPending: $1 machine_id, $2 model_type, $3 trigger_type, $4 triggered_by,
 * $5 reason, $6 priority, $7 hyperparameters; no row when the key already has a job in flight.
 * Exported for the API benchmark's bare server, which sends the statement the service sends.
 */
export const INSERT_PENDING_JOB = `WITH span AS (SELECT min(time) AS first, max(time) AS last FROM energy_readings WHERE machine_id = $1)
       INSERT INTO model_training_history (machine_id, model_type, training_status, trigger_type, triggered_by,
                                           reason, priority, hyperparameters, training_start,
                                           training_data_start, training_data_end)
       SELECT $1, $2, 'pending', $3, $4, $5, $6, $7, now(), coalesce(span.first, now()), coalesce(span.last, now())
         FROM span
       ON CONFLICT (machine_id, model_type) WHERE training_status IN ('pending', 'running') DO NOTHING
       RETURNING *`;

@Injectable()
export class TrainingRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * A pending job. The predecessor's columns training_start and training_data_start/end are NOT NULL:
   * until a worker claims the job they hold when it was queued and the span of the machine's energy
   * readings (what it can draw from); the worker replaces them with its start and the resolved window.
   * Null when the machine's model type already has a job in flight (the partial unique index).
   */
  async insertPending(values: PendingJobValues): Promise<TrainingJob | null> {
    const [job] = await this.uow.manager.query<TrainingJob[]>(INSERT_PENDING_JOB, [
      values.machine_id,
      values.model_type,
      values.trigger_type,
      values.triggered_by,
      values.reason,
      values.priority,
      JSON.stringify(values.hyperparameters),
    ]);
    return job ?? null;
  }

  findById(id: string): Promise<TrainingJob | null> {
    return this.uow.manager.findOneBy(TrainingJob, { id });
  }

  findInFlight(machineId: string, modelType: ModelType): Promise<TrainingJob | null> {
    return this.uow.manager
      .createQueryBuilder(TrainingJob, 'job')
      .where('job.machine_id = :machineId AND job.model_type = :modelType', { machineId, modelType })
      .andWhere(`job.training_status IN ('pending', 'running')`)
      .getOne();
  }

  async list(filter: JobFilter) {
    const { limit, offset, ...where } = filter;
    const [items, total] = await this.uow.manager.findAndCount(TrainingJob, {
      where: Object.fromEntries(Object.entries(where).filter(([, value]) => value !== undefined)),
      order: { created_at: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total, limit, offset };
  }

  /** The newest completed job of this key that fitted its version on exactly this input, if any. */
  async versionFittedOn(
    machineId: string,
    modelType: ModelType,
    inputFingerprint: string,
  ): Promise<ReusableVersion | null> {
    const [row] = await this.uow.manager.query<ReusableVersion[]>(
      `SELECT id AS job_id, model_id, model_version, hyperparameters, feature_names, training_data_start,
              training_data_end, training_samples, training_metrics, validation_metrics
         FROM model_training_history
        WHERE machine_id = $1 AND model_type = $2 AND training_status = 'completed' AND model_id IS NOT NULL
          AND hyperparameters->>'input_fingerprint' = $3
        ORDER BY created_at DESC LIMIT 1`,
      [machineId, modelType, inputFingerprint],
    );
    return row ?? null;
  }

  /** Failed jobs of this key since its last completed one (the newest first). */
  async consecutiveFailures(machineId: string, modelType: ModelType): Promise<number> {
    const [row] = await this.uow.manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM model_training_history
        WHERE machine_id = $1 AND model_type = $2 AND training_status = 'failed'
          AND created_at > coalesce((SELECT max(created_at) FROM model_training_history
                                      WHERE machine_id = $1 AND model_type = $2 AND training_status = 'completed'), '-infinity')`,
      [machineId, modelType],
    );
    return row.n;
  }

  async hasAutomaticJobSince(machineId: string, modelType: ModelType, since: Date): Promise<boolean> {
    const rows = await this.uow.manager.query<unknown[]>(
      `SELECT 1 FROM model_training_history
        WHERE machine_id = $1 AND model_type = $2 AND created_at >= $3
          AND trigger_type IN ('drift_detected', 'performance_degradation')
        LIMIT 1`,
      [machineId, modelType, since],
    );
    return rows.length > 0;
  }

  /** Median duration of the last 20 completed jobs of a model type, seconds; null without history. */
  async recentMedianDuration(modelType: ModelType): Promise<number | null> {
    const [row] = await this.uow.manager.query<{ median: number | null }[]>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY training_duration_seconds) AS median
         FROM (SELECT training_duration_seconds FROM model_training_history
                WHERE model_type = $1 AND training_status = 'completed' AND training_duration_seconds IS NOT NULL
                ORDER BY training_end DESC LIMIT 20) recent`,
      [modelType],
    );
    return row.median;
  }

  /** pending -> running for this worker; null when the job is no longer pending (cancelled, taken, done). */
  async claim(id: string, workerId: string): Promise<TrainingJob | null> {
    const rows = await this.uow.updateReturning<TrainingJob>(
      `UPDATE model_training_history
          SET training_status = 'running', attempt = attempt + 1, training_start = now(), heartbeat_at = now(),
              worker_id = $2, progress = 5, updated_at = now(), error_message = NULL, error_traceback = NULL
        WHERE id = $1 AND training_status = 'pending' AND cancel_requested_at IS NULL
        RETURNING *`,
      [id, workerId],
    );
    return rows[0] ?? null;
  }

  /** Touches the heartbeat; answers whether cancellation was requested. */
  async heartbeat(
    id: string,
    workerId: string,
    progress?: number,
  ): Promise<{ cancelRequested: boolean; stillMine: boolean }> {
    const rows = await this.uow.updateReturning<{ cancel: boolean }>(
      `UPDATE model_training_history
          SET heartbeat_at = now(), updated_at = now(), progress = coalesce($3, progress)
        WHERE id = $1 AND worker_id = $2 AND training_status = 'running'
        RETURNING cancel_requested_at IS NOT NULL AS cancel`,
      [id, workerId, progress ?? null],
    );
    return { cancelRequested: rows[0]?.cancel ?? false, stillMine: rows.length > 0 };
  }

  /** Records the resolved spec (what the job really trains with) before fitting starts. */
  async setSpec(
    id: string,
    spec: object,
    featureNames: string[] | null,
    dataStart: Date,
    dataEnd: Date,
  ): Promise<void> {
    await this.uow.manager.query(
      `UPDATE model_training_history
          SET hyperparameters = $2, feature_names = $3, training_data_start = $4, training_data_end = $5, updated_at = now()
        WHERE id = $1`,
      [id, JSON.stringify(spec), featureNames, dataStart, dataEnd],
    );
  }

  /**
   * Completes a running job owned by this worker: the version, its holdout metrics row and the job's
   * completion are written by the caller in this transaction; returns false when the job is no
   * longer ours (cancelled or taken over), so the caller rolls back.
   */
  async markCompleted(id: string, workerId: string, values: Partial<TrainingJob>): Promise<boolean> {
    const result = await this.uow.manager
      .createQueryBuilder()
      .update(TrainingJob)
      .set({
        ...values,
        training_status: 'completed',
        progress: 100,
        training_end: () => 'now()',
        training_duration_seconds: () => 'extract(epoch from now() - training_start)',
        updated_at: () => 'now()',
      })
      .where(
        `id = :id AND worker_id = :workerId AND training_status = 'running' AND cancel_requested_at IS NULL`,
        { id, workerId },
      )
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** running -> failed (no attempts left or a permanent error) or back to pending (retry). */
  async finishUnsuccessfully(
    id: string,
    workerId: string | null,
    outcome: { status: 'failed' | 'pending' | 'cancelled'; message: string; traceback?: string },
  ): Promise<boolean> {
    const terminal = outcome.status !== 'pending';
    const rows = await this.uow.updateReturning<{ id: string }>(
      `UPDATE model_training_history
          SET training_status = $3, error_message = $4, error_traceback = $5, updated_at = now(),
              training_end = CASE WHEN $6 THEN now() ELSE training_end END,
              training_duration_seconds = CASE WHEN $6 AND training_start IS NOT NULL
                                               THEN extract(epoch from now() - training_start) END,
              worker_id = CASE WHEN $6 THEN worker_id END, heartbeat_at = CASE WHEN $6 THEN heartbeat_at END
        WHERE id = $1 AND training_status IN ('pending', 'running') AND ($2::text IS NULL OR worker_id = $2)
        RETURNING id`,
      [id, workerId, outcome.status, outcome.message, outcome.traceback ?? null, terminal],
    );
    return rows.length === 1;
  }

  /** Asks for cancellation; a pending job is cancelled at once, a running one by its worker within a heartbeat. */
  async requestCancel(id: string): Promise<TrainingJob | null> {
    await this.uow.manager.query(
      `UPDATE model_training_history
          SET cancel_requested_at = coalesce(cancel_requested_at, now()), updated_at = now(),
              training_status = CASE WHEN training_status = 'pending' THEN 'cancelled' ELSE training_status END,
              training_end = CASE WHEN training_status = 'pending' THEN now() ELSE training_end END,
              error_message = CASE WHEN training_status = 'pending' THEN 'cancelled before it started' ELSE error_message END
        WHERE id = $1 AND training_status IN ('pending', 'running')`,
      [id],
    );
    return this.findById(id);
  }

  /**
   * Running jobs whose worker stopped heart-beating, that never heart-beat (the predecessor's, whose
   * training was a background task of a process that is gone), or that ran past the timeout.
   */
  findStuck(staleBefore: Date, startedBefore: Date): Promise<TrainingJob[]> {
    return this.uow.manager
      .createQueryBuilder(TrainingJob, 'job')
      .where(`job.training_status = 'running'`)
      .andWhere(
        '(job.heartbeat_at IS NULL OR job.heartbeat_at < :staleBefore OR job.training_start < :startedBefore)',
        {
          staleBefore,
          startedBefore,
        },
      )
      .getMany();
  }

  /** Pending jobs not taken for a while (their queue message was lost, e.g. a crash between retries). */
  findOrphanedPending(createdBefore: Date): Promise<TrainingJob[]> {
    return this.uow.manager
      .createQueryBuilder(TrainingJob, 'job')
      .where(`job.training_status = 'pending' AND job.updated_at < :createdBefore`, { createdBefore })
      .getMany();
  }

  /** Stuck running job -> pending again (attempts remain) or failed; conditional on it still being stuck. */
  async recoverStuck(id: string, requeue: boolean, message: string): Promise<boolean> {
    const rows = await this.uow.updateReturning<{ id: string }>(
      `UPDATE model_training_history
          SET training_status = CASE WHEN $2 THEN 'pending' ELSE 'failed' END,
              error_message = $3, updated_at = now(), worker_id = NULL, progress = 0,
              training_end = CASE WHEN $2 THEN NULL ELSE now() END
        WHERE id = $1 AND training_status = 'running'
        RETURNING id`,
      [id, requeue, message],
    );
    return rows.length === 1;
  }

  touchPending(id: string) {
    return this.uow.manager.query(
      `UPDATE model_training_history SET updated_at = now() WHERE id = $1 AND training_status = 'pending'`,
      [id],
    );
  }
}
