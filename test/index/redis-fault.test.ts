/**
 * RedisStorage under faults, against a real redis-server through both clients: a brief disconnect
 * (CLIENT KILL) and a short pause (CLIENT PAUSE) are retried and succeed; a persistent outage is a
 * StorageError naming the address after the retry bound; a server down from the start likewise.
 * No timing thresholds: each test only waits for the outcome (jest's timeout is the backstop).
 */
import Redis from 'ioredis';
import { createClient } from 'redis';
import { StorageError } from '../../src/errors';
import { RedisStorage } from '../../src/index/redis-storage';
import { RewriteIndex } from '../../src/index/rewrite-index';
import { closedPort, startRedis, type RedisServer } from '../helpers/redis-server';

const TEXT = 'Ukraine kept pounding the Russian border region of Kursk, officials in Moscow said on Tuesday, as the ferry crossing stayed closed.';

let server: RedisServer | undefined;
let admin: Redis | undefined;
beforeAll(async () => {
  server = await startRedis();
  if (server === undefined) return;
  admin = new Redis(server.port, server.host);
});
afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
});

const itRedis = (name: string, fn: () => Promise<void>) =>
  test(name, async () => {
    if (server === undefined) return console.warn(`skipped (redis-server not installed): ${name}`);
    await fn();
  });

/** An ioredis client set up as the docs advise: reconnects, but leaves command retries to RedisStorage. */
function ioClient(port: number): Redis {
  const c = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false, retryStrategy: (n) => Math.min(50 * n, 500) });
  c.on('error', () => undefined);
  return c;
}

describe.each(['ioredis', 'node-redis'] as const)('through %s', (kind) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });
  async function storage(port: number, namespace: string, extra: { retries?: number; commandTimeoutMs?: number } = {}) {
    const retried: string[] = [];
    // (the retries seen, for the tests that can force one)
    const onRetry = (e: unknown) => void retried.push(e instanceof Error ? e.message : String(e));
    let client;
    if (kind === 'ioredis') {
      const c = ioClient(port);
      close = async () => c.disconnect();
      client = c;
    } else {
      const c = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: (n: number) => Math.min(50 * (n + 1), 500) } });
      c.on('error', () => undefined);
      await c.connect();
      close = async () => void (await c.close?.().catch(() => undefined));
      client = c;
    }
    return { storage: new RedisStorage({ client, namespace, onRetry, ...extra }), retried };
  }

  itRedis('a connection killed by the server is retried and the add succeeds', async () => {
    const ns = `${kind}-kill`;
    const { storage: s, retried } = await storage(server!.port, ns);
    const index = new RewriteIndex({ storage: s });
    expect(await index.add('a', TEXT)).toBe(true);
    // The kill and the next add race: the add meets a closed connection (retried) or a new one.
    // (A reply lost with the connection makes the retry find 'b' stored and resolve false: documented.)
    await Promise.all([admin!.call('CLIENT', 'KILL', 'TYPE', 'normal'), index.add('b', TEXT + ' More.')]);
    expect(await index.has('a')).toBe(true);
    expect(await index.has('b')).toBe(true);
    expect(await index.size()).toBe(2);
  });

  itRedis('a server paused for longer than commandTimeoutMs is waited out by a retry', async () => {
    const ns = `${kind}-pause`;
    const { storage: s, retried } = await storage(server!.port, ns, { commandTimeoutMs: 100 });
    const index = new RewriteIndex({ storage: s });
    expect(await index.add('a', TEXT)).toBe(true);
    await admin!.call('CLIENT', 'PAUSE', '400', 'ALL');
    // The first try ran once the pause ended, after the retry was already queued: the retry then finds
    // 'b' stored and resolves false (documented). Either way 'b' is stored exactly once.
    await index.add('b', TEXT + ' More.');
    expect(await index.has('b')).toBe(true);
    expect(await index.size()).toBe(2);
    expect(retried[0]).toBe('no reply within 100 ms');
  });
});

itRedis('a server down from the start gives a StorageError naming the address after the retries', async () => {
  const port = await closedPort();
  const client = ioClient(port);
  const retried: number[] = [];
  const s = new RedisStorage({ client, namespace: 'down', retries: 3, retryDelayMs: 10, onRetry: (_e, n) => void retried.push(n) });
  const error = await new RewriteIndex({ storage: s }).add('a', TEXT).catch((e: unknown) => e);
  client.disconnect();
  expect(error).toBeInstanceOf(StorageError);
  expect((error as Error).message).toMatch(new RegExp(`^Redis open failed \\(redis 127\\.0\\.0\\.1:${port} namespace down\\) after 4 tries: `));
  expect(retried).toEqual([1, 2, 3]);
});

itRedis('a reply error is not retried', async () => {
  const client = ioClient(server!.port);
  await admin!.set('respun:{wrongtype}:ids', 'not a sorted set');
  const retried: number[] = [];
  const s = new RedisStorage({ client, namespace: 'wrongtype', onRetry: (_e, n) => void retried.push(n) });
  const error = await s.size().catch((e: unknown) => e);
  client.disconnect();
  expect(error).toBeInstanceOf(StorageError);
  expect((error as Error).message).toMatch(/^Redis size failed \(redis 127\.0\.0\.1:\d+ namespace wrongtype\): .*WRONGTYPE/);
  expect(retried).toEqual([]);
});

itRedis('a persistent outage gives a StorageError after the bound, and a restart brings the index back', async () => {
  const own = await startRedis(['--appendonly', 'yes', '--appendfsync', 'always']);
  try {
    const client = ioClient(own!.port);
    const s = new RedisStorage({ client, namespace: 'outage', retries: 2, retryDelayMs: 20 });
    const index = new RewriteIndex({ storage: s });
    expect(await index.add('a', TEXT)).toBe(true);
    await own!.kill();
    const error = await index.add('b', TEXT + ' More.').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(new RegExp(`^Redis insert failed \\(redis 127\\.0\\.0\\.1:${own!.port} namespace outage\\) after 3 tries: `));
    await own!.restart();
    // The AOF kept 'a'; adding it again changes nothing (add-if-absent), 'b' is new.
    expect(await index.add('a', TEXT)).toBe(false);
    expect(await index.add('b', TEXT + ' More.')).toBe(true);
    expect(await index.size()).toBe(2);
    client.disconnect();
  } finally {
    await own?.stop();
  }
});
