/**
 * `respun/redis`: an {@link IndexStorage} in Redis, shared by any number of
 * processes. It takes a client the caller created and connected (ioredis ≥ 5
 * or node-redis ≥ 4, single node or cluster) and never connects, loads a
 * client library or touches the network at import.
 *
 * Key layout (see docs/index.md), every key of one index under the hash tag
 * `{namespace}`, so a Redis Cluster keeps one index in one slot and every
 * script below touches a single slot:
 *
 * | key | type | holds |
 * |---|---|---|
 * | `respun:{ns}:meta` | hash | the index parameters (`IndexMeta`), written once |
 * | `respun:{ns}:ids` | sorted set | every id; score = expiry time in ms, `+inf` without TTL |
 * | `respun:{ns}:doc:<id>` | string | 4-byte length, the signature bytes, then the bucket list (the band's bytes, after a mode and width byte) |
 * | `respun:{ns}:b:<bucket>` | sorted set | the ids in one LSH bucket; score = expiry time, `+inf` without TTL |
 *
 * Every write of one document is one Lua script (atomic, one round trip):
 * add-if-absent needs a read before the writes, which MULTI cannot branch on,
 * and WATCH would need a connection of its own per writer. Scripts declare
 * every key they touch, as Redis Cluster requires.
 */
import { createHash } from 'node:crypto';
import { InvalidOptionError, StorageError, describe } from '../errors';
import { checkMeta, compareIds } from './memory-storage';
import { RetryFailure, errorMessage, retryPolicy, withRetries, type RetryPolicy } from './redis-retry';
import type { IndexMeta, IndexStorage } from './storage';

/**
 * The part of an ioredis client (`Redis` or `Cluster`) this storage uses.
 * @example
 * const client: IoRedisLike = new Redis(6379);
 */
export interface IoRedisLike {
  /** ioredis's raw command call with binary replies. */
  callBuffer(command: string, ...args: Array<string | Buffer>): Promise<unknown>;
}

/**
 * The part of a node-redis client (`createClient()`) this storage uses.
 * @example
 * const client: NodeRedisLike = await createClient({ url }).connect();
 */
export interface NodeRedisLike {
  /** node-redis's raw command call. */
  sendCommand(args: Array<string | Buffer>, options?: unknown): Promise<unknown>;
}

/**
 * The part of a node-redis cluster client (`createCluster()`) this storage uses.
 * @example
 * const client: NodeRedisClusterLike = await createCluster({ rootNodes }).connect();
 */
export interface NodeRedisClusterLike {
  /** node-redis cluster's raw command call, routed by `firstKey`. */
  sendCommand(firstKey: string | Buffer | undefined, isReadonly: boolean | undefined, args: Array<string | Buffer>, options?: unknown): Promise<unknown>;
  /** Present on cluster clients only. */
  getSlotMaster?: unknown;
  /** Present on cluster clients only. */
  masters?: unknown;
}

/**
 * A connected Redis client: ioredis or node-redis, single node or cluster.
 * @example
 * const client: RedisClientLike = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 */
export type RedisClientLike = IoRedisLike | NodeRedisLike | NodeRedisClusterLike;

/**
 * Options of {@link RedisStorage}.
 * @example
 * new RedisStorage({ client, namespace: 'news', ttlSeconds: 7 * 86400 });
 */
