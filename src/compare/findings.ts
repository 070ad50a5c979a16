/**
 * Findings: quotations compared across the sentence alignment, plus the
 * name and number findings of `facts`, in one list ordered by position in
 * the candidate.
 *
 * Quotations are paired in three rounds, each only among quotations still
 * unpaired:
 * 1. the same words (case, punctuation and quote-mark style aside), wherever
 *    they stand — a verbatim quotation may move anywhere;
 * 2. through the alignment: a quotation of an original sentence with a
 *    quotation of the candidate sentences aligned with it, best word overlap
 *    first; a spun quotation may share no word with its source ("real
 *    dilemma" → "spoken quandary"), the alignment is what pairs them;
 * 3. by speaker and word overlap, for quotations whose sentences were not
 *    aligned;
 * 4. a quotation split in two around its attribution (“…,” she said. “…”):
 *    an unpaired neighbour of a partner that holds words of the original
 *    quotation the partner lacks is another piece of it.
 * Each pair is compared word by word (words mapped to symbols, then edit
 * distance): a changed content word is `high`; case, punctuation, a
 * spelling variant (organise/organize) or an inflection (make/making) alone
 * is `low`. An unpaired original quotation is `unquoted-quote` when its
 * sentence is aligned (its words became indirect speech), else
 * `dropped-quote`; an unpaired candidate quotation whose words the original
 * does not contain is `added-quote`.
 *
 * A `related` pair (independent coverage) is only searched for variants of
 * the same quotation: same speaker, shared words, neither a fragment of the
 * other. An `unrelated` pair has no findings.
 */
import type { AlignedGroup, Doc, Finding, QuoteRef, Severity, TextSpan, Token, Verdict } from '../types';
import { compareNames, compareNumbers, firstTokenFrom, liveNeighbour, nameRelation, transliterationMemo } from './facts';
import { toSpan } from './quotes';

// ---------------------------------------------------------------------------
// Words of a quotation
// ---------------------------------------------------------------------------

/**
 * The tokens inside a quotation.
 * @example
 * quoteTokens(doc, { start: 1, end: 13, sentence: 0 }).map((t) => t.norm); // ['real', 'dilemma']
 */
export function quoteTokens(doc: Doc, q: QuoteRef): Token[] {
  const out: Token[] = [];
  for (let k = firstTokenFrom(doc, q.start); k < doc.tokens.length; k++) {
    const t = doc.tokens[k]!;
    if (t.end > q.end) break;
    out.push(t);
  }
  return out;
}

/** Characters dropped from the end of a quotation before comparing (white space and closing punctuation). */
const TRAILING: ReadonlySet<string> = Object.freeze(new Set([' ', '\t', '\n', '\r', ',', '.', ';', ':', '!', '?', '…']));

/**
 * Quotation text for comparison: trailing punctuation dropped, white space
 * collapsed, quote marks and apostrophes folded. A hand-written trim, so a
 * long run of punctuation costs linear time.
 */
