/** Order statistics for benchmark samples (linear interpolation between ranks, as numpy's default). */

export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

export interface Summary {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  return {
    n,
    p50: quantile(values, 0.5),
    p95: quantile(values, 0.95),
    p99: quantile(values, 0.99),
    min: n > 0 ? Math.min(...values) : null,
    max: n > 0 ? Math.max(...values) : null,
    mean: n > 0 ? values.reduce((sum, value) => sum + value, 0) / n : null,
  };
}

/** Rounds for display and JSON (benchmark figures carry no more precision than this). */
export function round(value: number | null | undefined, digits = 3): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds elapsed since a performance.now() reading. */
export const secondsSince = (start: number) => (performance.now() - start) / 1000;
