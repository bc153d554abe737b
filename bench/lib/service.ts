/**
 * The service under test as separate OS processes (`node dist/src/main.js`), one per role, each on
 * its own port: started with LOG_LEVEL=warn and no demo loading, ready when /health/ready answers
 * 200, stopped with SIGTERM (SIGKILL after a grace period). Logs go to bench/results/logs/.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { onCleanup } from './cleanup';
import type { BenchContext } from './harness';
import { LOGS_DIR, RESULTS_DIR, ROOT, serviceMain } from './paths';
import { sleep } from './stats';

export type Role = 'api' | 'worker' | 'all';

export interface ServiceOptions {
  /** Names the log file and the figures, e.g. `training-api` or `training-worker-2`. */
  name: string;
  role: Role;
  databaseUrl: string;
  /** Extra environment (e.g. TRAINING_WORKER_CONCURRENCY). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /** Script to run instead of the service's main.js (a reference server); it must answer /health/ready. */
  entry?: string;
}

export interface MemoryStatus {
  /** Resident set size now, MiB. */
  rss_mib: number;
  /** Peak resident set size since the process started (VmHWM), MiB. */
  hwm_mib: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM of a process from /proc (Linux); null elsewhere or once it has exited. */
export function memoryOf(pid: number): MemoryStatus | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const rss = kib('VmRSS');
    const hwm = kib('VmHWM');
    if (!Number.isFinite(rss) || !Number.isFinite(hwm)) return null;
    return { rss_mib: rss / 1024, hwm_mib: hwm / 1024 };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, seconds, from /proc/<pid>/stat; null elsewhere. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is the state (field 3 of proc(5)); utime and stime are fields 14 and 15.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux the benchmark targets. */
const CLOCK_TICKS = 100;

/** Busy and total jiffies of all CPUs together, from /proc/stat; null elsewhere. */
export function machineCpuTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((sum, value) => sum + value, 0);
    const idle = values[3] + (values[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export class ServiceProcess {
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  private readonly unregister: () => void;

  constructor(
    readonly name: string,
    readonly role: Role,
    readonly port: number,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        resolve(this.exitCode);
      }),
    );
    this.unregister = onCleanup(`stop ${name}`, () => this.stop().then(() => undefined));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  memory(): MemoryStatus | null {
    return memoryOf(this.pid);
  }

  cpuSeconds(): number | null {
    return cpuSecondsOf(this.pid);
  }

  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(
          `${this.name} exited (code ${this.exitCode}) before it was ready:\n${tail(this.logFile)}`,
        );
      }
      try {
        const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`${this.name} not ready within ${timeoutMs} ms:\n${tail(this.logFile)}`);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (-1 when killed by a signal). */
  async stop(graceMs = 30_000): Promise<number | null> {
    this.unregister();
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      try {
        await this.exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return this.exitCode ?? null;
  }

  logTail(lines = 30): string {
    return tail(this.logFile, lines);
  }
}

/**
 * `--cpu-prof` into bench/results/profiles/ when BENCH_CPU_PROF=1, for every process started here
 * (the profile is written when the process exits after SIGTERM; node refuses --cpu-prof in
 * NODE_OPTIONS, hence an argument).
 */
function cpuProfileArgs(): string[] {
  return process.env.BENCH_CPU_PROF === '1'
    ? ['--cpu-prof', `--cpu-prof-dir=${join(RESULTS_DIR, 'profiles')}`]
    : [];
}

export async function startService(options: ServiceOptions): Promise<ServiceProcess> {
  mkdirSync(LOGS_DIR, { recursive: true });
  const port = await freePort();
  const logFile = join(LOGS_DIR, `${options.name}.log`);
  const fd = openSync(logFile, 'w');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_ROLE: options.role,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    DEMO_DATA_ON_FIRST_START: 'false',
    // A benchmark sends far more writes and triggers than one caller's quota: limits off unless a
    // script asks for them (options.env). The bench client sends no credentials: the service runs
    // open, on loopback only.
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    RATE_LIMIT_TRIGGERS_PER_MINUTE: '0',
    ...options.env,
  };
  delete env.API_KEYS;
  delete env.JWT_SECRET;
  const args = [...cpuProfileArgs(), options.entry ?? serviceMain()];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const service = new ServiceProcess(options.name, options.role, port, logFile, child);
  try {
    await service.waitReady(options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await service.stop(5000);
    throw error;
  }
  return service;
}

/** Samples VmRSS of processes periodically; peaks per process over the sampling window. */
export class RssSampler {
  private readonly peaks = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly processes: ServiceProcess[],
    private readonly intervalMs = 100,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  private sample(): void {
    for (const process of this.processes) {
      const memory = process.memory();
      if (memory) this.peaks.set(process.name, Math.max(this.peaks.get(process.name) ?? 0, memory.rss_mib));
    }
  }

  /** Peak sampled RSS and the kernel's high-water mark (since process start) per process, MiB. */
  stop(): { name: string; role: Role; peak_rss_mib: number | null; hwm_mib: number | null }[] {
    clearInterval(this.timer);
    this.sample();
    return this.processes.map((process) => ({
      name: process.name,
      role: process.role,
      peak_rss_mib: this.peaks.get(process.name) ?? null,
      hwm_mib: process.memory()?.hwm_mib ?? null,
    }));
  }
}

/** SIGTERM to each; exit codes are recorded (the service promises 0 after a graceful shutdown). */
export async function stopAll(context: BenchContext, processes: ServiceProcess[]): Promise<void> {
  const codes = await Promise.all(processes.map((process) => process.stop()));
  const recorded = (context.details.exit_codes_after_sigterm ??= {}) as Record<string, number | null>;
  processes.forEach((process, index) => {
    recorded[process.name] = codes[index];
    if (codes[index] !== 0)
      context.log(`${process.name} exited with code ${codes[index]} after SIGTERM (expected 0)`);
  });
}

/** Every cron of the service moved to 1 January, so that only the work a script starts runs in a measurement. */
export const NO_SCHEDULES: Record<string, string> = Object.fromEntries(
  [
    'TRAINING_CLEANUP_CRON',
    'EVALUATION_CRON',
    'WEEKLY_RETRAIN_CRON',
    'AB_TEST_COMPLETION_CRON',
    'ANOMALY_DETECTION_CRON',
  ].map((name) => [name, '0 0 1 1 *']),
);
