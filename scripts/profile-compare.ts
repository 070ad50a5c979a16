/**
 * CPU time per stage of `detectRewrites` after `prepare` (align, scores and verdict, quotes,
 * findings and facts, the report glue), for the seed pair and the 5,000-word pairs of
 * `npm run bench detect` (built the same way, from the same seeded PRNG). Each stage runs
 * alone in a warm loop on the same prepared documents; the figure is the median of several
 * batches of CPU time per call (`process.cpuUsage`, user + system), less noisy than wall time
 * on a shared machine. "stages after prepare" is the sum of the four stage columns; "detect
 * total" also holds prepare and the report glue.
 *
 *   npx tsx scripts/profile-compare.ts            # all pairs
 *   npx tsx scripts/profile-compare.ts seed       # pairs whose name contains "seed"
 *   PROFILE_BASE=/tmp/base npx tsx scripts/profile-compare.ts   # also the stages of another checkout
 *                                              # (e.g. `git worktree add /tmp/base HEAD~3`), interleaved
 *   PROFILE_STAT=min PROFILE_BATCHES=21 …          # fastest of 21 batches instead of the median of 9
 *   PROFILE_LOOP=seed npx tsx scripts/profile-compare.ts   # only loop detectRewrites (for --cpu-prof)
 *   PROFILE_GROW=1000,2000,4000 npx tsx scripts/profile-compare.ts grow   # growth pairs of other sizes
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { join4, longPairs, splitSentences } from '../bench/detect-pairs';
import { prepare } from '../src/text/prepare';
import { align } from '../src/compare/align';
import { computeScores, decideVerdict } from '../src/compare/verdict';
import { extractQuotes } from '../src/compare/quotes';
import { compareDocs } from '../src/compare/findings';
import { detectRewrites } from '../src/compare/detect';
import { shingleHashes } from '../src/sketch/features';
import { estimateJaccard, sketchHashes } from '../src/sketch/minhash';

const SEEDS = process.env.RESPUN_SEEDS ?? join(__dirname, '..', 'fixtures', 'seeds');
/** The shared folder beside the clone (as scripts/features.ts finds it; not imported, so a bundle of this script runs nothing else). */
const SHARED = process.env.RESPUN_SHARED ?? join(__dirname, '..', '..', 'shared');

