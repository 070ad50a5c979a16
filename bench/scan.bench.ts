/**
 * Corpus search end to end: `findRewrites` (index candidates, then `detectRewrites` on each)
 * against comparing all pairs with `detectRewrites`, the way a quadratic scan (dolos's `allPairs`)
 * would. Reports articles per second and `detectRewrites` calls per article for growing corpora;
 * the all-pairs peer runs on the smallest size only, since its cost grows with the square.
 *
 * Articles: the BBC corpus when present (BENCH_CORPUS, default ../shared/corpus/bbc-train.jsonl beside the clone,
 * read at run time, never copied), else seeded synthetic text. Sizes: BENCH_SCAN_SIZES
 * (default 100,400,1557).
 */
import { existsSync, readFileSync } from 'node:fs';
import { detectRewrites } from '../src/compare/detect';
import { findRewrites } from '../src/index/find-rewrites';
import type { Bench } from './run';
import { join } from 'node:path';
import { SHARED } from '../scripts/features';

function loadTexts(): { texts: string[]; source: string } {
  const path = process.env.BENCH_CORPUS ?? join(SHARED, 'corpus', 'bbc-train.jsonl');
  if (existsSync(path)) {
    const texts = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { text: string }).text);
    return { texts, source: path };
  }
  let s = 7;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const vocab = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}`);
  const texts = Array.from({ length: 1500 }, () => Array.from({ length: 20 }, () => Array.from({ length: 18 }, () => vocab[Math.floor(next() ** 2 * vocab.length)]).join(' ') + '.').join(' '));
  return { texts, source: 'synthetic (seeded)' };
}

const bench: Bench = {
  name: 'scan',
  description: 'findRewrites (index + detectRewrites on candidates) vs detectRewrites on all pairs',
  async run(ctx) {
    const { texts, source } = loadTexts();
    const sizes = (process.env.BENCH_SCAN_SIZES ?? '100,400,1557').split(',').map(Number);
    ctx.log(`articles from ${source}`);
    const rows: string[][] = [['method', 'articles', 'seconds', 'articles/s', 'detectRewrites calls/article', 'pairs found']];
    for (const size of sizes) {
      const articles = texts.slice(0, size).map((text) => ({ text }));
      let pairs = 0;
      const t0 = performance.now();
      for await (const _ of findRewrites(articles)) pairs++;
      const s = (performance.now() - t0) / 1000;
      rows.push(['findRewrites (default index)', String(articles.length), s.toFixed(1), (articles.length / s).toFixed(1), '-', String(pairs)]);
    }
    {
      const articles = texts.slice(0, sizes[0]).map((text) => ({ text }));
      let pairs = 0;
      let calls = 0;
      const t0 = performance.now();
      for (let j = 1; j < articles.length; j++) {
        for (let i = 0; i < j; i++) {
          calls++;
          const v = detectRewrites(articles[i]!, articles[j]!).verdict;
          if (v === 'duplicate' || v === 'rewrite') pairs++;
        }
      }
      const s = (performance.now() - t0) / 1000;
      rows.push(['all pairs, detectRewrites', String(articles.length), s.toFixed(1), (articles.length / s).toFixed(1), (calls / articles.length).toFixed(1), String(pairs)]);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) ctx.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  },
};

export default bench;
