/**
 * End-to-end checks on real text: our own labelled pairs in fixtures/pairs
 * (devset format) and the seed articles in fixtures/seeds, through the public
 * `detectRewrites`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectRewrites } from '../src/compare/detect';
import { evaluate } from '../scripts/eval';
import type { Finding, RewriteReport } from '../src/types';

const root = join(__dirname, '..', 'fixtures');
const seed = (prefix: string) => {
  const name = readdirSync(join(root, 'seeds')).find((f) => f.startsWith(prefix))!;
  return readFileSync(join(root, 'seeds', name), 'utf8');
};

function expectSpansValid(original: string, candidate: string, r: RewriteReport): void {
  for (const f of r.findings) {
    if (f.original) expect(original.slice(f.original.start, f.original.end)).toBe(f.original.text);
    if (f.candidate) expect(candidate.slice(f.candidate.start, f.candidate.end)).toBe(f.candidate.text);
  }
}

describe('fixture pairs (fixtures/pairs, gold checked by hand)', () => {
  const result = evaluate(root);
  const names = result.perPair.map((p) => p.name);
  test('every pair is found', () => {
    expect(names).toEqual([
      '01-spun-harbour-ferry',
      '02-indirect-school-meals',
      '03-fabricated-orchestra',
      '04-minor-bakery',
      '05-faithful-glacier',
      '06-related-glacier',
      '07-light-cycle-lanes',
      '08-spun-dam-repairs',
      '09-spun-penguins',
      '10-indirect-wrapped-lines',
      '11-faithful-moved-quotes',
      '12-fabricated-hospital-parking',
      '13-spun-village-fete',
      '14-spun-swing-bridge',
      '15-indirect-bakers',
      '16-spun-quarry-jobs',
      '17-spun-museum-roof',
    ]);
  });
  test.each(result.perPair.map((p) => [p.name, p] as const))('%s: verdict and exactly the gold findings', (_name, p) => {
    expect(p.verdictOk).toBe(true);
    expect(p.missed).toEqual([]);
    expect(p.extra).toEqual([]);
    expect(p.severityMismatches).toEqual([]);
    expect(p.minorTooSevere).toEqual([]);
    expect(p.falseAlarms).toEqual([]);
  });
  test('every span of every pair is the caller’s own text', () => {
    for (const name of names) {
      const o = readFileSync(join(root, 'pairs', name, 'original.txt'), 'utf8');
      const c = readFileSync(join(root, 'pairs', name, 'candidate.txt'), 'utf8');
      expectSpansValid(o, c, detectRewrites(o, c));
    }
  });
  test('severities of the spun pairs', () => {
    const o = readFileSync(join(root, 'pairs', '08-spun-dam-repairs', 'original.txt'), 'utf8');
    const c = readFileSync(join(root, 'pairs', '08-spun-dam-repairs', 'candidate.txt'), 'utf8');
    const fs = detectRewrites(o, c).findings.map((f) => `${f.kind} ${f.severity} ${f.message}`);
    expect(fs).toEqual([
      'altered-name low Name spelt differently (transliteration): Zaporizhzhia → Zaporizhia',
      'altered-quote high Quote altered (Ivan Fedorov): “We are racing against the spring floods,” → “We are racing against the autumn storms,”',
    ]);
  });
});

describe('seeds', () => {
  const a = seed('000');
  const b = seed('001');
  const r = detectRewrites(a, b);
  const brief = (fs: Finding[]) =>
    fs.map((f) => [f.kind, f.severity, f.original?.text ?? null, f.kind === 'unquoted-quote' ? null : (f.candidate?.text ?? null)]);

  test('000 → 001 gives exactly the findings of seeds/README.md, in candidate order', () => {
    expect(r.verdict).toBe('rewrite');
    // Written from seeds/README.md ("Expected findings for 000 → 001").
    expect(brief(r.findings)).toEqual([
      ['altered-quote', 'high', 'real dilemma', 'spoken quandary'],
      ['altered-quote', 'high', 'It’s creating a real dilemma for Putin,', 'pronounced quandary'],
      ['altered-name', 'low', 'Kyiv', 'Kiev'],
      ['unquoted-quote', 'medium', 'pinning down', null],
      ['unquoted-quote', 'medium', 'fighting shoulder to shoulder', null],
      ['altered-quote', 'high', 'special military operation', 'special military procedure'],
      ['altered-quote', 'high', 'exchange fund', 'exchange programme.'],
      ['unquoted-quote', 'medium', 'key steps', null],
      ['unquoted-quote', 'medium', 'Everything is being executed according to the plan.', null],
      [
        'altered-quote',
        'high',
        'The situation in the Belgorod region continues to be extremely difficult and tense,',
        'The situation in the Belgorod region remains drastically complex and charged.',
      ],
    ]);
    expectSpansValid(a, b, r);
  });

  test('000 → 001: no false alarms on Rybar, the quoted headline or its ‘Dilemma’', () => {
    const texts = r.findings.flatMap((f) => [f.original?.text ?? '', f.kind === 'unquoted-quote' ? '' : (f.candidate?.text ?? '')]);
    expect(texts.some((t) => t.includes('Rybar') || t.includes('Dilemma') || t.includes('Kursk Assault'))).toBe(false);
    expect(r.findings.some((f) => f.kind === 'added-quote' || f.kind === 'dropped-quote')).toBe(false);
    expect(r.findings.some((f) => f.kind === 'altered-number')).toBe(false); // "26 to 28km (16 to 17 miles)" → "26 to 28 kilometres"
  });

  test('000 → 001: unquoted quotations point at the sentences that paraphrase them', () => {
    const unquoted = r.findings.filter((f) => f.kind === 'unquoted-quote').map((f) => f.candidate!.text.slice(0, 40));
    expect(unquoted).toEqual([
      'Russian military blogger “Rybar”, who is',
      'In a statement on Telegram, the interim ',
      'The Ukrainian President, through video c',
      'Syrskyi replied, confidently stating the',
    ]);
  });

  test('000 → 001 messages', () => {
    expect(r.findings[0]!.message).toBe('Quote altered (Joe Biden): “real dilemma” → “spoken quandary”');
    expect(r.findings[2]!.message).toBe('Name spelt differently (transliteration): Kyiv → Kiev');
  });

  test.each(['002', '003', '004'])('000 → %s (related coverage): no added, dropped or unquoted flood', (n) => {
    const c = seed(n);
    const rel = detectRewrites(a, c);
    expect(rel.verdict).toBe('related');
    expect(rel.findings.filter((f) => f.kind !== 'altered-quote')).toEqual([]);
    expectSpansValid(a, c, rel);
  });

  test('000 → 002: cross-outlet variants of the same speaker’s quotations', () => {
    const rel = detectRewrites(a, seed('002'));
    expect(rel.findings.map((f) => [f.speaker, f.original!.text, f.candidate!.text])).toEqual([
      [
        'Vyacheslav Gladkov',
        'The situation in the Belgorod region continues to be extremely difficult and tense,',
        'The situation in the Belgorod region continues to be very difficult and tense,',
      ],
      ['Joe Biden', 'It’s creating a real dilemma for Putin,', 'creating a real embarrassment for Putin'],
    ]);
  });
});