function surfaceKey(doc: Doc, q: QuoteRef): string {
  let end = q.end;
  while (end > q.start && TRAILING.has(doc.norm[end - 1]!)) end--;
  return doc.norm
    .slice(q.start, end)
    .replace(/\s+/g, ' ')
    .replace(/[‘’“”"'«»„]/g, "'");
}

/** Last letters (e, d, s, g, n, r, l: colourful) of the endings {@link spellingKey} rewrites. */
const SPELLING_FINALS: ReadonlySet<number> = new Set([...'edsgnrl'].map((c) => c.charCodeAt(0)));

/**
 * A spelling key that British and American spellings share
 * (organise/organize, apologised/apologized, colour/color, centre/center,
 * programme/program, travelled/traveled, defence/defense, analyse/analyze,
 * and whole words such as aeroplane/airplane and grey/gray).
 * @example
 * spellingKey('apologise') === spellingKey('apologize'); // true
 */
export function spellingKey(word: string): string {
  return lowerSpellingKey(word.toLowerCase());
}

/**
 * British and American spellings that no ending rule of {@link spellingKey} covers, each pair as
 * "british american": whole words (and their plurals in -s), keyed by the American form. Pairs that
 * are also two different words (cheque/check, storey/story, tyre/tire, draught/draft, kerb/curb,
 * tonne/ton) are left out: the change of one into the other is no spelling variant there.
 */
const WORD_VARIANTS: ReadonlyMap<string, string> = Object.freeze(
  new Map(
    (
      'aeroplane airplane,aluminium aluminum,grey gray,greying graying,jewellery jewelry,moustache mustache,pyjamas pajamas,' +
      'sceptic skeptic,sceptical skeptical,scepticism skepticism,plough plow,doughnut donut,manoeuvre maneuver,cosy cozy,' +
      'judgement judgment,ageing aging,artefact artifact,sulphur sulfur,yoghurt yogurt,mould mold,mouldy moldy,' +
      'smoulder smolder,paediatric pediatric,paediatrician pediatrician,anaemia anemia,anaesthetic anesthetic,' +
      'encyclopaedia encyclopedia,foetus fetus,oestrogen estrogen,diarrhoea diarrhea,haemorrhage hemorrhage,' +
      'leukaemia leukemia,orthopaedic orthopedic,mum mom,gaol jail,towards toward,learnt learned,spelt spelled,' +
      'burnt burned,dreamt dreamed,leapt leaped,enrol enroll,enrolment enrollment,fulfil fulfill,fulfilment fulfillment,' +
      'instil instill,distil distill,skilful skillful,wilful willful,practise practice,practised practiced,' +
      'practising practicing,axe ax,annexe annex'
    )
      .split(',')
      .flatMap((pair) => {
        const [british, american] = pair.split(' ') as [string, string];
        return [
          [british, american],
          [american, american],
        ] as Array<[string, string]>;
      }),
  ),
);

/**
 * Past forms of common irregular English verbs, by base form ("took" → "take"), so that a change of
 * tense inside a quotation reads as an inflection like make → making. Forms that are as often another
 * word (left, found, saw, bit, lay, rose, shot, wound, born) are left out.
 */
const IRREGULAR_FORMS: ReadonlyMap<string, string> = Object.freeze(
  new Map(
    (
      'go went gone,take took taken,make made,come came,get got gotten,give gave given,know knew known,see seen,' +
      'think thought,become became,feel felt,bring brought,begin began begun,keep kept,hold held,' +
      'write wrote written,stand stood,hear heard,mean meant,meet met,run ran,pay paid,sit sat,speak spoke spoken,lead led,' +
      'grow grew grown,lose lost,fall fell fallen,send sent,build built,understand understood,draw drew drawn,' +
      'break broke broken,spend spent,win won,buy bought,sell sold,teach taught,catch caught,fight fought,seek sought,' +
      'choose chose chosen,drive drove driven,eat ate eaten,fly flew flown,forget forgot forgotten,freeze froze frozen,' +
      'hide hid hidden,ride rode ridden,shake shook shaken,steal stole stolen,strike struck,swim swam swum,throw threw thrown,' +
      'wear wore worn,beat beaten,deal dealt,dig dug,feed fed,flee fled,hang hung,lend lent,ring rang rung,sing sang sung,' +
      'sink sank sunk,sleep slept,slide slid,spin spun,stick stuck,sting stung,swear swore sworn,sweep swept,swing swung,' +
      'tear tore torn,wake woke woken,weep wept,forgive forgave forgiven,undertake undertook undertaken,overcome overcame,' +
      'withdraw withdrew withdrawn,arise arose arisen,rise risen'
    )
      .split(',')
      .flatMap((entry) => {
        const [base, ...forms] = entry.split(' ') as [string, ...string[]];
        return forms.map((form) => [form, base] as [string, string]);
      }),
  ),
);

/** The {@link WORD_VARIANTS} key of a lower-cased word or of its plural in -s, if it has one. */
function wordVariant(lower: string): string | undefined {
  const whole = WORD_VARIANTS.get(lower);
  if (whole !== undefined || lower.charCodeAt(lower.length - 1) !== 0x73) return whole;
  const single = WORD_VARIANTS.get(lower.slice(0, -1));
  return single === undefined ? undefined : single + 's';
}

/** {@link spellingKey} of a word that is lower-cased already. */
function lowerSpellingKey(lower: string): string {
  const variant = wordVariant(lower);
  if (variant !== undefined) return variant;
  // Every rule below needs the word to end in e, d, s, g, n, r or l; a word that ends otherwise
  // matches none of them, so skip the eight regular expressions (most words).
  if (!SPELLING_FINALS.has(lower.charCodeAt(lower.length - 1))) return lower;
  // Each rewrite runs only when the word ends the way its pattern needs (a no-op otherwise), tested with endsWith.
  let w = lower;
  // Every ending of a list holds its stem's letters (is, ys, our, ll): one substring search rules most words out.
  if (w.includes('is') && endsWithAny(w, IS_ENDINGS)) w = w.replace(/is(e|ed|es|ing|ation|ations|er|ers)$/, 'iz$1');
  if (w.includes('ys') && endsWithAny(w, YS_ENDINGS)) w = w.replace(/ys(e|ed|es|ing)$/, 'yz$1');
  if (w.includes('our') && endsWithAny(w, OUR_ENDINGS)) w = w.replace(/our(s|ed|ing|ful|ite|ites)?$/, 'or$1');
  if (w.endsWith('tre') || w.endsWith('tres')) w = w.replace(/tre(s)?$/, 'ter$1');
  if (w.endsWith('mme') || w.endsWith('mmes')) w = w.replace(/mme(s)?$/, 'm$1');
  if (w.endsWith('ence') || w.endsWith('ences')) w = w.replace(/ence(s)?$/, 'ense$1');
  if (w.endsWith('ogue') || w.endsWith('ogues')) w = w.replace(/ogue(s)?$/, 'og$1');
  if (w.includes('ll') && endsWithAny(w, LL_ENDINGS)) w = w.replace(/([aeiou])ll(ed|ing|er|ers)$/, '$1l$2');
  return w;
}

/** Endings the patterns of {@link spellingKey} need, rule by rule (a superset is enough: the pattern decides). */
const IS_ENDINGS: readonly string[] = Object.freeze(['ise', 'ised', 'ises', 'ising', 'isation', 'isations', 'iser', 'isers']);
const YS_ENDINGS: readonly string[] = Object.freeze(['yse', 'ysed', 'yses', 'ysing']);
const OUR_ENDINGS: readonly string[] = Object.freeze(['our', 'ours', 'oured', 'ouring', 'ourful', 'ourite', 'ourites']);
const LL_ENDINGS: readonly string[] = Object.freeze(['lled', 'lling', 'ller', 'llers']);

/** Whether `w` ends with one of `endings`. */
function endsWithAny(w: string, endings: readonly string[]): boolean {
  for (const e of endings) if (w.endsWith(e)) return true;
  return false;
}

/** A memo of spelling keys for one comparison (spellingKey runs a handful of regular expressions). */
type KeyMemo = Map<string, string>;

/**
 * `spellingKey(word)` of a lower-cased word (a token's norm or stem: lower-casing them again changes
 * nothing), through `memo`. A word whose last letter ends no rewritten ending is its own key, with no
 * look-up: most words.
 */
function keyOf(memo: KeyMemo, word: string): string {
  if (!SPELLING_FINALS.has(word.charCodeAt(word.length - 1))) return WORD_VARIANTS.get(word) ?? word;
  let k = memo.get(word);
  if (k === undefined) {
    k = lowerSpellingKey(word);
    memo.set(word, k);
  }
  return k;
}

/** Spelling keys of the content words' stems of a sentence (read only; one set per sentence of a comparison). */
type SentenceKeys = (doc: Doc, si: number) => ReadonlySet<string>;

/** A {@link SentenceKeys} that builds each sentence's set once, for one comparison. */
function sentenceKeysCache(memo: KeyMemo): SentenceKeys {
  const cache = new Map<Doc, Array<Set<string> | undefined>>();
  return (doc, si) => {
    let perDoc = cache.get(doc);
    if (perDoc === undefined) cache.set(doc, (perDoc = new Array<Set<string> | undefined>(doc.sentences.length)));
    let keys = perDoc[si];
    if (keys === undefined) {
      keys = new Set<string>();
      const s = doc.sentences[si]!;
      for (let k = s.tokenStart; k < s.tokenEnd; k++) if (!doc.tokens[k]!.stop) keys.add(keyOf(memo, doc.tokens[k]!.stem));
      perDoc[si] = keys;
    }
    return keys;
  };
}

/** A crude stem of a spelling key: common inflection endings cut. */
function stemOfKey(k: string): string {
  return k.replace(/(ing|ed|es|s|e)$/, '');
}

/** Result of comparing two quotations word by word. */
interface WordDiff {
  /** No word differs (case, punctuation or mark style may). */
  sameWords: boolean;
  /** Only case, punctuation, spelling variants, inflections or function words differ. */
  minor: boolean;
}

/** Largest product of word counts compared by full edit distance; longer quotations are compared as word bags. */
const MAX_DP_CELLS = 250_000;

/**
 * Compare two token sequences: words mapped to symbols, then a word-level
 * edit distance whose substitutions, insertions and deletions decide
 * whether the change is minor.
 */
function diffWords(a: readonly Token[], b: readonly Token[], memo: KeyMemo): WordDiff {
  const sameWords = a.length === b.length && a.every((t, k) => t.norm === b[k]!.norm);
  if (sameWords) return { sameWords, minor: true };
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_DP_CELLS) {
    // Bag comparison: minor when the content stems are the same multiset.
    const bag = (ts: readonly Token[]): string => ts.filter((t) => !t.stop).map((t) => spellingKey(t.stem)).sort().join(' ');
    return { sameWords, minor: bag(a) === bag(b) };
  }
  // Symbols: equal norms are one symbol. Each token also gets a symbol for its stem, its spelling key and
  // that key's crude stem, so that the regular expressions of spellingKey and stemOfKey run
  // once per token instead of once per cell of the table.
  const ids = new Map<string, number>();
  const sym = (x: string): number => {
    let id = ids.get(x);
    if (id === undefined) {
      id = ids.size;
      ids.set(x, id);
    }
    return id;
  };
  const forms = (ts: readonly Token[]) => {
    const norm = new Int32Array(ts.length);
    const stem = new Int32Array(ts.length);
    const key = new Int32Array(ts.length);
    const keyStem = new Int32Array(ts.length);
    for (let k = 0; k < ts.length; k++) {
      const t = ts[k]!;
      const spelling = keyOf(memo, t.norm);
      // Prefixed, so that a norm and a stem or key that happen to be the same string stay distinct symbols.
      norm[k] = sym(t.norm);
      stem[k] = sym('\u0001' + t.stem);
      key[k] = sym('\u0002' + spelling);
      keyStem[k] = sym('\u0002' + stemOfKey(IRREGULAR_FORMS.get(t.norm) ?? spelling));
    }
    return { norm, stem, key, keyStem };
  };
  const fa = forms(a);
  const fb = forms(b);
  const sa = fa.norm;
  const sb = fb.norm;
  /** Whether a[i] and b[j] are the same word in another form (same norm or stem, spelling variant, inflection). */
  const same = (i: number, j: number): boolean =>
    sa[i] === sb[j] || fa.stem[i] === fb.stem[j] || fa.key[i] === fb.key[j] || fa.keyStem[i] === fb.keyStem[j];
  // cost[i][j]: edit distance of a[0,i) and b[0,j); substitutions of the same word in another form cost less.
  const W = m + 1;
  const cost = new Float64Array((n + 1) * W);
  for (let i = 0; i <= n; i++) cost[i * W] = i;
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = sa[i - 1] === sb[j - 1] ? 0 : same(i - 1, j - 1) ? 0.5 : 1.01;
      cost[i * W + j] = Math.min(cost[(i - 1) * W + j]! + 1, cost[i * W + j - 1]! + 1, cost[(i - 1) * W + j - 1]! + sub);
    }
  }
  // Walk back through the cheapest path; any edit touching a content word is a real change.
  let minor = true;
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cost[i * W + j]!;
    if (i > 0 && j > 0) {
      const eq = sa[i - 1] === sb[j - 1];
      const variant = !eq && same(i - 1, j - 1);
      const sub = eq ? 0 : variant ? 0.5 : 1.01;
      if (Math.abs(cost[(i - 1) * W + j - 1]! + sub - here) < 1e-9) {
        if (!eq && !variant && !(a[i - 1]!.stop && b[j - 1]!.stop)) minor = false;
        i--;
        j--;
        continue;
      }
    }
    if (i > 0 && Math.abs(cost[(i - 1) * W + j]! + 1 - here) < 1e-9) {
      if (!a[i - 1]!.stop) minor = false;
      i--;
    } else {
      if (j > 0 && !b[j - 1]!.stop) minor = false;
      j--;
    }
  }
  // A change that turns a statement round ("we are confident" → "we are not confident") is never minor,
  // though the words that do it are function words.
  if (minor && negations(a) !== negations(b)) minor = false;
  return { sameWords, minor };
}

