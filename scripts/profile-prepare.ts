/**
 * CPU time of the text stages (`prepare` and its four steps) per call, warm:
 *
 *   npx tsx scripts/profile-prepare.ts [--runs 300]
 *
 * Inputs:
 * - the seed pair: fixtures/seeds/000… and 001… (both texts per call, as `detectRewrites` does);
 * - two ~5,000-word texts: consecutive articles of the BBC corpus (../shared/corpus, read where it
 *   stands) joined with blank lines until 5,000 words, the second starting where the first ends;
 *   without the corpus, every seed text repeated until 5,000 words.
 *
 * Each sample times a batch of calls with `process.cpuUsage()` (user + system CPU of this
 * process, so the load of other processes matters less than with wall-clock time); the table gives
 * the median, the 10th and the 90th percentile per call over the samples, in milliseconds.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { SHARED } from './features';
import { normalize } from '../src/text/normalize';
import { segment } from '../src/text/segment';
import { markBoilerplate } from '../src/text/boilerplate';
import { tokenize } from '../src/text/tokenize';
import { prepare } from '../src/text/prepare';

function arg(name: string, fallback: number): number {
  const k = process.argv.indexOf(name);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Two texts of at least `words` words each, from the corpus or the seeds. */
function longPair(seeds: string[], words: number): [string, string] {
  const path = join(SHARED, 'corpus', 'bbc-train.jsonl');
  const articles = existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => (JSON.parse(l) as { text: string }).text)
    : seeds;
  let k = 0;
  const next = (): string => {
    const parts: string[] = [];
    let n = 0;
    while (n < words) {
      const a = articles[k++ % articles.length]!;
      parts.push(a);
      n += wordCount(a);
    }
    return parts.join('\n\n');
  };
  return [next(), next()];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Per-call CPU milliseconds of `fn` over `runs` samples of `batch` calls: [p10, median, p90]. */
function cpu(fn: () => void, runs: number, batch: number): [number, number, number] {
  for (let i = 0; i < Math.max(20, runs / 5); i++) fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = process.cpuUsage();
    for (let b = 0; b < batch; b++) fn();
    const d = process.cpuUsage(t);
    samples.push((d.user + d.system) / 1000 / batch);
  }
  samples.sort((x, y) => x - y);
  return [percentile(samples, 0.1), percentile(samples, 0.5), percentile(samples, 0.9)];
}

function main(): void {
  const runs = arg('--runs', 300);
  const seedDir = join(__dirname, '..', 'fixtures', 'seeds');
  const seedFiles = readdirSync(seedDir).filter((f) => f.endsWith('.txt')).sort();
  const seeds = seedFiles.map((f) => readFileSync(join(seedDir, f), 'utf8'));
  const inputs: [string, string[]][] = [
    [`seed pair (${wordCount(seeds[0]!)}+${wordCount(seeds[1]!)} words)`, [seeds[0]!, seeds[1]!]],
  ];
  const [a, b] = longPair(seeds, 5000);
  inputs.push([`long pair (${wordCount(a)}+${wordCount(b)} words)`, [a, b]]);

  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${runs} samples per row`);
  console.log('input'.padEnd(34) + 'stage'.padEnd(12) + 'p10 ms'.padStart(9) + 'median ms'.padStart(11) + 'p90 ms'.padStart(9));
  for (const [name, texts] of inputs) {
    const batch = texts[0]!.length > 20000 ? 1 : 5;
    const normed = texts.map((t) => normalize(t).norm);
    const segs = normed.map((n) => segment(n));
    const stages: [string, () => void][] = [
      ['normalize', () => texts.forEach((t) => normalize(t))],
      ['segment', () => normed.forEach((n) => segment(n))],
      ['boilerplate', () => normed.forEach((n, i) => markBoilerplate(n, segs[i]!))],
      ['tokenize', () => normed.forEach((n, i) => tokenize(n, segs[i]!))],
      ['prepare', () => texts.forEach((t) => prepare(t))],
    ];
    for (const [stage, fn] of stages) {
      const [p10, med, p90] = cpu(fn, runs, batch);
      console.log(name.padEnd(34) + stage.padEnd(12) + p10.toFixed(3).padStart(9) + med.toFixed(3).padStart(11) + p90.toFixed(3).padStart(9));
    }
  }
}

main();
