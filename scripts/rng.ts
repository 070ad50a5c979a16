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

/**
 * A rank in [0, size) drawn with a bias to the small ones (the cube of a uniform number), roughly
 * as word frequencies fall in text: for the benches' generated vocabularies.
 * @example
 * zipfRank(rng(1), 5000); // most often under 100
 */
export function zipfRank(random: () => number, size: number): number {
  return Math.floor(size * Math.pow(random(), 3));
}

/**
 * The generated word of rank `rank`: its base-36 digits and one or two letters, so that no two
 * ranks share a word and every word is made of letters and digits.
 * @example
 * syntheticWord(0); // '0a'
 * syntheticWord(37); // '11ab'
 */
export function syntheticWord(rank: number): string {
  return rank.toString(36) + 'ab'.slice(0, 1 + (rank % 2));
}
