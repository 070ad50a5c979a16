import fc from 'fast-check';
import { MemoryStorage } from '../../src/index/memory-storage';
import type { IndexMeta } from '../../src/index/storage';
import { rng } from '../../scripts/rng';
import { storageContract } from './storage-contract';

storageContract('memory', () => ({
  make: async () => new MemoryStorage(),
  leftovers: async (s) => Array.from({ length: (s as MemoryStorage).bucketCount() }, (_, i) => `bucket ${i}`),
}));

/** Four one-byte values, two bands of two rows: the layout RewriteIndex writes, in miniature. */
const META: IndexMeta = Object.freeze({ format: 'respun-index/2', features: 'test/1', numPerm: 4, seed: 1, bands: 2, rows: 2 });

/** RewriteIndex's bucket keys of signature bytes, written out by hand: band b is `<b>.<hex of bytes 2b, 2b + 1>`. */
function keysOf(sig: Uint8Array): string[] {
  const hex = (v: number) => (v < 16 ? '0' : '') + v.toString(16);
  return [`0.${hex(sig[0]!)}${hex(sig[1]!)}`, `1.${hex(sig[2]!)}${hex(sig[3]!)}`];
}

/** Every key of bands 0 and 1 over byte values `values`. */
function allKeys(values: number[]): string[] {
  const out: string[] = [];
  for (const band of [0, 1]) for (const a of values) for (const b of values) out.push(keysOf(Uint8Array.from([a, b, a, b]))[band]!);
  return out;
}

async function fresh(): Promise<MemoryStorage> {
  const s = new MemoryStorage();
  await s.open(META);
  return s;
}

