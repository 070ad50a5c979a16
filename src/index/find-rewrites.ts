/**
 * `findRewrites`: every duplicate or rewrite pair in a stream of articles,
 * and `clusterPairs`: those pairs grouped into story clusters.
 *
 * Articles are taken one at a time: each is looked up in a {@link RewriteIndex}
 * of the articles before it, every candidate whose estimated similarity
 * reaches the threshold is compared with `detectRewrites`, and the article is
 * then added. The work is one index query per article plus a few pair
 * comparisons (see docs/index.md for the measured count), not all pairs.
 */
import { InvalidInputError, InvalidOptionError, describe } from '../errors';
import { detectRewrites, type DetectOptions } from '../compare/detect';
import { prepare } from '../text/prepare';
import type { Article, RewriteReport } from '../types';
import { compareIds } from './memory-storage';
import { RewriteIndex, indexFeatureHashes } from './rewrite-index';

/**
 * One duplicate or rewrite pair found by {@link findRewrites}.
 * @example
 * const pair: RewritePair = { original: 'a', candidate: 'b', report };
 */
export interface RewritePair {
  /** Id of the article judged to be the original (earlier `publishedAt`, else earlier in the input). */
  original: string;
  /** Id of the article judged to be derived from it. */
  candidate: string;
  /** `detectRewrites(original, candidate)`; its verdict is `duplicate` or `rewrite`. */
  report: RewriteReport;
}

/**
 * An input article: an `Article` whose `id` defaults to its position in the input, as a string.
 * @example
 * const a: FindRewritesInput = { text: 'Kyiv said…', publishedAt: '2024-08-14' }; // id '0' if first
 */
export type FindRewritesInput = Article & { id?: string };

/**
 * Articles as {@link findRewrites} takes them: an array, a generator or an async stream.
 * @example
 * async function* fromQueue(): AsyncGenerator<FindRewritesInput> { yield { id: 'a', text: '…' }; }
 * const source: ArticleSource = fromQueue();
 */
export type ArticleSource = Iterable<FindRewritesInput> | AsyncIterable<FindRewritesInput>;

/**
 * Options of {@link findRewrites}.
 * @example
 * findRewrites(today, { against: archive, threshold: 0.25 });
 */
export interface FindRewritesOptions {
  /**
   * Estimated similarity of the index features at and above which two articles are compared
   * (`RewriteIndex`'s `threshold`). Lower finds looser rewrites and costs more comparisons.
   * @default 0.2
   */
  threshold?: number;
  /**
   * Values per MinHash signature (`RewriteIndex`'s `numPerm`).
   * @default 256
   */
  numPerm?: number;
  /**
   * Seed of the MinHash permutations (`RewriteIndex`'s `seed`).
   * @default 1
   */
  seed?: number;
  /**
   * Known originals. When given, only pairs (known original, input article) are reported, the known
   * article always as the original, and input articles are not compared with each other. Their ids
   * default to `against:<position>`.
   * @default undefined (pairs among `articles`)
   */
  against?: ArticleSource;
  /**
   * Options passed to every `detectRewrites` call.
   * @default {}
   */
  detect?: DetectOptions;
}

/** A taken article. */
interface Entry {
  readonly id: string;
  readonly article: Article;
  readonly position: number;
  /** Milliseconds since the epoch of `publishedAt`, NaN when absent or unparseable. */
  readonly time: number;
}

/** Resolved options; the index is built (and its options checked) at once. */
interface ResolvedFindOptions {
  readonly index: RewriteIndex;
  readonly against: ArticleSource | undefined;
  readonly detect: DetectOptions | undefined;
}

function isSource(value: unknown): value is ArticleSource {
  return typeof value === 'object' && value !== null && (Symbol.iterator in value || Symbol.asyncIterator in value);
}

