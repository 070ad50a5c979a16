import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { InvalidInputError, InvalidOptionError } from '../../src/errors';
import { MemoryStorage } from '../../src/index/memory-storage';
import { RewriteIndex, indexFeatureHashes, signText, storedSignature } from '../../src/index/rewrite-index';
import { COMMON_STEMS, INDEX_IMMUTABLE_TAGS, contentHashes } from '../../src/sketch/features';
import type { IndexStorage } from '../../src/index/storage';
import { prepare } from '../../src/text/prepare';
import { lshParams } from '../../src/sketch/lsh-params';
import { QUERY, articles } from './storage-contract';

const SEEDS = join(__dirname, '../../fixtures/seeds');
const seed = (n: string) => readFileSync(join(SEEDS, readdirSync(SEEDS).find((f) => f.startsWith(n))!), 'utf8');

describe('RewriteIndex options', () => {
  test('defaults: threshold 0.3, 128 values, seed 1, bands and rows from lshParams (37 of 3)', () => {
    const { bands, rows } = lshParams(0.3, 128);
    expect({ bands, rows }).toEqual({ bands: 37, rows: 3 });
    expect(new RewriteIndex().params).toEqual({ threshold: 0.3, numPerm: 128, seed: 1, bands, rows });
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
    [{ bands: 40, rows: 7 }, /Expected `bands` × `rows` to be at most `numPerm` \(128\), got 40 × 7 = 280/],
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

  test('an index written in the earlier layout (four bytes a value, hashed keys) is refused, not misread', async () => {
    const storage = new MemoryStorage();
    const { bands, rows } = lshParams(0.2, 128);
    await storage.open({ format: 'respun-index/1', features: 'content/1', numPerm: 128, seed: 1, bands, rows });
    await expect(new RewriteIndex({ storage }).size()).rejects.toThrow(InvalidOptionError);
    await expect(new RewriteIndex({ storage }).add('a', 'Kyiv took 74 villages.')).rejects.toThrow(
      /built with format respun-index\/1, got respun-index\/2: it was written by another version of respun/,
    );
  });

  test('an index reopened over the same storage with other parameters is refused', async () => {
    const storage = new MemoryStorage();
    await new RewriteIndex({ storage }).add('a', 'Kyiv took 74 villages.');
    await expect(new RewriteIndex({ storage, numPerm: 64 }).size()).rejects.toThrow(/built with numPerm 128, got 64/);
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

  test('the storage gets one byte a value and bucket keys made of each band\'s bytes in hex', async () => {
    const calls: Array<{ buckets: readonly string[]; signature: Uint8Array }> = [];
    const storage = new MemoryStorage();
    const spy: IndexStorage = {
      description: storage.description,
      open: (meta) => storage.open(meta),
      insert: (id, buckets, signature) => {
        calls.push({ buckets, signature });
        return storage.insert(id, buckets, signature);
      },
      lookup: (buckets) => storage.lookup(buckets),
      signatures: (ids) => storage.signatures(ids),
      remove: (id) => storage.remove(id),
      has: (id) => storage.has(id),
      size: () => storage.size(),
    };
    const index = new RewriteIndex({ storage: spy });
    await index.add('seed', seed('000'));
    await index.add('empty', '');
    const [{ buckets, signature }, empty] = calls as [(typeof calls)[0], (typeof calls)[0]];
    expect(signature).toHaveLength(128);
    // 37 bands of 3 rows: the last 128 − 111 = 17 values are in no band.
    expect(buckets).toHaveLength(37);
    buckets.forEach((key, b) => {
      const bytes = [signature[3 * b]!, signature[3 * b + 1]!, signature[3 * b + 2]!];
      expect(key).toBe(`${b}.${bytes.map((v) => v.toString(16).padStart(2, '0')).join('')}`);
    });
    // Bytes are spread over 0–255 (low bytes of MinHash values), not all small.
    expect(new Set(signature).size).toBeGreaterThan(64);
    expect(empty!.buckets).toEqual([]);
  });

  test('the memory storage\'s in-place comparison answers exactly like the general lookup + signatures path', async () => {
    const storage = new MemoryStorage();
    // Only the IndexStorage methods: RewriteIndex cannot take the memory storage's shortcut.
    const plain: IndexStorage = {
      description: storage.description,
      open: (meta) => storage.open(meta),
      insert: (id, buckets, signature) => storage.insert(id, buckets, signature),
      lookup: (buckets) => storage.lookup(buckets),
      signatures: (ids) => storage.signatures(ids),
      remove: (id) => storage.remove(id),
      has: (id) => storage.has(id),
      size: () => storage.size(),
    };
    const fast = new RewriteIndex({ storage });
    const general = new RewriteIndex({ storage: plain });
    const texts = [...readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(SEEDS, f), 'utf8')), ...articles().map(([, t]) => t), QUERY];
    for (const [i, text] of texts.entries()) await fast.add(`doc ${i}`, text);
    await fast.remove('doc 1');
    let compared = 0;
    for (const text of texts) {
      const expected = await general.query(text, { minSimilarity: 0 });
      expect(await fast.query(text, { minSimilarity: 0 })).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(texts.length);
  });

  test('signing elsewhere (storedSignature with the index\'s sketch, then querySigned and addSigned) answers and stores exactly as queryHashes and addHashes', async () => {
    const texts = [...readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(SEEDS, f), 'utf8')), ...articles().map(([, t]) => t), QUERY, '', ' . '];
    const byHashes = new RewriteIndex({ numPerm: 64, seed: 9 });
    const bySignature = new RewriteIndex({ numPerm: 64, seed: 9 });
    const signatures: Array<Uint8Array | null> = [];
    for (const [i, text] of texts.entries()) {
      const hashes = indexFeatureHashes(prepare(text));
      const signature = storedSignature(hashes, bySignature.sketch);
      expect(signText(text, bySignature.sketch)).toEqual(signature);
      // null exactly for a text without index features.
      expect(signature === null).toBe(hashes.length === 0);
      if (signature !== null) expect(signature).toHaveLength(64);
      signatures.push(signature);
      expect(await bySignature.querySigned(signature, { minSimilarity: 0 })).toEqual(await byHashes.queryHashes(hashes, { minSimilarity: 0 }));
      expect(await bySignature.addSigned(`doc ${i}`, signature)).toBe(await byHashes.addHashes(`doc ${i}`, hashes));
    }
    expect(await bySignature.size()).toBe(texts.length);
    expect(signatures.filter((x) => x === null)).toHaveLength(2);
    // Another seed signs differently: the sketch carries it.
    expect(storedSignature(indexFeatureHashes(prepare(QUERY)), new RewriteIndex().sketch)).not.toEqual(signatures[texts.indexOf(QUERY)]);
  });

  test('the one-byte estimate is corrected for chance byte collisions: sets with Jaccard 0.5 score about 0.5', async () => {
    const estimates: number[] = [];
    for (let p = 0; p < 40; p++) {
      // A = {0 … 299}, B = {100 … 399} shifted per pair: |A ∩ B| = 200, |A ∪ B| = 400.
      const base = p * 1_000_003;
      const a = Uint32Array.from({ length: 300 }, (_, i) => (base + i * 2654435761) >>> 0);
      const b = Uint32Array.from({ length: 300 }, (_, i) => (base + (i + 100) * 2654435761) >>> 0);
      const index = new RewriteIndex();
      await index.addHashes('a', a.sort());
      const [hit] = await index.queryHashes(b.sort(), { minSimilarity: 0 });
      expect(hit?.id).toBe('a');
      estimates.push(hit!.similarity);
    }
    const mean = estimates.reduce((x, y) => x + y, 0) / estimates.length;
    // 128 values: standard error of one estimate about 0.045, of the mean of 40 about 0.007.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.025);
    for (const e of estimates) expect(Math.abs(e - 0.5)).toBeLessThan(0.2);
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

describe('indexFeatureHashes', () => {
  test('leaves out common words, so that swapping one common word for another changes nothing', () => {
    const a = prepare('The government made a big change to the plan for Kursk last year.');
    const b = prepare('The government announced a major change to the plan for Kursk last week.');
    // The content features see the swapped words (make/announce, big/major, year/week) …
    expect([...contentHashes(a)]).not.toEqual([...contentHashes(b)]);
    // … the index features do not: government, change, plan, last, year and week are all common.
    expect([...indexFeatureHashes(a)]).toEqual([...indexFeatureHashes(b)]);
    // What is left: kursk as a word and four times as a name, as in any sentence of common words naming Kursk.
    expect(indexFeatureHashes(a).length).toBe(1 + INDEX_IMMUTABLE_TAGS);
    expect([...indexFeatureHashes(a)]).toEqual([...indexFeatureHashes(prepare('They went to Kursk.'))]);
  });

  test('are the weighted content features less one feature per distinct common stem, on every seed article', () => {
    for (const file of readdirSync(SEEDS).filter((f) => f.endsWith('.txt'))) {
      const doc = prepare(readFileSync(join(SEEDS, file), 'utf8'));
      const index = new Set(indexFeatureHashes(doc));
      const content = new Set(contentHashes(doc, undefined, INDEX_IMMUTABLE_TAGS));
      for (const h of index) expect(content.has(h)).toBe(true);
      // Only a common word's plain stem feature goes; a common word used as a name keeps its name feature.
      const live = doc.sentences.filter((s) => !s.boilerplate).flatMap((s) => doc.tokens.slice(s.tokenStart, s.tokenEnd));
      const common = new Set(live.filter((t) => !t.stop && COMMON_STEMS.has(t.stem)).map((t) => t.stem));
      expect(common.size).toBeGreaterThan(10);
      expect(content.size - index.size).toBe(common.size);
    }
  });
});
