/**
 * The CLI run in-process with a fake process (streams, stdin, environment): what it
 * prints where, and its exit codes. HTML input is covered by the end-to-end tests, which
 * spawn the built CLI.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../src/cli/program';
import { version } from '../../package.json';

const SEEDS = join(__dirname, '..', '..', 'fixtures', 'seeds');
const S0 = join(SEEDS, '000_a267aa29c8143298.txt');
const S1 = join(SEEDS, '001_04a6fa0171dea636.txt');
const S3 = join(SEEDS, '003_5ed7d5f4475564e4.txt');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], options: { stdin?: string; tty?: boolean; errTty?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false, columns: 100 },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.errTty ?? false, columns: 100 },
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    env: options.env ?? {},
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'respun-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('usage', () => {
  it.each([
    [['--version'], 0, `${version}\n`],
    [['-V'], 0, `${version}\n`],
  ])('%j prints the version', async (argv, code, out) => {
    expect(await run(argv)).toEqual({ code, stdout: out, stderr: '' });
  });

  it.each([[['--help']], [['compare', '--help']], [['scan', '--help']], [['help', 'scan']]])('%j prints help on stdout and exits 0', async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: respun/);
    expect(r.stderr).toBe('');
  });

  it.each([
    [[], 'respun: missing command: compare or scan (see respun --help)\n'],
    [['frob'], "respun: unknown command 'frob' (see respun --help)\n"],
    [['compare', S0], "respun: missing required argument 'candidate' (see respun --help)\n"],
    [['compare', S0, S1, '--bogus'], "respun: unknown option '--bogus' (see respun --help)\n"],
    [['compare', S0, S1, '--format', 'pdf'], "respun: option '--format <format>' argument 'pdf' is invalid. Allowed choices are text, json, markdown, html. (see respun --help)\n"],
    [['scan', S0, '--format', 'text'], "respun: option '--format <format>' argument 'text' is invalid. Allowed choices are jsonl, json, markdown, html. (see respun --help)\n"],
    [['compare', S0, S1, '--fail-on', 'altered-quotes'], 'respun: --fail-on: unknown finding kind `altered-quotes` (expected altered-quote, unquoted-quote, added-quote, dropped-quote, altered-name, altered-number, each optionally :low|:medium|:high; or none)\n'],
    [['scan', S0, '--threshold', '1.5'], 'respun: --threshold: expected a number in (0, 1), got "1.5"\n'],
    [['scan', S0, '--workers', '0'], 'respun: --workers: expected a whole number ≥ 1, got "0"\n'],
    [['scan', S0, '--redis', 'redis://127.0.0.1:1'], 'respun: --redis needs --namespace NS (the key prefix of the index)\n'],
    [['scan', S0, '--namespace', 'x'], 'respun: --namespace needs --redis URL\n'],
    [['compare', '-', '-'], 'respun: <stdin>: standard input (-) can be read only once\n'],
  ])('%j exits 2 with one line on stderr', async (argv, line) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr: line });
  });
});

describe('compare', () => {
  it('prints the text report without colour when stdout is not a terminal', async () => {
    const r = await run(['compare', S0, S1, '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`REWRITE  ${S1} is a rewrite of ${S0}`);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stderr).toBe('');
  });

  it.each([
    [{}, true],
    [{ NO_COLOR: '1' }, false],
    [{ NO_COLOR: '' }, true],
  ])('colours a terminal unless NO_COLOR is set (%j)', async (env, colour) => {
    const r = await run(['compare', S0, S1, '--fail-on', 'none'], { tty: true, env });
    expect(r.stdout.includes('\u001b[')).toBe(colour);
  });

  it('writes byte-identical JSON run after run', async () => {
    const a = await run(['compare', S0, S1, '--format', 'json', '--fail-on', 'none']);
    const b = await run(['compare', S0, S1, '--format', 'json', '--fail-on', 'none']);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout)).toMatchObject({ schemaVersion: 1, verdict: 'rewrite' });
  });

  it('reads standard input for -', async () => {
    const r = await run(['compare', S0, '-', '--format', 'json', '--fail-on', 'none'], { stdin: readFileSync(S1, 'utf8') });
    const file = await run(['compare', S0, S1, '--format', 'json', '--fail-on', 'none']);
    expect(r.stdout).toBe(file.stdout);
  });

  it('writes --out and leaves stdout empty', async () => {
    const out = join(dir, 'report.md');
    const r = await run(['compare', S0, S3, '--format', 'markdown', '--out', out, '--fail-on', 'none']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toMatch(/^### respun: .*003\\_5ed7d5f4475564e4\.txt covers the same story as .*000\\_a267aa29c8143298\.txt\n/);
  });

  it('exits 2 naming the --out file it cannot write', async () => {
    const out = join(dir, 'no', 'such', 'dir', 'r.html');
    expect(await run(['compare', S0, S1, '--format', 'html', '--out', out])).toEqual({
      code: 2,
      stdout: '',
      stderr: `respun: ${out}: cannot write the report (ENOENT)\n`,
    });
  });

  it('exits 2 when one side holds several articles', async () => {
    const jsonl = join(dir, 'two.jsonl');
    writeFileSync(jsonl, '{"text":"a"}\n{"text":"b"}\n');
    expect(await run(['compare', jsonl, S1])).toEqual({ code: 2, stdout: '', stderr: `respun: ${jsonl}: compare takes one article per side, found 2\n` });
  });

  it('warns about invalid UTF-8 on stderr and still reports; --quiet silences the warning', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, Buffer.concat([readFileSync(S1), Buffer.from([0xff, 0xfe])]));
    const r = await run(['compare', S0, bad, '--format', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`respun: warning: ${bad}: not valid UTF-8; undecodable bytes replaced with U+FFFD\n`);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'rewrite' });
    expect((await run(['compare', S0, bad, '--quiet', '--fail-on', 'none'])).stderr).toBe('');
  });

  it('compares JSON articles: offsets index into their text', async () => {
    const json = join(dir, 'pair.jsonl');
    writeFileSync(json, JSON.stringify({ id: 'orig', text: readFileSync(S0, 'utf8') }) + '\n');
    const r = await run(['compare', json, S1, '--format', 'markdown', '--fail-on', 'none']);
    expect(r.stdout.split('\n')[0]).toBe(`### respun: ${S1.replace(/[_]/g, '\\_')} is a rewrite of orig`);
  });
});

describe('scan', () => {
  it('finds the seed rewrite among the seeds, as JSON Lines, with no progress bar off a terminal', async () => {
    const r = await run(['scan', SEEDS, '--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const pairs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { original: string; candidate: string; report: { verdict: string } });
    expect(pairs.map((p) => [p.original, p.candidate, p.report.verdict])).toEqual([[S0, S1, 'rewrite']]);
  });

  it('draws progress on a terminal stderr, but never with --quiet', async () => {
    const tty = await run(['scan', S0, S1, S3, '--fail-on', 'none'], { errTty: true });
    expect(tty.stderr).toContain('3/3 articles');
    expect(tty.stderr.endsWith('\r\u001b[2K')).toBe(true);
    const quiet = await run(['scan', S0, S1, S3, '--fail-on', 'none', '--quiet'], { errTty: true });
    expect(quiet.stderr).toBe('');
  });

  it('compares inputs with --against known originals only', async () => {
    const r = await run(['scan', S1, S3, '--against', S0, '--format', 'json', '--fail-on', 'none']);
    const doc = JSON.parse(r.stdout) as { articles: number; pairs: Array<{ original: string; candidate: string }>; clusters: unknown[] };
    expect(doc.articles).toBe(3);
    expect(doc.pairs.map((p) => [p.original, p.candidate])).toEqual([[S0, S1]]);
    expect(doc.clusters).toEqual([{ original: S0, rewrites: [S1] }]);
  });

  it('refuses two articles with the same id', async () => {
    const a = join(dir, 'dup.jsonl');
    writeFileSync(a, '{"id":"x","text":"a"}\n{"id":"x","text":"b"}\n');
    expect(await run(['scan', a])).toEqual({ code: 2, stdout: '', stderr: `respun: ${a}:2: duplicate article id "x" (first used by ${a}:1)\n` });
  });

  it('reports an empty scan as an empty JSON Lines stream and exits 0', async () => {
    expect(await run(['scan', S0, S3])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('texts too long to compare', () => {
  it('compare names the file', async () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, 'word '.repeat(200_001));
    const r = await run(['compare', S0, big]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^respun: ${big.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: Expected \`candidate\` to be at most 1000000 characters[^\\n]*\\n$`));
  });
  it('scan skips the article, names it and the limit on stderr, reports the rest and exits 2', async () => {
    const big = join(dir, 'big2.txt');
    writeFileSync(big, 'word '.repeat(200_001));
    const whole = await run(['scan', S0, S1, '--fail-on', 'none']);
    expect(whole.code).toBe(0);
    expect(whole.stdout).not.toBe('');
    const r = await run(['scan', S0, big, S1, '--fail-on', 'none']);
    expect(r).toEqual({ code: 2, stdout: whole.stdout, stderr: `respun: ${big}: skipped: text is 1000005 characters, more than the 1000000 respun compares\n` });
  });
  it('scan names the line of a .jsonl article it skips, even with --quiet, and counts only the articles scanned', async () => {
    const feed = join(dir, 'feed.jsonl');
    const short = JSON.stringify({ id: 'short', text: 'Kyiv said the talks would resume on Monday.' });
    writeFileSync(feed, `${short}\n${JSON.stringify({ id: 'long', text: 'x'.repeat(1_000_001) })}\n`);
    const r = await run(['scan', feed, '--format', 'json', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`respun: ${feed}:2: skipped: text is 1000001 characters, more than the 1000000 respun compares\n`);
    expect(JSON.parse(r.stdout)).toMatchObject({ articles: 1, pairs: [] });
  });
  it('scan skips an over-long --against original too, and a matched finding still exits 2', async () => {
    const big = join(dir, 'big3.txt');
    writeFileSync(big, 'a'.repeat(1_000_001));
    const failOn = ['--fail-on', 'altered-name:low,altered-number:low,altered-quote:low', '--quiet'];
    expect((await run(['scan', S1, '--against', S0, ...failOn])).code).toBe(1);
    const r = await run(['scan', S1, '--against', S0, big, ...failOn]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`respun: ${big}: skipped: text is 1000001 characters, more than the 1000000 respun compares\n`);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });
  it('a text of exactly the limit is scanned', async () => {
    const edge = join(dir, 'edge.txt');
    writeFileSync(edge, 'b'.repeat(1_000_000));
    expect(await run(['scan', S0, edge, '--fail-on', 'none'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
