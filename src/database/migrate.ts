/**
 * Runs pending migrations under a PostgreSQL advisory lock, so that several replicas that
 * start at once apply each migration exactly once: the first takes the lock and migrates,
 * the others wait, then find nothing pending.
 */
import type { DataSource } from 'typeorm';

/** Arbitrary, fixed 64-bit key of the migration lock ("mps-migr"). */
export const MIGRATION_LOCK_KEY = '7165746711930585714';

export async function migrateUnderLock(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** Names of migrations that exist in code but are not applied yet (readiness uses it). */
export async function pendingMigrations(dataSource: DataSource): Promise<boolean> {
  return dataSource.showMigrations();
}
