/**
 * Prints the JSON report of every pair the project judges during development, one per line:
 * the devset pairs (read where they stand), every ordered pair of the seeds, the fixture pairs
 * and a few long texts built from the corpus. Diff two runs to check that a speed change left
 * the output byte-identical:
 *
 *   npx tsx scripts/dump-reports.ts > /tmp/before.jsonl   # … change …   > /tmp/after.jsonl; cmp
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectRewrites } from '../src/compare/detect';
import { SHARED } from './features';

const out: string[] = [];
function emit(name: string, a: string, b: string): void {
  out.push(JSON.stringify({ name, report: detectRewrites(a, b) }));
}

for (const set of [join(SHARED, 'devset', 'pairs'), join(__dirname, '..', 'fixtures', 'pairs')]) {
  if (!existsSync(set)) continue;
  for (const name of readdirSync(set).sort()) {
    const p = join(set, name);
    if (!existsSync(join(p, 'original.txt'))) continue;
    emit(`${set}/${name}`, readFileSync(join(p, 'original.txt'), 'utf8'), readFileSync(join(p, 'candidate.txt'), 'utf8'));
  }
}
const seedDir = join(__dirname, '..', 'fixtures', 'seeds');
const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.txt')).sort();
for (const x of seeds) for (const y of seeds) emit(`seed ${x} ${y}`, readFileSync(join(seedDir, x), 'utf8'), readFileSync(join(seedDir, y), 'utf8'));
const corpus = join(SHARED, 'corpus', 'bbc-train.jsonl');
if (existsSync(corpus)) {
  const texts = readFileSync(corpus, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { text: string }).text);
  for (let i = 0; i + 1 < Math.min(texts.length, 120); i += 2) emit(`corpus ${i} ${i + 1}`, texts[i]!, texts[i + 1]!);
  const long = texts.slice(0, 40).join('\n\n');
  emit('corpus long self-edit', long, long.replace(/ the /g, ' a ').replace(/said/g, 'stated'));
}
process.stdout.write(out.join('\n') + '\n');
