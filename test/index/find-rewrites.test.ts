import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { detectRewrites } from '../../src/compare/detect';
import { InvalidInputError, InvalidOptionError } from '../../src/errors';
import { clusterPairs, findRewrites, type FindRewritesInput, type RewritePair } from '../../src/index/find-rewrites';

const FIXTURES = join(__dirname, '../../fixtures');
const seed = (n: string) => readFileSync(join(FIXTURES, 'seeds', readdirSync(join(FIXTURES, 'seeds')).find((f) => f.startsWith(n))!), 'utf8');

async function collect(source: AsyncIterable<RewritePair>): Promise<Array<[string, string, string]>> {
  const out: Array<[string, string, string]> = [];
  for await (const p of source) out.push([p.original, p.candidate, p.report.verdict]);
  return out;
}

/** Every fixture pair and the seeds, as one small corpus. */
function corpus(): { articles: FindRewritesInput[]; truePairs: Array<[string, string]> } {
  const articles: FindRewritesInput[] = ['000', '001', '002', '003', '004'].map((n) => ({ id: `seed-${n}`, text: seed(n) }));
  const truePairs: Array<[string, string]> = [['seed-000', 'seed-001']];
  for (const dir of readdirSync(join(FIXTURES, 'pairs'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const read = (f: string) => readFileSync(join(FIXTURES, 'pairs', dir, f), 'utf8');
    const gold = JSON.parse(read('gold.json')) as { isRewrite: boolean };
    articles.push({ id: `${dir}/original`, text: read('original.txt') }, { id: `${dir}/candidate`, text: read('candidate.txt') });
    if (gold.isRewrite) truePairs.push([`${dir}/original`, `${dir}/candidate`]);
  }
  return { articles, truePairs };
}

describe('findRewrites', () => {
  test('finds the seed rewrite among the seeds; ids default to input positions', async () => {
    const texts = ['000', '001', '002', '003', '004'].map((n) => ({ text: seed(n) }));
    expect(await collect(findRewrites(texts))).toEqual([['0', '1', 'rewrite']]);
  });

  test('the original is the earlier in input order, or by publishedAt when both have it', async () => {
    const a = seed('000');
    const b = seed('001');
    expect((await collect(findRewrites([{ text: b }, { text: a }]))).map((p) => p.slice(0, 2))).toEqual([['0', '1']]);
    const dated = [
      { id: 'copy', text: b, publishedAt: '2024-08-15T10:00:00Z' },
      { id: 'source', text: a, publishedAt: '2024-08-14' },
    ];
    expect((await collect(findRewrites(dated))).map((p) => p.slice(0, 2))).toEqual([['source', 'copy']]);
    // Only one of them dated: input order decides.
    const half = [{ id: 'copy', text: b, publishedAt: '2024-08-15' }, { id: 'source', text: a }];
    expect((await collect(findRewrites(half))).map((p) => p.slice(0, 2))).toEqual([['copy', 'source']]);
  });

  test('on the fixtures it reports exactly the pairs an all-pairs comparison reports, and every labelled rewrite', async () => {
    const { articles, truePairs } = corpus();
    const indexed = await collect(findRewrites(articles));
    const naive: Array<[string, string, string]> = [];
    for (let j = 1; j < articles.length; j++) {
      for (let i = 0; i < j; i++) {
        const r = detectRewrites(articles[i]!, articles[j]!);
        if (r.verdict === 'duplicate' || r.verdict === 'rewrite') naive.push([articles[i]!.id!, articles[j]!.id!, r.verdict]);
      }
    }
    expect(indexed).toEqual(naive);
    for (const [o, c] of truePairs) expect(indexed.map((p) => `${p[0]} ${p[1]}`)).toContain(`${o} ${c}`);
  });

  test('takes async iterables, and gives the same pairs in the same order every time', async () => {
    const { articles } = corpus();
    async function* stream() {
      for (const a of articles) yield a;
    }
    const first = await collect(findRewrites(stream()));
    expect(await collect(findRewrites(articles))).toEqual(first);
  });

  test('against: only pairs (known original, input), the known article as original', async () => {
    const pairs = await collect(
      findRewrites([{ id: 'new-1', text: seed('001') }, { id: 'new-2', text: seed('001') }, { id: 'new-3', text: seed('003') }], {
        against: [{ text: seed('000') }, { text: seed('002') }],
      }),
    );
    expect(pairs.map((p) => p.slice(0, 2))).toEqual([
      ['against:0', 'new-1'],
      ['against:0', 'new-2'],
    ]);
  });

  test('an exact copy is a duplicate pair', async () => {
    expect(await collect(findRewrites([{ text: seed('002') }, { text: seed('002') }]))).toEqual([['0', '1', 'duplicate']]);
  });

  test('empty input, empty texts', async () => {
    expect(await collect(findRewrites([]))).toEqual([]);
    expect(await collect(findRewrites([{ text: '' }, { text: '  ' }, { text: '' }]))).toEqual([]);
  });

  test.each([
    [() => findRewrites(42 as never), InvalidInputError, /`articles` to be an iterable/],
    [() => findRewrites([], { threshold: 2 }), InvalidOptionError, /`threshold` to be a number in \(0, 1\), got 2 \(number\)/],
    [() => findRewrites([], { numPerm: 1.5 }), InvalidOptionError, /`numPerm`/],
    [() => findRewrites([], { against: 3 as never }), InvalidOptionError, /`against`/],
    [() => findRewrites([], 'x' as never), InvalidOptionError, /`options` to be an object/],
  ])('bad arguments throw at the call (%#)', (call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  test.each([
    [[{ text: 'a' }, { id: 5, text: 'b' }], /`articles\[1\].id` to be a non-empty string/],
    [[{ text: 'a' }, { body: 'b' }], /`articles\[1\].text` to be a string/],
    [[null], /`articles\[0\]` to be an Article/],
    [[{ id: 'x', text: 'a' }, { id: 'x', text: 'b' }], /unique article ids, got "x" twice/],
  ])('bad articles reject while streaming (%#)', async (input, message) => {
    await expect(collect(findRewrites(input as never))).rejects.toThrow(message);
  });
});

describe('clusterPairs', () => {
  test.each([
    [[], []],
    [[['a', 'b']], [{ original: 'a', rewrites: ['b'] }]],
    [
      [['a', 'b'], ['a', 'c'], ['x', 'y']],
      [{ original: 'a', rewrites: ['b', 'c'] }, { original: 'x', rewrites: ['y'] }],
    ],
    // A chain: c rewrites b, which rewrites a.
    [[['b', 'c'], ['a', 'b']], [{ original: 'a', rewrites: ['b', 'c'] }]],
    // Two clusters joined by an article that rewrites both.
    [[['a', 'c'], ['b', 'd'], ['b', 'c']], [{ original: 'a', rewrites: ['c', 'b', 'd'] }]],
  ])('%j → %j', (pairs, expected) => {
    expect(clusterPairs((pairs as Array<[string, string]>).map(([original, candidate]) => ({ original, candidate })))).toEqual(expected);
  });

  test('every article lands in exactly one cluster, with both ends of each pair together', () => {
    const pair = fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 })).filter(([a, b]) => a !== b);
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 60 }), (raw) => {
        const pairs = raw.map(([a, b]) => ({ original: `n${Math.min(a, b)}`, candidate: `n${Math.max(a, b)}` }));
        const clusters = clusterPairs(pairs);
        const where = new Map<string, number>();
        clusters.forEach((c, k) => {
          for (const id of [c.original, ...c.rewrites]) {
            expect(where.has(id)).toBe(false);
            where.set(id, k);
          }
        });
        const ids = new Set(pairs.flatMap((p) => [p.original, p.candidate]));
        expect(where.size).toBe(ids.size);
        for (const p of pairs) expect(where.get(p.original)).toBe(where.get(p.candidate));
        // The original of a cluster is never a candidate when pairs point from smaller to larger.
        for (const c of clusters) expect(pairs.some((p) => p.candidate === c.original)).toBe(false);
      }),
    );
  });

  test('bad input is refused', () => {
    expect(() => clusterPairs(5 as never)).toThrow(InvalidInputError);
    expect(() => clusterPairs([{ original: 1, candidate: 'b' }] as never)).toThrow(/`pairs\[\].original` to be a string/);
  });
});
