import { InvalidInputError } from '../../src/errors';
import { renderHtml, renderScanHtml } from '../../src/report/html';
import type { Article, RewriteReport } from '../../src/types';
import { CANDIDATE, EVIL_CANDIDATE, EVIL_ORIGINAL, ORIGINAL, evilReport, seedReport } from './helpers';
import { parse, type Node as El } from './mini-dom';

const dom = parse;
const all = (root: El, sel: string): El[] => root.querySelectorAll(sel);

/** The text of a pane as a reader sees it in the page, without the finding number markers. */
function paneText(doc: El, side: string, scope = ''): string {
  return doc.querySelector(`${scope}.text[data-side="${side}"]`)!.text('.fm');
}

const joined = (els: El[]): string => els.map((e) => e.textContent).join('');

describe('renderHtml on the seed pair', () => {
  const report = seedReport();
  const html = renderHtml(report, { id: '000.txt', text: ORIGINAL }, { id: '001.txt', text: CANDIDATE });
  const doc = dom(html);

  it('shows the verdict and the scores on top', () => {
    expect(doc.querySelector('h1.verdict')!.textContent).toBe('rewrite 001.txt is a rewrite of 000.txt');
    expect(all(doc, 'table.scores td').map((td) => td.textContent)).toEqual(['0.01', '0.02', '0.34', '0.91', '0.82', '0.50']);
  });

  it('keeps each text whole and in order', () => {
    expect(paneText(doc, 'original')).toBe(ORIGINAL);
    expect(paneText(doc, 'candidate')).toBe(CANDIDATE);
  });

  it('links each aligned sentence with its counterpart', () => {
    report.alignments.forEach((a, i) => {
      expect(joined(all(doc, `.text[data-side="original"] [data-a="${i}"]`))).toBe(a.original.map((s) => s.text).join(''));
      expect(joined(all(doc, `.text[data-side="candidate"] [data-a="${i}"]`))).toBe(a.candidate.map((s) => s.text).join(''));
    });
  });

  it('marks each quote finding in both texts, with its message, nested inside the aligned sentence', () => {
    const pieces = all(doc, '.text[data-side="candidate"] [data-f~="0"]');
    expect(joined(pieces)).toBe('spoken quandary');
    expect(pieces[0]!.getAttribute('class')).toBe('al f k-paraphrase kind-altered-quote q sev-high');
    expect(pieces[0]!.getAttribute('data-a')).toBe('0');
    expect(pieces[0]!.getAttribute('title')).toContain('Quote altered (Joe Biden): “real dilemma” → “spoken quandary”');
    expect(joined(all(doc, '.text[data-side="original"] [data-f~="0"]'))).toBe('real dilemma');
    expect(joined(all(doc, '.text[data-side="original"] [data-f~="1"]'))).toBe('special military operation');
    expect(all(doc, '.findings li').map((li) => li.getAttribute('class'))).toEqual(['finding sev-high', 'finding sev-high']);
  });

  it('shades added and dropped sentences', () => {
    expect(joined(all(doc, '.text[data-side="candidate"] .added'))).toBe(report.added[0]!.text);
    expect(joined(all(doc, '.text[data-side="original"] .dropped'))).toBe(report.dropped[0]!.text);
  });

  it('makes no external request: no src, no remote href, a CSP that forbids them', () => {
    expect(all(doc, '[src]')).toHaveLength(0);
    expect(all(doc, '[href]').every((e) => e.getAttribute('href')!.startsWith('#'))).toBe(true);
    expect(all(doc, 'link')).toHaveLength(0);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toMatch(/^default-src 'none';/);
  });

  it('is deterministic', () => {
    expect(renderHtml(report, { id: '000.txt', text: ORIGINAL }, { id: '001.txt', text: CANDIDATE })).toBe(html);
  });
});

describe('renderHtml escapes article text', () => {
  const html = renderHtml(evilReport(), { id: '"><script>x()</script>', text: EVIL_ORIGINAL, title: '<img src=y onerror=z()>' }, EVIL_CANDIDATE);
  const doc = dom(html);

  it('lets no markup from the articles through', () => {
    expect(all(doc, 'script')).toHaveLength(1); // the report's own
    expect(all(doc, 'img, b, i')).toHaveLength(0);
    for (const el of all(doc, '*')) {
      for (const attr of el.attrs) expect(attr.name.startsWith('on')).toBe(false);
    }
    expect(html).not.toContain('<script>window');
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
  });

  it('still shows the hostile text exactly, quote included', () => {
    expect(paneText(doc, 'original')).toBe(EVIL_ORIGINAL);
    expect(paneText(doc, 'candidate')).toBe(EVIL_CANDIDATE);
    expect(joined(all(doc, '.text[data-side="original"] [data-f~="0"]'))).toBe('"><img src=x onerror="window.__pwned=2"> plan');
    expect(doc.querySelector('.findings li')!.textContent).toContain('(<i>Minister</i>)');
    expect(doc.querySelector('title')!.textContent).toBe('respun: candidate is a rewrite of "><script>x()</script>');
    expect(doc.querySelector('.headline')!.textContent).toBe('<img src=y onerror=z()>');
  });
});

