/**
 * Hashing for the sketch stage: a seeded 32-bit MurmurHash3 (x86_32 variant,
 * Austin Appleby's public-domain algorithm) written with `Math.imul` and
 * `>>> 0`, so every step is exact 32-bit integer arithmetic.
 *
 * Strings are hashed over their UTF-16 code units, two units per 32-bit block
 * (first unit in the low half), which is exactly MurmurHash3 over the
 * string's UTF-16LE bytes: every unit counts with all of its 16 bits, so
 * characters that share a low byte (`A` U+0041 and `Ł` U+0141) never collide
 * by construction.
 *
 * Shingles are hashed from word hashes, never from strings: a shingle's hash
 * is MurmurHash3 over the little-endian bytes of its words' 32-bit hashes, so
 * it is order-sensitive and each word is hashed only once.
 */

/**
 * `Math.imul`, read once into a module constant. Hot loops must not look up the global `Math` on
 * every step: inside a `vm` context (Jest's test environment) each global lookup goes through an
 * interceptor and costs about a microsecond, 150× the loop body.
 */
const imul = Math.imul;

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/**
 * MurmurHash3's finaliser `fmix32`: a bijection on 32-bit integers with full avalanche.
 * @example
 * fmix32(0); // 0
 * fmix32(1); // 0x514e28b7
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * One MurmurHash3 body step: mix the 32-bit block `k` into the state `h`.
 * @example
 * const h = mixBlock(0, 0x61616161); // state after the block "aaaa"
 */
export function mixBlock(h: number, k: number): number {
  k = imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * The half of a MurmurHash3 body step that depends on the block alone (multiply, rotate, multiply):
 * `mixBlock(h, k) === mixScrambled(h, scramble(k))`. A block used in several hashes (a word's hash
 * in k shingles) is scrambled once.
 * @example
 * mixScrambled(7, scramble(0x61616161)) === mixBlock(7, 0x61616161); // true
 */
export function scramble(k: number): number {
  k = imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return imul(k, C2);
}

/**
 * The other half of a MurmurHash3 body step: mix an already {@link scramble}d block into the state `h`.
 * @example
 * mixScrambled(7, scramble(0x61616161)) === mixBlock(7, 0x61616161); // true
 */
export function mixScrambled(h: number, scrambled: number): number {
  h ^= scrambled;
  h = (h << 13) | (h >>> 19);
  return (imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * MurmurHash3's tail step for a last partial block (1 to 3 bytes, here 2), which skips the state rotation.
 * @example
 * const h = mixTail(0, 0x0061); // state after a trailing UTF-16 unit "a"
 */
export function mixTail(h: number, k: number): number {
  k = imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = imul(k, C2);
  return h ^ k;
}

/**
 * MurmurHash3 x86_32 of a byte array. The reference the other functions are tested against.
 * @example
 * murmur3Bytes(new TextEncoder().encode('aaaa'), 0x9747b28c); // 0x5a97808a
 */
export function murmur3Bytes(bytes: Uint8Array, seed: number): number {
  let h = seed | 0;
  const n = bytes.length;
  const blocks = n & ~3;
  for (let i = 0; i < blocks; i += 4) {
    h = mixBlock(h, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  }
  const rest = n & 3;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= bytes[blocks + 2]! << 16;
    if (rest >= 2) k ^= bytes[blocks + 1]! << 8;
    k ^= bytes[blocks]!;
    h = mixTail(h, k);
  }
  return fmix32(h ^ n);
}

/**
 * MurmurHash3 x86_32 of `s[start, end)` read as UTF-16LE bytes (two code units per block).
 * @example
 * murmur3String('kyiv', 0); // the same as murmur3Bytes of the UTF-16LE bytes of "kyiv"
 */
export function murmur3String(s: string, seed: number, start = 0, end = s.length): number {
  let h = seed | 0;
  let i = start;
  for (; i + 1 < end; i += 2) h = mixBlock(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  if (i < end) h = mixTail(h, s.charCodeAt(i));
  return fmix32(h ^ ((end - start) << 1));
}

/**
 * MurmurHash3 x86_32 of `n` 32-bit words `words[start, start + n)` read as little-endian bytes.
 * Used to combine word hashes into an order-sensitive shingle hash.
 * @example
 * const w = new Uint32Array([murmur3String('the', 0), murmur3String('war', 0)]);
 * murmur3Words(w, 0, 2, 0) !== murmur3Words(new Uint32Array([w[1]!, w[0]!]), 0, 2, 0); // true
 */
export function murmur3Words(words: ArrayLike<number>, start: number, n: number, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < n; i++) h = mixBlock(h, words[start + i]!);
  return fmix32(h ^ (n << 2));
}

/**
 * MurmurHash3 x86_32 of the `n` word hashes held in a ring buffer (`ring[(first + i) & mask]`).
 * Same value as {@link murmur3Words} over the words in order; lets a scanner keep only the last k word hashes.
 * @example
 * const ring = new Uint32Array([5, 6, 7, 8]);
 * murmur3Ring(ring, 3, 2, 2, 0) === murmur3Words([6, 7, 8, 5], 2, 2, 0); // true: words 8, 5
 */
export function murmur3Ring(ring: Uint32Array, mask: number, first: number, n: number, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < n; i++) h = mixBlock(h, ring[(first + i) & mask]!);
  return fmix32(h ^ (n << 2));
}

/**
 * MurmurHash3 x86_32 of `n` 32-bit words held {@link scramble}d in a ring buffer (`ring[(first + i) & mask]`
 * is `scramble(word i)`): the same value as {@link murmur3Ring} over the words themselves, at half the multiplications.
 * @example
 * const ring = Uint32Array.from([5, 6, 7, 8], scramble);
 * murmur3ScrambledRing(ring, 3, 2, 2, 0) === murmur3Ring(new Uint32Array([5, 6, 7, 8]), 3, 2, 2, 0); // true
 */
export function murmur3ScrambledRing(ring: Uint32Array, mask: number, first: number, n: number, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < n; i++) {
    h ^= ring[(first + i) & mask]!;
    h = (h << 13) | (h >>> 19);
    h = (imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ (n << 2));
}
