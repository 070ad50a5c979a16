/**
 * The corpus index: adds and queries per second, and memory per indexed article, for the
 * memory storage and for Redis (a throwaway `redis-server` started on a free loopback port,
 * through ioredis and node-redis), against the `minhash` package's `LshIndex` (0.0.9) as peer.
 *
 * Articles: BENCH_INDEX_DOCS (default 10,000) distinct texts, the corpus of `npm run features`
 * (BBC articles read from ../shared at run time, never copied, plus seeded recombinations of their
 * sentences); else seeded synthetic text. Distinct texts matter: repeated texts share buckets and
 * make the index look smaller than it is. Features are computed once, outside the timings:
 * the figures are the index's own cost (MinHash, banding, storage).
 *
 * Memory: the memory storage's growth of V8 heap plus memory outside the heap (`external`: typed-array
 * backing stores, where the memory storage keeps nearly everything and which `heapUsed` alone misses)
 * after full garbage collections, per article, the id strings made before and not counted; Redis's
 * `used_memory` growth per article (INFO memory); for the default parameters (128 values, 28 bands
 * of 2) and for 256 values (85 bands of 3).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { RewriteIndex, indexFeatureHashes } from '../src/index/rewrite-index';
import { MemoryStorage } from '../src/index/memory-storage';
import { RedisStorage } from '../src/index/redis-storage';
import type { IndexStorage } from '../src/index/storage';
import { prepare } from '../src/text/prepare';
import { startRedis } from '../test/helpers/redis-server';
import { SHARED, buildCorpus } from '../scripts/features';
import type { Bench } from './run';
import { rng } from '../scripts/rng';

const requireCjs = createRequire(__filename);

/** `n` distinct articles: the features script's corpus (BBC + devset candidates + seeded recombinations) when the shared corpus is present, else seeded synthetic text. */
function loadTexts(n: number): { texts: string[]; source: string } {
  if (existsSync(join(SHARED, 'corpus', 'bbc-train.jsonl'))) {
    const { articles, real } = buildCorpus(n, 1);
    return { texts: articles.map((a) => a.text), source: `${real} real articles from ${SHARED} and ${articles.length - real} recombinations (npm run features' corpus)` };
  }
  const random = rng(7);
  const vocab = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
  const texts = Array.from({ length: n }, () => Array.from({ length: 400 }, () => vocab[Math.floor(random() ** 2 * vocab.length)]).join(' ') + '.');
  return { texts, source: 'synthetic (seeded)' };
}

/** Heap in use plus memory outside the heap after full collections (needs --expose-gc, switched on at run time here). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function usedMemory(client: Redis): Promise<number> {
  const info = await client.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

const bench: Bench = {
  name: 'index',
  description: 'RewriteIndex adds/queries per second and memory per article: memory vs Redis (ioredis, node-redis) vs minhash LshIndex',
  async run(ctx) {
    const n = Number(process.env.BENCH_INDEX_DOCS ?? 10_000);
    const { texts, source } = loadTexts(n);
    ctx.log(`articles: ${n} distinct texts, ${source}; features computed once, outside the timings`);
    const features = texts.map((t) => indexFeatureHashes(prepare(t)));
    const featureOf = (i: number) => features[i % features.length]!;
    const queries = 1000;

    const rows: string[][] = [['storage', 'adds/s', 'queries/s', 'bytes/article', 'LSH candidates/query']];
    const configs: Array<{ label: string; options: { numPerm?: number; threshold?: number } }> = [
      { label: 'default', options: {} },
      { label: '256 values', options: { numPerm: 256, threshold: 0.2 } },
    ];
    const runStorage = async (label: string, storage: IndexStorage, memory: () => Promise<number>, options: { numPerm?: number; threshold?: number }) => {
      const index = new RewriteIndex({ storage, ...options });
      const { bands, rows: r, numPerm } = index.params;
      label = `${label}, ${numPerm} values, ${bands}×${r}`;
      await index.size();
      const ids = Array.from({ length: n }, (_, j) => `article-${j}`);
      const before = await memory();
      const addMs = await timeIt(async () => {
        // 64 adds in flight, as addMany keeps them.
        for (let i = 0; i < n; i += 64) {
          const batch: Array<Promise<boolean>> = [];
          for (let j = i; j < Math.min(n, i + 64); j++) batch.push(index.addHashes(ids[j]!, featureOf(j)));
          await Promise.all(batch);
        }
      });
      const after = await memory();
      // The id strings stay alive (held here) until after the measurement, so they are not counted either way.
      if (ids.length !== n) throw new Error('lost ids');
      let candidates = 0;
      const queryMs = await timeIt(async () => {
        for (let q = 0; q < queries; q++) candidates += (await index.queryHashes(featureOf(q * 7), { minSimilarity: 0 })).length;
      });
      rows.push([label, Math.round((n * 1000) / addMs).toLocaleString('en-US'), Math.round((queries * 1000) / queryMs).toLocaleString('en-US'), Math.round((after - before) / n).toLocaleString('en-US'), (candidates / queries).toFixed(1)]);
    };

    for (const c of configs) await runStorage('memory', new MemoryStorage(), async () => heapAfterGc(), c.options);

    // Peer: the minhash package's LshIndex over its own signatures of the same content stems.
    {
      const { Minhash, LshIndex } = requireCjs('minhash') as {
        Minhash: new (o?: { numPerm?: number }) => { update(s: string): void };
        LshIndex: new (o?: { bandSize?: number }) => { insert(key: string, m: unknown): void; query(m: unknown): string[] };
      };
      const docs = texts.map((t) => {
        const d = prepare(t);
        const m = new Minhash({ numPerm: 128 });
        for (const tok of d.tokens) if (!tok.stop) m.update(tok.stem);
        return m;
      });
      const before = heapAfterGc();
      const lsh = new LshIndex({ bandSize: 2 });
      const t0 = performance.now();
      for (let i = 0; i < n; i++) lsh.insert(`article-${i}`, docs[i % docs.length]);
      const addMs = performance.now() - t0;
      const after = heapAfterGc();
      let candidates = 0;
      const t1 = performance.now();
      for (let q = 0; q < queries; q++) candidates += lsh.query(docs[(q * 7) % docs.length]).length;
      const queryMs = performance.now() - t1;
      rows.push([
        'minhash 0.0.9 LshIndex (64 bands of 2; signatures shared, not stored)',
        Math.round((n * 1000) / addMs).toLocaleString('en-US'),
        Math.round((queries * 1000) / queryMs).toLocaleString('en-US'),
        Math.round((after - before) / n).toLocaleString('en-US'),
        (candidates / queries).toFixed(1),
      ]);
    }

    // A fresh server per row, so that one row's keys (and the keyspace's table resizes) do not weigh on the next.
    for (const c of configs) {
      for (const kind of ['ioredis 6', 'node-redis 6'] as const) {
        const server = await startRedis();
        if (server === undefined) {
          ctx.log('redis-server not installed: Redis rows skipped');
          break;
        }
        const admin = new Redis(server.port, server.host);
        const io = new Redis(server.port, server.host);
        const node = createClient({ url: server.url });
        await node.connect();
        try {
          await runStorage(`redis, ${kind}`, new RedisStorage({ client: kind === 'ioredis 6' ? io : node, namespace: 'bench' }), () => usedMemory(admin), c.options);
        } finally {
          io.disconnect();
          admin.disconnect();
          await node.quit();
          await server.stop();
        }
      }
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) ctx.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  },
};

export default bench;
