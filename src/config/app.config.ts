import { registerAs } from '@nestjs/config';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { EnvBoolean, loadConfig } from './validate-config';

export const APP_ROLES = ['api', 'worker', 'all'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export class AppConfig {
  /** HTTP port (the predecessor served on 8001). */
  @IsInt() @Min(1) @Max(65535) port: number = 8001;
  @IsString() host: string = '127.0.0.1';
  /** api: HTTP only; worker: takes training jobs, serves health and metrics; all: both. */
  @IsIn(APP_ROLES) role: AppRole = 'all';
  /** Whether this process fires the scheduled jobs (any role may; one tick runs once per cluster anyway). */
  @EnvBoolean() @IsBoolean() schedulerEnabled: boolean = true;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) logLevel: string = 'info';
  /** Milliseconds between readiness going 503 and the server closing, so load balancers notice. */
  @IsInt() @Min(0) @Max(60000) shutdownDrainMs: number = 0;
  /**
   * How much an APP_ROLE=worker process lowers its CPU priority (nice) at start: where workers share
   * cores with an api replica (one host, or pods without CPU limits), the api's requests go first
   * while a tick of ten thousand items runs. 0 leaves the priority as it is.
   */
  @IsInt() @Min(0) @Max(19) workerNiceness: number = 10;
  /** Comma-separated origins allowed by CORS; empty = closed. */
  @IsOptional() @IsString() corsOrigins?: string;
}

export const appConfig = registerAs('app', () =>
  loadConfig(AppConfig, {
    port: 'PORT',
    host: 'HOST',
    role: 'APP_ROLE',
    schedulerEnabled: 'SCHEDULER_ENABLED',
    logLevel: 'LOG_LEVEL',
    shutdownDrainMs: 'SHUTDOWN_DRAIN_MS',
    corsOrigins: 'CORS_ORIGINS',
    workerNiceness: 'WORKER_NICENESS',
  }),
);
