/** A seedable pseudo-random source (mulberry32), so fault fractions and jitter can be replayed. */
export interface Random {
  /** In [0, 1). */
  next(): number;
  /** `ms` varied by up to ±`fraction` of itself. */
  jitter(ms: number, fraction: number): number;
}

export const createRandom = (seed: number = Date.now()): Random => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    jitter: (ms, fraction) => Math.max(0, Math.round(ms * (1 + fraction * (2 * next() - 1)))),
  };
};
