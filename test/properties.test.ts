/**
 * Invariants over arbitrary input: every span the report gives is a true slice
 * of the caller's text, reports are deterministic, nothing throws on hostile text.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { detectRewrites } from '../src/compare/detect';
import type { RewriteReport, TextSpan } from '../src/types';

const seed0 = readFileSync(join(__dirname, '../fixtures/seeds/000_a267aa29c8143298.txt'), 'utf8');
const seed1 = readFileSync(join(__dirname, '../fixtures/seeds/001_04a6fa0171dea636.txt'), 'utf8');

/** Every span of a report, with the text it indexes into. */
function spans(r: RewriteReport, a: string, b: string): Array<[TextSpan, string]> {
  const out: Array<[TextSpan, string]> = [];
  for (const g of r.alignments) {
    for (const s of g.original) out.push([s, a]);
    for (const s of g.candidate) out.push([s, b]);
  }
  for (const s of r.dropped) out.push([s, a]);
  for (const s of r.added) out.push([s, b]);
  for (const q of r.quotes.original) out.push([q.span, a]);
  for (const q of r.quotes.candidate) out.push([q.span, b]);
  for (const f of r.findings) {
    if (f.original) out.push([f.original, a]);
    if (f.candidate) out.push([f.candidate, b]);
  }
  return out;
}

/** Text made of news-like pieces and hostile characters, mixed. */
const piece = fc.oneof(
  fc.constantFrom('Mr. ', 'U.S. ', 'No. 10 ', 'Kyiv’s ', '“', '”', '‘', '’', '"', "'", '«', '»', '„', '. ', '! ', '? ', '\n', '\n\n', '\r\n',
    'ﬁ', 'ＡＢ', 'e\u0301', '\u0000', '\ud800', '\udc00', '👍🏽', '東京', 'שלום', ' – Reuters', 'Read more: x\n', 'Picture: Getty', '…', '74', '28km'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const text = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));

describe('report invariants', () => {
  test('every span equals text.slice(start, end), on arbitrary text', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const r = detectRewrites(a, b);
        for (const [s, t] of spans(r, a, b)) {
          if (t.slice(s.start, s.end) !== s.text || s.start > s.end || s.start < 0 || s.end > t.length) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  test('every span equals text.slice(start, end), on edited seeds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: seed1.length }), piece, (at, insert) => {
        const b = seed1.slice(0, at) + insert + seed1.slice(at);
        const r = detectRewrites(seed0, b);
        return spans(r, seed0, b).every(([s, t]) => t.slice(s.start, s.end) === s.text);
      }),
      { numRuns: 60 },
    );
  });

  test('the same input gives byte-identical JSON', () => {
    fc.assert(
      fc.property(text, text, (a, b) => JSON.stringify(detectRewrites(a, b)) === JSON.stringify(detectRewrites(a, b))),
      { numRuns: 100 },
    );
  });

  test('another process gives byte-identical JSON for the seed pair', () => {
    const here = JSON.stringify(detectRewrites(seed0, seed1));
    const script = `const { detectRewrites } = require(${JSON.stringify(join(__dirname, '../dist/index.cjs'))});
const fs = require('fs');
process.stdout.write(JSON.stringify(detectRewrites(fs.readFileSync(process.argv[1], 'utf8'), fs.readFileSync(process.argv[2], 'utf8'))));`;
    const there = execFileSync(process.execPath, ['-e', script, join(__dirname, '../fixtures/seeds/000_a267aa29c8143298.txt'), join(__dirname, '../fixtures/seeds/001_04a6fa0171dea636.txt')], { encoding: 'utf8' });
    expect(there).toBe(here);
  });
});
