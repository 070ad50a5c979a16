/**
 * Quotation extraction and speaker attribution.
 *
 * What counts as a quotation follows the devset's definition (the
 * `extract_quotes()` of its `validate.py`), extended to every mark style of
 * the contract:
 * - double marks “…”, "…", „…“ / „…” and «…»; an opening mark met while a
 *   quotation is open ends the open one (the news convention for a
 *   quotation that runs on into a new paragraph with no closing mark);
 * - single marks ‘…’ and '…' only outside double marks; a closing ’ must not
 *   be followed by a letter or digit, so apostrophes (It’s, Kremlin’s) never
 *   close a quotation, while ‘exchange programme.’ does;
 * - single marks nested inside a double quotation are part of it.
 *
 * Departures from `extract_quotes()`, so that a stray mark cannot swallow an
 * article: a quotation closed by a run-on opener or left open ends at the
 * end of its own line, and an unclosed one at most at the end of the
 * sentence holding its opening mark.
 *
 * Everything here is a hand-written left-to-right scanner (no backtracking
 * regular expressions), linear in the length of the text.
 */
import type { Doc, QuoteRef, TextSpan } from '../types';
import { sortByKey } from './sort';

// ---------------------------------------------------------------------------
// Characters
// ---------------------------------------------------------------------------

/** Characters after which a straight or single mark may open a quotation (validate.py's `_OPEN_CTX`, plus more dashes). */
const OPEN_CONTEXT: ReadonlySet<string> = Object.freeze(new Set([' ', '\t', '\r', '\n', '(', '[', '{', '—', '–', '-', '/', '\u00a0']));

/**
 * Whether `ch` is a letter, a digit or a combining mark (any script); `false` for `undefined`.
 * @example
 * isWordChar('é'); // true
 * isWordChar('’'); // false
 */
export function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined || ch === '') return false;
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return /[\p{L}\p{N}\p{M}]/u.test(ch);
}

/** Whether `ch` is white space (or the end of the text, `undefined`). */
function isSpace(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\u00a0';
}

/**
 * Whether the first character of `w` is an upper-case letter.
 * @example
 * isCapitalised('Kyiv'); // true
 * isCapitalised('kyiv'); // false
 */
export function isCapitalised(w: string): boolean {
  const ch = w.charAt(0);
  return ch !== '' && ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

// ---------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------

/**
 * A word of a piece of text, with its offsets in that text.
 * @example
 * const w: Word = { start: 0, end: 4, text: 'Kyiv' };
 */
export interface Word {
  /** Start offset. */
  start: number;
  /** End offset (exclusive). */
  end: number;
  /** The word as written. */
  text: string;
}

/**
 * Words of `text[from, to)`: runs of letters and digits, joined by an
 * apostrophe, a hyphen, or a dot or comma between digits (`it's`,
 * `so-called`, `1,200`, `2.5`).
 * @default from = 0, to = text.length
 * @example
 * words("It's a so-called deal: 1,200 jobs").map((w) => w.text); // ["It's", "a", "so-called", "deal", "1,200", "jobs"]
 */
export function words(text: string, from = 0, to = text.length): Word[] {
  const out: Word[] = [];
  scanWords(text, from, to, (start, end) => out.push({ start, end, text: text.slice(start, end) }));
  return out;
}

/** {@link isWordChar} of the code unit at `i` of `text`, without making a one-character string for ASCII. */
function wordAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return c === c && isWordChar(text[i]); // NaN (past the end) is no word character
}

/** Whether the code unit at `i` is an ASCII digit. */
function digitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** The scan behind {@link words}: calls `found(start, end)` for each word of `text[from, to)`, in order. */
function scanWords(text: string, from: number, to: number, found: (start: number, end: number) => void): void {
  let i = from;
  while (i < to) {
    if (!wordAt(text, i)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    for (;;) {
      while (i < to && wordAt(text, i)) i++;
      if (i + 1 < to && wordAt(text, i + 1)) {
        const c = text.charCodeAt(i);
        // ' ’ -
        if (c === 0x27 || c === 0x2019 || c === 0x2d) {
          i++;
          continue;
        }
        // . or , between digits
        if ((c === 0x2e || c === 0x2c) && digitAt(text, i - 1) && digitAt(text, i + 1)) {
          i++;
          continue;
        }
      }
      break;
    }
    found(start, i);
  }
}

// ---------------------------------------------------------------------------
// Offsets
// ---------------------------------------------------------------------------

/**
 * The caller's span for the normalised range `[ns, ne)` of `doc`.
 * An end inside the expansion of one caller character (a ligature) moves past it.
 * @example
 * const doc = prepare('He said “no”.');
 * toSpan(doc, 9, 11); // { start: 9, end: 11, text: 'no' }
 */
export function toSpan(doc: Doc, ns: number, ne: number): TextSpan {
  const map = doc.map;
  const start = map[ns] ?? doc.text.length;
  let end = start;
  if (ne > ns) {
    const last = map[ne - 1]!;
    let k = ne;
    while (k < map.length - 1 && map[k] === last) k++;
    end = map[k] ?? doc.text.length;
  }
  return { start, end, text: doc.text.slice(start, end) };
}

/**
 * Index of the sentence of `doc` that holds normalised offset `pos`
 * (the last sentence starting at or before it; 0 when none does).
 * @example
 * sentenceAt(prepare('One. Two.'), 6); // 1
 */
export function sentenceAt(doc: Doc, pos: number): number {
  const s = doc.sentences;
  let lo = 0;
  let hi = s.length - 1;
  let best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]!.start <= pos) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

// ---------------------------------------------------------------------------
// Scanner
// ---------------------------------------------------------------------------

