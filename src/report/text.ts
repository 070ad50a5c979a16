/**
 * Plain-text report for a terminal: verdict, scores, then each finding with
 * the original and candidate wording side by side.
 */
import { formatScore, isQuotedSpan } from './escape';
import type { Article, Finding, RewriteReport, Severity, Verdict } from '../types';

/**
 * Options of {@link renderText}.
 * @example
 * renderText(report, a, b, { color: true, width: process.stdout.columns });
 */
export interface TextOptions {
  /**
   * Use ANSI colour. The CLI turns it on only when stdout is a TTY and `NO_COLOR` is unset.
   * @default false
   */
  color?: boolean;
  /**
   * Line width in characters (the side-by-side columns share it); at least 40.
   * @default 100
   */
  width?: number;
}

const ANSI = Object.freeze({ bold: '1', dim: '2', red: '31', green: '32', yellow: '33', cyan: '36' });
type Style = keyof typeof ANSI;

/**
 * A short sentence saying how the candidate relates to the original.
 * @example
 * verdictPhrase('rewrite'); // 'is a rewrite of'
 */
export function verdictPhrase(verdict: Verdict): string {
  switch (verdict) {
    case 'duplicate':
      return 'is a duplicate of';
    case 'rewrite':
      return 'is a rewrite of';
    case 'related':
      return 'covers the same story as';
    case 'unrelated':
      return 'is unrelated to';
  }
}

/**
 * A display name for one side of a pair: the article's id, else its title, else the side's name.
 * @example
 * labelOf({ text: '…', id: 'a.txt' }, 'original'); // 'a.txt'
 */
export function labelOf(article: string | Article, fallback: string): string {
  if (typeof article === 'string') return fallback;
  return article.id || article.title || fallback;
}

/** Replaces control characters (escape sequences included) so article text cannot drive the terminal. */
const safe = (s: string): string => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');

/** Splits `text` into lines of at most `width` code points, breaking at spaces when it can. */
function wrap(text: string, width: number): string[] {
  const words = safe(text.replace(/\s+/g, ' ')).trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let line: string[] = [];
  let len = 0;
  for (const word of words) {
    let chars = Array.from(word);
    while (chars.length > width) {
      if (len > 0) {
        lines.push(line.join(''));
        line = [];
        len = 0;
      }
      lines.push(chars.slice(0, width).join(''));
      chars = chars.slice(width);
    }
    if (chars.length === 0) continue;
    const need = len === 0 ? chars.length : len + 1 + chars.length;
    if (need > width) {
      lines.push(line.join(''));
      line = [chars.join('')];
      len = chars.length;
    } else {
      line.push(len === 0 ? chars.join('') : ' ' + chars.join(''));
      len = need;
    }
  }
  if (len > 0) lines.push(line.join(''));
  return lines.length > 0 ? lines : [''];
}

const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - Array.from(s).length));

const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = Object.freeze({ high: 'red', medium: 'yellow', low: 'dim' });
const VERDICT_STYLE: Readonly<Record<Verdict, Style>> = Object.freeze({
  duplicate: 'red',
  rewrite: 'red',
  related: 'yellow',
  unrelated: 'green',
});

/**
 * Renders a report for a terminal. Pure: colour and width come from the options, never from the environment.
 * @example
 * process.stdout.write(renderText(report, { id: 'a.txt', text: a }, { id: 'b.txt', text: b }, { color: process.stdout.isTTY }));
 */
export function renderText(report: RewriteReport, original: string | Article, candidate: string | Article, options: TextOptions = {}): string {
  const color = options.color ?? false;
  const width = Math.max(40, Math.floor(options.width ?? 100));
  const paint = (s: string, ...styles: Style[]): string =>
    color && styles.length > 0 ? `\u001b[${styles.map((st) => ANSI[st]).join(';')}m${s}\u001b[0m` : s;
  const { scores } = report;
  const out: string[] = [];
  const nameO = safe(labelOf(original, 'original'));
  const nameC = safe(labelOf(candidate, 'candidate'));
  out.push(`${paint(report.verdict.toUpperCase(), 'bold', VERDICT_STYLE[report.verdict])}  ${nameC} ${verdictPhrase(report.verdict)} ${nameO}`);
  out.push(
    `  shingle Jaccard ${formatScore(scores.shingleJaccard)} · MinHash ${formatScore(scores.minhashJaccard)} · content Jaccard ${formatScore(scores.contentJaccard)}`,
  );
  out.push(
    `  coverage ${formatScore(scores.coverage.original)} original / ${formatScore(scores.coverage.candidate)} candidate · aligned similarity ${formatScore(scores.meanAlignedSimilarity)}`,
  );
  const kinds = { identical: 0, edited: 0, paraphrase: 0 };
  for (const a of report.alignments) kinds[a.kind] += 1;
  out.push(
    `  ${report.alignments.length} aligned groups (${kinds.identical} identical, ${kinds.edited} edited, ${kinds.paraphrase} paraphrase) · ${report.added.length} added · ${report.dropped.length} dropped sentences`,
  );
  out.push(`  quotes: ${report.quotes.original.length} in original, ${report.quotes.candidate.length} in candidate`);
  out.push('');
  if (report.findings.length === 0) {
    out.push('No findings.');
    return out.join('\n') + '\n';
  }
  const count = (sev: Severity): number => report.findings.filter((f) => f.severity === sev).length;
  out.push(paint(`Findings (${report.findings.length}): ${count('high')} high, ${count('medium')} medium, ${count('low')} low`, 'bold'));
  const col = Math.floor((width - 3 - 3) / 2);
  report.findings.forEach((f, i) => {
    out.push('');
    out.push(...renderFinding(f, i + 1, col, paint));
  });
  return out.join('\n') + '\n';
}

function renderFinding(f: Finding, n: number, col: number, paint: (s: string, ...styles: Style[]) => string): string[] {
  const lines: string[] = [];
  const head = `${String(n).padStart(2)} ${pad(f.severity.toUpperCase(), 6)} ${f.kind}${f.speaker ? `  (${safe(f.speaker)})` : ''}`;
  lines.push(paint(head, 'bold', SEVERITY_STYLE[f.severity]));
  for (const l of wrap(f.message, col * 2 + 3)) lines.push(`   ${l}`);
  if (f.original === undefined && f.candidate === undefined) return lines;
  const headO = f.original ? `original ${f.original.start}–${f.original.end}` : 'original: —';
  const headC = f.candidate ? `candidate ${f.candidate.start}–${f.candidate.end}` : 'candidate: —';
  lines.push(`   ${paint(pad(headO, col), 'dim')} │ ${paint(headC, 'dim')}`);
  const shown = (text: string, side: 'original' | 'candidate'): string => (isQuotedSpan(f.kind, side) ? `“${text}”` : text);
  const left = f.original ? wrap(shown(f.original.text, 'original'), col) : [''];
  const right = f.candidate ? wrap(shown(f.candidate.text, 'candidate'), col) : [''];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = pad(left[i] ?? '', col);
    const r = right[i] ?? '';
    lines.push(`   ${paint(l, 'red')} │ ${r === '' ? '' : paint(r, 'green')}`.trimEnd());
  }
  return lines;
}
