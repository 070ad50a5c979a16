import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectRewrites } from '../../src/compare/detect';
import { InvalidInputError, InvalidOptionError, isRespunError } from '../../src/errors';

const fx = (p: string) => readFileSync(join(__dirname, '../../fixtures', p), 'utf8');
const seeds = ['000_a267aa29c8143298.txt', '001_04a6fa0171dea636.txt', '002_345e56f4d08bf12d.txt', '003_5ed7d5f4475564e4.txt', '004_b2fd3a351b08d226.txt'];

describe('detectRewrites verdicts', () => {
  const { pairs } = JSON.parse(fx('verdicts/pairs.json')) as { pairs: Array<[string, string, string[]]> };
  test.each(pairs)('%s → %s is %j', (a, b, expected) => {
    expect(expected).toContain(detectRewrites(fx(a), fx(b)).verdict);
  });

  const seedPairs: Array<[string, string]> = [];
  for (const a of seeds) for (const b of seeds) if (a !== b && !(a.startsWith('00') && [a.slice(0, 3), b.slice(0, 3)].sort().join() === '000,001')) seedPairs.push([a, b]);
  test.each(seedPairs)('seeds %s → %s are related', (a, b) => {
    expect(detectRewrites(fx(`seeds/${a}`), fx(`seeds/${b}`)).verdict).toBe('related');
  });

  test('seed 001 → 000 (the other way round) is still a rewrite', () => {
    expect(detectRewrites(fx('seeds/001_04a6fa0171dea636.txt'), fx('seeds/000_a267aa29c8143298.txt')).verdict).toBe('rewrite');
  });

  test.each([
    ['', ''],
    ['   \n\t ', 'Kyiv took 74 villages.'],
    ['Kyiv took 74 villages.', ''],
  ])('empty or blank input (%j, %j) gives a valid unrelated report', (a, b) => {
    const r = detectRewrites(a, b);
    expect(r.verdict).toBe('unrelated');
    expect(r.findings).toEqual([]);
    expect(r.alignments).toEqual([]);
    expect(r.schemaVersion).toBe(1);
  });
});

describe('detectRewrites report', () => {
  const a = fx('seeds/000_a267aa29c8143298.txt');
  const b = fx('seeds/001_04a6fa0171dea636.txt');
  const r = detectRewrites(a, b);

  test('scores are in range and tell the seed story', () => {
    // DESIGN.md measured the seed pair's exact word 5-shingle Jaccard at 0.013.
    expect(r.scores.shingleJaccard).toBeGreaterThan(0.005);
    expect(r.scores.shingleJaccard).toBeLessThan(0.03);
    expect(r.scores.coverage.candidate).toBeGreaterThan(0.7);
    expect(r.scores.coverage.original).toBeGreaterThan(0.7);
    for (const v of [r.scores.contentJaccard, r.scores.meanAlignedSimilarity, r.scores.minhashJaccard]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  test('the added sentence and the trailing junk are reported right', () => {
    expect(r.added.map((s) => s.text)).toContain('In retaliation, Russia targeted Ukrainian forces in the Kursk region using missiles and drones.');
    // "Condividi" and the copyright line are boilerplate, not added content.
    expect(r.added.map((s) => s.text).some((t) => t.includes('Condividi') || t.includes('Copyright'))).toBe(false);
  });

  test('alignment spans point into the caller’s text', () => {
    for (const g of r.alignments) {
      for (const s of g.original) expect(a.slice(s.start, s.end)).toBe(s.text);
      for (const s of g.candidate) expect(b.slice(s.start, s.end)).toBe(s.text);
    }
    // The curly apostrophe of the caller's text survives (normalisation folded it internally).
    expect(r.alignments.some((g) => g.original.some((s) => s.text.includes('Kyiv’s')))).toBe(true);
  });

  test('Article objects are accepted and give the same report as strings', () => {
    expect(detectRewrites({ text: a, id: 'x' }, { text: b, title: 't' })).toEqual(r);
  });
});

describe('detectRewrites errors', () => {
  test.each([
    [42, 'x', /`original`/],
    ['x', null, /`candidate`/],
    [{ body: 'x' }, 'x', /`original.text`/],
    [['x'], 'x', /`original`/],
  ])('bad argument %j, %j throws InvalidInputError naming it', (a, b, re) => {
    expect(() => detectRewrites(a as never, b as never)).toThrow(InvalidInputError);
    expect(() => detectRewrites(a as never, b as never)).toThrow(re);
  });

  test('bad options throw InvalidOptionError', () => {
    expect(() => detectRewrites('a', 'b', { maxLength: -1 })).toThrow(InvalidOptionError);
    expect(() => detectRewrites('a', 'b', 'x' as never)).toThrow(/`options`/);
  });

  test('text over maxLength fails fast with a RespunError', () => {
    let caught: unknown;
    try {
      detectRewrites('x'.repeat(11), 'y', { maxLength: 10 });
    } catch (e) {
      caught = e;
    }
    expect(isRespunError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/at most 10 characters/);
  });
});
