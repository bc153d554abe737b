/**
 * Jest global setup: gives every test run a real PostgreSQL.
 * - DATABASE_URL set: use that server, but only a database whose name says it is for tests.
 * - unset: start a throw-away embedded PostgreSQL (own data dir and free port, so that
 *   several runs on one machine do not collide) and point DATABASE_URL at it.
 */
import { startThrowawayPostgres } from './throwaway-postgres';
import { assertTestDatabaseUrl } from './test-database';

export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    assertTestDatabaseUrl(process.env.DATABASE_URL);
    return;
  }
  const server = await startThrowawayPostgres();
  (globalThis as { __throwawayPostgres__?: unknown }).__throwawayPostgres__ = server;
  process.env.DATABASE_URL = server.url;
  process.env.MPS_TEST_OWNS_DATABASE = '1';
}
