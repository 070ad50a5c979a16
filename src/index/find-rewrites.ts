/**
 * `findRewrites`: every duplicate or rewrite pair in a stream of articles,
 * and `clusterPairs`: those pairs grouped into story clusters.
 *
 * Articles are taken one at a time: each is looked up in a {@link RewriteIndex}
 * of the articles before it, every candidate whose estimated similarity
 * reaches the threshold is compared with `detectRewrites`, and the article is
 * then added. The work is one index query per article plus a few pair
 * comparisons (see docs/index.md for the measured count), not all pairs.
 *
 * With `workers` > 1 the work is pipelined over worker threads (./pool): threads compute the index
 * signatures of a window of upcoming articles, the calling thread queries and adds them in input
 * order (the candidates of an article depend only on the articles before it, never on a pair
 * check), and the pair checks run on the threads while their results are given in (article,
 * candidate) order. The pairs, their order and their reports are therefore the same for any
 * number of workers, and so are the errors and the point at which they are thrown.
 */
import { availableParallelism } from 'node:os';
import { InvalidInputError, InvalidOptionError, describe } from '../errors';
import { detectRewrites, type DetectOptions } from '../compare/detect';
import type { ResolvedSketchOptions } from '../sketch/minhash';
import type { Article, RewriteReport } from '../types';
import { compareIds } from './memory-storage';
import { StartWhenBusy, WorkerPool, fromErrorInfo, plainArticle, workerScript, type SignOutcome, type TaskRunner } from './pool';
import { RewriteIndex, signText } from './rewrite-index';

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
   * @default 0.3
   */
  threshold?: number;
  /**
   * Values per MinHash signature (`RewriteIndex`'s `numPerm`).
   * @default 128
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
  /**
   * Worker threads for index features and pair checks; 1 runs everything on the calling thread.
   * The pairs and their order are the same for any value. Threads are started only once more
   * than 64 articles have come (a short scan does not pay for starting them), and only where the
   * built worker script exists (the published package has it); elsewhere the scan runs on one thread.
   * @default os.availableParallelism()
   * @example
   * findRewrites(articles, { workers: 1 }); // no threads
   */
  workers?: number;
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
  readonly workers: number;
}

function isSource(value: unknown): value is ArticleSource {
  return typeof value === 'object' && value !== null && (Symbol.iterator in value || Symbol.asyncIterator in value);
}

function resolveOptions(options: FindRewritesOptions | undefined): ResolvedFindOptions {
  if (options === undefined) return { index: new RewriteIndex(), against: undefined, detect: undefined, workers: availableParallelism() };
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
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) {
    throw new InvalidOptionError(`Expected \`workers\` to be a whole number ≥ 1, got ${describe(options.workers)}`);
  }
  return Object.freeze({ index, against: options.against, detect: options.detect, workers });
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
  const opts = resolveOptions(options);
  const script = opts.workers > 1 ? workerScript() : undefined;
  // Every batch of the read-ahead window may wait at a thread (see windowBatches).
  const depth = windowBatches(opts.workers);
  return script === undefined ? run(articles, opts) : runOnPool(articles, opts, () => new StartWhenBusy(() => new WorkerPool(opts.workers, script, depth)));
}

/**
 * `findRewrites` with its work done by `runner` (a {@link TaskRunner}), pipelined as on worker
 * threads; `options.workers` only sizes the pipeline's window. For tests of the pipeline's order
 * and errors without threads (e.g. a runner that settles tasks in a shuffled order).
 * @internal
 * @default options.workers os.availableParallelism()
 * @example
 * findRewritesWith({ run: async (t) => runTask(t), close: async () => {} }, articles);
 */
export function findRewritesWith(runner: TaskRunner, articles: ArticleSource, options?: FindRewritesOptions): AsyncGenerator<RewritePair> {
  if (!isSource(articles)) {
    throw new InvalidInputError(`Expected \`articles\` to be an iterable of articles, got ${describe(articles)}`);
  }
  return runOnPool(articles, resolveOptions(options), () => runner);
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
      await index.addSigned(e.id, signText(e.article.text, index.sketch));
    }
  }
  let position = 0;
  for await (const article of articles as AsyncIterable<unknown>) {
    const e = entryOf(article, position++, 'articles', '');
    keep(e, 'articles');
    const signature = signText(e.article.text, index.sketch);
    const hits = await index.querySigned(signature);
    const earlier = hits
      .map((h) => taken.get(h.id)!)
      .filter((x) => x !== undefined && x !== e)
      .sort((x, y) => (opts.against !== undefined ? compareIds(x.id, y.id) : x.position - y.position));
    for (const other of earlier) {
      const found = opts.against !== undefined ? pair(other, e) : isOriginal(other, e) ? pair(other, e) : pair(e, other);
      if (found !== undefined) yield found;
    }
    if (opts.against === undefined) await index.addSigned(e.id, signature);
  }
}

