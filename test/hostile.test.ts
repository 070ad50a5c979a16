/**
 * Hostile input: whatever a scraper brings back, `prepare`, `extractQuotes`
 * and `detectRewrites` return a valid result (every span a true slice of the
 * caller's string, scores in range, known kinds) or throw a `RespunError` for
 * a documented limit. No timing assertions here: scripts/hostile-timing.ts
 * measures growth with size, this file checks validity only.
 */
import fc from 'fast-check';
import { detectRewrites } from '../src/compare/detect';
import { extractQuotes } from '../src/compare/quotes';
import { align, sequenceSimilarity } from '../src/compare/align';
import { InvalidInputError, InvalidOptionError, isRespunError } from '../src/errors';
import { normalize } from '../src/text/normalize';
import { prepare } from '../src/text/prepare';
import { SHAPES } from '../scripts/hostile-timing';
import type { Doc, RewriteReport, TextSpan } from '../src/types';

const VERDICTS = ['duplicate', 'rewrite', 'related', 'unrelated'];
const KINDS = ['identical', 'edited', 'paraphrase'];
const FINDING_KINDS = ['altered-quote', 'unquoted-quote', 'added-quote', 'dropped-quote', 'altered-name', 'altered-number'];
const SEVERITIES = ['low', 'medium', 'high'];

/** Why a span is not a true slice of `text`, or undefined when it is. */
function spanProblem(s: TextSpan, text: string, where: string): string | undefined {
  if (!Number.isInteger(s.start) || !Number.isInteger(s.end)) return `${where}: non-integer offsets ${s.start}, ${s.end}`;
  if (s.start < 0 || s.end < s.start || s.end > text.length) return `${where}: offsets ${s.start}, ${s.end} out of [0, ${text.length}]`;
  if (text.slice(s.start, s.end) !== s.text) return `${where}: text ${JSON.stringify(s.text)} is not text.slice(${s.start}, ${s.end})`;
  return undefined;
}

/** Every problem of a report against its two input texts (empty when the report is valid). */
function reportProblems(r: RewriteReport, a: string, b: string): string[] {
  const out: string[] = [];
  const check = (s: TextSpan, text: string, where: string) => {
    const p = spanProblem(s, text, where);
    if (p !== undefined) out.push(p);
  };
  if (r.schemaVersion !== 1) out.push(`schemaVersion ${String(r.schemaVersion)}`);
  if (!VERDICTS.includes(r.verdict)) out.push(`verdict ${r.verdict}`);
  const { scores } = r;
  for (const [name, v] of Object.entries({
    shingleJaccard: scores.shingleJaccard,
    minhashJaccard: scores.minhashJaccard,
    contentJaccard: scores.contentJaccard,
    coverageOriginal: scores.coverage.original,
    coverageCandidate: scores.coverage.candidate,
    meanAlignedSimilarity: scores.meanAlignedSimilarity,
  })) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) out.push(`score ${name} = ${v}`);
  }
  r.alignments.forEach((g, k) => {
    if (g.original.length === 0 || g.candidate.length === 0) out.push(`alignment ${k} has an empty side`);
    if (!KINDS.includes(g.kind)) out.push(`alignment ${k} kind ${g.kind}`);
    if (!(g.similarity >= 0 && g.similarity <= 1)) out.push(`alignment ${k} similarity ${g.similarity}`);
    g.original.forEach((s) => check(s, a, `alignment ${k} original`));
    g.candidate.forEach((s) => check(s, b, `alignment ${k} candidate`));
  });
  r.added.forEach((s) => check(s, b, 'added'));
  r.dropped.forEach((s) => check(s, a, 'dropped'));
  r.quotes.original.forEach((q) => check(q.span, a, 'quote original'));
  r.quotes.candidate.forEach((q) => check(q.span, b, 'quote candidate'));
  r.findings.forEach((f, k) => {
    if (!FINDING_KINDS.includes(f.kind)) out.push(`finding ${k} kind ${f.kind}`);
    if (!SEVERITIES.includes(f.severity)) out.push(`finding ${k} severity ${f.severity}`);
    if (typeof f.message !== 'string' || f.message === '') out.push(`finding ${k} has no message`);
    if (f.original) check(f.original, a, `finding ${k} original`);
    if (f.candidate) check(f.candidate, b, `finding ${k} candidate`);
  });
  // The report is plain JSON: it survives a round trip unchanged.
  if (JSON.stringify(JSON.parse(JSON.stringify(r))) !== JSON.stringify(r)) out.push('report does not round-trip through JSON');
  return out;
}

