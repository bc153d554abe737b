import { DatabaseConfig } from './database.config';
import { AppConfig } from './app.config';
import { SCHEDULER_ENV, SchedulerConfig } from './scheduler.config';
import { SECURITY_ENV, SecurityConfig } from './security.config';
import { TrainingConfig } from './training.config';
import { ConfigValidationError, loadConfig } from './validate-config';

describe('loadConfig', () => {
  const appMapping = {
    port: 'PORT',
    host: 'HOST',
    role: 'APP_ROLE',
    schedulerEnabled: 'SCHEDULER_ENABLED',
    logLevel: 'LOG_LEVEL',
    shutdownDrainMs: 'SHUTDOWN_DRAIN_MS',
    corsOrigins: 'CORS_ORIGINS',
    workerNiceness: 'WORKER_NICENESS',
  };

  it('applies defaults and converts numbers', () => {
    const config = loadConfig(AppConfig, appMapping, { PORT: '9000' });
    expect(config.port).toBe(9000);
    expect(config.role).toBe('all');
    expect(config.workerNiceness).toBe(10);
  });

  it('takes a nice value for workers between 0 and 19 only', () => {
    expect(loadConfig(AppConfig, appMapping, { WORKER_NICENESS: '0' }).workerNiceness).toBe(0);
    expect(() => loadConfig(AppConfig, appMapping, { WORKER_NICENESS: '20' })).toThrow(
      /WORKER_NICENESS="20"/,
    );
  });

  it('batches ten scheduled items per queue message unless told, between 1 and 500', () => {
    expect(loadConfig(SchedulerConfig, SCHEDULER_ENV, {}).batchSize).toBe(10);
    expect(loadConfig(SchedulerConfig, SCHEDULER_ENV, { SCHEDULED_WORK_BATCH_SIZE: '1' }).batchSize).toBe(1);
    expect(() => loadConfig(SchedulerConfig, SCHEDULER_ENV, { SCHEDULED_WORK_BATCH_SIZE: '0' })).toThrow(
      /SCHEDULED_WORK_BATCH_SIZE="0"/,
    );
  });

  it('names the bad variable in a one-line message', () => {
    expect(() => loadConfig(AppConfig, appMapping, { PORT: 'eighty' })).toThrow(ConfigValidationError);
    expect(() => loadConfig(AppConfig, appMapping, { APP_ROLE: 'boss' })).toThrow(
      /^Invalid configuration: APP_ROLE="boss"/,
    );
  });

  it('takes an http(s) JWKS URL and refuses anything else, naming JWT_JWKS_URL', () => {
    const url = 'https://login.plant.example/.well-known/jwks.json';
    expect(loadConfig(SecurityConfig, SECURITY_ENV, { JWT_JWKS_URL: url }).jwtJwksUrl).toBe(url);
    expect(() => loadConfig(SecurityConfig, SECURITY_ENV, { JWT_JWKS_URL: 'ftp://idp/jwks' })).toThrow(
      /JWT_JWKS_URL="ftp:\/\/idp\/jwks".*http\(s\) URL/,
    );
  });

  it('reads booleans strictly: "false" is false, "maybe" is refused', () => {
    const mapping = { demoOnFirstStart: 'DEMO', migrateOnStart: 'MIGRATE' } as never;
    expect(loadConfig(DatabaseConfig, mapping, { DEMO: 'false' }).demoOnFirstStart).toBe(false);
    expect(() => loadConfig(DatabaseConfig, mapping, { DEMO: 'maybe' })).toThrow(/DEMO="maybe"/);
  });

  it('refuses a cron expression the scheduler could not run, naming the variable', () => {
    const mapping = { cleanupCron: 'TRAINING_CLEANUP_CRON' } as never;
    expect(loadConfig(TrainingConfig, mapping, { TRAINING_CLEANUP_CRON: '0-9 5 10 * * *' }).cleanupCron).toBe(
      '0-9 5 10 * * *',
    );
    expect(() => loadConfig(TrainingConfig, mapping, { TRAINING_CLEANUP_CRON: '61 * * * *' })).toThrow(
      /^Invalid configuration: TRAINING_CLEANUP_CRON="61 \* \* \* \*": must be a cron expression/,
    );
  });
});
