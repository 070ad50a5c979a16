/**
 * Core data types of respun, in one place. Everything here is plain data and
 * JSON-serialisable (typed arrays aside), so the library, the CLI, the
 * renderers and the Redis storage share them.
 *
 * Public contract types come first (see the README, "Report"), internal
 * pipeline types after them.
 */

/**
 * An article as the caller gives it. Only `text` is required.
 * @example
 * const a: Article = { id: 'reuters-1', text: 'Kyiv said on Tuesday…', publishedAt: '2024-08-14' };
 */
export interface Article {
  /** The article body. Offsets in every report index into this exact string. */
  text: string;
  /** Caller's identifier, echoed in corpus results. */
  id?: string;
  /** Headline, if known separately from the text. */
  title?: string;
  /** Where the article came from. */
  url?: string;
  /** ISO 8601 date or date-time; `findRewrites` uses it to decide which of a pair is the original. */
  publishedAt?: string;
}

/**
 * How the candidate relates to the original.
 * - `duplicate`: a copy, at most lightly edited;
 * - `rewrite`: derived from the original, sentence by sentence, but reworded (spin, paraphrase);
 * - `related`: coverage of the same story, written independently;
 * - `unrelated`: nothing in common worth reporting.
 */
export type Verdict = 'duplicate' | 'rewrite' | 'related' | 'unrelated';

/**
 * A piece of the caller's text. Invariant: `text === input.slice(start, end)`,
 * offsets in UTF-16 code units into the string the caller passed.
 * @example
 * const s: TextSpan = { start: 4, end: 9, text: 'Biden' };
 */
export interface TextSpan {
  /** Index of the first code unit. */
  start: number;
  /** Index one past the last code unit. */
  end: number;
  /** `input.slice(start, end)`. */
  text: string;
}

/** The scores behind a verdict, each in [0, 1]. */
export interface Scores {
  /** Exact Jaccard similarity of the two texts' word 5-shingle sets. */
  shingleJaccard: number;
  /** MinHash estimate of `shingleJaccard`. */
  minhashJaccard: number;
  /** Jaccard similarity of the sets of stemmed content words (stopwords and boilerplate left out). */
  contentJaccard: number;
  /** Share of each text's sentence characters (boilerplate left out) that is aligned with the other text. */
  coverage: { original: number; candidate: number };
  /** Mean similarity of the aligned groups, weighted by their length. */
  meanAlignedSimilarity: number;
}

/** How close an aligned group is: word for word, a few words changed, or reworded. */
export type AlignmentKind = 'identical' | 'edited' | 'paraphrase';

/**
 * A group of original sentences matched with a group of candidate sentences
 * (1:1, 1:n when a sentence was split, n:1 when sentences were merged).
 */
export interface Alignment {
  /** Original sentences of the group, in text order. */
  original: TextSpan[];
  /** Candidate sentences of the group, in text order. */
  candidate: TextSpan[];
  /** Similarity of the group, in [0, 1]. */
  similarity: number;
  /** `identical` when the words are the same, `edited` when few characters changed, else `paraphrase`. */
  kind: AlignmentKind;
}

/** A quotation: the words inside the marks, without the marks. */
export interface Quote {
  /** The quoted words, without the quotation marks. */
  span: TextSpan;
  /** Who is quoted, when the text says so. */
  speaker?: string;
}

/** What a finding is about. */
export type FindingKind =
  | 'altered-quote'
  | 'unquoted-quote'
  | 'added-quote'
  | 'dropped-quote'
  | 'altered-name'
  | 'altered-number';

/** How much a finding matters. */
export type Severity = 'low' | 'medium' | 'high';

/** One change the rewrite made that a reader should know about. */
export interface Finding {
  /** What changed. */
  kind: FindingKind;
  /** How much it matters. */
  severity: Severity;
  /** For quote kinds: the quoted words in the original, without marks. */
  original?: TextSpan;
  /** For quote kinds: the quoted words (or the paraphrasing sentence, for `unquoted-quote`) in the candidate. */
  candidate?: TextSpan;
  /** Who is quoted, when known. */
  speaker?: string;
  /** One line a person reads, e.g. `Quote altered (Joe Biden): “real dilemma” → “spoken quandary”`. */
  message: string;
}

