import { renderText, verdictPhrase } from '../../src/report/text';
import type { RewriteReport } from '../../src/types';
import { CANDIDATE, EVIL_CANDIDATE, EVIL_ORIGINAL, ORIGINAL, evilReport, seedReport } from './helpers';

const ESC = '\u001b';

describe('renderText', () => {
  const o = { id: '000.txt', text: ORIGINAL };
  const c = { id: '001.txt', text: CANDIDATE };

  it('starts with the verdict and the scores', () => {
    const lines = renderText(seedReport(), o, c, { width: 80 }).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'REWRITE  001.txt is a rewrite of 000.txt',
      '  shingle Jaccard 0.01 · MinHash 0.02 · content Jaccard 0.34',
      '  coverage 0.91 original / 0.82 candidate · aligned similarity 0.50',
      '  2 aligned groups (0 identical, 0 edited, 2 paraphrase) · 1 added · 1 dropped sentences',
      '  quotes: 2 in original, 2 in candidate',
    ]);
  });

  it('shows both quotes of a finding side by side with their offsets', () => {
    const out = renderText(seedReport(), o, c, { width: 80 });
    // width 80 → two columns of (80 - 6) / 2 = 37 characters.
    expect(out).toContain(
      [
        ' 1 HIGH   altered-quote  (Joe Biden)',
        '   Quote altered (Joe Biden): “real dilemma” → “spoken quandary”',
        '   original 338–350                      │ candidate 334–349',
        '   “real dilemma”                        │ “spoken quandary”',
      ].join('\n'),
    );
    expect(ORIGINAL.slice(338, 350)).toBe('real dilemma');
    expect(CANDIDATE.slice(334, 349)).toBe('spoken quandary');
  });

  it('wraps long quotes in their own column', () => {
    const out = renderText(evilReport(), EVIL_ORIGINAL, EVIL_CANDIDATE, { width: 60 });
    // (60 - 6) / 2 = 27 characters a column.
    expect(out).toContain(
      [
        '   “"><img src=x' + ' '.repeat(14) + ' │ “<b>bold</b> & "safe" plan”',
        '   onerror="window.__pwned=2"> │',
        '   plan”' + ' '.repeat(22) + ' │',
      ].join('\n'),
    );
  });

  it('uses no escape sequences unless asked, and colours the verdict when asked', () => {
    expect(renderText(seedReport(), o, c)).not.toContain(ESC);
    expect(renderText(seedReport(), o, c, { color: true })).toContain(`${ESC}[1;31mREWRITE${ESC}[0m`);
  });

  it('neutralises control characters from article text', () => {
    const r = evilReport();
    const f = r.findings[0]!;
    const withEsc: RewriteReport = { ...r, findings: [{ ...f, speaker: `x${ESC}[2Jy`, message: `m${ESC}]0;title\u0007` }] };
    const out = renderText(withEsc, EVIL_ORIGINAL, EVIL_CANDIDATE);
    expect(out).not.toContain(ESC);
    expect(out).toContain('x\uFFFD[2Jy');
  });

  it('says so when there are no findings', () => {
    const out = renderText({ ...seedReport(), verdict: 'unrelated', findings: [] }, 'a', 'b');
    expect(out.split('\n')[0]).toBe('UNRELATED  candidate is unrelated to original');
    expect(out.endsWith('No findings.\n')).toBe(true);
  });

  it.each([
    ['duplicate', 'is a duplicate of'],
    ['rewrite', 'is a rewrite of'],
    ['related', 'covers the same story as'],
    ['unrelated', 'is unrelated to'],
  ] as const)('verdictPhrase(%s) = %s', (v, phrase) => {
    expect(verdictPhrase(v)).toBe(phrase);
  });
});
