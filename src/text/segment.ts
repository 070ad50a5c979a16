/**
 * Stage 2: sentence segmentation of normalised text.
 *
 * Line breaks are hard boundaries. Inside a line a sentence ends at `.`, `!`,
 * `?` or `…`, with any closing quotation marks and brackets kept on its side,
 * when white space and a plausible sentence start follow. Titles (Mr., Dr.),
 * initials (J. K.), dotted abbreviations (U.S., a.m.), month abbreviations
 * before a day (Aug. 13) and "No." before a number do not end a sentence.
 * A leading ` date YYYY-MM-DD` stamp is cut off as a segment of its own so
 * that the boilerplate stage can drop it.
 *
 * A hand-written scanner rather than one large regular expression: linear in
 * the input whatever it holds (a 1 MB line of dots included).
 */

/** A sentence range in normalised text, before tokenisation. */
export interface Segment {
  /** Start (first non-space character). */
  start: number;
  /** End (after the last non-space character). */
  end: number;
  /** 0-based line of `start`. */
  line: number;
}

/** Abbreviations that never end a sentence (lower case, without the dot). */
const TITLES = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'sr', 'jr', 'gen', 'gov', 'sen', 'rep', 'col', 'lt', 'sgt', 'capt',
  'cmdr', 'adm', 'maj', 'rev', 'hon', 'pres', 'supt', 'insp', 'det', 'cpl', 'pte', 'fr', 'mt', 'ft', 'vs', 'v',
  'inc', 'ltd', 'corp', 'co', 'bros', 'dept', 'univ', 'approx', 'est', 'cf', 'al', 'fig',
]);
/** Abbreviations that do not end a sentence when a number follows (Aug. 13, No. 10, p. 4). */
const BEFORE_NUMBER = new Set([
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'no', 'nos', 'p', 'pp',
  'vol', 'art', 'sec', 'ch', 'op',
]);

/** Closing quotation marks: " ' ” ’ » ›. */
function isQuoteCloser(c: number): boolean {
  return c === 0x22 || c === 0x27 || c === 0x201d || c === 0x2019 || c === 0xbb || c === 0x203a;
}
/** Closing quotation marks and brackets kept with the sentence they end: " ' ” ’ » › ) ]. */
function isCloser(c: number): boolean {
  return isQuoteCloser(c) || c === 0x29 || c === 0x5d;
}

/** Verbs of an attribution that follows a quotation ("…?" Mr Kashyap's lawyer said.). */
const SPEECH_TAIL = new Set(
  'said says asked asks added adds explained insisted replied wrote told tells warned claimed stated continued admitted recalled'.split(' '),
);
/** Pronouns that open an attribution with the verb second ("…!" He told reporters.). */
const TAIL_PRONOUNS = new Set(['he', 'she', 'they', 'we', 'it']);
/** Most words of an attribution tail. */
const MAX_TAIL_WORDS = 8;

/**
 * Whether the text from `k` to the next sentence terminal on the line is only an attribution of the
 * quotation before it: at most {@link MAX_TAIL_WORDS} words ending in a full stop, with a speech verb
 * first, last, or second after a pronoun ("Mr Kashyap's lawyer Mihir Desai said.", "Said Ms Lee.",
 * "She told the BBC."). A news quotation that ends in ? or ! (or .) cannot end with a comma, so its
 * attribution follows as what looks like a sentence of its own.
 */
function attributionTail(text: string, k: number, lineEnd: number): boolean {
  let end = k;
  // Bounded look-ahead: 24 characters a word.
  while (end < lineEnd && end - k < 24 * MAX_TAIL_WORDS && !isTerminal(text.charCodeAt(end))) end++;
  if (end >= lineEnd || text.charCodeAt(end) !== 0x2e) return false;
  const words = text.slice(k, end).trim().split(/\s+/);
  if (words.length > MAX_TAIL_WORDS) return false;
  const lower = words.map((w) => w.toLowerCase());
  return SPEECH_TAIL.has(lower[lower.length - 1]!) || SPEECH_TAIL.has(lower[0]!) || (TAIL_PRONOUNS.has(lower[0]!) && SPEECH_TAIL.has(lower[1] ?? ''));
}

