/**
 * Hostile-input timing: how the pair pipeline's time grows with input size on
 * the text shapes a scraper can bring back (see docs/guarantees.md).
 *
 *   npx tsx scripts/hostile-timing.ts [name-fragment,…]
 *
 * Each shape is built at 10 KB, 100 KB and 1 MB (UTF-16 code units; 1 MB is
 * the default `maxLength`) and run through three stages:
 * - `prepare`: the text stages (normalize → segment → boilerplate → tokenize);
 * - `detect`: `detectRewrites(text, variant)`, the whole pair pipeline;
 * - `quotes`: quotation extraction with speakers (`extractQuotes`) on both
 *   prepared texts (also part of `detect`, timed alone to tell the stages
 *   apart).
 * The variant is the same shape built from another seed (or, where a shape
 * has no randomness, the text itself), so that the alignment has as much to
 * pair as possible.
 *
 * Prints a table with the 100 KB / 10 KB and 1 MB / 100 KB time ratios
 * (linear growth gives about 10) and exits 1 when any ratio exceeds 25.
 * A stage whose 100 KB / 10 KB ratio already exceeds the limit is not run at
 * 1 MB (it would take minutes); the table says so.
 *
 * A script rather than a test: timings depend on the machine and its load,
 * and a test must not fail because the machine was busy.
 */
import { prepare } from '../src/text/prepare';
import { detectRewrites } from '../src/compare/detect';
import { extractQuotes } from '../src/compare/quotes';
import { rng } from './rng';