export interface RedisStorageOptions {
  /** A connected ioredis or node-redis client. It is never closed by the storage. */
  client: RedisClientLike;
  /**
   * Name of the index: every key starts with `respun:{namespace}:`. Letters, digits, `.`, `_` and `-`,
   * 1 to 64 characters (no `{`, `}` or `:`, which would change the key layout). There is no default:
   * two indexes must never share keys by accident.
   */
  namespace: string;
  /**
   * Forget an article this many seconds after it was added (a positive integer), so an endless stream
   * ages out; removal of expired entries is exact, buckets are pruned as they are written.
   * @default undefined (keep forever)
   */
  ttlSeconds?: number;
  /**
   * How the client's address is named in error messages.
   * @default taken from the client's options, else `redis`
   */
  address?: string;
  /**
   * How many times a command is tried again after a connection failure (refused, reset, closed, timed
   * out) or a transient reply (`LOADING`, `BUSY`, `TRYAGAIN`, `CLUSTERDOWN`, `MASTERDOWN`, `READONLY`);
   * other replies (`ERR`, `WRONGTYPE`…) fail at once. 0 turns retrying off. Every command respun sends
   * is safe to repeat (an add is add-if-absent, a removal compares first).
   * @default 5
   */
  retries?: number;
  /**
   * Wait before the first retry, in milliseconds; each further retry waits twice as long, up to 2 s.
   * With the defaults the waits are 0.1 + 0.2 + 0.4 + 0.8 + 1.6 = 3.1 s.
   * @default 100
   */
  retryDelayMs?: number;
  /**
   * Longest wait for one reply, in milliseconds, after which the try counts as a connection failure.
   * It bounds each operation whatever the client's own reconnect and offline-queue settings: at most
   * (retries + 1) × commandTimeoutMs plus the waits (15.1 s with the defaults; about 3.1 s when the
   * client fails fast, as the CLI's does). A command given up on may still reach Redis later;
   * every command respun sends can run twice harmlessly.
   * @default 2000
   */
  commandTimeoutMs?: number;
  /**
   * Called before each retry with the error, the number of the retry (1, 2, …) and the wait in milliseconds.
   * @default none
   */
  onRetry?: (error: unknown, retry: number, delayMs: number) => void;
}

/** Raw command runner over either client; bulk replies come back as `Buffer`. */
type Send = (args: Array<string | Buffer>, firstKey: string) => Promise<unknown>;

/** node-redis's RESP type code of bulk strings, mapped to `Buffer` so binary values survive. */
const BLOB_STRING = 36;

function adapt(client: unknown): Send | undefined {
  if (typeof client !== 'object' || client === null) return undefined;
  const c = client as Record<string, unknown>;
  if (typeof c.callBuffer === 'function') {
    const io = client as IoRedisLike;
    return (args) => io.callBuffer(args[0] as string, ...args.slice(1));
  }
  if (typeof c.sendCommand === 'function') {
    const options = { typeMapping: { [BLOB_STRING]: Buffer } };
    if ('masters' in c || typeof c.getSlotMaster === 'function') {
      const cluster = client as NodeRedisClusterLike;
      return (args, firstKey) => cluster.sendCommand(firstKey, false, args, options);
    }
    const single = client as NodeRedisLike;
    return (args) => single.sendCommand(args, options);
  }
  return undefined;
}

function addressOf(client: unknown): string {
  const c = client as { options?: { host?: unknown; port?: unknown; url?: unknown; socket?: { host?: unknown; port?: unknown } } };
  const o = c.options;
  if (o === undefined || o === null) return 'redis';
  if (typeof o.url === 'string') {
    try {
      const u = new URL(o.url);
      return `${u.hostname}:${u.port || '6379'}`;
    } catch {
      return 'redis';
    }
  }
  const host = o.socket?.host ?? o.host;
  const port = o.socket?.port ?? o.port;
  if (typeof host === 'string' || typeof port === 'number') return `${typeof host === 'string' ? host : 'localhost'}:${typeof port === 'number' ? port : 6379}`;
  return 'redis';
}

const NAMESPACE = /^[A-Za-z0-9._-]{1,64}$/;

/** A Lua script with its SHA-1, run by EVALSHA with a fallback to EVAL after a script flush. */
interface Script {
  readonly source: string;
  readonly sha: string;
}
function script(source: string): Script {
  return Object.freeze({ source, sha: createHash('sha1').update(source).digest('hex') });
}

