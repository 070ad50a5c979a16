/**
 * Worker threads for {@link findRewrites}: a small pool that signs articles for the index
 * (`signText(text, sketch)`: the stored MinHash signature of its index features) and checks pairs (`detectRewrites`)
 * off the main thread.
 *
 * The pool only runs tasks; the order of the results is the caller's business (the pipeline in
 * `./pipeline` applies them in input order). Each task's outcome is a value or an error; an error
 * thrown in a worker comes back as the same respun error class with the same message, so a scan on
 * threads fails exactly as the one-thread scan does.
 *
 * The worker script is `worker.cjs` / `worker.mjs` beside the built bundle (dist/). Run from the
 * TypeScript sources, there is none unless the process runs under tsx (whose loader the worker
 * threads inherit), and then `worker.ts` is used; elsewhere (ts-jest) {@link workerScript} is
 * undefined and `findRewrites` runs on the calling thread.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { detectRewrites, type DetectOptions } from '../compare/detect';
import { IncompatibleSignatureError, InvalidInputError, InvalidOptionError, RespunError, StorageError } from '../errors';
import type { ResolvedSketchOptions } from '../sketch/minhash';
import type { Article, RewriteReport } from '../types';
import { signText } from './rewrite-index';

/** Marks `workerData` of a findRewrites pool worker. */
const POOL_WORKER = 'respun-find-rewrites-pool/1';

/**
 * An error crossing the thread boundary: its class name and message.
 * @example
 * const e: ErrorInfo = { name: 'InvalidInputError', message: 'Expected `original` to be…' };
 */
export interface ErrorInfo {
  /** The error's `name` (`InvalidInputError`, `TypeError`…). */
  name: string;
  /** Its message. */
  message: string;
  /** Its stack in the worker, when it had one. */
  stack?: string;
}

/**
 * Work a pool worker does.
 * - `sign`: the index signature of each text (`signText(text, sketch)`),
 *   or the error it threw; signing on the threads leaves the calling thread only the index's searches.
 * - `detect`: `detectRewrites(original, candidate, options)` when its verdict is `duplicate` or `rewrite`, else `null`.
 * @example
 * const t: PoolTask = { kind: 'sign', texts: ['Mr Biden visited Kyiv.'], sketch: new RewriteIndex().sketch };
 */
export type PoolTask =
  | { kind: 'sign'; texts: string[]; sketch: ResolvedSketchOptions }
  | { kind: 'detect'; original: Article; candidate: Article; options?: DetectOptions };

/**
 * The outcome of one text of a `sign` task: its stored signature (`null` when it has no index features).
 * @example
 * const o: SignOutcome = { signature: null }; // a text with no content words
 */
export type SignOutcome = { signature: Uint8Array | null } | { error: ErrorInfo };

/**
 * What a pool task resolves to: a `SignOutcome` per text for `sign`, a report or `null` for `detect`.
 * @example
 * const r: PoolResult = null; // an unrelated pair
 */
export type PoolResult = SignOutcome[] | RewriteReport | null;

/**
 * Where tasks run: a {@link WorkerPool}, or (in tests) anything with the same contract.
 * @example
 * const inline: TaskRunner = { run: async (t) => runTask(t), close: async () => {} };
 */
export interface TaskRunner {
  /** Run one task; rejects with the task's error (a respun error class when it is one). */
  run(task: PoolTask): Promise<PoolResult>;
  /** Stop the threads; pending tasks reject. */
  close(): Promise<void>;
}