/** Every broken invariant of a prepared document (empty when there is none). */
function docProblems(doc: Doc, text: string): string[] {
  const out: string[] = [];
  const { norm, map, sentences, tokens } = doc;
  if (doc.text !== text) out.push('doc.text is not the input');
  if (map.length !== norm.length + 1) out.push(`map length ${map.length} for norm length ${norm.length}`);
  if (map[norm.length] !== text.length) out.push('map does not end at text.length');
  for (let k = 0; k < map.length; k++) {
    if (map[k]! < 0 || map[k]! > text.length || (k > 0 && map[k]! < map[k - 1]!)) {
      out.push(`map[${k}] = ${map[k]} breaks monotonicity or range`);
      break;
    }
  }
  let prevEnd = 0;
  sentences.forEach((s, k) => {
    if (s.index !== k) out.push(`sentence ${k} has index ${s.index}`);
    if (s.start < prevEnd || s.end <= s.start || s.end > norm.length) out.push(`sentence ${k} [${s.start}, ${s.end}) overlaps or is out of range`);
    if (s.tokenStart > s.tokenEnd || s.tokenEnd > tokens.length) out.push(`sentence ${k} token range`);
    prevEnd = s.end;
  });
  tokens.forEach((t, k) => {
    const s = sentences[t.sentence];
    if (s === undefined || t.start < s.start || t.end > s.end || t.end <= t.start) out.push(`token ${k} outside its sentence`);
    if (k > 0 && t.start < tokens[k - 1]!.end) out.push(`token ${k} overlaps the previous one`);
  });
  return out;
}

/** Run `detectRewrites` and return the report's problems; a RespunError is accepted only when `limitOk`. */
function detectProblems(a: string, b: string, options?: { maxLength?: number }): string[] {
  let r: RewriteReport;
  try {
    r = detectRewrites(a, b, options);
  } catch (e) {
    return [`threw ${isRespunError(e) ? 'RespunError' : 'a non-respun error'}: ${(e as Error).message}`];
  }
  return reportProblems(r, a, b);
}

/** Pieces a scraped page can hold, hostile ones included. */
const HOSTILE_PIECES = [
  '\ud800', '\udbff', '\udc00', '\udfff', 'x\ud83d', '\ude00y', // lone surrogate halves
  'שלום', 'مرحبا', '\u202e', '\u202d', '\u200f', '\u061c', // RTL and bidi controls
  '東京', '北京。', 'ソウル', '한국', // CJK
  '👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '🇺🇦', '\u200d', '\ufe0f', // emoji sequences
  'e\u0301', 'a\u0300\u0316\u0301', '\u0301', '\u0338', // combining marks
  '\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\r', '\r\n', '\u2028', '\u2029', '\f', '\v', '\t',
  'ﬁ', 'ﬃ', 'Ａ', '①', '⒈', '․', '‥', '\u00a0', '\u3000', '\ufeff', '\ufffd', '\uffff', '\ufdfa',
  '“', '”', '"', "'", '‘', '’', '«', '»', '„', '‹', '›', '…', '-', '—', '(', ')',
  'Mr. ', 'U.S. ', 'No. ', 'Aug. 13 ', 'J. K. ', 'a.m. ', '. ', '.', '! ', '? ', '\n', '\n\n', ' ',
  'Kyiv', 'Biden', 'Putin', 'said', 'dilemma', '74', '28km', '1,000', '3.5',
  'Picture: Getty', 'Read more: x\n', ' – Reuters', 'Copyright 2024', 'date 2024-08-14 ',
];
const hostilePiece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 8 }) },
);
const hostileText = fc.array(hostilePiece, { maxLength: 120 }).map((p) => p.join(''));

/**
 * A hostile pair that shares content: the candidate is the original's pieces
 * with some dropped, some replaced and some inserted, so the alignment,
 * quotation and finding code all get work.
 */
const hostilePair = fc
  .tuple(
    fc.array(hostilePiece, { minLength: 1, maxLength: 120 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'replace', 'insert', 'keep'), hostilePiece), { maxLength: 20 }),
  )
  .map(([pieces, edits]) => {
    const b = [...pieces];
    for (const [at, op, piece] of edits) {
      const k = at % (b.length + 1);
      if (op === 'drop') b.splice(k, 1);
      else if (op === 'replace') b.splice(k, 1, piece);
      else if (op === 'insert') b.splice(k, 0, piece);
    }
    return [pieces.join(''), b.join('')] as const;
  });

