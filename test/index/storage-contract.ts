/**
 * The contract every `IndexStorage` keeps, as one suite run against each
 * implementation (memory, Redis through ioredis, Redis through node-redis).
 */
import fc from 'fast-check';
import { InvalidOptionError } from '../../src/errors';
import type { IndexMeta, IndexStorage } from '../../src/index/storage';
import { RewriteIndex } from '../../src/index/rewrite-index';

/** How a suite gets a fresh, empty storage and inspects what it leaves behind. */
export interface StorageHarness {
  /** A new, empty storage (a fresh namespace for Redis). */
  make(): Promise<IndexStorage>;
  /**
   * Every key the storage holds besides its parameters, for orphan checks
   * (Redis: the namespace's keys without `meta`; memory: bucket count as fake keys).
   */
  leftovers(storage: IndexStorage): Promise<string[]>;
}

export const META: IndexMeta = Object.freeze({ format: 'respun-index/2', features: 'test/1', numPerm: 4, seed: 1, bands: 2, rows: 2 });

const bytes = (...xs: number[]) => Uint8Array.from(xs);

/** Register the contract tests for one storage. */
export function storageContract(name: string, harness: () => StorageHarness | undefined): void {
  describe(`IndexStorage contract: ${name}`, () => {
    let h: StorageHarness;
    /** Runs `fn` with the harness; without one (redis-server not installed, outside CI) the test is a no-op. */
    const test = (title: string, fn: () => Promise<void>) =>
      globalThis.test(title, async () => {
        const got = harness();
        if (got === undefined) {
          console.warn(`skipped (no ${name}): ${title}`);
          return;
        }
        h = got;
        await fn();
      });
    const fresh = async () => {
      const s = await h.make();
      await s.open(META);
      return s;
    };

    test('open records the parameters; the same parameters open again, others are refused with the field named', async () => {
      const s = await fresh();
      await expect(s.open({ ...META })).resolves.toBeUndefined();
      await expect(s.open({ ...META, numPerm: 8 })).rejects.toThrow(InvalidOptionError);
      await expect(s.open({ ...META, bands: 1 })).rejects.toThrow(/bands 2, got 1/);
      await expect(s.open({ ...META, features: 'other/2' })).rejects.toThrow(/features/);
    });

    test('insert, lookup, signatures, has, size', async () => {
      const s = await fresh();
      expect(await s.size()).toBe(0);
      expect(await s.insert('b', ['0.x', '1.y'], bytes(1, 2, 3))).toBe(true);
      expect(await s.insert('a', ['0.x', '1.z'], bytes(4, 5))).toBe(true);
      expect(await s.lookup(['0.x'])).toEqual(['a', 'b']);
      expect(await s.lookup(['1.y', '1.z', '9.none'])).toEqual(['a', 'b']);
      expect(await s.lookup(['1.z'])).toEqual(['a']);
      expect(await s.lookup([])).toEqual([]);
      const sigs = await s.signatures(['a', 'missing', 'b']);
      expect(sigs.map((x) => (x === undefined ? undefined : [...x]))).toEqual([[4, 5], undefined, [1, 2, 3]]);
      expect(await s.has('a')).toBe(true);
      expect(await s.has('c')).toBe(false);
      expect(await s.size()).toBe(2);
    });

    test('inserting an id that is stored changes nothing and resolves to false', async () => {
      const s = await fresh();
      expect(await s.insert('a', ['0.x'], bytes(1))).toBe(true);
      expect(await s.insert('a', ['0.y'], bytes(2))).toBe(false);
      expect(await s.lookup(['0.y'])).toEqual([]);
      expect([...(await s.signatures(['a']))[0]!]).toEqual([1]);
      expect(await s.size()).toBe(1);
    });

    test('concurrent inserts of one id: exactly one wins', async () => {
      const s = await fresh();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => s.insert('same', [`0.b${i}`], bytes(i))));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await s.size()).toBe(1);
      const winner = results.indexOf(true);
      expect(await s.lookup(Array.from({ length: 20 }, (_, i) => `0.b${i}`))).toEqual(['same']);
      expect([...(await s.signatures(['same']))[0]!]).toEqual([winner]);
    });

    test('remove takes the id out of every bucket and leaves no keys behind', async () => {
      const s = await fresh();
      await s.insert('a', ['0.x', '1.y'], bytes(1));
      await s.insert('b', ['0.x', '1.z'], bytes(2));
      expect(await s.remove('a')).toBe(true);
      expect(await s.remove('a')).toBe(false);
      expect(await s.lookup(['0.x', '1.y'])).toEqual(['b']);
      expect(await s.has('a')).toBe(false);
      expect(await s.size()).toBe(1);
      expect(await s.remove('b')).toBe(true);
      expect(await s.size()).toBe(0);
      expect(await h.leftovers(s)).toEqual([]);
      // Removed ids can be added again.
      expect(await s.insert('a', ['0.q'], bytes(3))).toBe(true);
      expect(await s.lookup(['0.q'])).toEqual(['a']);
    });

    test('ids with spaces, braces, colons and non-ASCII characters round-trip', async () => {
      const s = await fresh();
      const ids = ['a b', '{x}', 'x:y:z', 'Kyiv’s “report” 🇺🇦', '0'];
      for (const id of ids) expect(await s.insert(id, ['0.same'], bytes(id.length))).toBe(true);
      expect(await s.lookup(['0.same'])).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      for (const id of ids) expect(await s.has(id)).toBe(true);
      for (const id of ids) expect(await s.remove(id)).toBe(true);
      expect(await h.leftovers(s)).toEqual([]);
    });

    test('behaves like a model (id → buckets) under random operation sequences', async () => {
      const op = fc.oneof(
        fc.record({ kind: fc.constant('insert' as const), id: fc.constantFrom('a', 'b', 'c', 'd'), buckets: fc.uniqueArray(fc.constantFrom('0.p', '0.q', '1.r', '1.s'), { maxLength: 3 }) }),
        fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom('a', 'b', 'c', 'd') }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 12 }), async (ops) => {
          const s = await fresh();
          const model = new Map<string, string[]>();
          for (const o of ops) {
            if (o.kind === 'insert') {
              const isNew = !model.has(o.id);
              expect(await s.insert(o.id, o.buckets, bytes(o.buckets.length))).toBe(isNew);
              if (isNew) model.set(o.id, o.buckets);
            } else {
              expect(await s.remove(o.id)).toBe(model.delete(o.id));
            }
          }
          expect(await s.size()).toBe(model.size);
          for (const b of ['0.p', '0.q', '1.r', '1.s']) {
            const expected = [...model].filter(([, bs]) => bs.includes(b)).map(([id]) => id).sort();
            expect(await s.lookup([b])).toEqual(expected);
          }
          for (const id of [...model.keys()]) await s.remove(id);
          expect(await h.leftovers(s)).toEqual([]);
        }),
        { numRuns: 25 },
      );
    });

    test('a RewriteIndex over it finds a rewrite, forgets a removed article, and answers like memory', async () => {
      const storage = await h.make();
      const index = new RewriteIndex({ storage, threshold: 0.3 });
      const memory = new RewriteIndex({ threshold: 0.3 });
      const docs = articles();
      for (const [id, text] of docs) {
        await index.add(id, text);
        await memory.add(id, { text });
      }
      const hits = await index.query(QUERY);
      expect(hits[0]?.id).toBe('ferry');
      expect(hits).toEqual(await memory.query(QUERY));
      expect(await index.size()).toBe(docs.length);
      expect(await index.remove('ferry')).toBe(true);
      expect((await index.query(QUERY)).map((x) => x.id)).not.toContain('ferry');
      for (const [id] of docs) await index.remove(id);
      expect(await h.leftovers(storage)).toEqual([]);
    });
  });
}