/**
 * Mark style of a quotation: “curly”, "straight", „low“, «guillemet», ‘single curly’, 'single straight'.
 * @example
 * const s: QuoteStyle = 'guillemet';
 */
export type QuoteStyle = 'curly' | 'straight' | 'low' | 'guillemet' | 'single-curly' | 'single-straight';

/**
 * A quotation as the scanner finds it, by the offsets of its marks.
 * @example
 * const r: RawQuote = { open: 8, close: 11, closed: true, style: 'curly' }; // 'He said “no”'
 */
export interface RawQuote {
  /** Offset of the opening mark. */
  open: number;
  /** Offset of the closing mark, or where the quotation was cut when it has none. */
  close: number;
  /** Whether a closing mark ended it (false: ended by a run-on opener, a line break or the end of text). */
  closed: boolean;
  /** Mark style. */
  style: QuoteStyle;
}

/**
 * Find the quotations of `text` by their marks (see the module comment for
 * the rules). Quotations come back sorted by `open` and never overlap.
 * An unclosed quotation ends at the end of its line; the caller may cut it
 * shorter. Linear time.
 * @example
 * scanQuotes('He said “no” to ‘them’.'); // [{ open: 8, close: 11, closed: true, style: 'curly' }, { open: 16, close: 21, closed: true, style: 'single-curly' }]
 */
export function scanQuotes(text: string): RawQuote[] {
  const n = text.length;
  // End of the line holding each position, computed lazily from the next line feed.
  let nextBreak = -1;
  const lineEnd = (pos: number): number => {
    if (nextBreak < pos) {
      nextBreak = text.indexOf('\n', pos);
      if (nextBreak < 0) nextBreak = n;
    }
    return nextBreak;
  };
  const dbl: RawQuote[] = [];
  let openAt = -1;
  let style: QuoteStyle = 'curly';
  // A quotation left open ends at the end of its line, or just before a run-on opener on that line.
  const cut = (at: number): void => {
    dbl.push({ open: openAt, close: Math.min(at, lineEnd(openAt)), closed: false, style });
    openAt = -1;
  };
  const close = (at: number): void => {
    dbl.push({ open: openAt, close: at, closed: true, style });
    openAt = -1;
  };
  // Possible openers of single-mark quotations (‘ or ' after an opening context, before a word), in order.
  const singles: number[] = [];
  for (let i = 0; i < n; i++) {
    // “ ” " „ « » ‘ ': tested by code first, so that other characters cost no string.
    const code = text.charCodeAt(i);
    if (code === 0x2018 || code === 0x27) {
      const next = text[i + 1];
      if (OPEN_CONTEXT.has(i > 0 ? text[i - 1]! : ' ') && (isWordChar(next) || next === '…' || next === '[')) singles.push(i);
      continue;
    }
    if (code !== 0x201c && code !== 0x201d && code !== 0x22 && code !== 0x201e && code !== 0xab && code !== 0xbb) continue;
    const c = text[i]!;
    if (openAt >= 0 && style === 'guillemet') {
      // Inside «…», other marks are nested quotations: only guillemets count.
      if (c === '»') close(i);
      else if (c === '«') {
        cut(i);
        openAt = i;
        style = 'guillemet';
      }
      continue;
    }
    switch (c) {
      case '«':
        if (openAt >= 0) cut(i);
        openAt = i;
        style = 'guillemet';
        break;
      case '»':
        break; // stray closer
      case '„':
        if (openAt >= 0) cut(i);
        openAt = i;
        style = 'low';
        break;
      case '“':
        if (openAt >= 0 && style === 'low') close(i);
        else {
          if (openAt >= 0) cut(i);
          openAt = i;
          style = 'curly';
        }
        break;
      case '”':
        if (openAt >= 0) close(i);
        break;
      default: {
        // Straight mark: opener or closer by its neighbours (validate.py's rule).
        const prev = i > 0 ? text[i - 1]! : ' ';
        const next = text[i + 1];
        const opener = OPEN_CONTEXT.has(prev) && !isSpace(next);
        if (openAt < 0) {
          if (opener || !isSpace(next)) {
            openAt = i;
            style = 'straight';
          }
        } else if (opener && style === 'straight' && (isWordChar(next) || next === "'" || next === '‘' || next === '…' || next === '[')) {
          cut(i); // run-on paragraph: no closing mark before the next opening one
          openAt = i;
          style = 'straight';
        } else close(i);
      }
    }
  }
  if (openAt >= 0) cut(n);

  // Single marks, outside double quotations: each possible opener not inside one takes the first
  // closer of its style after it, unless a line break or a double quotation comes first. Closers are
  // searched forward; a search that fails up to a barrier fails for every later opener of that style
  // before the barrier too, so each style's searches read each position at most once.
  const out: RawQuote[] = [...dbl];
  if (singles.length === 0) return out;
  let d = 0; // the first double quotation not ending before the opener
  let done = -1; // the last position a quotation of single marks took
  const failedUpTo = [-1, -1]; // per style (curly, straight): openers before this have no closer
  for (const i of singles) {
    if (i <= done) continue;
    while (d < dbl.length && Math.min(n, dbl[d]!.close + 1) <= i) d++;
    if (d < dbl.length && dbl[d]!.open <= i) continue; // inside a double quotation
    const curly = text.charCodeAt(i) === 0x2018;
    if (i < failedUpTo[curly ? 0 : 1]!) continue;
    const want = curly ? 0x2019 : 0x27;
    const barrier = d < dbl.length ? dbl[d]!.open : n;
    let found = -1;
    let k = i + 1;
    for (; k < barrier; k++) {
      const code = text.charCodeAt(k);
      if (code === 0x0a) break;
      // ’ or ' after a non-space, not before a letter or digit (so not an apostrophe)
      if (code === want && !isSpace(text[k - 1]) && !isWordChar(text[k + 1])) {
        found = k;
        break;
      }
    }
    if (found < 0) {
      failedUpTo[curly ? 0 : 1] = k;
      continue;
    }
    out.push({ open: i, close: found, closed: true, style: curly ? 'single-curly' : 'single-straight' });
    done = found;
  }
  out.sort((a, b) => a.open - b.open);
  return out;
}

