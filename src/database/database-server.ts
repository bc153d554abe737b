/**
 * Decides which PostgreSQL the process uses, before Nest starts:
 * DATABASE_URL when set, otherwise the embedded server under ./.data (started here,
 * stopped by main.ts after the application has closed its pool).
 */
import { resolve } from 'node:path';
import { DatabaseConfig } from '../config/database.config';
import {
  embeddedDatabaseUrl,
  EmbeddedPostgresUnusableError,
  startEmbeddedPostgres,
  RunningEmbeddedPostgres,
} from './embedded-postgres';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabaseServer(
  config: DatabaseConfig,
  log: (line: string) => void,
): Promise<DatabaseServer> {
  if (config.url) return { url: config.url, embedded: false, stop: () => Promise.resolve() };

  const dataDir = resolve(config.embeddedDataDir);
  log(
    `DATABASE_URL is not set: starting the embedded PostgreSQL (data in ${dataDir}, port ${config.embeddedPort})`,
  );
  let server: RunningEmbeddedPostgres;
  try {
    server = await startEmbeddedPostgres({ dataDir, port: config.embeddedPort, log: () => undefined });
  } catch (error) {
    if (error instanceof EmbeddedPostgresUnusableError) throw error;
    throw new Error(
      `Could not start the embedded PostgreSQL on port ${config.embeddedPort} with data in ${dataDir} ` +
        `(is another instance running, or is the port taken? set EMBEDDED_PG_PORT or DATABASE_URL): ${String(error)}`,
    );
  }
  if (server.dataDir !== dataDir) {
    log(
      `the postgres user cannot enter ${dataDir} (a directory above it is closed to other users): the data is in ${server.dataDir}`,
    );
  }
  await server.createDatabase(config.embeddedDatabase);
  return {
    url: embeddedDatabaseUrl(config.embeddedPort, config.embeddedDatabase),
    embedded: true,
    stop: () => server.stop(),
  };
}
