/**
 * Porter's stemming algorithm (M. F. Porter, "An algorithm for suffix
 * stripping", Program 14(3), 1980), written over character codes.
 *
 * It returns exactly what the `stemmer` package (version 2) returns for words
 * of the letters a–z, stems included where that package departs from the
 * paper, so that stems (and every report built on them) stay the same. That
 * package tests each rule with regular expressions; here each rule is a
 * suffix comparison and one pass that counts the word's vowel–consonant
 * sequences, which is several times faster. test/text/stem.test.ts compares
 * the two on every word of the corpus and on generated words.
 *
 * How the package's expressions read, and how this file implements them:
 * - a consonant group is a letter other than a, e, i, o, u followed by letters
 *   other than a, e, i, o, u, y; a vowel group is one of a, e, i, o, u, y
 *   followed by letters among a, e, i, o, u. A `y` therefore always opens a
 *   group, so it is a vowel after a consonant and a consonant after a vowel,
 *   as in the paper; a leading `y` is upper-cased first, which makes it a
 *   consonant. Every letter's role is thus fixed, and "the stem matches
 *   `^C?(VC){k}`" is "the stem's measure m (the number of vowel groups
 *   followed by a consonant group) is at least k"; `^C?VCV?$` is "m is 1";
 * - `^C?[aeiouy]` (a vowel in the stem) is "one of a, e, i, o, u, y occurs";
 * - the package's short-syllable test `^C[aeiouy][^aeiouwxy]$` is stricter
 *   than the paper's *o: everything before the last two letters must be
 *   consonants;
 * - a suffix list `^(.+?)(s1|s2|…)$` picks the longest suffix of the list that
 *   leaves at least one letter, and the rule then applies or not, without
 *   falling back to a shorter suffix.
 */

/** Letter classes by character code: 1 for a, e, i, o, u; 2 for y; 0 otherwise (consonants, the upper-case Y). */
function vowelClass(c: number): number {
  switch (c) {
    case 97: // a
    case 101: // e
    case 105: // i
    case 111: // o
    case 117: // u
      return 1;
    case 121: // y
      return 2;
    default:
      return 0;
  }
}

/**
 * The measure of `w[0, len)`: how many vowel groups are followed by a consonant group.
 * A `y` after a consonant is a vowel, after a vowel a consonant (see the file comment).
 */
function measure(w: Uint8Array, len: number): number {
  let m = 0;
  let prevVowel = false;
  for (let i = 0; i < len; i++) {
    const v = vowelClass(w[i]!);
    const vowel: boolean = v === 1 || (v === 2 && !prevVowel);
    if (prevVowel && !vowel) m++;
    prevVowel = vowel;
  }
  return m;
}

/** Whether one of a, e, i, o, u, y occurs in `w[0, len)`. */
function hasVowel(w: Uint8Array, len: number): boolean {
  for (let i = 0; i < len; i++) if (vowelClass(w[i]!) !== 0) return true;
  return false;
}

/**
 * The package's short-syllable test on `w[0, len)`: consonants only
 * (a leading consonant, then no a, e, i, o, u, y), one of a, e, i, o, u, y,
 * and a last letter other than a, e, i, o, u, w, x, y.
 */
function shortSyllable(w: Uint8Array, len: number): boolean {
  if (len < 3) return false;
  for (let i = 0; i < len - 2; i++) if (vowelClass(w[i]!) !== 0) return false;
  if (vowelClass(w[len - 2]!) === 0) return false;
  const last = w[len - 1]!;
  return vowelClass(last) === 0 && last !== 119 && last !== 120;
}

/** Whether `w[0, n)` ends with `suffix` . */
function hasSuffix(w: Uint8Array, n: number, suffix: string): boolean {
  const k = suffix.length;
  if (n < k) return false;
  for (let q = 1; q <= k; q++) if (w[n - q]! !== suffix.charCodeAt(k - q)) return false;
  return true;
}

/** Whether `w[0, n)` ends with `suffix` and keeps at least one letter before it. */
function endsAfterOne(w: Uint8Array, n: number, suffix: string): boolean {
  return n > suffix.length && hasSuffix(w, n, suffix);
}

type Rule = readonly [suffix: string, replacement: string];

