/**
 * The pipelined findRewrites (features and pair checks done by a task runner, i.e. worker threads)
 * against the one-thread scan: same pairs, same reports byte for byte, same errors at the same point,
 * whatever order the tasks finish in and whatever the window size. The runner here settles tasks
 * after seeded random delays and passes results and errors through a structured clone, as threads
 * do; test/index/find-rewrites-threads.test.ts runs the same comparison on real threads.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError, InvalidOptionError, StorageError } from '../../src/errors';
import { findRewrites, findRewritesWith, type FindRewritesInput, type FindRewritesOptions, type RewritePair } from '../../src/index/find-rewrites';
import { StartWhenBusy, fromErrorInfo, runTask, toErrorInfo, type PoolTask, type TaskRunner } from '../../src/index/pool';
import { RewriteIndex } from '../../src/index/rewrite-index';
import { rng } from '../../scripts/rng';

const FIXTURES = join(__dirname, '../../fixtures');

/** The seeds and every fixture pair, plus exact copies, as one corpus with many true pairs. */
function corpus(): FindRewritesInput[] {
  const seeds = readdirSync(join(FIXTURES, 'seeds')).sort();
  const articles: FindRewritesInput[] = seeds.map((f) => ({ id: `seed-${f.slice(0, 3)}`, text: readFileSync(join(FIXTURES, 'seeds', f), 'utf8') }));
  for (const dir of readdirSync(join(FIXTURES, 'pairs'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const read = (f: string) => readFileSync(join(FIXTURES, 'pairs', dir, f), 'utf8');
    articles.push({ id: `${dir}/original`, text: read('original.txt') }, { id: `${dir}/candidate`, text: read('candidate.txt') });
  }
  articles.push({ id: 'copy-of-seed-000', text: articles[0]!.text }, { id: 'empty', text: '' });
  return articles;
}

/** A runner that settles each task after a random delay (so out of order), cloning results and errors as threads would. */
function shuffledRunner(seed: number): TaskRunner & { tasks: PoolTask[]; closed: number } {
  const random = rng(seed);
  const state = {
    tasks: [] as PoolTask[],
    closed: 0,
    run(task: PoolTask) {
      state.tasks.push(task);
      const delay = Math.floor(random() * 4);
      return new Promise<ReturnType<typeof runTask>>((resolve, reject) => {
        let result: ReturnType<typeof runTask>;
        try {
          result = structuredClone(runTask(structuredClone(task)));
          // structuredClone makes typed arrays of Node's realm, not jest's: rebuild them here.
          if (Array.isArray(result)) result = result.map((o) => ('signature' in o && o.signature !== null ? { signature: new Uint8Array(o.signature) } : o));
        } catch (e) {
          const info = structuredClone(toErrorInfo(e));
          setTimeout(() => reject(fromErrorInfo(info)), delay);
          return;
        }
        setTimeout(() => resolve(result), delay);
      });
    },
    async close() {
      state.closed++;
    },
  };
  return state;
}

async function all(source: AsyncIterable<RewritePair>): Promise<string[]> {
  const out: string[] = [];
  for await (const p of source) out.push(JSON.stringify(p));
  return out;
}

/** Pairs given before the error, and the error. */
async function untilError(source: AsyncIterable<RewritePair>): Promise<{ pairs: string[]; error: unknown }> {
  const pairs: string[] = [];
  try {
    for await (const p of source) pairs.push(JSON.stringify(p));
  } catch (error) {
    return { pairs, error };
  }
  return { pairs, error: undefined };
}

describe('findRewrites pipelined over a task runner', () => {
  const articles = corpus();
  let reference: string[];
  beforeAll(async () => {
    reference = await all(findRewrites(articles, { workers: 1 }));
  });

  test('the reference finds several pairs (so the comparison below means something)', () => {
    expect(reference.length).toBeGreaterThanOrEqual(5);
    expect(reference.some((p) => p.includes('"candidate":"copy-of-seed-000"'))).toBe(true);
  });

  test.each([1, 2, 3, 8])('byte-identical pairs, in the same order, with workers %p and tasks settling out of order', async (workers) => {
    const runner = shuffledRunner(workers);
    expect(await all(findRewritesWith(runner, articles, { workers }))).toEqual(reference);
    // The work went through the runner: one signing task per batch, one detect task per candidate.
    expect(runner.tasks.flatMap((t) => (t.kind === 'sign' ? t.texts : [])).length).toBe(articles.length);
    expect(runner.tasks.some((t) => t.kind === 'detect')).toBe(true);
    expect(runner.closed).toBe(1);
  });

  test('with against, from an async source, with publishedAt deciding the original', async () => {
    const dated = articles.map((a, i) => ({ ...a, publishedAt: `2024-01-${String(28 - (i % 28)).padStart(2, '0')}` }));
    async function* stream() {
      for (const a of dated.slice(6)) yield a;
    }
    const one = await all(findRewrites(dated, { workers: 1 }));
    expect(await all(findRewritesWith(shuffledRunner(5), dated, { workers: 2 }))).toEqual(one);
    const options: FindRewritesOptions = { against: dated.slice(0, 6), workers: 1 };
    const against = await all(findRewrites(dated.slice(6), options));
    expect(against.length).toBeGreaterThan(0);
    expect(await all(findRewritesWith(shuffledRunner(6), stream(), { ...options, workers: 2 }))).toEqual(against);
  });

  test('a repeated id: the pairs before it, then the same InvalidInputError', async () => {
    const input = [...articles, { id: 'seed-001', text: 'again' }, ...articles.slice(0, 2).map((a) => ({ ...a, id: `${a.id}-later` }))];
    const one = await untilError(findRewrites(input, { workers: 1 }));
    const many = await untilError(findRewritesWith(shuffledRunner(7), input, { workers: 2 }));
    expect(one.error).toBeInstanceOf(InvalidInputError);
    expect(many.error).toBeInstanceOf(InvalidInputError);
    expect((many.error as Error).message).toBe((one.error as Error).message);
    expect(many.pairs).toEqual(one.pairs);
    expect(many.pairs).toEqual(reference);
  });

  test('a bad article, and a source that throws, fail at their turn as on one thread', async () => {
    const bad = [...articles.slice(0, 6), { text: 42 }, ...articles.slice(6)] as never;
    const one = await untilError(findRewrites(bad, { workers: 1 }));
    const many = await untilError(findRewritesWith(shuffledRunner(8), bad, { workers: 2 }));
    expect((one.error as Error).message).toMatch(/`articles\[6\].text` to be a string/);
    expect(many).toEqual(one);
    function* throwing() {
      yield* articles.slice(0, 8);
      throw new StorageError('queue lost');
    }
    const oneThrow = await untilError(findRewrites(throwing(), { workers: 1 }));
    const manyThrow = await untilError(findRewritesWith(shuffledRunner(9), throwing(), { workers: 2 }));
    expect(oneThrow.error).toBeInstanceOf(StorageError);
    expect(manyThrow).toEqual(oneThrow);
    expect((manyThrow.error as Error).message).toBe('queue lost');
  });

  test('a pair check that throws in a worker: the same error class and message, after the same pairs', async () => {
    // maxLength below the longer texts: detectRewrites refuses the first candidate pair that has one.
    const options = { detect: { maxLength: 3000 } };
    const one = await untilError(findRewrites(articles, { ...options, workers: 1 }));
    const many = await untilError(findRewritesWith(shuffledRunner(10), articles, { ...options, workers: 3 }));
    expect(one.error).toBeInstanceOf(InvalidInputError);
    expect(many.error).toBeInstanceOf(InvalidInputError);
    expect((many.error as Error).message).toBe((one.error as Error).message);
    expect(many.pairs).toEqual(one.pairs);
    // Bad detect options: InvalidOptionError at the first pair, never before.
    const badOptions = { detect: { maxLength: -1 } };
    const oneBad = await untilError(findRewrites(articles, { ...badOptions, workers: 1 }));
    const manyBad = await untilError(findRewritesWith(shuffledRunner(11), articles, { ...badOptions, workers: 2 }));
    expect(oneBad.error).toBeInstanceOf(InvalidOptionError);
    expect(manyBad.error).toBeInstanceOf(InvalidOptionError);
    expect((manyBad.error as Error).message).toBe((oneBad.error as Error).message);
    expect(manyBad.pairs).toEqual([]);
    expect(await all(findRewritesWith(shuffledRunner(12), [{ text: 'only one' }], { ...badOptions, workers: 2 }))).toEqual([]);
  });

  test('a slow consumer holds the source back: bounded read-ahead, and stopping early closes source and runner', async () => {
    let pulled = 0;
    let returned = false;
    function* endless(): Generator<FindRewritesInput> {
      try {
        for (let i = 0; ; i++) {
          pulled++;
          // Every 10th article repeats the first, so pairs keep coming.
          yield { id: `a${i}`, text: i % 10 === 0 ? articles[0]!.text : articles[1 + (i % (articles.length - 2))]!.text + ` ${i}` };
        }
      } finally {
        returned = true;
      }
    }
    const firstThree = async (source: AsyncGenerator<RewritePair>): Promise<string[]> => {
      const got: string[] = [];
      for await (const p of source) {
        got.push(JSON.stringify(p));
        if (got.length === 3) break;
      }
      return got;
    };
    const expected = await firstThree(findRewrites(endless(), { workers: 1 }));
    const pulledByOneThread = pulled;
    expect(returned).toBe(true);
    pulled = 0;
    returned = false;
    const runner = shuffledRunner(13);
    expect(await firstThree(findRewritesWith(runner, endless(), { workers: 2 }))).toEqual(expected);
    // Read-ahead: a window of max(4, workers) × 4 × 8 = 128 articles beyond the one being processed,
    // which itself runs ahead of the pairs given only while pair checks are in flight (16 at most).
    // The source is endless: reading stops because the generator waits at its yield.
    expect(pulled).toBeGreaterThan(pulledByOneThread);
    expect(pulled).toBeLessThanOrEqual(pulledByOneThread + 2 * 128);
    expect(returned).toBe(true);
    expect(runner.closed).toBe(1);
  });
});

describe('findRewrites workers option', () => {
  test.each([0, -1, 1.5, Number.NaN, '2'])('workers %p is refused at the call', (workers) => {
    const call = () => findRewrites([], { workers: workers as never });
    expect(call).toThrow(InvalidOptionError);
    expect(call).toThrow(/`workers` to be a whole number ≥ 1/);
  });

  test('under ts-jest there is no worker script, so any workers value runs on this thread with the same result', async () => {
    const articles = corpus();
    expect(await all(findRewrites(articles, { workers: 4 }))).toEqual(await all(findRewrites(articles, { workers: 1 })));
  });
});

describe('errors crossing threads', () => {
  test.each([new InvalidInputError('bad input'), new InvalidOptionError('bad option'), new StorageError('gone')])('%p keeps its class and message', (e) => {
    const back = fromErrorInfo(structuredClone(toErrorInfo(e)));
    expect(back).toBeInstanceOf(e.constructor as new () => Error);
    expect(back.name).toBe(e.name);
    expect(back.message).toBe(e.message);
  });

  test('other errors keep their name and message', () => {
    const back = fromErrorInfo(toErrorInfo(new TypeError('x is not a function')));
    expect(back.name).toBe('TypeError');
    expect(back.message).toBe('x is not a function');
    expect(fromErrorInfo(toErrorInfo('thrown string')).message).toBe('thrown string');
  });
});

describe('StartWhenBusy', () => {
  function fakePool() {
    return {
      tasks: 0,
      closed: 0,
      async run(task: PoolTask) {
        this.tasks++;
        return runTask(task);
      },
      async close() {
        this.closed++;
      },
    };
  }

  test('runs on this thread until more than `after` texts came, then starts the pool once and sends everything there', async () => {
    const pools: Array<ReturnType<typeof fakePool>> = [];
    const runner = new StartWhenBusy(() => {
      const p = fakePool();
      pools.push(p);
      return p;
    }, 10);
    const texts = Array.from({ length: 5 }, (_, i) => `Text ${i} about the harbour.`);
    const sketch = new RewriteIndex().sketch;
    expect(await runner.run({ kind: 'sign', texts, sketch })).toEqual(runTask({ kind: 'sign', texts, sketch }));
    await runner.run({ kind: 'sign', texts, sketch });
    expect(runner.started).toBe(false);
    await expect(runner.run({ kind: 'detect', original: { text: 'a' }, candidate: { text: 'b' }, options: { maxLength: -1 } })).rejects.toThrow(InvalidOptionError);
    expect(pools).toHaveLength(0);
    await runner.run({ kind: 'sign', texts: ['one more'], sketch });
    expect(runner.started).toBe(true);
    await runner.run({ kind: 'sign', texts, sketch });
    await runner.run({ kind: 'detect', original: { text: 'a' }, candidate: { text: 'b' } });
    expect(pools).toHaveLength(1);
    expect(pools[0]!.tasks).toBe(3);
    await runner.close();
    expect(pools[0]!.closed).toBe(1);
  });

  test('a short scan never starts the pool', async () => {
    let started = 0;
    const runner = new StartWhenBusy(() => {
      started++;
      return fakePool();
    });
    expect(await all(findRewritesWith(runner, corpus(), { workers: 2 }))).toEqual(await all(findRewrites(corpus(), { workers: 1 })));
    expect(started).toBe(0);
  });
});
