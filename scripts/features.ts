/**
 * `npm run features`: which features should the corpus index sketch, and at which threshold?
 *
 * Builds a corpus of at least 10,000 articles: the 1,557 real BBC articles of
 * ../shared/corpus, the candidates of the ../shared/devset pairs (read where
 * they stand, never copied), and synthetic articles made by recombining
 * sentences of different real articles of one category (seeded, so every run
 * builds the same corpus). Then, for a few feature choices, it prints the
 * exact Jaccard of the true pairs, and for LSH thresholds 0.1 to 0.5 the
 * recall of the true pairs and the candidate checks per article, streaming
 * the corpus through the index the way `findRewrites` does (query, then add),
 * with the misses the bands' S-curve predicts at the true pairs' similarities
 * (one run finds a pair or not; the expectation says how close the call was).
 *
 * True pairs: every devset pair with `isRewrite` (original → candidate), two
 * candidates made from the same original ("siblings"), and exact duplicates
 * inside the BBC corpus.
 *
 * Usage: npm run features [-- --size 10000 --seed 1 --features content,pairs --numPerm 128,256 --thresholds 0.1,0.2]
 * Defaults: 10,000 articles, seed 1, every feature choice, numPerm 128 (the index default),
 * thresholds 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { prepare } from '../src/text/prepare';
import type { Doc } from '../src/types';
import { COMMON_STEMS, contentHashes, shingleHashes, uniqueSorted } from '../src/sketch/features';
import { murmur3String } from '../src/sketch/hash';
import { RewriteIndex, indexFeatureHashes } from '../src/index/rewrite-index';
import { rng } from './rng';
import { sortedJaccard } from '../src/compare/verdict';

export const SHARED = process.env.RESPUN_SHARED ?? join(__dirname, '..', '..', 'shared');

interface CorpusArticle {
  id: string;
  category: string;
  text: string;
}
interface TruePair {
  a: number;
  b: number;
  kind: string;
}

function args(): Record<string, string> {
  const out: Record<string, string> = {};
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) if (a[i]!.startsWith('--')) out[a[i]!.slice(2)] = a[i + 1] ?? '';
  return out;
}

/** Build the corpus: real articles, devset candidates, synthetic recombinations. */
export function buildCorpus(size: number, seed: number): { articles: CorpusArticle[]; pairs: TruePair[]; real: number } {
  const lines = readFileSync(join(SHARED, 'corpus', 'bbc-train.jsonl'), 'utf8').split('\n').filter(Boolean);
  const articles: CorpusArticle[] = lines.map((l) => JSON.parse(l) as CorpusArticle);
  const pairs: TruePair[] = [];
  // Exact duplicates inside the corpus are true duplicate pairs.
  const byText = new Map<string, number>();
  articles.forEach((a, i) => {
    const key = a.text.trim();
    const first = byText.get(key);
    if (first === undefined) byText.set(key, i);
    else pairs.push({ a: first, b: i, kind: 'corpus-duplicate' });
  });
  const manifest = JSON.parse(readFileSync(join(SHARED, 'devset', 'manifest.json'), 'utf8')) as {
    pairs: Array<{ pair: string; kind: string; original: { row?: number }; candidate: { row?: number } }>;
  };
  const pairDir = join(SHARED, 'devset', 'pairs');
  const byOriginal = new Map<number, number[]>();
  const seedIndex = new Map<string, number>();
  for (const p of manifest.pairs) {
    const dir = join(pairDir, p.pair);
    if (!existsSync(dir)) continue;
    const gold = JSON.parse(readFileSync(join(dir, 'gold.json'), 'utf8')) as { isRewrite: boolean };
    let o: number;
    if (p.original.row !== undefined) {
      o = p.original.row;
      // Use the devset's text of the original (mojibake fixed) in place of the corpus row.
      articles[o] = { ...articles[o]!, text: readFileSync(join(dir, 'original.txt'), 'utf8') };
    } else {
      const key = p.pair.split('-').slice(0, 2).join('-');
      o = seedIndex.get(key) ?? articles.push({ id: `${key}-original`, category: 'seed', text: readFileSync(join(dir, 'original.txt'), 'utf8') }) - 1;
      seedIndex.set(key, o);
    }
    let c: number;
    if (p.candidate.row !== undefined) c = p.candidate.row;
    else c = articles.push({ id: `devset-${p.pair}`, category: articles[o]!.category, text: readFileSync(join(dir, 'candidate.txt'), 'utf8') }) - 1;
    if (gold.isRewrite) {
      pairs.push({ a: o, b: c, kind: p.kind });
      const siblings = byOriginal.get(o) ?? [];
      for (const s of siblings) pairs.push({ a: s, b: c, kind: 'sibling' });
      siblings.push(c);
      byOriginal.set(o, siblings);
    }
  }
  const real = articles.length;
  // Synthetic background: sentences of different real articles of one category, recombined.
  const random = rng(seed);
  const sentencesByCategory = new Map<string, string[][]>();
  for (let i = 0; i < 1557; i++) {
    const a = articles[i]!;
    const doc = prepare(a.text);
    const sents = doc.sentences.filter((s) => s.tokenEnd - s.tokenStart >= 4).map((s) => doc.norm.slice(s.start, s.end));
    const list = sentencesByCategory.get(a.category) ?? [];
    list.push(sents);
    sentencesByCategory.set(a.category, list);
  }
  const categories = [...sentencesByCategory.keys()].sort();
  let n = 0;
  while (articles.length < size) {
    const category = categories[Math.floor(random() * categories.length)]!;
    const pool = sentencesByCategory.get(category)!;
    const count = 8 + Math.floor(random() * 17);
    const used = new Set<number>();
    const out: string[] = [];
    while (out.length < count && used.size < pool.length) {
      const k = Math.floor(random() * pool.length);
      if (used.has(k) || pool[k]!.length === 0) continue;
      used.add(k);
      const sents = pool[k]!;
      out.push(sents[Math.floor(random() * sents.length)]!);
    }
    articles.push({ id: `synthetic-${n++}`, category, text: out.join(' ') });
  }
  return { articles, pairs, real };
}

