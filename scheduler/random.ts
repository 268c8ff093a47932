/**
 * Random sources for tie-breaks. Production uses Math.random; tests and benchmarks pass a seeded one so
 * the chosen node is reproducible (Nomad seeds its node shuffle for the same reason).
 */
import type { Random } from './framework.js';

/** mulberry32: a small, fast, seeded 32-bit generator; good enough to break ties, not for secrets. */
export function createSeededRandom(seed: number): Random {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { intn: (n) => Math.floor(next() * n) };
}

export const mathRandom: Random = { intn: (n) => Math.floor(Math.random() * n) };
