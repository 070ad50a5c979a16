/**
 * `respun scan --redis URL --namespace NS`: the scan's index lives in Redis, so
 * articles seen by earlier runs (or other processes) are found again. The index
 * keeps signatures only; to report on a pair the CLI also needs the earlier
 * article's text, so it keeps each article it indexes as JSON next to the index,
 * under `respun:{NS}:article:<id>` (same hash tag, so Redis Cluster keeps it in
 * the index's slot).
 *
 * The client library (ioredis) is loaded only when `--redis` is given, from the
 * user's own installation: respun does not depend on it.
 */
import { InvalidInputError, StorageError } from '../errors';
import { RedisStorage } from '../index/redis-storage';
import { RewriteIndex, type IndexHit, type QueryOptions, type RewriteIndexOptions } from '../index/rewrite-index';
import type { Article } from '../types';

/**
 * The scan's index: a query leaves out this run's inputs that the run has not added yet (an
 * interrupted earlier run may have stored them), so that each input is compared with the same
 * articles whether or not the run is a rerun.
 */
class ScanIndex extends RewriteIndex {
  /** This run's ids not added by this run yet. */
  private readonly pending: Set<string>;
  constructor(options: RewriteIndexOptions, inputs: readonly string[]) {
    super(options);
    this.pending = new Set(inputs);
  }
  override async add(id: string, article: string | Article): Promise<boolean> {
    const added = await super.add(id, article);
    this.pending.delete(id);
    return added;
  }
  override async query(article: string | Article, options?: QueryOptions): Promise<IndexHit[]> {
    const hits = await super.query(article, options);
    return this.pending.size === 0 ? hits : hits.filter((h) => !this.pending.has(h.id));
  }
}

/** The part of an ioredis client the CLI uses. */
interface IoRedisClient {
  connect(): Promise<void>;
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: 'error', listener: (e: unknown) => void): unknown;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  callBuffer(command: string, ...args: Array<string | Buffer>): Promise<unknown>;
}

/**
 * An index in Redis plus the article texts the CLI kept next to it.
 * @example
 * const corpus = await openRedisCorpus(url, 'news');
 * try { await corpus.index.query(article); } finally { await corpus.close(); }
 */
export interface RedisCorpus {
  /** The index, over {@link RedisStorage}. */
  index: RewriteIndex;
  /** An article the CLI indexed earlier, or `undefined` when its text is not (or no longer) kept. */
  lookup(id: string): Promise<Article | undefined>;
  /** Keeps an article's text for later runs. */
  remember(id: string, article: Article): Promise<void>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** Loads ioredis from the user's installation; the name is not a literal so bundlers leave it alone. */
async function loadIoRedis(): Promise<new (url: string, options: object) => IoRedisClient> {
  const name = ['io', 'redis'].join('');
  try {
    const mod = (await import(name)) as { default?: unknown; Redis?: unknown };
    const ctor = (mod.Redis ?? mod.default) as (new (url: string, options: object) => IoRedisClient) | undefined;
    if (typeof ctor !== 'function') throw new Error('no Redis export');
    return ctor;
  } catch {
    throw new InvalidInputError('--redis needs the ioredis package next to respun: npm install ioredis');
  }
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message.replace(/\s+/g, ' ') : String(e);
}

/**
 * Options of {@link openRedisCorpus}.
 * @example
 * const options: RedisCorpusOptions = { threshold: 0.2, inputs: ['a.txt', 'b.txt'] };
 */
export interface RedisCorpusOptions {
  /**
   * Similarity threshold of the index.
   * @default RewriteIndex's default
   */
  threshold?: number;
  /**
   * Ids of this run's articles, in the order the scan adds them. A query leaves out those not added yet
   * by this run, even when an interrupted earlier run stored them, so a rerun reports the same pairs
   * as one uninterrupted run.
   * @default [] (every stored article is a hit)
   */
  inputs?: readonly string[];
}

/**
 * Connects to Redis and opens the scan's index in `namespace`.
 * @throws InvalidInputError naming the URL when Redis cannot be reached; InvalidOptionError for a bad namespace.
 * @example
 * const corpus = await openRedisCorpus('redis://127.0.0.1:6379', 'news', { threshold: 0.2 });
 */
export async function openRedisCorpus(url: string, namespace: string, options: RedisCorpusOptions = {}): Promise<RedisCorpus> {
  const Redis = await loadIoRedis();
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => null });
  // Connection errors are reported through the failing command (with the socket's own error, kept here);
  // an unhandled 'error' event would crash the process.
  let lastError: unknown;
  client.on('error', (e) => {
    lastError = e;
  });
  let storage: RedisStorage;
  try {
    storage = new RedisStorage({ client, namespace, address: url });
    await client.connect();
  } catch (e) {
    client.disconnect();
    if (e instanceof Error && e.name === 'InvalidOptionError') throw new InvalidInputError(`--namespace: ${e.message}`);
    throw new InvalidInputError(`${url}: cannot connect to Redis (${errorCode(lastError ?? e)})`);
  }
  const index = new ScanIndex({ storage, ...(options.threshold === undefined ? {} : { threshold: options.threshold }) }, options.inputs ?? []);
  const key = (id: string): string => `respun:{${namespace}}:article:${id}`;
  return {
    index,
    async lookup(id) {
      const raw = await client.get(key(id)).catch((e: unknown) => {
        throw new StorageError(`${url}: cannot read article ${JSON.stringify(id)} (${errorCode(e)})`);
      });
      if (raw === null) return undefined;
      const parsed = JSON.parse(raw) as Article;
      return typeof parsed === 'object' && parsed !== null && typeof parsed.text === 'string' ? parsed : undefined;
    },
    async remember(id, article) {
      const kept: Article = { id, text: article.text };
      for (const k of ['title', 'url', 'publishedAt'] as const) if (article[k] !== undefined) kept[k] = article[k];
      await client.set(key(id), JSON.stringify(kept)).catch((e: unknown) => {
        throw new StorageError(`${url}: cannot write article ${JSON.stringify(id)} (${errorCode(e)})`);
      });
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
