/**
 * Calibration: prints the scores behind every verdict on a folder of pairs in
 * the devset format (default ../shared/devset, read where it stands) and on
 * every ordered pair of the seed articles, so the thresholds in
 * src/compare/verdict.ts and src/compare/align.ts can be checked and moved.
 *
 *   npm run calibrate [-- <pairs-dir>]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectRewrites } from '../src/compare/detect';

const dir = process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'devset');
const pairsDir = existsSync(join(dir, 'pairs')) ? join(dir, 'pairs') : dir;

interface Row { name: string; expected: string; verdict: string; ok: boolean; cc: number; co: number; mean: number; groups: number; cj: number; sj: number }
const rows: Row[] = [];
function run(name: string, a: string, b: string, expected: 'rewrite' | 'related' | 'unrelated' | 'duplicate') {
  const r = detectRewrites(a, b);
  const isRw = r.verdict === 'rewrite' || r.verdict === 'duplicate';
  const ok = expected === 'rewrite' || expected === 'duplicate' ? isRw : expected === 'related' ? !isRw : r.verdict === 'unrelated';
  rows.push({ name, expected, verdict: r.verdict, ok, cc: r.scores.coverage.candidate, co: r.scores.coverage.original, mean: r.scores.meanAlignedSimilarity, groups: r.alignments.length, cj: r.scores.contentJaccard, sj: r.scores.shingleJaccard });
}

if (existsSync(pairsDir)) {
  for (const name of readdirSync(pairsDir).sort()) {
    const p = join(pairsDir, name);
    if (!existsSync(join(p, 'gold.json'))) continue;
    const gold = JSON.parse(readFileSync(join(p, 'gold.json'), 'utf8'));
    run(name, readFileSync(join(p, 'original.txt'), 'utf8'), readFileSync(join(p, 'candidate.txt'), 'utf8'), gold.isRewrite ? 'rewrite' : 'related');
  }
}
const seedDir = join(__dirname, '..', 'fixtures', 'seeds');
const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.txt')).sort();
for (const x of seeds) for (const y of seeds) {
  if (x === y) continue;
  const rw = (x.startsWith('000') && y.startsWith('001')) || (x.startsWith('001') && y.startsWith('000'));
  run(`seed ${x.slice(0, 3)}→${y.slice(0, 3)}`, readFileSync(join(seedDir, x), 'utf8'), readFileSync(join(seedDir, y), 'utf8'), rw ? 'rewrite' : 'related');
}
const fixtures = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'verdicts', 'pairs.json'), 'utf8')) as { pairs: Array<[string, string, string[]]> };
for (const [a, b, expected] of fixtures.pairs) {
  const fx = join(__dirname, '..', 'fixtures');
  run(`fixture ${b.replace(/^.*\//, '').slice(0, 30)}`, readFileSync(join(fx, a), 'utf8'), readFileSync(join(fx, b), 'utf8'), expected[0] as 'rewrite');
}
const f = (x: number) => x.toFixed(2).padStart(5);
console.log('pair'.padEnd(40), 'expect   verdict    ok  covC  covO  mean grp  cont  shing');
for (const r of rows) console.log(r.name.padEnd(40), r.expected.padEnd(8), r.verdict.padEnd(10), r.ok ? 'ok' : '**', f(r.cc), f(r.co), f(r.mean), String(r.groups).padStart(3), f(r.cj), f(r.sj));
const bad = rows.filter((r) => !r.ok).length;
console.log(`\n${rows.length - bad}/${rows.length} verdicts right`);
const dev = rows.filter((r) => !r.name.startsWith('seed ') && !r.name.startsWith('fixture '));
const rw = dev.filter((r) => r.expected !== 'related').map((r) => r.cc);
const rel = rows.filter((r) => r.expected === 'related').map((r) => r.cc);
console.log(`candidate coverage: rewrites min ${Math.min(...rw).toFixed(2)}, related max ${Math.max(...rel).toFixed(2)}`);
