/**
 * The one TypeORM configuration, shared by the application and the CLI (ormconfig.ts).
 * synchronize is off: the schema comes only from the hand-written migrations.
 */
import { join } from 'node:path';
import { types } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';

/**
 * The predecessor's metric columns are numeric (DECIMAL in its schema), which the driver returns as
 * strings to keep arbitrary precision; every value this service stores there is a double, so they
 * are read back as numbers, the same as double precision columns.
 */
types.setTypeParser(types.builtins.NUMERIC, (value) => Number.parseFloat(value));

export interface DataSourceSettings {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  applicationName?: string;
}

/** This service's record of applied migrations (an earlier version called it schema_migrations). */
export const MIGRATIONS_TABLE = 'mps_schema_migrations';

export const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: MIGRATIONS_TABLE,
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