/** Repeat `unit` until the text is `size` code units long (cut at exactly `size`). */
function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** Concatenate pieces drawn by `next` until the text is `size` code units long (cut at exactly `size`). */
function fill(size: number, next: () => string): string {
  const parts: string[] = [];
  let n = 0;
  while (n < size) {
    const p = next();
    parts.push(p);
    n += p.length;
  }
  return parts.join('').slice(0, size);
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** Hostile pieces of text: every kind of character a scrape can hold. */
const SOUP: readonly string[] = [
  '\ud800', '\udfff', '\udc00x', 'a\ud83d', // lone surrogate halves
  'שלום עולם', 'مرحبا بالعالم', '\u202e', '\u202d', '\u200f', '\u2066', // RTL text and bidi controls
  '東京都', '北京。', '日本語の文章', '한국어', // CJK
  '👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '🇺🇦', '\u200d', '\ufe0f', // emoji sequences, lone joiners
  'e\u0301', 'a\u0300\u0301\u0302\u0303\u0304\u0305\u0306', '\u0301\u0301\u0301', 'Z\u0351\u0357\u036b', // combining marks
  '\u0000', '\u0001', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\r', '\r\n', '\u2028', '\u2029', '\f', '\v', // controls
  'ﬁ', 'ﬃ', 'Ａ', '①', '㎏', '\u00a0', '\u3000', '\ufeff', '\ufffd', '\uffff',
  ' ', ' ', ' ', '\n', '.', '. ', '“', '”', '"', "'", '‘', '’', '«', '»', '„', '…', '-', '—',
  'Mr. ', 'Kyiv', 'said', '74', '3.5', '1,000',
];

/** Words for the news-like shapes, frequent ones first so the draw is roughly Zipfian. */
const VOCAB: readonly string[] = (
  'the of and to in a said that for on was is with by at as it from his have be has are but were not they which ' +
  'minister government forces region police people report troops village border officials president attack city war ' +
  'Kyiv Moscow Biden Putin Zelenskiy Gladkov Kursk Reuters Tuesday August settlements statement operation offensive ' +
  'dilemma quandary ceasefire negotiations sanctions refugees evacuation drone missile artillery counteroffensive'
).split(' ');

/** A news-like sentence: a capital, 8–30 words drawn with a bias to the frequent ones, sometimes a number or a quotation. */
function newsSentence(r: () => number): string {
  const n = 8 + Math.floor(r() * 23);
  const ws: string[] = [];
  for (let k = 0; k < n; k++) {
    const x = r();
    if (x < 0.05) ws.push(String(Math.floor(r() * 100_000)));
    else if (x < 0.1) ws.push(`w${Math.floor(r() * 50_000).toString(36)}`); // a rare word
    else ws.push(VOCAB[Math.floor(VOCAB.length * r() * r())]!);
  }
  if (r() < 0.2) ws.splice(2, 0, '“' + ws.splice(2, 3).join(' ') + ',”');
  const s = ws.join(' ');
  return s[0]!.toUpperCase() + s.slice(1) + (r() < 0.1 ? '\n' : '. ');
}

/** A text shape: builds a text of about `size` code units; `seed` varies it where the shape is random. */
export interface Shape {
  /** Name printed in the table. */
  name: string;
  /** Build a text of `size` code units. */
  make: (size: number, seed: number) => string;
}

/** Every hostile shape timed here and checked in test/hostile.test.ts. */
export const SHAPES: readonly Shape[] = [
  { name: 'news-like', make: (size, seed) => fill(size, ((r) => () => newsSentence(r))(rng(seed))) },
  // The same news-like text on both sides: every sentence aligns.
  { name: 'news-copy', make: (size) => fill(size, ((r) => () => newsSentence(r))(rng(7))) },
  {
    // A rewrite: the same sentences, every third one reworded and every fifth one dropped.
    name: 'news-rewrite',
    make: (size, seed) => {
      const r = rng(7);
      const edit = rng(seed);
      let k = 0;
      return fill(size, () => {
        const s = newsSentence(r);
        k++;
        if (seed === 1) return s;
        if (k % 5 === 0) return '';
        return k % 3 === 0 ? s.split(' ').map((w) => (edit() < 0.4 ? pick(edit, VOCAB) : w)).join(' ') : s;
      });
    },
  },
  { name: 'unicode-soup', make: (size, seed) => fill(size, ((r) => () => pick(r, SOUP))(rng(seed))) },
  { name: 'random-code-units', make: (size, seed) => fill(size, ((r) => () => String.fromCharCode(Math.floor(r() * 0x10000)))(rng(seed))) },
  { name: 'no-spaces-line', make: (size, seed) => fill(size, ((r) => () => String.fromCharCode(0x61 + Math.floor(r() * 26)))(rng(seed))) },
  { name: 'quotes-curly-open', make: (size) => repeatTo('“', size) },
  { name: 'quotes-curly-close', make: (size) => repeatTo('”', size) },
  { name: 'quotes-straight', make: (size) => repeatTo('"', size) },
  { name: 'quotes-single-straight', make: (size) => repeatTo("'", size) },
  { name: 'quotes-single-curly', make: (size) => repeatTo('‘', size) },
  { name: 'quotes-apostrophe', make: (size) => repeatTo('’', size) },
  { name: 'quotes-guillemet', make: (size) => repeatTo('«', size) },
  { name: 'quotes-low', make: (size) => repeatTo('„', size) },
  { name: 'quotes-pairs', make: (size) => repeatTo('“a” ', size) },
  { name: 'quotes-straight-words', make: (size) => repeatTo('"a" ', size) },
  { name: 'quotes-single-words', make: (size) => repeatTo(" 'a' ", size) },
  {
    name: 'quotes-mixed-unbalanced',
    make: (size, seed) => fill(size, ((r) => () => pick(r, ['“', '”', '"', "'", '‘', '’', '«', '»', '„', ' ', 'word', 'Said', ', ', '. ', '\n']))(rng(seed))),
  },
  // One quotation holding a long run of dots and spaces (a quotation's key trims trailing punctuation).
  // Exactly `size` code units at any size (below 3, the tail of the closing 'x”.').
  { name: 'quoted-dots', make: (size) => ('Biden said “' + '. '.repeat(size) + 'x”.').slice(0, Math.max(0, size - 3)) + 'x”.'.slice(Math.max(0, 3 - size)) },
  { name: 'abbreviations', make: (size) => repeatTo('Mr. U.S. No. ', size) },
  { name: 'abbreviations-mixed', make: (size) => repeatTo('Mr. J. K. Smith of the U.S. Aug. 13 No. 10 a.m. e.g. ', size) },
  { name: 'dots', make: (size) => repeatTo('.', size) },
  { name: 'dots-spaced', make: (size) => repeatTo('. ', size) },
  { name: 'terminals', make: (size) => repeatTo('?! …. ', size) },
  { name: 'one-word-lines', make: (size, seed) => fill(size, ((r) => () => pick(r, VOCAB) + '\n')(rng(seed))) },
  {
    // Distinct one-word sentences, a line each, the same on both sides: every one aligns.
    name: 'one-word-sentences',
    make: (size) => {
      let k = 0;
      return fill(size, () => `W${(k++).toString(36)}.\n`);
    },
  },
  { name: 'empty-lines', make: (size) => repeatTo('\n', size) },
  { name: 'one-word-repeated', make: (size) => repeatTo('spin ', size) },
  { name: 'alike-sentences', make: (size) => repeatTo('The minister said the plan would work. ', size) },
  {
    name: 'alike-sentences-numbered',
    make: (size, seed) => fill(size, ((r) => () => `The minister said plan ${Math.floor(r() * 1_000_000)} would work. `)(rng(seed))),
  },
  {
    // Blocks of 30 identical long sentences: each word's sentence frequency stays under alignment's posting cap.
    name: 'alike-sentence-blocks',
    make: (size) => {
      const r = rng(3);
      return fill(size, () => {
        const s = Array.from({ length: 400 }, () => `X${Math.floor(r() * 1e9).toString(36)}`).join(' ') + '. ';
        return s.repeat(30);
      });
    },
  },
  { name: 'long-sentence-words', make: (size, seed) => fill(size, ((r) => () => pick(r, VOCAB) + ' ')(rng(seed))) },
  { name: 'names', make: (size, seed) => fill(size, ((r) => () => pick(r, ['Joe ', 'Biden ', 'Mr ', 'President ', 'Putin ', 'said ', 'Kyiv ', '“No,” ']))(rng(seed))) },
];

/** The sizes timed, in UTF-16 code units. */
export const SIZES: readonly number[] = [10_000, 100_000, 1_000_000];

/** Ratio from which growth counts as super-linear (linear is about 10 per tenfold size). */
export const MAX_RATIO = 25;

type Stage = 'prepare' | 'detect' | 'quotes';
const STAGES: readonly Stage[] = ['prepare', 'detect', 'quotes'];

/** The work a stage times on a pair of texts (texts prepared beforehand where the stage starts later). */
function stageRun(stage: Stage, a: string, b: string): () => void {
  if (stage === 'prepare') return () => prepare(a);
  if (stage === 'detect') return () => detectRewrites(a, b);
  const da = prepare(a);
  const db = prepare(b);
  return () => {
    extractQuotes(da);
    extractQuotes(db);
  };
}

/**
 * Best CPU time of repeated runs, in milliseconds: at least 3 runs and 300 ms
 * of them (at most 50), one run for a stage slower than 2 s.
 * CPU time (`process.cpuUsage`, all threads of this process, garbage
 * collection included) rather than wall time, so that other processes on a
 * shared machine do not inflate the long runs more than the short ones; the
 * minimum discards what is left of the noise.
 */
function time(run: () => void): number {
  let best = Infinity;
  let spent = 0;
  for (let k = 0; k < 50 && (k < 3 || spent < 300); k++) {
    const c0 = process.cpuUsage();
    run();
    const c = process.cpuUsage(c0);
    const dt = (c.user + c.system) / 1000;
    best = Math.min(best, dt);
    spent += dt;
    if (dt > 2000) break;
  }
  return best;
}

function fmt(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

function main(): void {
  // Optional comma-separated name fragments: time only the shapes whose name holds one of them.
  const filters = process.argv[2]?.split(',');
  const shapes = SHAPES.filter((s) => filters === undefined || filters.some((f) => s.name.includes(f)));
  const rows: string[][] = [['shape', 'stage', ...SIZES.map((s) => `${s / 1000} KB ms`), '100K/10K', '1M/100K', '']];
  let failed = false;
  for (const shape of shapes) {
    const texts = SIZES.map((size) => [shape.make(size, 1), shape.make(size, 2)] as const);
    for (const stage of STAGES) {
      time(stageRun(stage, texts[0]![0], texts[0]![1])); // warm-up
      const times: Array<number | undefined> = [];
      let skipped = false;
      for (let k = 0; k < SIZES.length; k++) {
        const prev = times[k - 1];
        if (k >= 2 && prev !== undefined && times[k - 2] !== undefined && ((prev / times[k - 2]! > MAX_RATIO && prev > 1000) || prev > 30_000)) {
          skipped = true;
          times.push(undefined);
          continue;
        }
        times.push(time(stageRun(stage, texts[k]![0], texts[k]![1])));
      }
      const ratios = [1, 2].map((k) => (times[k] !== undefined ? times[k]! / Math.max(times[k - 1]!, 0.05) : undefined));
      const bad = ratios.some((r) => r !== undefined && r > MAX_RATIO) || skipped;
      failed ||= bad;
      const row = [
        shape.name,
        stage,
        ...times.map(fmt),
        ...ratios.map((r) => (r === undefined ? (skipped ? 'skipped' : '—') : r.toFixed(1))),
        bad ? `FAIL (> ${MAX_RATIO})` : '',
      ];
      rows.push(row);
      process.stderr.write(`${row.join('  ')}\n`);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((x, c) => (c < 2 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join(' | ')} |`;
  console.log(line(rows[0]!));
  console.log(`|${widths.map((w, c) => (c < 2 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}; CPU time, best of 1 to 50 runs; linear growth ≈ 10, limit ${MAX_RATIO}.`);
  if (failed) {
    console.log('Super-linear growth: see the rows marked FAIL.');
    process.exitCode = 1;
  }
}

if (require.main === module) main();
