/**
 * Determinism: the same inputs give byte-identical JSON — across calls, in any
 * call order, and in another Node process (the built CommonJS package, under
 * another time zone and locale, with the JIT off) — and the report's keys
 * come in one fixed order.
 *
 * The golden test that pins MinHash signature bytes lives with the sketch
 * stage (test/sketch/minhash.test.ts, "golden signature"); here the same
 * signatures are only checked to be identical in another process.
 *
 * The cross-process tests need `dist/index.cjs`: `npm test` builds it first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { detectRewrites } from '../src/compare/detect';
import { sketch } from '../src/sketch/minhash';
import { SHAPES } from '../scripts/hostile-timing';
import type { Article } from '../src/types';

const fx = (p: string) => readFileSync(join(__dirname, '../fixtures', p), 'utf8');
const DIST = join(__dirname, '../dist/index.cjs');

/** Pairs of inputs covering every report field: a rewrite with quote findings, verdict fixtures, hostile text, Articles. */
function pairs(): Array<[string, string | Article, string | Article]> {
  const seed = (n: string) => fx(`seeds/${n}`);
  const out: Array<[string, string | Article, string | Article]> = [
    ['seed 000 → 001 (rewrite)', seed('000_a267aa29c8143298.txt'), seed('001_04a6fa0171dea636.txt')],
    ['seed 000 → 002 (related)', seed('000_a267aa29c8143298.txt'), seed('002_345e56f4d08bf12d.txt')],
    ['seed 001 → 000', seed('001_04a6fa0171dea636.txt'), seed('000_a267aa29c8143298.txt')],
    ['encyclopedia light', fx('verdicts/encyclopedia-source.txt'), fx('verdicts/encyclopedia-light.txt')],
    ['encyclopedia heavy', fx('verdicts/encyclopedia-source.txt'), fx('verdicts/encyclopedia-heavy.txt')],
    ['seed light edit', seed('000_a267aa29c8143298.txt'), fx('verdicts/seed-000-light-edit.txt')],
    [
      'articles with ids and titles',
      { id: 'a', title: 'T', text: seed('000_a267aa29c8143298.txt'), publishedAt: '2024-08-14' },
      { id: 'b', text: seed('001_04a6fa0171dea636.txt'), url: 'https://example.org/x' },
    ],
    ['empty', '', ''],
    ['hostile quotes', '“He said „no« and ‘yes" then \'maybe» ”. Mr. U.S. No. 10 said “it’s 74,” Biden said.', '«“‘"\'„ Biden said “it’s 47”. \u0000\ud800 東京 👨‍👩‍👧‍👦'],
  ];
  for (const name of ['unicode-soup', 'quotes-mixed-unbalanced', 'news-rewrite', 'names']) {
    const shape = SHAPES.find((s) => s.name === name)!;
    out.push([`shape ${name}`, shape.make(4_000, 1), shape.make(4_000, 2)]);
  }
  return out;
}

describe('same process', () => {
  const cases = pairs();

  test.each(cases)('%s: three calls give byte-identical JSON', (_name, a, b) => {
    const first = JSON.stringify(detectRewrites(a, b));
    expect(JSON.stringify(detectRewrites(a, b))).toBe(first);
    expect(JSON.stringify(detectRewrites(a, b))).toBe(first);
  });

  test('no state carries between calls: any call order gives the same reports', () => {
    const alone = cases.map(([, a, b]) => JSON.stringify(detectRewrites(a, b)));
    // Reverse order, each pair preceded by a different, unrelated call.
    for (let k = cases.length - 1; k >= 0; k--) {
      const [, a, b] = cases[(k + 1) % cases.length]!;
      detectRewrites(b, a);
      expect(JSON.stringify(detectRewrites(cases[k]![1], cases[k]![2]))).toBe(alone[k]);
    }
  });

  test('property: reports are byte-identical across calls and independent of an interleaved call', () => {
    const text = fc.array(
      fc.oneof(fc.constantFrom('Kyiv', 'said', '“', '”', '"', '. ', '\n', 'Biden', '74', 'Mr. ', ' '), fc.string({ unit: 'binary', maxLength: 5 })),
      { maxLength: 60 },
    ).map((p) => p.join(''));
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        const first = JSON.stringify(detectRewrites(a, b));
        detectRewrites(c, a);
        return JSON.stringify(detectRewrites(a, b)) === first;
      }),
      { numRuns: 150 },
    );
  });

  test('inputs are not modified (frozen Articles are accepted and unchanged)', () => {
    const a: Article = Object.freeze({ id: 'a', text: fx('seeds/000_a267aa29c8143298.txt') });
    const b: Article = Object.freeze({ id: 'b', text: fx('seeds/001_04a6fa0171dea636.txt'), title: 'x' });
    const before = JSON.stringify([a, b]);
    expect(() => detectRewrites(a, b)).not.toThrow();
    expect(JSON.stringify([a, b])).toBe(before);
  });
});

