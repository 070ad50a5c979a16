/**
 * Stage 3: words with offsets, lower-cased and stemmed, tagged as stopword,
 * number or name.
 *
 * A word is a run of letters, digits and combining marks; an apostrophe
 * between letters stays inside (don't, Kremlin's) and so do a comma or point
 * between digits (1,000, 3.5). Hyphens split (so-called → so, called), so
 * that a rewrite that drops a hyphen still matches.
 */
import { porterStemIn } from './stem';
import type { Segment } from './segment';
import type { Token } from '../types';

/** English function words, plus the reporting verbs and titles every news story repeats. */
const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him himself ' +
    'his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them themselves then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom why will with would you your ' +
    "yours yourself yourselves it's i'm he's she's that's there's they're we're you're don't didn't doesn't isn't wasn't " +
    "aren't weren't won't can't couldn't wouldn't shouldn't haven't hasn't hadn't let's " +
    'said says say saying told tell according mr mrs ms dr also may might must shall us one'
  ).split(' '),
);

const NUMBER_WORDS = new Set(
  (
    'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen ' +
    'eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion ' +
    'first second third fourth fifth sixth seventh eighth ninth tenth half dozen'
  ).split(' '),
);

/** Length of the longest word of {@link STOPWORDS} and {@link NUMBER_WORDS}: longer words are in neither. */
const MAX_LISTED_WORD = Math.max(...[...STOPWORDS, ...NUMBER_WORDS].map((w) => w.length));

/** Whether the code unit `c` is an ASCII letter or digit. */
function asciiWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}
/** Whether the code unit `c` (at least 0x80) is a letter, a digit or a combining mark. */
function wideWordChar(c: number): boolean {
  // General Punctuation (’ “ ” – …) holds none: the most frequent non-ASCII characters of news text.
  if (c >= 0x2000 && c < 0x2070) return false;
  return /[\p{L}\p{N}\p{M}]/u.test(String.fromCharCode(c));
}
function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isUpperChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}
function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}
/** Whether `s` is a non-empty run of the letters a–z. */
function lowerAscii(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x61 || c > 0x7a) return false;
  }
  return true;
}
/** Opening quotation marks, after which a capital does not make a name: " “ ‘ ' « „. */
function isOpeningMark(c: number): boolean {
  return c === 0x22 || c === 0x201c || c === 0x2018 || c === 0x27 || c === 0xab || c === 0x201e;
}

/**
 * The stem of a lower-cased word: Porter's algorithm for letters, the digits
 * for numbers (thousands separators removed), possessive 's dropped.
 * @example
 * stem("kremlin's"); // "kremlin"
 * stem('creating'); // "creat"
 * stem('1,000'); // "1000"
 */
export function stem(word: string): string {
  return stemIn(word, new Uint8Array(word.length));
}

/** {@link stem} with scratch space for Porter's algorithm (at least `word.length` bytes). */
function stemIn(word: string, scratch: Uint8Array): string {
  let w = word;
  const n = w.length;
  if (n >= 2 && w.charCodeAt(n - 1) === 0x73 && w.charCodeAt(n - 2) === 0x27) w = w.slice(0, -2);
  else if (n >= 1 && w.charCodeAt(n - 1) === 0x27) w = w.slice(0, -1);
  if (hasDigit(w)) return w.replace(/(\d),(?=\d{3}\b)/g, '$1').replace(/^(\d+)(st|nd|rd|th)$/, '$1');
  if (!lowerAscii(w)) return w; // Porter is for English letters only
  return porterStemIn(w, scratch);
}

/**
 * Whether a lower-cased word is a stopword.
 * @example
 * isStopword('the'); // true
 * isStopword('dilemma'); // false
 */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** FNV-1a over UTF-16 code units: the offset basis and the prime. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** The FNV-1a hash of the code units of `s`. */
function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), FNV_PRIME);
  return h;
}

/**
 * The hashes of the words of {@link STOPWORDS} and {@link NUMBER_WORDS}, cut to 30 bits (small
 * integers): a word whose hash is not here is in neither list.
 */
const LISTED_HASHES = new Set([...STOPWORDS, ...NUMBER_WORDS].map((w) => hashString(w) & 0x3fffffff));

/** Bits of a word type's flags: a stopword, a number, seen as a name, seen in lower case (not a name). */
const STOP = 1;
const NUMBER = 2;
const SEEN_NAME = 4;
const SEEN_LOWER = 8;

