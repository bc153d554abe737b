import { Client } from 'pg';
import type { ThrowawayPostgres } from './throwaway-postgres';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __throwawayPostgres__?: ThrowawayPostgres }).__throwawayPostgres__;
  if (server) {
    await server.stop();
    return;
  }
  // On a given server, the databases this run's suites had of their own (test/setup/own-database.ts):
  // their names carry this process's pid, so another run on the same server keeps its own.
  const admin = new URL(process.env.DATABASE_URL!);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`mps\\_f\\_%\\_${process.pid}\\_%\\_test`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