function resolveOptions(options: FindRewritesOptions | undefined): ResolvedFindOptions {
  if (options === undefined) return { index: new RewriteIndex(), against: undefined, detect: undefined };
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(`Expected \`options\` to be an object, got ${describe(options)}`);
  }
  // The index checks its own options, with its own messages.
  const index = new RewriteIndex({ threshold: options.threshold, numPerm: options.numPerm, seed: options.seed });
  if (options.against !== undefined && !isSource(options.against)) {
    throw new InvalidOptionError(`Expected \`against\` to be an iterable of articles, got ${describe(options.against)}`);
  }
  if (options.detect !== undefined && (typeof options.detect !== 'object' || options.detect === null)) {
    throw new InvalidOptionError(`Expected \`detect\` to be an object (DetectOptions), got ${describe(options.detect)}`);
  }
  return Object.freeze({ index, against: options.against, detect: options.detect });
}

/** Check one input article and give it its id and position. */
function entryOf(article: unknown, position: number, name: string, idPrefix: string): Entry {
  if (typeof article !== 'object' || article === null || Array.isArray(article)) {
    throw new InvalidInputError(`Expected \`${name}[${position}]\` to be an Article ({ text }), got ${describe(article)}`);
  }
  const a = article as FindRewritesInput;
  if (typeof a.text !== 'string') throw new InvalidInputError(`Expected \`${name}[${position}].text\` to be a string, got ${describe(a.text)}`);
  if (a.id !== undefined && (typeof a.id !== 'string' || a.id === '')) {
    throw new InvalidInputError(`Expected \`${name}[${position}].id\` to be a non-empty string, got ${describe(a.id)}`);
  }
  const time = typeof a.publishedAt === 'string' ? Date.parse(a.publishedAt) : NaN;
  return { id: a.id ?? `${idPrefix}${position}`, article: a, position, time };
}

/**
 * Whether `a` is the original of the pair (`a`, `b`): by `publishedAt` when both have a parseable,
 * different one, else by input order.
 */
function isOriginal(a: Entry, b: Entry): boolean {
  if (!Number.isNaN(a.time) && !Number.isNaN(b.time) && a.time !== b.time) return a.time < b.time;
  return a.position < b.position;
}

/**
 * Stream every pair of `articles` whose verdict is `duplicate` or `rewrite`, with its report.
 *
 * Pairs come in a deterministic order: by the later article of the pair in input order, then by
 * the earlier one. Which article is the original is decided by `publishedAt` when both have it,
 * else by input order. Ids default to the article's position in the input, as a string; two
 * articles with the same id are refused.
 * @example
 * import { findRewrites } from 'respun';
 * for await (const { original, candidate, report } of findRewrites([{ text: a }, { text: b }])) {
 *   console.log(original, candidate, report.verdict); // '0' '1' 'rewrite'
 * }
 */
export function findRewrites(articles: ArticleSource, options?: FindRewritesOptions): AsyncGenerator<RewritePair> {
  // Checked here, at the call, not at the first `next()`.
  if (!isSource(articles)) {
    throw new InvalidInputError(`Expected \`articles\` to be an iterable of articles, got ${describe(articles)}`);
  }
  return run(articles, resolveOptions(options));
}

