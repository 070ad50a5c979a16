/**
 * Generated articles for the scan benchmark, and one measured `findRewrites` run over them.
 *
 * Background articles are 8–24 new sentences, each a random walk on a word-bigram model of one
 * category's sentences of the BBC corpus (../shared/corpus/bbc-train.jsonl, read at run time, never
 * copied). They share vocabulary as independent reports of the same field do, but not sentences:
 * drawing whole corpus sentences instead would make every sentence recur about 56 times among
 * 100,000 articles, so that the pairs sharing text, and the checks they need, would grow with the
 * square of the corpus, which is not how a news feed behaves. Planted rewrites (one article in a
 * hundred by default) are light edits or paraphrase-like variants of an earlier article. Every run
 * with the same seed gives the same articles.
 *
 * Run directly (`tsx bench/scan-articles.ts <size> <workers> [threshold]`), it measures one run in a process of
 * its own, so that each row of the benchmark has its own peak RSS, and prints one JSON line.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRewrites, type FindRewritesInput } from '../src/index/find-rewrites';
import { splitSentences } from './detect-pairs';
import { SHARED } from '../scripts/features';
import { rng, syntheticWord, zipfRank } from '../scripts/rng';

/**
 * Sentences of the corpus articles, by category; without the corpus (a clone with no ../shared),
 * seeded sentences over Zipf-like vocabularies, five categories that share their most frequent words.
 */
export function corpusSentences(path = process.env.BENCH_CORPUS ?? join(SHARED, 'corpus', 'bbc-train.jsonl')): string[][] {
  if (!existsSync(path)) return generatedSentences();
  const byCategory = new Map<string, string[]>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const { category, text } = JSON.parse(line) as { category?: string; text: string };
    const list = byCategory.get(category ?? '') ?? [];
    for (const s of splitSentences(text)) if (s.split(' ').length >= 4) list.push(s.trim());
    byCategory.set(category ?? '', list);
  }
  return [...byCategory.keys()].sort().map((k) => byCategory.get(k)!);
}

/** Where the sentences come from, for the bench's header line. */
export function sentenceSource(path = process.env.BENCH_CORPUS ?? join(SHARED, 'corpus', 'bbc-train.jsonl')): string {
  return existsSync(path) ? path : 'generated sentences (no corpus found; set BENCH_CORPUS or RESPUN_SHARED for the BBC corpus)';
}

/** Five categories of 5,000 seeded sentences: 8–31 words, a few names and numbers, over 2,000 shared and 3,000 own words. */
function generatedSentences(): string[][] {
  const random = rng(7);
  return Array.from({ length: 5 }, (_, category) =>
    Array.from({ length: 5000 }, () => {
      const n = 8 + Math.floor(random() * 24);
      const w: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = random();
        if (r < 0.05) w.push(`Name${Math.floor(random() * 400) + category * 400}`);
        else if (r < 0.08) w.push(String(Math.floor(random() * 1000)));
        else {
          const rank = zipfRank(random, 5000);
          w.push(syntheticWord(rank < 2000 ? rank : 2000 + category * 3000 + rank));
        }
      }
      w[0] = w[0]![0]!.toUpperCase() + w[0]!.slice(1);
      return `${w.join(' ')}.`;
    }),
  );
}

/** A few words of `donor`, for replacements. */
function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((w) => /^[a-z]+$/.test(w));
}

/** About 3 % of words replaced, one sentence in 20 dropped, one sentence added at the end. */
function lightEdit(sentences: string[], donor: string[], random: () => number): string[] {
  let n = 0;
  const kept = sentences.filter((_, k) => k === 0 || random() >= 0.05);
  const out = kept.map((s) =>
    s
      .split(' ')
      .map((w) => (/^[a-z]+$/.test(w) && random() < 0.03 && donor.length > 0 ? donor[n++ % donor.length]! : w))
      .join(' '),
  );
  return [...out, donor.slice(0, 12).join(' ') + '.'];
}

/** Words dropped (10 %) and replaced (15 %), names and numbers kept, neighbouring sentences swapped. */
function paraphrase(sentences: string[], donor: string[], random: () => number): string[] {
  let n = 0;
  const out = sentences.map((s) => {
    const words = s.split(' ');
    const kept: string[] = [];
    words.forEach((w, k) => {
      if (k === 0 || k === words.length - 1 || !/^[a-z]+$/.test(w)) return void kept.push(w);
      const r = random();
      if (r < 0.1) return;
      kept.push(r < 0.25 && donor.length > 0 ? donor[n++ % donor.length]! : w);
    });
    return kept.join(' ');
  });
  for (let k = 0; k + 1 < out.length; k += 2) if (random() < 0.3) [out[k], out[k + 1]] = [out[k + 1]!, out[k]!];
  return out;
}