/** Milliseconds on the server's clock (every process agrees on it). */
const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: meta. ARGV: field, value, …. Writes the parameters if absent; returns them. */
const OPEN = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('HSET', KEYS[1], unpack(ARGV)) end
return redis.call('HGETALL', KEYS[1])`);

/**
 * KEYS: doc, ids, bucket…. ARGV: id, value, ttl ms (0: none).
 * Adds the document unless its key exists; prunes expired ids and bucket members it passes.
 */
const INSERT = script(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
${NOW}
local ttl = tonumber(ARGV[3])
local score = '+inf'
if ttl > 0 then score = now + ttl end
redis.call('SET', KEYS[1], ARGV[2])
if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. now)
redis.call('ZADD', KEYS[2], score, ARGV[1])
for i = 3, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. now)
  local existed = redis.call('EXISTS', KEYS[i]) == 1
  redis.call('ZADD', KEYS[i], score, ARGV[1])
  -- A bucket lives as long as its longest-lived member: a new bucket takes the TTL, an old one only
  -- extends it (GT; a bucket without TTL holds a member kept forever and stays so).
  if ttl == 0 then redis.call('PERSIST', KEYS[i])
  elseif existed then redis.call('PEXPIRE', KEYS[i], ttl, 'GT')
  else redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 1`);

/** KEYS: bucket…. Ids in any bucket that have not expired (duplicates possible). */
const LOOKUP = script(`
${NOW}
local out = {}
for i = 1, #KEYS do
  local ids = redis.call('ZRANGEBYSCORE', KEYS[i], now, '+inf')
  for j = 1, #ids do out[#out + 1] = ids[j] end
end
return out`);

/**
 * KEYS: doc, ids, bucket…. ARGV: id, value read before.
 * Removes the document if its value is still the one read (else -1: read again).
 */
const REMOVE = script(`
local v = redis.call('GET', KEYS[1])
if v == false then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return 0
end
if v ~= ARGV[2] then return -1 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
for i = 3, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
return 1`);

/** KEYS: ids. Number of ids not expired. */
const SIZE = script(`
${NOW}
return redis.call('ZCOUNT', KEYS[1], now, '+inf')`);

/** Bucket keys as `RewriteIndex` makes them: band `i` at position `i`, then the band's bytes in hex. */
const INDEX_BUCKET = /^(\d+)\.((?:[0-9a-f]{2})+)$/;

/**
 * Encode a document value: 4-byte big-endian signature length, the signature, then the bucket
 * list. When the buckets are the index's own (`<i>.<hex>` for band i = 0, 1, …, every band's hex of
 * one length w ≤ 255 bytes) they are stored as a byte 2, the byte w, then w bytes a band (a third of
 * the text form); otherwise as text after a byte 0. (Byte 1, 8 bytes a band, is still read.)
 */
function encodeDoc(signature: Uint8Array, buckets: readonly string[]): Buffer {
  const width = buckets.length === 0 ? 0 : (buckets[0]!.length - buckets[0]!.indexOf('.') - 1) / 2;
  const compact =
    width >= 1 &&
    width <= 255 &&
    buckets.every((b, i) => {
      const m = INDEX_BUCKET.exec(b);
      return m !== null && Number(m[1]) === i && m[2]!.length === 2 * width;
    });
  const head = compact ? Buffer.from([2, width]) : Buffer.from([0]);
  const tail = compact ? Buffer.from(buckets.map((b) => b.slice(b.indexOf('.') + 1)).join(''), 'hex') : Buffer.from(buckets.join(' '), 'latin1');
  const out = Buffer.allocUnsafe(4 + signature.length + head.length + tail.length);
  out.writeUInt32BE(signature.length, 0);
  out.set(signature, 4);
  head.copy(out, 4 + signature.length);
  tail.copy(out, 4 + signature.length + head.length);
  return out;
}

