import { renderMarkdown, renderScanMarkdown } from '../../src/report/markdown';
import { CANDIDATE, EVIL_CANDIDATE, EVIL_ORIGINAL, ORIGINAL, evilReport, seedReport } from './helpers';

describe('renderMarkdown', () => {
  it('gives a title, a verdict table and a findings table', () => {
    const out = renderMarkdown(seedReport(), { id: '000.txt', text: ORIGINAL }, { id: '001.txt', text: CANDIDATE });
    const lines = out.split('\n');
    expect(lines[0]).toBe('### respun: 001.txt is a rewrite of 000.txt');
    expect(lines).toContain('| **rewrite** | 0.01 | 0.02 | 0.34 | 0.91 | 0.82 | 0.50 | 2 (2 high) |');
    expect(lines).toContain('#### Findings (2)');
    expect(lines).toContain('| 1 | 🔴 high | altered-quote | Joe Biden | “real dilemma” | “spoken quandary” |');
    expect(lines).toContain('| 2 | 🔴 high | altered-quote |  | “special military operation” | “special military procedure” |');
  });

  it('escapes Markdown and HTML in article text, ids and speakers', () => {
    const out = renderMarkdown(evilReport(), { id: 'a|<b>.txt', text: EVIL_ORIGINAL }, { id: '*x*', text: EVIL_CANDIDATE });
    expect(out).not.toMatch(/<(img|b|i|script)\b/);
    expect(out).toContain('### respun: \\*x\\* is a rewrite of a\\|&lt;b&gt;.txt');
    expect(out).toContain(
      '| 1 | 🔴 high | altered-quote | &lt;i&gt;Minister&lt;/i&gt; | “"&gt;&lt;img src=x onerror="window.\\_\\_pwned=2"&gt; plan” | “&lt;b&gt;bold&lt;/b&gt; &amp; "safe" plan” |',
    );
  });

  it('says so when there are no findings', () => {
    expect(renderMarkdown({ ...seedReport(), findings: [] }, 'a', 'b')).toContain('#### Findings (0)\n\nNo findings.\n');
  });
});

describe('renderScanMarkdown', () => {
  it('lists pairs, clusters and each pair’s findings in a collapsed block', () => {
    const report = seedReport();
    const out = renderScanMarkdown({
      articles: 5,
      pairs: [{ original: '000.txt', candidate: '001.txt', report }],
      clusters: [{ original: '000.txt', rewrites: ['001.txt'] }],
    });
    const lines = out.split('\n');
    expect(lines[0]).toBe('### respun scan: 1 duplicate or rewrite pair among 5 articles');
    expect(lines).toContain('| 1. 001.txt ← 000.txt | **rewrite** | 0.01 | 0.02 | 0.34 | 0.91 | 0.82 | 0.50 | 2 (2 high) |');
    expect(lines).toContain('- **000.txt** ← 001.txt');
    expect(lines).toContain('<details><summary>1. 001.txt is a rewrite of 000.txt: 2 findings</summary>');
  });
  it('escapes ids in the HTML summary', () => {
    const out = renderScanMarkdown({ articles: 2, pairs: [{ original: '<img src=x>', candidate: 'b', report: seedReport() }], clusters: [] });
    expect(out).toContain('<summary>1. b is a rewrite of &lt;img src=x&gt;: 2 findings</summary>');
  });
  it('says so when nothing was found', () => {
    expect(renderScanMarkdown({ articles: 3, pairs: [], clusters: [] })).toBe(
      '### respun scan: 0 duplicate or rewrite pairs among 3 articles\n\nNo duplicates or rewrites found.\n',
    );
  });
});

describe('renderMarkdown quotation marks', () => {
  it('puts marks around quoted words only, not around a paraphrasing sentence or a name', () => {
    const r = seedReport();
    const para = r.alignments[1]!.candidate[0]!;
    const report = {
      ...r,
      findings: [
        { kind: 'unquoted-quote' as const, severity: 'medium' as const, original: r.findings[0]!.original!, candidate: para, message: 'Quote turned into indirect speech' },
        { kind: 'altered-name' as const, severity: 'low' as const, original: { start: 0, end: 0, text: '' }, candidate: { start: 0, end: 0, text: '' }, message: 'Name' },
      ],
    };
    const lines = renderMarkdown(report, ORIGINAL, CANDIDATE, { maxQuoteLength: 40 }).split('\n');
    expect(lines).toContain('| 1 | 🟠 medium | unquoted-quote |  | “real dilemma” | The acting regional governor disclosed… |');
    expect(lines).toContain('| 2 | ⚪ low | altered-name |  |  |  |');
  });
});
