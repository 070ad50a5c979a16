/**
 * Escaping and small formatting helpers shared by the report renderers.
 * Every function here is pure; article text only ever reaches a report
 * through one of the escapers.
 */
import { InvalidInputError } from '../errors';
import type { FindingKind, TextSpan } from '../types';

const HTML_ESCAPES: Readonly<Record<string, string>> = Object.freeze({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
});

/**
 * Escapes text for HTML element content and for double- or single-quoted attribute values.
 * @example
 * escapeHtml('"><img onerror=alert(1)>'); // '&quot;&gt;&lt;img onerror=alert(1)&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Escapes text for inline Markdown (GitHub Flavored Markdown, including table cells):
 * HTML-significant characters become entities, inline Markdown punctuation gets a
 * backslash, a leading list or heading marker is neutralised, and line breaks become
 * spaces so a cell or list item stays on one line.
 * @example
 * escapeMarkdown('*not bold* | <b>'); // '\\*not bold\\* \\| &lt;b&gt;'
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/[&<>]/g, (c) => HTML_ESCAPES[c]!)
    .replace(/[\\`*_{}[\]|~$#!]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+](?=\s|$)|\d+(?=[.)](?:\s|$)))/, (_m, space: string, marker: string) =>
      /^\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
    );
}

/**
 * Formats a score in [0, 1] with a fixed number of decimals, so output never depends on float printing.
 * @default digits 2
 * @example
 * formatScore(0.33928); // '0.34'
 */
export function formatScore(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

/**
 * Shortens `text` to at most `max` characters (code points), ending it with `…` when cut.
 * White space runs are collapsed first.
 * @default max 160
 * @example
 * clip('a  very long sentence', 8); // 'a very…'
 */
export function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : chars.slice(0, Math.max(0, max - 1)).join('').trimEnd() + '…';
}

/**
 * Checks that a span of a report really is a slice of `text` (the invariant of {@link TextSpan}),
 * so a renderer is never fed a report made for other texts.
 * @throws InvalidInputError naming the span and the side when it is not.
 * @example
 * checkSpan({ start: 0, end: 2, text: 'Hi' }, 'Hi there', 'candidate'); // ok
 */
export function checkSpan(span: TextSpan, text: string, side: 'original' | 'candidate'): void {
  const ok =
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.start <= span.end &&
    span.end <= text.length &&
    text.slice(span.start, span.end) === span.text;
  if (!ok) {
    throw new InvalidInputError(
      `The report's ${side} span ${span.start}–${span.end} does not match the ${side} text: was the report made for these texts?`,
    );
  }
}

/**
 * Whether a finding's span on one side is quoted words (shown in quotation marks) rather than
 * a sentence, a name or a number: the original side of the quote kinds, the candidate side of
 * `altered-quote` and `added-quote` (for `unquoted-quote` it is the paraphrasing sentence).
 * @example
 * isQuotedSpan('unquoted-quote', 'candidate'); // false
 */
export function isQuotedSpan(kind: FindingKind, side: 'original' | 'candidate'): boolean {
  if (side === 'original') return kind === 'altered-quote' || kind === 'unquoted-quote' || kind === 'dropped-quote';
  return kind === 'altered-quote' || kind === 'added-quote';
}
