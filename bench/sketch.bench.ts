/**
 * MinHash signatures from raw text: respun (OPH and k-perm) against the npm `minhash` package
 * (0.0.9) and `bloom-filters` (3.0.4) MinHash, 128 values each.
 *
 * Texts: 750-word articles built from the BBC corpus when it is present (BENCH_CORPUS, default
 * ../shared/corpus/bbc-train.jsonl; consecutive articles joined and cut at 750 words — read at
 * run time, never copied into the repository), else generated from a seeded word model.
 *
 * Fairness: respun starts from the raw text (tokenising, hashing words and shingles included);
 * the peers get their word 5-shingles as ready-made strings (the same words, lower-cased), and
 * bloom-filters, which accepts numbers only, gets each shingle string's 32-bit murmur3 hash,
 * computed inside its timed loop. Accuracy: mean absolute error of each method's estimate against
 * the exact Jaccard similarity of the set it was fed, over pairs of an article and an edited copy
 * (0–60 % of words replaced) plus unrelated pairs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MinHashFactory } from 'bloom-filters';
import { estimateJaccard, minhashValues, resolveSketchOptions, sketch } from '../src/sketch/minhash';
import { scanShingles, textShingleHashes } from '../src/sketch/features';
import { murmur3String } from '../src/sketch/hash';
import type { Bench, BenchCase } from './run';
import { rng, syntheticWord, zipfRank } from '../scripts/rng';
import { join } from 'node:path';
import { SHARED } from '../scripts/features';

/** The untyped `minhash` package. */
interface PeerMinhash {
  update(s: string): void;
  jaccard(other: PeerMinhash): number;
}
const requireCjs = createRequire(__filename);
const { Minhash } = requireCjs('minhash') as { Minhash: new (config?: { numPerm?: number; seed?: number }) => PeerMinhash };

const WORDS = 750;
const DOCS = 200;
const PAIRS = 60;
const NUM_PERM = 128;

function loadTexts(): { texts: string[]; source: string } {
  const path = process.env.BENCH_CORPUS ?? join(SHARED, 'corpus', 'bbc-train.jsonl');
  if (existsSync(path)) {
    const words = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { text: string }).text)
      .join(' ')
      .split(/\s+/);
    const texts: string[] = [];
    for (let i = 0; i + WORDS <= words.length && texts.length < DOCS; i += WORDS) texts.push(words.slice(i, i + WORDS).join(' '));
    return { texts, source: `${path} (${texts.length} texts of ${WORDS} words)` };
  }
  const random = rng(1);
  const vocab = Array.from({ length: 5000 }, (_, i) => syntheticWord(i));
  const texts = Array.from({ length: DOCS }, () => {
    const w: string[] = [];
    for (let i = 0; i < WORDS; i++) w.push(vocab[zipfRank(random, vocab.length)]! + (random() < 0.07 ? '.' : ''));
    return w.join(' ');
  });
  return { texts, source: `generated (${DOCS} texts of ${WORDS} words, Zipf-like vocabulary of 5,000)` };
}

/** Lower-cased words (letters and digits, inner apostrophes and digit separators kept), for the peers. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’.,][\p{L}\p{N}]+)*/gu) ?? [];
}
function shingleStrings(text: string): string[] {
  const w = words(text);
  if (w.length < 5) return w.length === 0 ? [] : [w.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + 5 <= w.length; i++) out.push(w.slice(i, i + 5).join(' '));
  return out;
}
function exactJaccard<T>(a: Iterable<T>, b: Iterable<T>): number {
  const x = new Set(a);
  const y = new Set(b);
  if (x.size === 0 && y.size === 0) return 0;
  let inter = 0;
  for (const v of x) if (y.has(v)) inter++;
  return inter / (x.size + y.size - inter);
}

/** An edited copy: a share `p` of the words replaced by words of another text. */
function edit(text: string, donor: string, p: number, random: () => number): string {
  const w = text.split(' ');
  const d = donor.split(' ');
  return w.map((x, i) => (random() < p ? d[i % d.length]! : x)).join(' ');
}