/** Sentence terminals: . ! ? …. */
function isTerminal(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026;
}
/** Space, tab or line feed (NaN, outside the text, is none of them). */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a;
}
function isUpper(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
/** Could the code unit at `k` begin a sentence? Capitals, digits, opening marks and brackets, dashes. */
function startsSentence(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  if (c < 0x80) {
    // Capitals, digits, " ' ( [ -.
    return (c >= 0x41 && c <= 0x5a) || isDigit(c) || c === 0x22 || c === 0x27 || c === 0x28 || c === 0x5b || c === 0x2d;
  }
  // “ ‘ « „ ‹
  if (c === 0x201c || c === 0x2018 || c === 0xab || c === 0x201e || c === 0x2039) return true;
  const ch = text[k]!;
  // Scripts without case (CJK, Arabic, Hebrew…) start sentences with any letter.
  return isUpper(ch) || /\p{Lo}/u.test(ch);
}

/** Whether the code unit `c` is a letter, a digit or a dot (the characters of an abbreviation). */
function abbreviationChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || isDigit(c) || c === 0x2e;
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

/** The word (letters and inner dots) ending just before `dot`, lower-cased. */
function wordBefore(text: string, dot: number, lineStart: number): string {
  let k = dot;
  // The look-back is bounded so that a line of dots stays linear.
  while (k > lineStart && dot - k < 24 && abbreviationChar(text.charCodeAt(k - 1))) k--;
  return text.slice(k, dot).toLowerCase();
}

/** Whether the terminal at `dot` ends a sentence (the caller checked that a space and a start follow). */
function endsSentence(text: string, dot: number, lineStart: number, nextStart: number): boolean {
  if (text.charCodeAt(dot) !== 0x2e) return true;
  const word = wordBefore(text, dot, lineStart);
  if (word === '') return true;
  if (TITLES.has(word)) return false;
  if (BEFORE_NUMBER.has(word) && isDigit(text.charCodeAt(nextStart))) return false;
  // A single letter before a dot is an initial (J. K. Rowling) unless it is a number's last digit.
  if (/^\p{L}$/u.test(word) && isUpper(text[dot - 1]!)) return false;
  // Dotted abbreviations: U.S., U.K., a.m., e.g.
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) return false;
  return true;
}

/** Leading ` date 2024-08-14 ` stamp some scrapers prepend: its end, or -1. */
function dateStamp(text: string, from: number): number {
  const m = /^[ \t]*date \d{4}-\d{2}-\d{2}\b/.exec(text.slice(from, from + 40));
  return m ? from + m[0].length : -1;
}

/**
 * Split normalised text into sentences.
 * @example
 * segment('Mr. Biden spoke. “It’s real,” he said.\nNext line').map((s) => s.start);
 * // [0, 17, 39]
 */
export function segment(text: string): Segment[] {
  const out: Segment[] = [];
  const nextTerminal = terminalFinder(text);
  let line = 0;
  let pos = 0;
  while (pos <= text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = text.length;
    let from = pos;
    if (pos === 0) {
      const stamp = dateStamp(text, 0);
      if (stamp > 0 && stamp <= lineEnd) {
        pushTrimmed(text, from, stamp, line, out);
        from = stamp;
      }
    }
    splitLine(text, from, lineEnd, line, out, nextTerminal);
    pos = lineEnd + 1;
    line++;
  }
  return out;
}

function pushTrimmed(text: string, start: number, end: number, line: number, out: Segment[]): void {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (end > start) out.push({ start, end, line });
}

/**
 * `nextTerminal(from)`: the position of the first sentence terminal at or after `from` (the text's
 * length when there is none). Found with a regular expression, which scans faster than a loop
 * over code units; `from` must not decrease from one call to the next. A search that runs past the
 * current line is kept for the lines after it, so that the text is scanned once in all.
 */
type TerminalFinder = (from: number) => number;

function terminalFinder(text: string): TerminalFinder {
  const re = /[.!?\u2026]/g;
  let searchedFrom = -1;
  let found = -1;
  return (from) => {
    // No terminal in [searchedFrom, found): the answer stands for any `from` in between.
    if (from >= searchedFrom && from <= found) return found;
    re.lastIndex = from;
    const m = re.exec(text);
    searchedFrom = from;
    found = m === null ? text.length : m.index;
    return found;
  };
}

function splitLine(
  text: string,
  lineStart: number,
  lineEnd: number,
  line: number,
  out: Segment[],
  nextTerminal: TerminalFinder,
): void {
  let sentenceStart = lineStart;
  let i = lineStart;
  while (i < lineEnd) {
    i = nextTerminal(i);
    if (i >= lineEnd) break;
    // Swallow runs of terminals ("?!", "...") and closing marks (.” .) .’”).
    let j = i + 1;
    while (j < lineEnd && isTerminal(text.charCodeAt(j))) j++;
    while (j < lineEnd && isCloser(text.charCodeAt(j))) j++;
    if (j < lineEnd && !isSpace(text.charCodeAt(j))) {
      i = j;
      continue;
    }
    let k = j;
    while (k < lineEnd && isSpace(text.charCodeAt(k))) k++;
    if (k < lineEnd && startsSentence(text, k) && endsSentence(text, i, lineStart, k) && !(isQuoteCloser(text.charCodeAt(j - 1)) && attributionTail(text, k, lineEnd))) {
      pushTrimmed(text, sentenceStart, j, line, out);
      sentenceStart = k;
    }
    i = k > j ? k : j;
  }
  pushTrimmed(text, sentenceStart, lineEnd, line, out);
}
