import { registerAs } from '@nestjs/config';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { EnvBoolean, loadConfig } from './validate-config';

export class DatabaseConfig {
  /** postgres://user:password@host:port/db. Unset = start the embedded PostgreSQL. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' }) url?: string;
  /** Where the embedded PostgreSQL keeps its data (survives restarts). */
  @IsString() embeddedDataDir: string = './.data/postgres';
  @IsInt() @Min(1) @Max(65535) embeddedPort: number = 54329;
  @IsString() embeddedDatabase: string = 'model_performance';
  @IsInt() @Min(1) @Max(200) poolSize: number = 10;
  /** Milliseconds a single SQL statement may run before PostgreSQL cancels it. */
  @IsInt() @Min(100) statementTimeoutMs: number = 30000;
  /**
   * The same limit for a CSV upload: loading a year of minute readings is one long statement,
   * which the general limit would cancel.
   */
  @IsInt() @Min(1) ingestStatementTimeoutMs: number = 600_000;
  /** Load the demo machines and readings on the first start of an empty embedded database. */
  @EnvBoolean() @IsBoolean() demoOnFirstStart: boolean = true;
  /** Run pending migrations at startup (under an advisory lock). */
  @EnvBoolean() @IsBoolean() migrateOnStart: boolean = true;
}

export const databaseConfig = registerAs('database', () =>
  loadConfig(DatabaseConfig, {
    url: 'DATABASE_URL',
    embeddedDataDir: 'EMBEDDED_PG_DATA_DIR',
    embeddedPort: 'EMBEDDED_PG_PORT',
    embeddedDatabase: 'EMBEDDED_PG_DATABASE',
    poolSize: 'DB_POOL_SIZE',
    statementTimeoutMs: 'DB_STATEMENT_TIMEOUT_MS',
    ingestStatementTimeoutMs: 'DB_INGEST_STATEMENT_TIMEOUT_MS',
    demoOnFirstStart: 'DEMO_DATA_ON_FIRST_START',
    migrateOnStart: 'MIGRATE_ON_START',
  }),
);
