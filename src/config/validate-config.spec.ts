import { DatabaseConfig } from './database.config';
import { AppConfig } from './app.config';
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
  };

  it('applies defaults and converts numbers', () => {
    const config = loadConfig(AppConfig, appMapping, { PORT: '9000' });
    expect(config.port).toBe(9000);
    expect(config.role).toBe('all');
  });

  it('names the bad variable in a one-line message', () => {
    expect(() => loadConfig(AppConfig, appMapping, { PORT: 'eighty' })).toThrow(ConfigValidationError);
    expect(() => loadConfig(AppConfig, appMapping, { APP_ROLE: 'boss' })).toThrow(
      /^Invalid configuration: APP_ROLE="boss"/,
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
