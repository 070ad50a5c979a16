/**
 * `findRewrites`: every duplicate or rewrite pair in a stream of articles.
 *
 * First version: compares all pairs (quadratic). The index-backed version
 * replaces the candidate step without changing the contract.
 */
import { InvalidInputError, InvalidOptionError, describe } from '../errors';
import { detectRewrites } from '../compare/detect';
import type { Article, RewriteReport } from '../types';

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
 * Options of {@link findRewrites}.
 * @example
 * findRewrites(articles, { threshold: 0.2 });
 */
export interface FindRewritesOptions {
  /**
   * Estimated similarity (of the index's paraphrase-robust features) above which two articles are compared.
   * @default 0.2
   */
  threshold?: number;
}

/** An input article: an `Article` whose `id` defaults to its position in the input. */
export type FindRewritesInput = Article & { id?: string };

interface Entry {
  id: string;
  article: Article;
  position: number;
}

/**
 * Whether `a` should be taken as the original of the pair (`a`, `b`):
 * by `publishedAt` when both have a parseable one that differs, else by input order.
 */
function isOriginal(a: Entry, b: Entry): boolean {
  const ta = a.article.publishedAt === undefined ? NaN : Date.parse(a.article.publishedAt);
  const tb = b.article.publishedAt === undefined ? NaN : Date.parse(b.article.publishedAt);
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta < tb;
  return a.position < b.position;
}

/**
 * Stream every pair of `articles` whose verdict is `duplicate` or `rewrite`.
 * Ids default to the article's position in the input, as a string.
 * @example
 * for await (const { original, candidate, report } of findRewrites([{ text: a }, { text: b }])) {
 *   console.log(original, candidate, report.verdict); // '0' '1' 'rewrite'
 * }
 */
export async function* findRewrites(
  articles: Iterable<FindRewritesInput> | AsyncIterable<FindRewritesInput>,
  options?: FindRewritesOptions,
): AsyncGenerator<RewritePair> {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new InvalidOptionError(`Expected \`options\` to be an object, got ${describe(options)}`);
  }
  const entries: Entry[] = [];
  let position = 0;
  for await (const article of articles as AsyncIterable<FindRewritesInput>) {
    if (typeof article !== 'object' || article === null || typeof article.text !== 'string') {
      throw new InvalidInputError(`Expected \`articles[${position}]\` to be an Article ({ text }), got ${describe(article)}`);
    }
    entries.push({ id: article.id ?? String(position), article, position });
    position++;
  }
  for (let j = 1; j < entries.length; j++) {
    for (let i = 0; i < j; i++) {
      const [o, c] = isOriginal(entries[i]!, entries[j]!) ? [entries[i]!, entries[j]!] : [entries[j]!, entries[i]!];
      const report = detectRewrites(o.article, c.article);
      if (report.verdict === 'duplicate' || report.verdict === 'rewrite') {
        yield { original: o.id, candidate: c.id, report };
      }
    }
  }
}