describe('MemoryStorage with the keys RewriteIndex derives from the signature', () => {
  test('lookup finds documents by band key, and keys of other shapes find nothing', async () => {
    const s = await fresh();
    expect(await s.insert('a', keysOf(Uint8Array.from([1, 2, 3, 4])), Uint8Array.from([1, 2, 3, 4]))).toBe(true);
    expect(await s.insert('b', keysOf(Uint8Array.from([1, 2, 9, 9])), Uint8Array.from([1, 2, 9, 9]))).toBe(true);
    expect(await s.insert('c', keysOf(Uint8Array.from([255, 0, 3, 4])), Uint8Array.from([255, 0, 3, 4]))).toBe(true);
    expect(await s.lookup(['0.0102'])).toEqual(['a', 'b']);
    expect(await s.lookup(['1.0304'])).toEqual(['a', 'c']);
    expect(await s.lookup(['0.ff00', '1.0909'])).toEqual(['b', 'c']);
    // Band 1's bytes under band 0's number, upper-case hex, a leading zero, a band out of range, short keys.
    for (const key of ['0.0304', '0.FF00', '00.0102', '2.0102', '0.01', '0.010203', '1.', '.0102']) expect(await s.lookup([key])).toEqual([]);
    expect([...(await s.signatures(['c']))[0]!]).toEqual([255, 0, 3, 4]);
    expect(s.bucketCount()).toBe(4);
  });

  test('a document whose keys are not its signature\'s is still found by exactly its keys', async () => {
    const s = await fresh();
    const sig = Uint8Array.from([1, 2, 3, 4]);
    await s.insert('derived', keysOf(sig), sig);
    // Same bytes, but buckets swapped between bands: not derived, kept as given.
    await s.insert('swapped', ['0.0304', '1.0102'], sig);
    await s.insert('short', ['0.0102'], Uint8Array.from([7]));
    expect(await s.lookup(['0.0102'])).toEqual(['derived', 'short']);
    expect(await s.lookup(['0.0304'])).toEqual(['swapped']);
    expect(await s.lookup(['1.0304'])).toEqual(['derived']);
    expect([...(await s.signatures(['short']))[0]!]).toEqual([7]);
    for (const id of ['derived', 'swapped', 'short']) expect(await s.remove(id)).toBe(true);
    expect(s.bucketCount()).toBe(0);
  });

  test('signatures handed out stay as they were while documents are added and removed', async () => {
    const s = await fresh();
    await s.insert('keep', keysOf(Uint8Array.from([5, 6, 7, 8])), Uint8Array.from([5, 6, 7, 8]));
    await s.insert('gone', keysOf(Uint8Array.from([1, 1, 1, 1])), Uint8Array.from([1, 1, 1, 1]));
    const [held] = await s.signatures(['keep']);
    await s.remove('gone');
    for (let i = 0; i < 300; i++) {
      const sig = Uint8Array.from([i & 255, 3, 2, 1]);
      await s.insert(`n${i}`, keysOf(sig), sig);
    }
    for (let i = 0; i < 300; i++) await s.remove(`n${i}`);
    expect([...held!]).toEqual([5, 6, 7, 8]);
    expect([...(await s.signatures(['keep']))[0]!]).toEqual([5, 6, 7, 8]);
  });

  test('thousands of documents: merges, tombstones and renumbering keep lookups exact', async () => {
    const s = await fresh();
    const random = rng(11);
    const model = new Map<string, Uint8Array>();
    const check = async () => {
      expect(await s.size()).toBe(model.size);
      for (const key of allKeys([0, 1, 2])) {
        const expected = [...model].filter(([, sig]) => keysOf(sig).includes(key)).map(([id]) => id).sort();
        expect(await s.lookup([key])).toEqual(expected);
      }
    };
    for (let i = 0; i < 1200; i++) {
      const sig = Uint8Array.from({ length: 4 }, () => Math.floor(random() * 3));
      // Half are queried first, as a scan does: the merges then take their places from the query.
      if (i % 2 === 0) s.agreements(keysOf(sig), sig);
      expect(await s.insert(`doc-${i}`, keysOf(sig), sig)).toBe(true);
      model.set(`doc-${i}`, sig);
    }
    await check();
    // Remove two in three (tombstones outnumber live documents: slots are renumbered), then add more.
    for (let i = 0; i < 1200; i++) {
      if (i % 3 === 0) continue;
      expect(await s.remove(`doc-${i}`)).toBe(true);
      model.delete(`doc-${i}`);
    }
    await check();
    for (let i = 1200; i < 1600; i++) {
      const sig = Uint8Array.from({ length: 4 }, () => Math.floor(random() * 3));
      s.agreements(keysOf(sig), sig);
      await s.insert(`doc-${i}`, keysOf(sig), sig);
      model.set(`doc-${i}`, sig);
    }
    await check();
    for (const [id, sig] of model) {
      expect(await s.has(id)).toBe(true);
      expect([...(await s.signatures([id]))[0]!]).toEqual([...sig]);
    }
    expect(await s.has('doc-1')).toBe(false);
    for (const id of [...model.keys()]) await s.remove(id);
    expect(s.bucketCount()).toBe(0);
    expect(await s.size()).toBe(0);
  });

  test('places noted by a query are not used once a merge has moved the main arrays', async () => {
    const s = await fresh();
    const random = rng(5);
    const sigs = Array.from({ length: 3000 }, () => Uint8Array.from({ length: 4 }, () => Math.floor(random() * 4)));
    const late = Uint8Array.from([1, 2, 1, 2]);
    for (let i = 0; i < 1000; i++) await s.insert(`d${i}`, keysOf(sigs[i]!), sigs[i]!);
    // Queried now, inserted after 2,000 more documents and many merges of both bands.
    s.agreements(keysOf(late), late);
    for (let i = 1000; i < 3000; i++) await s.insert(`d${i}`, keysOf(sigs[i]!), sigs[i]!);
    await s.insert('late', keysOf(late), late);
    for (let i = 3000; i < 3300; i++) await s.insert(`d${i}`, keysOf(sigs[i % 3000]!), sigs[i % 3000]!);
    for (const key of allKeys([0, 1, 2, 3])) {
      const expected = Array.from({ length: 3300 }, (_, i) => i)
        .filter((i) => keysOf(sigs[i % 3000]!).includes(key))
        .map((i) => `d${i}`);
      if (keysOf(late).includes(key)) expected.push('late');
      expect(await s.lookup([key])).toEqual(expected.sort());
    }
  });

  test('slots past 65,535 (the third byte of a band entry) are found, kept through merges and renumbered', async () => {
    const s = await fresh();
    const count = 70_000;
    const sigOf = (i: number) => Uint8Array.from([i % 7, (i >> 3) % 5, i % 3, 9]);
    for (let i = 0; i < count; i++) await s.insert(`n${i}`, keysOf(sigOf(i)), sigOf(i));
    const expected = (key: string, live: (i: number) => boolean) =>
      Array.from({ length: count }, (_, i) => i)
        .filter((i) => live(i) && keysOf(sigOf(i)).includes(key))
        .map((i) => `n${i}`)
        .sort();
    for (const key of ['0.0304', '1.0209']) expect(await s.lookup([key])).toEqual(expected(key, () => true));
    // Remove every document below 50,000: the slots are renumbered, the rest move down past 65,535 and back.
    for (let i = 0; i < 50_000; i++) await s.remove(`n${i}`);
    for (const key of ['0.0304', '1.0209']) expect(await s.lookup([key])).toEqual(expected(key, (i) => i >= 50_000));
    expect([...(await s.signatures(['n69999']))[0]!]).toEqual([...sigOf(69_999)]);
  });

  test('behaves like a model under random query/insert/remove sequences of derived and foreign keys', async () => {
    const sigArb = fc.uint8Array({ minLength: 4, maxLength: 4, min: 0, max: 1 });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), id: fc.integer({ min: 0, max: 150 }), sig: sigArb, foreign: fc.boolean(), queried: fc.boolean() }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 150 }) }),
      // A query before the next insert, of the same signature or another: an insert of the same keys takes its places in the main arrays from it.
      fc.record({ kind: fc.constant('query' as const), sig: sigArb }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 400 }), async (ops) => {
        const s = await fresh();
        const model = new Map<string, string[]>();
        for (const o of ops) {
          if (o.kind === 'insert') {
            const id = `id ${o.id}`;
            // Foreign: band 1's key written under band 0 (kept as given, not derived from the signature).
            const keys = o.foreign ? [`0.${keysOf(o.sig)[1]!.slice(2)}`] : keysOf(o.sig);
            const isNew = !model.has(id);
            if (o.queried) s.agreements(keysOf(o.sig), o.sig);
            expect(await s.insert(id, keys, o.sig)).toBe(isNew);
            if (isNew) model.set(id, keys);
          } else if (o.kind === 'query') {
            const keys = keysOf(o.sig);
            const expected = [...model].filter(([, k]) => k.some((key) => keys.includes(key))).map(([id]) => id).sort();
            expect(s.agreements(keys, o.sig)!.map((x) => x.id).sort()).toEqual(expected);
          } else {
            const id = `id ${o.id}`;
            expect(await s.remove(id)).toBe(model.delete(id));
          }
        }
        expect(await s.size()).toBe(model.size);
        for (const key of allKeys([0, 1])) {
          const expected = [...model].filter(([, keys]) => keys.includes(key)).map(([id]) => id).sort();
          expect(await s.lookup([key])).toEqual(expected);
        }
        for (const id of [...model.keys()]) await s.remove(id);
        expect(s.bucketCount()).toBe(0);
      }),
      { numRuns: 30 },
    );
  });
});