/**
 * The error as it can cross threads (a structured clone of an Error loses its class).
 * @example
 * toErrorInfo(new InvalidInputError('x')); // { name: 'InvalidInputError', message: 'x', stack: '…' }
 */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof Error) return e.stack === undefined ? { name: e.name, message: e.message } : { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

/**
 * The error again on this side: the same respun class and message as in the worker; any other
 * error as an `Error` of the same name and message.
 * @example
 * fromErrorInfo({ name: 'InvalidInputError', message: 'x' }) instanceof InvalidInputError; // true
 */
export function fromErrorInfo(info: ErrorInfo): Error {
  const classes: Record<string, new (message: string) => RespunError> = {
    RespunError,
    InvalidInputError,
    InvalidOptionError,
    IncompatibleSignatureError,
    StorageError,
  };
  const Class = classes[info.name];
  const error = Class === undefined ? new Error(info.message) : new Class(info.message);
  if (Class === undefined && info.name !== 'Error') error.name = info.name;
  if (info.stack !== undefined) error.stack = `${error.name}: ${error.message}\n    [worker thread]\n${info.stack.split('\n').slice(1).join('\n')}`;
  return error;
}

/**
 * Only the fields of an article that `detectRewrites` may read (a structured clone copies the rest for nothing).
 * @example
 * plainArticle({ text: 'x', id: 'a', extra: 1 } as Article); // { text: 'x', id: 'a' }
 */
export function plainArticle(a: Article): Article {
  const out: Article = { text: a.text };
  for (const k of ['id', 'title', 'url', 'publishedAt'] as const) if (typeof a[k] === 'string') out[k] = a[k];
  return out;
}

/**
 * Run one task on this thread (what a worker does with each message).
 * @throws whatever `detectRewrites` throws, for a `detect` task; `sign` tasks report errors per text.
 * @example
 * runTask({ kind: 'sign', texts: ['Mr Biden visited Kyiv.'], sketch: new RewriteIndex().sketch }); // [{ signature: Uint8Array(128) }]
 */
export function runTask(task: PoolTask): PoolResult {
  if (task.kind === 'sign') {
    return task.texts.map((text): SignOutcome => {
      try {
        return { signature: signText(text, task.sketch) };
      } catch (e) {
        return { error: toErrorInfo(e) };
      }
    });
  }
  const report = detectRewrites(task.original, task.candidate, task.options);
  return report.verdict === 'duplicate' || report.verdict === 'rewrite' ? report : null;
}

/** A message from the main thread to a worker. */
interface Request {
  id: number;
  task: PoolTask;
}

/** A message from a worker. */
type Reply = { id: number; ok: true; result: PoolResult } | { id: number; ok: false; error: ErrorInfo };

/**
 * Whether `data` is the `workerData` of a pool worker.
 * @example
 * if (!isMainThread && isPoolWorkerData(workerData)) servePool(parentPort!);
 */
export function isPoolWorkerData(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { respun?: unknown }).respun === POOL_WORKER;
}

/**
 * Serve tasks on `port` until the thread is terminated (the body of the worker script).
 * @example
 * if (!isMainThread && parentPort && isPoolWorkerData(workerData)) servePool(parentPort);
 */
export function servePool(port: { on(event: 'message', listener: (m: Request) => void): unknown; postMessage(m: Reply): void }): void {
  port.on('message', (m: Request) => {
    let reply: Reply;
    try {
      reply = { id: m.id, ok: true, result: runTask(m.task) };
    } catch (e) {
      reply = { id: m.id, ok: false, error: toErrorInfo(e) };
    }
    port.postMessage(reply);
  });
}

/**
 * The pool worker script for the running code: `worker.cjs`/`worker.mjs` beside the bundle, or
 * `worker.ts` beside this source file when a tsx loader is active; undefined when there is none
 * (e.g. under ts-jest), and callers then run on the calling thread.
 * @default the file beside this module, when it exists
 * @example
 * const script = workerScript(); // '/…/node_modules/respun/dist/worker.cjs'
 */
export function workerScript(): string | undefined {
  const here = typeof __filename === 'string' ? __filename : undefined;
  if (here === undefined) return undefined;
  const dir = dirname(here);
  let candidate: string | undefined;
  if (here.endsWith('.cjs')) candidate = join(dir, 'worker.cjs');
  else if (here.endsWith('.mjs')) candidate = join(dir, 'worker.mjs');
  else if (here.endsWith('.ts') && process.execArgv.some((a) => /[\\/]tsx[\\/]/.test(a))) candidate = join(dir, 'worker.ts');
  return candidate !== undefined && existsSync(candidate) ? candidate : undefined;
}

/** A thread of the pool and its tasks in flight. */
interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (r: PoolResult) => void; reject: (e: Error) => void }>;
}

/**
 * A fixed set of worker threads taking {@link PoolTask}s from one queue, at most `depth` tasks in
 * flight per thread. Threads keep the process alive only while they have work.
 * @example
 * const pool = new WorkerPool(2, workerScript()!);
 * const [outcome] = (await pool.run({ kind: 'sign', texts: [text], sketch: index.sketch })) as SignOutcome[];
 * await pool.close();
 */
export class WorkerPool implements TaskRunner {
  private readonly slots: Slot[] = [];
  private readonly queue: Array<Request & { resolve: (r: PoolResult) => void; reject: (e: Error) => void }> = [];
  private nextId = 0;
  private failure: Error | undefined;
  private closed = false;

