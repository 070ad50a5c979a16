/**
 * `respun scan --redis` when Redis fails, against a real redis-server: down from the start, killed in
 * the middle of a scan (exit 2, one error line), and restarted from its append-only file, after which
 * a rerun of the same scan stores each article once and reports the same pairs as an uninterrupted run.
 * Skipped when redis-server is missing, except under CI=true (the helper throws).
 */
import { join } from 'node:path';
import Redis from 'ioredis';
import { runCli, type CliIo } from '../../src/cli/program';
import { closedPort, startRedis, type RedisServer } from '../helpers/redis-server';

const SEEDS = join(__dirname, '..', '..', 'fixtures', 'seeds');
const FILES = ['000_a267aa29c8143298.txt', '001_04a6fa0171dea636.txt', '002_345e56f4d08bf12d.txt', '003_5ed7d5f4475564e4.txt', '004_b2fd3a351b08d226.txt'].map((f) =>
  join(SEEDS, f),
);

/** Runs the CLI in-process; `onStderr` sees every chunk written to stderr (a terminal, so the progress bar draws). */
async function run(argv: string[], onStderr: (chunk: string) => void = () => undefined): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: {
      write: (s: string) => {
        stderr += s;
        onStderr(s);
      },
      isTTY: true,
      columns: 80,
    },
    readStdin: async () => Buffer.alloc(0),
    env: {},
  };
  return { code: await runCli(argv, io), stdout, stderr };
}

/** stderr without the progress bar's redraws. */
const lines = (stderr: string): string[] => stderr.split('\n').map((l) => l.replace(/^[\s\S]*\r\u001b\[2K/, '')).filter(Boolean);

let server: RedisServer | undefined;
beforeAll(async () => {
  server = await startRedis(['--appendonly', 'yes', '--appendfsync', 'always']);
});
afterAll(async () => {
  await server?.stop();
});

const itRedis = (name: string, fn: () => Promise<void>) =>
  test(name, async () => {
    if (server === undefined) return console.warn(`skipped (redis-server not installed): ${name}`);
    await fn();
  });

itRedis('a server down from the start: exit 2, one line naming the address and namespace, nothing on stdout', async () => {
  const port = await closedPort();
  const r = await run(['scan', ...FILES, '--redis', `redis://127.0.0.1:${port}`, '--namespace', 'down', '--quiet']);
  expect(r).toEqual({ code: 2, stdout: '', stderr: `respun: Redis connect failed (redis 127.0.0.1:${port} namespace down) after 6 tries: ECONNREFUSED\n` });
});

itRedis('killed mid-scan: exit 2 with one error line; after a restart a rerun stores each article once and reports the same pairs as an uninterrupted run', async () => {
  const base = ['--redis', server!.url, '--fail-on', 'none'];
  const whole = await run(['scan', ...FILES, ...base, '--namespace', 'whole', '--quiet']);
  expect(whole.code).toBe(0);
  expect(whole.stdout).not.toBe('');

  // The progress bar draws after the first article is stored: kill the server then.
  let killed = false;
  const broken = await run(['scan', ...FILES, ...base, '--namespace', 'broken'], (chunk) => {
    if (!killed && chunk.includes('1/5')) {
      killed = true;
      void server!.kill();
    }
  });
  expect(killed).toBe(true);
  expect(broken.code).toBe(2);
  expect(broken.stdout).toBe('');
  const errors = lines(broken.stderr);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(new RegExp(`^respun: Redis \\w+ failed \\(redis 127\\.0\\.0\\.1:${server!.port} namespace broken\\) after 6 tries: ECONNREFUSED$`));

  await server!.restart();
  const admin = new Redis(server!.port, server!.host);
  try {
    // The append-only file kept what the broken run stored: the first article, maybe part of the second.
    expect(await admin.zcard('respun:{broken}:ids')).toBeGreaterThanOrEqual(1);
    const rerun = await run(['scan', ...FILES, ...base, '--namespace', 'broken', '--quiet']);
    expect(rerun).toEqual(whole);
    for (const ns of ['whole', 'broken']) {
      expect((await admin.zrange(`respun:{${ns}}:ids`, '0', '-1')).sort()).toEqual([...FILES].sort());
      expect((await admin.keys(`respun:{${ns}}:article:*`)).length).toBe(FILES.length);
    }
  } finally {
    admin.disconnect();
  }
});
