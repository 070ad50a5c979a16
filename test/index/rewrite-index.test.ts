import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { InvalidInputError, InvalidOptionError } from '../../src/errors';
import { MemoryStorage } from '../../src/index/memory-storage';
import { RewriteIndex, indexFeatureHashes } from '../../src/index/rewrite-index';
import { prepare } from '../../src/text/prepare';
import { lshParams } from '../../src/sketch/lsh-params';
import { QUERY, articles } from './storage-contract';

const SEEDS = join(__dirname, '../../fixtures/seeds');
const seed = (n: string) => readFileSync(join(SEEDS, readdirSync(SEEDS).find((f) => f.startsWith(n))!), 'utf8');

describe('RewriteIndex options', () => {
  test('defaults: threshold 0.2, 256 values, seed 1, bands and rows from lshParams', () => {
    const { bands, rows } = lshParams(0.2, 256);
    expect(new RewriteIndex().params).toEqual({ threshold: 0.2, numPerm: 256, seed: 1, bands, rows });
  });

  test.each([
    [{ threshold: 0 }, /Expected `threshold` to be a number in \(0, 1\), got 0 \(number\)/],
    [{ threshold: 1 }, /`threshold`/],
    [{ threshold: '0.3' }, /`threshold`.*"0.3" \(string\)/],
    [{ threshold: Number.NaN }, /`threshold`/],
    [{ numPerm: 1 }, /Expected `numPerm` to be an integer from 2 to 1024, got 1 \(number\)/],
    [{ numPerm: 100.5 }, /`numPerm`/],
    [{ numPerm: 2048 }, /`numPerm`/],
    [{ seed: -1 }, /Expected `seed` to be an integer from 0 to 2\^32 − 1, got -1 \(number\)/],
    [{ bands: 4 }, /`bands` and `rows` to be given together, got only `bands`/],
    [{ rows: 4 }, /got only `rows`/],
    [{ bands: 40, rows: 7 }, /Expected `bands` × `rows` to be at most `numPerm` \(256\), got 40 × 7 = 280/],
    [{ numPerm: 64, bands: 20, rows: 4 }, /at most `numPerm` \(64\), got 20 × 4 = 80/],
    [{ bands: 0, rows: 4 }, /`bands` to be a positive integer/],
    [{ storage: {} }, /Expected `storage` to be an IndexStorage/],
    [{ storage: null }, /`storage`/],
  ])('%o is refused with a message naming the option', (options, message) => {
    expect(() => new RewriteIndex(options as never)).toThrow(InvalidOptionError);
    expect(() => new RewriteIndex(options as never)).toThrow(message);
  });

  test('options must be an object', () => {
    expect(() => new RewriteIndex(5 as never)).toThrow(/`options` to be an object, got 5 \(number\)/);
  });

  test('explicit bands and rows are used', () => {
    expect(new RewriteIndex({ bands: 16, rows: 8 }).params).toMatchObject({ bands: 16, rows: 8 });
  });

  test('an index reopened over the same storage with other parameters is refused', async () => {
    const storage = new MemoryStorage();
    await new RewriteIndex({ storage }).add('a', 'Kyiv took 74 villages.');
    await expect(new RewriteIndex({ storage, numPerm: 64 }).size()).rejects.toThrow(/built with numPerm 256, got 64/);
    await expect(new RewriteIndex({ storage, threshold: 0.5 }).size()).rejects.toThrow(/built with bands/);
    await expect(new RewriteIndex({ storage }).size()).resolves.toBe(1);
  });
});

