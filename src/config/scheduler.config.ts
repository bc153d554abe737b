import { registerAs } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { EnvMapping, loadConfig } from './validate-config';

/** How the workers take the fanned-out items of the monitoring ticks (README: "Scheduled work at scale"). */
export class SchedulerConfig {
  /** Items a worker process handles at once, beside (not instead of) its training slots. */
  @IsInt() @Min(1) @Max(64) workConcurrency: number = 2;
  /**
   * Items per queue message: a worker takes a batch and settles each item on its own. Larger
   * batches mean fewer fetches of the queue; smaller ones spread a small tick over more slots.
   */
  @IsInt() @Min(1) @Max(500) batchSize: number = 10;
  /** Attempts per item before it is recorded as failed (a data problem fails at its first). */
  @IsInt() @Min(1) @Max(10) maxAttempts: number = 3;
  /** Seconds before the first retry of an item; doubled at each further one. */
  @IsInt() @Min(1) @Max(3600) retryDelaySeconds: number = 30;
}

export const SCHEDULER_ENV: EnvMapping<SchedulerConfig> = {
  workConcurrency: 'SCHEDULED_WORK_CONCURRENCY',
  batchSize: 'SCHEDULED_WORK_BATCH_SIZE',
  maxAttempts: 'SCHEDULED_WORK_MAX_ATTEMPTS',
  retryDelaySeconds: 'SCHEDULED_WORK_RETRY_DELAY_SECONDS',
};

export const schedulerConfig = registerAs('scheduler', () => loadConfig(SchedulerConfig, SCHEDULER_ENV));