async function* run(articles: ArticleSource, opts: ResolvedFindOptions): AsyncGenerator<RewritePair> {
  const index = opts.index;
  const taken = new Map<string, Entry>();
  const keep = (e: Entry, name: string) => {
    const first = taken.get(e.id);
    if (first !== undefined) {
      throw new InvalidInputError(`Expected unique article ids, got ${JSON.stringify(e.id)} twice (${name}[${e.position}] repeats an earlier article)`);
    }
    taken.set(e.id, e);
  };
  const pair = (o: Entry, c: Entry): RewritePair | undefined => {
    const report = detectRewrites(o.article, c.article, opts.detect);
    return report.verdict === 'duplicate' || report.verdict === 'rewrite' ? { original: o.id, candidate: c.id, report } : undefined;
  };

  if (opts.against !== undefined) {
    let position = 0;
    for await (const article of opts.against as AsyncIterable<unknown>) {
      const e = entryOf(article, position++, 'against', 'against:');
      keep(e, 'against');
      await index.addHashes(e.id, indexFeatureHashes(prepare(e.article.text)));
    }
  }
  let position = 0;
  for await (const article of articles as AsyncIterable<unknown>) {
    const e = entryOf(article, position++, 'articles', '');
    keep(e, 'articles');
    const hashes = indexFeatureHashes(prepare(e.article.text));
    const hits = await index.queryHashes(hashes);
    const earlier = hits
      .map((h) => taken.get(h.id)!)
      .filter((x) => x !== undefined && x !== e)
      .sort((x, y) => (opts.against !== undefined ? compareIds(x.id, y.id) : x.position - y.position));
    for (const other of earlier) {
      const found = opts.against !== undefined ? pair(other, e) : isOriginal(other, e) ? pair(other, e) : pair(e, other);
      if (found !== undefined) yield found;
    }
    if (opts.against === undefined) await index.addHashes(e.id, hashes);
  }
}

/**
 * A story: an original and every article found to be derived from it, directly or through
 * another rewrite.
 * @example
 * const cluster: StoryCluster = { original: 'reuters-1', rewrites: ['blog-7', 'site-3'] };
 */
export interface StoryCluster {
  /** The article no other member of the cluster is an original of (the earliest, when there are several). */
  original: string;
  /** The other members, in the order they were first met in the pairs. */
  rewrites: string[];
}

/**
 * Group pairs into story clusters (connected components of the pair graph), in near-linear time
 * (union–find). The original of a cluster is the member that is never a candidate, the first met
 * when there are several; clusters come in the order their first pair came.
 * @example
 * clusterPairs([{ original: 'a', candidate: 'b' }, { original: 'a', candidate: 'c' }, { original: 'x', candidate: 'y' }]);
 * // [{ original: 'a', rewrites: ['b', 'c'] }, { original: 'x', rewrites: ['y'] }]
 */
export function clusterPairs(pairs: Iterable<Pick<RewritePair, 'original' | 'candidate'>>): StoryCluster[] {
  if (typeof pairs !== 'object' || pairs === null || !(Symbol.iterator in pairs)) {
    throw new InvalidInputError(`Expected \`pairs\` to be an iterable of { original, candidate }, got ${describe(pairs)}`);
  }
  /** Member id → order of first appearance. */
  const order = new Map<string, number>();
  const parent: number[] = [];
  const isCandidate: boolean[] = [];
  const ids: string[] = [];
  const node = (id: unknown, name: string): number => {
    if (typeof id !== 'string') throw new InvalidInputError(`Expected \`pairs[].${name}\` to be a string, got ${describe(id)}`);
    let n = order.get(id);
    if (n === undefined) {
      n = ids.length;
      order.set(id, n);
      ids.push(id);
      parent.push(n);
      isCandidate.push(false);
    }
    return n;
  };
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[x] !== root) {
      const next = parent[x]!;
      parent[x] = root;
      x = next;
    }
    return root;
  };
  for (const p of pairs) {
    const o = node(p.original, 'original');
    const c = node(p.candidate, 'candidate');
    isCandidate[c] = true;
    const ro = find(o);
    const rc = find(c);
    // The root is the member met first, so the cluster order is the order of first appearance.
    if (ro !== rc) {
      if (ro < rc) parent[rc] = ro;
      else parent[ro] = rc;
    }
  }
  const clusters = new Map<number, number[]>();
  for (let n = 0; n < ids.length; n++) {
    const r = find(n);
    let members = clusters.get(r);
    if (members === undefined) clusters.set(r, (members = []));
    members.push(n);
  }
  const out: StoryCluster[] = [];
  for (const members of clusters.values()) {
    const original = members.find((m) => !isCandidate[m]) ?? members[0]!;
    out.push({ original: ids[original]!, rewrites: members.filter((m) => m !== original).map((m) => ids[m]!) });
  }
  return out;
}
