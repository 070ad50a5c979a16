/**
 * Self-contained HTML reports: one file, inline CSS and JS, no external request
 * (a Content-Security-Policy forbids any). Verdict and scores on top, the
 * findings list, then the two texts side by side: aligned sentences are linked
 * (click one and its counterpart is highlighted and scrolled into view), added
 * and dropped sentences are shaded, every quote finding is highlighted in both
 * texts with its message.
 *
 * Spans in a report are UTF-16 offsets into the texts and may overlap (a quote
 * inside an aligned sentence, a finding inside a quote), so each text is cut at
 * the sorted list of every span boundary and each piece is wrapped in one
 * `<span>` carrying the classes and data attributes of every range covering it.
 * Every piece of article text goes through {@link escapeHtml}.
 */
import { InvalidInputError } from '../errors';
import { checkSpan, escapeHtml, formatScore } from './escape';
import type { ScanResult } from './json';
import { labelOf, verdictPhrase } from './text';
import type { Article, RewriteReport, TextSpan } from '../types';

/**
 * Options of {@link renderHtml} and {@link renderScanHtml}.
 * @example
 * renderHtml(report, a, b, { title: 'Kursk: Reuters vs example.com' });
 */
export interface HtmlOptions {
  /**
   * The page's `<title>`.
   * @default 'respun: <candidate> <verdict phrase> <original>' (or 'respun scan' for a scan)
   */
  title?: string;
}

/** A range of one text and the markup it contributes to every piece inside it. */
interface Range {
  start: number;
  end: number;
  classes: string[];
  /** Alignment index, for `data-a`. */
  align?: number;
  /** Finding index, for `data-f`. */
  finding?: number;
  /** Tooltip line. */
  note?: string;
}

type Side = 'original' | 'candidate';

/**
 * Cuts `text` at every range boundary and wraps each piece in the markup of the ranges covering it.
 * One sweep over the sorted boundaries keeps the set of open ranges, so a long text with many
 * sentences costs O(pieces × open ranges), not O(pieces × all ranges).
 */
function markup(text: string, ranges: readonly Range[], markers: ReadonlyMap<number, readonly number[]>, prefix: string): string {
  const cuts = new Set<number>([0, text.length]);
  const opening = new Map<number, number[]>();
  const closing = new Map<number, number[]>();
  ranges.forEach((r, i) => {
    cuts.add(r.start);
    cuts.add(r.end);
    if (r.start >= r.end) return;
    opening.set(r.start, [...(opening.get(r.start) ?? []), i]);
    closing.set(r.end, [...(closing.get(r.end) ?? []), i]);
  });
  for (const pos of markers.keys()) cuts.add(pos);
  const bounds = [...cuts].sort((a, b) => a - b);
  const out: string[] = [];
  const marker = (pos: number): void => {
    for (const f of markers.get(pos) ?? []) {
      out.push(`<a class="fm" href="#${prefix}f${f}" data-goto="${f}" title="finding ${f + 1}">${f + 1}</a>`);
    }
  };
  const open = new Set<number>();
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]!;
    const to = bounds[i + 1]!;
    for (const r of closing.get(from) ?? []) open.delete(r);
    for (const r of opening.get(from) ?? []) open.add(r);
    marker(from);
    const piece = escapeHtml(text.slice(from, to));
    if (open.size === 0) {
      out.push(piece);
      continue;
    }
    // In the order the ranges were given, so the markup does not depend on set history.
    const active = [...open].sort((a, b) => a - b).map((r) => ranges[r]!);
    const classes = [...new Set(active.flatMap((r) => r.classes))].sort();
    const align = active.find((r) => r.align !== undefined)?.align;
    const findings = [...new Set(active.flatMap((r) => (r.finding === undefined ? [] : [r.finding])))].sort((a, b) => a - b);
    const notes = active.flatMap((r) => (r.note ? [r.note] : []));
    const attrs = [`class="${classes.join(' ')}"`];
    if (align !== undefined) attrs.push(`data-a="${align}"`);
    if (findings.length > 0) attrs.push(`data-f="${findings.join(' ')}"`);
    if (notes.length > 0) attrs.push(`title="${escapeHtml(notes.join('\n'))}"`);
    out.push(`<span ${attrs.join(' ')}>${piece}</span>`);
  }
  marker(text.length);
  return out.join('');
}

