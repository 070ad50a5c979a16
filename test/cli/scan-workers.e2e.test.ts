/**
 * `respun scan --workers N` through the built CLI (dist/cli.cjs, which `npm test` builds): a scan long
 * enough to start findRewrites' threads (more than 64 articles) gives byte-identical reports for any
 * number of workers and by default (the number of cores), with and without --against.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.cjs');

function respun(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
let cases: string[];
beforeAll(() => {
  if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist', 'worker.cjs'))) throw new Error('dist/cli.cjs or dist/worker.cjs is missing: run `npm run build` first (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'respun-workers-'));
  const pairs = join(ROOT, 'fixtures', 'pairs');
  cases = readdirSync(pairs).filter((d) => existsSync(join(pairs, d, 'original.txt'))).sort();
  const words = ['harbour', 'council', 'budget', 'ferry', 'school', 'orchestra', 'minister', 'river', 'museum', 'station', 'market', 'bridge'];
  const fillers = Array.from({ length: 80 }, (_, i) => ({
    id: `filler-${i}`,
    text: `Item ${i}. The ${words[i % 12]} near the ${words[(i * 5 + 1) % 12]} had ${i + 3} visitors on day ${i * 7}. A ${words[(i * 7 + 2) % 12]} report followed.`,
  }));
  const originals = cases.map((d) => ({ id: `${d}/original`, text: readFileSync(join(pairs, d, 'original.txt'), 'utf8') }));
  const candidates = cases.map((d) => ({ id: `${d}/candidate`, text: readFileSync(join(pairs, d, 'candidate.txt'), 'utf8') }));
  const lines = (xs: object[]) => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';
  writeFileSync(join(dir, 'all.jsonl'), lines([...originals, ...fillers, ...candidates]));
  writeFileSync(join(dir, 'originals.jsonl'), lines(originals));
  writeFileSync(join(dir, 'inputs.jsonl'), lines([...fillers, ...candidates]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scan --workers through the built CLI', () => {
  it('among the inputs: the same JSON report for 1, 2 and 3 workers and the default', () => {
    const args = ['scan', join(dir, 'all.jsonl'), '--format', 'json', '--fail-on', 'none'];
    const one = respun([...args, '--workers', '1']);
    expect(one.code).toBe(0);
    const report = JSON.parse(one.stdout) as { articles: number; pairs: Array<{ original: string; candidate: string }> };
    expect(report.articles).toBe(80 + 2 * cases.length);
    expect(report.pairs.length).toBeGreaterThan(3);
    for (const w of [['--workers', '2'], ['--workers', '3'], []]) expect(respun([...args, ...w])).toEqual(one);
  }, 180_000);

  it('with --against: the same JSON lines for 1 and 2 workers', () => {
    const args = ['scan', join(dir, 'inputs.jsonl'), '--against', join(dir, 'originals.jsonl'), '--fail-on', 'none'];
    const one = respun([...args, '--workers', '1']);
    expect(one.code).toBe(0);
    expect(one.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(3);
    expect(respun([...args, '--workers', '2'])).toEqual(one);
  }, 180_000);
});
