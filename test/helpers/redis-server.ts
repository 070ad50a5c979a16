/**
 * A real, throwaway `redis-server` for tests: started on a free loopback port
 * in a temporary directory, without persistence, and stopped (directory
 * removed) afterwards. Tests talk to it through real clients, never mocks.
 *
 * When `redis-server` is not installed, {@link startRedis} resolves to
 * `undefined` so that suites can skip, except under `CI=true`, where it
 * throws: CI installs Redis, so a missing binary there is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running server. */
export interface RedisServer {
  /** Loopback address. */
  host: string;
  /** Port it listens on. */
  port: number;
  /** `redis://host:port`. */
  url: string;
  /** Stop the server and remove its directory. */
  stop(): Promise<void>;
  /** Kill the server at once (SIGKILL, no shutdown save), keeping its directory for {@link RedisServer.restart}. */
  kill(): Promise<void>;
  /** Start the server again on the same port, directory and arguments (after {@link RedisServer.kill}). */
  restart(): Promise<void>;
}

/**
 * A loopback port nothing listens on (taken from the OS, then released).
 * @example
 * const url = `redis://127.0.0.1:${await closedPort()}`;
 */
export async function closedPort(): Promise<number> {
  return freePort();
}

/** Path of the `redis-server` binary, or `undefined` when it is not installed. */
export function redisServerBinary(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
}

/** A port that was free a moment ago (the OS picks it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `host:port` answers PING with PONG, rejects when the process exits first. */
async function waitReady(child: ChildProcess, host: string, port: number, log: () => string): Promise<void> {
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (let attempt = 0; attempt < 500; attempt++) {
    if (exited) throw new Error(`redis-server exited before it was ready:\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host);
      let reply = '';
      socket.setEncoding('utf8');
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (d: string) => {
        reply += d;
        if (reply.includes('\r\n')) {
          socket.destroy();
          resolve(reply.startsWith('+PONG'));
        }
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`redis-server on ${host}:${port} did not answer PING:\n${log()}`);
}

/**
 * Start a `redis-server` on a free loopback port with no persistence, in a temp directory.
 * @returns the server, or `undefined` when `redis-server` is missing (throws under `CI=true`).
 * @example
 * const server = await startRedis();
 * afterAll(() => server?.stop());
 */
export async function startRedis(extraArgs: readonly string[] = []): Promise<RedisServer | undefined> {
  const binary = redisServerBinary();
  if (binary === undefined) {
    if (process.env.CI === 'true') throw new Error('redis-server is not installed, and CI=true: the Redis tests must run in CI (apt-get install redis-server)');
    return undefined;
  }
  const host = '127.0.0.1';
  for (let attempt = 0; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'respun-redis-'));
    const port = await freePort();
    const args = ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes', ...extraArgs];
    let child: ChildProcess;
    let output = '';
    const launch = async (): Promise<void> => {
      output = '';
      const c = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      // If this process ends without calling stop(), take the server down with it.
      const onExit = () => c.kill('SIGKILL');
      process.once('exit', onExit);
      c.once('exit', () => process.removeListener('exit', onExit));
      c.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      c.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      await waitReady(c, host, port, () => output);
    };
    const end = async (signal: NodeJS.Signals): Promise<void> => {
      const c = child;
      if (c.exitCode === null && c.signalCode === null) {
        await new Promise<void>((resolve) => {
          c.once('exit', () => resolve());
          c.kill(signal);
        });
      }
    };
    const stop = async (): Promise<void> => {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      await launch();
      return { host, port, url: `redis://${host}:${port}`, stop, kill: () => end('SIGKILL'), restart: launch };
    } catch (e) {
      await stop();
      // Another process may have taken the port between the check and the bind: try another.
      if (attempt < 3 && /Address already in use/i.test(output)) continue;
      throw e;
    }
  }
}

/** A running Redis Cluster of three masters, no replicas. */
export interface RedisCluster {
  /** The nodes. */
  nodes: RedisServer[];
  /** Stop every node. */
  stop(): Promise<void>;
}

/**
 * Start a three-node Redis Cluster on free loopback ports (`redis-server --cluster-enabled yes`,
 * joined with `redis-cli --cluster create`), waiting until every slot is served.
 * @returns the cluster, or `undefined` when redis-server or redis-cli is missing (throws under `CI=true`).
 * @example
 * const cluster = await startRedisCluster();
 * const client = new Redis.Cluster(cluster.nodes.map(({ host, port }) => ({ host, port })));
 */
export async function startRedisCluster(): Promise<RedisCluster | undefined> {
  const cli = spawnSync('sh', ['-c', 'command -v redis-cli'], { encoding: 'utf8' }).stdout.trim();
  if (cli === '' || redisServerBinary() === undefined) {
    if (process.env.CI === 'true') throw new Error('redis-server or redis-cli is not installed, and CI=true: the Redis Cluster tests must run in CI');
    return undefined;
  }
  const nodes: RedisServer[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  try {
    for (let i = 0; i < 3; i++) {
      // nodes.conf goes to the server's own temp directory (relative paths are taken from --dir).
      const node = await startRedis(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000']);
      if (node === undefined) throw new Error('redis-server vanished');
      nodes.push(node);
    }
    const created = spawnSync(cli, ['--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}${created.stderr}`);
    for (let attempt = 0; ; attempt++) {
      const info = spawnSync(cli, ['-h', nodes[0]!.host, '-p', String(nodes[0]!.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout;
      const states = nodes.map((n) => spawnSync(cli, ['-h', n.host, '-p', String(n.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout);
      if (info.includes('cluster_state:ok') && states.every((st) => st.includes('cluster_state:ok'))) break;
      if (attempt > 300) throw new Error(`Redis Cluster did not become ready:\n${info}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return { nodes, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
