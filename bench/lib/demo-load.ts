/** Loads the demo data (steel plant, b40 electricity and gas) into a benchmark database. */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchDatabase } from './database';
import { demoLoader, LOGS_DIR, ROOT } from './paths';
import { secondsSince } from './stats';

/** Runs the service's demo loader against `database`; returns its seconds. Log: `<logName>-demo-load.log`. */
export async function loadDemoData(
  database: BenchDatabase,
  log: (line: string) => void,
  logName: string,
): Promise<number> {
  mkdirSync(LOGS_DIR, { recursive: true });
  const t0 = performance.now();
  const output = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      [demoLoader()],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
        maxBuffer: 16 << 20,
      },
      (error, stdout, stderr) => {
        writeFileSync(join(LOGS_DIR, `${logName}-demo-load.log`), `${stdout}\n${stderr}`);
        if (error) reject(new Error(`demo load failed: ${error.message}\n${stderr.slice(-2000)}`));
        else resolve(stdout);
      },
    ),
  );
  const seconds = secondsSince(t0);
  log(
    `demo data loaded in ${seconds.toFixed(1)} s (${output.includes('b40_electricity') ? 'b40 and steel' : '?'})`,
  );
  return seconds;
}
