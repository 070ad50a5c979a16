/**
 * mulberry32: a small seeded pseudo-random generator, so that the scripts and
 * benchmarks build the same synthetic texts on every run and machine.
 * @example
 * const random = rng(7);
 * random(); // a number in [0, 1), the same for seed 7 every time
 */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
