/**
 * The script of a {@link WorkerPool} thread (built to dist/worker.cjs and dist/worker.mjs): it serves
 * signing and pair-check tasks for `findRewrites`. Loaded on the main thread, or in a thread
 * that is not a pool worker, it does nothing.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { isPoolWorkerData, servePool } from './pool';

if (!isMainThread && parentPort !== null && isPoolWorkerData(workerData)) servePool(parentPort);