/** A feature choice: a name and a function from a prepared document to a set of 32-bit hashes. */
export interface FeatureChoice {
  name: string;
  describe: string;
  hashes: (doc: Doc) => Uint32Array;
}

function tagged(doc: Doc, pick: (t: Doc['tokens'][number]) => string | undefined, seed: number): Uint32Array {
  const out: number[] = [];
  for (const s of doc.sentences) {
    if (s.boilerplate) continue;
    for (let t = s.tokenStart; t < s.tokenEnd; t++) {
      const v = pick(doc.tokens[t]!);
      if (v !== undefined) out.push(murmur3String(v, seed));
    }
  }
  return uniqueSorted(Uint32Array.from(out));
}

/** Unordered pairs of content stems that occur in the same sentence. */
function sentencePairs(doc: Doc): Uint32Array {
  const out: number[] = [];
  for (const s of doc.sentences) {
    if (s.boilerplate) continue;
    const stems = [...new Set(doc.tokens.slice(s.tokenStart, s.tokenEnd).filter((t) => !t.stop).map((t) => t.stem))].sort();
    for (let i = 0; i < stems.length; i++) for (let j = i + 1; j < stems.length; j++) out.push(murmur3String(stems[i] + ' ' + stems[j], 0x5e9));
  }
  return uniqueSorted(Uint32Array.from(out));
}

export const CHOICES: FeatureChoice[] = [
  { name: 'shingle5', describe: 'word 5-shingles (copy detection baseline)', hashes: (d) => shingleHashes(d, 5) },
  { name: 'stems', describe: 'stemmed content words', hashes: (d) => tagged(d, (t) => (t.stop ? undefined : t.stem), 0x51) },
  { name: 'content', describe: 'stemmed content words + names + numbers tagged (contentHashes; the index default, indexFeatureHashes)', hashes: indexFeatureHashes },
  { name: 'immutables', describe: 'names and numbers only', hashes: (d) => tagged(d, (t) => (t.name || t.number ? t.stem : undefined), 0x52) },
  ...[1, 2, 3, 4, 5, 6].map((tags) => ({
    name: `content-t${tags}`,
    describe: `content without COMMON_STEMS, each name and number as ${tags} feature${tags > 1 ? 's' : ''}`,
    hashes: (d: Doc) => contentHashes(d, COMMON_STEMS, tags),
  })),
  { name: 'pairs', describe: 'pairs of content stems co-occurring in a sentence', hashes: sentencePairs },
];

function quantiles(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))]!.toFixed(3);
  return `min ${q(0)}  p10 ${q(0.1)}  median ${q(0.5)}  max ${q(1)}`;
}

/** One configuration's result on the corpus. */
interface Run {
  bands: number;
  rows: number;
  /** True devset pairs (rewrites, light edits, siblings) found / all. */
  rewrites: [number, number];
  /** Corpus duplicates found / all. */
  duplicates: [number, number];
  missed: string[];
  /** LSH candidates (signatures fetched and compared) per article. */
  candidates: number;
  /** Candidates at or above the threshold: `detectRewrites` calls per article in `findRewrites`. */
  checks: number;
  /** Wall time per article of query + add (features precomputed). */
  msPerArticle: number;
}