describe('RewriteIndex', () => {
  test('add, query best first, has, size, remove', async () => {
    const index = new RewriteIndex({ threshold: 0.3 });
    for (const [id, text] of articles()) expect(await index.add(id, { text })).toBe(true);
    expect(await index.size()).toBe(4);
    const hits = await index.query(QUERY);
    expect(hits.map((h) => h.id)).toEqual(['ferry']);
    expect(hits[0]!.similarity).toBeGreaterThanOrEqual(0.3);
    expect(await index.has('ferry')).toBe(true);
    expect(await index.remove('ferry')).toBe(true);
    expect(await index.remove('ferry')).toBe(false);
    expect(await index.has('ferry')).toBe(false);
    expect(await index.query(QUERY)).toEqual([]);
    expect(await index.size()).toBe(3);
  });

  test('adding an id twice keeps the first article and resolves to false', async () => {
    const index = new RewriteIndex();
    expect(await index.add('x', seed('000'))).toBe(true);
    expect(await index.add('x', seed('002'))).toBe(false);
    expect((await index.query(seed('000')))[0]).toEqual({ id: 'x', similarity: 1 });
  });

  test('the seed rewrite is found; related coverage of the same story scores lower', async () => {
    const index = new RewriteIndex();
    await index.addMany([
      ['000', seed('000')],
      ['002', seed('002')],
      ['003', { text: seed('003') }],
    ]);
    const hits = await index.query(seed('001'), { minSimilarity: 0 });
    expect(hits[0]?.id).toBe('000');
    for (const h of hits.slice(1)) expect(h.similarity).toBeLessThan(hits[0]!.similarity);
  });

  test('addMany takes async iterables and counts new ids', async () => {
    const index = new RewriteIndex();
    async function* entries() {
      for (const [id, text] of articles()) yield [id, text] as const;
      yield ['ferry', 'again'] as const;
    }
    expect(await index.addMany(entries())).toBe(4);
    expect(await index.size()).toBe(4);
  });

  test('ties are broken by id, so results are deterministic', async () => {
    const index = new RewriteIndex();
    await index.addMany([['b', seed('000')], ['a', seed('000')], ['c', seed('000')]]);
    expect(await index.query(seed('000'))).toEqual([
      { id: 'a', similarity: 1 },
      { id: 'b', similarity: 1 },
      { id: 'c', similarity: 1 },
    ]);
  });

  test('empty and blank articles are stored but never match', async () => {
    const index = new RewriteIndex();
    expect(await index.add('empty', '')).toBe(true);
    expect(await index.add('blank', { text: '  \n ' })).toBe(true);
    expect(await index.query('')).toEqual([]);
    expect(await index.size()).toBe(2);
    expect(await index.remove('empty')).toBe(true);
  });

  test.each([
    [(i: RewriteIndex) => i.add('', 'x'), /`id` to be a non-empty string, got "" \(string\)/],
    [(i: RewriteIndex) => i.add(5 as never, 'x'), /`id` to be a non-empty string, got 5 \(number\)/],
    [(i: RewriteIndex) => i.add('a', 5 as never), /`article` to be a string or an Article/],
    [(i: RewriteIndex) => i.add('a', { title: 'x' } as never), /`article.text` to be a string, got undefined/],
    [(i: RewriteIndex) => i.query(null as never), /`article` to be a string or an Article/],
    [(i: RewriteIndex) => i.addMany(5 as never), /`entries` to be an iterable/],
    [(i: RewriteIndex) => i.addMany([['a']] as never), /`entries\[0\]` to be an \[id, article\] pair/],
    [(i: RewriteIndex) => i.addMany([['a', 'x'], ['', 'y']]), /`entries\[1\]\[0\]` to be a non-empty string/],
  ])('bad input is refused (%#)', async (call, message) => {
    await expect(call(new RewriteIndex())).rejects.toThrow(InvalidInputError);
    await expect(call(new RewriteIndex())).rejects.toThrow(message);
  });

  test('query options are checked', async () => {
    await expect(new RewriteIndex().query('x', { minSimilarity: 2 })).rejects.toThrow(/`minSimilarity` to be a number in \[0, 1\], got 2 \(number\)/);
  });

  test('a text always finds itself, with similarity 1, whatever it is', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('Kyiv', 'Biden', 'took', '74', 'villages', 'said', 'the', 'Kremlin', 'dilemma', 'border'), { minLength: 1, maxLength: 30 }), async (words) => {
        const text = words.join(' ') + '.';
        const index = new RewriteIndex();
        await index.add('self', text);
        const expected = indexFeatureHashes(prepare(text)).length === 0 ? [] : [{ id: 'self', similarity: 1 }];
        expect(await index.query(text)).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});