const bench: Bench = {
  name: 'sketch',
  description: `MinHash signatures (${NUM_PERM} values) of ${WORDS}-word articles: respun vs minhash 0.0.9 and bloom-filters 3.0.4`,
  run(ctx) {
    const { texts, source } = loadTexts();
    ctx.log(`texts: ${source}`);
    const shingles = texts.map(shingleStrings);

    // Accuracy pairs.
    const random = rng(7);
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < PAIRS; i++) {
      const a = texts[i % texts.length]!;
      const b = texts[(i + 17) % texts.length]!;
      pairs.push(i % 6 === 5 ? [a, b] : [a, edit(a, b, (0.6 * (i % 6)) / 5, random)]);
    }
    const factory = new MinHashFactory(NUM_PERM, 0xffffffff);
    const oph = resolveSketchOptions({ numPerm: NUM_PERM });
    const kperm = resolveSketchOptions({ numPerm: NUM_PERM, method: 'kperm' });
    const bloomOf = (sh: string[]) => {
      const m = factory.create();
      m.bulkLoad(sh.map((s) => murmur3String(s, 0)));
      return m;
    };
    const peerOf = (sh: string[]) => {
      const m = new Minhash({ numPerm: NUM_PERM, seed: 1 });
      for (const s of sh) m.update(s);
      return m;
    };
    const mae = (estimate: (a: string, b: string) => number, exact: (a: string, b: string) => number): string => {
      let sum = 0;
      for (const [a, b] of pairs) sum += Math.abs(estimate(a, b) - exact(a, b));
      return (sum / pairs.length).toFixed(4);
    };
    const exactRespun = (a: string, b: string) => exactJaccard(textShingleHashes(a), textShingleHashes(b));
    const exactStrings = (a: string, b: string) => exactJaccard(shingleStrings(a), shingleStrings(b));
    const meanJ = pairs.reduce((s, [a, b]) => s + exactStrings(a, b), 0) / pairs.length;
    ctx.log(`accuracy: ${pairs.length} pairs (edited copies and unrelated articles), mean exact Jaccard ${meanJ.toFixed(3)}`);

    let i = 0;
    const next = () => (i = (i + 1) % texts.length);
    const cases: BenchCase[] = [
      {
        name: 'respun oph (default), raw text',
        opsPerCall: 1,
        fn: () => sketch(texts[next()]!),
        extra: { MAE: mae((a, b) => estimateJaccard(sketch(a), sketch(b)), exactRespun) },
      },
      {
        name: 'respun kperm, raw text',
        opsPerCall: 1,
        fn: () => sketch(texts[next()]!, { method: 'kperm' }),
        extra: { MAE: mae((a, b) => estimateJaccard(sketch(a, { method: 'kperm' }), sketch(b, { method: 'kperm' })), exactRespun) },
      },
      {
        name: 'minhash 0.0.9, shingle strings',
        opsPerCall: 1,
        fn: () => peerOf(shingles[next()]!),
        extra: { MAE: mae((a, b) => peerOf(shingleStrings(a)).jaccard(peerOf(shingleStrings(b))), exactStrings) },
      },
      {
        name: 'bloom-filters 3.0.4, shingle hashes',
        opsPerCall: 1,
        fn: () => bloomOf(shingles[next()]!),
        extra: { MAE: mae((a, b) => bloomOf(shingleStrings(a)).compareWith(bloomOf(shingleStrings(b))), exactStrings) },
      },
    ];
    ctx.compare('signatures from each method\'s input (respun: raw text; peers: prepared shingles)', cases, {
      baseline: 'minhash 0.0.9, shingle strings',
      unit: 'signatures/s',
    });

    // Where respun's time goes.
    const hashes = texts.map((t) => textShingleHashes(t));
    const scratch = new Uint32Array(4096);
    let j = 0;
    ctx.compare(
      'respun stages',
      [
        { name: 'shingle hashes from raw text (scan)', opsPerCall: 1, fn: () => scanShingles(texts[(j = (j + 1) % texts.length)]!, 5, scratch) },
        { name: 'shingle hashes, deduplicated and sorted', opsPerCall: 1, fn: () => textShingleHashes(texts[(j = (j + 1) % texts.length)]!) },
        { name: 'oph values from shingle hashes', opsPerCall: 1, fn: () => minhashValues(hashes[(j = (j + 1) % texts.length)]!, oph) },
        { name: 'kperm values from shingle hashes', opsPerCall: 1, fn: () => minhashValues(hashes[(j = (j + 1) % texts.length)]!, kperm) },
        { name: 'oph, content features (runs prepare)', opsPerCall: 1, fn: () => sketch(texts[(j = (j + 1) % texts.length)]!, { features: 'content' }) },
      ],
      { unit: 'per second', samples: 5 },
    );
  },
};

export default bench;
