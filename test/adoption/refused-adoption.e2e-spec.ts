/**
 * A database the migrations cannot adopt (here: a model_training_history of some other design,
 * without the predecessor's columns) stops the service at once with one line naming the migration
 * and the reason, exit code 1, and leaves the database as it was: no endless retry, nothing half done.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { findFreePort } from '../../src/common/free-port';
import { buildEnmsDatabase, withClient } from '../support/enms-fixture';
import { freshDatabase } from '../support/fresh-database';

describe('a database the migrations cannot adopt', () => {
  it('stops the start with one line and a non-zero exit, and leaves the database as it was', async () => {
    const database = await freshDatabase('enms_refused');
    try {
      await buildEnmsDatabase(database.url, 'base');
      await withClient(database.url, (client) =>
        client.query(`CREATE TABLE model_training_history (id integer PRIMARY KEY, note text)`),
      );
      const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'main.js')], {
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          DATABASE_URL: database.url,
          PORT: String(await findFreePort()),
          LOG_LEVEL: 'warn',
          SCHEDULER_ENABLED: 'false',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

      expect(code).toBe(1);
      const failures = output.split('\n').filter((line) => /migration \S+ failed/i.test(line));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(
        /migration InitialSchema1764230400000 failed and was rolled back, the database is as it was before it: column "machine_id" does not exist$/,
      );
      expect(output).not.toMatch(/Retrying/);
      const left = await withClient(database.url, async (client) => ({
        registry: (await client.query(`SELECT to_regclass('mps_model_versions') AS t`)).rows[0].t,
        columns: (
          await client.query(
            `SELECT column_name FROM information_schema.columns WHERE table_name = 'model_training_history' ORDER BY ordinal_position`,
          )
        ).rows.map((row: { column_name: string }) => row.column_name),
      }));
      expect(left).toEqual({ registry: null, columns: ['id', 'note'] });
    } finally {
      await database.drop();
    }
  }, 60_000);
});
