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

/** mulberry32 (Tommy Ettinger): a 32-bit generator, uniform on [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
