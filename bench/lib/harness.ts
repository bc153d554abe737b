/**
 * The benchmark harness: a script measures and records figures and tables into its context; the
 * runner adds the machine facts and timings and writes bench/results/<name>.json and <name>.md,
 * also when the script fails (with what it had measured and the error), then runs its cleanups.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runCleanups } from './cleanup';
import { MachineFacts, machineFacts } from './machine-facts';
import { RESULTS_DIR, ROOT } from './paths';

export type Mode = 'quick' | 'full';

/** One measured quantity, in a unit; samples summarised as p50/p95 (and n), or a single value. */
export interface Figure {
  id: string;
  label: string;
  unit: string;
  n?: number;
  p50?: number | null;
  p95?: number | null;
  value?: number | null;
  note?: string;
}

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
  notes?: string[];
}

export interface BenchContext {
  readonly name: string;
  readonly mode: Mode;
  readonly quick: boolean;
  /** Inputs of the run worth recording (repetitions, fleet size, database, ...). */
  readonly parameters: Record<string, unknown>;
  /** Raw samples and anything else a later analysis might want. */
  readonly details: Record<string, unknown>;
  figure(figure: Figure): void;
  table(table: Table): void;
  log(line: string): void;
}

export interface BenchScript {
  name: string;
  description: string;
  run(context: BenchContext): Promise<void>;
}

export interface BenchResult {
  name: string;
  description: string;
  mode: Mode;
  ok: boolean;
  error: string | null;
  started_at: string;
  finished_at: string;
  wall_seconds: number;
  machine: MachineFacts;
  /** 1/5/15-minute load averages when the script ended. */
  load_average_end: number[];
  parameters: Record<string, unknown>;
  figures: Figure[];
  tables: Table[];
  details: Record<string, unknown>;
}

function timestamp(): string {
  return new Date().toISOString().slice(11, 19);
}

export async function runScript(script: BenchScript, mode: Mode): Promise<BenchResult> {
  const started = new Date();
  const t0 = performance.now();
  const figures: Figure[] = [];
  const tables: Table[] = [];
  const log = (line: string) => console.log(`[${timestamp()}] ${script.name}: ${line}`);
  const context: BenchContext = {
    name: script.name,
    mode,
    quick: mode === 'quick',
    parameters: {},
    details: {},
    figure: (figure) => figures.push(figure),
    table: (table) => tables.push(table),
    log,
  };
  const machine = machineFacts(ROOT);
  let error: string | null = null;
  log(`started (${mode})`);
  try {
    await script.run(context);
  } catch (failure) {
    error = failure instanceof Error ? (failure.stack ?? failure.message) : String(failure);
    log(`FAILED: ${error}`);
  } finally {
    await runCleanups(log);
  }
  const result: BenchResult = {
    name: script.name,
    description: script.description,
    mode,
    ok: error === null,
    error,
    started_at: started.toISOString(),
    finished_at: new Date().toISOString(),
    wall_seconds: Math.round((performance.now() - t0) / 10) / 100,
    machine,
    load_average_end: loadavg().map((value) => Math.round(value * 100) / 100),
    parameters: context.parameters,
    figures,
    tables,
    details: context.details,
  };
  writeResult(result);
  log(`${result.ok ? 'done' : 'failed'} in ${result.wall_seconds} s`);
  return result;
}

/** bench/results/<name>.json and .md (the latest run) and history/<start>-<name>-<mode>.json (every run). */
export function writeResult(result: BenchResult): void {
  const history = join(RESULTS_DIR, 'history');
  mkdirSync(history, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(join(RESULTS_DIR, `${result.name}.json`), json);
  writeFileSync(join(RESULTS_DIR, `${result.name}.md`), renderResult(result));
  const stamp = result.started_at.slice(0, 19).replace(/:/g, '-');
  writeFileSync(join(history, `${stamp}-${result.name}-${result.mode}.json`), json);
}

const cell = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '–' : String(value).replace(/\|/g, '\\|');

export function renderTable(table: Table): string {
  const lines = [
    `**${table.title}**`,
    '',
    `| ${table.columns.join(' | ')} |`,
    `|${table.columns.map(() => '---').join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  if (table.notes?.length) lines.push('', ...table.notes.map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}

export function renderMachine(machine: MachineFacts): string {
  const commit = machine.git_commit
    ? `${machine.git_commit.slice(0, 10)}${machine.git_dirty ? ' (+ local changes)' : ''}`
    : '?';
  return (
    `${machine.cpu_count} × ${machine.cpu_model}, ${machine.total_memory_gib} GiB RAM, ${machine.os} ${machine.arch}, ` +
    `Node ${machine.node}, commit ${commit}, load average at start ${machine.load_average.join(' / ')}`
  );
}

export function renderResult(result: BenchResult): string {
  const parts = [
    `### ${result.name} (${result.mode}) — ${result.ok ? 'ok' : 'FAILED'}`,
    '',
    result.description,
    '',
    `Ran ${result.started_at} for ${result.wall_seconds} s on: ${renderMachine(result.machine)}; load average at the end ${result.load_average_end.join(' / ')}.`,
    '',
  ];
  if (result.error) parts.push('```', result.error.split('\n').slice(0, 12).join('\n'), '```', '');
  for (const table of result.tables) parts.push(renderTable(table));
  return `${parts.join('\n')}\n`;
}
