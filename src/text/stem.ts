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
 * The measure of `s.slice(0, len)`: how many vowel groups are followed by a consonant group.
 * A `y` after a consonant is a vowel, after a vowel a consonant (see the file comment).
 */
function measure(s: string, len: number): number {
  let m = 0;
  let prevVowel = false;
  for (let i = 0; i < len; i++) {
    const v = vowelClass(s.charCodeAt(i));
    const vowel: boolean = v === 1 || (v === 2 && !prevVowel);
    if (prevVowel && !vowel) m++;
    prevVowel = vowel;
  }
  return m;
}

/** Whether one of a, e, i, o, u, y occurs in `s.slice(0, len)`. */
function hasVowel(s: string, len: number): boolean {
  for (let i = 0; i < len; i++) if (vowelClass(s.charCodeAt(i)) !== 0) return true;
  return false;
}

/**
 * The package's short-syllable test on `s.slice(0, len)`: consonants only
 * (a leading consonant, then no a, e, i, o, u, y), one of a, e, i, o, u, y,
 * and a last letter other than a, e, i, o, u, w, x, y.
 */
function shortSyllable(s: string, len: number): boolean {
  if (len < 3) return false;
  for (let i = 0; i < len - 2; i++) if (vowelClass(s.charCodeAt(i)) !== 0) return false;
  if (vowelClass(s.charCodeAt(len - 2)) === 0) return false;
  const last = s.charCodeAt(len - 1);
  return vowelClass(last) === 0 && last !== 119 && last !== 120;
}

/** Whether `s.slice(0, n)` ends with `suffix` (compared by code units: cheaper than `endsWith` on short words). */
function hasSuffix(s: string, n: number, suffix: string): boolean {
  const k = suffix.length;
  if (n < k) return false;
  for (let q = 1; q <= k; q++) if (s.charCodeAt(n - q) !== suffix.charCodeAt(k - q)) return false;
  return true;
}

