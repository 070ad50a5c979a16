/**
 * Stage 1: normalisation with an offset map back to the caller's string.
 *
 * Folds what differs between outlets but means the same: Unicode compatibility
 * forms (NFKC: ligatures, full-width letters, non-breaking spaces), exotic
 * spaces, dashes and the apostrophe. Quotation marks are kept as they are, so
 * the quote stage can tell an opening “ from a closing ”.
 */

/** The normalised text and, for each of its code units, the caller's offset. */
export interface Normalized {
  /** Normalised text. */
  norm: string;
  /** `map[i]`: caller offset where normalised unit `i` comes from; `map[norm.length] === text.length`. */
  map: Int32Array;
}

/** Dashes folded to `-`: hyphen, non-breaking hyphen, figure/en/em dash, horizontal bar, minus. */
const DASHES = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe58, 0xfe63, 0xff0d]);

/**
 * Most combining marks normalised together with their base character; further
 * marks start a new cluster. Unicode's stream-safe text format (UAX #15)
 * draws the line at 30: no real text stacks more, and NFKC reorders the marks
 * of a cluster by sorting them, which is quadratic in a long run of marks of
 * alternating classes (a "Zalgo" string of 160,000 marks took 21 s).
 */
const MAX_CLUSTER_MARKS = 30;

/** Whether a code unit can be copied unchanged: printable ASCII, tab or line feed. */
function plain(c: number): boolean {
  return (c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x09;
}

/** Whether a code point is a combining mark (kept with the character before it). */
function isMark(cp: number): boolean {
  if (cp < 0x0300) return false;
  if (cp <= 0x036f) return true; // Combining Diacritical Marks
  // General Punctuation, super- and subscripts, currency symbols: no marks, and the most frequent
  // characters after a letter in news text (’ ” – …), so they skip the regular expression.
  if (cp >= 0x2000 && cp < 0x20d0) return false;
  return /\p{M}/u.test(String.fromCodePoint(cp));
}

/** Whether the code unit `c` (NaN outside the text) is a letter or a digit. */
function isLetter(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
  return c === c && /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

/** Whether the fold of a code point depends on its neighbours (so cannot be reused for the next occurrence). */
function contextual(cp: number): boolean {
  return cp === 0x0d || cp === 0x2019 || cp === 0x02bc;
}

/**
 * Fold one cluster (a code point and its combining marks) to its normalised form.
 * `prev`/`next` are the code units of the caller's text around the cluster (NaN outside it), for the
 * apostrophe rule.
 */
function foldCluster(cluster: string, cp: number, prev: number, next: number): string {
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd'; // lone surrogate half
  if (cp === 0x0d) return next === 0x0a ? ' ' : '\n'; // CRLF keeps one line break, lone CR is one
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return ' '; // control characters, NUL included
  if (DASHES.has(cp)) return '-';
  // U+2019 and U+02BC between letters are apostrophes (It’s, Kremlin’s), not closing marks.
  if ((cp === 0x2019 || cp === 0x02bc) && isLetter(prev) && isLetter(next)) return "'";
  if (cp === 0x2028 || cp === 0x2029) return '\n';
  const folded = cluster.normalize('NFKC');
  // NFKC maps most exotic spaces to U+0020 already; catch the rest.
  return folded.replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ');
}

/**
 * Normalise `text`, keeping a map from every normalised code unit back to the caller's offset.
 * Runs in time linear in the length of the text.
 * @example
 * const { norm, map } = normalize('Kremlin’s ﬁnal');
 * norm; // "Kremlin's final"
 * map[10]; // 10: the "f" of "final" comes from the ligature at offset 10
 */
export function normalize(text: string): Normalized {
  const n = text.length;
  // Most text keeps its length; the map grows when NFKC expands a character (ﬃ → ffi). Invariant:
  // the map has room for what is written so far plus one unit per code unit not yet read, plus one.
  let map = new Int32Array(n + 1);
  const out: string[] = [];
  // Folds of single code points seen before in this text (a text repeats its few quotation marks).
  const folds = new Map<number, string>();
  let length = 0;
  let runStart = 0; // start of the run of plain characters not yet copied to `out`
  let prevPlain = false; // whether the code unit before `i` was copied as a plain character
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (plain(c)) {
      map[length++] = i++;
      prevPlain = true;
      continue;
    }
    // A plain character followed by a combining mark is normalised with it (e + ◌́ → é): take it back.
    let start = i;
    if (prevPlain && c >= 0x0300 && isMark(text.codePointAt(i)!)) {
      start = i - 1;
      length--;
    }
    prevPlain = false;
    if (runStart < start) out.push(text.slice(runStart, start));
    const cp = text.codePointAt(start)!;
    let j = start + (cp > 0xffff ? 2 : 1);
    let marks = 0;
    while (j < n && marks < MAX_CLUSTER_MARKS) {
      const m = text.codePointAt(j)!;
      if (!isMark(m)) break;
      j += m > 0xffff ? 2 : 1;
      marks++;
    }
    let folded: string | undefined;
    const single = marks === 0 && !contextual(cp);
    if (single) folded = folds.get(cp);
    if (folded === undefined) {
      folded = foldCluster(text.slice(start, j), cp, text.charCodeAt(start - 1), text.charCodeAt(j));
      if (single) folds.set(cp, folded);
    }
    out.push(folded);
    // Room for this fold, one unit per remaining code unit (plain characters are written without a check) and the end.
    const needed = length + folded.length + (n - j) + 1;
    if (needed > map.length) {
      const grown = new Int32Array(Math.max(map.length * 2, needed));
      grown.set(map.subarray(0, length));
      map = grown;
    }
    for (let k = 0; k < folded.length; k++) map[length++] = start;
    i = j;
    runStart = j;
  }
  if (runStart === 0) {
    // Nothing folded: the text is its own normalisation.
    map[length] = n;
    return { norm: text, map };
  }
  if (runStart < n) out.push(text.slice(runStart, n));
  map[length] = n;
  return { norm: out.join(''), map: length + 1 === map.length ? map : map.slice(0, length + 1) };
}

/**
 * The caller's `[start, end)` for the normalised range `[ns, ne)`.
 * An end that falls inside the expansion of one caller character (a ligature) is moved past it.
 * @example
 * const n = normalize('ﬁne');
 * toCaller(n.map, 0, 1); // [0, 1]
 */
export function toCaller(map: Int32Array, ns: number, ne: number): [number, number] {
  const start = map[ns]!;
  if (ne <= ns) return [start, start];
  const last = map[ne - 1]!;
  let k = ne;
  while (k < map.length - 1 && map[k]! === last) k++;
  return [start, map[k]!];
}
