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
import { RewriteIndex } from '../index/rewrite-index';
import type { Article } from '../types';

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
 * Connects to Redis and opens the scan's index in `namespace`.
 * @throws InvalidInputError naming the URL when Redis cannot be reached; InvalidOptionError for a bad namespace.
 * @example
 * const corpus = await openRedisCorpus('redis://127.0.0.1:6379', 'news', { threshold: 0.2 });
 */
export async function openRedisCorpus(url: string, namespace: string, options: { threshold?: number } = {}): Promise<RedisCorpus> {
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
  const index = new RewriteIndex({ storage, ...(options.threshold === undefined ? {} : { threshold: options.threshold }) });
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
