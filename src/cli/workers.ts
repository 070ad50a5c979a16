/**
 * Superseded: `respun scan --workers N` now runs every scan (with or without `--against`) on
 * findRewrites' own pool (src/index/pool.ts), and src/cli/program.ts no longer calls
 * {@link scanAgainstInWorkers}. Kept because src/cli/main.ts still starts {@link runScanJob} for a
 * thread given a scan job; both can go together.
 *
 * What it did: the inputs split into N contiguous chunks,
 * each scanned against the known originals by `findRewrites` in its own worker thread.
 *
 * With `against`, inputs are never compared with each other, so chunking changes
 * nothing but speed: the pairs of each chunk come in input order, and the chunks are
 * joined in input order, exactly as one `findRewrites` call would give them. Without
 * `against`, every article is compared with the ones before it, which does not split;
 * such scans run on one thread.
 */
import { Worker, parentPort } from 'node:worker_threads';
import { InvalidInputError, InvalidOptionError, RespunError } from '../errors';
import { findRewrites } from '../index/find-rewrites';
import type { ScanPair } from '../report/json';
import type { Article } from '../types';

/** What the main thread sends a worker (as `workerData`). */
export interface ScanJob {
  /** Marks the data as a respun scan job. */
  respun: 'scan-against';
  /** The chunk of input articles. */
  articles: Array<Article & { id: string }>;
  /** The known originals. */
  against: Array<Article & { id: string }>;
  /** `findRewrites`' threshold, if given. */
  threshold?: number;
}

/** What a worker sends back. */
type WorkerMessage =
  | { type: 'progress'; done: number }
  | { type: 'pair'; pair: ScanPair }
  | { type: 'done' }
  | { type: 'error'; name: string; message: string };

/**
 * Whether `data` is a scan job (so a worker thread started on the CLI bundle knows its role).
 * @example
 * if (!isMainThread && isScanJob(workerData)) await runScanJob(workerData);
 */
export function isScanJob(data: unknown): data is ScanJob {
  return typeof data === 'object' && data !== null && (data as { respun?: unknown }).respun === 'scan-against';
}

/**
 * Runs a scan job inside a worker thread, posting progress, pairs and the end to the parent.
 * @example
 * if (!isMainThread && isScanJob(workerData)) void runScanJob(workerData);
 */
export async function runScanJob(job: ScanJob): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('runScanJob must run in a worker thread');
  const post = (m: WorkerMessage): void => port.postMessage(m);
  try {
    function* counted(): Generator<Article & { id: string }> {
      for (let i = 0; i < job.articles.length; i++) {
        yield job.articles[i]!;
        post({ type: 'progress', done: i + 1 });
      }
    }
    const options = { against: job.against, ...(job.threshold === undefined ? {} : { threshold: job.threshold }) };
    for await (const pair of findRewrites(counted(), options)) post({ type: 'pair', pair });
    post({ type: 'done' });
  } catch (e) {
    post({ type: 'error', name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) });
  }
}

/** Splits `n` items into at most `parts` contiguous, near-equal, non-empty ranges. */
export function chunkRanges(n: number, parts: number): Array<[number, number]> {
  const k = Math.max(1, Math.min(parts, n));
  const out: Array<[number, number]> = [];
  for (let i = 0; i < k; i++) {
    const start = Math.floor((i * n) / k);
    const end = Math.floor(((i + 1) * n) / k);
    if (end > start) out.push([start, end]);
  }
  return out;
}

/** Only the fields an article needs in a worker (structured clone copies the rest for nothing). */
function plain(a: Article & { id: string }): Article & { id: string } {
  const out: Article & { id: string } = { id: a.id, text: a.text };
  for (const k of ['title', 'url', 'publishedAt'] as const) if (a[k] !== undefined) out[k] = a[k];
  return out;
}

/**
 * Scans `articles` against `against` in `workers` threads started on `script` (the CLI bundle),
 * giving the pairs in the order one `findRewrites` call would.
 * @throws the first worker's error, as the same respun error class when it is one.
 * @example
 * const pairs = await scanAgainstInWorkers(articles, originals, { workers: 4, script: __filename });
 */
export async function scanAgainstInWorkers(
  articles: ReadonlyArray<Article & { id: string }>,
  against: ReadonlyArray<Article & { id: string }>,
  options: { workers: number; script: string; threshold?: number; onProgress?: (done: number, total: number) => void },
): Promise<ScanPair[]> {
  const ranges = chunkRanges(articles.length, options.workers);
  const done = ranges.map(() => 0);
  const knownOriginals = against.map(plain);
  const runs = ranges.map(
    ([start, end], w) =>
      new Promise<ScanPair[]>((resolve, reject) => {
        const job: ScanJob = {
          respun: 'scan-against',
          articles: articles.slice(start, end).map(plain),
          against: knownOriginals,
          ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
        };
        const worker = new Worker(options.script, { workerData: job });
        const pairs: ScanPair[] = [];
        let settled = false;
        const finish = (error?: Error): void => {
          if (settled) return;
          settled = true;
          if (error) reject(error);
          else resolve(pairs);
          void worker.terminate();
        };
        worker.on('message', (m: WorkerMessage) => {
          if (m.type === 'progress') {
            done[w] = m.done;
            options.onProgress?.(
              done.reduce((a, b) => a + b, 0),
              articles.length,
            );
          } else if (m.type === 'pair') pairs.push(m.pair);
          else if (m.type === 'done') finish();
          else finish(m.name === 'InvalidInputError' ? new InvalidInputError(m.message) : m.name === 'InvalidOptionError' ? new InvalidOptionError(m.message) : new RespunError(`worker: ${m.message}`));
        });
        worker.on('error', (e) => finish(e));
        // After 'done' the promise is settled and this is a no-op; before it, any exit lost work.
        worker.on('exit', (code) => finish(new RespunError(`worker thread ended before its chunk was scanned (exit code ${code})`)));
      }),
  );
  return (await Promise.all(runs)).flat();
}
