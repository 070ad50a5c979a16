/**
 * RedisStorage against a real three-node Redis Cluster, through ioredis's Cluster and
 * node-redis's createCluster: the key layout keeps each index in one slot, so every script and
 * MGET is legal (the contract suite, run through both cluster clients).
 */
import Redis, { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { RedisStorage } from '../../src/index/redis-storage';
import { startRedisCluster, type RedisCluster } from '../helpers/redis-server';
import { storageContract } from './storage-contract';

let cluster: RedisCluster | undefined;
let io: Cluster | undefined;
let node: ReturnType<typeof createCluster> | undefined;
let namespaces = 0;

beforeAll(async () => {
  cluster = await startRedisCluster();
  if (cluster === undefined) return;
  io = new Redis.Cluster(cluster.nodes.map(({ host, port }) => ({ host, port })));
  node = createCluster({ rootNodes: cluster.nodes.map((n) => ({ url: n.url })) });
  await node.connect();
});

afterAll(async () => {
  io?.disconnect();
  await node?.quit();
  await cluster?.stop();
});

/** Keys of a namespace other than its parameters, gathered from every node. */
async function keysOf(namespace: string): Promise<string[]> {
  const all: string[] = [];
  for (const n of cluster!.nodes) {
    const c = new Redis(n.port, n.host);
    all.push(...(await c.keys(`respun:{${namespace}}:*`)));
    c.disconnect();
  }
  return all.filter((k) => !k.endsWith(':meta')).sort();
}

storageContract('Redis Cluster via ioredis 6', () =>
  cluster === undefined ? undefined : { make: async () => new RedisStorage({ client: io!, namespace: `io-${++namespaces}` }), leftovers: async (s) => keysOf((s as RedisStorage).namespace) },
);
storageContract('Redis Cluster via node-redis 6', () =>
  cluster === undefined ? undefined : { make: async () => new RedisStorage({ client: node!, namespace: `node-${++namespaces}` }), leftovers: async (s) => keysOf((s as RedisStorage).namespace) },
);
