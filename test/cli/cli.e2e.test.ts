/**
 * End to end: spawn the built CLI (`node dist/cli.cjs`, as `npx respun` runs it) on the
 * seed articles and check exit codes 0 / 1 / 2, stdout and stderr. `npm test` builds first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { version } from '../../package.json';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.cjs');
const S0 = 'fixtures/seeds/000_a267aa29c8143298.txt';
const S1 = 'fixtures/seeds/001_04a6fa0171dea636.txt';
const S2 = 'fixtures/seeds/002_345e56f4d08bf12d.txt';
const S3 = 'fixtures/seeds/003_5ed7d5f4475564e4.txt';
const S4 = 'fixtures/seeds/004_b2fd3a351b08d226.txt';
const HTML_REWRITE = 'fixtures/html/kursk-rewrite.html';

function respun(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${relative(ROOT, CLI)} is missing: run \`npm run build\` first (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'respun-e2e-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exit codes', () => {
  it('0: the version, and help', () => {
    expect(respun(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(respun(['compare', '--help']).code).toBe(0);
  });

  it('1: the spun rewrite alters quotes (default --fail-on), and says how many matched', () => {
    const r = respun(['compare', S0, S1]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('altered-quote');
    expect(r.stdout).toContain('“real dilemma”');
    expect(r.stdout).toContain('“spoken quandary”');
    expect(r.stderr).toMatch(/^respun: \d+ findings? matched --fail-on altered-quote:medium,added-quote:high\n$/);
  });

  it('1: another outlet printed Biden’s “real dilemma” as “real embarrassment”', () => {
    const r = respun(['compare', S0, S2, '--fail-on', 'altered-quote:high', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { verdict: string; findings: Array<{ kind: string; original?: { text: string }; candidate?: { text: string } }> };
    expect(report.verdict).toBe('related');
    expect(report.findings.some((f) => f.kind === 'altered-quote' && f.candidate?.text.includes('real embarrassment'))).toBe(true);
    expect(r.stderr).toMatch(/^respun: \d+ findings? matched --fail-on altered-quote:high\n$/);
  });

  it('1: scan finds the rewrite among the seeds and fails on its altered quotes', () => {
    const r = respun(['scan', 'fixtures/seeds', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { original: string; candidate: string }).candidate)).toEqual([S1]);
  });

  it.each([
    ['--fail-on none', ['compare', S0, S1, '--fail-on', 'none']],
    ['related coverage', ['compare', S0, S3]],
    ['independent coverage quoting the same people', ['compare', S0, S4]],
    ['scan with --fail-on none', ['scan', 'fixtures/seeds', '--fail-on', 'none']],
  ])('0: %s', (_what, args) => {
    const r = respun(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it.each([
    ['no command', [], 'respun: missing command: compare or scan (see respun --help)'],
    ['a missing file', ['compare', 'fixtures/seeds/nope.txt', S1], 'respun: fixtures/seeds/nope.txt: no such file or directory'],
    ['an unknown --fail-on kind', ['compare', S0, S1, '--fail-on', 'quote'], /^respun: --fail-on: unknown finding kind `quote`/],
    ['a directory with nothing readable', ['scan', 'src/types.ts', 'test/report'], /^respun: test\/report: directory has no readable articles/],
  ])('2: %s, one line on stderr', (_what, args, line) => {
    const r = respun(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2);
    if (typeof line === 'string') expect(r.stderr).toBe(`${line}\n`);
    else expect(r.stderr).toMatch(line);
  });

  it('2: a malformed JSON line, with its line number', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"id":"a","text":"Kyiv said."}\n{"id":"b","text":"x"\n');
    const r = respun(['scan', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^respun: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: malformed JSON line \\([^\\n]+\\)\\n$`));
  });

  it('2: an object with no text', () => {
    const bad = join(dir, 'notext.json');
    writeFileSync(bad, '[{"id":"a","text":"Kyiv said."},{"id":"b","body":"x"}]');
    expect(respun(['scan', bad])).toEqual({ code: 2, stdout: '', stderr: `respun: ${bad}[1]: object has no "text" string\n` });
  });
});

describe('scan --against --workers', () => {
  it('gives byte-identical output with worker threads as on one thread', () => {
    const pairs = join(ROOT, 'fixtures', 'pairs');
    const cases = readdirSync(pairs).filter((d) => existsSync(join(pairs, d, 'original.txt'))).sort();
    const candidates = [...cases.map((d) => `fixtures/pairs/${d}/candidate.txt`), S1];
    const originals = [...cases.map((d) => `fixtures/pairs/${d}/original.txt`), S0];
    const one = respun(['scan', ...candidates, '--against', ...originals, '--fail-on', 'none']);
    const three = respun(['scan', ...candidates, '--against', ...originals, '--fail-on', 'none', '--workers', '3']);
    expect(one.code).toBe(0);
    expect(three).toEqual(one);
    expect(one.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(1);
  });
});

describe('inputs through the built CLI', () => {
  it('extracts an HTML page as a reader view would: headline first, no navigation, no script run', () => {
    const r = respun(['compare', S1, HTML_REWRITE, '--format', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { verdict: string; alignments: Array<{ candidate: Array<{ text: string }> }> };
    expect(report.verdict).toBe('duplicate');
    const text = report.alignments.flatMap((a) => a.candidate.map((s) => s.text)).join('\n');
    expect(text).toContain('As reported, on Wednesday an onslaught of missiles');
    for (const junk of ['Subscribe', 'Most read', 'All rights reserved', 'PWNED', 'By Staff Writer']) expect(r.stdout).not.toContain(junk);
  });

  it('keeps the HTML title and decodes a declared charset', () => {
    const r = respun(['compare', 'fixtures/html/latin1.html', 'fixtures/html/latin1.html', '--format', 'markdown', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('### respun: fixtures/html/latin1.html is a duplicate of fixtures/html/latin1.html');
    const html = respun(['compare', 'fixtures/html/latin1.html', S0, '--format', 'html', '--fail-on', 'none']);
    // The extracted text starts with the headline, so the page does not repeat it above the text.
    expect(html.stdout).toMatch(/<div class="text" data-side="original">(<span [^>]*>)?Café owners protest/);
    expect(html.stdout).not.toContain('class="headline"');
    expect(html.stdout).toContain('Café owners in Zürich gathered on Monday');
  });

  it('reads HTML from standard input (format sniffed), and refuses - twice', () => {
    const page = readFileSync(join(ROOT, HTML_REWRITE), 'utf8');
    expect(respun(['compare', '-', '-'], page)).toEqual({ code: 2, stdout: '', stderr: 'respun: <stdin>: standard input (-) can be read only once\n' });
    const r = respun(['compare', S1, '-', '--format', 'json', '--fail-on', 'none'], page);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { verdict: string }).verdict).toBe('duplicate');
    expect(r.stdout).not.toContain('Subscribe');
  });

  it('warns about invalid UTF-8 and carries on', () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, Buffer.from('Kyiv said on Tuesday it had taken control of 74 settlements in Kursk \xff\xfe.', 'latin1'));
    const r = respun(['compare', S0, bad, '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`respun: warning: ${bad}: not valid UTF-8; undecodable bytes replaced with U+FFFD\n`);
  });

  it('prints byte-identical JSON run after run', () => {
    const a = respun(['compare', S0, S1, '--format', 'json', '--fail-on', 'none']);
    const b = respun(['compare', S0, S1, '--format', 'json', '--fail-on', 'none']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.startsWith('{\n  "schemaVersion": 1,\n')).toBe(true);
  });
});
