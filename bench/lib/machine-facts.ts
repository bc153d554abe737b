/** What the figures were measured on: recorded with every result. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, release, arch, totalmem } from 'node:os';

export interface MachineFacts {
  cpu_model: string;
  cpu_count: number;
  total_memory_gib: number;
  os: string;
  arch: string;
  node: string;
  git_commit: string | null;
  /** Uncommitted changes in the working tree when the benchmark ran. */
  git_dirty: boolean | null;
  /** 1/5/15-minute load averages when the script started: other work on the machine skews figures. */
  load_average: number[];
}

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

export function machineFacts(root: string): MachineFacts {
  const processors = cpus();
  const status = git(root, ['status', '--porcelain', '--untracked-files=no']);
  return {
    cpu_model: processors[0]?.model.trim() ?? 'unknown',
    cpu_count: processors.length,
    total_memory_gib: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    arch: arch(),
    node: process.version,
    git_commit: git(root, ['rev-parse', 'HEAD']),
    git_dirty: status === null ? null : status.length > 0,
    load_average: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}
