/**
 * The CLI reads only the inputs it is given and writes only `--out`: run the built CLI
 * (`node dist/cli.cjs`) in an empty temporary directory holding a `.env` file, with HOME pointed at
 * another empty directory, and check that the process environment at exit is the one it started
 * with (no `.env` loaded) and that no file other than the report appeared in either directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.cjs');
const S0 = join(ROOT, 'fixtures', 'seeds', '000_a267aa29c8143298.txt');
const S1 = join(ROOT, 'fixtures', 'seeds', '001_04a6fa0171dea636.txt');

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; parentPath?: string; path?: string; name: string }>)
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path ?? dir, e.name)))
    .sort();
}

let box: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${relative(ROOT, CLI)} is missing: run \`npx tsup\` (or npm run build) first`);
  box = mkdtempSync(join(tmpdir(), 'respun-side-'));
});
afterAll(() => rmSync(box, { recursive: true, force: true }));

it.each([
  ['compare', ['compare', S0, S1, '--format', 'html', '--out', 'out/report.html', '--fail-on', 'none']],
  ['scan', ['scan', S0, S1, '--format', 'json', '--out', 'out/report.json', '--fail-on', 'none']],
])('%s: no .env loaded, nothing written but --out', (name, argv) => {
  const cwd = join(box, `${name}-cwd`);
  const home = join(box, `${name}-home`);
  const probeDir = join(box, `${name}-probe`);
  for (const d of [cwd, home, probeDir, join(cwd, 'out')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(cwd, '.env'), 'RESPUN_DOTENV_PROBE=leaked\nNODE_ENV=from-dotenv\n');
  writeFileSync(join(home, '.env'), 'RESPUN_DOTENV_PROBE=leaked-home\n');
  // A preload (outside both directories) records the environment at start and at exit.
  const probe = join(probeDir, 'probe.cjs');
  const record = join(probeDir, 'env.json');
  writeFileSync(
    probe,
    `const before = { ...process.env };
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ before, after: { ...process.env } })));\n`,
  );
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1' };
  const r = spawnSync(process.execPath, ['--require', probe, CLI, ...argv], { cwd, env, encoding: 'utf8' });
  expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
  const { before, after } = JSON.parse(readFileSync(record, 'utf8')) as { before: Record<string, string>; after: Record<string, string> };
  expect(after).toEqual(before);
  expect(after['RESPUN_DOTENV_PROBE']).toBeUndefined();
  const out = argv[argv.indexOf('--out') + 1]!;
  expect(filesUnder(cwd)).toEqual(['.env', out].sort());
  expect(readFileSync(join(cwd, out), 'utf8').length).toBeGreaterThan(0);
  expect(filesUnder(home)).toEqual(['.env']);
});
