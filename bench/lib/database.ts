/**
 * A throw-away database for one benchmark script: a fresh database on the machine's PostgreSQL at
 * 127.0.0.1:5432 when one listens (trust auth as postgres), else the project's embedded PostgreSQL
 * in a temporary directory on a free port. Dropped (or stopped and deleted) at the end.
 *
 * BENCH_PG=local|embedded forces one of the two; BENCH_PG_ADMIN_URL overrides the local server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { onCleanup } from './cleanup';
import { embeddedPgModule } from './paths';
import { freePort } from './service';

export interface BenchDatabase {
  url: string;
  kind: 'local' | 'embedded';
  server_version: string;
  /** Runs one statement on the benchmark database (a short-lived connection). */
  query<T>(sql: string, values?: unknown[]): Promise<T[]>;
  release(): Promise<void>;
}

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

interface EmbeddedModule {
  startEmbeddedPostgres(options: {
    dataDir: string;
    port: number;
    log: (line: string) => void;
  }): Promise<{ createDatabase(name: string): Promise<void>; stop(): Promise<void> }>;
  embeddedDatabaseUrl?(port: number, database: string): string;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function connect(url: string, timeoutMs = 2000): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  await client.connect();
  return client;
}

async function queryOnce<T>(url: string, sql: string, values?: unknown[]): Promise<T[]> {
  const client = await connect(url, 10_000);
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function localServer(adminUrl: string): Promise<Client | null> {
  try {
    return await connect(adminUrl, 1500);
  } catch {
    return null;
  }
}

export async function provisionDatabase(label: string, log: (line: string) => void): Promise<BenchDatabase> {
  const mode = process.env.BENCH_PG ?? 'auto';
  const adminUrl = process.env.BENCH_PG_ADMIN_URL ?? DEFAULT_ADMIN_URL;
  const admin = mode === 'embedded' ? null : await localServer(adminUrl);
  if (admin) return localDatabase(admin, adminUrl, label, log);
  if (mode === 'local') throw new Error(`BENCH_PG=local but no PostgreSQL answers at ${adminUrl}`);
  return embeddedDatabase(log);
}

async function localDatabase(
  admin: Client,
  adminUrl: string,
  label: string,
  log: (line: string) => void,
): Promise<BenchDatabase> {
  const name = `mps_bench_${process.pid}_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
  try {
    // Databases left behind by benchmark runs that were killed: their process is gone and nobody is connected.
    const stale = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database d
        WHERE datname ~ '^mps_bench_[0-9]+(_|$)'
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
    );
    for (const { datname } of stale.rows) {
      const pid = Number(/^mps_bench_(\d+)/.exec(datname)![1]);
      if (pid !== process.pid && !processAlive(pid)) {
        log(`dropping ${datname}, left by benchmark process ${pid} that is no longer running`);
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    }
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    const version = await admin.query<{ server_version: string }>('SHOW server_version');
    const url = withDatabase(adminUrl, name);
    log(`database ${name} on the local PostgreSQL ${version.rows[0].server_version}`);
    const drop = async () => {
      await queryOnce(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    };
    const unregister = onCleanup(`drop database ${name}`, drop);
    return {
      url,
      kind: 'local',
      server_version: version.rows[0].server_version,
      query: (sql, values) => queryOnce(url, sql, values),
      async release() {
        unregister();
        await drop();
      },
    };
  } finally {
    await admin.end();
  }
}

async function embeddedDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const embedded = (await import(pathToFileURL(embeddedPgModule()).href)) as EmbeddedModule;
  const dataDir = mkdtempSync(join(tmpdir(), 'mps-bench-pg-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  let unregister = onCleanup(`remove ${dataDir}`, removeDir);
  const port = await freePort();
  log(`no local PostgreSQL used: starting the embedded one on port ${port} (data in ${dataDir})`);
  const server = await embedded.startEmbeddedPostgres({ dataDir, port, log: () => undefined });
  const stop = async () => {
    await server.stop();
    removeDir();
  };
  unregister();
  unregister = onCleanup(`stop embedded PostgreSQL on port ${port}`, stop);
  await server.createDatabase('mps_bench');
  const url =
    embedded.embeddedDatabaseUrl?.(port, 'mps_bench') ??
    `postgres://postgres:postgres@127.0.0.1:${port}/mps_bench`;
  const [{ server_version }] = await queryOnce<{ server_version: string }>(url, 'SHOW server_version');
  return {
    url,
    kind: 'embedded',
    server_version,
    query: (sql, values) => queryOnce(url, sql, values),
    async release() {
      unregister();
      await stop();
    },
  };
}
