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
const murmur3ScrambledRing = hash.murmur3ScrambledRing;
const murmur3String = hash.murmur3String;
const murmur3Words = hash.murmur3Words;
const mixScrambled = hash.mixScrambled;
const scramble = hash.scramble;

/** `Math.clz32`, read once (see `imul` in hash.ts: global lookups are slow inside `vm` contexts). */
const clz32 = Math.clz32;

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
 * @param common - Stems left out as plain words (names and numbers keep their tags); the corpus
 * index passes {@link COMMON_STEMS}. @default undefined (every stem)
 * @param tags - Features each name and each number gets under its tag: `tags` distinct hashes of
 * it, so that a set's Jaccard weighs it `tags` times a plain word (the corpus index passes
 * {@link INDEX_IMMUTABLE_TAGS}). @default 1
 * @example
 * contentHashes(prepare('Mr Biden visited Kyiv.')).length; // 5: biden, visit, kyiv; name biden, name kyiv
 * contentHashes(prepare('Officials visited Kyiv.'), COMMON_STEMS).length; // 3: visit, kyiv, name kyiv (offici is common)
 * contentHashes(prepare('Officials visited Kyiv.'), COMMON_STEMS, 4).length; // 6: visit, kyiv, 4 × name kyiv
 */
export function contentHashes(doc: Doc, common?: ReadonlySet<string>, tags = 1): Uint32Array {
  // A token may carry both tags ("G7", "A380": a capitalised word with a digit).
  const out = new Uint32Array(doc.tokens.length * (1 + 2 * tags));
  let n = 0;
  const tagged = (stem: string, seed: number): void => {
    const h = murmur3String(stem, seed);
    out[n++] = h;
    // Further copies: the tag's hash mixed with the copy's number.
    for (let k = 1; k < tags; k++) out[n++] = fmix32(h ^ Math.imul(k, COPY_STEP));
  };
  for (const s of doc.sentences) {
    if (s.boilerplate) continue;
    for (let t = s.tokenStart; t < s.tokenEnd; t++) {
      const tok = doc.tokens[t]!;
      if (!tok.stop && (common === undefined || !common.has(tok.stem))) out[n++] = murmur3String(tok.stem, STEM_SEED);
      if (tok.name) tagged(tok.stem, NAME_SEED);
      if (tok.number) tagged(tok.stem, NUMBER_SEED);
    }
  }
  return uniqueSorted(out, n);
}

/** Spreads the copies of a tagged feature (a Weyl step: the golden ratio times 2^32). */
const COPY_STEP = 0x9e3779b9;

/**
 * Features per name and per number in the corpus index's sets ({@link contentHashes}' `tags`):
 * a name or number weighs four times a plain word. A paraphraser swaps words for synonyms but
 * keeps who and how many, so weighing these raises the overlap of a rewrite with its original
 * (lowest of the development pairs 0.41 → 0.46) while that of unrelated articles stays where it
 * was (`npm run features`; docs/index.md).
 * @example
 * contentHashes(doc, COMMON_STEMS, INDEX_IMMUTABLE_TAGS);
 */
export const INDEX_IMMUTABLE_TAGS = 4;

/**
 * The 288 Porter stems of about 350 frequent English words that are not stopwords (year,
 * people, government, make, new, …), chosen by hand from general English, not from any corpus
 * respun is measured on. Every news article on any subject uses many of them, so they make two
 * unrelated articles look alike to an index while saying nothing about whether one was copied
 * from the other, and a paraphraser swaps them for synonyms first. {@link contentHashes} leaves
 * them out when given this set (the corpus index does); `detectRewrites` still scores them.
 * @example
 * COMMON_STEMS.has('peopl'); // true
 */
export const COMMON_STEMS: ReadonlySet<string> = new Set(
  (
    'abl across ad ago almost alreadi although alwai among announc anoth appear area around ask back ' +
    'bad becam becom began begin believ best better big bodi bought bring brought bui build built ' +
    'busi call came case cent certain chang citi clear come compani consid continu countri creat ' +
    'current cut dai deal decid di die differ door earli end even ever everi expect face fact fall ' +
    'famili feel fell felt figur find follow forc former found free friend full game gave gener get ' +
    'give given go goe gone good got govern great grew group grow happen head health hear heard help ' +
    'high histori home hour hous howev idea import includ inform intern issu job keep kei kept kind ' +
    'knew know known larg last late later law lead learn least leav led left less let level life ' +
    'like line littl live local long look lose lost lot made main major make man mani market mean ' +
    'meant meet member men met minut moment monei month morn move much name nation need never new ' +
    'next night number offer offic offici often old open pai paid part parti pass peopl percent ' +
    'perhap person place plai plan point polic possibl power provid public put rais ran reach real ' +
    'realli reason recent remain rememb report requir research result right run saw see seem seen ' +
    'sell send sent serv servic set sever show shown side sinc sit small sold speak spend spent ' +
    'spoke stai stand state still stood stop stori strong suggest sure system take taken team thing ' +
    'think though thought time todai tomorrow took top total tri try understand us wai wait want war ' +
    'watch week well went whole win within without woman women won word work world write written ' +
    'wrote year yesterdai yet young '
  )
    .trim()
    .split(' '),
);

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

