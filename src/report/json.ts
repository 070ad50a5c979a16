/**
 * JSON and JSON Lines renderers. Output is byte-identical for the same input:
 * keys come in the order of the contract (README, "Report"), whatever order
 * the report object was built in, and fields the contract does not name follow
 * in code-unit order.
 */
import type { StoryCluster } from '../index/find-rewrites';
import type { Finding, Quote, RewriteReport, TextSpan } from '../types';

/**
 * A pair found by `respun scan`: two article ids and the report comparing them.
 * @example
 * const pair: ScanPair = { original: 'reuters.txt', candidate: 'spun.html', report };
 */
export interface ScanPair {
  /** Id of the article judged the original. */
  original: string;
  /** Id of the article judged the rewrite or duplicate. */
  candidate: string;
  /** `detectRewrites(original, candidate)`. */
  report: RewriteReport;
}

/**
 * Whole-scan output: the pairs, and the story clusters they form.
 * @example
 * const result: ScanResult = { articles: 5, pairs, clusters: clusterPairs(pairs) };
 */
export interface ScanResult {
  /** Number of articles read. */
  articles: number;
  /** Pairs whose verdict is `duplicate` or `rewrite`, in the order found. */
  pairs: ScanPair[];
  /** Story clusters: each original with every article derived from it, directly or through another rewrite. */
  clusters: StoryCluster[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Copies an object with `order` keys first (when present), then the rest sorted. */
function ordered(value: object, order: readonly string[], child: (key: string, v: unknown) => Json): { [key: string]: Json } {
  const src = value as Record<string, unknown>;
  const out: { [key: string]: Json } = {};
  const rest = Object.keys(src)
    .filter((k) => !order.includes(k))
    .sort();
  for (const k of [...order, ...rest]) {
    if (!Object.prototype.hasOwnProperty.call(src, k) || src[k] === undefined) continue;
    out[k] = child(k, src[k]);
  }
  return out;
}

/** Plain data with object keys sorted: for values whose shape the contract does not fix. */
function sortedPlain(v: unknown): Json {
  if (v === null || typeof v !== 'object') {
    return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : null;
  }
  if (Array.isArray(v)) return v.map(sortedPlain);
  return ordered(v, [], (_k, x) => sortedPlain(x));
}

const SPAN_KEYS = ['start', 'end', 'text'] as const;
const span = (s: TextSpan): Json => ordered(s, SPAN_KEYS, (_k, x) => sortedPlain(x));
const quote = (q: Quote): Json => ordered(q, ['span', 'speaker'], (k, x) => (k === 'span' ? span(x as TextSpan) : sortedPlain(x)));
const finding = (f: Finding): Json =>
  ordered(f, ['kind', 'severity', 'original', 'candidate', 'speaker', 'message'], (k, x) =>
    k === 'original' || k === 'candidate' ? span(x as TextSpan) : sortedPlain(x),
  );
const spans = (x: unknown): Json => (x as TextSpan[]).map(span);

/**
 * The report as plain JSON data with its keys in contract order.
 * @example
 * Object.keys(canonicalReport(report)); // ['schemaVersion', 'verdict', 'scores', 'alignments', …]
 */
export function canonicalReport(report: RewriteReport): Json {
  return ordered(report, ['schemaVersion', 'verdict', 'scores', 'alignments', 'added', 'dropped', 'quotes', 'findings'], (k, x) => {
    switch (k) {
      case 'scores':
        return ordered(x as object, ['shingleJaccard', 'minhashJaccard', 'contentJaccard', 'coverage', 'meanAlignedSimilarity'], (sk, sx) =>
          sk === 'coverage' ? ordered(sx as object, ['original', 'candidate'], (_c, cx) => sortedPlain(cx)) : sortedPlain(sx),
        );
      case 'alignments':
        return (x as RewriteReport['alignments']).map((a) =>
          ordered(a, ['original', 'candidate', 'similarity', 'kind'], (ak, ax) =>
            ak === 'original' || ak === 'candidate' ? spans(ax) : sortedPlain(ax),
          ),
        );
      case 'added':
      case 'dropped':
        return spans(x);
      case 'quotes':
        return ordered(x as object, ['original', 'candidate'], (_q, qx) => (qx as Quote[]).map(quote));
      case 'findings':
        return (x as Finding[]).map(finding);
      default:
        return sortedPlain(x);
    }
  });
}

/**
 * Renders one report as JSON: contract key order, 2-space indent, a final newline.
 * @example
 * process.stdout.write(renderJson(detectRewrites(a, b)));
 */
export function renderJson(report: RewriteReport): string {
  return JSON.stringify(canonicalReport(report), null, 2) + '\n';
}

const canonicalPair = (p: ScanPair): Json =>
  ordered(p, ['original', 'candidate', 'report'], (k, x) => (k === 'report' ? canonicalReport(x as RewriteReport) : sortedPlain(x)));

/**
 * Renders scan pairs as JSON Lines: one compact `{"original","candidate","report"}` object a line.
 * An empty scan renders as the empty string.
 * @example
 * renderJsonl([{ original: 'a.txt', candidate: 'b.txt', report }]); // '{"original":"a.txt",…}\n'
 */
export function renderJsonl(pairs: readonly ScanPair[]): string {
  return pairs.map((p) => JSON.stringify(canonicalPair(p)) + '\n').join('');
}

/**
 * Renders a whole scan as one JSON document `{ schemaVersion, articles, pairs, clusters }`, 2-space indent.
 * @example
 * renderScanJson({ articles: 5, pairs, clusters: [{ original: 'a.txt', rewrites: ['b.txt'] }] });
 */
export function renderScanJson(result: ScanResult): string {
  const doc: Json = {
    schemaVersion: 1,
    articles: result.articles,
    pairs: result.pairs.map(canonicalPair),
    clusters: result.clusters.map((c) => ({ original: c.original, rewrites: [...c.rewrites] })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
