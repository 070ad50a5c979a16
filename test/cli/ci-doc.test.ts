/**
 * The README's "Use it in CI" section must work as pasted: its GitHub Actions `run:` steps and its shell script
 * are extracted and run against the seeds, with `npx --yes respun` pointed at the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.cjs');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const DOC = README.slice(README.indexOf('## Use it in CI'), README.indexOf('\n## ', README.indexOf('## Use it in CI') + 1));
const SEEDS = join(ROOT, 'fixtures', 'seeds');

const blocks = [...DOC.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]! }));
const workflow = blocks.find((b) => b.lang === 'yaml')!.body;
const script = blocks.find((b) => b.lang === 'sh')!.body;

let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.cjs is missing: run `npm run build` first (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'respun-ci-doc-'));
  for (const d of ['bin', 'originals', 'articles']) mkdirSync(join(dir, d));
  // The shim stands in for the registry: `npx --yes respun ARGS` runs this checkout's CLI.
  const shim = join(dir, 'bin', 'npx');
  writeFileSync(shim, `#!/bin/sh\n[ "$1" = "--yes" ] && shift\ncase "$1" in respun|respun@*) shift ;; *) echo "npx shim: unexpected $1" >&2; exit 99 ;; esac\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(shim, 0o755);
  copyFileSync(join(SEEDS, '000_a267aa29c8143298.txt'), join(dir, 'originals', 'kursk.txt'));
  copyFileSync(join(SEEDS, '001_04a6fa0171dea636.txt'), join(dir, 'articles', 'kursk-spun.txt'));
  copyFileSync(join(SEEDS, '004_b2fd3a351b08d226.txt'), join(dir, 'articles', 'lbc.txt'));
  writeFileSync(join(dir, 'check-quotes.sh'), script);
  env = { ...process.env, PATH: `${join(dir, 'bin')}:${process.env['PATH'] ?? ''}`, GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), NO_COLOR: '1' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README: Use it in CI', () => {
  it('has the GitHub Actions steps, which fail on the spun article and still publish the reports', () => {
    const runs = [...workflow.matchAll(/^ {8}run: (.+)$/gm)].map((m) => m[1]!);
    expect(runs).toHaveLength(3);
    // GitHub runs each step with `bash -e`.
    const codes = runs.map((cmd) => spawnSync('bash', ['-e', '-c', cmd], { cwd: dir, env, encoding: 'utf8' }).status);
    expect(codes).toEqual([1, 0, 0]);
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain('### respun scan: 1 duplicate or rewrite pair among 3 articles');
    expect(summary).toContain('articles/kursk-spun.txt ← originals/kursk.txt');
    expect(readFileSync(join(dir, 'respun.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(workflow).toMatch(/if: always\(\)\n\s+with:\n\s+name: respun-report\n\s+path: respun\.html/);
  });

  it.each([
    ['the spun rewrite', 'originals/kursk.txt', 'articles/kursk-spun.txt', 1, /respun: altered quotes found/],
    ['independent coverage', 'originals/kursk.txt', 'articles/lbc.txt', 0, /respun: no altered quotes/],
    ['a missing file', 'originals/nope.txt', 'articles/lbc.txt', 2, /respun: could not compare the articles \(exit 2\)/],
  ])('has a shell script that exits as respun does: %s', (_what, original, candidate, code, line) => {
    const r = spawnSync('sh', ['check-quotes.sh', original, candidate], { cwd: dir, env, encoding: 'utf8' });
    expect(r.status).toBe(code);
    expect(r.stdout + r.stderr).toMatch(line);
  });
});