describe('renderHtml checks spans', () => {
  it('refuses a report made for other texts', () => {
    expect(() => renderHtml(seedReport(), CANDIDATE, ORIGINAL)).toThrow(InvalidInputError);
  });
  it('renders an empty report of empty texts', () => {
    const empty: RewriteReport = {
      schemaVersion: 1,
      verdict: 'unrelated',
      scores: { shingleJaccard: 0, minhashJaccard: 0, contentJaccard: 0, coverage: { original: 0, candidate: 0 }, meanAlignedSimilarity: 0 },
      alignments: [],
      added: [],
      dropped: [],
      quotes: { original: [], candidate: [] },
      findings: [],
    };
    const doc = dom(renderHtml(empty, '', ''));
    expect(paneText(doc, 'original')).toBe('');
    expect(doc.querySelector('.findings')!.textContent).toBe('Findings (0)No findings.');
  });
});

describe('renderScanHtml', () => {
  const report = seedReport();
  const articles = new Map<string, string | Article>([
    ['000.txt', { id: '000.txt', text: ORIGINAL }],
    ['001.txt', { id: '001.txt', text: CANDIDATE }],
    ['<x>', { id: '<x>', text: EVIL_ORIGINAL }],
    ['y', EVIL_CANDIDATE],
  ]);
  const html = renderScanHtml(
    {
      articles: 4,
      pairs: [
        { original: '000.txt', candidate: '001.txt', report },
        { original: '<x>', candidate: 'y', report: evilReport() },
      ],
      clusters: [{ original: '000.txt', rewrites: ['001.txt'] }, { original: '<x>', rewrites: ['y'] }],
    },
    articles,
  );
  const doc = dom(html);

  it('has an index of pairs linking to each pair', () => {
    expect(doc.querySelector('h1')!.textContent).toBe('respun scan: 2 duplicate or rewrite pairs among 4 articles');
    expect(all(doc, 'table.index a').map((a) => [a.getAttribute('href'), a.textContent])).toEqual([
      ['#p0-pair', '001.txt'],
      ['#p1-pair', 'y'],
    ]);
    expect(all(doc, 'section.pair').map((s) => s.getAttribute('id'))).toEqual(['p0-pair', 'p1-pair']);
    expect(all(doc, '.clusters li').map((li) => li.textContent)).toEqual(['000.txt ← 001.txt', '<x> ← y']);
  });

  it('renders each pair with its own finding ids', () => {
    expect(paneText(doc, 'candidate', '#p0-pair ')).toBe(CANDIDATE);
    expect(paneText(doc, 'original', '#p1-pair ')).toBe(EVIL_ORIGINAL);
    expect(all(doc, '.findings li').map((li) => li.getAttribute('id'))).toEqual(['p0-f0', 'p0-f1', 'p1-f0']);
    expect(all(doc, 'img, b')).toHaveLength(0);
  });

  it('refuses a pair whose article is missing', () => {
    expect(() => renderScanHtml({ articles: 1, pairs: [{ original: 'a', candidate: 'b', report }], clusters: [] }, new Map())).toThrow(
      /no article with id "a"/,
    );
  });
});

describe('renderHtml segments overlapping spans', () => {
  // Two sentences; a quote finding that starts in the first and ends in the second; an empty span.
  const text = 'He said “we will. Never stop” today. Fine.';
  const s1 = { start: 0, end: 17, text: 'He said “we will.' };
  const s2 = { start: 18, end: 36, text: 'Never stop” today.' };
  const q = { start: 9, end: 28, text: 'we will. Never stop' };
  const report: RewriteReport = {
    schemaVersion: 1,
    verdict: 'duplicate',
    scores: { shingleJaccard: 1, minhashJaccard: 1, contentJaccard: 1, coverage: { original: 1, candidate: 1 }, meanAlignedSimilarity: 1 },
    alignments: [
      { original: [s1], candidate: [s1], similarity: 1, kind: 'identical' },
      { original: [s2], candidate: [s2], similarity: 1, kind: 'identical' },
    ],
    added: [],
    dropped: [],
    quotes: { original: [{ span: q }], candidate: [{ span: q }] },
    findings: [
      { kind: 'altered-quote', severity: 'low', original: q, candidate: q, message: 'm1' },
      { kind: 'altered-name', severity: 'low', original: { start: 37, end: 37, text: '' }, message: 'm2' },
    ],
  };
  const doc = dom(renderHtml(report, text, text));
  const pane = doc.querySelector('.text[data-side="original"]')!;

  it('cuts at every boundary, each piece carrying every range over it', () => {
    const pieces = pane.children.map((c) =>
      typeof c === 'string' ? ['', c] : [`${c.getAttribute('class')}|${c.getAttribute('data-a') ?? ''}|${c.getAttribute('data-f') ?? ''}`, c.textContent],
    );
    expect(pieces).toEqual([
      ['al k-identical|0|', 'He said “'],
      ['al f k-identical kind-altered-quote q sev-low|0|0', 'we will.'],
      ['f kind-altered-quote q sev-low||0', ' '],
      ['al f k-identical kind-altered-quote q sev-low|1|0', 'Never stop'],
      ['fm||', '1'],
      ['al k-identical|1|', '” today.'],
      ['', ' '],
      ['fm||', '2'],
      ['', 'Fine.'],
    ]);
    expect(pane.text('.fm')).toBe(text);
  });
});
