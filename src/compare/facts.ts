/**
 * Facts: names and numbers compared across aligned sentences, outside
 * quotations (a changed word inside a quotation is the quote comparison's
 * business).
 *
 * A name is altered when an aligned candidate sentence spells a name in a
 * way the original never does and the original's aligned sentences hold a
 * name close to it in spelling or sound that the candidate sentences do not
 * (Gladkov → Klatkov, Davies → Davis). A change that only swaps
 * transliterations (Kyiv → Kiev, Zelenskiy → Zelensky) is low.
 *
 * A number is altered when the aligned sentences disagree on a value (74 →
 * 47, $85m → $58m): values are compared, not spellings, so "28km" and "28
 * kilometres", "67%" and "67 per cent", "six" and "6" agree, and a unit
 * conversion in brackets after a number ("(17 miles)") is left out.
 */
import type { AlignedGroup, Doc, Finding, QuoteRef, Token } from '../types';
import { toSpan } from './quotes';

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

/**
 * Whether the normalised range `[start, end)` lies inside one of `quotes`
 * (sorted by start, disjoint), the marks around the words included.
 * @example
 * insideQuote([{ start: 9, end: 11, sentence: 0 }], 9, 11); // true: 'He said “no”.'
 */
export function insideQuote(quotes: readonly QuoteRef[], start: number, end: number): boolean {
  let lo = 0;
  let hi = quotes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const q = quotes[mid]!;
    if (q.end + 1 < start) lo = mid + 1;
    else if (q.start - 1 > end) hi = mid - 1;
    else return start >= q.start - 1 && end <= q.end + 1;
  }
  return false;
}

/**
 * Whether a token is a name: tagged so by the tokenizer, or a capitalised
 * sentence-initial word directly followed by a name ("Tomas Wielicki, a
 * local councillor, said…").
 */
function nameLike(doc: Doc, t: Token): boolean {
  if (t.name) return true;
  if (t.stop) return false;
  const ch = doc.norm[t.start]!;
  if (ch === ch.toLowerCase()) return false;
  const k = firstTokenFrom(doc, t.end);
  const next = doc.tokens[k];
  return next !== undefined && next.sentence === t.sentence && next.name && doc.norm.slice(t.end, next.start) === ' ';
}

/**
 * Index of the first token of `doc` starting at or after `pos` (binary search).
 * @example
 * firstTokenFrom(prepare('Kyiv said so.'), 1); // 1
 */