/** The corpus's articles (text and category); none when the corpus is absent. */
function corpusArticles(): Array<{ text: string; category?: string }> {
  const path = process.env.BENCH_CORPUS ?? join(SHARED, 'corpus', 'bbc-train.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { text: string; category?: string });
}

/** Sentences of some articles, split as the detect bench splits them. */
function sentencesOf(articles: ReadonlyArray<{ text: string }>): string[] {
  return articles.flatMap((a) => splitSentences(a.text));
}

/** The pairs of `npm run bench detect`, in its order. */
function pairs(): Array<{ name: string; a: string; b: string }> {
  const out = [
    { name: 'seed 000→001', a: readFileSync(join(SEEDS, '000_a267aa29c8143298.txt'), 'utf8'), b: readFileSync(join(SEEDS, '001_04a6fa0171dea636.txt'), 'utf8') },
  ];
  const articles = corpusArticles();
  const sentences = sentencesOf(articles);
  if (sentences.length === 0) return out;
  const long = longPairs(sentences);
  out.push({ name: '5k light edit', a: long.original, b: long.lightEdited });
  out.push({ name: '5k paraphrase', a: long.original, b: long.paraphrased });
  out.push({ name: '5k unrelated', a: long.original, b: long.unrelated });
  // The growth series of the bench: sport against business sentences, n of each.
  const [sport, business] = ['sport', 'business'].map((c) => sentencesOf(articles.filter((a) => a.category === c))) as [string[], string[]];
  if (sport.length >= 1000 && business.length >= 1000) {
    for (const n of (process.env.PROFILE_GROW ?? '125,250,500,1000').split(',').map(Number)) out.push({ name: `grow ${n}`, a: join4(sport.slice(0, n)), b: join4(business.slice(0, n)) });
  }
  return out;
}

/** CPU ms of one call of each of `fns`: median over `batches` interleaved batches of about 40 ms each, after a warm-up. */
function cpuMs(fns: ReadonlyArray<() => unknown>, batches = Number(process.env.PROFILE_BATCHES ?? 9)): number[] {
  // Warm up for about 300 ms of CPU each, so the optimising compiler has settled before measuring.
  const per = fns.map((fn) => {
    const w = process.cpuUsage();
    let calls = 0;
    while (cpuOf(w) < 300) {
      fn();
      calls++;
    }
    return Math.max(1, Math.round((40 * calls) / cpuOf(w)));
  });
  const samples = fns.map((): number[] => []);
  for (let b = 0; b < batches; b++) {
    // Interleaved, so that both versions see the same load.
    fns.forEach((fn, i) => {
      const s = process.cpuUsage();
      for (let k = 0; k < per[i]!; k++) fn();
      samples[i]!.push(cpuOf(s) / per[i]!);
    });
  }
  // PROFILE_STAT=min: the fastest batch, which other processes' load inflates least.
  const pick = process.env.PROFILE_STAT === 'min' ? () => 0 : (n: number) => n >> 1;
  return samples.map((xs) => xs.sort((x, y) => x - y)[pick(xs.length)]!);
}
function cpuOf(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

/** The compare stages of one source tree. */
interface Stages {
  align: typeof align;
  computeScores: typeof computeScores;
  decideVerdict: typeof decideVerdict;
  extractQuotes: typeof extractQuotes;
  compareDocs: typeof compareDocs;
  detectRewrites: typeof detectRewrites;
}

/** The stages of another checkout (PROFILE_BASE=/path/to/worktree), to time before and after in one process. */
function stagesOf(root: string): Stages {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const r = (m: string) => require(join(root, 'src', 'compare', m)) as Record<string, unknown>;
  return {
    align: r('align').align as typeof align,
    computeScores: r('verdict').computeScores as typeof computeScores,
    decideVerdict: r('verdict').decideVerdict as typeof decideVerdict,
    extractQuotes: r('quotes').extractQuotes as typeof extractQuotes,
    compareDocs: r('findings').compareDocs as typeof compareDocs,
    detectRewrites: r('detect').detectRewrites as typeof detectRewrites,
  };
}

function main(): void {
  const filter = process.argv[2];
  const loop = process.env.PROFILE_LOOP;
  const list = pairs().filter((p) => filter === undefined || p.name.includes(filter));
  if (loop !== undefined) {
    const p = list.find((x) => x.name.includes(loop)) ?? list[0]!;
    const n = Number(process.env.PROFILE_CALLS ?? 2000);
    for (let k = 0; k < n; k++) detectRewrites(p.a, p.b);
    return;
  }
  const here: Stages = { align, computeScores, decideVerdict, extractQuotes, compareDocs, detectRewrites };
  const versions: Array<[string, Stages]> = [['', here]];
  if (process.env.PROFILE_BASE !== undefined) versions.unshift(['base ', stagesOf(process.env.PROFILE_BASE)]);
  const rows: string[][] = [['pair', 'prepare×2', 'align', 'scores', 'quotes×2', 'findings', 'stages after prepare', 'detect total']];
  for (const p of list) {
    const a = prepare(p.a);
    const b = prepare(p.b);
    const stage = (f: (v: Stages) => unknown) => cpuMs(versions.map(([, v]) => () => f(v)));
    const groups = align(a, b);
    const shingles = [shingleHashes(a), shingleHashes(b)] as const;
    const verdict = decideVerdict(computeScores(a, b, groups, shingles), groups, a, b);
    const quotes = { original: extractQuotes(a), candidate: extractQuotes(b) };
    const t = {
      prepare: cpuMs([() => [prepare(p.a), prepare(p.b)]]),
      align: stage((v) => v.align(a, b)),
      scores: stage((v) => {
        const sh = [shingleHashes(a), shingleHashes(b)] as const;
        const s = v.computeScores(a, b, groups, sh);
        const o = { numPerm: 128, seed: 1 };
        estimateJaccard(sketchHashes(sh[0], o), sketchHashes(sh[1], o));
        return v.decideVerdict(s, groups, a, b);
      }),
      quotes: stage((v) => [v.extractQuotes(a), v.extractQuotes(b)]),
      // compareDocs reads the quotations and writes only its own copies.
      findings: stage((v) => v.compareDocs(a, b, groups, verdict, quotes)),
      total: stage((v) => v.detectRewrites(p.a, p.b)),
    };
    versions.forEach(([label], i) => {
      const after = t.align[i]! + t.scores[i]! + t.quotes[i]! + t.findings[i]!;
      rows.push([label + p.name, t.prepare[0]!, t.align[i]!, t.scores[i]!, t.quotes[i]!, t.findings[i]!, after, t.total[i]!].map((x) => (typeof x === 'number' ? x.toFixed(2) : x)));
    });
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  console.log(`(CPU ms per call, ${process.env.PROFILE_STAT === 'min' ? 'fastest' : 'median'} of ${process.env.PROFILE_BATCHES ?? 9} interleaved batches; load average ${(require('node:os') as typeof import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')})`);
}

main();
