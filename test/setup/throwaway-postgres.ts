import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from '../../src/common/free-port';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

/** A fresh embedded PostgreSQL in its own temporary directory, removed on stop. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const root = join(process.cwd(), '.data');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, 'test-pg-'));
  const port = await findFreePort();
  const server = await startEmbeddedPostgres({ dataDir: dir, port, log: () => undefined });
  await server.createDatabase('mps_test');
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/mps_test`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
