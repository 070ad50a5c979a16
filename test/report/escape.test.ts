import { checkSpan, clip, escapeHtml, escapeMarkdown, formatScore, isQuotedSpan } from '../../src/report/escape';
import { InvalidInputError } from '../../src/errors';

describe('escapeHtml', () => {
  it.each([
    ['plain', 'plain'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['"><img src=x onerror=alert(1)>', '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'],
    ["it's & “curly”", 'it&#39;s &amp; “curly”'],
    ['&amp;', '&amp;amp;'],
  ])('%j → %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['Kyiv said on Tuesday', 'Kyiv said on Tuesday'],
    ['*bold* _it_ `code`', '\\*bold\\* \\_it\\_ \\`code\\`'],
    ['a | b', 'a \\| b'],
    ['<script>x</script>', '&lt;script&gt;x&lt;/script&gt;'],
    ['[link](http://x)', '\\[link\\](http://x)'],
    ['![img](x)', '\\!\\[img\\](x)'],
    ['line one\nline two', 'line one line two'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['1. first', '1\\. first'],
    ['2) second', '2\\) second'],
    ['001.txt', '001.txt'],
    ['-5 degrees', '-5 degrees'],
    ['+ plus', '\\+ plus'],
    ['costs $5 and $6', 'costs \\$5 and \\$6'],
    ['~~gone~~', '\\~\\~gone\\~\\~'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('formatScore and clip', () => {
  it.each([
    [0.33928, 2, '0.34'],
    [0, 2, '0.00'],
    [1, 2, '1.00'],
    [0.0133, 3, '0.013'],
  ])('formatScore(%p, %p) = %p', (v, d, expected) => {
    expect(formatScore(v, d)).toBe(expected);
  });
  it('clips by code point, collapsing white space', () => {
    expect(clip('a  very long\nsentence', 8)).toBe('a very…');
    expect(clip('short', 8)).toBe('short');
    expect(clip('😀😀😀😀', 3)).toBe('😀😀…');
  });
});

describe('checkSpan', () => {
  const text = 'Mr Biden said';
  it('accepts a real slice', () => {
    expect(() => checkSpan({ start: 3, end: 8, text: 'Biden' }, text, 'original')).not.toThrow();
  });
  it.each([
    [{ start: 3, end: 8, text: 'Bidem' }],
    [{ start: -1, end: 2, text: 'Mr' }],
    [{ start: 10, end: 20, text: 'aid' }],
    [{ start: 5, end: 3, text: '' }],
  ])('rejects %j naming the side', (s) => {
    expect(() => checkSpan(s, text, 'candidate')).toThrow(InvalidInputError);
    expect(() => checkSpan(s, text, 'candidate')).toThrow(/candidate span/);
  });
});

describe('isQuotedSpan', () => {
  it.each([
    ['altered-quote', true, true],
    ['unquoted-quote', true, false],
    ['added-quote', false, true],
    ['dropped-quote', true, false],
    ['altered-name', false, false],
    ['altered-number', false, false],
  ] as const)('%s: original %p, candidate %p', (kind, original, candidate) => {
    expect(isQuotedSpan(kind, 'original')).toBe(original);
    expect(isQuotedSpan(kind, 'candidate')).toBe(candidate);
  });
});
