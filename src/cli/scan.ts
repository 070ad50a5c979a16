/**
 * `respun scan`'s engine: which pairs among the inputs (or between the inputs
 * and `--against`) are duplicates or rewrites, and the story clusters they form.
 */
import { detectRewrites } from '../compare/detect';
import { InvalidInputError } from '../errors';
import { findRewrites } from '../index/find-rewrites';
import type { ScanPair } from '../report/json';
import type { Article } from '../types';
import type { RedisCorpus } from './redis';
import type { InputArticle } from './inputs';

/**
 * Options of {@link scanPairs}.
 * @example
 * scanPairs(articles, { against: originals, onProgress: (done, total) => bar.update(done) });
 */
export interface ScanOptions {
  /**
   * Known originals: when given, only pairs (known original, input) are reported, the known one as original.
   * @default [] (pairs among the inputs)
   */
  against?: readonly InputArticle[];
  /**
   * A persistent index (Redis): each input is compared with the articles already in it (earlier runs,
   * `against`, earlier inputs) that it proposes, then added to it.
   * @default none (an index in memory for this run only)
   */
  corpus?: Pick<RedisCorpus, 'index' | 'lookup' | 'remember'>;
  /**
   * Called with the id of an indexed article whose text is no longer kept, so it could not be compared.
   * @default none
   */
  onMissing?: (id: string) => void;
  /**
   * Called with each article of an earlier run read back from the `corpus`, so reports can show its text.
   * @default none
   */
  onLookup?: (id: string, article: Article) => void;
  /**
   * Similarity threshold of the candidate search (`findRewrites`'s `threshold`).
   * @default findRewrites' default
   */
  threshold?: number;
  /**
   * Called after each input article is processed, with the number done and the total. With
   * worker threads, an article counts as done when it is read into the pipeline (up to a few
   * hundred ahead of the pairs given).
   * @default none
   */
  onProgress?: (done: number, total: number) => void;
  /**
   * Worker threads of `findRewrites` (index signatures and pair checks); the pairs are the same for
   * any value. A scan with a persistent `corpus` runs on the calling thread.
   * @default os.availableParallelism()
   */
  workers?: number;
}

/**
 * Refuses two articles with the same id: pairs and reports name articles by id.
 * @throws InvalidInputError naming both sources.
 * @example
 * checkUniqueIds([{ id: 'a', source: 'x.jsonl:1', text: '' }, { id: 'a', source: 'x.jsonl:2', text: '' }]); // throws
 */
export function checkUniqueIds(articles: readonly InputArticle[]): void {
  const seen = new Map<string, string>();
  for (const a of articles) {
    const first = seen.get(a.id);
    if (first !== undefined) {
      throw new InvalidInputError(`${a.source}: duplicate article id ${JSON.stringify(a.id)} (first used by ${first})`);
    }
    seen.set(a.id, a.source);
  }
}

/** Yields the articles, reporting each one as it is taken (the index takes them one by one). */
function* counted(articles: readonly InputArticle[], onProgress?: (done: number, total: number) => void): Generator<InputArticle> {
  for (let i = 0; i < articles.length; i++) {
    yield articles[i]!;
    onProgress?.(i + 1, articles.length);
  }
}

/**
 * Every duplicate or rewrite pair: `findRewrites` over the inputs (the earlier article, by
 * `publishedAt` else input order, is the original; with `against`, the known article always is),
 * or, with a persistent `corpus`, the inputs against everything already in it. Without `corpus`
 * the work is spread over `workers` threads, with the same pairs in the same order as on one.
 * @example
 * for await (const pair of scanPairs(articles)) console.log(pair.candidate, 'rewrites', pair.original);
 */
export async function* scanPairs(articles: readonly InputArticle[], options: ScanOptions = {}): AsyncGenerator<ScanPair> {
  const against = options.against ?? [];
  if (options.corpus !== undefined) {
    yield* corpusPairs(articles, against, options.corpus, options);
    return;
  }
  const findOptions = {
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
    ...(against.length === 0 ? {} : { against }),
    ...(options.workers === undefined ? {} : { workers: options.workers }),
  };
  yield* findRewrites(counted(articles, options.onProgress), findOptions);
}

/** Whether `a` is the original of the pair: by `publishedAt` when both have a distinct parseable one, else `aFirst`. */
function isOriginal(a: Article, b: Article, aFirst: boolean): boolean {
  const ta = a.publishedAt === undefined ? Number.NaN : Date.parse(a.publishedAt);
  const tb = b.publishedAt === undefined ? Number.NaN : Date.parse(b.publishedAt);
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta < tb;
  return aFirst;
}

/**
 * Scan against a persistent index: query each input, compare with the hits, then store the input's
 * text before adding it to the index, so that a crash between the two never leaves an indexed id
 * whose text is missing (a rerun adds it once: adds are idempotent).
 */
async function* corpusPairs(
  articles: readonly InputArticle[],
  against: readonly InputArticle[],
  corpus: NonNullable<ScanOptions['corpus']>,
  options: ScanOptions,
): AsyncGenerator<ScanPair> {
  const seen = new Map<string, Article>();
  for (const a of against) {
    await corpus.remember(a.id, a);
    await corpus.index.add(a.id, a);
    seen.set(a.id, a);
  }
  for (let j = 0; j < articles.length; j++) {
    const candidate = articles[j]!;
    const hits = await corpus.index.query(candidate, { minSimilarity: options.threshold ?? 0 });
    for (const hit of hits) {
      if (hit.id === candidate.id) continue;
      let earlier = seen.get(hit.id);
      if (earlier === undefined) {
        earlier = await corpus.lookup(hit.id);
        if (earlier === undefined) {
          options.onMissing?.(hit.id);
          continue;
        }
        options.onLookup?.(hit.id, earlier);
        seen.set(hit.id, earlier);
      }
      const [o, c] = isOriginal(earlier, candidate, true) ? [earlier, candidate] : [candidate, earlier];
      const report = detectRewrites(o, c);
      if (report.verdict === 'duplicate' || report.verdict === 'rewrite') {
        yield { original: o === earlier ? hit.id : candidate.id, candidate: o === earlier ? candidate.id : hit.id, report };
      }
    }
    await corpus.remember(candidate.id, candidate);
    await corpus.index.add(candidate.id, candidate);
    seen.set(candidate.id, candidate);
    options.onProgress?.(j + 1, articles.length);
  }
}