/** The ranges and finding markers one side of a report contributes. */
function rangesOf(report: RewriteReport, side: Side, text: string): { ranges: Range[]; markers: Map<number, number[]> } {
  const ranges: Range[] = [];
  const markers = new Map<number, number[]>();
  report.alignments.forEach((a, i) => {
    for (const s of a[side]) {
      checkSpan(s, text, side);
      ranges.push({
        start: s.start,
        end: s.end,
        classes: ['al', `k-${a.kind}`],
        align: i,
        note: `aligned group ${i + 1}: ${a.kind}, similarity ${formatScore(a.similarity)}`,
      });
    }
  });
  const unmatched: TextSpan[] = side === 'original' ? report.dropped : report.added;
  for (const s of unmatched) {
    checkSpan(s, text, side);
    ranges.push({ start: s.start, end: s.end, classes: [side === 'original' ? 'dropped' : 'added'], note: side === 'original' ? 'dropped: no counterpart in the candidate' : 'added: no counterpart in the original' });
  }
  for (const q of report.quotes[side]) {
    checkSpan(q.span, text, side);
    ranges.push({ start: q.span.start, end: q.span.end, classes: ['q'] });
  }
  report.findings.forEach((f, i) => {
    const s = f[side];
    if (!s) return;
    checkSpan(s, text, side);
    ranges.push({ start: s.start, end: s.end, classes: ['f', `kind-${f.kind}`, `sev-${f.severity}`], finding: i, note: f.message });
    markers.set(s.end, [...(markers.get(s.end) ?? []), i]);
  });
  return { ranges, markers };
}

const textOf = (a: string | Article): string => (typeof a === 'string' ? a : a.text);

function scoresTable(report: RewriteReport): string {
  const s = report.scores;
  const cells: Array<[string, number]> = [
    ['shingle Jaccard', s.shingleJaccard],
    ['MinHash Jaccard', s.minhashJaccard],
    ['content Jaccard', s.contentJaccard],
    ['coverage, original', s.coverage.original],
    ['coverage, candidate', s.coverage.candidate],
    ['aligned similarity', s.meanAlignedSimilarity],
  ];
  return `<table class="scores"><tr>${cells.map(([k]) => `<th>${k}</th>`).join('')}</tr><tr>${cells.map(([, v]) => `<td>${formatScore(v)}</td>`).join('')}</tr></table>`;
}

/** The body of one pair: headline, scores, findings, the two texts. `prefix` keeps ids unique on a scan page. */
function pairSection(report: RewriteReport, original: string | Article, candidate: string | Article, prefix: string, heading: string): string {
  const textO = textOf(original);
  const textC = textOf(candidate);
  const o = rangesOf(report, 'original', textO);
  const c = rangesOf(report, 'candidate', textC);
  const nameO = labelOf(original, 'original');
  const nameC = labelOf(candidate, 'candidate');
  const findings = report.findings
    .map(
      (f, i) =>
        `<li id="${prefix}f${i}" class="finding sev-${f.severity}" data-goto="${i}"><span class="sev">${f.severity}</span> <span class="kind">${f.kind}</span> ${escapeHtml(f.message)}${
          f.original || f.candidate
            ? ` <span class="offsets">(${f.original ? `original ${f.original.start}–${f.original.end}` : ''}${f.original && f.candidate ? ', ' : ''}${f.candidate ? `candidate ${f.candidate.start}–${f.candidate.end}` : ''})</span>`
            : ''
        }</li>`,
    )
    .join('\n');
  // The headline, unless the text itself starts with it (as the CLI's HTML extraction does).
  const titleLine = (a: string | Article): string =>
    typeof a !== 'string' && a.title && !a.text.trimStart().startsWith(a.title) ? `<div class="headline">${escapeHtml(a.title)}</div>` : '';
  return `<section class="pair" id="${prefix}pair">
<${heading} class="verdict"><span class="badge v-${report.verdict}">${report.verdict}</span> ${escapeHtml(nameC)} ${verdictPhrase(report.verdict)} ${escapeHtml(nameO)}</${heading}>
${scoresTable(report)}
<p class="counts">${report.alignments.length} aligned sentence groups · ${report.added.length} added · ${report.dropped.length} dropped · quotes: ${report.quotes.original.length} in the original, ${report.quotes.candidate.length} in the candidate</p>
<div class="findings"><strong>Findings (${report.findings.length})</strong>${report.findings.length > 0 ? `<ol>\n${findings}\n</ol>` : '<p>No findings.</p>'}</div>
<p class="legend"><span class="al">aligned sentence</span> <span class="added">added</span> <span class="dropped">dropped</span> <span class="q">quote</span> <span class="f sev-high">quote finding</span> · click a sentence to see its counterpart</p>
<div class="cols">
<div class="col"><div class="side">Original: ${escapeHtml(nameO)}</div>${titleLine(original)}<div class="text" data-side="original">${markup(textO, o.ranges, o.markers, prefix)}</div></div>
<div class="col"><div class="side">Candidate: ${escapeHtml(nameC)}</div>${titleLine(candidate)}<div class="text" data-side="candidate">${markup(textC, c.ranges, c.markers, prefix)}</div></div>
</div>
</section>`;
}