/**
 * The distinct lower-cased words of one text (its word types), in an open-addressing hash
 * table keyed by their code units, with what is known of each: stem, stopword and number
 * tags. Tokenising looks each word up by the hash it computed while scanning, so a word seen
 * before costs no string, no case mapping and no stemming. One instance per call.
 */
class Vocabulary {
  /** Slot → type index + 1 (0: empty). Its length is a power of two, at least twice the types. */
  private slots = new Int32Array(256);
  /** Per type: the hash of its norm. */
  private hashes: number[] = [];
  /** Per type: the lower-cased word. */
  readonly norms: string[] = [];
  /** Per type: its stem. */
  readonly stems: string[] = [];
  /** Per type: STOP, NUMBER, SEEN_NAME and SEEN_LOWER bits. */
  readonly flags: number[] = [];
  /** Scratch space for stemming, grown to the longest word. */
  private scratch = new Uint8Array(32);

  /** The type whose norm is `text.slice(a, b)` with A–Z lower-cased (all of it ASCII), or -1. */
  findAscii(h: number, text: string, a: number, b: number): number {
    const mask = this.slots.length - 1;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const slot = this.slots[k]!;
      if (slot === 0) return -1;
      const t = slot - 1;
      if (this.hashes[t] !== h) continue;
      const norm = this.norms[t]!;
      if (norm.length !== b - a) continue;
      let same = true;
      for (let q = 0; q < norm.length; q++) {
        let c = text.charCodeAt(a + q);
        if (c >= 0x41 && c <= 0x5a) c += 0x20;
        if (norm.charCodeAt(q) !== c) {
          same = false;
          break;
        }
      }
      if (same) return t;
    }
  }

  /** The type whose norm is `norm`, or -1. */
  find(h: number, norm: string): number {
    const mask = this.slots.length - 1;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const slot = this.slots[k]!;
      if (slot === 0) return -1;
      const t = slot - 1;
      if (this.hashes[t] === h && this.norms[t] === norm) return t;
    }
  }

  /**
   * Add the type `norm` (not present) with hash `h`; its index. `letters`: the caller saw that `norm`
   * is letters a–z only, so it has no digit and no possessive and Porter's algorithm applies as it is.
   */
  add(h: number, norm: string, letters: boolean): number {
    const t = this.norms.length;
    this.hashes.push(h);
    this.norms.push(norm);
    if (norm.length > this.scratch.length) this.scratch = new Uint8Array(Math.max(norm.length, 2 * this.scratch.length));
    this.stems.push(letters ? porterStemIn(norm, this.scratch) : stemIn(norm, this.scratch));
    let f = !letters && hasDigit(norm) ? NUMBER : 0;
    // Only words of the two lists' lengths and hashes need the (string-hashing) look-ups.
    if (norm.length <= MAX_LISTED_WORD && LISTED_HASHES.has(h & 0x3fffffff)) {
      f |= (STOPWORDS.has(norm) ? STOP : 0) | (NUMBER_WORDS.has(norm) ? NUMBER : 0);
    }
    this.flags.push(f);
    if (2 * (t + 1) > this.slots.length) this.grow();
    else this.place(h, t);
    return t;
  }

  private place(h: number, t: number): void {
    const mask = this.slots.length - 1;
    let k = h & mask;
    while (this.slots[k] !== 0) k = (k + 1) & mask;
    this.slots[k] = t + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let t = 0; t < this.hashes.length; t++) this.place(this.hashes[t]!, t);
  }
}

/**
 * Tokenise the sentences of normalised text.
 * Names: a capitalised word that does not open its sentence (or a quotation),
 * an all-capitals acronym, or a sentence-opening word seen capitalised
 * elsewhere mid-sentence and never in lower case.
 * @example
 * const text = 'Mr Biden said it was real.';
 * tokenize(text, segment(text)).map((t) => t.name); // [false, true, false, false, false, false]
 */
