// `npm start` runs this first (prestart): it builds only when dist/ is older than what it is built
// from, so a second start goes straight to `node dist/src/main.js`. Every successful `npm run build`
// leaves dist/.build-stamp (postbuild); a build that failed or was interrupted leaves none, and
// `nest build` empties dist/ first, so a missing stamp always means "build".
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
/** What the build reads: the sources (server, migrations, web page) and the build's own settings. */
const inputs = [
  'src',
  'migrations',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  '.swcrc',
];

/** The most recently modified file under `path`, as [path, mtime in ms]. */
function newest(path) {
  if (!existsSync(path)) return [path, 0];
  const stats = statSync(path);
  if (!stats.isDirectory()) return [path, stats.mtimeMs];
  let best = [path, stats.mtimeMs];
  for (const entry of readdirSync(path)) {
    const candidate = newest(join(path, entry));
    if (candidate[1] > best[1]) best = candidate;
  }
  return best;
}

function needsBuild() {
  if (!existsSync(stamp)) return 'no complete build in dist/';
  const built = statSync(stamp).mtimeMs;
  const [file, modified] = inputs
    .map((input) => newest(join(root, input)))
    .reduce((a, b) => (b[1] > a[1] ? b : a));
  return modified > built ? `${relative(root, file)} changed after the last build` : null;
}

const reason = needsBuild();
if (reason === null) {
  console.log('dist/ is newer than the sources: starting without a build (npm run build forces one)');
} else {
  console.log(`building (${reason})`);
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(build.status ?? 1);
}