/** Texts per signing task: large enough that messaging is a small part of a task. */
const SIGN_BATCH = 8;

/**
 * Signing tasks in the read-ahead window of a scan on `workers` threads (`SIGN_BATCH` texts each).
 * The pool lets all of them wait at the threads: the calling thread answers a thread's finished task
 * only between its own stretches of index work, so a thread holding only two tasks (the pool's
 * default) ran out of work and waited (30 % idle at 100,000 articles on 2 threads).
 */
function windowBatches(workers: number): number {
  return Math.max(4, workers) * 4;
}

/** An input article read ahead: checked (or the error checking it threw) and its signature on its way. */
interface Ahead {
  readonly entry?: Entry;
  /** Thrown at this article's turn: its check failed, or the source threw. */
  readonly error?: { thrown: unknown };
  signature?: Promise<SignOutcome>;
}

/** A pair check in flight, settled in place so that finished heads can be given without waiting. */
interface PendingPair {
  settled: boolean;
  value?: RewritePair;
  error?: { thrown: unknown };
  readonly promise: Promise<void>;
}

/**
 * Reads `source` up to `window` articles ahead of its consumer, checking each and sending their
 * texts, `SIGN_BATCH` at a time, to `runner` to be signed with `sketch`. Articles come out in input
 * order; the source is read only as the consumer advances, so a slow consumer holds it back.
 */
function readAhead(
  source: ArticleSource,
  name: string,
  idPrefix: string,
  runner: TaskRunner,
  window: number,
  sketch: ResolvedSketchOptions,
): { take(): Promise<Ahead | undefined>; close(): Promise<void> } {
  // for await gives the same values as the one-thread path (it awaits promises a sync iterable yields).
  async function* values(): AsyncGenerator<unknown> {
    yield* source as AsyncIterable<unknown>;
  }
  const it = values();
  const buffer: Ahead[] = [];
  let batch: Ahead[] = [];
  let position = 0;
  let done = false;
  const flush = (): void => {
    if (batch.length === 0) return;
    const slots = batch;
    batch = [];
    const all = runner.run({ kind: 'sign', texts: slots.map((a) => a.entry!.article.text), sketch }) as Promise<SignOutcome[]>;
    slots.forEach((slot, k) => {
      slot.signature = all.then((outcomes) => outcomes[k]!);
      // Rejections are read at the article's turn; until then they are not unhandled.
      slot.signature.catch(() => undefined);
    });
  };
  const fill = async (): Promise<void> => {
    while (!done && buffer.length < window) {
      let next: IteratorResult<unknown>;
      try {
        next = await it.next();
      } catch (thrown) {
        buffer.push({ error: { thrown } });
        done = true;
        break;
      }
      if (next.done === true) {
        done = true;
        break;
      }
      const p = position++;
      let slot: Ahead;
      try {
        slot = { entry: entryOf(next.value, p, name, idPrefix) };
      } catch (thrown) {
        slot = { error: { thrown } };
      }
      buffer.push(slot);
      if (slot.entry !== undefined) {
        batch.push(slot);
        if (batch.length >= SIGN_BATCH) flush();
      }
    }
    if (done) flush();
  };
  return {
    async take() {
      if (buffer.length <= window - SIGN_BATCH || buffer.length === 0) await fill();
      const head = buffer.shift();
      if (head !== undefined && head.entry !== undefined && head.signature === undefined) flush();
      return head;
    },
    async close() {
      await it.return(undefined);
    },
  };
}

/** The signature of a read-ahead article, or its error thrown. */
async function signatureOf(a: Ahead): Promise<Uint8Array | null> {
  const outcome = await a.signature!;
  if ('error' in outcome) throw fromErrorInfo(outcome.error);
  return outcome.signature;
}

/**
 * The pipelined scan: signatures computed ahead by `runner`, query and add on this thread in input
 * order, pair checks by `runner`, pairs given in (article, candidate) order.
 */