async function streamCorpus(sets: Uint32Array[], pairs: TruePair[], threshold: number, numPerm: number): Promise<Run> {
  const index = new RewriteIndex({ threshold, numPerm, seed: 1 });
  const found = new Set<string>();
  let candidates = 0;
  let checks = 0;
  const t0 = performance.now();
  for (let i = 0; i < sets.length; i++) {
    const hits = await index.queryHashes(sets[i]!, { minSimilarity: 0 });
    candidates += hits.length;
    for (const h of hits) {
      if (h.similarity >= threshold) {
        checks++;
        found.add(`${h.id} ${i}`);
      }
    }
    await index.addHashes(String(i), sets[i]!);
  }
  const ms = performance.now() - t0;
  const hit = (p: TruePair) => found.has(`${Math.min(p.a, p.b)} ${Math.max(p.a, p.b)}`);
  const dup = pairs.filter((p) => p.kind === 'corpus-duplicate');
  const rw = pairs.filter((p) => p.kind !== 'corpus-duplicate');
  return {
    ...index.params,
    rewrites: [rw.filter(hit).length, rw.length],
    duplicates: [dup.filter(hit).length, dup.length],
    missed: pairs.filter((p) => !hit(p)).map((p) => `${p.kind}:${p.a}-${p.b}`),
    candidates: candidates / sets.length,
    checks: checks / sets.length,
    msPerArticle: ms / sets.length,
  };
}

async function main(): Promise<void> {
  const opt = args();
  const size = Number(opt.size ?? 10_000);
  const seed = Number(opt.seed ?? 1);
  const numPerms = (opt.numPerm ?? '128').split(',').map(Number);
  const thresholds = (opt.thresholds ?? '0.1,0.15,0.2,0.25,0.3,0.4,0.5').split(',').map(Number);
  const names = (opt.features ?? 'shingle5,stems,content,immutables,pairs').split(',');
  const t0 = Date.now();
  const { articles, pairs, real } = buildCorpus(size, seed);
  const docs = articles.map((a) => prepare(a.text));
  const kinds = [...new Set(pairs.map((p) => p.kind))].map((k) => `${pairs.filter((p) => p.kind === k).length} ${k}`).join(', ');
  console.log(`corpus: ${articles.length} articles (${real} real, ${articles.length - real} synthetic, seed ${seed}); ${pairs.length} true pairs (${kinds}); built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const random = rng(seed + 7);
  const rows: string[] = [];
  for (const name of names) {
    const choice = CHOICES.find((c) => c.name === name);
    if (!choice) throw new Error(`unknown feature choice ${name}; one of ${CHOICES.map((c) => c.name).join(', ')}`);
    const sets = docs.map(choice.hashes);
    const trueJ = pairs.filter((p) => p.kind !== 'corpus-duplicate').map((p) => sortedJaccard(sets[p.a]!, sets[p.b]!));
    const background: number[] = [];
    for (let k = 0; k < 20_000; k++) {
      const a = Math.floor(random() * real);
      const b = Math.floor(random() * real);
      if (a !== b && articles[a]!.text !== articles[b]!.text) background.push(sortedJaccard(sets[a]!, sets[b]!));
    }
    console.log(`\n## ${choice.name}: ${choice.describe}`);
    console.log(`features per article: median ${quantiles(sets.map((s) => s.length)).split('median ')[1]}`);
    console.log(`exact Jaccard, devset true pairs:          ${quantiles(trueJ)}`);
    console.log(`exact Jaccard, random pairs of real articles: ${quantiles(background)}  (p99.9 ${[...background].sort((a, b) => a - b)[Math.floor(background.length * 0.999)]!.toFixed(3)})`);
    console.log('| features | numPerm | threshold | bands×rows | rewrite pairs found | duplicate pairs found | expected misses | lowest pair found | LSH candidates / article | checks / article | ms / article |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const numPerm of numPerms) {
      for (const threshold of thresholds) {
        const r = await streamCorpus(sets, pairs, threshold, numPerm);
        // The S-curve's odds for pairs at these exact similarities: a pair at Jaccard J shares a band with probability 1 − (1 − J^rows)^bands.
        const miss = (j: number) => (1 - j ** r.rows) ** r.bands;
        const expected = trueJ.reduce((sum, j) => sum + miss(j), 0);
        const lowest = 100 * (1 - miss(Math.min(...trueJ)));
        const row = `| ${choice.name} | ${numPerm} | ${threshold} | ${r.bands}×${r.rows} | ${r.rewrites[0]}/${r.rewrites[1]} | ${r.duplicates[0]}/${r.duplicates[1]} | ${expected.toFixed(3)} | ${lowest.toFixed(1)} % | ${r.candidates.toFixed(1)} | ${r.checks.toFixed(2)} | ${r.msPerArticle.toFixed(2)} |`;
        console.log(row + (r.missed.length > 0 && r.missed.length <= 6 ? `  missed: ${r.missed.join(' ')}` : ''));
        rows.push(row);
      }
    }
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
