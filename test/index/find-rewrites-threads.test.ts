/**
 * findRewrites on real worker threads, in processes of their own (jest's module system cannot
 * start them): on the TypeScript sources under tsx, and on the built CommonJS and ES module
 * bundles (dist/, which `npm test` builds first). Every worker count gives byte-identical pairs,
 * the threads are really started, and a pair check that throws in a thread fails with the same
 * respun error class and message as on one thread.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const HELPER = join(ROOT, 'test/helpers/find-rewrites-threads.ts');

interface Run {
  workers: number;
  pairs: number;
  digest: string;
  extraThreads: number;
  error?: { name: string; message: string; class: string };
}

function runHelper(bundle?: string): { script: string; runs: Run[]; failing: Run[] } {
  const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), HELPER, ...(bundle === undefined ? [] : [bundle])], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { script: string; runs: Run[]; failing: Run[] };
}

function check(result: { runs: Run[]; failing: Run[] }): void {
  const [one, ...many] = result.runs;
  expect(one!.pairs).toBeGreaterThanOrEqual(5);
  expect(one!.extraThreads).toBe(0);
  for (const r of many) {
    expect(r.digest).toBe(one!.digest);
    expect(r.pairs).toBe(one!.pairs);
    // At least one thread per worker was running during the scan.
    expect(r.extraThreads).toBeGreaterThanOrEqual(r.workers);
  }
  const [failOne, failMany] = result.failing;
  expect(failOne!.error).toEqual({ name: 'InvalidInputError', class: 'InvalidInputError', message: expect.stringMatching(/at most 3000 characters/) });
  expect(failMany!.error).toEqual(failOne!.error);
  expect(failMany!.digest).toBe(failOne!.digest);
}

describe('findRewrites on worker threads', () => {
  test('TypeScript sources under tsx: threads run worker.ts; 1, 2 and 3 workers give the same bytes', () => {
    const result = runHelper();
    expect(result.script).toBe(join(ROOT, 'src/index/worker.ts'));
    check(result);
  }, 180_000);

  test.each(['index.cjs', 'index.mjs'])('built bundle dist/%s with dist/worker.*: the same bytes for 1, 2 and 3 workers', (file) => {
    const bundle = join(ROOT, 'dist', file);
    const worker = join(ROOT, 'dist', file.replace('index', 'worker'));
    if (!existsSync(bundle) || !existsSync(worker)) throw new Error(`dist/${file} or its worker script is missing: run \`npm run build\` first (npm test does)`);
    check(runHelper(bundle));
  }, 180_000);
});