  /**
   * @param size - Number of threads (≥ 1).
   * @param script - The pool worker script (see {@link workerScript}).
   * @param depth - Tasks in flight per thread, so that a thread never waits for the next message.
   * @default depth 2
   */
  constructor(size: number, script: string, private readonly depth = 2) {
    for (let i = 0; i < size; i++) {
      const workerData = { respun: POOL_WORKER };
      // A TypeScript script (sources run under tsx): register tsx's require hook in the thread first.
      const worker = script.endsWith('.ts')
        ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(script)});`, { eval: true, workerData })
        : new Worker(script, { workerData });
      worker.unref();
      const slot: Slot = { worker, pending: new Map() };
      worker.on('message', (m: Reply) => this.settle(slot, m));
      worker.on('error', (e: Error) => this.fail(new RespunError(`findRewrites worker thread failed: ${e.message}`, { cause: e })));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new RespunError(`findRewrites worker thread ended unexpectedly (exit code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  /**
   * Run `task` on the next free thread.
   * @example
   * const report = await pool.run({ kind: 'detect', original, candidate }); // RewriteReport or null
   */
  run(task: PoolTask): Promise<PoolResult> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new RespunError('findRewrites worker pool is closed'));
    return new Promise<PoolResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  /** Hand queued tasks to threads with room, least loaded first. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      let best: Slot | undefined;
      for (const s of this.slots) if (s.pending.size < this.depth && (best === undefined || s.pending.size < best.pending.size)) best = s;
      if (best === undefined) return;
      const { id, task, resolve, reject } = this.queue.shift()!;
      if (best.pending.size === 0) best.worker.ref();
      best.pending.set(id, { resolve, reject });
      best.worker.postMessage({ id, task } satisfies Request);
    }
  }

  private settle(slot: Slot, m: Reply): void {
    const p = slot.pending.get(m.id);
    if (p === undefined) return;
    slot.pending.delete(m.id);
    if (slot.pending.size === 0) slot.worker.unref();
    if (m.ok) p.resolve(m.result);
    else p.reject(fromErrorInfo(m.error));
    this.dispatch();
  }

  /** A thread died: every pending and later task rejects with `error`. */
  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    for (const s of this.slots) {
      for (const p of s.pending.values()) p.reject(error);
      s.pending.clear();
      s.worker.unref();
    }
    for (const q of this.queue.splice(0)) q.reject(error);
    void this.close();
  }

  /**
   * Terminate the threads. Tasks still pending reject.
   * @example
   * await pool.close();
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = this.failure ?? new RespunError('findRewrites worker pool is closed');
    for (const s of this.slots) {
      for (const p of s.pending.values()) p.reject(error);
      s.pending.clear();
    }
    for (const q of this.queue.splice(0)) q.reject(error);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/**
 * A runner that runs tasks on the calling thread until `after` texts have been sent for signing,
 * then starts its pool (`start()`) and sends everything there: a short scan never pays for
 * starting threads (about 65 ms of CPU each, measured), a long one gets them after its first
 * articles. Where a task runs never changes its result.
 * @default after 64
 * @example
 * const runner = new StartWhenBusy(() => new WorkerPool(2, script));
 */
export class StartWhenBusy implements TaskRunner {
  private pool: TaskRunner | undefined;
  private texts = 0;

  /**
   * @param start - Makes the pool, once.
   * @param after - Texts handled on the calling thread before the pool is started.
   */
  constructor(
    private readonly start: () => TaskRunner,
    private readonly after = 64,
  ) {}

  /** Whether the pool has been started. */
  get started(): boolean {
    return this.pool !== undefined;
  }

  /**
   * Run `task` here or on the pool.
   * @example
   * await runner.run({ kind: 'sign', texts: [text], sketch: index.sketch });
   */
  run(task: PoolTask): Promise<PoolResult> {
    if (this.pool === undefined && task.kind === 'sign') {
      this.texts += task.texts.length;
      if (this.texts > this.after) this.pool = this.start();
    }
    if (this.pool !== undefined) return this.pool.run(task);
    try {
      return Promise.resolve(runTask(task));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Stop the pool, if it was started.
   * @example
   * await runner.close();
   */
  close(): Promise<void> {
    return this.pool === undefined ? Promise.resolve() : this.pool.close();
  }
}
