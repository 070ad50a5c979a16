/**
 * Hand-built reports over the seed pair (000 original, 001 spun rewrite), so the
 * renderers are tested without depending on the detector's current output.
 * Every span is found by searching the real text, then checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, RewriteReport, TextSpan } from '../../src/types';

export const SEEDS = join(__dirname, '..', '..', 'fixtures', 'seeds');
export const ORIGINAL_PATH = join(SEEDS, '000_a267aa29c8143298.txt');
export const CANDIDATE_PATH = join(SEEDS, '001_04a6fa0171dea636.txt');
export const ORIGINAL = readFileSync(ORIGINAL_PATH, 'utf8');
export const CANDIDATE = readFileSync(CANDIDATE_PATH, 'utf8');

/** The span of the `nth` occurrence of `needle` in `text`. */
export function span(text: string, needle: string, nth = 0): TextSpan {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`test fixture: ${JSON.stringify(needle)} not found`);
  }
  return { start: at, end: at + needle.length, text: needle };
}

/** The sentence of `text` that contains `needle`, as a span (up to the next line break). */
export function lineSpan(text: string, needle: string): TextSpan {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`test fixture: ${JSON.stringify(needle)} not found`);
  const start = text.lastIndexOf('\n', at) + 1;
  const nl = text.indexOf('\n', at);
  const end = nl < 0 ? text.length : nl;
  return { start, end, text: text.slice(start, end) };
}

/** A report for 000 → 001 with two aligned paragraphs and two quote findings, checked by hand against the seeds. */
export function seedReport(): RewriteReport {
  const o = ORIGINAL;
  const c = CANDIDATE;
  const findings: Finding[] = [
    {
      kind: 'altered-quote',
      severity: 'high',
      original: span(o, 'real dilemma'),
      candidate: span(c, 'spoken quandary'),
      speaker: 'Joe Biden',
      message: 'Quote altered (Joe Biden): “real dilemma” → “spoken quandary”',
    },
    {
      kind: 'altered-quote',
      severity: 'high',
      original: span(o, 'special military operation'),
      candidate: span(c, 'special military procedure'),
      message: 'Quote altered: “special military operation” → “special military procedure”',
    },
  ];
  return {
    schemaVersion: 1,
    verdict: 'rewrite',
    scores: {
      shingleJaccard: 0.0133,
      minhashJaccard: 0.0156,
      contentJaccard: 0.3393,
      coverage: { original: 0.9061, candidate: 0.8234 },
      meanAlignedSimilarity: 0.5039,
    },
    alignments: [
      {
        original: [lineSpan(o, 'Ukraine kept pounding')],
        candidate: [lineSpan(c, 'As reported, on Wednesday')],
        similarity: 0.3016,
        kind: 'paraphrase',
      },
      {
        original: [lineSpan(o, 'Four Ukraine-launched missiles')],
        candidate: [lineSpan(c, 'The acting regional governor disclosed')],
        similarity: 0.6091,
        kind: 'paraphrase',
      },
    ],
    added: [span(c, 'In retaliation, Russia targeted Ukrainian forces in the Kursk region using missiles and drones.')],
    dropped: [lineSpan(o, 'Reuters was not able to independently verify')],
    quotes: {
      original: [{ span: span(o, 'real dilemma'), speaker: 'Joe Biden' }, { span: span(o, 'special military operation') }],
      candidate: [{ span: span(c, 'spoken quandary'), speaker: 'Joe Biden' }, { span: span(c, 'special military procedure') }],
    },
    findings,
  };
}

/** Hostile article text: markup in the body and inside a quotation. */
export const EVIL_ORIGINAL = 'Officials said <script>window.__pwned = 1</script> nothing. The minister called it a “"><img src=x onerror="window.__pwned=2"> plan” on Tuesday.';
export const EVIL_CANDIDATE = 'Officials said nothing & more. The minister called it a “<b>bold</b> & "safe" plan” on Tuesday.';

/** A report over the hostile texts with a finding whose quotes carry markup. */
export function evilReport(): RewriteReport {
  const o = EVIL_ORIGINAL;
  const c = EVIL_CANDIDATE;
  const qo = span(o, '"><img src=x onerror="window.__pwned=2"> plan');
  const qc = span(c, '<b>bold</b> & "safe" plan');
  return {
    schemaVersion: 1,
    verdict: 'rewrite',
    scores: { shingleJaccard: 0.1, minhashJaccard: 0.1, contentJaccard: 0.5, coverage: { original: 1, candidate: 1 }, meanAlignedSimilarity: 0.7 },
    alignments: [
      { original: [span(o, 'Officials said <script>window.__pwned = 1</script> nothing.')], candidate: [span(c, 'Officials said nothing & more.')], similarity: 0.8, kind: 'edited' },
      { original: [span(o, `The minister called it a “${qo.text}” on Tuesday.`)], candidate: [span(c, `The minister called it a “${qc.text}” on Tuesday.`)], similarity: 0.6, kind: 'paraphrase' },
    ],
    added: [],
    dropped: [],
    quotes: { original: [{ span: qo, speaker: '<i>Minister</i>' }], candidate: [{ span: qc }] },
    findings: [
      {
        kind: 'altered-quote',
        severity: 'high',
        original: qo,
        candidate: qc,
        speaker: '<i>Minister</i>',
        message: `Quote altered (<i>Minister</i>): “${qo.text}” → “${qc.text}”`,
      },
    ],
  };
}