const CSS = `
:root{color-scheme:light;--al:#eef3fb;--hl:#bfe1ff;--add:#dff5e1;--drop:#fde2e1;--q:#f3ecff;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f}
body{margin:0 auto;padding:1rem 1.5rem 3rem;max-width:1400px;line-height:1.45}
h1,h2{font-size:1.3rem;margin:.6rem 0}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:.4rem;color:#fff;text-transform:uppercase;font-size:.85rem;letter-spacing:.04em;vertical-align:middle}
.v-duplicate,.v-rewrite{background:#c62828}.v-related{background:#b26a00}.v-unrelated{background:#2e7d32}
table{border-collapse:collapse;margin:.4rem 0}th,td{border:1px solid #ccd;padding:.25rem .6rem;text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f5f7;font-weight:600;text-align:center}
.index td{text-align:left}.index td.num{text-align:right}
.counts,.legend{color:#555;font-size:.9rem}
.legend span{padding:0 .3rem;margin-right:.3rem}
.findings ol{padding-left:1.8rem;margin:.3rem 0}.finding{cursor:pointer;margin:.15rem 0}.finding:hover{background:#f4f5f7}
.finding.on{background:#ffe27a}
.sev{display:inline-block;min-width:4.2em;font-weight:600;text-transform:uppercase;font-size:.8rem}
.sev-high .sev{color:#c62828}.sev-medium .sev{color:#b26a00}.sev-low .sev{color:#666}
.kind{font-family:ui-monospace,monospace;font-size:.85rem}.offsets{color:#777;font-size:.8rem}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin-top:.6rem}
@media (max-width:800px){.cols{grid-template-columns:1fr}}
.side{font-weight:600;margin-bottom:.2rem}.headline{font-style:italic;color:#444;margin-bottom:.2rem}
.text{position:relative;white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid #ccd;border-radius:.4rem;padding:.6rem .8rem;max-height:75vh;overflow:auto;font-family:Georgia,"Times New Roman",serif;font-size:1rem}
.al{background:var(--al);cursor:pointer;border-bottom:1px dotted #8aa4cf}
.al:hover{background:#dbe6f7}
.k-identical{background:#f4f8f4}
.added{background:var(--add)}.dropped{background:var(--drop)}
.q{background-image:linear-gradient(var(--q),var(--q))}
.f{outline:2px solid #e0a000;outline-offset:0;background:#fff3c4}.f.sev-high{outline-color:#c62828;background:#ffd9d6}.f.sev-low{outline-color:#aaa;background:#f1f1f1}
.hl,.al.hl{background:var(--hl);box-shadow:0 0 0 2px #1a73e8}
.f.on{background:#ffe27a;box-shadow:0 0 0 3px #c62828}
.fm{font-size:.7rem;vertical-align:super;margin-left:1px;color:#c62828;text-decoration:none;font-family:system-ui,sans-serif;font-weight:700}
.clusters li{margin:.15rem 0}
section.pair+section.pair{border-top:2px solid #ccd;margin-top:2rem;padding-top:1rem}
`;

