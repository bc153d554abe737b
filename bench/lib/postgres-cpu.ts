/** CPU used by the PostgreSQL backends serving the benchmark database (server on this machine only). */
import type { BenchDatabase } from './database';
import { cpuSecondsOf } from './service';

/** CPU seconds so far of each PostgreSQL backend connected to the benchmark database, by pid. */
export async function backendCpu(database: BenchDatabase): Promise<Map<number, number> | null> {
  const rows = await database.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const seconds = cpuSecondsOf(pid);
    if (seconds !== null) cpu.set(pid, seconds);
  }
  return rows.length > 0 && cpu.size === 0 ? null : cpu; // null: the server is not on this machine
}

/** CPU seconds the backends used between two readings (backends that connected in between count from 0). */
export function postgresCpuSeconds(before: Map<number, number> | null, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before?.get(pid) ?? 0);
  return total;
}