// ---------------------------------------------------------------------------
// What is not speech
// ---------------------------------------------------------------------------

/** Small words that may stay lower-case inside a title or a name ("Godzilla Day in Hollywood", "Bank of England"). */
const TITLE_SMALL: ReadonlySet<string> = Object.freeze(
  new Set(['a', 'an', 'the', 'of', 'and', 'or', 'in', 'on', 'at', 'for', 'to', 'de', 'la', 'le', 'van', 'von', 'der', 'di', 'da', 'del', 'al', 'bin', 'is']),
);

/** Whether `inner` ends with sentence or clause punctuation. */
function endsLikeSpeech(inner: string): boolean {
  const last = inner.trimEnd().slice(-1);
  return last === '.' || last === '!' || last === '?' || last === '…' || last === ',' || last === ';' || last === ':';
}

/**
 * Why a quotation is not speech: `headline` (a whole line wrapped in marks,
 * shaped like a headline, or a title-cased quotation opening the text) or `title` (a short capitalised name in marks: a
 * nickname such as “Rybar”, a film or book title); `undefined` for speech.
 */
function role(text: string, open: number, close: number, inner: string, firstLine: boolean): 'headline' | 'title' | undefined {
  const w = words(inner).map((x) => x.text);
  if (w.length === 0) return 'title';
  if (endsLikeSpeech(inner)) return undefined;
  // The whole line is the quotation: a headline when it is the first line or reads like one.
  let a = open;
  while (a > 0 && text[a - 1] !== '\n' && isSpace(text[a - 1])) a--;
  let b = close + 1;
  while (b < text.length && text[b] !== '\n' && isSpace(text[b])) b++;
  const wholeLine = (a === 0 || text[a - 1] === '\n') && (b >= text.length || text[b] === '\n');
  const caps = w.filter((x) => isCapitalised(x) || /^\d/.test(x)).length;
  if (wholeLine && (firstLine || caps >= w.length * 0.6)) return 'headline';
  // A title-cased quotation that opens the text is a headline run into the body (the one-line layout).
  if (firstLine && w.length >= 3 && caps >= w.length * 0.6) return 'headline';
  // A short run of capitalised words: a name or a title, not words someone said.
  if (w.length <= 4 && isCapitalised(w[0]!) && w.every((x) => isCapitalised(x) || TITLE_SMALL.has(x.toLowerCase()))) {
    const before = text.slice(Math.max(0, open - 3), open).trimEnd();
    if (!before.endsWith(':')) return 'title';
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------

/**
 * The quotations of a document, in text order: offsets (into `doc.norm`) of
 * the words between the marks, white space trimmed, trailing punctuation
 * inside the marks kept; the sentence of the opening mark; the speaker when
 * the text names one; and `role` for marks that do not quote speech
 * (a headline wrapped in marks, a nickname or title such as “Rybar”).
 * @example
 * const doc = prepare('“It’s creating a real dilemma for Putin,” Mr Biden said.');
 * extractQuotes(doc); // [{ start: 1, end: 40, sentence: 0, speaker: 'Mr Biden' }]
 */
export function extractQuotes(doc: Doc): QuoteRef[] {
  const text = doc.norm;
  const raw = scanQuotes(text);
  let firstContent = 0;
  while (firstContent < text.length && isSpace(text[firstContent])) firstContent++;
  const out: QuoteRef[] = [];
  for (const r of raw) {
    let close = r.close;
    const sentence = sentenceAt(doc, r.open);
    if (!r.closed && doc.sentences.length > 0) {
      // An unclosed quotation that is not a run-on paragraph (the next paragraph opening with a mark) stops at the end of its sentence.
      let k = close;
      while (k < text.length && isSpace(text[k])) k++;
      const nextIsOpener = k < text.length && '“"„«'.includes(text[k]!);
      if (!nextIsOpener) {
        const s = doc.sentences[sentence]!;
        if (s.end > r.open && s.end < close) close = s.end;
      }
    }
    let start = r.open + 1;
    let end = close;
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
    // A run-on cut can leave a dangling closer-less mark of the next quotation's style: drop a trailing double mark.
    if (end > start && (text[end - 1] === '"' || text[end - 1] === '”')) end--;
    while (end > start && isSpace(text[end - 1])) end--;
    if (end <= start) continue;
    const inner = text.slice(start, end);
    const q: QuoteRef = { start, end, sentence };
    const kind = role(text, r.open, close, inner, r.open === firstContent);
    if (kind !== undefined) q.role = kind;
    out.push(q);
  }
  attributeSpeakers(doc, out);
  return out;
}

// ---------------------------------------------------------------------------
// Speakers
// ---------------------------------------------------------------------------

/** Verbs (and "according") that introduce or tag reported speech. */
const SPEECH_VERBS: ReadonlySet<string> = Object.freeze(
  new Set(
    (
      'said says say saying told tells tell added adds stated states wrote writes write called calls call described describes ' +
      'replied replies explained explains insisted insists warned warns claimed claims argued argues asked asks declared declares ' +
      'announced announces confirmed confirms stressed stresses noted notes urged urges tweeted tweets posted posts commented comments ' +
      'continued continues acknowledged acknowledges admitted admits according remarked remarks recalled recalls joked jokes quipped ' +
      'conceded concedes suggested suggests predicted predicts promised promises vowed vows dubbed dubs labelled labeled labels branded brands ' +
      'mentioned mentions disclosed discloses revealed reveals responded responds answered answers maintained maintains emphasised emphasized ' +
      'observed observes concluded concludes cautioned cautions reiterated reiterates proclaimed proclaims shouted shouts told ' +
      'testified testifies denied denies agreed agrees boasted boasts complained complains lamented laments hailed hails ' +
      'described touted touts referred refers termed terms characterised characterized blasted slammed criticised criticized praised welcomed'
    ).split(' '),
  ),
);

/** Words that head a title or role before a name ("US President Joe Biden", "Trade Secretary Patricia Hewitt"); the name is what follows. */
const TITLE_WORDS: ReadonlySet<string> = Object.freeze(
  new Set(
    (
      'president vice prime minister secretary governor chancellor general director chief executive senator judge mayor commander ' +
      'coach manager chairman chairwoman chair professor prof king queen prince princess pope captain officer spokesman spokeswoman ' +
      'spokesperson leader mp sen rep representative ambassador lieutenant colonel major sergeant inspector superintendent detective ' +
      'minister premier president-elect envoy head boss founder editor analyst economist lawyer attorney justice bishop archbishop father ' +
      'sheikh sir dame lord lady baroness baron earl duke chairperson deputy acting interim striker midfielder defender goalkeeper'
    ).split(' '),
  ),
);

/** Honorifics that stay with the surname ("Mr Biden"). */
const HONORIFICS: ReadonlySet<string> = Object.freeze(new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'mr.', 'mrs.', 'ms.', 'dr.']));

