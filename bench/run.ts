/**
 * `npm run bench [-- --only training]`, `npm run bench:quick`: runs the benchmark scripts one after
 * the other to completion, writes bench/results/<name>.json and .md per script and
 * bench/results/summary.md for the run, and exits 1 when any script failed.
 *
 *   node dist/bench/run.js [--quick] [--only name[,name]] [--list]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pendingCleanups, runCleanups } from './lib/cleanup';
import { BenchResult, Mode, renderMachine, renderTable, runScript } from './lib/harness';
import { RESULTS_DIR, removeServiceSnapshot, snapshotService } from './lib/paths';
import { SCRIPTS } from './scripts';

function parseArgs(argv: string[]): { mode: Mode; only: string[] | null; list: boolean } {
  let mode: Mode = 'full';
  let only: string[] | null = null;
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') mode = 'quick';
    else if (arg === '--full') mode = 'full';
    else if (arg === '--list') list = true;
    else if (arg === '--only') only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg.startsWith('--only=')) only = arg.slice('--only='.length).split(',').filter(Boolean);
    else throw new Error(`unknown argument ${arg}; usage: run.js [--quick] [--only name[,name]] [--list]`);
  }
  return { mode, only, list };
}

function summary(results: BenchResult[], mode: Mode, seconds: number): string {
  const lines = [
    `# Benchmark run (${mode}), ${new Date().toISOString()}`,
    '',
    results.length > 0 ? `Machine: ${renderMachine(results[0].machine)}.` : '',
    '',
    renderTable({
      title: 'Scripts',
      columns: ['script', 'status', 'seconds'],
      rows: results.map((result) => [result.name, result.ok ? 'ok' : 'FAILED', result.wall_seconds]),
      notes: [`total ${seconds.toFixed(1)} s`],
    }),
    ...results.map((result) =>
      result.tables.length > 0
        ? result.tables.map((table) => renderTable(table)).join('\n')
        : `(${result.name}: no figures)\n`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const { mode, only, list } = parseArgs(process.argv.slice(2));
  if (list) {
    for (const script of SCRIPTS) console.log(`${script.name}: ${script.description}`);
    return 0;
  }
  const unknown = (only ?? []).filter((name) => !SCRIPTS.some((script) => script.name === name));
  if (unknown.length > 0) throw new Error(`unknown script(s): ${unknown.join(', ')}`);
  const selected = SCRIPTS.filter((script) => !only || only.includes(script.name));

  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`${signal}: stopping the services and removing the benchmark databases`);
    void runCleanups((line) => console.error(line)).finally(() => {
      removeServiceSnapshot();
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const t0 = performance.now();
  const results: BenchResult[] = [];
  const snapshot = await snapshotService((line) => console.log(line));
  console.log(`service under test: a copy of dist/ in ${snapshot}`);
  try {
    for (const script of selected) results.push(await runScript(script, mode));
  } finally {
    removeServiceSnapshot();
  }
  const seconds = (performance.now() - t0) / 1000;

  const markdown = summary(results, mode, seconds);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'summary.md'), markdown);
  console.log(`\n${markdown}`);
  console.log(`results in ${RESULTS_DIR}`);
  if (pendingCleanups() > 0) await runCleanups((line) => console.error(line));
  return results.every((result) => result.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    void runCleanups((line) => console.error(line)).finally(() => {
      removeServiceSnapshot();
      process.exit(2);
    });
  },
);