async function* runOnPool(articles: ArticleSource, opts: ResolvedFindOptions, open: () => TaskRunner): AsyncGenerator<RewritePair> {
  const runner = open();
  const window = windowBatches(opts.workers) * SIGN_BATCH;
  const maxPairs = Math.max(4, opts.workers) * 4;
  const index = opts.index;
  const taken = new Map<string, Entry>();
  const keep = (e: Entry, name: string) => {
    if (taken.has(e.id)) {
      throw new InvalidInputError(`Expected unique article ids, got ${JSON.stringify(e.id)} twice (${name}[${e.position}] repeats an earlier article)`);
    }
    taken.set(e.id, e);
  };
  // Checked on this thread at the first pair, as the one-thread scan's first detectRewrites would;
  // then only plain numbers are sent to the threads.
  let detectOptions: { checked: DetectOptions | undefined } | { thrown: unknown } | undefined;
  const pair = (o: Entry, c: Entry): PendingPair => {
    if (detectOptions === undefined) {
      try {
        detectRewrites('', '', opts.detect);
        const d = opts.detect;
        detectOptions = {
          checked:
            d === undefined
              ? undefined
              : {
                  ...(d.maxLength === undefined ? {} : { maxLength: d.maxLength }),
                  ...(d.numPerm === undefined ? {} : { numPerm: d.numPerm }),
                  ...(d.seed === undefined ? {} : { seed: d.seed }),
                },
        };
      } catch (thrown) {
        detectOptions = { thrown };
      }
    }
    if ('thrown' in detectOptions) {
      return { settled: true, error: { thrown: detectOptions.thrown }, promise: Promise.resolve() };
    }
    const task = { kind: 'detect' as const, original: plainArticle(o.article), candidate: plainArticle(c.article), options: detectOptions.checked };
    const pending: PendingPair = {
      settled: false,
      promise: runner.run(task).then(
        (report) => {
          pending.settled = true;
          if (report !== null) pending.value = { original: o.id, candidate: c.id, report: report as RewriteReport };
        },
        (thrown: unknown) => {
          pending.settled = true;
          pending.error = { thrown };
        },
      ),
    };
    return pending;
  };

  const readers: Array<ReturnType<typeof readAhead>> = [];
  try {
    if (opts.against !== undefined) {
      const known = readAhead(opts.against, 'against', 'against:', runner, window, index.sketch);
      readers.push(known);
      for (let a = await known.take(); a !== undefined; a = await known.take()) {
        if (a.error !== undefined) throw a.error.thrown;
        keep(a.entry!, 'against');
        await index.addSigned(a.entry!.id, await signatureOf(a));
      }
    }
    const input = readAhead(articles, 'articles', '', runner, window, index.sketch);
    readers.push(input);
    const out: PendingPair[] = [];
    for (let a = await input.take(); a !== undefined; a = await input.take()) {
      let failed: { thrown: unknown } | undefined = a.error;
      if (failed === undefined) {
        const e = a.entry!;
        try {
          keep(e, 'articles');
          const signature = await signatureOf(a);
          const hits = await index.querySigned(signature);
          const earlier = hits
            .map((h) => taken.get(h.id)!)
            .filter((x) => x !== undefined && x !== e)
            .sort((x, y) => (opts.against !== undefined ? compareIds(x.id, y.id) : x.position - y.position));
          for (const other of earlier) out.push(opts.against !== undefined || isOriginal(other, e) ? pair(other, e) : pair(e, other));
          if (opts.against === undefined) await index.addSigned(e.id, signature);
        } catch (thrown) {
          failed = { thrown };
        }
      }
      // Give the finished pairs at the head at once; wait for the head when too many are in
      // flight (bounded memory), or before an article's error (the pairs before it come first).
      while (out.length > 0 && (out[0]!.settled || out.length > maxPairs || failed !== undefined)) {
        const head = out.shift()!;
        await head.promise;
        if (head.error !== undefined) throw head.error.thrown;
        if (head.value !== undefined) yield head.value;
      }
      if (failed !== undefined) throw failed.thrown;
    }
    while (out.length > 0) {
      const head = out.shift()!;
      await head.promise;
      if (head.error !== undefined) throw head.error.thrown;
      if (head.value !== undefined) yield head.value;
    }
  } finally {
    for (const r of readers) await r.close().catch(() => undefined);
    await runner.close();
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