/** Whether `s.slice(0, n)` ends with `suffix` and keeps at least one letter before it. */
function endsAfterOne(s: string, n: number, suffix: string): boolean {
  return n > suffix.length && hasSuffix(s, n, suffix);
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

/** The first rule of `rules` whose suffix `s.slice(0, n)` ends with, keeping at least one letter before it. */
function firstRule(s: string, n: number, rules: readonly Rule[]): Rule | undefined {
  for (const rule of rules) if (endsAfterOne(s, n, rule[0])) return rule;
  return undefined;
}

/**
 * Step 2's rule for `s`: the longest suffix of the list that `s` ends with
 * (keeping one letter before it), with its replacement; undefined if none.
 */
function step2Rule(s: string, n: number): Rule | undefined {
  switch (s.charCodeAt(n - 1)) {
    case 108: // l
      return firstRule(s, n, STEP2_L);
    case 105: // i
      return firstRule(s, n, STEP2_I);
    case 114: // r
      return firstRule(s, n, STEP2_R);
    case 110: // n
      return firstRule(s, n, STEP2_N);
    case 109: // m
      return firstRule(s, n, STEP2_M);
    case 115: // s
      return firstRule(s, n, STEP2_S);
    default:
      return undefined;
  }
}

/** Step 3's rule for `s`, as {@link step2Rule}. */
function step3Rule(s: string, n: number): Rule | undefined {
  switch (s.charCodeAt(n - 1)) {
    case 101: // e
      return firstRule(s, n, STEP3_E);
    case 105: // i
      return firstRule(s, n, STEP3_I);
    case 108: // l
      return firstRule(s, n, STEP3_L);
    case 115: // s
      return firstRule(s, n, STEP3_S);
    default:
      return undefined;
  }
}

/** The first of `suffixes` that `s.slice(0, n)` ends with, keeping at least one letter before it. */
function firstSuffix(s: string, n: number, suffixes: readonly string[]): string | undefined {
  for (const suffix of suffixes) if (endsAfterOne(s, n, suffix)) return suffix;
  return undefined;
}

/** Step 4's suffix for `s` (the longest of the list that keeps one letter before it), or undefined. */
function step4Suffix(s: string, n: number): string | undefined {
  switch (s.charCodeAt(n - 1)) {
    case 108: // l
      return endsAfterOne(s, n, 'al') ? 'al' : undefined;
    case 101: // e
      return firstSuffix(s, n, STEP4_E);
    case 114: // r
      return endsAfterOne(s, n, 'er') ? 'er' : undefined;
    case 99: // c
      return endsAfterOne(s, n, 'ic') ? 'ic' : undefined;
    case 116: // t
      return firstSuffix(s, n, STEP4_T);
    case 117: // u
      return endsAfterOne(s, n, 'ou') ? 'ou' : undefined;
    case 109: // m
      return endsAfterOne(s, n, 'ism') ? 'ism' : undefined;
    case 105: // i
      return endsAfterOne(s, n, 'iti') ? 'iti' : undefined;
    case 115: // s
      return endsAfterOne(s, n, 'ous') ? 'ous' : undefined;
    default:
      return undefined;
  }
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
  if (word.length < 3) return word;
  // A leading y is a consonant: the package upper-cases it so that no rule sees it as a vowel.
  const leadingY = word.charCodeAt(0) === 121;
  // The stem is `s.slice(0, n)`: dropping a suffix only shortens n; a string is built only to append.
  let s = leadingY ? 'Y' + word.slice(1) : word;
  let n = s.length;

  // Step 1a: sses → ss, ies → i, s → (not after s).
  if ((n >= 5 && hasSuffix(s, n, 'sses')) || (n >= 4 && hasSuffix(s, n, 'ies'))) n -= 2;
  else if (n >= 3 && s.charCodeAt(n - 1) === 115 && s.charCodeAt(n - 2) !== 115) n -= 1;

  // Step 1b: eed → ee when m > 0; ed, ing dropped when the stem has a vowel, then tidied.
  if (n >= 4 && hasSuffix(s, n, 'eed')) {
    if (measure(s, n - 3) > 0) n -= 1;
  } else {
    let stemLen = -1;
    if (n >= 3 && hasSuffix(s, n, 'ed')) stemLen = n - 2;
    else if (n >= 4 && hasSuffix(s, n, 'ing')) stemLen = n - 3;
    if (stemLen > 0 && hasVowel(s, stemLen)) {
      n = stemLen;
      const last = s.charCodeAt(n - 1);
      const before = n >= 2 ? s.charCodeAt(n - 2) : -1;
      if (
        (before === 97 && last === 116) || // at
        (before === 98 && last === 108) || // bl
        (before === 105 && last === 122) // iz
      ) {
        s = s.slice(0, n) + 'e';
        n = s.length;
      } else if (
        before === last &&
        vowelClass(last) === 0 &&
        last !== 108 && // l
        last !== 115 && // s
        last !== 122 // z
      ) {
        n -= 1;
      } else if (shortSyllable(s, n)) {
        s = s.slice(0, n) + 'e';
        n = s.length;
      }
    }
  }

  // Step 1c: y → i when the stem has a vowel.
  if (n >= 2 && s.charCodeAt(n - 1) === 121 && hasVowel(s, n - 1)) {
    s = s.slice(0, n - 1) + 'i';
    n = s.length;
  }

  // Step 2 and 3: double and single suffixes mapped to shorter ones when m > 0.
  const r2 = step2Rule(s, n);
  if (r2 !== undefined && measure(s, n - r2[0].length) > 0) {
    s = s.slice(0, n - r2[0].length) + r2[1];
    n = s.length;
  }
  const r3 = step3Rule(s, n);
  if (r3 !== undefined && measure(s, n - r3[0].length) > 0) {
    s = s.slice(0, n - r3[0].length) + r3[1];
    n = s.length;
  }

  // Step 4: suffixes dropped when m > 1; -ion only after s or t.
  const r4 = step4Suffix(s, n);
  if (r4 !== undefined) {
    if (measure(s, n - r4.length) > 1) n -= r4.length;
  } else if (n >= 5 && hasSuffix(s, n, 'ion')) {
    const c = s.charCodeAt(n - 4);
    if ((c === 115 || c === 116) && measure(s, n - 3) > 1) n -= 3;
  }

  // Step 5: final e dropped when m > 1, or m = 1 and not after a short syllable; ll → l when m > 1.
  if (n >= 2 && s.charCodeAt(n - 1) === 101) {
    const m = measure(s, n - 1);
    if (m > 1 || (m === 1 && !shortSyllable(s, n - 1))) n -= 1;
  }
  if (n >= 2 && s.charCodeAt(n - 1) === 108 && s.charCodeAt(n - 2) === 108 && measure(s, n) > 1) n -= 1;

  if (leadingY) return 'y' + s.slice(1, n);
  return n === s.length ? s : s.slice(0, n);
}
