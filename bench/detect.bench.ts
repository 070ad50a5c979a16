/**
 * `detectRewrites` latency: the seed pair, and pairs of ~5,000-word articles (a light edit, a
 * paraphrase-like variant, an unrelated article), plus a scaling series (n, 2n, 4n sentences) for
 * texts that share little, to show how the cost grows with length.
 *
 * Long texts: consecutive articles of the BBC corpus joined into one text when it is present
 * (BENCH_CORPUS, default ../shared/corpus/bbc-train.jsonl beside the clone; read at run time, never copied into
 * the repository), else text generated from a seeded word model. The variants are made
 * deterministically (seeded PRNG):
 * - light edit: 3 % of the words replaced by words of another text, one sentence in 40 dropped;
 * - paraphrase-like: neighbouring sentences swapped (30 % of them), 15 % of the other words
 *   dropped and 20 % replaced, capitalised words and numbers kept (the words a paraphraser keeps);
 * - unrelated: another stretch of the corpus of the same length.
 * The growth series pairs the first n sentences of the corpus's sport articles with the first n of
 * its business articles (n = 125 to 4,000, BENCH_DETECT_SIZES to change): texts on different
 * subjects, which share vocabulary but little else.
 *
 * Targets (issue 6): seed pair ≤ 3 ms median, 5,000-word pairs ≤ 50 ms median, growth with the
 * number of sentences no worse than n log n (×2.2 per doubling at these sizes) for unrelated texts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED } from '../scripts/features';
import { detectRewrites } from '../src/compare/detect';
import type { Bench, Measurement } from './run';
import { rng, syntheticWord, zipfRank } from '../scripts/rng';
import { join4, longPairs, splitSentences } from './detect-pairs';

const SEEDS = join(__dirname, '..', 'fixtures', 'seeds');
const LONG_WORDS = 5000;

/**
 * Sentences of the source: the corpus articles' sentences in order, or generated ones; and two
 * lists of sentences on different subjects for the growth series (the corpus's sport and business
 * articles, or the two halves of the generated sentences).
 */
function loadSentences(): { sentences: string[]; apart: [string[], string[]]; apartLabel: string; source: string } {
  const path = process.env.BENCH_CORPUS ?? join(SHARED, 'corpus', 'bbc-train.jsonl');
  if (existsSync(path)) {
    const articles = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { text: string; category?: string });
    const sentences = articles.flatMap((a) => splitSentences(a.text));
    const of = (category: string) => articles.filter((a) => a.category === category).flatMap((a) => splitSentences(a.text));
    const [sport, business] = [of('sport'), of('business')];
    const byCategory = sport.length >= 1000 && business.length >= 1000;
    const apart: [string[], string[]] = byCategory ? [sport, business] : [sentences.slice(0, sentences.length >> 1), sentences.slice(sentences.length >> 1)];
    return { sentences, apart, apartLabel: byCategory ? 'sport vs business' : 'corpus halves', source: `${path} (${sentences.length} sentences)` };
  }
  const random = rng(3);
  const vocab = Array.from({ length: 5000 }, (_, i) => syntheticWord(i));
  const sentences = Array.from({ length: 40_000 }, () => {
    const n = 8 + Math.floor(random() * 24);
    const w: string[] = [];
    for (let i = 0; i < n; i++) w.push(vocab[zipfRank(random, vocab.length)]!);
    w[0] = w[0]![0]!.toUpperCase() + w[0]!.slice(1);
    return `${w.join(' ')}.`;
  });
  return { sentences, apart: [sentences.slice(0, 20_000), sentences.slice(20_000)], apartLabel: 'generated halves', source: 'generated (seeded, Zipf-like vocabulary of 5,000)' };
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

const ms = (m: Measurement) => 1000 / m.median;
const fmtMs = (x: number) => (x >= 10 ? x.toFixed(1) : x.toFixed(2));

