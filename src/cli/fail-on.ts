/**
 * `--fail-on`: which findings make the CLI exit 1.
 */
import { InvalidOptionError } from '../errors';
import type { Finding, FindingKind, Severity } from '../types';

/**
 * One `kind[:minSeverity]` term of a `--fail-on` spec.
 * @example
 * const rule: FailOnRule = { kind: 'altered-quote', minSeverity: 'medium' };
 */
export interface FailOnRule {
  /** The finding kind the rule matches. */
  kind: FindingKind;
  /** Least severity that matches. */
  minSeverity: Severity;
}

/**
 * The spec used when `--fail-on` is not given.
 * @default 'altered-quote:medium,added-quote:high'
 * @example
 * parseFailOn(DEFAULT_FAIL_ON);
 */
export const DEFAULT_FAIL_ON = 'altered-quote:medium,added-quote:high';

const KINDS: readonly FindingKind[] = Object.freeze([
  'altered-quote',
  'unquoted-quote',
  'added-quote',
  'dropped-quote',
  'altered-name',
  'altered-number',
]);
const SEVERITIES: readonly Severity[] = Object.freeze(['low', 'medium', 'high']);

/**
 * Parses a `--fail-on` spec: a comma list of `kind[:minSeverity]`, or `none` (an empty list).
 * A kind without a severity matches every severity. White space around terms is ignored.
 * @throws InvalidOptionError naming the bad term.
 * @example
 * parseFailOn('altered-quote:medium,added-quote'); // [{ kind: 'altered-quote', minSeverity: 'medium' }, { kind: 'added-quote', minSeverity: 'low' }]
 * parseFailOn('none'); // []
 */
export function parseFailOn(spec: string): FailOnRule[] {
  const trimmed = spec.trim();
  if (trimmed === 'none') return [];
  if (trimmed === '') {
    throw new InvalidOptionError('--fail-on: expected a comma list of kind[:minSeverity], or none; got an empty value');
  }
  return trimmed.split(',').map((term) => {
    const [rawKind = '', rawSeverity, extra] = term.trim().split(':');
    const kind = rawKind.trim();
    if (!(KINDS as readonly string[]).includes(kind) || extra !== undefined) {
      throw new InvalidOptionError(
        `--fail-on: unknown finding kind \`${term.trim()}\` (expected ${KINDS.join(', ')}, each optionally :low|:medium|:high; or none)`,
      );
    }
    const severity = rawSeverity === undefined ? 'low' : rawSeverity.trim();
    if (!(SEVERITIES as readonly string[]).includes(severity)) {
      throw new InvalidOptionError(`--fail-on: unknown severity \`${severity}\` in \`${term.trim()}\` (expected low, medium or high)`);
    }
    return { kind: kind as FindingKind, minSeverity: severity as Severity };
  });
}

/**
 * The findings that match at least one rule, in their original order.
 * @example
 * matchFailOn(parseFailOn(DEFAULT_FAIL_ON), report.findings).length > 0; // exit 1
 */
export function matchFailOn(rules: readonly FailOnRule[], findings: readonly Finding[]): Finding[] {
  return findings.filter((f) =>
    rules.some((r) => r.kind === f.kind && SEVERITIES.indexOf(f.severity) >= SEVERITIES.indexOf(r.minSeverity)),
  );
}
