/**
 * Markdown reports that fit a CI job summary (`$GITHUB_STEP_SUMMARY`): a verdict
 * table, then the findings. All article text is escaped, so an article cannot
 * inject Markdown or HTML into the summary.
 */
import { clip, escapeHtml, escapeMarkdown, formatScore, isQuotedSpan } from './escape';
import type { ScanResult } from './json';
import { labelOf, verdictPhrase } from './text';
import type { Article, Finding, RewriteReport, Severity } from '../types';

/**
 * Options of {@link renderMarkdown} and {@link renderScanMarkdown}.
 * @example
 * renderMarkdown(report, a, b, { maxQuoteLength: 120, headingLevel: 2 });
 */
export interface MarkdownOptions {
  /**
   * Longest quoted text shown in a findings table cell, in characters; longer text is cut with `…`.
   * @default 300
   */
  maxQuoteLength?: number;
  /**
   * Heading level of the report's title (`###` by default); sub-headings are one level deeper.
   * @default 3
   */
  headingLevel?: number;
}

const SEVERITY_MARK: Readonly<Record<Severity, string>> = Object.freeze({ high: '🔴 high', medium: '🟠 medium', low: '⚪ low' });

const cell = (s: string, max: number): string => escapeMarkdown(clip(s, max));

function scoreTable(rows: ReadonlyArray<{ report: RewriteReport; first?: string }>, firstHeader?: string): string[] {
  const head = `|${firstHeader ? ` ${firstHeader} |` : ''} verdict | shingle Jaccard | MinHash Jaccard | content Jaccard | coverage original | coverage candidate | aligned similarity | findings |`;
  const rule = `|${firstHeader ? ' --- |' : ''} --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |`;
  const lines = [head, rule];
  for (const { report, first } of rows) {
    const s = report.scores;
    const high = report.findings.filter((f) => f.severity === 'high').length;
    lines.push(
      `|${first !== undefined ? ` ${first} |` : ''} **${report.verdict}** | ${formatScore(s.shingleJaccard)} | ${formatScore(s.minhashJaccard)} | ${formatScore(s.contentJaccard)} | ${formatScore(s.coverage.original)} | ${formatScore(s.coverage.candidate)} | ${formatScore(s.meanAlignedSimilarity)} | ${report.findings.length}${high > 0 ? ` (${high} high)` : ''} |`,
    );
  }
  return lines;
}

function findingsTable(findings: readonly Finding[], max: number): string[] {
  const lines = ['| # | severity | kind | speaker | original | candidate |', '| ---: | --- | --- | --- | --- | --- |'];
  findings.forEach((f, i) => {
    const shown = (text: string, side: 'original' | 'candidate'): string =>
      isQuotedSpan(f.kind, side) ? `“${cell(text, max)}”` : cell(text, max);
    const o = f.original ? shown(f.original.text, 'original') : f.candidate ? '—' : cell(f.message, max);
    const c = f.candidate ? shown(f.candidate.text, 'candidate') : '—';
    lines.push(`| ${i + 1} | ${SEVERITY_MARK[f.severity]} | ${f.kind} | ${f.speaker ? cell(f.speaker, 80) : ''} | ${o} | ${c} |`);
  });
  return lines;
}

/**
 * Renders one report as Markdown: a title saying what the candidate is, the scores table, the findings table.
 * @example
 * appendFileSync(process.env.GITHUB_STEP_SUMMARY!, renderMarkdown(report, { id: 'a.txt', text: a }, { id: 'b.txt', text: b }));
 */
export function renderMarkdown(report: RewriteReport, original: string | Article, candidate: string | Article, options: MarkdownOptions = {}): string {
  const max = options.maxQuoteLength ?? 300;
  const h = '#'.repeat(Math.min(5, Math.max(1, options.headingLevel ?? 3)));
  const out: string[] = [];
  out.push(
    `${h} respun: ${escapeMarkdown(labelOf(candidate, 'candidate'))} ${verdictPhrase(report.verdict)} ${escapeMarkdown(labelOf(original, 'original'))}`,
  );
  out.push('');
  out.push(...scoreTable([{ report }]));
  out.push('');
  out.push(
    `${report.alignments.length} aligned sentence groups, ${report.added.length} added and ${report.dropped.length} dropped sentences; ${report.quotes.original.length} quotes in the original, ${report.quotes.candidate.length} in the candidate.`,
  );
  out.push('');
  out.push(`${h}# Findings (${report.findings.length})`);
  out.push('');
  if (report.findings.length === 0) out.push('No findings.');
  else out.push(...findingsTable(report.findings, max));
  return out.join('\n') + '\n';
}

/**
 * Renders a scan as Markdown: a table of the pairs found, the story clusters, and each pair's
 * findings in a collapsed `<details>` block.
 * @example
 * writeFileSync('summary.md', renderScanMarkdown({ articles: 5, pairs, clusters }));
 */
export function renderScanMarkdown(result: ScanResult, options: MarkdownOptions = {}): string {
  const max = options.maxQuoteLength ?? 300;
  const h = '#'.repeat(Math.min(5, Math.max(1, options.headingLevel ?? 3)));
  const out: string[] = [];
  const n = result.pairs.length;
  out.push(`${h} respun scan: ${n} duplicate or rewrite pair${n === 1 ? '' : 's'} among ${result.articles} article${result.articles === 1 ? '' : 's'}`);
  out.push('');
  if (n === 0) {
    out.push('No duplicates or rewrites found.');
    return out.join('\n') + '\n';
  }
  const rows = result.pairs.map((p, i) => ({
    report: p.report,
    first: `${i + 1}. ${escapeMarkdown(p.candidate)} ← ${escapeMarkdown(p.original)}`,
  }));
  out.push(...scoreTable(rows, 'candidate ← original'));
  out.push('');
  if (result.clusters.length > 0) {
    out.push(`${h}# Story clusters (${result.clusters.length})`);
    out.push('');
    for (const c of result.clusters) out.push(`- **${escapeMarkdown(c.original)}** ← ${c.rewrites.map((id) => escapeMarkdown(id)).join(', ')}`);
    out.push('');
  }
  out.push(`${h}# Findings by pair`);
  out.push('');
  result.pairs.forEach((p, i) => {
    const f = p.report.findings;
    out.push(
      `<details><summary>${i + 1}. ${escapeHtml(p.candidate)} ${verdictPhrase(p.report.verdict)} ${escapeHtml(p.original)}: ${f.length} finding${f.length === 1 ? '' : 's'}</summary>`,
    );
    out.push('');
    if (f.length === 0) out.push('No findings.');
    else out.push(...findingsTable(f, max));
    out.push('');
    out.push('</details>');
    out.push('');
  });
  return out.join('\n');
}