/**
 * Everything `detectRewrites` found about a pair.
 * @example
 * const report = detectRewrites(original, candidate);
 * if (report.verdict === 'rewrite') console.log(report.findings.map((f) => f.message));
 */
export interface RewriteReport {
  /** Version of this report's shape. */
  schemaVersion: 1;
  /** How the candidate relates to the original. */
  verdict: Verdict;
  /** The scores behind the verdict. */
  scores: Scores;
  /** Aligned sentence groups, in candidate order. */
  alignments: Alignment[];
  /** Candidate sentences with no counterpart in the original. */
  added: TextSpan[];
  /** Original sentences with no counterpart in the candidate. */
  dropped: TextSpan[];
  /** Quotations found in each text. */
  quotes: { original: Quote[]; candidate: Quote[] };
  /** Changes worth a reader's attention, ordered by position in the candidate. */
  findings: Finding[];
}

// ---------------------------------------------------------------------------
// Internal pipeline types. Offsets below are into `Doc.norm` (the normalised
// text) unless a field says otherwise; `Doc.map` turns them into the caller's
// offsets.
// ---------------------------------------------------------------------------

/** A word of a document. */
export interface Token {
  /** Start in the normalised text. */
  start: number;
  /** End in the normalised text. */
  end: number;
  /** Lower-cased surface form (apostrophes folded to '). */
  norm: string;
  /** Porter stem of `norm` (numbers kept as written). */
  stem: string;
  /** A function word (the, of, said…). */
  stop: boolean;
  /** Contains a digit, or is a number word. */
  number: boolean;
  /** Capitalised and not at the start of its sentence, or an all-caps acronym: likely a name. */
  name: boolean;
  /** Index of the sentence holding the token. */
  sentence: number;
}

/** A sentence of a document. */
export interface Sentence {
  /** Position in `Doc.sentences`. */
  index: number;
  /** Start in the normalised text (leading white space excluded). */
  start: number;
  /** End in the normalised text (trailing white space excluded). */
  end: number;
  /** Index of the first token of the sentence in `Doc.tokens`. */
  tokenStart: number;
  /** Index one past the last token of the sentence in `Doc.tokens`. */
  tokenEnd: number;
  /** Boilerplate (captions, "Read more:", copyright, share buttons…): kept out of scores and alignment. */
  boilerplate: boolean;
  /** Index of the line (0-based) the sentence starts on. */
  line: number;
}

/** A document after the text stages (normalize → segment → tokenize). */
export interface Doc {
  /** The caller's text, untouched. */
  text: string;
  /** Normalised text (NFKC, spaces, dashes and apostrophes folded). */
  norm: string;
  /**
   * `map[i]` is the caller's offset of normalised code unit `i`; `map[norm.length] === text.length`.
   * Monotone non-decreasing.
   */
  map: Int32Array;
  /** Sentences in text order. */
  sentences: Sentence[];
  /** Words in text order. */
  tokens: Token[];
}

/** An aligned group of sentences, by sentence index (internal form of {@link Alignment}). */
export interface AlignedGroup {
  /** Indices into the original's `Doc.sentences`, ascending. */
  original: number[];
  /** Indices into the candidate's `Doc.sentences`, ascending. */
  candidate: number[];
  /** Similarity of the group, in [0, 1]. */
  similarity: number;
  /** How close the group is. */
  kind: AlignmentKind;
}

/** A quotation found in a document (internal form of {@link Quote}). Offsets into `Doc.norm`. */
export interface QuoteRef {
  /** Start of the quoted words (after the opening mark). */
  start: number;
  /** End of the quoted words (before the closing mark). */
  end: number;
  /** Index of the sentence holding the opening mark. */
  sentence: number;
  /** Who is quoted, when the text says so. */
  speaker?: string;
  /**
   * Set when the marks do not quote speech: `headline` (a headline wrapped in
   * quotation marks) or `title` (a nickname or title such as “Rybar”).
   * Comparison ignores such quotations. Absent for speech.
   */
  role?: 'headline' | 'title';
}
