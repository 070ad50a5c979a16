/**
 * Stage 4, features: the sets a document is sketched from, as 32-bit hashes.
 *
 * - **Shingles** (copy-level): word k-shingles over the lower-cased words
 *   (`Token.norm`), k = 5 by default. A text with fewer than k words gives one
 *   shingle of all its words; a text without words gives none. Catches copies
 *   and light edits; a paraphraser destroys them.
 * - **Content** (paraphrase-robust): the stems of non-stop words, plus every
 *   name and every number once more under its own tag. A spun copy keeps most
 *   of these, and the tags give names and numbers (the "immutables" of a
 *   story) double weight in the Jaccard similarity.
 *
 * Boilerplate sentences (captions, "Read more:", credits…) are skipped.
 * Every function returns a deduplicated, ascending `Uint32Array`.
 *
 * Words are hashed once with MurmurHash3 over their UTF-16 code units; a
 * shingle's hash combines its words' hashes (see `hash.ts`). The seeds below
 * are part of the signature format: changing one changes every signature, so
 * it must come with a new format version in `minhash.ts`.
 *
 * Two routes lead to shingles: {@link shingleHashes} from a prepared `Doc`
 * (exact: normalised text, boilerplate skipped), and {@link textShingleHashes},
 * a single pass over raw text that allocates no string per word of ASCII, Latin, Greek or Cyrillic letters. The raw
 * route applies the tokenizer's word rules (`src/text/tokenize.ts`) and the
 * normaliser's folds that matter inside words (NFKC and lower case for non-ASCII
 * words, ’ between letters read as '), but does not mark boilerplate: on text
 * without boilerplate both routes give the same hashes (tested).
 */
import type { Doc } from '../types';
import { prepare } from '../text/prepare';
import * as hash from './hash';

// The hash functions, read once into module constants. Under a CommonJS transform (tsx, ts-jest)
// every call of an imported function is a property read through an export getter, which the hot
// loops below pay per word: direct references are several times faster there, and the same in a
// bundle.
const fmix32 = hash.fmix32;
const mixBlock = hash.mixBlock;
const mixTail = hash.mixTail;
const murmur3Ring = hash.murmur3Ring;
const murmur3String = hash.murmur3String;
const murmur3Words = hash.murmur3Words;

/**
 * Seed of word hashes.
 * @example
 * murmur3String('kyiv', WORD_SEED) === wordHash('kyiv'); // true
 */
export const WORD_SEED = 0x7e5b0001;
/**
 * Seed of shingle hashes (MurmurHash3 over the words' hashes).
 * @example
 * murmur3Words([wordHash('a'), wordHash('b')], 0, 2, SHINGLE_SEED); // the shingle "a b"
 */
export const SHINGLE_SEED = 0x7e5b0002;
/**
 * Seed of content features for stems. Each tag (stem, name, number) has its own seed, so a name
 * and the same word as a stem stay distinct features.
 * @example
 * murmur3String('kyiv', STEM_SEED); // the stem feature "kyiv"
 */
export const STEM_SEED = 0x7e5b0003;
/**
 * Seed of name features.
 * @example
 * murmur3String('kyiv', NAME_SEED); // the name feature "kyiv"
 */
export const NAME_SEED = 0x7e5b0004;
/**
 * Seed of number features.
 * @example
 * murmur3String('74', NUMBER_SEED); // the number feature "74"
 */
export const NUMBER_SEED = 0x7e5b0005;

/**
 * Largest accepted shingle size (it must fit the signature format's one byte).
 * @example
 * textShingleHashes(text, MAX_SHINGLE_SIZE);
 */
export const MAX_SHINGLE_SIZE = 64;

/**
 * The hash of a lower-cased word.
 * @example
 * wordHash('kyiv') === wordHash('kyiv'); // true, in every process
 */
export function wordHash(norm: string): number {
  return murmur3String(norm, WORD_SEED);
}

/**
 * Sort and deduplicate the first `n` values of `hashes` into a new array.
 * @example
 * uniqueSorted(new Uint32Array([3, 1, 3, 2])); // Uint32Array [1, 2, 3]
 */
export function uniqueSorted(hashes: Uint32Array, n = hashes.length): Uint32Array {
  const a = hashes.slice(0, n).sort();
  let m = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[m - 1]) a[m++] = a[i]!;
  return a.slice(0, m);
}

