/**
 * RedisStorage against a real redis-server (started on a free loopback port by
 * the helper), through both supported clients: the storage contract, option
 * checks, errors, TTL, and several processes sharing one index.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { InvalidOptionError, StorageError } from '../../src/errors';
import { RedisStorage } from '../../src/index/redis-storage';
import { RewriteIndex } from '../../src/index/rewrite-index';
import { closedPort, startRedis, type RedisServer } from '../helpers/redis-server';
import { META, QUERY, storageContract, workerDocs, type StorageHarness } from './storage-contract';

let server: RedisServer | undefined;
let io: Redis | undefined;
let nodeClient: ReturnType<typeof createClient> | undefined;
let namespaces = 0;

beforeAll(async () => {
  server = await startRedis();
  if (server === undefined) return;
  io = new Redis(server.port, server.host, { lazyConnect: true });
  await io.connect();
  nodeClient = createClient({ url: server.url });
  await nodeClient.connect();
});

afterAll(async () => {
  await io?.quit();
  await nodeClient?.quit();
  await server?.stop();
});

/** Keys of a namespace other than its parameters. */
async function keysOf(namespace: string): Promise<string[]> {
  const keys = (await io!.keys(`respun:{${namespace}}:*`)).filter((k) => !k.endsWith(':meta'));
  return keys.sort();
}

function harness(kind: 'ioredis' | 'node-redis'): StorageHarness | undefined {
  if (server === undefined) return undefined;
  return {
    make: async () => new RedisStorage({ client: kind === 'ioredis' ? io! : nodeClient!, namespace: `${kind}-${++namespaces}` }),
    leftovers: async (s) => keysOf((s as RedisStorage).namespace),
  };
}

const itRedis = (name: string, fn: () => Promise<void>) => test(name, async () => {
  if (server === undefined) {
    console.warn(`skipped (redis-server not installed): ${name}`);
    return;
  }
  await fn();
});

storageContract('Redis via ioredis 6', () => harness('ioredis'));
storageContract('Redis via node-redis 6', () => harness('node-redis'));

describe('RedisStorage options', () => {
  const client = { callBuffer: async () => null };
  test.each([
    [{ client, namespace: '' }, /`namespace`.*got "" \(string\)/],
    [{ client, namespace: 'a:b' }, /no '\{', '\}' or ':'/],
    [{ client, namespace: '{news}' }, /`namespace`/],
    [{ client, namespace: undefined }, /`namespace`.*got undefined/],
    [{ client, namespace: 'x'.repeat(65) }, /1 to 64/],
    [{ client: {}, namespace: 'news' }, /`client` to be a connected ioredis or node-redis client/],
    [{ client: null, namespace: 'news' }, /`client`.*got null/],
    [{ client, namespace: 'news', ttlSeconds: 0 }, /`ttlSeconds`.*got 0 \(number\)/],
    [{ client, namespace: 'news', ttlSeconds: 1.5 }, /`ttlSeconds`/],
    [{ client, namespace: 'news', ttlSeconds: '60' }, /`ttlSeconds`.*\(string\)/],
  ])('%o is refused', (options, message) => {
    expect(() => new RedisStorage(options as never)).toThrow(InvalidOptionError);
    expect(() => new RedisStorage(options as never)).toThrow(message);
  });
  test('missing options are refused', () => {
    expect(() => new RedisStorage(undefined as never)).toThrow(/`options` to be an object/);
  });
  test('construction touches nothing: no command is sent', () => {
    let calls = 0;
    new RedisStorage({ client: { callBuffer: async () => (calls++, null) }, namespace: 'news' });
    expect(calls).toBe(0);
  });
});