/** Capitalised words that are not names even inside a run (sentence starters, days, months…). */
const NOT_NAMES: ReadonlySet<string> = Object.freeze(
  new Set(
    (
      'the a an this that these those it its he she they we i you his her their our my your but and or so yet if when while ' +
      'as at in on of for to from by with after before since though although however meanwhile still also then there here ' +
      'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september ' +
      'october november december shown speaking asked earlier later last next some many most several other another each ' +
      'one two three four five six seven eight nine ten according despite during under over about because instead what which who'
    ).split(' '),
  ),
);

/** Pronouns that may stand for the last named speaker. */
const PRONOUNS: ReadonlySet<string> = Object.freeze(new Set(['he', 'she', 'it', 'they']));

/** Words that mark a capitalised run as an organisation rather than a person. */
const ORG_WORDS: ReadonlySet<string> = Object.freeze(
  new Set(
    (
      'bank chambers chamber commerce department ministry council committee agency office union company corporation corp inc ltd plc ' +
      'group party association government police army navy court commission authority board institute university school club ' +
      'federation league foundation trust service services news times post kremlin pentagon parliament assembly senate congress ' +
      'house fund organisation organization concern entertainment records studios network radio television tv bbc cnn reuters ' +
      'hotel cathedral church hospital airport station park street road square bridge river city county state island mountain ' +
      'lake museum gallery stadium centre center hall palace castle abbey tower library zoo prison boulevard avenue ' +
      'securities capital partners holdings investments insurance markets management consulting consultants research economics ' +
      'associates airlines airways motors systems technologies communications telecom pharmaceuticals industries enterprises ' +
      'laboratories media publishing productions pictures software electronics stores society exchange bureau institution'
    ).split(' '),
  ),
);

/** A capitalised run of words: a name candidate. */
interface NameRun {
  /** Offset of the first word (in `Doc.norm`). */
  start: number;
  /** Offset past the last word. */
  end: number;
  /** The words of the run. */
  words: string[];
  /** The words lower-cased (`words[k].toLowerCase()`). */
  lowers: string[];
  /** {@link nameOf} the run, once computed (runs do not change after `nameRuns` returns them). */
  name?: string;
}

/** The display form of a name run: titles in front dropped ("US President Joe Biden" → "Joe Biden"). */
function nameOf(run: NameRun): string {
  if (run.name === undefined) run.name = displayName(run);
  return run.name;
}

/** {@link nameOf}, computed. */
function displayName(run: NameRun): string {
  const { words, lowers } = run;
  // The name is words [a, b) of the run, each with a possessive 's dropped.
  const possessive = (k: number): boolean => words[k]!.endsWith("'s");
  const bare = (k: number): string => (possessive(k) ? lowers[k]!.slice(0, -2) : lowers[k]!);
  let a = 0;
  let b = words.length;
  // A possessive inside the run qualifies what follows ("Arsenal's Edu" → "Edu").
  for (let k = 0; k < b - 1; k++) if (possessive(k)) a = k + 1;
  // Titles in front are dropped ("US President Joe Biden" → "Joe Biden").
  let lastTitle = -1;
  for (let k = a; k < b - 1; k++) if (TITLE_WORDS.has(bare(k))) lastTitle = k;
  if (lastTitle >= 0) a = lastTitle + 1;
  // An honorific starts the name ("Labour Mr Livingstone" → "Mr Livingstone").
  for (let k = a + 1; k < b - 1; k++) {
    if (HONORIFICS.has(bare(k))) {
      a = k;
      break;
    }
  }
  // Small words of the run ("of", "the") never start or end a name.
  while (b - a > 1 && TITLE_SMALL.has(bare(a))) a++;
  while (b - a > 1 && TITLE_SMALL.has(bare(b - 1))) b--;
  let name = '';
  for (let k = a; k < b; k++) name += (k > a ? ' ' : '') + (possessive(k) ? words[k]!.slice(0, -2) : words[k]!);
  return name;
}

