/**
 * Locations: the project root (found from here, compiled or not), the results, and the built
 * service under test.
 *
 * The service runs from a private copy of dist/ taken when the run starts (bench/results/.build/
 * service-<pid>/), so a `npm run build` elsewhere during a long run (nest build empties dist/ first)
 * neither breaks the run nor swaps the code being measured. The copy keeps dist/'s layout, so the
 * service still finds migrations/, data/ and node_modules/ from there.
 */
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sleep } from './stats';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'bench'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`project root not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot(__dirname);
export const RESULTS_DIR = join(ROOT, 'bench', 'results');
export const LOGS_DIR = join(RESULTS_DIR, 'logs');
const BUILT = join(ROOT, 'dist');
const SNAPSHOT = join(RESULTS_DIR, '.build', `service-${process.pid}`);

/** Files the benchmarks need from the build, relative to dist/. */
const REQUIRED = [
  'src/main.js',
  'src/demo/load-demo.cli.js',
  'src/training/fit/fit.worker.js',
  'src/database/embedded-postgres.js',
];

let serviceDir: string | null = null;

function service(file: string): string {
  if (!serviceDir) throw new Error('the service snapshot is not taken: call snapshotService() first');
  return join(serviceDir, file);
}

export const serviceMain = () => service('src/main.js');
export const demoLoader = () => service('src/demo/load-demo.cli.js');
export const embeddedPgModule = () => service('src/database/embedded-postgres.js');
/** A compiled module of the service under test, e.g. `src/metrics/trend.js` (for reference servers). */
export const serviceModule = (file: string) => service(file);

/**
 * Loads a compiled module of the service under test in this process, e.g.
 * `src/models/algorithms/ols.js`: the bench's tsconfig cannot import src/ (rootDir), and the
 * snapshot is the code being measured. `T` declares the part of its exports the caller uses.
 */
export async function importService<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(service(file)).href)) as T;
}

/** Relative path → size of every file under `dir`. */
function listing(dir: string): Map<string, number> {
  const files = new Map<string, number>();
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path), statSync(path).size);
    }
  };
  for (const top of ['src', 'migrations']) if (existsSync(join(dir, top))) walk(join(dir, top));
  return files;
}

function sameListing(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([file, size]) => b.get(file) === size);
}

/**
 * Copies dist/src and dist/migrations; waits (up to a minute) for a build in progress, and copies
 * again when dist/ changed while it was being copied.
 */
export async function snapshotService(log: (line: string) => void): Promise<string> {
  for (let attempt = 1; attempt <= 60; attempt++) {
    const missing = REQUIRED.filter((file) => !existsSync(join(BUILT, file)));
    if (missing.length === 0) {
      const before = listing(BUILT);
      rmSync(SNAPSHOT, { recursive: true, force: true });
      try {
        for (const top of ['src', 'migrations']) {
          cpSync(join(BUILT, top), join(SNAPSHOT, top), { recursive: true });
        }
        if (sameListing(before, listing(BUILT)) && sameListing(before, listing(SNAPSHOT))) {
          serviceDir = SNAPSHOT;
          return SNAPSHOT;
        }
      } catch {
        // dist/ changed under us (a build elsewhere): try again
      }
    } else if (attempt === 1) {
      log(`waiting for ${missing.map((file) => `dist/${file}`).join(', ')} (run \`npm run build\`)`);
    }
    await sleep(1000);
  }
  throw new Error('no complete build in dist/: run `npm run build` first (npm run bench does)');
}

export function removeServiceSnapshot(): void {
  rmSync(SNAPSHOT, { recursive: true, force: true });
  serviceDir = null;
}