/**
 * Hashes of the word k-shingles of `words` (word hashes, in text order), deduplicated.
 * Fewer than k words give one shingle of all of them; no words give none.
 * @example
 * shingleHashesOfWords(new Uint32Array([1, 2, 3]), 5).length; // 1
 */
export function shingleHashesOfWords(words: Uint32Array, k: number): Uint32Array {
  const n = words.length;
  if (n === 0) return new Uint32Array(0);
  if (n < k) return Uint32Array.of(murmur3Words(words, 0, n, SHINGLE_SEED));
  const out = new Uint32Array(n - k + 1);
  for (let i = 0; i + k <= n; i++) out[i] = murmur3Words(words, i, k, SHINGLE_SEED);
  return uniqueSorted(out);
}

/**
 * Word k-shingle hashes of a prepared document (words by `Token.norm`, boilerplate sentences skipped).
 * @param shingleSize - Words per shingle. @default 5
 * @example
 * shingleHashes(prepare('Kyiv said on Tuesday it took 74 settlements.')).length; // 4
 */
export function shingleHashes(doc: Doc, shingleSize = 5): Uint32Array {
  const words = new Uint32Array(doc.tokens.length);
  let n = 0;
  for (const s of doc.sentences) {
    if (s.boilerplate) continue;
    for (let t = s.tokenStart; t < s.tokenEnd; t++) words[n++] = wordHash(doc.tokens[t]!.norm);
  }
  return shingleHashesOfWords(words.subarray(0, n), shingleSize);
}

/**
 * Paraphrase-robust feature hashes of a prepared document: stems of non-stop words,
 * plus names and numbers under their own tags (boilerplate sentences skipped).
 * @example
 * contentHashes(prepare('Mr Biden visited Kyiv.')).length; // 5: biden, visit, kyiv; name biden, name kyiv
 */
export function contentHashes(doc: Doc): Uint32Array {
  const out = new Uint32Array(doc.tokens.length * 3);
  let n = 0;
  for (const s of doc.sentences) {
    if (s.boilerplate) continue;
    for (let t = s.tokenStart; t < s.tokenEnd; t++) {
      const tok = doc.tokens[t]!;
      if (!tok.stop) out[n++] = murmur3String(tok.stem, STEM_SEED);
      if (tok.name) out[n++] = murmur3String(tok.stem, NAME_SEED);
      if (tok.number) out[n++] = murmur3String(tok.stem, NUMBER_SEED);
    }
  }
  return uniqueSorted(out, n);
}

/**
 * Paraphrase-robust feature hashes of raw text (runs the text stages: {@link contentHashes} of `prepare(text)`).
 * @example
 * textContentHashes('Mr Biden visited Kyiv.').length; // 5
 */
export function textContentHashes(text: string): Uint32Array {
  return contentHashes(prepare(text));
}

// ---------------------------------------------------------------------------
// Raw-text scanner.
// ---------------------------------------------------------------------------

/** A letter, digit or combining mark (the tokenizer's word characters), for one non-ASCII code unit. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** A letter or digit (the normaliser's test around an apostrophe). */
const LETTER = /[\p{L}\p{N}]/u;

/** End (exclusive) of the code units covered by {@link SIMPLE}: Latin-1, Latin Extended, IPA, Greek, Cyrillic. */
const SIMPLE_END = 0x500;

/**
 * For each code unit from U+0080 to U+04FF, what the scanner needs, as a char code of this
 * (immutable) string at `c − 0x80`: 0 when it is not a word character; 1 when it is one but needs
 * the slow path (NFKC changes it, it is a combining mark, it lower-cases to more than one unit, or
 * it is Σ, whose lower case depends on its position); otherwise its lower-case unit. Derived once,
 * deterministically, from the engine's Unicode tables (1–4 ms at import); it lets
 * Cyrillic, Greek and accented Latin words take the fast path without allocating.
 */
const SIMPLE: string = (() => {
  const codes: number[] = [];
  for (let c = 0x80; c < SIMPLE_END; c++) {
    const ch = String.fromCharCode(c);
    if (!WORD_CHAR.test(ch)) {
      codes.push(0);
      continue;
    }
    const lower = ch.toLowerCase();
    const simple = c !== 0x3a3 && !/\p{M}/u.test(ch) && ch.normalize('NFKC') === ch && lower.length === 1;
    codes.push(simple ? lower.charCodeAt(0) : 1);
  }
  return String.fromCharCode(...codes);
})();