function decodeDoc(value: Buffer, where: string): { signature: Uint8Array; buckets: string[] } {
  if (value.length < 5 || value.readUInt32BE(0) > value.length - 5) throw new StorageError(`Corrupt document entry in ${where}`);
  const n = value.readUInt32BE(0);
  const signature = new Uint8Array(value.subarray(4, 4 + n));
  const mode = value[4 + n];
  if (mode === 1 || mode === 2) {
    const width = mode === 1 ? 8 : (value[5 + n] ?? 0);
    const tail = value.subarray(mode === 1 ? 5 + n : 6 + n);
    if (width === 0 || tail.length % width !== 0) throw new StorageError(`Corrupt document entry in ${where}`);
    const buckets: string[] = [];
    for (let i = 0; i < tail.length / width; i++) buckets.push(`${i}.${tail.subarray(width * i, width * i + width).toString('hex')}`);
    return { signature, buckets };
  }
  if (mode !== 0) throw new StorageError(`Corrupt document entry in ${where}`);
  const text = value.subarray(5 + n).toString('latin1');
  return { signature, buckets: text === '' ? [] : text.split(' ') };
}

function toText(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

/**
 * Keeps a {@link RewriteIndex} in Redis so that many processes can add to and query one index.
 * Give it a connected client; it never opens or closes connections itself.
 * @example
 * import Redis from 'ioredis';
 * import { RewriteIndex } from 'respun';
 * import { RedisStorage } from 'respun/redis';
 * const client = new Redis('redis://127.0.0.1:6379');
 * const index = new RewriteIndex({ storage: new RedisStorage({ client, namespace: 'news', ttlSeconds: 30 * 86400 }) });
 * await index.add('bbc-1', { text });
 */
export class RedisStorage implements IndexStorage {
  /** `redis <address> namespace <ns>`, for error messages. */
  readonly description: string;
  /** The namespace, validated. */
  readonly namespace: string;
  /** Expiry of an added document in milliseconds; 0 keeps it forever. */
  private readonly ttlMs: number;
  /** Raw command runner over the caller's client. */
  private readonly send: Send;
  /** `respun:{ns}:`: the prefix every key starts with. */
  private readonly prefix: string;
  /** How failed commands are tried again. */
  private readonly policy: RetryPolicy;
  /**
   * @param options - See {@link RedisStorageOptions}; validated here.
   * @throws InvalidOptionError naming the bad option.
   */
  constructor(options: RedisStorageOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidOptionError(`Expected \`options\` to be an object ({ client, namespace }), got ${describe(options)}`);
    }
    const send = adapt(options.client);
    if (send === undefined) {
      throw new InvalidOptionError(
        `Expected \`client\` to be a connected ioredis or node-redis client (with callBuffer or sendCommand), got ${describe(options.client)}`,
      );
    }
    const ns: unknown = options.namespace;
    if (typeof ns !== 'string' || !NAMESPACE.test(ns)) {
      throw new InvalidOptionError(
        `Expected \`namespace\` to be 1 to 64 letters, digits, '.', '_' or '-' (no '{', '}' or ':', which would change the key layout), got ${describe(ns)}`,
      );
    }
    const ttl: unknown = options.ttlSeconds;
    if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > 10 * 365 * 86400)) {
      throw new InvalidOptionError(`Expected \`ttlSeconds\` to be a positive integer of seconds (at most 10 years), got ${describe(ttl)}`);
    }
    if (options.address !== undefined && typeof options.address !== 'string') {
      throw new InvalidOptionError(`Expected \`address\` to be a string, got ${describe(options.address)}`);
    }
    this.policy = retryPolicy(options);
    this.send = send;
    this.namespace = ns;
    this.ttlMs = ttl === undefined ? 0 : ttl * 1000;
    this.prefix = `respun:{${ns}}:`;
    this.description = `redis ${options.address ?? addressOf(options.client)} namespace ${ns}`;
  }

  private key(kind: 'meta' | 'ids'): string {
    return this.prefix + kind;
  }
  private docKey(id: string): string {
    return `${this.prefix}doc:${id}`;
  }
  private bucketKey(bucket: string): string {
    return `${this.prefix}b:${bucket}`;
  }

  /**
   * Run a command, trying again with exponential backoff after a transient failure, and wrap the
   * final failure in a StorageError that names the address.
   */
  private async run(args: Array<string | Buffer>, what: string): Promise<unknown> {
    try {
      return await withRetries(this.policy, () => this.send(args, this.key('ids')));
    } catch (f) {
      const { error, tries } = f instanceof RetryFailure ? f : new RetryFailure(f, 1);
      const detail = errorMessage(error) ?? String(error);
      throw new StorageError(`Redis ${what} failed (${this.description})${tries > 1 ? ` after ${tries} tries` : ''}: ${detail}`, { cause: error });
    }
  }

  private async eval(s: Script, keys: readonly string[], args: ReadonlyArray<string | Buffer>, what: string): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.run(['EVALSHA', s.sha, ...tail], what);
    } catch (e) {
      // A server restarted without its script cache answers NOSCRIPT: send the source once.
      if (!(e instanceof StorageError) || !/^NOSCRIPT/.test(errorMessage(e.cause) ?? '')) throw e;
    }
    return this.run(['EVAL', s.source, ...tail], what);
  }

  /** Record the index parameters, or check them against those recorded by the first process. */
  async open(meta: IndexMeta): Promise<void> {
    const fields = Object.entries(meta).flatMap(([k, v]) => [k, String(v)]);
    const reply = (await this.eval(OPEN, [this.key('meta')], fields, 'open')) as unknown[];
    const stored: Record<string, string> = {};
    for (let i = 0; i + 1 < reply.length; i += 2) stored[toText(reply[i])] = toText(reply[i + 1]);
    checkMeta(stored as unknown as IndexMeta, meta, this.description);
  }

  /** Add `id` to its buckets with its signature in one script; `false` when `id` is already stored. */
  async insert(id: string, buckets: readonly string[], signature: Uint8Array): Promise<boolean> {
    const own = [...new Set(buckets)];
    const keys = [this.docKey(id), this.key('ids'), ...own.map((b) => this.bucketKey(b))];
    const reply = await this.eval(INSERT, keys, [id, encodeDoc(signature, own), String(this.ttlMs)], 'insert');
    return Number(reply) === 1;
  }

  /** Ids in any of `buckets` (not expired), each once, sorted. */
  async lookup(buckets: readonly string[]): Promise<string[]> {
    if (buckets.length === 0) return [];
    const reply = (await this.eval(LOOKUP, buckets.map((b) => this.bucketKey(b)), [], 'lookup')) as unknown[];
    return [...new Set(reply.map(toText))].sort(compareIds);
  }

  /** Signature bytes of each id, `undefined` for ids not stored (or expired). One MGET. */
  async signatures(ids: readonly string[]): Promise<Array<Uint8Array | undefined>> {
    if (ids.length === 0) return [];
    const reply = (await this.run(['MGET', ...ids.map((id) => this.docKey(id))], 'signatures')) as Array<Buffer | null>;
    return reply.map((v) => (v === null || v === undefined ? undefined : decodeDoc(v, this.description).signature));
  }

  /** Remove `id`, its buckets memberships and its key table entry, atomically. */
  async remove(id: string): Promise<boolean> {
    for (let attempt = 0; attempt < 16; attempt++) {
      const value = (await this.run(['GET', this.docKey(id)], 'remove')) as Buffer | null;
      const buckets = value === null ? [] : decodeDoc(value, this.description).buckets;
      const keys = [this.docKey(id), this.key('ids'), ...buckets.map((b) => this.bucketKey(b))];
      const reply = Number(await this.eval(REMOVE, keys, [id, value ?? Buffer.alloc(0)], 'remove'));
      // -1: the document changed between the read and the script (removed and added again): read again.
      if (reply !== -1) return reply === 1;
    }
    throw new StorageError(`Redis remove of ${JSON.stringify(id)} kept racing with other writers (${this.description})`);
  }

  /** Whether `id` is stored (and not expired). */
  async has(id: string): Promise<boolean> {
    return Number(await this.run(['EXISTS', this.docKey(id)], 'has')) === 1;
  }

  /** Number of stored documents that have not expired. */
  async size(): Promise<number> {
    return Number(await this.eval(SIZE, [this.key('ids')], [], 'size'));
  }
}
