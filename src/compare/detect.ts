/**
 * `detectRewrites`: the pair pipeline end to end.
 * prepare both texts → align sentences → scores and verdict → quotes → findings → report.
 */
import { InvalidOptionError, describe, textOf } from '../errors';
import { prepare, spanOf } from '../text/prepare';
import { align } from './align';
import { computeScores, decideVerdict } from './verdict';
import { extractQuotes } from './quotes';
import { compareDocs } from './findings';
import { shingleHashes } from '../sketch/features';
import { estimateJaccard, resolveSketchOptions, sketchHashes } from '../sketch/minhash';
import type { Article, Doc, Finding, Quote, QuoteRef, RewriteReport, TextSpan } from '../types';

/**
 * Options of {@link detectRewrites}.
 * @example
 * detectRewrites(a, b, { maxLength: 2_000_000 });
 */
export interface DetectOptions {
  /**
   * Longest text accepted, in UTF-16 code units; longer input throws `InvalidInputError` at once.
   * @default 1_000_000
   */
  maxLength?: number;
  /**
   * Values of the MinHash signatures behind `scores.minhashJaccard`.
   * @default 128
   */
  numPerm?: number;
  /**
   * Seed of those signatures.
   * @default 1
   */
  seed?: number;
}

/** Resolved options. */
interface ResolvedDetectOptions {
  readonly maxLength: number;
  readonly numPerm: number;
  readonly seed: number;
}

function resolveOptions(options: DetectOptions | undefined): ResolvedDetectOptions {
  if (options === undefined) return DEFAULTS;
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(`Expected \`options\` to be an object, got ${describe(options)}`);
  }
  const maxLength = options.maxLength ?? DEFAULTS.maxLength;
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new InvalidOptionError(`Expected \`maxLength\` to be a positive integer, got ${describe(maxLength)}`);
  }
  // The sketch stage validates its own options with the same message format.
  const { numPerm, seed } = resolveSketchOptions({ numPerm: options.numPerm, seed: options.seed });
  return Object.freeze({ maxLength, numPerm, seed });
}

const DEFAULTS: ResolvedDetectOptions = Object.freeze({ maxLength: 1_000_000, numPerm: 128, seed: 1 });

function sentenceSpan(doc: Doc, s: number): TextSpan {
  const sent = doc.sentences[s]!;
  return spanOf(doc, sent.start, sent.end);
}

/**
 * Compare a candidate article with an original: verdict, scores, sentence
 * alignment, quotations and findings. Offsets in the report index into the
 * strings passed (an `Article`'s `text`).
 * @example
 * import { detectRewrites } from 'respun';
 * const report = detectRewrites('Kyiv said it took 74 settlements.', 'Kyiv claimed it had seized 74 settlements.');
 * report.verdict; // 'rewrite'
 */
export function detectRewrites(
  original: string | Article,
  candidate: string | Article,
  options?: DetectOptions,
): RewriteReport {
  const opts = resolveOptions(options);
  const a = prepare(textOf(original, 'original', opts.maxLength));
  const b = prepare(textOf(candidate, 'candidate', opts.maxLength));
  const groups = align(a, b);
  const shingles = [shingleHashes(a), shingleHashes(b)] as const;
  const base = computeScores(a, b, groups, shingles);
  const sketchOptions = { numPerm: opts.numPerm, seed: opts.seed };
  const minhashJaccard = estimateJaccard(sketchHashes(shingles[0], sketchOptions), sketchHashes(shingles[1], sketchOptions));
  const verdict = decideVerdict(base, groups, a, b);
  const quotes = { original: extractQuotes(a), candidate: extractQuotes(b) };
  const findings = compareDocs(a, b, groups, verdict, quotes);
  const alignedO = new Set(groups.flatMap((g) => g.original));
  const alignedC = new Set(groups.flatMap((g) => g.candidate));
  const live = (doc: Doc, taken: Set<number>) =>
    doc.sentences.filter((s) => !s.boilerplate && s.tokenEnd > s.tokenStart && !taken.has(s.index)).map((s) => sentenceSpan(doc, s.index));
  return {
    schemaVersion: 1,
    verdict,
    scores: {
      shingleJaccard: round(base.shingleJaccard),
      minhashJaccard: round(minhashJaccard),
      contentJaccard: round(base.contentJaccard),
      coverage: { original: round(base.coverage.original), candidate: round(base.coverage.candidate) },
      meanAlignedSimilarity: round(base.meanAlignedSimilarity),
    },
    alignments: groups.map((g) => ({
      original: g.original.map((s) => sentenceSpan(a, s)),
      candidate: g.candidate.map((s) => sentenceSpan(b, s)),
      similarity: round(g.similarity),
      kind: g.kind,
    })),
    added: live(b, alignedC),
    dropped: live(a, alignedO),
    quotes: { original: publicQuotes(a, quotes.original), candidate: publicQuotes(b, quotes.candidate) },
    findings: findings.map(orderFinding),
  };
}

/** A finding with its keys in the contract's order, so JSON reports read the same everywhere. */
function orderFinding(f: Finding): Finding {
  const out: Finding = { kind: f.kind, severity: f.severity } as Finding;
  if (f.original) out.original = f.original;
  if (f.candidate) out.candidate = f.candidate;
  if (f.speaker !== undefined) out.speaker = f.speaker;
  out.message = f.message;
  return out;
}

/** Quotations of speech (not headlines or titles in marks), in caller coordinates. */
function publicQuotes(doc: Doc, quotes: readonly QuoteRef[]): Quote[] {
  return quotes
    .filter((q) => q.role === undefined)
    .map((q) => (q.speaker === undefined ? { span: spanOf(doc, q.start, q.end) } : { span: spanOf(doc, q.start, q.end), speaker: q.speaker }));
}

/** Scores are rounded to 4 decimals so reports stay byte-identical across platforms. */
function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