/** Step 2's rules by the suffix's last letter, longest suffix first. */
const STEP2_L: readonly Rule[] = [['ational', 'ate'], ['tional', 'tion']];
const STEP2_I: readonly Rule[] = [
  ['biliti', 'ble'], ['entli', 'ent'], ['ousli', 'ous'], ['aliti', 'al'], ['iviti', 'ive'],
  ['enci', 'ence'], ['anci', 'ance'], ['alli', 'al'], ['logi', 'log'], ['bli', 'ble'], ['eli', 'e'],
];
const STEP2_R: readonly Rule[] = [['izer', 'ize'], ['ator', 'ate']];
const STEP2_N: readonly Rule[] = [['ization', 'ize'], ['ation', 'ate']];
const STEP2_M: readonly Rule[] = [['alism', 'al']];
const STEP2_S: readonly Rule[] = [['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous']];
/** Step 3's rules by the suffix's last letter, longest suffix first. */
const STEP3_E: readonly Rule[] = [['icate', 'ic'], ['ative', ''], ['alize', 'al']];
const STEP3_I: readonly Rule[] = [['iciti', 'ic']];
const STEP3_L: readonly Rule[] = [['ical', 'ic'], ['ful', '']];
const STEP3_S: readonly Rule[] = [['ness', '']];
/** Step 4's suffixes by their last letter, longest first. */
const STEP4_E: readonly string[] = ['ance', 'ence', 'able', 'ible', 'ate', 'ive', 'ize'];
const STEP4_T: readonly string[] = ['ement', 'ment', 'ant', 'ent'];

/** The first rule of `rules` whose suffix `w[0, n)` ends with, keeping at least one letter before it. */
function firstRule(w: Uint8Array, n: number, rules: readonly Rule[]): Rule | undefined {
  for (const rule of rules) if (endsAfterOne(w, n, rule[0])) return rule;
  return undefined;
}

/**
 * Step 2's rule for `w[0, n)`: the longest suffix of the list that `w[0, n)` ends with
 * (keeping one letter before it), with its replacement; undefined if none.
 */
function step2Rule(w: Uint8Array, n: number): Rule | undefined {
  switch (w[n - 1]!) {
    case 108: // l
      return firstRule(w, n, STEP2_L);
    case 105: // i
      return firstRule(w, n, STEP2_I);
    case 114: // r
      return firstRule(w, n, STEP2_R);
    case 110: // n
      return firstRule(w, n, STEP2_N);
    case 109: // m
      return firstRule(w, n, STEP2_M);
    case 115: // s
      return firstRule(w, n, STEP2_S);
    default:
      return undefined;
  }
}

/** Step 3's rule for `w[0, n)`, as {@link step2Rule}. */
function step3Rule(w: Uint8Array, n: number): Rule | undefined {
  switch (w[n - 1]!) {
    case 101: // e
      return firstRule(w, n, STEP3_E);
    case 105: // i
      return firstRule(w, n, STEP3_I);
    case 108: // l
      return firstRule(w, n, STEP3_L);
    case 115: // s
      return firstRule(w, n, STEP3_S);
    default:
      return undefined;
  }
}

/** The first of `suffixes` that `w[0, n)` ends with, keeping at least one letter before it. */
function firstSuffix(w: Uint8Array, n: number, suffixes: readonly string[]): string | undefined {
  for (const suffix of suffixes) if (endsAfterOne(w, n, suffix)) return suffix;
  return undefined;
}

/** Step 4's suffix for `w[0, n)` (the longest of the list that keeps one letter before it), or undefined. */
function step4Suffix(w: Uint8Array, n: number): string | undefined {
  switch (w[n - 1]!) {
    case 108: // l
      return endsAfterOne(w, n, 'al') ? 'al' : undefined;
    case 101: // e
      return firstSuffix(w, n, STEP4_E);
    case 114: // r
      return endsAfterOne(w, n, 'er') ? 'er' : undefined;
    case 99: // c
      return endsAfterOne(w, n, 'ic') ? 'ic' : undefined;
    case 116: // t
      return firstSuffix(w, n, STEP4_T);
    case 117: // u
      return endsAfterOne(w, n, 'ou') ? 'ou' : undefined;
    case 109: // m
      return endsAfterOne(w, n, 'ism') ? 'ism' : undefined;
    case 105: // i
      return endsAfterOne(w, n, 'iti') ? 'iti' : undefined;
    case 115: // s
      return endsAfterOne(w, n, 'ous') ? 'ous' : undefined;
    default:
      return undefined;
  }
}

/**
 * Whether a word ending in `last` is its own stem: every rule needs the word to end in one of
 * c, d, e, g, i, l, m, n, r, s, t, u, y (step 1 needs s, d, g or y; a word that step 1 leaves
 * alone keeps its last letter, and steps 2 to 5 need one of the others).
 */
function untouchedEnding(last: number): boolean {
  switch (last) {
    case 97: // a
    case 98: // b
    case 102: // f
    case 104: // h
    case 106: // j
    case 107: // k
    case 111: // o
    case 112: // p
    case 113: // q
    case 118: // v
    case 119: // w
    case 120: // x
    case 122: // z
      return true;
    default:
      return false;
  }
}

/** Write `letters` into `w` from `p` on; the end of what was written. */
function writeAt(w: Uint8Array, p: number, letters: string): number {
  for (let k = 0; k < letters.length; k++) w[p + k] = letters.charCodeAt(k);
  return p + letters.length;
}