export function tokenize(text: string, segments: readonly Segment[]): Token[] {
  const tokens: Token[] = [];
  // Capitalised tokens that open their sentence or a quotation and are not yet names, with their word
  // types (token index, type, …): names when the type turns out to be one (see the end).
  const openers: number[] = [];
  const vocabulary = new Vocabulary();
  // Whether a non-ASCII code unit is a word character, for the units this text holds.
  const wide = new Map<number, boolean>();
  const wordChar = (c: number): boolean => {
    if (c < 0x80) return asciiWordChar(c);
    let w = wide.get(c);
    if (w === undefined) wide.set(c, (w = wideWordChar(c)));
    return w;
  };
  for (let s = 0; s < segments.length; s++) {
    const { start, end } = segments[s]!;
    let i = start;
    let first = true;
    while (i < end) {
      if (!wordChar(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const a = i;
      // While scanning: the hash of the lower-cased word, and which kinds of character it holds.
      let h = FNV_OFFSET;
      let ascii = true;
      let hasLower = false;
      let letters = true; // only letters a–z and A–Z so far
      let upperAfterFirst = false; // a capital after the first character
      while (i < end) {
        const d = text.charCodeAt(i);
        if (d < 0x80) {
          if (d >= 0x61 && d <= 0x7a) {
            hasLower = true;
            h = Math.imul(h ^ d, FNV_PRIME);
            i++;
            continue;
          }
          if (d >= 0x41 && d <= 0x5a) {
            if (i > a) upperAfterFirst = true;
            h = Math.imul(h ^ (d + 0x20), FNV_PRIME);
            i++;
            continue;
          }
          if (d >= 0x30 && d <= 0x39) {
            letters = false;
            h = Math.imul(h ^ d, FNV_PRIME);
            i++;
            continue;
          }
          if ((d === 0x27 || d === 0x2c || d === 0x2e) && i + 1 < end) {
            const next = text.charCodeAt(i + 1);
            // Inner apostrophe between letters, or separator between digits.
            if (
              (d === 0x27 && !isDigitCode(next) && wordChar(next)) ||
              ((d === 0x2c || d === 0x2e) && isDigitCode(next) && isDigitCode(text.charCodeAt(i - 1)))
            ) {
              letters = false;
              h = Math.imul(h ^ d, FNV_PRIME);
              i++;
              continue;
            }
          }
          break;
        }
        if (!wordChar(d)) break;
        ascii = false;
        i++;
      }
      const c0 = text.charCodeAt(a);
      const opensQuote = a > 0 && isOpeningMark(text.charCodeAt(a - 1));
      let type: number;
      let upperFirst: boolean;
      let acronym: boolean;
      if (ascii) {
        type = vocabulary.findAscii(h, text, a, i);
        if (type < 0) {
          let norm: string;
          if (upperAfterFirst) {
            // Only new word types get here (acronyms, McDonald): case mapping the word, not the whole text.
            norm = text.slice(a, i).toLowerCase();
          } else if (c0 >= 0x41 && c0 <= 0x5a) {
            // Only the first letter is a capital (the usual case): no case mapping of the whole word.
            norm = String.fromCharCode(c0 + 0x20) + text.slice(a + 1, i);
          } else {
            norm = text.slice(a, i);
          }
          type = vocabulary.add(h, norm, letters);
        }
        upperFirst = c0 >= 0x41 && c0 <= 0x5a;
        // All capitals: a capital first and no lower-case letter.
        acronym = upperFirst && i - a >= 2 && !hasLower;
      } else {
        const surface = text.slice(a, i);
        const norm = surface.toLowerCase();
        const hn = hashString(norm);
        type = vocabulary.find(hn, norm);
        if (type < 0) type = vocabulary.add(hn, norm, false);
        upperFirst = c0 < 0x80 ? c0 >= 0x41 && c0 <= 0x5a : isUpperChar(surface[0]!);
        acronym = upperFirst && surface.length >= 2 && surface !== norm && surface === surface.toUpperCase();
      }
      const f = vocabulary.flags[type]!;
      const stop = (f & STOP) !== 0;
      const name = !stop && (acronym || (upperFirst && !first && !opensQuote));
      tokens.push({
        start: a,
        end: i,
        norm: vocabulary.norms[type]!,
        stem: vocabulary.stems[type]!,
        stop,
        number: (f & NUMBER) !== 0,
        name,
        sentence: s,
      });
      if (name) vocabulary.flags[type] = vocabulary.flags[type]! | SEEN_NAME;
      else if (!upperFirst) vocabulary.flags[type] = vocabulary.flags[type]! | SEEN_LOWER;
      else if (!stop && (first || opensQuote)) openers.push(tokens.length - 1, type);
      first = false;
      // The word ended at a character that is no word character (or at the end): pass it.
      i++;
    }
  }
  // Sentence-initial capitals: names when the same word is a name elsewhere and never lower case.
  for (let k = 0; k < openers.length; k += 2) {
    if ((vocabulary.flags[openers[k + 1]!]! & (SEEN_NAME | SEEN_LOWER)) === SEEN_NAME) tokens[openers[k]!]!.name = true;
  }
  return tokens;
}
