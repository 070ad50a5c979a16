/**
 * Stage 3: words with offsets, lower-cased and stemmed, tagged as stopword,
 * number or name.
 *
 * A word is a run of letters, digits and combining marks; an apostrophe
 * between letters stays inside (don't, Kremlin's) and so do a comma or point
 * between digits (1,000, 3.5). Hyphens split (so-called → so, called), so
 * that a rewrite that drops a hyphen still matches.
 */
import { stemmer } from 'stemmer';
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

function isWordChar(c: number, ch: string): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return true;
  if (c < 0x80) return false;
  return /[\p{L}\p{N}\p{M}]/u.test(ch);
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
const OPENING_MARKS = new Set(['"', '“', '‘', "'", '«', '„']);

/**
 * The stem of a lower-cased word: Porter's algorithm for letters, the digits
 * for numbers (thousands separators removed), possessive 's dropped.
 * @example
 * stem("kremlin's"); // "kremlin"
 * stem('creating'); // "creat"
 * stem('1,000'); // "1000"
 */
export function stem(word: string): string {
  let w = word;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  else if (w.endsWith("'")) w = w.slice(0, -1);
  if (hasDigit(w)) return w.replace(/(\d),(?=\d{3}\b)/g, '$1').replace(/^(\d+)(st|nd|rd|th)$/, '$1');
  if (!/^[a-z]+$/.test(w)) return w; // Porter is for English letters only
  return stemmer(w);
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
  const openers: boolean[] = [];
  // Stems repeat within a text; Porter is the costliest step, so each word is stemmed once per call.
  const stems = new Map<string, string>();
  for (let s = 0; s < segments.length; s++) {
    const { start, end } = segments[s]!;
    let i = start;
    let first = true;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (!isWordChar(c, text[i]!)) {
        i++;
        continue;
      }
      const a = i;
      while (i < end) {
        const d = text.charCodeAt(i);
        if (isWordChar(d, text[i]!)) {
          i++;
          continue;
        }
        // Inner apostrophe between letters, or separator between digits.
        const next = text.charCodeAt(i + 1);
        if (i + 1 < end && d === 0x27 && isWordChar(next, text[i + 1]!) && !isDigitCode(next)) {
          i++;
          continue;
        }
        if (i + 1 < end && (d === 0x2c || d === 0x2e) && isDigitCode(text.charCodeAt(i - 1)) && isDigitCode(next)) {
          i++;
          continue;
        }
        break;
      }
      const surface = text.slice(a, i);
      const norm = surface.toLowerCase();
      const prev = text[a - 1];
      const opensQuote = prev !== undefined && OPENING_MARKS.has(prev);
      const upperFirst = isUpperChar(surface[0]!);
      const acronym = upperFirst && surface.length >= 2 && surface !== norm && surface === surface.toUpperCase();
      let st = stems.get(norm);
      if (st === undefined) stems.set(norm, (st = stem(norm)));
      tokens.push({
        start: a,
        end: i,
        norm,
        stem: st,
        stop: STOPWORDS.has(norm),
        number: hasDigit(norm) || NUMBER_WORDS.has(norm),
        name: !STOPWORDS.has(norm) && (acronym || (upperFirst && !first && !opensQuote)),
        sentence: s,
      });
      openers.push(first || opensQuote);
      first = false;
    }
  }
  // Sentence-initial capitals: names when the same word is a name elsewhere and never lower case.
  const nameWords = new Set<string>();
  const lowerWords = new Set<string>();
  for (const t of tokens) {
    if (t.name) nameWords.add(t.norm);
    else if (!isUpperChar(text[t.start]!)) lowerWords.add(t.norm);
  }
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (openers[k] && !t.name && !t.stop && nameWords.has(t.norm) && !lowerWords.has(t.norm)) t.name = true;
  }
  return tokens;
}
