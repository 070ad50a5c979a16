/**
 * Run by test/index/find-rewrites-threads.test.ts in a process of its own, either under tsx
 * (`tsx test/helpers/find-rewrites-threads.ts`, threads on the TypeScript sources) or on a built
 * bundle (`tsx … <path to dist/index.cjs or .mjs>`): findRewrites over the fixture corpus with
 * 1, 2 and 3 workers, and with a pair check that throws, printing one JSON line.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FindRewritesInput, FindRewritesOptions, RewritePair } from '../../src/index/find-rewrites';
import { workerScript } from '../../src/index/pool';

type Find = (articles: FindRewritesInput[], options?: FindRewritesOptions) => AsyncGenerator<RewritePair>;

const FIXTURES = join(__dirname, '../../fixtures');

function corpus(): FindRewritesInput[] {
  const articles: FindRewritesInput[] = readdirSync(join(FIXTURES, 'seeds'))
    .sort()
    .map((f) => ({ id: `seed-${f.slice(0, 3)}`, text: readFileSync(join(FIXTURES, 'seeds', f), 'utf8') }));
  for (const dir of readdirSync(join(FIXTURES, 'pairs'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const read = (f: string) => readFileSync(join(FIXTURES, 'pairs', dir, f), 'utf8');
    articles.push({ id: `${dir}/original`, text: read('original.txt') }, { id: `${dir}/candidate`, text: read('candidate.txt') });
  }
  // Short distinct fillers after the first ones, so the scan is long enough to start its threads
  // (findRewrites starts them after 64 articles); the fixtures come again after them.
  const words = ['harbour', 'council', 'budget', 'ferry', 'school', 'orchestra', 'minister', 'river', 'museum', 'station', 'market', 'bridge'];
  const fillers = Array.from({ length: 80 }, (_, i) => ({
    id: `filler-${i}`,
    text: `Item ${i}. The ${words[i % 12]} near the ${words[(i * 5 + 1) % 12]} had ${i + 3} visitors on day ${i * 7}. A ${words[(i * 7 + 2) % 12]} report followed.`,
  }));
  return [...articles.slice(0, 10), ...fillers, ...articles.slice(10)];
}

/** Threads of this process now (Linux), so that a run can show it started worker threads. */
function threads(): number {
  return existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : 0;
}

async function run(find: Find, articles: FindRewritesInput[], options: FindRewritesOptions) {
  const hash = createHash('sha256');
  let pairs = 0;
  const before = threads();
  let most = before;
  try {
    for await (const p of find(articles, options)) {
      hash.update(JSON.stringify(p) + '\n');
      pairs++;
      most = Math.max(most, threads());
    }
    return { pairs, digest: hash.digest('hex'), extraThreads: most - before };
  } catch (e) {
    const error = e as Error;
    return { pairs, digest: hash.digest('hex'), extraThreads: most - before, error: { name: error.name, message: error.message, class: error.constructor.name } };
  }
}

async function main(): Promise<void> {
  const bundle = process.argv[2];
  const find: Find = bundle === undefined ? (await import('../../src/index/find-rewrites')).findRewrites : ((await import(pathToFileURL(bundle).href)) as { findRewrites: Find }).findRewrites;
  const articles = corpus();
  const runs = [];
  for (const workers of [1, 2, 3]) runs.push({ workers, ...(await run(find, articles, { workers })) });
  const failing = [];
  for (const workers of [1, 2]) failing.push({ workers, ...(await run(find, articles, { workers, detect: { maxLength: 3000 } })) });
  process.stdout.write(JSON.stringify({ script: bundle === undefined ? workerScript() : 'bundle', runs, failing }) + '\n');
}

void main();