/**
 * What the scanner takes for the non-ASCII code unit `c` at `text[i]`: 0 when it is not a word
 * character, 1 when it is one that needs the slow path ({@link foldWord}), else its lower-case unit.
 */
function foldWide(text: string, i: number, c: number): number {
  if (c < SIMPLE_END) return SIMPLE.charCodeAt(c - 0x80);
  return WORD_CHAR.test(text[i]!) ? 1 : 0;
}

/**
 * At a unit `c` = `text[i]` that is not a word character and follows one: the unit the word goes on
 * with (an inner apostrophe, or a digit separator between digits), or 0 when the word ends there.
 */
function joinerAt(text: string, i: number, c: number): number {
  if (i + 1 >= text.length) return 0;
  const next = text.charCodeAt(i + 1);
  if (c === 0x27) {
    if (!isDigit(next) && isWordAt(text, i + 1, next)) return 0x27;
  } else if (c === 0x2c || c === 0x2e) {
    if (isDigit(next) && isDigit(text.charCodeAt(i - 1))) return c;
  } else if (c === 0x2019 || c === 0x02bc) {
    // ’ between letters is an apostrophe (the normaliser folds it).
    if (!isDigit(next) && isLetterAt(text, i - 1) && isLetterAt(text, i + 1)) return 0x27;
  }
  return 0;
}

/** Lower-cased, normalised form of a word holding non-ASCII characters (the slow, rare path). */
function foldWord(word: string): string {
  return word.normalize('NFKC').replace(/[\u2019\u02bc]/g, "'").toLowerCase();
}

/**
 * Scan `text` once and write the hash of every word k-shingle into `out`, duplicates included;
 * without `out`, or when it may be too small, into a new array (possibly a view of a larger
 * buffer). Returns the filled array and the count. The hot path of `sketch()`: no string is
 * allocated for a word of ASCII, Latin, Greek or Cyrillic letters.
 *
 * The scan reads the text's UTF-8 bytes (`TextEncoder.encodeInto`: native, well under a
 * nanosecond a character) from a typed array, far cheaper per character than `charCodeAt`:
 * ASCII letters and digits four bytes at a time, and any other character by its UTF-16 unit in
 * the string itself (`p − extra` is the UTF-16 index of byte `p`, `extra` counting the bytes beyond
 * one per unit so far; a lone surrogate is encoded as U+FFFD, and neither is a word character).
 * Words are hashed as they are read, two UTF-16 units per MurmurHash3 block; a ring keeps the last
 * k word hashes, {@link scramble}d once each, for the shingle hashes.
 * @param out - Where to write the hashes, reused across calls by a caller that scans many texts. @default a new array
 * @example
 * const { hashes, count } = scanShingles('Kyiv said on Tuesday it took 74 settlements.', 5);
 * count; // 4
 */