/** Whether a run holds a word that marks an organisation ({@link ORG_WORDS}). */
function orgRun(run: NameRun): boolean {
  for (const w of run.lowers) if (ORG_WORDS.has(w)) return true;
  return false;
}

/** Whether a run names a person (not an organisation, not a place on its own). */
function isPerson(run: NameRun, fullNames: ReadonlyMap<string, string>): boolean {
  if (orgRun(run)) return false;
  if (HONORIFICS.has(run.lowers[0]!)) return true;
  const name = nameOf(run).split(' ');
  if (name.length >= 2 && name.length <= 4) return true;
  // A single word: a person when a title stands before it ("President Zelenskiy") or it is a known surname.
  return name.length === 1 && (run.words.length > 1 || fullNames.has(name[0]!));
}

/**
 * A word of a sentence with its lower-cased form and whether it is capitalised, computed once per sentence.
 * @example
 * const w: SentenceWord = { start: 0, end: 4, text: 'Kyiv', lower: 'kyiv', caps: true };
 */
export interface SentenceWord extends Word {
  /** `text.toLowerCase()`. */
  lower: string;
  /** `isCapitalised(text)`. */
  caps: boolean;
}

/**
 * {@link words} of sentence `si` of `doc`, with their forms, from the sentence's tokens: a word of
 * `words` is a run of tokens joined by an apostrophe or a hyphen (`so-called`, `it’s`, `'90`, which
 * tokenising splits), and a one-token word's lower-cased form is the token's `norm`.
 * @example
 * sentenceWords(prepare('The so-called deal.'), 0).map((w) => w.lower); // ["the", "so-called", "deal"]
 */
export function sentenceWords(doc: Doc, si: number): SentenceWord[] {
  const text = doc.norm;
  const tokens = doc.tokens;
  const { tokenStart, tokenEnd } = doc.sentences[si]!;
  const out: SentenceWord[] = [];
  for (let k = tokenStart; k < tokenEnd; ) {
    const first = tokens[k]!;
    const j = wordEnd(doc, k, tokenEnd);
    const end = tokens[j - 1]!.end;
    const w = text.slice(first.start, end);
    out.push({ start: first.start, end, text: w, lower: j === k + 1 ? first.norm : w.toLowerCase(), caps: capitalAt(text, first.start) });
    k = j;
  }
  return out;
}

/** One past the last token of the word of {@link sentenceWords} that starts at token `k` (tokens before `tokenEnd`). */
function wordEnd(doc: Doc, k: number, tokenEnd: number): number {
  const tokens = doc.tokens;
  let end = tokens[k]!.end;
  let j = k + 1;
  while (j < tokenEnd && tokens[j]!.start === end + 1 && isJoiner(doc.norm.charCodeAt(end))) end = tokens[j++]!.end;
  return j;
}

/** Whether the word starting at `pos` of `text` is capitalised ({@link isCapitalised}). */
function capitalAt(text: string, pos: number): boolean {
  const c = text.charCodeAt(pos);
  return c < 0x80 ? c >= 0x41 && c <= 0x5a : isCapitalised(text[pos]!);
}

/**
 * The capitalised words of `doc` that do not open their sentence: these are names even at a
 * sentence start. Read from the tokens, without the words' objects.
 */
function capitalisedWords(doc: Doc): Set<string> {
  const out = new Set<string>();
  for (const s of doc.sentences) {
    // The sentence's first word is passed.
    for (let k = s.tokenStart < s.tokenEnd ? wordEnd(doc, s.tokenStart, s.tokenEnd) : s.tokenEnd; k < s.tokenEnd; ) {
      const j = wordEnd(doc, k, s.tokenEnd);
      const start = doc.tokens[k]!.start;
      if (capitalAt(doc.norm, start)) out.add(doc.norm.slice(start, doc.tokens[j - 1]!.end));
      k = j;
    }
  }
  return out;
}

/** Whether code unit `c` joins two runs of word characters into one word of {@link words}: ' ’ -. */
function isJoiner(c: number): boolean {
  return c === 0x27 || c === 0x2019 || c === 0x2d;
}

/** {@link words} of `text[from, to)` with their lower-cased forms and capitalisation. */
function scannedWords(text: string, from: number, to: number): SentenceWord[] {
  const out: SentenceWord[] = [];
  scanWords(text, from, to, (start, end) => {
    const w = text.slice(start, end);
    out.push({ start, end, text: w, lower: w.toLowerCase(), caps: capitalAt(text, start) });
  });
  return out;
}

/**
 * `words(text, a, b)` (with forms) for a piece `[a, b)` of a sentence whose words are `all`: the
 * sentence's words that lie inside the piece, which are the piece's words unless a bound of the
 * piece falls strictly inside a word (then the piece is scanned afresh).
 */
function piecesWords(text: string, all: readonly SentenceWord[], a: number, b: number): SentenceWord[] {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid]!.end <= a) lo = mid + 1;
    else hi = mid;
  }
  // all[lo] is the first word ending after a.
  if (lo < all.length && all[lo]!.start < a) return scannedWords(text, a, b);
  let k = lo;
  while (k < all.length && all[k]!.end <= b) k++;
  if (k < all.length && all[k]!.start < b) return scannedWords(text, a, b);
  return all.slice(lo, k);
}

/**
 * Capitalised runs among the words `ws` of `text[from, to)`. A sentence-initial word (at
 * `firstWord`, or just after an opening mark) joins a run only when another
 * capitalised word follows it or it is capitalised elsewhere too
 * (`knownCaps`).
 */