describe('key order', () => {
  const r = detectRewrites(fx('seeds/000_a267aa29c8143298.txt'), fx('seeds/001_04a6fa0171dea636.txt'));
  /** Whether `keys` appear in the order of `order` (optional keys may be missing). */
  const inOrder = (keys: string[], order: readonly string[]) => {
    const pos = keys.map((k) => order.indexOf(k));
    return pos.every((p, k) => p >= 0 && (k === 0 || p > pos[k - 1]!));
  };

  test('the report has the contract fields, in the contract order', () => {
    expect(Object.keys(r)).toEqual(['schemaVersion', 'verdict', 'scores', 'alignments', 'added', 'dropped', 'quotes', 'findings']);
    expect(Object.keys(r.scores)).toEqual(['shingleJaccard', 'minhashJaccard', 'contentJaccard', 'coverage', 'meanAlignedSimilarity']);
    expect(Object.keys(r.scores.coverage)).toEqual(['original', 'candidate']);
    expect(Object.keys(r.quotes)).toEqual(['original', 'candidate']);
  });

  test('alignments, spans, quotes and findings keep one key order', () => {
    expect(r.alignments.length).toBeGreaterThan(0);
    expect(r.findings.length).toBeGreaterThan(0);
    for (const g of r.alignments) {
      expect(Object.keys(g)).toEqual(['original', 'candidate', 'similarity', 'kind']);
      for (const s of [...g.original, ...g.candidate]) expect(Object.keys(s)).toEqual(['start', 'end', 'text']);
    }
    for (const s of [...r.added, ...r.dropped]) expect(Object.keys(s)).toEqual(['start', 'end', 'text']);
    for (const q of [...r.quotes.original, ...r.quotes.candidate]) {
      expect(inOrder(Object.keys(q), ['span', 'speaker'])).toBe(true);
      expect(Object.keys(q.span)).toEqual(['start', 'end', 'text']);
    }
    // Every finding's keys follow the contract's order, optional keys left out.
    const reports = [r, ...pairs().map(([, a, b]) => detectRewrites(a, b))];
    const before = new Set<string>();
    for (const f of reports.flatMap((x) => x.findings)) {
      const keys = Object.keys(f);
      expect(inOrder(keys, ['kind', 'severity', 'original', 'candidate', 'speaker', 'message'])).toBe(true);
      expect(keys.slice(0, 2)).toEqual(['kind', 'severity']);
      for (let i = 0; i < keys.length; i++) for (let j = i + 1; j < keys.length; j++) before.add(`${keys[i]}<${keys[j]}`);
    }
    const contradictions = [...before].filter((p) => before.has(p.split('<').reverse().join('<')));
    expect(contradictions).toEqual([]);
  });
});

describe('another process', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` (npm test does) before this suite`);
    dir = mkdtempSync(join(tmpdir(), 'respun-determinism-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Run the built package in a fresh `node -e` process on the pairs; its stdout. */
  function runElsewhere(args: string[], env: Record<string, string>): string {
    const input = join(dir, 'pairs.json');
    writeFileSync(input, JSON.stringify(pairs().map(([, a, b]) => [a, b])));
    const script = `const { detectRewrites } = require(${JSON.stringify(DIST)});
const pairs = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
process.stdout.write(JSON.stringify(pairs.map(([a, b]) => detectRewrites(a, b))));`;
    return execFileSync(process.execPath, [...args, '-e', script, input], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
      maxBuffer: 256 * 1024 * 1024,
    });
  }

  const here = (): string => JSON.stringify(pairs().map(([, a, b]) => detectRewrites(a, b)));

  /**
   * Where two JSON texts first differ, with some context, or undefined when they are identical.
   * (A stale `dist/` — source changed since the last build — shows up here: rebuild before this suite.)
   */
  function firstDifference(x: string, y: string): string | undefined {
    if (x === y) return undefined;
    let k = 0;
    while (k < x.length && k < y.length && x[k] === y[k]) k++;
    return `lengths ${x.length}/${y.length}, first difference at ${k}: …${x.slice(Math.max(0, k - 60), k + 60)}… vs …${y.slice(Math.max(0, k - 60), k + 60)}…`;
  }

  test('the built package in a new process gives byte-identical JSON', () => {
    expect(firstDifference(runElsewhere([], {}), here())).toBeUndefined();
  });

  test('another time zone and locale, and the JIT off, give byte-identical JSON', () => {
    const out = runElsewhere(['--jitless'], { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' });
    expect(firstDifference(out, here())).toBeUndefined();
  });

  test('MinHash signatures are byte-identical in another process', () => {
    const texts = [fx('seeds/000_a267aa29c8143298.txt'), 'Kyiv said it took 74 settlements.', '“Ça va”, dit-il. 東京 👍🏽', ''];
    const options = [{}, { method: 'kperm' as const, numPerm: 64, seed: 7 }, { features: 'content' as const }];
    const mine = texts.flatMap((t) => options.map((o) => Buffer.from(sketch(t, o).toBytes()).toString('hex')));
    const input = join(dir, 'sketch.json');
    writeFileSync(input, JSON.stringify({ texts, options }));
    const script = `const { sketch } = require(${JSON.stringify(DIST)});
const { texts, options } = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
process.stdout.write(JSON.stringify(texts.flatMap((t) => options.map((o) => Buffer.from(sketch(t, o).toBytes()).toString('hex')))));`;
    const theirs = execFileSync(process.execPath, ['-e', script, input], { encoding: 'utf8' });
    expect(JSON.parse(theirs)).toEqual(mine);
  });
});