export function firstTokenFrom(doc: Doc, pos: number): number {
  let lo = 0;
  let hi = doc.tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (doc.tokens[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The nearest sentence of `doc` before (`dir` -1) or after (`dir` 1) sentence `si` that has words and
 * is no boilerplate: -1 or the sentence count when there is none.
 * @example
 * liveNeighbour(prepare('One. Two. Three.'), 0, 1); // 1
 */
export function liveNeighbour(doc: Doc, si: number, dir: -1 | 1): number {
  let x = si + dir;
  while (x >= 0 && x < doc.sentences.length && (doc.sentences[x]!.boilerplate || doc.sentences[x]!.tokenEnd === doc.sentences[x]!.tokenStart)) x += dir;
  return x;
}

/** Whether a token of the given sentences (boilerplate left out) passes `test`. */
function someToken(doc: Doc, sentences: readonly number[], test: (t: Token) => boolean): boolean {
  for (const si of sentences) {
    const s = doc.sentences[si];
    if (s === undefined || s.boilerplate) continue;
    for (let k = s.tokenStart; k < s.tokenEnd; k++) if (test(doc.tokens[k]!)) return true;
  }
  return false;
}

/** The {@link nameKey} of every token of `doc`, quotations included: every spelling it uses. */
function nameKeys(doc: Doc): Set<string> {
  const out = new Set<string>();
  for (const t of doc.tokens) out.add(nameKey(t.norm));
  return out;
}

/** Tokens of the given sentences, outside quotations, in text order. */
function tokensOf(doc: Doc, sentences: readonly number[], quotes: readonly QuoteRef[]): Token[] {
  const out: Token[] = [];
  for (const si of sentences) {
    const s = doc.sentences[si];
    if (s === undefined || s.boilerplate) continue;
    for (let k = s.tokenStart; k < s.tokenEnd; k++) {
      const t = doc.tokens[k]!;
      if (!insideQuote(quotes, t.start, t.end)) out.push(t);
    }
  }
  return out;
}

/**
 * Damerau–Levenshtein (optimal string alignment) distance between two
 * strings, or `limit + 1` as soon as it must exceed `limit`.
 * @default limit = Infinity
 * @example
 * editDistance('gladkov', 'klatkov'); // 2
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

/** A name with its possessive dropped, lower-cased, without diacritics. */
function nameKey(norm: string): string {
  const w = norm.endsWith("'s") ? norm.slice(0, -2) : norm.endsWith("'") ? norm.slice(0, -1) : norm;
  // ASCII has no diacritics to strip: skip NFD and the mark pattern (the bulk of this function's cost).
  let ascii = true;
  for (let i = 0; i < w.length && ascii; i++) ascii = w.charCodeAt(i) < 0x80;
  return ascii ? w : w.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * A romanisation key: spellings that differ only by transliteration
 * convention share it (Kyiv/Kiev, Zelenskiy/Zelensky/Zelenskyy,
 * Kharkiv/Kharkov is not one: the vowel differs).
 * @example
 * transliterationKey('kyiv') === transliterationKey('kiev'); // true
 */
export function transliterationKey(name: string): string {
  let w = name.toLowerCase();
  w = w.replace(/kh/g, 'h').replace(/zh/g, 'ʒ').replace(/(ts|tz)/g, 'c').replace(/ph/g, 'f').replace(/w/g, 'v');
  w = w.replace(/(iy|yy|ii|ij|yi|y)$/, 'i'); // Zelenskiy / Zelensky / Zelenskyy / Zelenski
  w = w.replace(/y/g, 'i').replace(/j(?=[aeiou])/g, 'i');
  w = w.replace(/(iev|yiv|iiv)$/, 'iv'); // Kyiv / Kiev
  w = w.replace(/ii/g, 'i').replace(/(.)\1/g, '$1'); // doubled letters
  return w;
}

/**
 * {@link transliterationKey} with a memo, for one comparison that relates many pairs of few names.
 * @example
 * const key = transliterationMemo();
 * key('Zelenskiy') === key('Zelensky'); // true, each computed once
 */
export function transliterationMemo(): (name: string) => string {
  const memo = new Map<string, string>();
  return (name) => {
    let k = memo.get(name);
    if (k === undefined) memo.set(name, (k = transliterationKey(name)));
    return k;
  };
}

/** Suffixes by which a different word grows from a name without misspelling it (Russia/Russian, American/Americans). */
const DERIVED_SUFFIXES: readonly string[] = Object.freeze(['s', 'es', 'n', 'an', 'ian', 'ans', 'ians', 'ese', 'ish', 'ic', 'ern', 'i', 'er', 'ers']);

/** Places and their people or language that no ending rule relates (France / French), by each spelling. */
const DEMONYMS: ReadonlyMap<string, string> = Object.freeze(
  new Map(
    (
      'france french,britain british,spain spanish,netherlands dutch,holland dutch,wales welsh,switzerland swiss,' +
      'greece greek,denmark danish,sweden swedish,poland polish,finland finnish,ireland irish,scotland scottish,' +
      'england english,turkey turkish,portugal portuguese,norway norwegian,china chinese,lebanon lebanese,' +
      'canada canadian,belgium belgian,philippines filipino,cyprus cypriot,thailand thai,peru peruvian,' +
      'iceland icelandic,israel israeli,pakistan pakistani,iraq iraqi,kuwait kuwaiti'
    )
      .split(',')
      .map((pair) => pair.split(' ') as [string, string]),
  ),
);

/**
 * Whether one of two names is the other plus a derivational or plural ending, or a country in -y
 * and its people (Germany / German, Italy / Italian). A lone n makes a derivation only after a vowel
 * (Russia → Russian, Kenya → Kenyan); after a consonant it is a letter doubled or added (Goldman →
 * Goldmann).
 */
function derived(a: string, b: string): boolean {
  if (DEMONYMS.get(a) === b || DEMONYMS.get(b) === a) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  // A country in -y and its people: Germany / German, Italy / Italian, Hungary / Hungarian.
  for (const [y, other] of [
    [a, b],
    [b, a],
  ] as const) {
    if (y.length < 4 || !y.endsWith('y') || 'aeiouy'.includes(y[y.length - 2]!)) continue;
    const rest = other.startsWith(y.slice(0, -1)) ? other.slice(y.length - 1) : undefined;
    if (rest === '' || rest === 'ian' || rest === 'an') return true;
  }
  const suffix = long.slice(short.length);
  if (!long.startsWith(short) || !DERIVED_SUFFIXES.includes(suffix)) return false;
  return suffix !== 'n' || 'aeiouy'.includes(short[short.length - 1]!);
}

/**
 * How two spellings of a name relate: `'variant'` (transliteration only),
 * `'misspelt'` (close in spelling), or `undefined` (different names).
 * @param key - {@link transliterationKey}, or a memo of it for callers that compare many pairs. @default transliterationKey
 * @example
 * nameRelation('gladkov', 'klatkov'); // 'misspelt'
 * nameRelation('kyiv', 'kiev'); // 'variant'
 */
export function nameRelation(a: string, b: string, key: (name: string) => string = transliterationKey): 'variant' | 'misspelt' | undefined {
  if (a === b || a.length < 3 || b.length < 3) return undefined;
  if (derived(a, b)) return undefined;
  if (key(a) === key(b)) return 'variant';
  if (a[0] !== b[0] && soundClass(a[0]!) !== soundClass(b[0]!)) return undefined;
  const len = Math.max(a.length, b.length);
  const allowed = len >= 10 ? 3 : len >= 6 ? 2 : len >= 4 ? 1 : 0;
  if (editDistance(a, b, allowed) <= allowed) return 'misspelt';
  // Spelt another way that sounds the same (Graeme / Graham, Stephen / Steven): the same first letter and
  // consonants, a few letters apart.
  return Math.min(a.length, b.length) >= 5 && soundKey(a) === soundKey(b) && editDistance(a, b, 3) <= 3 ? 'misspelt' : undefined;
}

/**
 * A phonetic key in the manner of Soundex: the first letter, then the classes of the consonants after it
 * (b f p v, c g j k q s x z, d t, l, m n, r), a class repeated next to itself (or across h, w) once, vowels
 * and y dropped but separating repeats.
 * @example
 * soundKey('graeme') === soundKey('graham'); // true ("g65")
 */
function soundKey(name: string): string {
  let out = name[0]!;
  let last = consonantClass(name[0]!);
  for (let i = 1; i < name.length; i++) {
    const ch = name[i]!;
    const c = consonantClass(ch);
    if (c === '') {
      if (ch !== 'h' && ch !== 'w') last = '';
      continue;
    }
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

/** Soundex class of a lower-case letter ('' for vowels, h, w, y and anything else). */
function consonantClass(ch: string): string {
  if ('bfpv'.includes(ch)) return '1';
  if ('cgjkqsxz'.includes(ch)) return '2';
  if (ch === 'd' || ch === 't') return '3';
  if (ch === 'l') return '4';
  if (ch === 'm' || ch === 'n') return '5';
  if (ch === 'r') return '6';
  return '';
}

/** Letters that sound alike at the start of a name (G/K, D/T, B/P, V/W/F, C/K/Q/S, Z/S, J/G/Y). */
function soundClass(ch: string): string {
  switch (ch) {
    case 'g':
    case 'k':
    case 'c':
    case 'q':
      return 'k';
    case 'd':
    case 't':
      return 't';
    case 'b':
    case 'p':
      return 'p';
    case 'v':
    case 'w':
    case 'f':
      return 'f';
    case 's':
    case 'z':
      return 's';
    case 'j':
    case 'y':
    case 'i':
      return 'j';
    default:
      return ch;
  }
}

/**
 * `altered-name` findings: in each aligned group, a candidate name spelt in
 * a way the original text never uses, close to a name of the group's
 * original sentences that its candidate sentences lack. One finding per
 * candidate occurrence; `original` and `candidate` are the two spellings.
 * @example
 * compareNames(prepare('The governor, Vyacheslav Gladkov, said it was tense.'), prepare('Governor Vyacheslav Klatkov said it was tense.'), [{ original: [0], candidate: [0], similarity: 0.8, kind: 'edited' }], [], []);
 * // [{ kind: 'altered-name', severity: 'medium', message: 'Name altered: Gladkov → Klatkov', … }]
 */
export function compareNames(
  orig: Doc,
  cand: Doc,
  groups: readonly AlignedGroup[],
  origQuotes: readonly QuoteRef[],
  candQuotes: readonly QuoteRef[],
): Finding[] {
  // Every spelling the original uses anywhere, quotations included; built when a name-like candidate
  // token first asks (most tokens are not name-like, and that test is cheaper).
  let origWords: Set<string> | undefined;
  // Every spelling the candidate uses, built the first time a misspelling needs it (rarely).
  let candAll: Set<string> | undefined;
  const out: Finding[] = [];
  // A candidate token can only give a finding when it looks like a name and its key is new to the
  // original (and long enough): a group whose candidate sentences hold no such token is passed without
  // looking further (a paraphrase brings many new words, few new names).
  const novel = (key: string): boolean => key.length >= 3 && !(origWords ??= nameKeys(orig)).has(key);
  const nameLikeWord = (t: Token): boolean => nameLike(cand, t) && /^\p{L}/u.test(t.norm);
  const newName = (t: Token): boolean => nameLikeWord(t) && novel(nameKey(t.norm));
  const translit = transliterationMemo();
  for (const g of groups) {
    if (!someToken(cand, g.candidate, newName)) continue;
    const ot = tokensOf(orig, g.original, origQuotes).filter((t) => nameLike(orig, t) && /^\p{L}/u.test(t.norm));
    const otKeys = ot.map((t) => nameKey(t.norm));
    const ct = tokensOf(cand, g.candidate, candQuotes);
    const ctKeys = ct.map((t) => nameKey(t.norm));
    const groupKeys = new Set(ctKeys);
    // Original names the candidate sentences keep, as they are or in a derived form ("Africa" → "the African
    // businesses"): a new word of the group is another name, not their misspelling.
    const kept = otKeys.map((ok) => groupKeys.has(ok) || ctKeys.some((ck) => derived(ok, ck)));
    for (let j = 0; j < ct.length; j++) {
      const t = ct[j]!;
      const key = ctKeys[j]!;
      if (!nameLikeWord(t) || !novel(key)) continue;
      let best: { tok: Token; rel: 'variant' | 'misspelt'; d: number } | undefined;
      for (let i = 0; i < ot.length; i++) {
        const o = ot[i]!;
        const ok = otKeys[i]!;
        if (kept[i]) continue;
        const rel = nameRelation(ok, key, translit);
        if (rel === undefined) continue;
        const d = editDistance(ok, key);
        if (best === undefined || d < best.d) best = { tok: o, rel, d };
      }
      if (best === undefined) continue;
      // A farther spelling is only a misspelling when the original spelling is gone from the candidate
      // (Greece → Greek is another word, Davies → Davis in every mention is a misspelt name).
      if (best.rel === 'misspelt' && best.d >= 2 && (candAll ??= nameKeys(cand)).has(nameKey(best.tok.norm))) continue;
      const o = best.tok;
      const oSpan = toSpan(orig, o.start, o.end - possessiveLength(orig.norm, o));
      const cSpan = toSpan(cand, t.start, t.end - possessiveLength(cand.norm, t));
      out.push({
        kind: 'altered-name',
        severity: best.rel === 'variant' ? 'low' : 'medium',
        original: oSpan,
        candidate: cSpan,
        message:
          best.rel === 'variant'
            ? `Name spelt differently (transliteration): ${oSpan.text} → ${cSpan.text}`
            : `Name altered: ${oSpan.text} → ${cSpan.text}`,
      });
    }
  }
  return out;
}

/** Length of a possessive ending ('s or ') on a token. */
function possessiveLength(norm: string, t: Token): number {
  const s = norm.slice(t.start, t.end);
  if (s.endsWith("'s") || s.endsWith("'S")) return 2;
  if (s.endsWith("'")) return 1;
  return 0;
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

/** Values of number words. "one" is mostly a pronoun ("one of them"): it counts only inside a longer run (forty-one, one hundred). */
const NUMBER_WORDS: ReadonlyMap<string, number> = Object.freeze(
  new Map<string, number>([
    ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8], ['nine', 9], ['ten', 10],
    ['eleven', 11], ['twelve', 12], ['thirteen', 13], ['fourteen', 14], ['fifteen', 15], ['sixteen', 16], ['seventeen', 17],
    ['eighteen', 18], ['nineteen', 19], ['twenty', 20], ['thirty', 30], ['forty', 40], ['fifty', 50], ['sixty', 60],
    ['seventy', 70], ['eighty', 80], ['ninety', 90], ['hundred', 100],
  ]),
);

/** Multipliers written after a number ("$85m", "3 billion"). */
const MULTIPLIERS: ReadonlyMap<string, number> = Object.freeze(
  new Map<string, number>([
    ['k', 1e3], ['thousand', 1e3], ['m', 1e6], ['mn', 1e6], ['million', 1e6], ['bn', 1e9], ['b', 1e9], ['billion', 1e9], ['trillion', 1e12], ['tn', 1e12],
  ]),
);

/** A number mentioned in a text. */
interface NumberMention {
  /** Value, multiplier applied ("$85m" → 85000000). */
  value: number;
  /** Start of the surface form (currency sign included), in `Doc.norm`. */
  start: number;
  /** End of the surface form (unit suffix or % included). */
  end: number;
  /** Currency sign or "%", when written. */
  unit: string;
  /** Inside a conversion in brackets right after another number ("$1.1bn (£568m)"). */
  conversion: boolean;
  /** Joined by a hyphen to another number: a score or a range ("won 6-4 6-1", "2004-05"). */
  joined: boolean;
}

/** What a mention counts, for telling kept values from changed ones: its value, a percentage apart from a count (25% is not 25 years). */
function quantity(n: NumberMention): string {
  return n.unit === '%' ? `${n.value}%` : String(n.value);
}

/** The mentions of `ns` that are not conversions. */
function plain(ns: readonly NumberMention[]): NumberMention[] {
  return ns.filter((n) => !n.conversion);
}

/**
 * A share written as "N in M" or "N out of M" after a number ending before `tokens[i]`: the
 * denominator M (digits or one number word, above 0), its token index and end; undefined otherwise.
 */
function ratioAt(tokens: readonly Token[], i: number, text: string): { denominator: number; last: number; end: number } | undefined {
  const spaced = (x: number): boolean => tokens[x] !== undefined && tokens[x - 1] !== undefined && text.slice(tokens[x - 1]!.end, tokens[x]!.start) === ' ';
  let d: number;
  if (spaced(i) && tokens[i]!.norm === 'in') d = i + 1;
  else if (spaced(i) && tokens[i]!.norm === 'out' && spaced(i + 1) && tokens[i + 1]!.norm === 'of') d = i + 2;
  else return undefined;
  if (!spaced(d)) return undefined;
  const den = tokens[d]!;
  const denominator = /^\d+$/.test(den.norm) ? Number(den.norm) : NUMBER_WORDS.get(den.norm);
  if (denominator === undefined || denominator <= 0) return undefined;
  return { denominator, last: d, end: den.end };
}

/** Whether `tokens[k]` starts "percent" or "per cent", one space after the token before it. */
function perCent(tokens: readonly Token[], k: number, text: string): boolean {
  const t = tokens[k];
  if (t === undefined || text[t.start - 1] !== ' ') return false;
  if (t.norm === 'percent') return true;
  const next = tokens[k + 1];
  return t.norm === 'per' && next !== undefined && next.norm === 'cent' && next.start === t.end + 1;
}

/** Whether the code unit at `pos` of `text` is a digit 0–9. */
function isDigitAt(text: string, pos: number): boolean {
  const c = text.charCodeAt(pos);
  return c >= 0x30 && c <= 0x39;
}

/** Whether position `pos` of `text` sits inside brackets opened right after a number: a unit conversion "(17 miles)". */
function inConversion(text: string, pos: number): boolean {
  // Look back at most 40 characters for an opening bracket not closed before `pos` (bounded: linear overall).
  let open = -1;
  for (let k = pos - 1; k >= Math.max(0, pos - 40); k--) {
    const ch = text[k];
    if (ch === ')') return false;
    if (ch === '(') {
      open = k;
      break;
    }
  }
  if (open < 0) return false;
  const before = text.slice(Math.max(0, open - 24), open);
  return /\d\s*\p{L}{0,12}\.?\s*$/u.test(before);
}

/**
 * Number mentions among `tokens`: digits ("1,400", "$85m", "67%", "28km") and runs of number words ("twenty-five",
 * "three hundred"), those inside a conversion in brackets ("$1.1bn (£568m)", "28km (17 miles)") marked.
 */
function numbersOf(doc: Doc, tokens: readonly Token[]): NumberMention[] {
  const text = doc.norm;
  const out: NumberMention[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    // A mention starts with a digit or a number word: tokens tagged `number` (a digit, or a word of a
    // longer list than NUMBER_WORDS) hold them all.
    if (!t.number) continue;
    let value: number;
    let end = t.end;
    let unit = '';
    // "nine in ten", "1 in 5", "two out of three": a share, read as a percentage.
    let ratio: { denominator: number; last: number; end: number } | undefined;
    // The pattern needs a leading digit: most tokens are words, so test the first unit before running it.
    const digits = isDigitAt(t.norm, 0) ? /^(\d[\d,]*(?:\.\d+)?)(st|nd|rd|th|s)?(\p{L}*)$/u.exec(t.norm) : null;
    if (digits !== null) {
      value = Number(digits[1]!.replace(/,/g, ''));
      const mult = MULTIPLIERS.get(digits[3]!);
      if (mult !== undefined) value *= mult;
      const next = tokens[k + 1];
      if (mult === undefined && next !== undefined && /^\s$/.test(text.slice(t.end, next.start))) {
        const m = MULTIPLIERS.get(next.norm);
        if (m !== undefined && m >= 1e6) {
          value *= m;
          end = next.end;
          k++;
        }
      }
      if (end === t.end && mult === undefined) ratio = ratioAt(tokens, k + 1, text);
    } else if (NUMBER_WORDS.has(t.norm) && !t.name) {
      // A run of number words joined by spaces, hyphens or "and": "twenty-five", "three hundred and ten".
      // A capitalised one inside a sentence is part of a name ("the Maguire Seven", "the Big Four").
      let total = 0;
      let current = NUMBER_WORDS.get(t.norm)!;
      let j = k + 1;
      while (j < tokens.length) {
        const w = tokens[j]!;
        const gap = text.slice(tokens[j - 1]!.end, w.start);
        if (gap !== ' ' && gap !== '-') break;
        if (w.norm === 'and' && NUMBER_WORDS.has(tokens[j + 1]?.norm ?? '')) {
          j++;
          continue;
        }
        const v = NUMBER_WORDS.get(w.norm);
        const m = MULTIPLIERS.get(w.norm);
        if (v === 100) current *= 100;
        else if (v !== undefined) current += v;
        else if (m !== undefined) {
          total += current * m;
          current = 0;
        } else break;
        end = w.end;
        j++;
      }
      value = total + current;
      ratio = ratioAt(tokens, j, text);
      // "one" alone is a pronoun, not a number.
      if (j === k + 1 && t.norm === 'one' && ratio === undefined) continue;
      k = j - 1;
    } else continue;
    if (ratio !== undefined) {
      value = Math.round((100 * value) / ratio.denominator);
      end = ratio.end;
      k = ratio.last;
    }
    if (!Number.isFinite(value)) continue;
    let start = t.start;
    if (start > 0 && /[$£€¥]/.test(text[start - 1]!)) {
      start--;
      unit = text[start]!;
    }
    if (ratio !== undefined) {
      unit = '%';
    } else if (text[end] === '%') {
      end++;
      unit = '%';
    } else if (unit === '' && perCent(tokens, k + 1, text)) {
      unit = '%';
    }
    const joined = (text[start - 1] === '-' && isDigitAt(text, start - 2)) || (text[end] === '-' && isDigitAt(text, end + 1));
    out.push({ value, start, end, unit, conversion: inConversion(text, t.start), joined });
  }
  return out;
}

/**
 * Whether two numbers can be one quantity changed: the same kind (currency,
 * per cent), and close in size (a digit swapped or changed, at most a factor
 * of 2 apart) or, from 1,000 up, the same digits shifted by a power of ten;
 * a year never pairs with a count, nor a number of a score or range ("6-4")
 * with a number standing alone.
 */
function comparable(a: NumberMention, b: NumberMention): boolean {
  if (a.unit !== '' && b.unit !== '' && a.unit !== b.unit) return false;
  // A number of a score or range pairs only with another such ("6-1" → "6-3", not "6-1" → "two sets").
  if (a.joined !== b.joined) return false;
  // The same value with its unit written differently is no change ("2 per cent" → "two").
  if (a.value === b.value) return false;
  const year = (x: number): boolean => Number.isInteger(x) && x >= 1900 && x <= 2100;
  if (year(a.value) !== year(b.value)) return false;
  const x = String(a.value);
  const y = String(b.value);
  if (x.length === y.length) return true;
  const lo = Math.min(a.value, b.value);
  const hi = Math.max(a.value, b.value);
  if (lo <= 0) return false;
  if (hi / lo <= 2) return true;
  // A zero added or taken away in a large quantity (7,000 → 70,000; $4.1m → $41m): the same digits, ten to a
  // thousand times apart. Small numbers that far apart are more often two quantities (20th / two).
  const ratio = hi / lo;
  return hi >= 1000 && [10, 100, 1000].some((p) => Math.abs(ratio - p) < 1e-9 * p);
}

/** How alike two numbers' digits are (same digits reordered or one digit changed score high). */
function digitAffinity(a: number, b: number): number {
  const x = String(a);
  const y = String(b);
  if ([...x].sort().join('') === [...y].sort().join('')) return 3;
  if (x.length === y.length) return 2 - editDistance(x, y) / x.length;
  return 1 / (1 + Math.abs(Math.log10(Math.abs(a) + 1) - Math.log10(Math.abs(b) + 1)));
}

/**
 * `altered-number` findings: in each aligned group, a value of the
 * original's sentences that the candidate's sentences lack, paired with a
 * value of the candidate's sentences that the original's lack (and that the
 * original text never mentions). Values, not spellings, are compared. An
 * unaligned sentence right before or after a group's sentences on one side
 * takes part too, paired only with the other side's own sentences: a
 * sentence merged into another (or split off) with its number changed keeps
 * too few words to be aligned.
 * @example
 * compareNumbers(prepare('Kyiv took 74 settlements.'), prepare('Kyiv seized 47 settlements.'), [{ original: [0], candidate: [0], similarity: 0.6, kind: 'paraphrase' }], [], []);
 * // [{ kind: 'altered-number', severity: 'medium', message: 'Number altered: 74 → 47', … }]
 */
export function compareNumbers(
  orig: Doc,
  cand: Doc,
  groups: readonly AlignedGroup[],
  origQuotes: readonly QuoteRef[],
  candQuotes: readonly QuoteRef[],
): Finding[] {
  // A mention starts at a token beginning with a digit or at a number word: a group with no such token on
  // one side has nothing lost or nothing new, so no finding, and is passed without reading its numbers.
  const mayStart = (t: Token): boolean => t.number && (isDigitAt(t.norm, 0) || NUMBER_WORDS.has(t.norm));
  const mayCount = (doc: Doc, sentences: readonly number[]): boolean => someToken(doc, sentences, mayStart);
  // A sentence left unaligned beside a group may be part of it that the alignment could not claim: a
  // paraphraser merged it into the group's sentence or split it off, with the number changed, so the
  // words that would tie it to the group are gone ("cutting 12,000 jobs" → "shedding 21,000 posts").
  // Its values pair with the group's only after the group's own, and each value pairs once.
  const alignedO = new Set(groups.flatMap((g) => g.original));
  const alignedC = new Set(groups.flatMap((g) => g.candidate));
  // The nearest sentence with words before and after a group's sentences, when no group holds it.
  const context = (doc: Doc, aligned: ReadonlySet<number>, sentences: readonly number[]): number[] =>
    [liveNeighbour(doc, Math.min(...sentences), -1), liveNeighbour(doc, Math.max(...sentences), 1)].filter(
      (si) => doc.sentences[si] !== undefined && !aligned.has(si),
    );
  const sides = groups.map((g) => ({
    group: g,
    nearO: context(orig, alignedO, g.original),
    nearC: context(cand, alignedC, g.candidate),
  }));
  const withNumbers = sides.filter(
    ({ group: g, nearO, nearC }) =>
      (mayCount(orig, g.original) || mayCount(orig, nearO)) && (mayCount(cand, g.candidate) || mayCount(cand, nearC)),
  );
  if (withNumbers.length === 0) return [];
  // Every value each text mentions (the candidate's outside quotations), read when a group first has a
  // value its other side lacks (in a rewrite most values are kept, so often never).
  let origAllMemo: Set<string> | undefined;
  let candAllMemo: Set<string> | undefined;
  const origAll = (): Set<string> => (origAllMemo ??= new Set(plain(numbersOf(orig, orig.tokens)).map(quantity)));
  const candAll = (): Set<string> =>
    (candAllMemo ??= new Set(plain(numbersOf(cand, cand.tokens.filter((t) => !insideQuote(candQuotes, t.start, t.end)))).map(quantity)));
  const out: Finding[] = [];
  // Mentions already paired, by start offset: a neighbouring sentence may border two groups.
  const usedO = new Set<number>();
  const usedC = new Set<number>();
  const report = (o: NumberMention, c: NumberMention): void => {
    usedO.add(o.start);
    usedC.add(c.start);
    const oSpan = toSpan(orig, o.start, o.end);
    const cSpan = toSpan(cand, c.start, c.end);
    out.push({ kind: 'altered-number', severity: 'medium', original: oSpan, candidate: cSpan, message: `Number altered: ${oSpan.text} → ${cSpan.text}` });
  };
  // Each fresh value with the lost value most like it.
  const pairUp = (fresh: readonly NumberMention[], lost: readonly NumberMention[]): void => {
    for (const c of fresh) {
      if (usedC.has(c.start)) continue;
      let best: NumberMention | undefined;
      let bestScore = -1;
      for (const o of lost) {
        if (usedO.has(o.start) || !comparable(o, c)) continue;
        const s = digitAffinity(o.value, c.value);
        if (s > bestScore) {
          bestScore = s;
          best = o;
        }
      }
      if (best !== undefined) report(best, c);
    }
  };
  // A conversion in brackets changed the way a spinner changes digits ("$1.1bn (£568m)" → "(£586m)"); a
  // rewriter's own rounding ("(7.5 miles)" → "(7 miles)", "(16 to 17 miles)" → "(16 to 18 miles)") is no finding.
  const conversions = (oc: readonly NumberMention[], cc: readonly NumberMention[]): void => {
    if (oc.length === 0 || cc.length === 0) return;
    const ocv = new Set(oc.map(quantity));
    const ccv = new Set(cc.map(quantity));
    const lostConv = oc.filter((n) => !ccv.has(quantity(n)) && !candAll().has(quantity(n)));
    for (const c of cc) {
      if (ocv.has(quantity(c)) || origAll().has(quantity(c))) continue;
      const o = lostConv.find((n) => !usedO.has(n.start) && comparable(n, c) && !rounded(orig.norm.slice(n.start, n.end), cand.norm.slice(c.start, c.end)));
      if (o !== undefined) report(o, c);
    }
  };
  const unpaired = (ns: readonly NumberMention[], used: ReadonlySet<number>): boolean => ns.some((n) => !used.has(n.start));
  for (const { group: g, nearO, nearC } of withNumbers) {
    const onAll = numbersOf(orig, tokensOf(orig, g.original, origQuotes));
    const cnAll = numbersOf(cand, tokensOf(cand, g.candidate, candQuotes));
    conversions(onAll.filter((n) => n.conversion), cnAll.filter((n) => n.conversion));
    const on = plain(onAll);
    const cn = plain(cnAll);
    const cv = new Set(cn.map(quantity));
    const ov = new Set(on.map(quantity));
    // Lost: an original value the group's candidate sentences and the whole candidate lack; fresh: the other way.
    const lost = (n: NumberMention): boolean => !cv.has(quantity(n)) && !candAll().has(quantity(n));
    const fresh = (n: NumberMention): boolean => !ov.has(quantity(n)) && !origAll().has(quantity(n));
    const lostOwn = on.filter(lost);
    const freshOwn = cn.filter(fresh);
    // A new value with no lost one to pair is no finding; two neighbours never pair with each other.
    if (lostOwn.length === 0 && freshOwn.length === 0) continue;
    pairUp(freshOwn, lostOwn);
    // The group's own values first; a neighbour's value pairs only with the other side's own values.
    if (unpaired(freshOwn, usedC)) pairUp(freshOwn, plain(numbersOf(orig, tokensOf(orig, nearO, origQuotes))).filter(lost));
    if (unpaired(lostOwn, usedO)) pairUp(plain(numbersOf(cand, tokensOf(cand, nearC, candQuotes))).filter(fresh), lostOwn);
  }
  return out;
}

/**
 * Whether one written number could be the other rounded: their digits differ in count, or only in the last one.
 * @example
 * rounded('7.5', '7'); // true
 * rounded('£568m', '£586m'); // false
 */
function rounded(a: string, b: string): boolean {
  const x = a.replace(/\D/g, '');
  const y = b.replace(/\D/g, '');
  return x.length !== y.length || x.slice(0, -1) === y.slice(0, -1);
}
