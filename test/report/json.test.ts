import { canonicalReport, renderJson, renderJsonl, renderScanJson } from '../../src/report/json';
import type { RewriteReport } from '../../src/types';
import { seedReport } from './helpers';

/** The same report with every object's keys inserted in reverse order. */
function reversed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversed) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).reverse()) out[k] = reversed((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}

describe('renderJson', () => {
  const report = seedReport();

  it('is byte-identical whatever order the keys were built in', () => {
    expect(renderJson(reversed(report))).toBe(renderJson(report));
  });

  it('puts keys in contract order with a 2-space indent and a final newline', () => {
    const out = renderJson(reversed(report));
    expect(out.startsWith('{\n  "schemaVersion": 1,\n  "verdict": "rewrite",\n  "scores": {\n    "shingleJaccard": 0.0133,')).toBe(true);
    expect(out.endsWith('}\n')).toBe(true);
    const top = Object.keys(JSON.parse(out) as object);
    expect(top).toEqual(['schemaVersion', 'verdict', 'scores', 'alignments', 'added', 'dropped', 'quotes', 'findings']);
    const parsed = JSON.parse(out) as RewriteReport;
    expect(Object.keys(parsed.findings[0]!)).toEqual(['kind', 'severity', 'original', 'candidate', 'speaker', 'message']);
    expect(Object.keys(parsed.alignments[0]!)).toEqual(['original', 'candidate', 'similarity', 'kind']);
    expect(Object.keys(parsed.findings[0]!.original!)).toEqual(['start', 'end', 'text']);
    expect(Object.keys(parsed.scores.coverage)).toEqual(['original', 'candidate']);
  });

  it('round-trips the report unchanged', () => {
    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it('keeps unknown fields, sorted, after the contract ones and drops undefined', () => {
    const extra = { ...report, zeta: 1, alpha: { b: 2, a: 1 }, gone: undefined } as unknown as RewriteReport;
    const keys = Object.keys(canonicalReport(extra) as object);
    expect(keys.slice(-2)).toEqual(['alpha', 'zeta']);
    expect(renderJson(extra)).toContain('"alpha": {\n    "a": 1,\n    "b": 2\n  }');
    expect(keys).not.toContain('gone');
  });
});

describe('renderJsonl and renderScanJson', () => {
  const report = seedReport();
  it('writes one compact line per pair, original first', () => {
    const out = renderJsonl([
      { original: 'a.txt', candidate: 'b.txt', report },
      { candidate: 'c.txt', original: 'a.txt', report: reversed(report) },
    ]);
    const lines = out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines[0]!.startsWith('{"original":"a.txt","candidate":"b.txt","report":{"schemaVersion":1,')).toBe(true);
    expect(lines[1]!.startsWith('{"original":"a.txt","candidate":"c.txt","report":{"schemaVersion":1,')).toBe(true);
    expect(lines[1]!.slice(lines[1]!.indexOf('"report"'))).toBe(lines[0]!.slice(lines[0]!.indexOf('"report"')));
  });
  it('renders an empty scan as nothing', () => {
    expect(renderJsonl([])).toBe('');
  });
  it('renders a whole scan as one document', () => {
    const doc = JSON.parse(renderScanJson({ articles: 5, pairs: [{ original: 'a', candidate: 'b', report }], clusters: [{ original: 'a', rewrites: ['b'] }] })) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'articles', 'pairs', 'clusters']);
    expect(doc['clusters']).toEqual([{ original: 'a', rewrites: ['b'] }]);
  });
});