/** Words that negate ("not", "never", "no", and contractions in -n't). */
const NEGATIONS: ReadonlySet<string> = Object.freeze(new Set('not no never nothing none nobody neither nor cannot nowhere'.split(' ')));

/** How many of `ts` negate: {@link NEGATIONS} and words ending in n't. */
function negations(ts: readonly Token[]): number {
  let n = 0;
  for (const t of ts) if (NEGATIONS.has(t.norm) || t.norm.endsWith("n't")) n++;
  return n;
}

/** Content stems of tokens (stopwords left out, spelling variants folded). */
function contentStems(ts: readonly Token[], memo: KeyMemo): Set<string> {
  const out = new Set<string>();
  for (const t of ts) if (!t.stop) out.add(keyOf(memo, t.stem));
  return out;
}

/** Dice similarity of two sets. */
function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  // The shared count is the same either way round: walk the smaller set.
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Whether the stems of `short` occur as a contiguous run inside those of `long` (a fragment of the same quotation). */
function fragmentOf(short: Q, long: Q): boolean {
  if (short.keys.length === 0 || short.keys.length > long.keys.length) return false;
  const s = short.keys;
  const l = long.keys;
  outer: for (let k = 0; k + s.length <= l.length; k++) {
    for (let x = 0; x < s.length; x++) if (l[k + x] !== s[x]) continue outer;
    return true;
  }
  return false;
}

/** Whether quotation `c` is a fragment of one of `quotes` (looked up through a shared content word). */
function fragmentOfAny(c: Q, quotes: readonly Q[], byStem: ReadonlyMap<string, number[]>): boolean {
  let rarest: number[] | undefined;
  for (const x of c.stems) {
    const list = byStem.get(x);
    if (list === undefined) return false;
    if (rarest === undefined || list.length < rarest.length) rarest = list;
  }
  if (rarest === undefined) return false;
  return rarest.some((oi) => fragmentOf(c, quotes[oi]!));
}