function nameRuns(text: string, ws: readonly SentenceWord[], to: number, firstWord: number, knownCaps: ReadonlySet<string>): NameRun[] {
  const runs: NameRun[] = [];
  let cur: NameRun | null = null;
  let prevEnd = -1;
  for (const w of ws) {
    // A lower-case word outside a run changes nothing (every branch below needs a run or a capital).
    if (cur === null && !w.caps) {
      prevEnd = w.end;
      continue;
    }
    const lower = w.lower;
    // Joined to the run by one space or hyphen.
    const joined = cur !== null && w.start - prevEnd === 1 && (text.charCodeAt(prevEnd) === 0x20 || text.charCodeAt(prevEnd) === 0x2d);
    const caps = w.caps && !NOT_NAMES.has(lower);
    // Only read when `caps` (both uses below test it first): the test runs for capitalised words only.
    const initial = caps && (w.start === firstWord || afterOpening(text, w.start));
    if (caps && !(initial && !knownCaps.has(w.text) && !HONORIFICS.has(lower) && !/^[A-Z]{2,}$/.test(w.text))) {
      if (cur !== null && joined) {
        cur.words.push(w.text);
        cur.lowers.push(lower);
        cur.end = w.end;
      } else {
        if (cur !== null) runs.push(cur);
        cur = { start: w.start, end: w.end, words: [w.text], lowers: [lower] };
      }
    } else if (cur !== null && joined && TITLE_SMALL.has(lower) && !w.caps) {
      // "Bank of England": keep a small word provisionally; dropped if no capitalised word follows.
      cur.words.push(w.text);
      cur.lowers.push(lower);
      cur.end = w.end;
    } else if (caps && initial && cur === null) {
      // A sentence-initial word followed by another capitalised word starts a run ("Joe Biden said").
      cur = { start: w.start, end: w.end, words: [w.text], lowers: [lower] };
    } else {
      if (cur !== null) runs.push(trimRun(cur));
      cur = null;
    }
    prevEnd = w.end;
    if (cur !== null && w.end < to && closesRun(text.charCodeAt(w.end))) {
      runs.push(trimRun(cur));
      cur = null;
    }
  }
  if (cur !== null) runs.push(trimRun(cur));
  // Runs kept: trimmed, and of several words, or of one that is a name on its own account.
  let kept = 0;
  for (const r of runs) {
    trimRun(r);
    if (r.words.length > 0 && (r.words.length > 1 || knownCaps.has(r.words[0]!) || HONORIFICS.has(r.lowers[0]!) || r.start > firstWord || /^[A-Z]{2,}$/.test(r.words[0]!))) runs[kept++] = r;
  }
  runs.length = kept;
  return runs;
}

/**
 * Whether the text right before `pos` is an opening mark or bracket (“ " ‘ or (), maybe followed by one
 * white space character: `/[“"‘(]\s*$/` on the two characters before `pos`.
 */
function afterOpening(text: string, pos: number): boolean {
  if (pos < 1) return false;
  const last = text.charCodeAt(pos - 1);
  if (isOpening(last)) return true;
  return pos >= 2 && isJsSpace(last) && isOpening(text.charCodeAt(pos - 2));
}
/** Whether code unit `c` is “ " ‘ or (. */
function isOpening(c: number): boolean {
  return c === 0x201c || c === 0x22 || c === 0x2018 || c === 0x28;
}
/** Whether `c` is white space as `\s` of a regular expression reads it. */
function isJsSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Punctuation right after a word that ends a name run: , ; : . ! ? ( ). */
function closesRun(c: number): boolean {
  return c === 0x2c || c === 0x3b || c === 0x3a || c === 0x2e || c === 0x21 || c === 0x3f || c === 0x28 || c === 0x29;
}

/** Drop trailing small words from a run ("Bank of" → "Bank"). */
function trimRun(r: NameRun): NameRun {
  while (r.words.length > 0 && !isCapitalised(r.words[r.words.length - 1]!)) {
    r.words.pop();
    r.lowers.pop();
  }
  return r;
}

/** Attribution context: the name runs, speech verbs and pronouns of a piece of text, in order. */
type Item = { kind: 'name'; run: NameRun; title: boolean } | { kind: 'verb'; at: number; end: number; word: string } | { kind: 'pronoun'; at: number; word: string };

/**
 * Fill in `speaker` on each speech quotation of `quotes`, from its own
 * sentence ("X said", "said X", "according to X", "X told…", "X wrote on
 * Telegram", "the governor, Vyacheslav Gladkov, said"), else from the
 * quotation it runs on from, else from the previous sentence when that
 * sentence attributes speech. Pronouns resolve to the last person named
 * before the quotation.
 * @example
 * const doc = prepare('Mr Davies said: “It was frightening.”');
 * const qs = extractQuotes(doc); // attributeSpeakers is applied already: qs[0].speaker === 'Mr Davies'
 */