/** A word-bigram model of one category's sentences: its words, sentence openers and each word's followers (with repeats), by word number. */
interface WordChain {
  readonly words: string[];
  /** Whether a word ends a sentence (. ! or ? with an optional closing quote). */
  readonly ends: boolean[];
  readonly openers: number[];
  readonly next: number[][];
}

function wordChain(sentences: readonly string[]): WordChain {
  const number = new Map<string, number>();
  const words: string[] = [];
  const next: number[][] = [];
  const idOf = (w: string): number => {
    let id = number.get(w);
    if (id === undefined) {
      id = words.length;
      number.set(w, id);
      words.push(w);
      next.push([]);
    }
    return id;
  };
  const openers: number[] = [];
  for (const s of sentences) {
    const ids = s
      .split(' ')
      .filter((w) => w !== '')
      .map(idOf);
    if (ids.length === 0) continue;
    openers.push(ids[0]!);
    for (let k = 0; k + 1 < ids.length; k++) next[ids[k]!]!.push(ids[k + 1]!);
  }
  return { words, ends: words.map((w) => /[.!?]["”]?$/.test(w)), openers, next };
}

/**
 * A new sentence from a random walk on `chain` (at most 40 words): it reads like the category's
 * news but is not one of its sentences, so two background articles share words, as two independent
 * reports do, and a run of text only by chance.
 */
function chainSentence(chain: WordChain, random: () => number): string {
  let w = chain.openers[Math.floor(random() * chain.openers.length)]!;
  const out = [chain.words[w]!];
  while (out.length < 40 && !chain.ends[w]!) {
    const followers = chain.next[w]!;
    if (followers.length === 0) break;
    w = followers[Math.floor(random() * followers.length)]!;
    out.push(chain.words[w]!);
  }
  return chain.ends[w]! ? out.join(' ') : `${out.join(' ')}.`;
}

/** A planted rewrite: article `candidate` was made from article `original` (positions in the input). */
export interface PlantedPair {
  /** Position of the source article. */
  original: number;
  /** Position of the rewrite. */
  candidate: number;
  /** Which transform made it. */
  kind: 'light edit' | 'paraphrase';
}

/**
 * `size` generated articles (ids `g<position>`), with `rate` of them planted rewrites of an earlier one.
 * @default rate 0.01, seed 1
 * @example
 * const { articles, planted } = generateArticles(corpusSentences(), 10_000);
 */
export function generateArticles(
  sentences: string[][],
  size: number,
  options: { rate?: number; seed?: number } = {},
): { articles: FindRewritesInput[]; planted: PlantedPair[] } {
  const random = rng(options.seed ?? 1);
  const rate = options.rate ?? 0.01;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const articles: FindRewritesInput[] = [];
  const planted: PlantedPair[] = [];
  const parts: string[][] = [];
  const chains = sentences.map(wordChain);
  for (let i = 0; i < size; i++) {
    const category = Math.floor(random() * sentences.length);
    const pool = sentences[category]!;
    if (i >= 20 && random() < rate) {
      const original = Math.floor(random() * i);
      const donor = wordsOf(Array.from({ length: 4 }, () => pick(pool)).join(' '));
      const kind = random() < 0.5 ? 'light edit' : 'paraphrase';
      const out = kind === 'light edit' ? lightEdit(parts[original]!, donor, random) : paraphrase(parts[original]!, donor, random);
      parts.push(out);
      planted.push({ original, candidate: i, kind });
    } else {
      const count = 8 + Math.floor(random() * 17);
      const chain = chains[category]!;
      parts.push(Array.from({ length: count }, () => chainSentence(chain, random)));
    }
    articles.push({ id: `g${i}`, text: parts[i]!.join(' ') });
  }
  return { articles, planted };
}

/** What one measured run prints. */
export interface ScanRun {
  size: number;
  workers: number;
  /** The index threshold, when not the default. */
  threshold?: number;
  pairs: number;
  planted: number;
  found: number;
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  /** sha256 of the pairs as JSON lines, for comparing runs with different worker counts. */
  digest: string;
  generateSeconds: number;
}

async function main(): Promise<void> {
  const size = Number(process.argv[2]);
  const workers = Number(process.argv[3]);
  const g0 = performance.now();
  const { articles, planted } = generateArticles(corpusSentences(), size);
  const generateSeconds = (performance.now() - g0) / 1000;
  const want = new Set(planted.map((p) => `g${p.original} g${p.candidate}`));
  const hash = createHash('sha256');
  let pairs = 0;
  let found = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const threshold = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
  for await (const p of findRewrites(articles, { workers, threshold })) {
    hash.update(JSON.stringify(p) + '\n');
    pairs++;
    if (want.has(`${p.original} ${p.candidate}`)) found++;
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const run: ScanRun = {
    size,
    workers,
    ...(threshold === undefined ? {} : { threshold }),
    pairs,
    planted: planted.length,
    found,
    wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    digest: hash.digest('hex'),
    generateSeconds,
  };
  process.stdout.write(JSON.stringify(run) + '\n');
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