/** Whether `ts` occurs as a contiguous run of words in `doc` (by lower-cased form), anchored on its rarest word. */
function occursIn(ts: readonly Token[], doc: Doc, index: ReadonlyMap<string, number[]>): boolean {
  if (ts.length === 0) return true;
  let anchor = 0;
  let fewest = Infinity;
  for (let x = 0; x < ts.length; x++) {
    const n = index.get(ts[x]!.norm)?.length ?? 0;
    if (n === 0) return false;
    if (n < fewest) {
      fewest = n;
      anchor = x;
    }
  }
  outer: for (const k of index.get(ts[anchor]!.norm)!) {
    const start = k - anchor;
    if (start < 0) continue;
    for (let x = 0; x < ts.length; x++) if (doc.tokens[start + x]?.norm !== ts[x]!.norm) continue outer;
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

/** Longest quotation text shown in a message, in characters. */
const MESSAGE_QUOTE_MAX = 100;

/** A quotation for a message: curly marks, cut with … when long. */
function shown(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return `“${one.length > MESSAGE_QUOTE_MAX ? one.slice(0, MESSAGE_QUOTE_MAX - 1).trimEnd() + '…' : one}”`;
}

/** " (Speaker)" or "". */
function who(speaker: string | undefined): string {
  return speaker === undefined ? '' : ` (${speaker})`;
}

// ---------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------

/** A quotation ready for comparison. */
interface Q {
  /** The quotation. */
  ref: QuoteRef;
  /** Its tokens. */
  tokens: Token[];
  /** Spelling keys of its tokens' stems, in order. */
  keys: string[];
  /** The same keys as a set. */
  allKeys: Set<string>;
  /** Content stems. */
  stems: Set<string>;
  /** Content stems of its sentences: the context that tells apart quotations of one speaker (shared between quotations of a sentence). */
  context: ReadonlySet<string>;
  /** Comparison key of its text, lower-cased (for pairing). */
  key: string;
  /** Comparison key of its text, case kept (a case change is a finding). */
  exact: string;
  /** Sentences it spans. */
  sentences: number[];
  /** {@link surname} of its speaker, when it has one. */
  surname: string | undefined;
  /** Paired with (index into the other side), or -1. */
  partner: number;
}

function prepareQuotes(doc: Doc, quotes: readonly QuoteRef[], memo: KeyMemo, keysOf: SentenceKeys): Q[] {
  const out: Q[] = [];
  for (const ref of quotes) {
    if (ref.role !== undefined) continue;
    const s = doc.sentences[ref.sentence];
    if (s !== undefined && s.boilerplate) continue;
    const tokens = quoteTokens(doc, ref);
    if (tokens.length === 0) continue;
    const sentences: number[] = [];
    for (let k = ref.sentence; k < doc.sentences.length && doc.sentences[k]!.start < ref.end; k++) sentences.push(k);
    if (sentences.length === 0) sentences.push(ref.sentence);
    const exact = surfaceKey(doc, ref);
    // One shared set per sentence (a quotation's own words included: the quoted-word score weighs those anyway).
    const context = unionOf(sentences.filter((si) => doc.sentences[si] !== undefined).map((si) => keysOf(doc, si)));
    const keys = tokens.map((t) => keyOf(memo, t.stem));
    const speaker = ref.speaker === undefined ? undefined : surname(ref.speaker);
    out.push({ ref, tokens, keys, allKeys: new Set(keys), stems: contentStems(tokens, memo), context, key: exact.toLowerCase(), exact, sentences, surname: speaker, partner: -1 });
  }
  return out;
}

/** Word overlap score of two quotations for pairing: content-stem Dice, all-word Dice as a tie-breaker. */
function overlap(a: Q, b: Q): number {
  return dice(a.stems, b.stems) + 0.01 * dice(a.allKeys, b.allKeys);
}

/** Largest sentence context (in content words) worth comparing; longer "sentences" are not prose. */
const MAX_CONTEXT = 400;

/** Dice similarity of two quotations' sentence contexts (0 for oversized contexts). */
function contextDice(a: Q, b: Q): number {
  return a.context.size > MAX_CONTEXT || b.context.size > MAX_CONTEXT ? 0 : dice(a.context, b.context);
}

/** The last word of a speaker's name, lower-cased ("Joe Biden" → "biden"). */
function surname(speaker: string): string {
  const parts = speaker.toLowerCase().split(' ');
  return parts[parts.length - 1]!;
}

/**
 * Whether two quotations' speakers name the same person ("Joe Biden" / "Biden"; a misspelt or
 * transliterated surname too: Gladkov / Klatkov). `key` is a memo of `transliterationKey`: the
 * quotation rounds ask about many pairs of few surnames.
 */
function sameSpeaker(a: Q, b: Q, key: (name: string) => string): boolean {
  const x = a.surname;
  const y = b.surname;
  if (x === undefined || y === undefined) return false;
  return x === y || nameRelation(x, y, key) !== undefined;
}

/** Fewest words of an original quotation, missing from its partner, that make a neighbouring quotation another piece of it. */
const MIN_PIECE_WORDS = 2;
/** Least share of a piece's content words that must be such words. */
const PIECE_SHARE = 0.3;
/** Most words of the attribution between two pieces of a split quotation ("she said", "the minister told reporters"). */
const MAX_ATTRIBUTION_WORDS = 8;

/**
 * Whether only a short attribution stands between quotations `a` and `b` (in this order) of `doc`: at most
 * {@link MAX_ATTRIBUTION_WORDS} words (and at most 24 characters a word), within one sentence break (“…,” she said. “…”).
 */
function attributionBetween(doc: Doc, a: Q, b: Q): boolean {
  if (b.ref.sentence - a.ref.sentence > 1 || b.ref.start - a.ref.end > 24 * MAX_ATTRIBUTION_WORDS) return false;
  let words = 0;
  for (let k = firstTokenFrom(doc, a.ref.end); k < doc.tokens.length && doc.tokens[k]!.end <= b.ref.start; k++) words++;
  return words <= MAX_ATTRIBUTION_WORDS;
}

/** Weight of the sentences' shared words when ranking quotation partners: enough to break ties, not to outvote the quoted words. */
const CONTEXT_WEIGHT = 0.1;

/** Most unpaired candidates weighed per text key when pairing identical quotations. */
const MAX_WEIGHED = 32;
/** Longest posting list kept per word or speaker when looking up loose partners. */
const MAX_POSTING = 64;

/**
 * All findings of a pair, ordered by position in the candidate: quotation
 * findings (see the module comment) and, for a rewrite or duplicate, the
 * names and numbers changed in aligned sentences outside quotations. Every
 * span is in the caller's coordinates (`text.slice(start, end) === text`).
 * @example
 * const a = prepare('US president Joe Biden called it a “real dilemma” for Putin.');
 * const b = prepare('President Joe Biden dubbed it a “spoken quandary” for Putin.');
 * const quotes = { original: extractQuotes(a), candidate: extractQuotes(b) };
 * compareDocs(a, b, [{ original: [0], candidate: [0], similarity: 0.5, kind: 'paraphrase' }], 'rewrite', quotes);
 * // [{ kind: 'altered-quote', severity: 'high', speaker: 'Joe Biden', message: 'Quote altered (Joe Biden): “real dilemma” → “spoken quandary”', … }]
 */
export function compareDocs(
  orig: Doc,
  cand: Doc,
  groups: AlignedGroup[],
  verdict: Verdict,
  quotes: { original: QuoteRef[]; candidate: QuoteRef[] },
): Finding[] {
  if (verdict === 'unrelated') return [];
  const related = verdict === 'related';
  const memo: KeyMemo = new Map();
  const translit = transliterationMemo();
  const keysOf = sentenceKeysCache(memo);
  const candSentenceKeys = (si: number): ReadonlySet<string> => keysOf(cand, si);
  const O = prepareQuotes(orig, quotes.original, memo, keysOf);
  // Comparison keys of the candidate's quotations that are titles or headlines, not speech; built on first need.
  let titledMemo: Set<string> | undefined;
  const titledKeys = (): Set<string> =>
    (titledMemo ??= new Set(quotes.candidate.filter((q) => q.role !== undefined).map((q) => surfaceKey(cand, q).toLowerCase())));
  const C = prepareQuotes(cand, quotes.candidate, memo, keysOf);
  // Alignment by sentence, repaired where a split or a merge was missed (see softAlignment); built on
  // first use, as a related pair needs it only to choose among identical quotations.
  let linksMemo: Links | undefined;
  const links = (): Links => (linksMemo ??= softAlignment(orig, cand, groups, quotes.original, quotes.candidate, keysOf));
  const alignedCand = (o: Q): Set<number> => {
    const out = new Set<number>();
    const { origToCand } = links();
    for (const s of o.sentences) for (const c of origToCand.get(s) ?? []) out.add(c);
    return out;
  };
  const pair = (oi: number, ci: number): void => {
    O[oi]!.partner = ci;
    C[ci]!.partner = oi;
  };

  // Round 1: the same words, anywhere. Prefer partners in aligned sentences, then the nearest in order.
  // Candidates are looked up by text and by word sequence; only the first few unpaired ones of a key are weighed.
  const byKey = new Map<string, number[]>();
  const index = (key: string, ci: number): void => {
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [ci]);
    else list.push(ci);
  };
  const wordsKey = (q: Q): string => '\u0001' + q.tokens.map((t) => t.norm).join(' ');
  const heads = new Map<string, number>();
  C.forEach((c, ci) => {
    index(c.key, ci);
    if (wordsKey(c) !== c.key) index(wordsKey(c), ci);
  });
  const weighed: number[] = [];
  for (let oi = 0; oi < O.length; oi++) {
    const o = O[oi]!;
    weighed.length = 0;
    for (const key of [o.key, wordsKey(o)]) {
      const list = byKey.get(key);
      if (list === undefined) continue;
      // Paired entries at the head of a list are passed once; only the first few unpaired ones are weighed.
      let head = heads.get(key) ?? 0;
      while (head < list.length && C[list[head]!]!.partner >= 0) head++;
      heads.set(key, head);
      let count = 0;
      for (let k = head; k < list.length && count < MAX_WEIGHED; k++) {
        const ci = list[k]!;
        if (C[ci]!.partner >= 0) continue;
        count++;
        weighed.push(ci);
      }
    }
    if (weighed.length === 0) continue;
    // One candidate (the usual case) is chosen without looking at the alignment.
    let best = weighed[0]!;
    if (weighed.some((ci) => ci !== best)) {
      const near = alignedCand(o);
      let bestScore = -Infinity;
      for (const ci of weighed) {
        const score = (C[ci]!.sentences.some((x) => near.has(x)) ? 1e9 : 0) - Math.abs(ci - oi);
        if (score > bestScore) {
          bestScore = score;
          best = ci;
        }
      }
    }
    pair(oi, best);
  }

  // Candidate quotations by sentence, for the rounds below.
  const candBySentence = new Map<number, number[]>();
  C.forEach((c, ci) => {
    for (const x of c.sentences) {
      const list = candBySentence.get(x);
      if (list === undefined) candBySentence.set(x, [ci]);
      else list.push(ci);
    }
  });

  if (!related) {
    // Round 2: through the alignment, best overlap first.
    const cands: Array<{ oi: number; ci: number; score: number }> = [];
    for (let oi = 0; oi < O.length; oi++) {
      const o = O[oi]!;
      if (o.partner >= 0) continue;
      const seen = new Set<number>();
      for (const x of alignedCand(o)) {
        for (const ci of candBySentence.get(x) ?? []) {
          const c = C[ci]!;
          if (c.partner >= 0 || seen.has(ci) || seen.size >= MAX_POSTING) continue;
          seen.add(ci);
          cands.push({ oi, ci, score: overlap(o, c) + (sameSpeaker(o, c, translit) ? 0.05 : 0) + CONTEXT_WEIGHT * contextDice(o, c) });
        }
      }
    }
    cands.sort((x, y) => y.score - x.score || x.oi - y.oi || x.ci - y.ci);
    for (const { oi, ci } of cands) if (O[oi]!.partner < 0 && C[ci]!.partner < 0) pair(oi, ci);
  }

  // Round 3: by speaker and word overlap, anywhere. Partners are looked up by shared content word or speaker.
  const byStem = new Map<string, number[]>();
  const bySpeaker = new Map<string, number[]>();
  const post = (m: Map<string, number[]>, key: string, ci: number): void => {
    const list = m.get(key);
    if (list === undefined) m.set(key, [ci]);
    else if (list.length < MAX_POSTING) list.push(ci);
  };
  C.forEach((c, ci) => {
    if (c.partner >= 0) return;
    for (const x of c.stems) post(byStem, x, ci);
    if (c.surname !== undefined) post(bySpeaker, c.surname, ci);
  });
  const loose: Array<{ oi: number; ci: number; score: number }> = [];
  for (let oi = 0; oi < O.length; oi++) {
    const o = O[oi]!;
    // A related pair only pairs quotations whose speakers are both known (see below).
    if (o.partner >= 0 || (related && o.surname === undefined)) continue;
    const pool = new Set<number>();
    for (const x of o.stems) for (const ci of byStem.get(x) ?? []) pool.add(ci);
    if (o.surname !== undefined) for (const ci of bySpeaker.get(o.surname) ?? []) pool.add(ci);
    for (const ci of [...pool].sort((a, b) => a - b)) {
      const c = C[ci]!;
      if (c.partner >= 0) continue;
      const speaker = sameSpeaker(o, c, translit);
      if (related && !speaker) continue;
      const score = overlap(o, c);
      if (related) {
        // Cross-outlet variants only: same speaker, shared words, neither a fragment of the other.
        if (score < 0.5) continue;
        if (fragmentOf(o, c) || fragmentOf(c, o)) continue;
      } else if (!(score >= 0.5 || (speaker && score >= 0.3))) {
        // Same speaker, no shared word: still one quotation reworded when neither sentence has a quotation
        // partner through the alignment (the candidate's sentence is unaligned, the original's aligned
        // sentences hold no unpaired quotation).
        if (!speaker) continue;
        if (c.sentences.some((x) => links().candToOrig.has(x))) continue;
        const near = alignedCand(o);
        if (C.some((x) => x.partner < 0 && x !== c && x.sentences.some((y) => near.has(y)))) continue;
      }
      loose.push({ oi, ci, score: score + CONTEXT_WEIGHT * contextDice(o, c) });
    }
  }
  loose.sort((x, y) => y.score - x.score || x.oi - y.oi || x.ci - y.ci);
  for (const { oi, ci } of loose) if (O[oi]!.partner < 0 && C[ci]!.partner < 0) pair(oi, ci);

  // Round 4: a quotation split in two around its attribution (“We are sorry,” she said. “The quay has to be
  // safe.”). An unpaired candidate quotation next to the partner of an original quotation, with only a short
  // attribution between them, that holds words of the original quotation its partner lacks, is another piece
  // of it: the pieces are compared with the original together, and none of them is an added quotation.
  const pieces = new Map<number, number[]>();
  if (!related) {
    for (let ci = 0; ci < C.length; ci++) {
      const c = C[ci]!;
      if (c.partner >= 0) continue;
      let best = -1;
      let bestTaken = 0;
      for (const ni of [ci - 1, ci + 1]) {
        const n = C[ni];
        if (n === undefined || n.partner < 0 || !attributionBetween(cand, C[Math.min(ci, ni)]!, C[Math.max(ci, ni)]!)) continue;
        const o = O[n.partner]!;
        let taken = 0;
        for (const x of c.stems) if (o.stems.has(x) && !n.stems.has(x)) taken++;
        if (taken >= MIN_PIECE_WORDS && taken >= PIECE_SHARE * c.stems.size && taken > bestTaken) {
          best = n.partner;
          bestTaken = taken;
        }
      }
      if (best < 0) continue;
      c.partner = best;
      const list = pieces.get(best);
      if (list === undefined) pieces.set(best, [ci]);
      else list.push(ci);
    }
  }

  // Findings, each with the candidate offset it is ordered by.
  const found: Array<{ at: number; tie: number; f: Finding }> = [];
  const altered = (o: Q, c: Q, d: WordDiff, oSpan: TextSpan): void => {
    const cSpan = toSpan(cand, c.ref.start, c.ref.end);
    const speaker = o.ref.speaker ?? c.ref.speaker;
    const f: Finding = {
      kind: 'altered-quote',
      severity: d.minor ? 'low' : 'high',
      original: oSpan,
      candidate: cSpan,
      message: `Quote altered${who(speaker)}: ${shown(oSpan.text)} → ${shown(cSpan.text)}${
        d.sameWords ? ' (case or punctuation only)' : d.minor ? ' (spelling or inflection only)' : ''
      }`,
    };
    if (speaker !== undefined) f.speaker = speaker;
    found.push({ at: cSpan.start, tie: oSpan.start, f });
  };
  // A rewrite that paraphrases the sentences on both sides of an unpaired quotation's unaligned sentence
  // has folded the quotation into their paraphrase ("…," it said. → "…, saying there was no evidence …"):
  // the neighbours' candidate sentences that hold a content word of it their own source does not. A near
  // copy drops it.
  const folded = (o: Q): number[] => {
    if (verdict !== 'rewrite') return [];
    const { origToCand, candToOrig } = links();
    const before = origToCand.get(liveNeighbour(orig, Math.min(...o.sentences), -1));
    const after = origToCand.get(liveNeighbour(orig, Math.max(...o.sentences), 1));
    if (before === undefined || after === undefined || before.size === 0 || after.size === 0) return [];
    // A word of the quotation counts only where the candidate sentence's own source lacks it.
    const explained = (c: number): ReadonlySet<string> => unionOf([...(candToOrig.get(c) ?? [])].map((si) => keysOf(orig, si)));
    return [...new Set([...before, ...after])].filter((c) => sharedCount(o.stems, candSentenceKeys(c), explained(c)) > 0).sort((x, y) => x - y);
  };
  for (let oi = 0; oi < O.length; oi++) {
    const o = O[oi]!;
    const oSpan = toSpan(orig, o.ref.start, o.ref.end);
    if (o.partner >= 0) {
      const split = pieces.get(oi);
      if (split !== undefined) {
        // A split quotation: the pieces, in text order, read together. A piece that is a run of the original's
        // words is kept verbatim; the others are altered. Pieces that are all verbatim but leave words out
        // still alter the quotation (reported on the partner).
        const parts = [o.partner, ...split].sort((x, y) => x - y).map((ci) => C[ci]!);
        const d = diffWords(o.tokens, parts.flatMap((c) => c.tokens), memo);
        if (d.sameWords && parts.every((c) => fragmentOf(c, o))) continue;
        const changed = parts.filter((c) => !fragmentOf(c, o));
        for (const c of changed.length > 0 ? changed : [C[o.partner]!]) altered(o, c, d, oSpan);
        continue;
      }
      const c = C[o.partner]!;
      if (c.exact === o.exact) continue; // verbatim (trailing punctuation and mark style aside)
      const d = diffWords(o.tokens, c.tokens, memo);
      // Outlets covering the same story differ in house style (case, punctuation): not worth a finding.
      if (related && d.sameWords) continue;
      altered(o, c, d, oSpan);
      continue;
    }
    if (related) continue;
    // The same words in marks that the candidate uses as a title or headline ("under the headline
    // 'Harry the Nazi'" for "under the headline: 'Harry the Nazi.'"): kept, only read another way.
    if (titledKeys().has(o.key)) continue;
    const aligned = [...alignedCand(o)].sort((x, y) => x - y);
    const near = aligned.length > 0 ? aligned : folded(o);
    if (near.length > 0) {
      // The quotation's sentence is aligned (or folded into its neighbours' paraphrase): its words live on as
      // indirect speech in the best-matching candidate sentence.
      const sent = bestSentence(near, o.stems, candSentenceKeys);
      const s = cand.sentences[sent]!;
      const cSpan: TextSpan = toSpan(cand, s.start, s.end);
      const f: Finding = {
        kind: 'unquoted-quote',
        severity: 'medium',
        original: oSpan,
        candidate: cSpan,
        message: `Quote turned into indirect speech${who(o.ref.speaker)}: ${shown(oSpan.text)}`,
      };
      if (o.ref.speaker !== undefined) f.speaker = o.ref.speaker;
      found.push({ at: cSpan.start, tie: oSpan.start, f });
      continue;
    }
    const f: Finding = {
      kind: 'dropped-quote',
      severity: 'low',
      original: oSpan,
      message: `Quote dropped${who(o.ref.speaker)}: ${shown(oSpan.text)}`,
    };
    if (o.ref.speaker !== undefined) f.speaker = o.ref.speaker;
    found.push({ at: candidatePositionOf(cand, links().origToCand, o.ref.sentence), tie: oSpan.start, f });
  }
  if (!related) {
    // The original's tokens by norm, built when an unpaired candidate quotation first needs it.
    let origIndexMemo: Map<string, number[]> | undefined;
    const origIndex = (): Map<string, number[]> => (origIndexMemo ??= tokensByNorm(orig));
    const origByStem = new Map<string, number[]>();
    O.forEach((o, oi) => {
      for (const x of o.stems) {
        const list = origByStem.get(x);
        if (list === undefined) origByStem.set(x, [oi]);
        else if (list.length < MAX_POSTING) list.push(oi);
      }
    });
    for (const c of C) {
      if (c.partner >= 0) continue;
      // Marks put around words the original already has are not a new quotation.
      if (occursIn(c.tokens, orig, origIndex())) continue;
      // A piece of a quotation that is paired elsewhere (a quotation split in two) is not new either.
      if (fragmentOfAny(c, O, origByStem)) continue;
      const cSpan = toSpan(cand, c.ref.start, c.ref.end);
      const f: Finding = {
        kind: 'added-quote',
        severity: verdict === 'rewrite' || verdict === 'duplicate' ? 'high' : 'medium',
        candidate: cSpan,
        message: `Quote added${who(c.ref.speaker)}: ${shown(cSpan.text)}`,
      };
      if (c.ref.speaker !== undefined) f.speaker = c.ref.speaker;
      found.push({ at: cSpan.start, tie: -1, f });
    }
    if (verdict === 'rewrite' || verdict === 'duplicate') {
      const facts = [
        ...compareNames(orig, cand, groups, quotes.original, quotes.candidate),
        ...compareNumbers(orig, cand, groups, quotes.original, quotes.candidate),
      ];
      for (const f of facts) found.push({ at: f.candidate?.start ?? 0, tie: f.original?.start ?? 0, f });
    }
  }
  found.sort((x, y) => x.at - y.at || x.tie - y.tie);
  return found.map((x) => x.f);
}

/** The sentence among `sentences` sharing the most content stems with `stems` (the first on ties); `keysOf` gives a sentence's content stems. */
function bestSentence(sentences: readonly number[], stems: ReadonlySet<string>, keysOf: (si: number) => ReadonlySet<string>): number {
  let best = sentences[0]!;
  let bestShared = -1;
  for (const si of sentences) {
    const keys = keysOf(si);
    let shared = 0;
    for (const x of stems) if (keys.has(x)) shared++;
    if (shared > bestShared) {
      bestShared = shared;
      best = si;
    }
  }
  return best;
}

/** Where in the candidate a finding about original sentence `si` belongs: after the candidate sentences of the nearest aligned original sentence before it. */
function candidatePositionOf(cand: Doc, origToCand: ReadonlyMap<number, ReadonlySet<number>>, si: number): number {
  for (let s = si; s >= 0; s--) {
    const cs = origToCand.get(s);
    if (cs === undefined || cs.size === 0) continue;
    const last = cand.sentences[Math.max(...cs)];
    return last === undefined ? 0 : (cand.map[last.end] ?? 0);
  }
  return 0;
}

/** Sentence links between the two documents, both ways. */
interface Links {
  /** Candidate sentences linked with each original sentence. */
  origToCand: Map<number, Set<number>>;
  /** Original sentences linked with each candidate sentence. */
  candToOrig: Map<number, Set<number>>;
}

/** Least number of shared content words, not explained by the neighbour's own partner, that attach an unaligned sentence. */
const SOFT_MIN_SHARED = 2;
/** How many sentences away the aligned neighbour of an unaligned sentence may be. */
const NEIGHBOUR_REACH = 3;
/** Least share of an unaligned sentence's content words that must be shared so. */
const SOFT_MIN_SHARE = 0.2;

/** Longest run of unaligned sentences (on either side) that gap linking pairs up; longer runs mean unrelated passages. */
const MAX_GAP = 8;

/** Shortest common beginning for two content words to count as the same (America / American). */
const SHARED_PREFIX = 5;

/** The indices of `doc`'s tokens by norm, in text order. */
function tokensByNorm(doc: Doc): Map<string, number[]> {
  const index = new Map<string, number[]>();
  doc.tokens.forEach((t, k) => {
    const list = index.get(t.norm);
    if (list === undefined) index.set(t.norm, [k]);
    else list.push(k);
  });
  return index;
}

/** The union of some sets: the set itself when there is one (read only), else a new set. */
function unionOf(sets: ReadonlyArray<ReadonlySet<string>>): ReadonlySet<string> {
  if (sets.length === 1) return sets[0]!;
  const out = new Set<string>();
  for (const set of sets) for (const x of set) out.add(x);
  return out;
}

/** How many words of `own` occur in `other` (equal, or one the other's beginning of 5+ letters) and not in `explained`. */
function sharedCount(own: ReadonlySet<string>, other: ReadonlySet<string>, explained: ReadonlySet<string>): number {
  const prefixes = new Set<string>();
  for (const x of other) if (x.length >= SHARED_PREFIX) prefixes.add(x.slice(0, SHARED_PREFIX));
  let n = 0;
  for (const x of own) {
    if (explained.has(x)) continue;
    if (other.has(x)) n++;
    else if (x.length >= SHARED_PREFIX && prefixes.has(x.slice(0, SHARED_PREFIX))) {
      // Same beginning: count it when one word starts the other (america/american), not mere shared letters.
      for (const y of other) if (y.length >= SHARED_PREFIX && (y.startsWith(x) || x.startsWith(y))) {
        n++;
        break;
      }
    }
  }
  return n;
}

/**
 * The alignment as sentence links, cleaned and repaired for quotation work:
 * - sentences that are boilerplate or nothing but a headline in quotation
 *   marks are unlinked (a headline is not a paraphrase of a quoted sentence);
 * - an unaligned sentence next to an aligned one is linked with that
 *   neighbour's partners when it shares with them content words that the
 *   neighbour itself does not explain: a merge (n:1) or split (1:n) the
 *   alignment missed, e.g. two original sentences paraphrased as one.
 */
function softAlignment(
  orig: Doc,
  cand: Doc,
  groups: readonly AlignedGroup[],
  origQuotes: readonly QuoteRef[],
  candQuotes: readonly QuoteRef[],
  stemsOf: SentenceKeys,
): Links {
  const ignorable = (doc: Doc, quotes: readonly QuoteRef[]): Set<number> => {
    const out = new Set<number>();
    for (const s of doc.sentences) if (s.boilerplate) out.add(s.index);
    for (const q of quotes) {
      if (q.role !== 'headline') continue;
      const s = doc.sentences[q.sentence];
      if (s !== undefined && s.start >= q.start - 1 && s.end <= q.end + 1) out.add(s.index);
    }
    return out;
  };
  const skipO = ignorable(orig, origQuotes);
  const skipC = ignorable(cand, candQuotes);
  const origToCand = new Map<number, Set<number>>();
  const candToOrig = new Map<number, Set<number>>();
  const link = (o: number, c: number): void => {
    if (!origToCand.has(o)) origToCand.set(o, new Set());
    if (!candToOrig.has(c)) candToOrig.set(c, new Set());
    origToCand.get(o)!.add(c);
    candToOrig.get(c)!.add(o);
  };
  for (const g of groups) for (const o of g.original) for (const c of g.candidate) if (!skipO.has(o) && !skipC.has(c)) link(o, c);
  // Snapshots, so that one repair does not feed the next.
  const o2c = new Map([...origToCand].map(([k, v]) => [k, new Set(v)]));
  const c2o = new Map([...candToOrig].map(([k, v]) => [k, new Set(v)]));
  const repair = (
    self: Doc,
    other: Doc,
    skip: ReadonlySet<number>,
    mine: ReadonlyMap<number, ReadonlySet<number>>,
    theirs: ReadonlyMap<number, ReadonlySet<number>>,
    add: (mineIndex: number, otherIndex: number) => void,
  ): void => {
    for (const s of self.sentences) {
      if (skip.has(s.index) || mine.has(s.index) || s.tokenEnd === s.tokenStart) continue;
      const own = stemsOf(self, s.index);
      let best: Set<number> | undefined;
      let bestShared = 0;
      // The nearest aligned sentences before and after, across a short run of unaligned ones.
      const around: number[] = [];
      for (let n = s.index - 1; n >= Math.max(0, s.index - NEIGHBOUR_REACH); n--) if (mine.has(n)) {
        around.push(n);
        break;
      }
      for (let n = s.index + 1; n <= s.index + NEIGHBOUR_REACH; n++) if (mine.has(n)) {
        around.push(n);
        break;
      }
      for (const n of around) {
        const partners = mine.get(n);
        if (partners === undefined) continue;
        const partnerStems = unionOf([...partners].map((p) => stemsOf(other, p)));
        const explained = unionOf([...partners].flatMap((p) => [...(theirs.get(p) ?? [])].map((back) => stemsOf(self, back))));
        const shared = sharedCount(own, partnerStems, explained);
        if (shared >= SOFT_MIN_SHARED && shared >= SOFT_MIN_SHARE * own.size && shared > bestShared) {
          bestShared = shared;
          best = new Set(partners);
        }
      }
      if (best !== undefined) for (const p of best) add(s.index, p);
    }
  };
  repair(orig, cand, skipO, o2c, c2o, (o, c) => link(o, c));
  repair(cand, orig, skipC, c2o, o2c, (c, o) => link(o, c));
  // Gaps: a run of unaligned original sentences between two aligned anchors faces the unaligned candidate
  // sentences between the anchors' partners; when the two runs share a content word they are one passage
  // reworded beyond the alignment's reach.
  // A headline on its own first line (no closing punctuation) paraphrases no sentence of the body.
  const firstLine = new Map<Doc, number>();
  for (const doc of [orig, cand]) firstLine.set(doc, doc.sentences.find((x) => !x.boilerplate)?.line ?? -1);
  const headline = (doc: Doc, si: number): boolean => {
    const s = doc.sentences[si]!;
    if (s.line !== firstLine.get(doc) || /[.!?…"”’»:]$/.test(doc.norm.slice(s.start, s.end))) return false;
    const eol = doc.norm.indexOf('\n', s.end);
    return eol >= 0 && doc.norm.slice(s.end, eol).trim() === '';
  };
  const live = (doc: Doc, skip: ReadonlySet<number>, si: number): boolean =>
    !skip.has(si) && doc.sentences[si]!.tokenEnd > doc.sentences[si]!.tokenStart && !headline(doc, si);
  let k = 0;
  while (k < orig.sentences.length) {
    if (o2c.has(k) || !live(orig, skipO, k)) {
      k++;
      continue;
    }
    const runStart = k;
    while (k < orig.sentences.length && !o2c.has(k)) k++;
    const run = [];
    for (let x = runStart; x < k; x++) if (live(orig, skipO, x) && !origToCand.has(x)) run.push(x);
    if (run.length === 0) continue;
    let prev = runStart - 1;
    while (prev >= 0 && !o2c.has(prev)) prev--;
    const from = prev < 0 ? -1 : Math.max(...o2c.get(prev)!);
    const to = k < orig.sentences.length ? Math.min(...o2c.get(k)!) : cand.sentences.length;
    const gap: number[] = [];
    for (let c = from + 1; c < to; c++) if (!c2o.has(c) && live(cand, skipC, c)) gap.push(c);
    if (gap.length === 0 || run.length > MAX_GAP || gap.length > MAX_GAP) continue;
    const a = new Set<string>();
    for (const x of run) for (const t of stemsOf(orig, x)) a.add(t);
    const b = new Set<string>();
    for (const c of gap) for (const t of stemsOf(cand, c)) b.add(t);
    if (sharedCount(a, b, new Set()) === 0) continue;
    for (const x of run) for (const c of gap) link(x, c);
  }
  return { origToCand, candToOrig };
}
