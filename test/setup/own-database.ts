/**
 * Every e2e and fault suite (test file) runs on a database of its own, created before the file's
 * first hook: no suite sees the rows, versions or alerts another left behind, and none depends on
 * the order they run in. Suites read it as process.env.DATABASE_URL, as before. The databases go
 * with the throw-away server, or are dropped by the global teardown on a given server (mps_f_*).
 */
import { basename } from 'node:path';
import { freshDatabase } from '../support/fresh-database';

beforeAll(async () => {
  const suite = basename(expect.getState().testPath ?? 'suite').replace(/\.(e2e|fault)-spec\.ts$/, '');
  // PostgreSQL cuts names at 63 bytes: the suite's name is shortened, the pid and time keep it unique.
  const database = await freshDatabase(`f_${suite.replace(/\W+/g, '_').slice(0, 20)}`);
  process.env.DATABASE_URL = database.url;
});
