import { mulberry32 } from '../../bench/lib/mulberry32';

/**
 * Reproducible randomness for fault tests: the seed comes from FAULT_SEED or the clock and is
 * printed, so a failing run can be repeated with FAULT_SEED=<seed>.
 */
export function seededRandom(label: string): () => number {
  const seed = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31);
  if (!Number.isInteger(seed))
    throw new Error(`FAULT_SEED must be an integer, got ${process.env.FAULT_SEED}`);
  console.log(`${label}: FAULT_SEED=${seed}`);
  return mulberry32(seed);
}
