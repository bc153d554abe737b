/**
 * Runs bench/python/fit_reference.py (scikit-learn and statsmodels reference fits) with Debian's
 * interpreter: the PATH python3 may be a pyenv build without those packages. The cases go through
 * a temporary JSON file (the same rows the Node side fits); the script times each fit inside the
 * interpreter and prints JSON.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { onCleanup } from './cleanup';
import { ROOT } from './paths';

export const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = join(ROOT, 'bench', 'python', 'fit_reference.py');

/**
 * BLAS/OpenMP threads of the reference fits: 1 by default, as each of our fits runs on one thread
 * (one piscina worker thread per job). BENCH_PYTHON_THREADS=2 lets OpenBLAS use both cores.
 */
export const PYTHON_THREADS = process.env.BENCH_PYTHON_THREADS ?? '1';

export interface PythonVersions {
  available: boolean;
  missing?: string;
  python?: string;
  numpy?: string;
  sklearn?: string;
  statsmodels?: string;
  thread_env?: Record<string, string | null>;
  threadpools?: { user_api: string; internal_api: string; num_threads: number; version: string }[] | null;
}

export interface PythonCase {
  id: string;
  kind: 'linear_regression' | 'ols_with_inference' | 'isolation_forest' | 'huber_rlm' | 'arima_search';
  warmups: number;
  repetitions: number;
  [field: string]: unknown;
}

export interface PythonCaseResult {
  id: string;
  warmup_seconds: number[];
  seconds: number[];
  result: Record<string, unknown>;
}

/** Runs the script; its stderr lines (progress) go to `log` as they come. */
function run(
  args: string[],
  log: (line: string) => void = () => undefined,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    OMP_NUM_THREADS: PYTHON_THREADS,
    OPENBLAS_NUM_THREADS: PYTHON_THREADS,
    MKL_NUM_THREADS: PYTHON_THREADS,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr += `${line}\n`;
      log(`python: ${line}`);
    });
    child.on('error', (error) => reject(new Error(`${PYTHON} could not run: ${error.message}`)));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Versions of the reference packages, or `available: false` and what is missing. */
export async function pythonReference(): Promise<PythonVersions> {
  try {
    const { code, stdout, stderr } = await run(['--check']);
    if (code === 0 || code === 3) return JSON.parse(stdout) as PythonVersions;
    return { available: false, missing: `exit ${code}: ${stderr.trim().slice(-500)}` };
  } catch (error) {
    return { available: false, missing: error instanceof Error ? error.message : String(error) };
  }
}

/** Fits every case in Python; one process for all of them, so imports are paid once and not timed. */
export async function runPythonCases(
  cases: PythonCase[],
  log: (line: string) => void,
): Promise<PythonCaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mps-bench-fit-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const unregister = onCleanup(`remove ${dir}`, remove);
  try {
    const input = join(dir, 'cases.json');
    writeFileSync(input, JSON.stringify({ cases }));
    const { code, stdout, stderr } = await run([input], log);
    if (code !== 0) throw new Error(`fit_reference.py exited ${code}: ${stderr.trim().slice(-2000)}`);
    return (JSON.parse(stdout) as { cases: PythonCaseResult[] }).cases;
  } finally {
    unregister();
    remove();
  }
}