export function scanShingles(text: string, k: number, out?: Uint32Array): { hashes: Uint32Array; count: number } {
  const n = text.length;
  // Words are separated, so there are at most ⌈n / 2⌉ of them, and as many shingles at most.
  const most = (n >> 1) + 1;
  let size = 1;
  while (size < k) size <<= 1;
  const mask = size - 1;
  // One allocation for the output (unless `out` is large enough), the ring and the UTF-8 bytes,
  // with room for a few multi-byte characters (curly quotes, accents) and for 4 zero bytes after
  // the text's (a 4-byte read may start at its end, after a word's last full group); else the
  // worst case, 3 bytes a unit.
  const outLength = out !== undefined && out.length >= most ? 0 : most;
  const buffer = new ArrayBuffer(4 * (outLength + size) + n + (n >> 3) + 16);
  const hashes = outLength === 0 ? out! : new Uint32Array(buffer, 0, outLength);
  const ring = new Uint32Array(buffer, 4 * outLength, size);
  let bytes = new Uint8Array(buffer, 4 * (outLength + size));
  const encoder = new TextEncoder();
  let done = encoder.encodeInto(text, bytes);
  if (done.read < n || done.written + 4 > bytes.length) {
    bytes = new Uint8Array(3 * n + 4);
    done = encoder.encodeInto(text, bytes);
  }
  const m = done.written;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let words = 0;
  let count = 0;
  let p = 0;
  let extra = 0;
  while (p < m) {
    // Skip to the first unit of a word.
    const b0 = bytes[p]!;
    if (b0 < 0x80) {
      if (!isAsciiWord(b0)) {
        p++;
        continue;
      }
    } else if (foldWide(text, p - extra, text.charCodeAt(p - extra)) === 0) {
      const w = b0 < 0xe0 ? 2 : b0 < 0xf0 ? 3 : 4;
      p += w;
      extra += w === 4 ? 2 : w - 1; // 4 bytes: a surrogate pair, two units
      continue;
    }
    const start = p - extra;
    let h = WORD_SEED | 0;
    let complex = false;
    let odd = false; // a unit is pending: the low half of the next block
    let pending = 0;
    // Fast path: four bytes at a time (one unaligned little-endian read, byte p lowest), classified
    // without a branch per byte: in each byte of `letter` and `digit`, bit 7 holds the test (the
    // sums stay below 0x100 a byte, so no carry crosses bytes); in `other`, bit 7 of a byte is set
    // when that byte is not an ASCII letter or digit.
    let stop: number;
    for (;;) {
      const x = view.getUint32(p, true);
      const y = x & 0x7f7f7f7f;
      const l = y | 0x20202020; // lower case (digits keep their value: they have bit 5 set)
      const letter = ((l + 0x1f1f1f1f) | 0) & ~((l + 0x05050505) | 0); // 0x61 ≤ l ≤ 0x7a
      const digit = ((y + 0x50505050) | 0) & ~((y + 0x46464646) | 0); // 0x30 ≤ y ≤ 0x39
      const other = ~((letter | digit) & ~x) & 0x80808080;
      if (other === 0) {
        h = mixScrambled(h, scramble((l & 0xff) | ((l & 0xff00) << 8)));
        h = mixScrambled(h, scramble(((l >>> 16) & 0xff) | ((l >>> 8) & 0xff0000)));
        p += 4;
        continue;
      }
      // The first r bytes are word characters; byte r is not an ASCII letter or digit.
      const r = (31 - clz32(other & -other)) >>> 3;
      if (r >= 2) h = mixScrambled(h, scramble((l & 0xff) | ((l & 0xff00) << 8)));
      if ((r & 1) !== 0) {
        pending = (l >>> ((r - 1) << 3)) & 0xff;
        odd = true;
      }
      p += r;
      stop = (x >>> (r << 3)) & 0xff;
      break;
    }
    // The byte after the word, when it ends the word for sure (an ASCII byte other than ' , .), is not looked at again.
    let after = 1;
    if (stop >= 0x80 || stop === 0x27 || stop === 0x2c || stop === 0x2e) {
      after = 0;
      // Slow path, a unit at a time: a non-ASCII character, or a possible inner apostrophe or digit separator.
      while (p < m) {
        const b = bytes[p]!;
        let f: number;
        let w = 1;
        if (b < 0x80) {
          const l = b | 0x20;
          if (l >= 0x61 && l <= 0x7a) f = l;
          else if (b >= 0x30 && b <= 0x39) f = b;
          else if (b === 0x27 || b === 0x2c || b === 0x2e) {
            f = joinerAt(text, p - extra, b);
            if (f === 0) break;
          } else break;
        } else {
          w = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
          const c = text.charCodeAt(p - extra);
          f = foldWide(text, p - extra, c);
          if (f === 0 && (c === 0x2019 || c === 0x02bc)) f = joinerAt(text, p - extra, c);
          if (f === 0) break;
          if (f === 1) complex = true;
        }
        // Take f: every second unit completes a block (first unit in the low half).
        if (odd) h = mixScrambled(h, scramble(pending | (f << 16)));
        else pending = f;
        odd = !odd;
        p += w;
        extra += w - 1; // w ≤ 3: a word character is never a surrogate
      }
    }
    const end = p - extra;
    let wh: number;
    if (complex) wh = murmur3String(foldWord(text.slice(start, end)), WORD_SEED);
    else {
      if (odd) h ^= scramble(pending); // MurmurHash3's tail step for the last, lone unit
      wh = fmix32(h ^ ((end - start) << 1));
    }
    ring[words & mask] = scramble(wh);
    words++;
    p += after;
    if (words >= k) hashes[count++] = murmur3ScrambledRing(ring, mask, words - k, k, SHINGLE_SEED);
  }
  if (words > 0 && words < k) hashes[count++] = murmur3ScrambledRing(ring, mask, 0, words, SHINGLE_SEED);
  return { hashes, count };
}

/**
 * Word k-shingle hashes of raw text in one pass (no normalisation beyond the folds inside words,
 * no boilerplate marking), deduplicated. Equal to `shingleHashes(prepare(text), k)` on text without boilerplate.
 * @param shingleSize - Words per shingle. @default 5
 * @example
 * textShingleHashes('Kyiv said on Tuesday it took 74 settlements.').length; // 4
 */
export function textShingleHashes(text: string, shingleSize = 5): Uint32Array {
  const { hashes, count } = scanShingles(text, shingleSize);
  return uniqueSorted(hashes, count);
}