function isAsciiWord(c: number): boolean {
  const l = c | 0x20;
  return (l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39);
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isWordAt(text: string, i: number, c: number): boolean {
  if (c < 0x80) return isAsciiWord(c);
  if (c < SIMPLE_END) return SIMPLE.charCodeAt(c - 0x80) !== 0;
  return WORD_CHAR.test(text[i]!);
}
function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return isAsciiWord(c);
  return i >= 0 && i < text.length && LETTER.test(text[i]!);
}

/** Lower-cased, normalised form of a word holding non-ASCII characters (the slow, rare path). */
function foldWord(word: string): string {
  return word.normalize('NFKC').replace(/[\u2019\u02bc]/g, "'").toLowerCase();
}

/**
 * Scan `text` once and write the hash of every word k-shingle into `out` (grown as needed),
 * duplicates included. Returns the filled array and the count. The hot path of `sketch()`:
 * no string is allocated for a word of ASCII characters.
 * @example
 * const { hashes, count } = scanShingles('Kyiv said on Tuesday it took 74 settlements.', 5, new Uint32Array(16));
 * count; // 4
 */
export function scanShingles(text: string, k: number, out: Uint32Array): { hashes: Uint32Array; count: number } {
  let size = 1;
  while (size < k) size <<= 1;
  const ring = new Uint32Array(size);
  const mask = size - 1;
  let words = 0;
  let count = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (!isWordAt(text, i, c)) {
      i++;
      continue;
    }
    const start = i;
    let h = WORD_SEED | 0;
    let pending = 0;
    let odd = false;
    let complex = false;
    let len = 0;
    // `c` is the unit to take at position i (already known to belong to the word).
    for (;;) {
      if (c < 0x80) {
        if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      } else if (c < SIMPLE_END) {
        const l = SIMPLE.charCodeAt(c - 0x80);
        if (l === 1) complex = true;
        else c = l;
      } else complex = true;
      if (odd) h = mixBlock(h, pending | (c << 16));
      else pending = c;
      odd = !odd;
      len++;
      if (++i >= n) break;
      c = text.charCodeAt(i);
      if (isWordAt(text, i, c)) continue;
      // Not a word character: the word goes on only across an inner apostrophe or a digit separator.
      if (i + 1 >= n) break;
      const next = text.charCodeAt(i + 1);
      if (c === 0x27) {
        if (!isDigit(next) && isWordAt(text, i + 1, next)) continue;
      } else if (c === 0x2c || c === 0x2e) {
        if (isDigit(next) && isDigit(text.charCodeAt(i - 1))) continue;
      } else if (c === 0x2019 || c === 0x02bc) {
        if (!isDigit(next) && isLetterAt(text, i - 1) && isLetterAt(text, i + 1)) {
          c = 0x27; // ’ between letters is an apostrophe (the normaliser folds it)
          continue;
        }
      }
      break;
    }
    let wh: number;
    if (complex) wh = murmur3String(foldWord(text.slice(start, i)), WORD_SEED);
    else {
      if (odd) h = mixTail(h, pending);
      wh = fmix32(h ^ (len << 1));
    }
    ring[words & mask] = wh;
    words++;
    if (words >= k) {
      if (count === out.length) out = grow(out);
      out[count++] = murmur3Ring(ring, mask, words - k, k, SHINGLE_SEED);
    }
  }
  if (words > 0 && words < k) {
    if (count === out.length) out = grow(out);
    out[count++] = murmur3Ring(ring, mask, 0, words, SHINGLE_SEED);
  }
  return { hashes: out, count };
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(Math.max(16, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Word k-shingle hashes of raw text in one pass (no normalisation beyond the folds inside words,
 * no boilerplate marking), deduplicated. Equal to `shingleHashes(prepare(text), k)` on text without boilerplate.
 * @param shingleSize - Words per shingle. @default 5
 * @example
 * textShingleHashes('Kyiv said on Tuesday it took 74 settlements.').length; // 4
 */
export function textShingleHashes(text: string, shingleSize = 5): Uint32Array {
  const { hashes, count } = scanShingles(text, shingleSize, new Uint32Array(Math.min(1024, (text.length >> 1) + 1)));
  return uniqueSorted(hashes, count);
}
