/** Runs the built service (dist/src/main.js) as a real child process on the test database. */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { findFreePort } from '../../src/common/free-port';
import { waitFor } from './wait';

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServiceProcess(
  env: Record<string, string>,
  options: { readyTimeoutMs?: number } = {},
): Promise<ServiceProcess> {
  const port = await findFreePort();
  let output = '';
  const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'main.js')], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `service on port ${port} to be ready`,
      async () => {
        if (child.exitCode !== null) throw new Error(`service exited early (${child.exitCode}): ${output}`);
        const response = await fetch(`${url}/health/ready`).catch(() => null);
        return response?.ok ? true : undefined;
      },
      options.readyTimeoutMs ?? 30_000,
    );
  } catch (error) {
    // A process that never became ready must not outlive the test (it may retry forever).
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${(error as Error).message}; its output: ${output.slice(-4000)}`);
    }
    throw error;
  }
  return {
    child,
    url,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts `count` processes at once; if one fails to start, the others are stopped before the error is thrown. */
export async function startServiceProcesses(
  count: number,
  env: Record<string, string>,
): Promise<ServiceProcess[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startServiceProcess(env)));
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await stopAll(running);
    throw failure.reason;
  }
  return running;
}

/** SIGTERM to every process; resolves with their exit codes. */
export function stopAll(processes: ServiceProcess[]): Promise<(number | null)[]> {
  return Promise.all(processes.map((service) => service.stop('SIGTERM')));
}

/** The JSON log lines (pino) a process wrote, parsed; other output is skipped. */
export function logLines(service: ServiceProcess): Record<string, unknown>[] {
  return service
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
