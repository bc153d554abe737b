/**
 * Runs pending migrations under a PostgreSQL advisory lock, so that several replicas that
 * start at once apply each migration exactly once: the first takes the lock and migrates,
 * the others wait, then find nothing pending. Each migration is one transaction; one that fails
 * leaves the database as the previous one left it and stops the process with one line
 * (MigrationFailedError), since trying again would fail the same way.
 */
import { DataSource, type Logger } from 'typeorm';
import { dataSourceOptions, DataSourceSettings, MIGRATIONS_TABLE } from './data-source-options';

/** Arbitrary, fixed 64-bit key of the migration lock ("mps-migr"). */
export const MIGRATION_LOCK_KEY = '7165746711930585714';

export class MigrationFailedError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `migration ${migration} failed and was rolled back, the database is as it was before it: ${reason}`,
    );
  }
}

export async function migrateUnderLock(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      await runner.query(ADOPT_EARLIER_MIGRATIONS_TABLE);
      const pending = await pendingMigrationNames(dataSource);
      try {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        return applied.map((migration) => migration.name);
      } catch (error) {
        const done = new Set(await appliedMigrationNames(dataSource));
        throw new MigrationFailedError(pending.find((name) => !done.has(name)) ?? 'unknown', error);
      }
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

const quiet = () => undefined;
const SILENT_LOGGER: Logger = {
  logQuery: quiet,
  logQueryError: quiet,
  logQuerySlow: quiet,
  logSchemaBuild: quiet,
  logMigration: quiet,
  log: quiet,
};

/**
 * Migrates the database on a connection of its own, before the application is built: a migration
 * that fails then ends the start with the one line of MigrationFailedError (inside the Nest
 * container, its exception handler would log the error a second time).
 */
export async function migrateDatabase(settings: DataSourceSettings): Promise<string[]> {
  const dataSource = await new DataSource({
    ...dataSourceOptions(settings),
    entities: [],
    // TypeORM prints its own line per migration; the caller logs what was applied, or the one failure line.
    logger: SILENT_LOGGER,
  }).initialize();
  try {
    return await migrateUnderLock(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Whether migrations exist in code that are not applied yet (readiness uses it). */
export async function pendingMigrations(dataSource: DataSource): Promise<boolean> {
  return dataSource.showMigrations();
}

/** Pending migration names in the order TypeORM runs them (by the timestamp that ends each name). */
async function pendingMigrationNames(dataSource: DataSource): Promise<string[]> {
  const done = new Set(await appliedMigrationNames(dataSource));
  const timestamp = (name: string) => Number(/(\d+)$/.exec(name)?.[1] ?? 0);
  return dataSource.migrations
    .map((migration) => migration.name!)
    .filter((name) => !done.has(name))
    .sort((a, b) => timestamp(a) - timestamp(b));
}

async function appliedMigrationNames(dataSource: DataSource): Promise<string[]> {
  const exists: { table: string | null }[] = await dataSource.query(`SELECT to_regclass($1) AS table`, [
    MIGRATIONS_TABLE,
  ]);
  if (!exists[0]?.table) return [];
  const rows: { name: string }[] = await dataSource.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
  return rows.map((row) => row.name);
}

/**
 * An earlier version of the service kept its record in schema_migrations, a name other tools use
 * too: the table is taken over only when it holds this service's first migration.
 */
const ADOPT_EARLIER_MIGRATIONS_TABLE = `DO $$ BEGIN
  IF to_regclass('${MIGRATIONS_TABLE}') IS NULL AND to_regclass('schema_migrations') IS NOT NULL
     AND EXISTS (SELECT 1 FROM information_schema.columns
                  WHERE table_schema = current_schema() AND table_name = 'schema_migrations' AND column_name = 'name') THEN
    IF EXISTS (SELECT 1 FROM schema_migrations WHERE name = 'InitialSchema1764230400000') THEN
      ALTER TABLE schema_migrations RENAME TO ${MIGRATIONS_TABLE};
    END IF;
  END IF;
END $$`;