const bench: Bench = {
  name: 'detect',
  description: 'detectRewrites latency: seed pair, 5,000-word pairs, growth with length',
  run(ctx) {
    const seedA = readFileSync(join(SEEDS, '000_a267aa29c8143298.txt'), 'utf8');
    const seedB = readFileSync(join(SEEDS, '001_04a6fa0171dea636.txt'), 'utf8');
    const { sentences, apart, apartLabel, source } = loadSentences();
    ctx.log(`long texts from ${source}`);
    const long = longPairs(sentences, LONG_WORDS);
    const cases: Array<{ name: string; a: string; b: string; target: number }> = [
      { name: 'seed pair 000 → 001', a: seedA, b: seedB, target: 3 },
      { name: '5,000 words, light edit', a: long.original, b: long.lightEdited, target: 50 },
      { name: '5,000 words, paraphrase-like', a: long.original, b: long.paraphrased, target: 50 },
      { name: '5,000 words, unrelated', a: long.original, b: long.unrelated, target: 50 },
    ];
    const rows: string[][] = [['pair', 'words (a / b)', 'verdict', 'median ms', 'fastest–slowest ms', 'cpu', 'target ms', 'met']];
    for (const c of cases) {
      const verdict = detectRewrites(c.a, c.b).verdict;
      const m = ctx.measure({ name: c.name, opsPerCall: 1, fn: () => detectRewrites(c.a, c.b) }, { samples: 9, sampleMs: 300 });
      rows.push([
        c.name,
        `${wordCount(c.a)} / ${wordCount(c.b)}`,
        verdict,
        fmtMs(ms(m)),
        `${fmtMs(1000 / m.max)}–${fmtMs(1000 / m.min)}`,
        `${Math.round(m.cpuShare * 100)}%`,
        `≤ ${c.target}`,
        ms(m) <= c.target ? 'yes' : 'NO',
      ]);
    }
    print(ctx.log, rows);

    // Growth: texts on different subjects (sport and business articles) of n, 2n, 4n… sentences,
    // measured in turns so that a change in the machine's speed during the series falls on every size.
    const sizes = (process.env.BENCH_DETECT_SIZES ?? '125,250,500,1000,2000,4000').split(',').map(Number);
    const series = sizes.map((n) => {
      const a = join4(apart[0].slice(0, n));
      const b = join4(apart[1].slice(0, n));
      return { n, a, b, words: Math.round((wordCount(a) + wordCount(b)) / 2), groups: detectRewrites(a, b).alignments.length };
    });
    const timed = ctx.measureInTurns(
      series.map((x) => ({ name: `n=${x.n}`, opsPerCall: 1, fn: () => detectRewrites(x.a, x.b) })),
      { samples: 7, sampleMs: 600 },
    );
    const times = timed.map(ms);
    const grow: string[][] = [[`${apartLabel}, sentences each`, 'words each', 'aligned groups', 'median ms', 'cpu', '× previous', 'n log n would be']];
    series.forEach((x, k) => {
      const prev = series[k - 1];
      grow.push([
        String(x.n),
        String(x.words),
        String(x.groups),
        fmtMs(times[k]!),
        `${Math.round(timed[k]!.cpuShare * 100)}%`,
        prev ? `${(times[k]! / times[k - 1]!).toFixed(2)}×` : '',
        prev ? `${((x.n * Math.log(x.n)) / (prev.n * Math.log(prev.n))).toFixed(2)}×` : '',
      ]);
    });
    ctx.log('');
    print(ctx.log, grow);
    if (series.length >= 2) {
      // Per-doubling ratios move with this machine's noise and the collector's work; the whole range shows the trend.
      const [first, last] = [series[0]!.n, series[series.length - 1]!.n];
      const nlogn = (last * Math.log(last)) / (first * Math.log(first));
      ctx.log(`${first} → ${last} sentences (×${last / first}): time ×${(times[times.length - 1]! / times[0]!).toFixed(1)}, n log n ×${nlogn.toFixed(1)}, n² ×${(last / first) ** 2}`);
    }
  },
};

function print(log: (line: string) => void, rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

export default bench;
