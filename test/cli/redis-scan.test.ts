/**
 * `respun scan --redis URL --namespace NS` against a real, throwaway redis-server:
 * an article indexed by one run is found again, and reported on, by the next.
 * Skipped when redis-server is missing, except under CI=true (the helper throws).
 */
import { join } from 'node:path';
import { runCli, type CliIo } from '../../src/cli/program';
import { startRedis, type RedisServer } from '../helpers/redis-server';

const SEEDS = join(__dirname, '..', '..', 'fixtures', 'seeds');
const S0 = join(SEEDS, '000_a267aa29c8143298.txt');
const S1 = join(SEEDS, '001_04a6fa0171dea636.txt');
const S2 = join(SEEDS, '002_345e56f4d08bf12d.txt');
const S3 = join(SEEDS, '003_5ed7d5f4475564e4.txt');

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => Buffer.alloc(0),
    env: {},
  };
  return { code: await runCli(argv, io), stdout, stderr };
}

const pairsOf = (stdout: string): string[][] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const p = JSON.parse(l) as { original: string; candidate: string };
      return [p.original, p.candidate];
    });

let server: RedisServer | undefined;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

describe('scan --redis', () => {
  it('finds in a later run the original indexed by an earlier one', async () => {
    if (!server) return console.warn('redis-server not installed: scan --redis test skipped');
    const first = await run(['scan', S0, S3, '--redis', server.url, '--namespace', 'cli-test', '--fail-on', 'none']);
    expect(first).toEqual({ code: 0, stdout: '', stderr: '' });
    const second = await run(['scan', S1, S2, '--redis', server.url, '--namespace', 'cli-test', '--fail-on', 'none']);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(pairsOf(second.stdout)).toEqual([[S0, S1]]);
    // The HTML report of a later run shows the earlier run's article, read back from Redis.
    const html = await run(['scan', S1, '--redis', server.url, '--namespace', 'cli-test', '--format', 'html', '--fail-on', 'none']);
    expect(html.code).toBe(0);
    expect(html.stdout).toContain('Ukraine kept pounding the Russian border region of Kursk');
    // Another namespace is another index.
    const other = await run(['scan', S1, '--redis', server.url, '--namespace', 'cli-other', '--fail-on', 'none']);
    expect(other).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('a rerun of the same scan reports the same pairs, each once', async () => {
    if (!server) return console.warn('redis-server not installed: scan --redis test skipped');
    const argv = ['scan', S0, S3, S1, S2, '--redis', server.url, '--namespace', 'cli-rerun', '--fail-on', 'none'];
    const first = await run(argv);
    expect(first.code).toBe(0);
    expect(pairsOf(first.stdout)).toEqual([[S0, S1]]);
    // Rerun: every input is stored already; each is still compared only with the inputs before it.
    expect(await run(argv)).toEqual(first);
  });

  it('exits 2 with one line when Redis cannot be reached or the namespace is bad', async () => {
    if (!server) return console.warn('redis-server not installed: scan --redis test skipped');
    const url = 'redis://127.0.0.1:1';
    expect(await run(['scan', S1, '--redis', url, '--namespace', 'x'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'respun: Redis connect failed (redis 127.0.0.1:1 namespace x) after 6 tries: ECONNREFUSED\n',
    });
    const bad = await run(['scan', S1, '--redis', server.url, '--namespace', 'a:b']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^respun: --namespace: Expected `namespace` to be 1 to 64 letters[^\n]*\n$/);
  });
});
