/** `npm run demo:load`: loads the demo machines into DATABASE_URL or the embedded database. */
import 'reflect-metadata';
import { appConfig } from '../config/app.config';
import { databaseConfig } from '../config/database.config';
import { createApp } from '../app.factory';
import { openDatabaseServer } from '../database/database-server';
import { DemoLoader } from './demo-loader';

async function main(): Promise<void> {
  const database = databaseConfig();
  const server = await openDatabaseServer(database, (line) => console.log(line));
  const app = await createApp({ databaseUrl: server.url, app: appConfig(), database });
  try {
    // The loader's repositories read the table shapes in their lifecycle hooks.
    await app.init();
    const report = await app.get(DemoLoader).load();
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await app.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error('demo load failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