describe('MemoryStorage.agreements', () => {
  /** Band keys of `sig` for `bands` bands of `rows` rows, as RewriteIndex writes them. */
  const keysFor = (sig: Uint8Array, bands: number, rows: number): string[] =>
    Array.from({ length: bands }, (_, b) => `${b}.${[...sig.subarray(b * rows, (b + 1) * rows)].map((v) => v.toString(16).padStart(2, '0')).join('')}`);

  // Widths 8 and 12 compare four bytes at a time; widths 6 and 9 byte by byte. Small byte ranges make long runs of
  // equal band keys, which span many fence entries once the bands have merged thousands of slots.
  test.each([
    [8, 4, 2],
    [6, 3, 2],
    [9, 3, 3],
    // Six rows do not pack into a 32-bit fence key: these bands are searched without a fence.
    [12, 2, 6],
  ])('width %p, %p bands of %p rows: every document sharing a band key, once, with its count of equal bytes', async (width, bands, rows) => {
    const s = new MemoryStorage();
    await s.open({ format: 'respun-index/2', features: 'test/1', numPerm: width, seed: 1, bands, rows });
    const random = rng(width * 100 + rows);
    const byte = () => Math.floor(random() * 4);
    const model = new Map<string, Uint8Array>();
    const check = async () => {
      for (let q = 0; q < 40; q++) {
        const query = Uint8Array.from({ length: width }, byte);
        const keys = keysFor(query, bands, rows);
        const atLeast = q % 4;
        const expected = [...model]
          .filter(([, sig]) => keysFor(sig, bands, rows).some((k) => keys.includes(k)))
          .map(([id, sig]) => ({ id, same: sig.reduce((n, v, i) => n + (v === query[i] ? 1 : 0), 0) }))
          .filter((x) => x.same >= atLeast)
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        const got = s.agreements(keys, query, atLeast)!.sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(got).toEqual(expected);
      }
    };
    for (let i = 0; i < 2500; i++) {
      const sig = Uint8Array.from({ length: width }, byte);
      await s.insert(`d${i}`, keysFor(sig, bands, rows), sig);
      model.set(`d${i}`, sig);
    }
    await check();
    for (let i = 0; i < 2500; i += 2) {
      await s.remove(`d${i}`);
      model.delete(`d${i}`);
    }
    await check();
    // A stored document found with a signature of another length makes the caller take the general path.
    const [, stored] = [...model][0]!;
    expect(s.agreements(keysFor(stored, bands, rows), new Uint8Array(width + 1))).toBeUndefined();
  });
});