describe('arbitrary and hostile text gives a valid report', () => {
  test('any two strings of UTF-16 code units, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), (a, b) => {
        expect(detectProblems(a, b)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test('hostile pieces (RTL, CJK, emoji, marks, controls, NUL, every quote mark, abbreviations)', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (a, b) => {
        expect(detectProblems(a, b)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('hostile pairs that share most of their text (alignment, quotes and findings all run)', () => {
    fc.assert(
      fc.property(hostilePair, ([a, b]) => {
        expect(detectProblems(a, b)).toEqual([]);
        expect(detectProblems(b, a)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('every shape makes exactly the size asked for, the smallest sizes included', () => {
    for (const shape of SHAPES) for (let size = 0; size < 40; size++) expect([shape.name, size, shape.make(size, 2).length]).toEqual([shape.name, size, size]);
  });

  test('every timed shape of scripts/hostile-timing.ts, at random sizes up to 20,000 code units', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SHAPES), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 1000 }), (shape, size, seed) => {
        const a = shape.make(size, seed);
        const b = shape.make(size, seed + 1);
        expect(a.length).toBe(size);
        expect(detectProblems(a, b)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the text stages and quotation extraction keep their invariants on hostile text', () => {
  test('prepare: offset map monotone and complete, sentences and tokens ordered and in range', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
        expect(docProblems(prepare(text), text)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  test('extractQuotes: quotations inside the text, non-empty, in a real sentence', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const doc = prepare(text);
        for (const q of extractQuotes(doc)) {
          expect(q.start).toBeGreaterThanOrEqual(0);
          expect(q.end).toBeGreaterThan(q.start);
          expect(q.end).toBeLessThanOrEqual(doc.norm.length);
          expect(q.sentence).toBeGreaterThanOrEqual(0);
          expect(q.sentence).toBeLessThan(Math.max(1, doc.sentences.length));
          if (q.speaker !== undefined) expect(typeof q.speaker).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('large hostile inputs named in issue 7 give a valid report', () => {
  // Each at a size that keeps the suite quick; scripts/hostile-timing.ts runs the same shapes up to 1 MB.
  const big: Array<[string, () => string, () => string]> = [
    ['a 1 MB line with no spaces', () => 'ab'.repeat(500_000), () => 'ab'.repeat(500_000)],
    ['one word repeated 200,000 times', () => 'spin '.repeat(200_000), () => 'spin '.repeat(199_999) + 'spun'],
    ['50,000 one-word lines', () => 'word\n'.repeat(50_000), () => 'Word.\n'.repeat(50_000)],
    ['text of dots', () => '.'.repeat(200_000), () => '. '.repeat(100_000)],
    ['thousands of abbreviations', () => 'Mr. U.S. No. '.repeat(5_000), () => 'Mr. U.S. No. 10 Aug. 13 J. K. '.repeat(2_000)],
    ['very many alike sentences', () => 'The minister said the plan would work. '.repeat(3_000), () => 'The minister said the plan would work. '.repeat(2_999) + 'The minister said it would fail.'],
    ['a long run of combining marks on one letter', () => 'a' + '\u0301\u0316'.repeat(50_000), () => 'b' + '\u0301'.repeat(100_000)],
  ];
  for (const mark of ['“', '”', '"', "'", '‘', '’', '«', '»', '„']) {
    big.push([`100,000 ${mark} marks in a row`, () => mark.repeat(100_000), () => `He said ${mark}no${mark}. `.repeat(500)]);
  }
  big.push(['unbalanced and mixed quotation marks', () => '“He said „no« and ‘yes" then \'maybe» ”'.repeat(500), () => '«“‘"\'„'.repeat(2_000)]);
  test.each(big)('%s', (_name, makeA, makeB) => {
    const a = makeA();
    const b = makeB();
    expect(detectProblems(a, b)).toEqual([]);
  });
});

describe('limits: a documented RespunError, never a crash', () => {
  test('text longer than maxLength throws InvalidInputError naming the argument, before any work', () => {
    const long = 'x'.repeat(1_000_001);
    expect(() => detectRewrites(long, 'short')).toThrow(InvalidInputError);
    expect(() => detectRewrites(long, 'short')).toThrow(/`original`.*at most 1000000/);
    expect(() => detectRewrites('short', { text: long })).toThrow(/`candidate`/);
    expect(() => detectRewrites('a'.repeat(101), 'b', { maxLength: 100 })).toThrow(InvalidInputError);
    expect(detectProblems('a'.repeat(100), 'b'.repeat(100), { maxLength: 100 })).toEqual([]);
  });

  test('exactly the default maxLength (1,000,000 code units) is accepted', () => {
    const text = 'x'.repeat(999_999) + '.';
    expect(detectProblems(text, 'x.')).toEqual([]);
  });

  test.each<[unknown, unknown]>([
    [null, 'x'],
    [undefined, 'x'],
    [42, 'x'],
    [['x'], 'x'],
    [{ text: 42 }, 'x'],
    [{}, 'x'],
    ['x', Symbol('x')],
    ['x', new String('x')],
  ])('wrong argument types throw InvalidInputError (%p, %p)', (a, b) => {
    expect(() => detectRewrites(a as never, b as never)).toThrow(InvalidInputError);
  });

  test.each<unknown>([0, -1, 1.5, Number.NaN, Infinity, '10', '1e3'])('maxLength %p throws InvalidOptionError', (maxLength) => {
    expect(() => detectRewrites('a', 'b', { maxLength } as never)).toThrow(InvalidOptionError);
  });

  test('property: any input either gives a valid report or throws a RespunError', () => {
    const value = fc.oneof(
      hostileText,
      fc.record({ text: hostileText, id: fc.option(fc.string(), { nil: undefined }) }),
      fc.anything(),
    );
    fc.assert(
      fc.property(value, value, fc.integer({ min: 1, max: 400 }), (a, b, maxLength) => {
        try {
          const r = detectRewrites(a as never, b as never, { maxLength });
          const ta = typeof a === 'string' ? a : (a as { text: string }).text;
          const tb = typeof b === 'string' ? b : (b as { text: string }).text;
          expect(reportProblems(r, ta, tb)).toEqual([]);
        } catch (e) {
          expect(isRespunError(e)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('fixes made for hostile input keep their results', () => {
  /** The LCS table sequenceSimilarity used before it went bit-parallel. */
  function tableSimilarity(x: readonly string[], y: readonly string[]): number {
    if (x.length === 0 && y.length === 0) return 1;
    if (x.length === 0 || y.length === 0) return 0;
    if (x.length * y.length > 250_000) return 0;
    let prev = new Uint16Array(y.length + 1);
    let cur = new Uint16Array(y.length + 1);
    for (let i = 1; i <= x.length; i++) {
      for (let j = 1; j <= y.length; j++) cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
      [prev, cur] = [cur, prev];
    }
    return (2 * prev[y.length]!) / (x.length + y.length);
  }

  test('bit-parallel sequenceSimilarity equals the LCS table, across word boundaries of the bit vectors', () => {
    const seq = (max: number) => fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: max });
    fc.assert(
      fc.property(seq(80), seq(80), (x, y) => sequenceSimilarity(x, y) === tableSimilarity(x, y)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(seq(600), seq(600), (x, y) => sequenceSimilarity(x, y) === tableSimilarity(x, y)),
      { numRuns: 200 },
    );
  });

  test('normalize: up to 30 combining marks normalise with their letter; longer runs keep a valid map', () => {
    const thirty = 'a' + '\u0316\u0301'.repeat(15);
    expect(normalize(thirty).norm).toBe(thirty.normalize('NFKC'));
    const long = 'a' + '\u0316\u0301'.repeat(1000);
    const { norm, map } = normalize(long);
    expect(norm.length).toBeGreaterThan(0);
    expect(map[norm.length]).toBe(long.length);
    for (let k = 1; k < map.length; k++) expect(map[k]!).toBeGreaterThanOrEqual(map[k - 1]!);
  });

  test('a caption credit followed by a long line of dots is still marked', () => {
    const text = 'Smoke over the city. Picture: Getty\n' + '. '.repeat(20_000) + 'x';
    const doc = prepare(text);
    expect(doc.sentences[0]!.boilerplate).toBe(true);
    expect(docProblems(doc, text)).toEqual([]);
  });

  test('one long sentence against many one-word sentences: the group merges at most 8 per side', () => {
    const w = Array.from({ length: 400 }, (_, k) => `Q${k.toString(36)}z`);
    const a = prepare(w.join(' ') + '.');
    const b = prepare(w.slice(0, 200).join(' ') + '.\n' + w.slice(200).map((x) => x + '.').join('\n'));
    const groups = align(a, b);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.original).toEqual([0]);
    expect(groups[0]!.candidate).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
