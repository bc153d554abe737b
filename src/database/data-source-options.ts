/**
 * The one TypeORM configuration, shared by the application and the CLI (ormconfig.ts).
 * synchronize is off: the schema comes only from the hand-written migrations.
 */
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';

export interface DataSourceSettings {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  applicationName?: string;
}

export const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    extra: {
      max: settings.poolSize,
      connectionTimeoutMillis: 5000,
      statement_timeout: settings.statementTimeoutMs,
      application_name: settings.applicationName ?? 'model-performance-service',
    },
  };
}
