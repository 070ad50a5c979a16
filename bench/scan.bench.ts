/**
 * Corpus search end to end: `findRewrites` over 10,000 and 100,000 generated articles with planted
 * rewrites (bench/scan-articles.ts: sentences generated from a word-bigram model of each BBC corpus
 * category, 1 % light edits or paraphrase-like variants of an earlier article), on 1 and 2 worker
 * threads.
 *
 * Each (size, workers) run is a child process of its own, so each has its own peak RSS
 * (`process.resourceUsage().maxRSS`). Reported: wall and CPU seconds (CPU of every thread of the
 * child; CPU ÷ wall is the cores it got), articles per second, peak RSS, pairs found, recall of the
 * planted pairs, a digest of the pairs (the same for every worker count: output is byte-identical),
 * the load average before each run, and the 100k ÷ 10k time ratio. Runs under 10 s (the 10k rows)
 * are repeated three times and the median-time run is reported; the longer ones run once. The all-pairs peer
 * (`detectRewrites` on every pair, as a quadratic scan would) runs on a small prefix only.
 *
 * Environment: BENCH_SCAN_SIZES (default 10000,100000), BENCH_SCAN_WORKERS (default 1,2),
 * BENCH_SCAN_ALT_THRESHOLD (the extra rows' index threshold, default 0.2; `none` skips them),
 * BENCH_SCAN_PEER (articles for the all-pairs row, default 60; 0 skips it), BENCH_CORPUS.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { detectRewrites } from '../src/compare/detect';
import { findRewrites } from '../src/index/find-rewrites';
import { RewriteIndex } from '../src/index/rewrite-index';
import type { Bench } from './run';
import { corpusSentences, generateArticles, sentenceSource, type ScanRun } from './scan-articles';

const list = (raw: string | undefined, fallback: string): number[] => (raw ?? fallback).split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

/** One measured run in a child process (tsx's loader comes with process.execArgv). */
function measure(size: number, workers: number, threshold: number | undefined): ScanRun & { load: string } {
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const args = [join(__dirname, 'scan-articles.ts'), String(size), String(workers), ...(threshold === undefined ? [] : [String(threshold)])];
  const out = execFileSync(process.execPath, [...process.execArgv, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return { ...(JSON.parse(out.trim().split('\n').pop()!) as ScanRun), load };
}

/** Runs shorter than this (seconds) are repeated… */
const SHORT_RUN_SECONDS = 10;
/** …this many times in all, and the median reported. */
const SHORT_RUN_REPEATS = 3;

const bench: Bench = {
  name: 'scan',
  description: 'findRewrites over 10k/100k generated articles with planted rewrites, 1 and 2 worker threads, and at threshold 0.2; all-pairs peer on a small prefix',
  async run(ctx) {
    const sizes = list(process.env.BENCH_SCAN_SIZES, '10000,100000');
    const workerCounts = list(process.env.BENCH_SCAN_WORKERS, '1,2');
    const alt = process.env.BENCH_SCAN_ALT_THRESHOLD ?? '0.2';
    const peer = Number(process.env.BENCH_SCAN_PEER ?? 60);
    // The default index, for each worker count; then another threshold (0.2: a flatter S-curve, more candidates, more recall at low similarity) on the most workers.
    const configs: Array<{ workers: number; threshold: number | undefined }> = workerCounts.map((workers) => ({ workers, threshold: undefined }));
    if (alt !== 'none') configs.push({ workers: Math.max(...workerCounts), threshold: Number(alt) });
    const defaultLabel = `default (${new RewriteIndex().params.threshold})`;
    const label = (c: { threshold?: number | undefined }) => (c.threshold === undefined ? defaultLabel : String(c.threshold));
    ctx.log(`sentences: ${sentenceSource()}`);
    ctx.log('articles: new sentences from a word-bigram model of each category, 1 % planted rewrites (bench/scan-articles.ts, seed 1); each row a child process');
    const t0 = performance.now();
    const runs: Array<ScanRun & { load: string }> = [];
    const rows: string[][] = [['articles', 'workers', 'threshold', 'wall s', 'runs (wall s)', 'CPU s', 'cores used', 'articles/s', 'peak RSS MB', 'pairs', 'planted found', 'digest', 'load avg before']];
    for (const size of sizes) {
      for (const config of configs) {
        // A run of a few seconds moves by ±15 % between runs on this machine: short runs are
        // repeated (up to SHORT_RUN_REPEATS) and the run with the median wall time is reported.
        const tries = [measure(size, config.workers, config.threshold)];
        while (tries[0]!.wallSeconds < SHORT_RUN_SECONDS && tries.length < SHORT_RUN_REPEATS) tries.push(measure(size, config.workers, config.threshold));
        const r = [...tries].sort((x, y) => x.wallSeconds - y.wallSeconds)[tries.length >> 1]!;
        runs.push(r);
        const row = [
          r.size.toLocaleString('en-US'),
          String(r.workers),
          label(r),
          r.wallSeconds.toFixed(1),
          tries.map((t) => t.wallSeconds.toFixed(1)).join(' '),
          r.cpuSeconds.toFixed(1),
          (r.cpuSeconds / r.wallSeconds).toFixed(2),
          Math.round(r.size / r.wallSeconds).toLocaleString('en-US'),
          Math.round(r.maxRssMB).toLocaleString('en-US'),
          String(r.pairs),
          `${r.found}/${r.planted} (${((100 * r.found) / Math.max(1, r.planted)).toFixed(1)} %)`,
          r.digest.slice(0, 12),
          r.load,
        ];
        rows.push(row);
        ctx.log(`  done: ${row.join(' | ')}`);
      }
    }
    ctx.log('');
    for (const line of table(rows)) ctx.log(line);
    for (const size of sizes) {
      const digests = new Set(runs.filter((r) => r.size === size && r.threshold === undefined).map((r) => r.digest));
      ctx.log(`${size.toLocaleString('en-US')} articles: pairs ${digests.size === 1 ? 'byte-identical' : 'DIFFERENT'} across workers ${workerCounts.join(', ')}`);
    }
    if (sizes.length >= 2) {
      const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
      for (const config of configs) {
        const pick = (size: number) => runs.find((r) => r.size === size && r.workers === config.workers && r.threshold === config.threshold)!;
        const [a, b] = [pick(small), pick(large)];
        ctx.log(
          `workers ${config.workers}, threshold ${label(config)}: ${large.toLocaleString('en-US')} / ${small.toLocaleString('en-US')} time ratio ${(b.wallSeconds / a.wallSeconds).toFixed(1)} wall, ${(b.cpuSeconds / a.cpuSeconds).toFixed(1)} CPU (×${large / small} articles)`,
        );
      }
    }
    if (peer > 0) {
      const { articles } = generateArticles(corpusSentences(), peer);
      const c0 = process.cpuUsage();
      let indexed = 0;
      for await (const _ of findRewrites(articles, { workers: 1 })) indexed++;
      const c1 = process.cpuUsage(c0);
      const c2 = process.cpuUsage();
      let pairs = 0;
      let calls = 0;
      for (let j = 1; j < articles.length; j++) {
        for (let i = 0; i < j; i++) {
          calls++;
          const v = detectRewrites(articles[i]!, articles[j]!).verdict;
          if (v === 'duplicate' || v === 'rewrite') pairs++;
        }
      }
      const c3 = process.cpuUsage(c2);
      const s = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
      ctx.log('');
      for (const line of table([
        ['peer, first articles (one thread)', 'articles', 'CPU s', 'detectRewrites calls', 'pairs found'],
        ['findRewrites', String(peer), s(c1).toFixed(2), '-', String(indexed)],
        ['all pairs, detectRewrites', String(peer), s(c3).toFixed(2), String(calls), String(pairs)],
      ]))
        ctx.log(line);
    }
    ctx.log(`\nscan bench: ${((performance.now() - t0) / 1000).toFixed(0)} s in all`);
  },
};

export default bench;
