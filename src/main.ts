/**
 * Entry point: choose the database (DATABASE_URL or the embedded server), build the app, load
 * the demo data on the first start of an empty embedded database, listen, and shut down cleanly
 * on SIGTERM/SIGINT (readiness 503 first, then server and pool close, then PostgreSQL, exit 0).
 */
import { migrateDatabase } from './database/migrate';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { getPriority, setPriority } from 'node:os';
import { AppConfig, appConfig } from './config/app.config';
import { DatabaseConfig, databaseConfig } from './config/database.config';
import { CONFIGURATIONS } from './config/configurations';
import { accessControlConfigured, SecurityConfig, securityConfig } from './config/security.config';
import { ConfigValidationError } from './config/validate-config';
import { createApp } from './app.factory';
import { openDatabaseServer } from './database/database-server';
import { DemoLoader } from './demo/demo-loader';
import { ShutdownState } from './health/shutdown-state';
import { parseApiKeys } from './security/api-key';
import { assertSafeBinding } from './security/safe-binding';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  let app: AppConfig;
  let database: DatabaseConfig;
  let security: SecurityConfig;
  try {
    for (const load of CONFIGURATIONS) load(); // every variable checked before anything starts
    app = appConfig();
    database = databaseConfig();
    security = securityConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  // Without keys the service is open: it may only listen on loopback.
  const keysConfigured = accessControlConfigured(security, parseApiKeys(security.apiKeys).length);
  try {
    assertSafeBinding(app.host, keysConfigured);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(78); // EX_CONFIG
  }
  if (!keysConfigured)
    logger.warn(
      `no API_KEYS and no JWT_SECRET: the service is OPEN (every caller acts as admin) on ${app.host} only`,
    );

  if (app.role === 'worker' && app.workerNiceness > 0) {
    // Before any thread starts: Linux sets a nice value per thread, and new threads (the fitting
    // pool, libuv's) inherit the creating thread's.
    const niceness = Math.min(19, getPriority() + app.workerNiceness);
    setPriority(niceness);
    logger.log(`worker: CPU priority lowered to nice ${niceness} (WORKER_NICENESS)`);
  }

  const server = await openDatabaseServer(database, (line) => logger.log(line));
  if (database.migrateOnStart) {
    const applied = await migrateDatabase({
      url: server.url,
      poolSize: 2,
      statementTimeoutMs: database.statementTimeoutMs,
    }).catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    if (applied.length > 0) logger.log(`applied migrations: ${applied.join(', ')}`);
  }
  const nest = await createApp({ databaseUrl: server.url, app, database });

  if (server.embedded && database.demoOnFirstStart) {
    // The loader writes through repositories that read the table shapes in onModuleInit: run the
    // lifecycle hooks first (listen() below then finds the application initialised).
    await nest.init();
    await nest.get(DemoLoader).loadIfEmpty();
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining`);
    nest.get(ShutdownState).beginDraining();
    await new Promise((resolve) => setTimeout(resolve, app.shutdownDrainMs));
    await nest.close();
    await server.stop();
    logger.log('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await nest.listen(app.port, app.host);
  logger.log(
    `listening on http://${app.host}:${app.port} (docs at /docs, database ${server.embedded ? 'embedded' : 'from DATABASE_URL'})`,
  );
}

bootstrap().catch((error: unknown) => {
  console.error('startup failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
