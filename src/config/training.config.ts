import { registerAs } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { IsCronExpression, loadConfig } from './validate-config';

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
    cleanupCron: 'TRAINING_CLEANUP_CRON',
  }),
);
