import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from '../../src/common/free-port';
import { embeddedDatabaseUrl, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export interface ThrowawayPostgres {
  url: string;
  /** Stops the server (fast shutdown: sessions are terminated), keeping its data and port for resume(). */
  pause(): Promise<void>;
  /** Starts it again on the same data directory and port. */
  resume(): Promise<void>;
  /** Stops it for good and removes its data. */
  stop(): Promise<void>;
}

/** A fresh embedded PostgreSQL in its own temporary directory, removed on stop. */
export async function startThrowawayPostgres(database = 'mps_test'): Promise<ThrowawayPostgres> {
  const root = join(process.cwd(), '.data');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, 'test-pg-'));
  const port = await findFreePort();
  const start = () => startEmbeddedPostgres({ dataDir: dir, port, log: () => undefined });
  let server: Awaited<ReturnType<typeof start>> | undefined = await start();
  await server.createDatabase(database);
  const pause = async () => {
    await server?.stop();
    server = undefined;
  };
  return {
    url: embeddedDatabaseUrl(port, database),
    pause,
    async resume() {
      server ??= await start();
    },
    async stop() {
      await pause();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