describe('RedisStorage against a real server', () => {
  itRedis('keys: one hash tag per namespace, documented layout', async () => {
    const ns = `layout-${++namespaces}`;
    const s = new RedisStorage({ client: io!, namespace: ns });
    await s.open(META);
    await s.insert('doc:1', ['0.ab', '1.cd'], Uint8Array.of(1, 2, 3, 4));
    expect(await keysOf(ns)).toEqual([`respun:{${ns}}:b:0.ab`, `respun:{${ns}}:b:1.cd`, `respun:{${ns}}:doc:doc:1`, `respun:{${ns}}:ids`]);
    const slots = new Set<number>();
    for (const k of [...(await keysOf(ns)), `respun:{${ns}}:meta`]) slots.add(Number(await io!.call('CLUSTER', 'KEYSLOT', k).catch(() => -1)));
    // CLUSTER KEYSLOT answers on a standalone server too (Redis ≥ 7); every key in one slot.
    expect(slots.size).toBe(1);
  });

  itRedis('a document written by RewriteIndex stores its bucket list as the bands\' bytes, and its removal finds every bucket', async () => {
    const ns = `compact-${++namespaces}`;
    const index = new RewriteIndex({ storage: new RedisStorage({ client: io!, namespace: ns }) });
    await index.add('ferry', QUERY);
    const { bands } = index.params;
    const value = (await io!.getBuffer(`respun:{${ns}}:doc:ferry`))!;
    // The signature bytes are the index's business (stored opaquely, length first); then mode 2, the
    // width w of a band's key in bytes, and w bytes a band: the bucket keys' hex digits as bytes.
    const sigLength = value.readUInt32BE(0);
    const keys = (await keysOf(ns)).filter((k) => k.includes(':b:'));
    const width = (keys[0]!.length - keys[0]!.lastIndexOf('.') - 1) / 2;
    expect(value[4 + sigLength]).toBe(2);
    expect(value[5 + sigLength]).toBe(width);
    expect(value.length).toBe(4 + sigLength + 2 + width * bands);
    const band0 = keys.find((k) => k.startsWith(`respun:{${ns}}:b:0.`))!;
    expect(value.subarray(6 + sigLength, 6 + sigLength + width).toString('hex')).toBe(band0.slice(band0.lastIndexOf('.') + 1));
    expect((await keysOf(ns)).filter((k) => k.includes(':b:'))).toHaveLength(bands);
    expect(await index.remove('ferry')).toBe(true);
    expect(await keysOf(ns)).toEqual([]);
  });

  itRedis('a server that is not there gives a StorageError naming the address and namespace (more in redis-fault.test.ts)', async () => {
    const port = await closedPort();
    const dead = new Redis(port, server!.host, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on('error', () => undefined);
    const s = new RedisStorage({ client: dead, namespace: 'dead', retries: 0 });
    const error = await s.size().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toContain(`(redis ${server!.host}:${port} namespace dead)`);
    dead.disconnect();
  });

  itRedis('a script flushed from the server is loaded again (NOSCRIPT fallback)', async () => {
    const s = new RedisStorage({ client: nodeClient!, namespace: `flush-${++namespaces}` });
    await s.open(META);
    await io!.call('SCRIPT', 'FLUSH');
    expect(await s.insert('a', ['0.x'], Uint8Array.of(9))).toBe(true);
    expect(await s.lookup(['0.x'])).toEqual(['a']);
  });

  itRedis('ioredis and node-redis read each other’s entries (binary signatures intact)', async () => {
    const ns = `mixed-${++namespaces}`;
    const a = new RedisStorage({ client: io!, namespace: ns });
    const b = new RedisStorage({ client: nodeClient!, namespace: ns });
    await a.open(META);
    await b.open(META);
    const sig = Uint8Array.from({ length: 256 }, (_, i) => i);
    await a.insert('x', ['0.k'], sig);
    expect([...(await b.signatures(['x']))[0]!]).toEqual([...sig]);
    expect(await b.lookup(['0.k'])).toEqual(['x']);
    expect(await b.remove('x')).toBe(true);
    expect(await keysOf(ns)).toEqual([]);
  });

  itRedis('TTL: entries and buckets get an expiry; expired documents leave queries and the count', async () => {
    const ns = `ttl-${++namespaces}`;
    const s = new RedisStorage({ client: io!, namespace: ns, ttlSeconds: 1 });
    await s.open(META);
    await s.insert('old', ['0.x'], Uint8Array.of(1));
    const ttl = await io!.pttl(`respun:{${ns}}:doc:old`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1000);
    expect(await io!.pttl(`respun:{${ns}}:b:0.x`)).toBeGreaterThan(0);
    // Wait (without asserting on time) until the server has expired the document.
    while (await s.has('old')) await new Promise((r) => setTimeout(r, 100));
    expect(await s.size()).toBe(0);
    expect(await s.lookup(['0.x'])).toEqual([]);
    // A permanent storage on the same namespace keeps its documents forever and the bucket too.
    const forever = new RedisStorage({ client: io!, namespace: ns });
    await forever.insert('kept', ['0.x'], Uint8Array.of(2));
    expect(await io!.pttl(`respun:{${ns}}:b:0.x`)).toBe(-1);
    expect(await forever.lookup(['0.x'])).toEqual(['kept']);
  });

  itRedis('two worker processes adding to one index at once lose nothing; a new process answers queries the same way', async () => {
    const ns = `workers-${++namespaces}`;
    const [a, b] = await Promise.all([runWorker('add', ns, '0'), runWorker('add', ns, '1')]);
    expect(a.added + b.added).toBe(WORKER_DOCS);
    const storage = new RedisStorage({ client: io!, namespace: ns });
    const index = new RewriteIndex({ storage, threshold: 0.3 });
    expect(await index.size()).toBe(WORKER_DOCS);
    for (const [id] of workerDocs(WORKER_DOCS)) expect(await index.has(id)).toBe(true);
    const here = await index.query(QUERY);
    expect(here[0]?.id).toBe('ferry');
    const reopened = await runWorker('query', ns, '0');
    expect(reopened.hits).toEqual(here);
  });
});

/** Documents each worker adds (both add all of them, interleaved differently, so they race on every id). */
const WORKER_DOCS = 200;

async function runWorker(mode: 'add' | 'query', namespace: string, order: string): Promise<{ added: number; hits: unknown }> {
  const tsx = require.resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, join(__dirname, 'redis-worker.ts'), mode, server!.url, namespace, order, String(WORKER_DOCS), QUERY], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`worker ${mode} exited with ${code}: ${err}`);
  return JSON.parse(out) as { added: number; hits: unknown };
}

