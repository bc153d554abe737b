import { registerAs } from '@nestjs/config';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { IsCronExpression, loadConfig } from './validate-config';

export const ACTIVATION_POLICIES = ['if_not_worse', 'always', 'manual'] as const;
export type ActivationPolicy = (typeof ACTIVATION_POLICIES)[number];

export class TrainingConfig {
  /** A job running longer than this is failed (or re-queued while attempts remain). */
  @IsInt() @Min(1000) jobTimeoutMs: number = 600_000;
  /** Workers touch heartbeat_at this often while a job runs. */
  @IsInt() @Min(200) heartbeatIntervalMs: number = 5_000;
  /** A running job whose heartbeat is older than this is considered dead (worker crashed). */
  @IsInt() @Min(1000) staleHeartbeatMs: number = 60_000;
  @IsInt() @Min(1) @Max(10) maxAttempts: number = 3;
  /** Fits running at once in this process (worker threads). */
  @IsInt() @Min(1) @Max(32) workerConcurrency: number = 1;
  /** Heap limit of each fitting thread. */
  @IsInt() @Min(64) @Max(16384) workerMaxMemoryMb: number = 1024;
  /** if_not_worse: a new version becomes active when its validation error is no worse than the active one's. */
  @IsIn(ACTIVATION_POLICIES) activationPolicy: ActivationPolicy = 'if_not_worse';
  @IsCronExpression() cleanupCron: string = '15 * * * *';
}

export const trainingConfig = registerAs('training', () =>
  loadConfig(TrainingConfig, {
    jobTimeoutMs: 'TRAINING_JOB_TIMEOUT_MS',
    heartbeatIntervalMs: 'TRAINING_HEARTBEAT_INTERVAL_MS',
    staleHeartbeatMs: 'TRAINING_STALE_HEARTBEAT_MS',
    maxAttempts: 'TRAINING_MAX_ATTEMPTS',
    workerConcurrency: 'TRAINING_WORKER_CONCURRENCY',
    workerMaxMemoryMb: 'TRAINING_WORKER_MAX_MEMORY_MB',
    activationPolicy: 'MODEL_ACTIVATION_POLICY',
    cleanupCron: 'TRAINING_CLEANUP_CRON',
  }),
);
