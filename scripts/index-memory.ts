/**
 * Bytes per article of the in-memory corpus index, measured honestly, with add and query CPU time.
 *
 * Memory is the growth of V8's heap in use plus memory outside the heap (`external`: typed-array
 * backing stores, which `heapUsed` alone does not count), each after two full collections, from
 * just before the first add to just after the last, divided by the article count. The id strings
 * and the feature sets are made before the first measurement and held by this script, so they are
 * not counted: the figure is what the index itself keeps per article beyond its id.
 *
 * Articles: `--source corpus` (default) is the corpus of `npm run features` (BBC articles read
 * where they stand in ../shared, never copied, plus seeded recombinations of their sentences);
 * `--source synthetic` draws each article's feature set from a seeded Zipf-like vocabulary of
 * 50,000 words (150 to 300 distinct features; one article in 20 a light edit of an earlier one),
 * so that unrelated articles share common words as real ones do, for sizes beyond the corpus.
 *
 * Usage: npx tsx scripts/index-memory.ts [--docs 10000] [--source corpus|synthetic] [--numPerm 128] [--threshold 0.3] [--queries 1000]
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RewriteIndex, indexFeatureHashes } from '../src/index/rewrite-index';
import { prepare } from '../src/text/prepare';
import { uniqueSorted } from '../src/sketch/features';
import { buildCorpus } from './features';
import { rng } from './rng';

function args(): Record<string, string> {
  const out: Record<string, string> = {};
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) if (a[i]!.startsWith('--')) out[a[i]!.slice(2)] = a[i + 1] ?? '';
  return out;
}

/** Heap in use plus memory outside the heap, after two full collections. */
function memoryAfterGc(): { heap: number; external: number } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external };
}

/**
 * `n` seeded synthetic feature sets (see the module comment); the same for the same `seed` on every run.
 * @example
 * syntheticFeatures(100_000, 1).length; // 100000
 */
export function syntheticFeatures(n: number, seed: number): Uint32Array[] {
  const random = rng(seed);
  const vocab = 50_000;
  const out: Uint32Array[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && random() < 0.05) {
      // A light edit of an earlier article: keep 70–95 % of its features, add a few new ones.
      const base = out[Math.floor(random() * i)]!;
      const keep = 0.7 + 0.25 * random();
      const next: number[] = [];
      for (const h of base) if (random() < keep) next.push(h);
      for (let k = 0; k < 20; k++) next.push(Math.floor(random() ** 3 * vocab) * 2654435761 >>> 0);
      out.push(uniqueSorted(Uint32Array.from(next)));
      continue;
    }
    const size = 150 + Math.floor(random() * 151);
    const set = new Set<number>();
    while (set.size < size) set.add((Math.floor(random() ** 3 * vocab) * 2654435761) >>> 0);
    out.push(uniqueSorted(Uint32Array.from(set)));
  }
  return out;
}

function cpuMs(fn: () => Promise<void>): Promise<number> {
  const t0 = process.cpuUsage();
  return fn().then(() => {
    const d = process.cpuUsage(t0);
    return (d.user + d.system) / 1000;
  });
}

async function main(): Promise<void> {
  const opt = args();
  const n = Number(opt.docs ?? 10_000);
  const source = opt.source ?? 'corpus';
  const queries = Number(opt.queries ?? 1000);
  const options: { numPerm?: number; threshold?: number } = {};
  if (opt.numPerm !== undefined) options.numPerm = Number(opt.numPerm);
  if (opt.threshold !== undefined) options.threshold = Number(opt.threshold);
  const features = source === 'synthetic' ? syntheticFeatures(n, 1) : buildCorpus(n, 1).articles.map((a) => indexFeatureHashes(prepare(a.text)));
  const ids = features.map((_, i) => `article-${i}`);
  const index = new RewriteIndex(options);
  await index.size();
  const before = memoryAfterGc();
  const addMs = await cpuMs(async () => {
    for (let i = 0; i < n; i++) await index.addHashes(ids[i]!, features[i]!);
  });
  const after = memoryAfterGc();
  // The id strings stay alive (held here) until after the measurement, so they are not counted either way.
  if (ids.length !== n) throw new Error('lost ids');
  let candidates = 0;
  let hits = 0;
  const queryAllMs = await cpuMs(async () => {
    for (let q = 0; q < queries; q++) candidates += (await index.queryHashes(features[(q * 7919) % n]!, { minSimilarity: 0 })).length;
  });
  const queryMs = await cpuMs(async () => {
    for (let q = 0; q < queries; q++) hits += (await index.queryHashes(features[(q * 7919) % n]!)).length;
  });
  const { numPerm, bands, rows, threshold } = index.params;
  const heap = (after.heap - before.heap) / n;
  const external = (after.external - before.external) / n;
  console.log(
    JSON.stringify({
      source,
      docs: n,
      numPerm,
      bands,
      rows,
      threshold,
      bytesPerArticle: Math.round(heap + external),
      heapPerArticle: Math.round(heap),
      externalPerArticle: Math.round(external),
      addCpuUsPerArticle: Number(((addMs * 1000) / n).toFixed(1)),
      queryCpuUsAll: Number(((queryAllMs * 1000) / queries).toFixed(1)),
      queryCpuUs: Number(((queryMs * 1000) / queries).toFixed(1)),
      candidatesPerQuery: Number((candidates / queries).toFixed(1)),
      hitsPerQuery: Number((hits / queries).toFixed(2)),
    }),
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
