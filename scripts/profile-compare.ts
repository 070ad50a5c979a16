/**
 * CPU time per stage of `detectRewrites` after `prepare` (align, scores and verdict, quotes,
 * findings and facts, the report glue), for the seed pair and the 5,000-word pairs of
 * `npm run bench detect` (built the same way, from the same seeded PRNG). Each stage runs
 * alone in a warm loop; the figure is the median of several batches of CPU time per call
 * (`process.cpuUsage`, user + system), so it is less noisy than wall time on a shared machine.
 *
 *   npx tsx scripts/profile-compare.ts            # all pairs
 *   npx tsx scripts/profile-compare.ts seed       # pairs whose name contains "seed"
 *   PROFILE_LOOP=seed npx tsx scripts/profile-compare.ts   # only loop detectRewrites (for --cpu-prof)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from './rng';
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

/** Corpus sentences, split as bench/detect.bench.ts splits them. */
function corpusSentences(): string[] {
  const path = process.env.BENCH_CORPUS ?? join(SHARED, 'corpus', 'bbc-train.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => (JSON.parse(l) as { text: string }).text.split(/(?<=[.!?]["”]?)\s+(?=["“]?[A-Z0-9])/))
    .filter((s) => s.trim() !== '');
}

function take(sentences: string[], from: number, words: number): string[] {
  const out: string[] = [];
  let count = 0;
  for (let k = from; count < words; k = (k + 1) % sentences.length) {
    out.push(sentences[k]!);
    count += sentences[k]!.split(/\s+/).length;
  }
  return out;
}
function join4(sentences: string[]): string {
  const paras: string[] = [];
  for (let k = 0; k < sentences.length; k += 4) paras.push(sentences.slice(k, k + 4).join(' '));
  return paras.join('\n\n');
}
function lightEdit(sentences: string[], donor: string[], random: () => number): string[] {
  const d = donor.join(' ').split(/\s+/);
  let n = 0;
  return sentences
    .filter(() => random() >= 1 / 40)
    .map((s) =>
      s
        .split(' ')
        .map((w) => (random() < 0.03 ? d[n++ % d.length]!.replace(/[.!?]+$/, '') : w))
        .join(' '),
    );
}
function paraphrase(sentences: string[], donor: string[], random: () => number): string[] {
  const d = donor.join(' ').split(/\s+/).filter((w) => /^[a-z]+$/.test(w));
  let n = 0;
  const out = sentences.map((s) => {
    const words = s.split(' ');
    const last = words.length - 1;
    const kept: string[] = [];
    words.forEach((w, k) => {
      if (k === 0 || k === last || /^[A-Z0-9“"£$]/.test(w)) return void kept.push(w);
      const r = random();
      if (r < 0.15) return;
      kept.push(r < 0.35 ? d[n++ % d.length]! : w);
    });
    return kept.join(' ');
  });
  for (let k = 0; k + 1 < out.length; k++) {
    if (random() < 0.3) {
      [out[k], out[k + 1]] = [out[k + 1]!, out[k]!];
      k++;
    }
  }
  return out;
}

/** The pairs of `npm run bench detect`, in its order. */
function pairs(): Array<{ name: string; a: string; b: string }> {
  const out = [
    { name: 'seed 000→001', a: readFileSync(join(SEEDS, '000_a267aa29c8143298.txt'), 'utf8'), b: readFileSync(join(SEEDS, '001_04a6fa0171dea636.txt'), 'utf8') },
  ];
  const sentences = corpusSentences();
  if (sentences.length === 0) return out;
  const random = rng(11);
  const base = take(sentences, 0, 5000);
  const other = take(sentences, Math.floor(sentences.length / 2), 5000);
  const original = join4(base);
  out.push({ name: '5k light edit', a: original, b: join4(lightEdit(base, other, random)) });
  out.push({ name: '5k paraphrase', a: original, b: join4(paraphrase(base, other, random)) });
  out.push({ name: '5k unrelated', a: original, b: join4(other) });
  return out;
}

/** Median CPU ms per call of `fn`, over `batches` batches of about 40 ms each, after a warm-up. */
function cpuMs(fn: () => unknown, batches = 9): number {
  // Warm up for about 300 ms of CPU, so the optimising compiler has settled before measuring.
  const w = process.cpuUsage();
  let calls = 0;
  while (cpuOf(w) < 300) {
    fn();
    calls++;
  }
  const per = Math.max(1, Math.round((40 * calls) / cpuOf(w)));
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const s = process.cpuUsage();
    for (let k = 0; k < per; k++) fn();
    samples.push(cpuOf(s) / per);
  }
  samples.sort((x, y) => x - y);
  return samples[samples.length >> 1]!;
}
function cpuOf(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
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
  const rows: string[][] = [['pair', 'prepare×2', 'align', 'scores', 'quotes×2', 'findings', 'after prepare', 'detect total']];
  for (const p of list) {
    const a = prepare(p.a);
    const b = prepare(p.b);
    const groups = align(a, b);
    const shingles = [shingleHashes(a), shingleHashes(b)] as const;
    const base = computeScores(a, b, groups, shingles);
    const verdict = decideVerdict(base, groups, a, b);
    const quotes = { original: extractQuotes(a), candidate: extractQuotes(b) };
    const t = {
      prepare: cpuMs(() => [prepare(p.a), prepare(p.b)]),
      align: cpuMs(() => align(a, b)),
      scores: cpuMs(() => {
        const sh = [shingleHashes(a), shingleHashes(b)] as const;
        const s = computeScores(a, b, groups, sh);
        const o = { numPerm: 128, seed: 1 };
        estimateJaccard(sketchHashes(sh[0], o), sketchHashes(sh[1], o));
        return decideVerdict(s, groups, a, b);
      }),
      quotes: cpuMs(() => [extractQuotes(a), extractQuotes(b)]),
      // compareDocs sets `partner` on its own copies only; the quotes are read, never written.
      findings: cpuMs(() => compareDocs(a, b, groups, verdict, quotes)),
      total: cpuMs(() => detectRewrites(p.a, p.b)),
    };
    const after = t.total - t.prepare;
    rows.push([p.name, t.prepare, t.align, t.scores, t.quotes, t.findings, after, t.total].map((x) => (typeof x === 'number' ? x.toFixed(2) : x)));
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  console.log(`(CPU ms per call, median of 9 batches; load average ${(require('node:os') as typeof import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')})`);
}

main();