export function attributeSpeakers(doc: Doc, quotes: QuoteRef[]): void {
  const speech = quotes.filter((q) => q.role === undefined);
  // Only speech quotations get a speaker.
  if (speech.length === 0) return;
  const text = doc.norm;
  // Capitalised words seen away from a sentence start: these are names even at a sentence start.
  const knownCaps = capitalisedWords(doc);
  // Full names by surname, to expand "Mr Biden" to "Joe Biden".
  const fullNames = new Map<string, string>();
  // Items (names, verbs, pronouns) per sentence, outside speech quotations.
  const itemsOf = new Map<number, Item[]>();
  const titles = quotes.filter((q) => q.role === 'title');
  const items = (si: number): Item[] => {
    const cached = itemsOf.get(si);
    if (cached !== undefined) return cached;
    const s = doc.sentences[si];
    const list: Item[] = [];
    if (s !== undefined) {
      // Pieces of the sentence outside speech quotations (quotations are sorted and disjoint).
      let pos = s.start;
      const pieces: Array<[number, number]> = [];
      for (let k = firstEndingAfter(speech, s.start); k < speech.length && speech[k]!.start < s.end; k++) {
        const q = speech[k]!;
        if (q.start > pos) pieces.push([pos, Math.max(pos, q.start - 1)]);
        pos = Math.max(pos, q.end + 1);
      }
      if (pos < s.end) pieces.push([pos, s.end]);
      let firstWord = s.start;
      while (firstWord < s.end && !isWordChar(text[firstWord])) firstWord++;
      // The sentence's words, for all its pieces (items are built once per sentence; the words are
      // not kept, so that a long text's words do not all stay alive at once).
      const all = sentenceWords(doc, si);
      for (const [a, b] of pieces) {
        const ws = a === s.start && b === s.end ? all : piecesWords(text, all, a, b);
        for (const r of nameRuns(text, ws, b, firstWord, knownCaps)) {
          const t = titles[firstEndingAfter(titles, r.start)];
          list.push({ kind: 'name', run: r, title: t !== undefined && r.start >= t.start && r.end <= t.end });
        }
        for (const w of ws) {
          const lower = w.lower;
          if (SPEECH_VERBS.has(lower)) list.push({ kind: 'verb', at: w.start, end: w.end, word: lower });
          else if (PRONOUNS.has(lower)) list.push({ kind: 'pronoun', at: w.start, word: lower });
        }
      }
      sortByKey(list, pos0);
    }
    itemsOf.set(si, list);
    return list;
  };
  // Last person named before a position (for pronouns), scanning back over at most a few sentences and names.
  const lastPerson = (before: number, si: number, wantOrg: boolean): string | undefined => {
    // The nearest person named earlier in the same sentence; else, in the sentences before, the nearest
    // person who is the subject of a speech verb ("Mr Davies, 60, said …": pronouns in reported speech
    // mostly stand for the last speaker); else the nearest person named at all.
    let first = true;
    for (const speakersOnly of [false, true, false]) {
      let budget = LOOKBACK_ITEMS;
      const from = speakersOnly ? si - 1 : si;
      for (let k = from; k >= Math.max(0, si - 3); k--) {
        const list = items(k);
        for (let j = itemsBefore(list, before) - 1; j >= 0 && budget > 0; j--, budget--) {
          const it = list[j]!;
          if (it.kind !== 'name' || it.run.end > before) continue;
          if (wantOrg ? isPerson(it.run, fullNames) : !(isPerson(it.run, fullNames) || it.title)) continue;
          if (speakersOnly && !subjectOfVerb(list, j)) continue;
          return display(it.run);
        }
        if (first) break;
      }
      first = false;
    }
    // Nobody named nearby: the speaker of the last quotation, for a person pronoun.
    return wantOrg ? undefined : lastSpeaker;
  };
  let lastSpeaker: string | undefined;
  // Whether name item j of a sentence's items is the subject of the speech verb after it ("X said", "X, 60, said",
  // "X, chief economist at Y, said": names inside an apposition are passed over).
  const subjectOfVerb = (list: readonly Item[], j: number): boolean => {
    const it = list[j]!;
    if (it.kind !== 'name') return false;
    let k = j + 1;
    while (list[k]?.kind === 'name') k++;
    const next = list[k];
    if (next === undefined || next.kind !== 'verb' || next.word === 'according' || next.at - it.run.end > WINDOW) return false;
    return subjectGap(text.slice(it.run.end, next.at));
  };
  const display = (r: NameRun): string => {
    const name = nameOf(r);
    const parts = name.split(' ');
    if (parts.length === 1 || HONORIFICS.has(parts[0]!.toLowerCase())) {
      const full = fullNames.get(parts[parts.length - 1]!);
      if (full !== undefined && full !== '') return full;
    }
    return name;
  };
  // Full names of people ("Volodymyr Zelenskiy") by surname, so that "Mr Zelenskiy" reads as the full name; '' when ambiguous.
  for (let si = 0; si < doc.sentences.length; si++) {
    for (const it of items(si)) {
      // A one-word run never gives two parts: passed before its name is computed.
      if (it.kind !== 'name' || it.run.words.length < 2 || HONORIFICS.has(it.run.lowers[0]!)) continue;
      // Two or three parts, and no organisation word (what isPerson asks of such a run).
      const name = nameOf(it.run);
      let spaces = 0;
      for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) === 0x20) spaces++;
      if (spaces < 1 || spaces > 2 || orgRun(it.run)) continue;
      const surname = name.slice(name.lastIndexOf(' ') + 1);
      const seen = fullNames.get(surname);
      fullNames.set(surname, seen === undefined || seen === name ? name : '');
    }
  }
  const resolveAt = (si: number, anchor: number, after: boolean): string | undefined => {
    const list = items(si);
    const subjectBefore = (verbIndex: number): string | undefined => {
      // "X said", "X, the governor of Y, said", "the governor, X, said": a name or pronoun right before the verb,
      // or before it with an apposition set off by commas in between.
      const verb = list[verbIndex] as Extract<Item, { kind: 'verb' }>;
      for (let j = verbIndex - 1; j >= 0; j--) {
        const it = list[j]!;
        if (it.kind === 'verb' || pos0(it) < verb.at - WINDOW) break;
        const itEnd = it.kind === 'name' ? it.run.end : it.at + it.word.length;
        const gap = text.slice(itEnd, verb.at);
        if (!subjectGap(gap)) continue;
        if (it.kind === 'pronoun') return lastPerson(it.at, si, it.word === 'it');
        return display(it.run);
      }
      return undefined;
    };
    const objectAfter = (verbIndex: number): string | undefined => {
      // "said X", "according to X", "said Final Wars producer Shogo Tomiyama": a name right after the verb
      // (after "to" for "according"); when role words follow it, a person named within a few more words wins.
      const verb = list[verbIndex] as Extract<Item, { kind: 'verb' }>;
      const next = list[verbIndex + 1];
      if (next === undefined) return undefined;
      const gap = text.slice(verb.end, pos0(next));
      if (/[“"«„‘]/.test(gap) || words(gap).length > (verb.word === 'according' ? 1 : 0)) return undefined;
      if (next.kind === 'pronoun') return lastPerson(next.at, si, next.word === 'it');
      if (next.kind !== 'name') return undefined;
      const later = list[verbIndex + 2];
      if (later !== undefined && later.kind === 'name' && isPerson(later.run, fullNames) && later.run.words.length >= 2) {
        const between = text.slice(next.run.end, later.run.start);
        if (/^[\p{Ll}\s'-]+$/u.test(between) && words(between).length <= 3) return display(later.run);
      }
      return display(next.run);
    };
    if (after) {
      // Tag right after the quotation ("…,” said X", "…,” X said", "…,” the governor, X, said"): the first verb within a few words.
      const endsClause = /[,.!?…]$/.test(text.slice(Math.max(0, anchor - 1), anchor));
      for (let j = itemsBefore(list, anchor); j < list.length; j++) {
        const it = list[j]!;
        if (pos0(it) > anchor + WINDOW) break;
        if (it.kind !== 'verb' || it.at < anchor) continue;
        const gap = text.slice(anchor, it.at);
        if (/[“"«„‘]/.test(gap.slice(1))) return undefined;
        const n = words(gap).length;
        if (n > 8 || (!endsClause && !/^[”"’»']?\s*[,:-]/.test(gap))) return undefined;
        // "…,” X said" / "…,” he told Y": the subject right before the verb; "…,” said X": the name after it.
        const subject = words(gap).length > 0 ? subjectBefore(j) : undefined;
        return subject ?? objectAfter(j) ?? subjectBefore(j);
      }
      return undefined;
    }
    // Introduction before the quotation: the nearest verb before it that has a subject (or "according to X").
    for (let j = itemsBefore(list, anchor + 1) - 1; j >= 0; j--) {
      const it = list[j]!;
      if (pos0(it) < anchor - WINDOW) break;
      if (it.kind !== 'verb' || it.at > anchor) continue;
      const who = it.word === 'according' ? objectAfter(j) : (subjectBefore(j) ?? objectAfter(j));
      if (who !== undefined) return who;
    }
    return undefined;
  };
  let prev: QuoteRef | undefined;
  for (const q of quotes) {
    if (q.role !== undefined) continue;
    const si = q.sentence;
    const endSentence = sentenceAt(doc, q.end);
    let speaker = resolveAt(endSentence, q.end, true) ?? resolveAt(si, q.start, false);
    if (speaker === undefined && prev !== undefined && prev.speaker !== undefined) {
      // A quotation that runs on from the previous one (only marks and white space between) continues it.
      const between = text.slice(prev.end, q.start);
      if (/^[\s"”“„«».,;:!?’‘']*$/.test(between)) speaker = prev.speaker;
    }
    if (speaker === undefined && si > 0) {
      // The previous sentence attributes speech ("X said on Telegram that …. Troops were “pinning down” …").
      const before = items(si - 1);
      for (let j = before.length - 1; j >= Math.max(0, before.length - LOOKBACK_ITEMS) && speaker === undefined; j--) {
        if (before[j]!.kind === 'verb') speaker = resolveAt(si - 1, pos0(before[j]!) + 1, false);
      }
    }
    if (speaker !== undefined && speaker !== '') {
      q.speaker = speaker;
      lastSpeaker = speaker;
    }
    prev = q;
  }
}

/** Words that may stand between a subject and its speech verb ("Putin has meanwhile vowed"). */
const AUXILIARIES: ReadonlySet<string> = Object.freeze(
  new Set('has have had is was were will would also has meanwhile then later previously repeatedly again once earlier today yesterday since just already'.split(' ')),
);

/**
 * Whether the text between a subject and a speech verb keeps them together: nothing (marks aside), up to
 * two auxiliaries or adverbs, or an apposition set off by commas ("X, the governor of Y, said").
 */
function subjectGap(gap: string): boolean {
  if (/^[\s”"’']*$/.test(gap)) return true;
  if (/^[”"’']?\s*,/.test(gap) && /,\s*$/.test(gap)) return words(gap).length <= 12;
  const ws = words(gap);
  return ws.length <= 2 && /^[\s\p{L}']*$/u.test(gap) && ws.every((w) => AUXILIARIES.has(w.text.toLowerCase()));
}

/** How far (in characters) from a quotation or a verb attribution words are looked for. */
const WINDOW = 300;
/** How many attribution items a backward search looks at, at most. */
const LOOKBACK_ITEMS = 60;

/** Index of the first quotation of `qs` (sorted, disjoint) that ends at or after `pos`. */
function firstEndingAfter(qs: readonly QuoteRef[], pos: number): number {
  let lo = 0;
  let hi = qs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (qs[mid]!.end < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of items of `list` (sorted by position) that start before `pos`. */
function itemsBefore(list: readonly Item[], pos: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pos0(list[mid]!) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Offset of an attribution item. */
function pos0(it: Item): number {
  return it.kind === 'name' ? it.run.start : it.at;
}