/**
 * The Porter stem of a word of lower-case letters a–z, the same as the
 * `stemmer` package's. Words shorter than three letters are returned as they
 * are. Other input (capitals, digits, apostrophes, other scripts) is outside
 * the contract: {@link stem} in tokenize.ts only passes words of a–z.
 * @example
 * porterStem('creating'); // "creat"
 * porterStem('relational'); // "relat"
 * porterStem('yelling'); // "yell"
 */
export function porterStem(word: string): string {
  return word.length < 3 ? word : porterStemIn(word, new Uint8Array(word.length));
}

/**
 * {@link porterStem} with the caller's scratch space for the word's letters (at least `word.length`
 * bytes), so that stemming many words allocates once.
 * @example
 * const scratch = new Uint8Array(64);
 * porterStemIn('creating', scratch); // "creat"
 */
export function porterStemIn(word: string, scratch: Uint8Array): string {
  const len = word.length;
  if (len < 3 || untouchedEnding(word.charCodeAt(len - 1))) return word;
  // The word's letters as codes; the stem is w[0, n). No rule lengthens the word, so `len` is room enough.
  const w = scratch;
  for (let k = 0; k < len; k++) w[k] = word.charCodeAt(k);
  // A leading y is a consonant: the package upper-cases it so that no rule sees it as a vowel.
  if (w[0] === 121) w[0] = 89;
  let n = len;
  // Letters from `dirty` on were written by a rule; before it w is the word (the leading y aside,
  // which no rule writes: every rule keeps at least one letter before what it writes).
  let dirty = len;

  // Step 1a: sses → ss, ies → i, s → (not after s).
  if ((n >= 5 && hasSuffix(w, n, 'sses')) || (n >= 4 && hasSuffix(w, n, 'ies'))) n -= 2;
  else if (n >= 3 && w[n - 1] === 115 && w[n - 2] !== 115) n -= 1;

  // Step 1b: eed → ee when m > 0; ed, ing dropped when the stem has a vowel, then tidied.
  if (n >= 4 && hasSuffix(w, n, 'eed')) {
    if (measure(w, n - 3) > 0) n -= 1;
  } else {
    let stemLen = -1;
    if (n >= 3 && hasSuffix(w, n, 'ed')) stemLen = n - 2;
    else if (n >= 4 && hasSuffix(w, n, 'ing')) stemLen = n - 3;
    if (stemLen > 0 && hasVowel(w, stemLen)) {
      n = stemLen;
      const last = w[n - 1]!;
      const before = n >= 2 ? w[n - 2]! : -1;
      // A double consonant other than ll, ss, zz.
      const double = before === last && vowelClass(last) === 0 && last !== 108 && last !== 115 && last !== 122;
      if (
        (before === 97 && last === 116) || // at
        (before === 98 && last === 108) || // bl
        (before === 105 && last === 122) || // iz
        (!double && shortSyllable(w, n))
      ) {
        if (n < dirty) dirty = n;
        w[n++] = 101; // e
      } else if (double) {
        n -= 1;
      }
    }
  }

  // Step 1c: y → i when the stem has a vowel.
  if (n >= 2 && w[n - 1] === 121 && hasVowel(w, n - 1)) {
    if (n - 1 < dirty) dirty = n - 1;
    w[n - 1] = 105;
  }

  // Step 2 and 3: double and single suffixes mapped to shorter ones when m > 0.
  const r2 = step2Rule(w, n);
  if (r2 !== undefined) {
    const p = n - r2[0].length;
    if (measure(w, p) > 0) {
      n = writeAt(w, p, r2[1]);
      if (p < dirty) dirty = p;
    }
  }
  const r3 = step3Rule(w, n);
  if (r3 !== undefined) {
    const p = n - r3[0].length;
    if (measure(w, p) > 0) {
      n = writeAt(w, p, r3[1]);
      if (p < dirty) dirty = p;
    }
  }

  // Step 4: suffixes dropped when m > 1; -ion only after s or t.
  const r4 = step4Suffix(w, n);
  if (r4 !== undefined) {
    if (measure(w, n - r4.length) > 1) n -= r4.length;
  } else if (n >= 5 && hasSuffix(w, n, 'ion')) {
    const c = w[n - 4];
    if ((c === 115 || c === 116) && measure(w, n - 3) > 1) n -= 3;
  }

  // Step 5: final e dropped when m > 1, or m = 1 and not after a short syllable; ll → l when m > 1.
  if (n >= 2 && w[n - 1] === 101) {
    const m = measure(w, n - 1);
    if (m > 1 || (m === 1 && !shortSyllable(w, n - 1))) n -= 1;
  }
  if (n >= 2 && w[n - 1] === 108 && w[n - 2] === 108 && measure(w, n) > 1) n -= 1;

  // The word's own letters up to the first written one, then the written ones.
  const clean = Math.min(dirty, n);
  let out = clean === len ? word : word.slice(0, clean);
  for (let k = clean; k < n; k++) out += String.fromCharCode(w[k]!);
  return out;
}