/** Small invented articles (no third-party text). */
export function articles(): Array<[string, string]> {
  return [
    ['ferry', 'The harbour ferry to Westport will stop running on 14 March after the council cut its 2.4 million pound subsidy, the operator Brightwater Lines said on Monday. Commuters said the decision would leave 900 daily passengers without a crossing.'],
    ['school', 'Free school meals will be extended to 120,000 more pupils from September, the education minister Ana Lopes announced. Head teachers welcomed the move but warned kitchens needed new staff.'],
    ['orchestra', 'The city orchestra has appointed Tomasz Wierzbicki as its principal conductor, starting next season. He will lead 64 concerts and a tour of Japan in 2026.'],
    ['glacier', 'Researchers measured the Rhone glacier retreating 38 metres last year, the fastest loss since records began in 1880, according to a study published in Nature Geoscience.'],
  ];
}
/** A paraphrase of the ferry article. */
export const QUERY =
  'Brightwater Lines said on Monday that the Westport harbour ferry stops on 14 March, because the council cut the subsidy of 2.4 million pound. About 900 daily passengers will lose their crossing, commuters complained.';

/** The ids and texts worker processes add: the articles above plus invented filler, `n` in all. */
export function workerDocs(n: number): Array<[string, string]> {
  const words = ['river', 'council', 'budget', 'harvest', 'station', 'tunnel', 'museum', 'league', 'factory', 'court', 'bridge', 'festival', 'vaccine', 'airline', 'pension', 'satellite'];
  const out = articles();
  for (let i = 0; out.length < n; i++) {
    const pick = (k: number) => words[(i * 7 + k * 5 + ((i >> 2) & 3)) % words.length]!;
    out.push([`doc-${i}`, `Filler ${i}: the ${pick(1)} and the ${pick(2)} of district ${i} met the ${pick(3)} board on day ${i % 28}. The ${pick(4)} plan costs ${i * 13} crowns.`]);
  }
  return out;
}
