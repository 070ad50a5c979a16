/**
 * A separate process for the Redis tests: `add` puts every worker document into
 * the index (in input order, or reversed with order 1) and prints how many were
 * new; `query` opens the index afresh and prints the hits for a query text.
 * Usage: tsx redis-worker.ts add|query <redis url> <namespace> <order> <count> <query text>
 */
import Redis from 'ioredis';
import { RedisStorage } from '../../src/index/redis-storage';
import { RewriteIndex } from '../../src/index/rewrite-index';
import { workerDocs } from './storage-contract';

async function main(): Promise<void> {
  const [mode, url, namespace, order, count, query] = process.argv.slice(2);
  const client = new Redis(url!);
  try {
    const index = new RewriteIndex({ storage: new RedisStorage({ client, namespace: namespace! }), threshold: 0.3 });
    if (mode === 'add') {
      const docs = workerDocs(Number(count));
      if (order === '1') docs.reverse();
      const added = await index.addMany(docs);
      process.stdout.write(JSON.stringify({ added }));
    } else {
      process.stdout.write(JSON.stringify({ hits: await index.query(query!) }));
    }
  } finally {
    client.disconnect();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});