/** Links aligned sentences and findings. Reads only data attributes the renderer wrote; never touches article text as code. */
const SCRIPT = `
(function () {
  'use strict';
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function clear(pair) {
    each(pair.querySelectorAll('.hl'), function (e) { e.classList.remove('hl'); });
    each(pair.querySelectorAll('.on'), function (e) { e.classList.remove('on'); });
  }
  function reveal(el) {
    var pane = el.closest('.text');
    if (!pane) return;
    var top = el.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
    pane.scrollTop = Math.max(0, top - pane.clientHeight / 3);
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var pair = t.closest('.pair');
    if (!pair) return;
    var go = t.closest('[data-goto]');
    if (go) {
      var f = go.getAttribute('data-goto');
      clear(pair);
      var parts = pair.querySelectorAll('.text [data-f~="' + f + '"]');
      each(parts, function (e) { e.classList.add('on'); });
      var item = pair.querySelector('li[data-goto="' + f + '"]');
      if (item) item.classList.add('on');
      each(pair.querySelectorAll('.text'), function (pane) {
        var first = pane.querySelector('[data-f~="' + f + '"]');
        if (first) reveal(first);
      });
      if (go.tagName === 'A' && item) { ev.preventDefault(); item.scrollIntoView({ block: 'nearest' }); }
      return;
    }
    var seg = t.closest('[data-a]');
    if (!seg) return;
    var a = seg.getAttribute('data-a');
    var pane = seg.closest('.text');
    clear(pair);
    each(pair.querySelectorAll('.text [data-a="' + a + '"]'), function (e) { e.classList.add('hl'); });
    each(pair.querySelectorAll('.text'), function (other) {
      if (other === pane) return;
      var first = other.querySelector('[data-a="' + a + '"]');
      if (first) reveal(first);
    });
  });
})();
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="respun">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/**
 * Renders one report as a self-contained HTML page.
 * @throws InvalidInputError when a span of the report does not slice the given texts.
 * @example
 * writeFileSync('report.html', renderHtml(detectRewrites(a, b), { id: 'a.txt', text: a }, { id: 'b.txt', text: b }));
 */
export function renderHtml(report: RewriteReport, original: string | Article, candidate: string | Article, options: HtmlOptions = {}): string {
  const title =
    options.title ?? `respun: ${labelOf(candidate, 'candidate')} ${verdictPhrase(report.verdict)} ${labelOf(original, 'original')}`;
  return page(title, pairSection(report, original, candidate, '', 'h1'));
}

/**
 * Renders a scan as one self-contained HTML page: an index of the pairs (with links to each),
 * the story clusters, then every pair as in {@link renderHtml}.
 * @param articles the scanned articles by id; every id of `result.pairs` must be present.
 * @throws InvalidInputError when a pair names an id missing from `articles`, or a span does not slice its text.
 * @example
 * writeFileSync('scan.html', renderScanHtml(result, new Map(articles.map((a) => [a.id, a]))));
 */
export function renderScanHtml(result: ScanResult, articles: ReadonlyMap<string, string | Article>, options: HtmlOptions = {}): string {
  const get = (id: string): Article => {
    const a = articles.get(id);
    if (a === undefined) throw new InvalidInputError(`renderScanHtml: no article with id ${JSON.stringify(id)}`);
    return typeof a === 'string' ? { id, text: a } : { ...a, id };
  };
  const n = result.pairs.length;
  const rows = result.pairs
    .map((p, i) => {
      const s = p.report.scores;
      const high = p.report.findings.filter((f) => f.severity === 'high').length;
      return `<tr><td class="num">${i + 1}</td><td><a href="#p${i}-pair">${escapeHtml(p.candidate)}</a></td><td>${escapeHtml(p.original)}</td><td><span class="badge v-${p.report.verdict}">${p.report.verdict}</span></td><td class="num">${formatScore(s.contentJaccard)}</td><td class="num">${formatScore(s.coverage.candidate)}</td><td class="num">${formatScore(s.meanAlignedSimilarity)}</td><td class="num">${p.report.findings.length}${high > 0 ? ` (${high} high)` : ''}</td></tr>`;
    })
    .join('\n');
  const clusters =
    result.clusters.length > 0
      ? `<h2>Story clusters (${result.clusters.length})</h2><ol class="clusters">${result.clusters.map((c) => `<li><strong>${escapeHtml(c.original)}</strong> ← ${c.rewrites.map((id) => escapeHtml(id)).join(', ')}</li>`).join('')}</ol>`
      : '';
  const index = `<h1>respun scan: ${n} duplicate or rewrite pair${n === 1 ? '' : 's'} among ${result.articles} article${result.articles === 1 ? '' : 's'}</h1>
${n > 0 ? `<table class="index"><tr><th>#</th><th>candidate</th><th>original</th><th>verdict</th><th>content Jaccard</th><th>coverage</th><th>aligned similarity</th><th>findings</th></tr>\n${rows}\n</table>` : '<p>No duplicates or rewrites found.</p>'}
${clusters}`;
  const sections = result.pairs.map((p, i) => pairSection(p.report, get(p.original), get(p.candidate), `p${i}-`, 'h2')).join('\n');
  return page(options.title ?? 'respun scan', `${index}\n${sections}`);
}
