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
import { DEFAULT_RETRY_POLICY, RetryFailure, errorMessage, withRetries, type RetryPolicy } from '../index/redis-retry';
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
  /** Rewrites a storage error to name the socket's error. */
  private readonly explain: (e: unknown) => unknown;
  constructor(options: RewriteIndexOptions, inputs: readonly string[], explain: (e: unknown) => unknown) {
    super(options);
    this.pending = new Set(inputs);
    this.explain = explain;
  }
  override async add(id: string, article: string | Article): Promise<boolean> {
    const added = await super.add(id, article).catch((e: unknown) => {
      throw this.explain(e);
    });
    this.pending.delete(id);
    return added;
  }
  override async query(article: string | Article, options?: QueryOptions): Promise<IndexHit[]> {
    const hits = await super.query(article, options).catch((e: unknown) => {
      throw this.explain(e);
    });
    return this.pending.size === 0 ? hits : hits.filter((h) => !this.pending.has(h.id));
  }
}

/** The part of an ioredis client the CLI uses. */
interface IoRedisClient {
  disconnect(): void;
  on(event: 'error' | 'ready', listener: (e?: unknown) => void): unknown;
  ping(): Promise<unknown>;
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
  /** Closes the connection (at once: every write was awaited before). */
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

/** The socket error's code (ECONNREFUSED…), else the message on one line. */
function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : (errorMessage(e)?.replace(/\s+/g, ' ') ?? String(e));
}

/** `host:port` of a Redis URL, without credentials. */
function addressOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'redis';
  }
}

/**
 * How the CLI's ioredis client behaves, so that retries happen in one place: the client reconnects in
 * the background (waits 50 ms doubling up to 1 s, for as long as the CLI runs) but never retries or
 * resends a command itself (`maxRetriesPerRequest: 0`, `autoResendUnfulfilledCommands: false`): a
 * command that meets a dropped connection fails at once and {@link RedisStorage}'s bounded backoff
 * (`DEFAULT_RETRY_POLICY`: 6 tries over 3.1 s, 2 s per reply) decides whether to try again.
 */
const CLIENT_OPTIONS = Object.freeze({
  lazyConnect: true,
  enableOfflineQueue: true,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  connectTimeout: 2000,
  retryStrategy: (times: number): number => Math.min(50 * 2 ** Math.min(times - 1, 5), 1000),
});
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
 * @throws StorageError naming the address and namespace (`redis 127.0.0.1:6379 namespace news`) when Redis
 * cannot be reached within the retry bound; InvalidInputError for a bad namespace or a missing ioredis.
 * @example
 * const corpus = await openRedisCorpus('redis://127.0.0.1:6379', 'news', { threshold: 0.2 });
 */
export async function openRedisCorpus(url: string, namespace: string, options: RedisCorpusOptions = {}): Promise<RedisCorpus> {
  const Redis = await loadIoRedis();
  const client = new Redis(url, { ...CLIENT_OPTIONS });
  // The socket's own error (ECONNREFUSED…), kept to name the cause when a command fails for want of a
  // connection; an unhandled 'error' event would crash the process.
  let lastError: unknown;
  client.on('error', (e) => {
    lastError = e;
  });
  client.on('ready', () => {
    lastError = undefined;
  });
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY };
  let storage: RedisStorage;
  try {
    storage = new RedisStorage({ client, namespace, address: addressOf(url), ...policy });
  } catch (e) {
    client.disconnect();
    if (e instanceof Error && e.name === 'InvalidOptionError') throw new InvalidInputError(`--namespace: ${e.message}`);
    throw e;
  }
  const where = storage.description;
  /** A StorageError whose detail is the client's "gave up" message names the socket's error instead. */
  const explain = (e: unknown): unknown => {
    if (!(e instanceof StorageError) || lastError === undefined || !(e.cause instanceof Error)) return e;
    const detail = e.cause.message;
    if (!e.message.endsWith(detail) || !/max retries per request|Connection is closed|Stream isn't writeable/i.test(detail)) return e;
    return new StorageError(`${e.message.slice(0, e.message.length - detail.length)}${errorCode(lastError)}`, { cause: e.cause });
  };
  /** Runs a command of the CLI's own (article texts) under the storage's retry policy. */
  const retried = async <T>(what: string, command: () => Promise<T>): Promise<T> => {
    try {
      return await withRetries(policy, command);
    } catch (f) {
      const { error, tries } = f instanceof RetryFailure ? f : new RetryFailure(f, 1);
      const detail = error instanceof Error ? error.message : String(error);
      throw explain(new StorageError(`Redis ${what} failed (${where})${tries > 1 ? ` after ${tries} tries` : ''}: ${detail}`, { cause: error }));
    }
  };
  try {
    await retried('connect', () => client.ping());
  } catch (e) {
    client.disconnect();
    throw e;
  }
  const index = new ScanIndex({ storage, ...(options.threshold === undefined ? {} : { threshold: options.threshold }) }, options.inputs ?? [], explain);
  const key = (id: string): string => `respun:{${namespace}}:article:${id}`;
  return {
    index,
    async lookup(id) {
      const raw = await retried(`read of article ${JSON.stringify(id)}`, () => client.get(key(id)));
      if (raw === null) return undefined;
      const parsed = JSON.parse(raw) as Article;
      return typeof parsed === 'object' && parsed !== null && typeof parsed.text === 'string' ? parsed : undefined;
    },
    async remember(id, article) {
      const kept: Article = { id, text: article.text };
      for (const k of ['title', 'url', 'publishedAt'] as const) if (article[k] !== undefined) kept[k] = article[k];
      await retried(`write of article ${JSON.stringify(id)}`, () => client.set(key(id), JSON.stringify(kept)));
    },
    async close() {
      client.disconnect();
    },
  };
}
