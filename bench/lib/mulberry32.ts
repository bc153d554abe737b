/**
 * mulberry32 (Tommy Ettinger): a small seeded 32-bit generator, uniform on [0, 1). Used where a run
 * must be repeatable: the benchmark's request sequences and the fault tests' kill moments.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
