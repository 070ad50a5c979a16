/**
 * `npm run eval -- <pairs-dir> [--json]`: score respun on a folder of
 * labelled pairs in the devset format (`<name>/original.txt`,
 * `candidate.txt`, `gold.json`; see the devset README). The folder may be
 * the one holding `pairs/` or `pairs/` itself.
 *
 * Figures:
 * - verdict accuracy (gold `isRewrite` ↔ verdict `rewrite`/`duplicate`);
 * - precision, recall and F1 per finding kind. A reported quotation matches
 *   a gold one when the words agree once surrounding punctuation and white
 *   space are trimmed (and ’ is read as '); names match case-insensitively,
 *   possessive dropped; numbers match on their digits ("$85m" ~ "85"), numbers in words on their words;
 *   repeated reports of the same change in one pair count once;
 * - false alarms: medium or high quotation findings on `faithful-paraphrase`
 *   and `light-edit` pairs that the gold does not list;
 * - `quote-minor` pairs whose altered quotation is reported above `low`;
 * - per pair, what was missed and what was reported in excess.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { detectRewrites } from '../src/compare/detect';
import type { Finding, FindingKind, RewriteReport } from '../src/types';

/** One labelled pair as gold.json describes it. */
interface Gold {
  kind: string;
  isRewrite: boolean;
  alteredQuotes: Array<{ original: string; candidate: string; minor: boolean }>;
  unquoted: Array<{ original: string }>;
  addedQuotes: Array<{ candidate: string }>;
  droppedQuotes: Array<{ original: string }>;
  alteredNames: Array<{ original: string; candidate: string }>;
  alteredNumbers: Array<{ original: string; candidate: string }>;
  verbatimQuotes: string[];
}

/** Finding kinds in the order the table prints them. */
const KINDS: readonly FindingKind[] = ['altered-quote', 'unquoted-quote', 'added-quote', 'dropped-quote', 'altered-name', 'altered-number'];
const QUOTE_KINDS: ReadonlySet<FindingKind> = new Set(['altered-quote', 'unquoted-quote', 'added-quote', 'dropped-quote']);

/** Targets of issue 3, checked at the end of the table. */
const TARGETS = {
  alteredQuotePrecision: 0.95,
  alteredQuoteRecall: 0.95,
  unquotedF1: 0.9,
  addedF1: 0.9,
  nameF1: 0.9,
  numberF1: 0.9,
} as const;

/** Quotation words for matching: surrounding punctuation and white space trimmed, ’ read as ', space collapsed. */
function quoteKey(s: string): string {
  const t = s.replace(/[’‘`]/g, "'").replace(/\s+/g, ' ');
  // Trim by hand: a regular expression anchored at the end is quadratic on long punctuation runs.
  const edge = /[\s\p{P}]/u;
  let a = 0;
  let b = t.length;
  while (a < b && edge.test(t[a]!)) a++;
  while (b > a && edge.test(t[b - 1]!)) b--;
  return t.slice(a, b).toLowerCase();
}
function nameKey(s: string): string {
  return quoteKey(s).replace(/'s?$/, '');
}
/** A number's digits ("$85m" → "85"); a number written in words ("seven", "twenty-five") is matched on its words. */
function numberKey(s: string): string {
  const digits = s.replace(/[^\d.]/g, '').replace(/\.$/, '');
  return digits !== '' ? digits : s.toLowerCase().trim();
}

/** Match key of a finding and of gold entries, per kind. */
function findingKey(f: Finding): string {
  const o = f.original?.text ?? '';
  const c = f.candidate?.text ?? '';
  switch (f.kind) {
    case 'altered-quote':
      return `${quoteKey(o)}→${quoteKey(c)}`;
    case 'unquoted-quote':
    case 'dropped-quote':
      return quoteKey(o);
    case 'added-quote':
      return quoteKey(c);
    case 'altered-name':
      return `${nameKey(o)}→${nameKey(c)}`;
    case 'altered-number':
      return `${numberKey(o)}→${numberKey(c)}`;
  }
}
function goldKeys(g: Gold, kind: FindingKind): string[] {
  switch (kind) {
    case 'altered-quote':
      return g.alteredQuotes.map((a) => `${quoteKey(a.original)}→${quoteKey(a.candidate)}`);
    case 'unquoted-quote':
      return g.unquoted.map((a) => quoteKey(a.original));
    case 'dropped-quote':
      return g.droppedQuotes.map((a) => quoteKey(a.original));
    case 'added-quote':
      return g.addedQuotes.map((a) => quoteKey(a.candidate));
    case 'altered-name':
      return g.alteredNames.map((a) => `${nameKey(a.original)}→${nameKey(a.candidate)}`);
    case 'altered-number':
      return g.alteredNumbers.map((a) => `${numberKey(a.original)}→${numberKey(a.candidate)}`);
  }
}

/** Counts for one finding kind. */
interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** What happened on one pair. */
interface PairResult {
  name: string;
  kind: string;
  isRewrite: boolean;
  verdict: RewriteReport['verdict'];
  verdictOk: boolean;
  missed: string[];
  extra: string[];
  falseAlarms: string[];
  minorTooSevere: string[];
  severityMismatches: string[];
}

/**
 * The whole evaluation: what `--json` prints.
 * @example
 * const r: EvalResult = evaluate('../shared/devset');
 * r.kinds['altered-quote'].precision; // 1
 */
export interface EvalResult {
  pairs: number;
  verdictAccuracy: number;
  verdictErrors: string[];
  kinds: Record<FindingKind, Score>;
  falseAlarmsOnFaithfulAndLight: number;
  /** Findings of any kind and severity on faithful-paraphrase and light-edit pairs that the gold does not list. */
  anyExtraOnFaithfulAndLight: number;
  quoteMinorTooSevere: number;
  alteredQuoteSeverityMismatches: number;
  targets: Record<keyof typeof TARGETS, { target: number; value: number; met: boolean }>;
  perPair: PairResult[];
}

/**
 * The pair folders under `dir` (or `dir/pairs`), sorted by name.
 * @example
 * pairDirs('fixtures'); // ['…/fixtures/pairs/01-spun-harbour-ferry', …]
 */
export function pairDirs(dir: string): string[] {
  const root = existsSync(join(dir, 'pairs')) && statSync(join(dir, 'pairs')).isDirectory() ? join(dir, 'pairs') : dir;
  return readdirSync(root)
    .map((d) => join(root, d))
    .filter((d) => statSync(d).isDirectory() && existsSync(join(d, 'gold.json')))
    .sort();
}

const SEVERITY_RANK = { low: 0, medium: 1, high: 2 } as const;

/**
 * Score `detect` on every pair under `dir`.
 * @default detect = detectRewrites
 * @example
 * const result = evaluate('../shared/devset'); // result.kinds['altered-quote'].f1
 */
export function evaluate(dir: string, detect: (a: string, b: string) => RewriteReport = detectRewrites): EvalResult {
  const counts = Object.fromEntries(KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<FindingKind, { tp: number; fp: number; fn: number }>;
  const perPair: PairResult[] = [];
  let verdictOk = 0;
  for (const d of pairDirs(dir)) {
    const read = (f: string): string => {
      if (!existsSync(join(d, f))) throw new Error(`${d}: missing ${f}`);
      return readFileSync(join(d, f), 'utf8');
    };
    let gold: Gold;
    try {
      gold = JSON.parse(read('gold.json')) as Gold;
    } catch (e) {
      throw new Error(`${join(d, 'gold.json')}: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const key of ['alteredQuotes', 'unquoted', 'addedQuotes', 'droppedQuotes', 'alteredNames', 'alteredNumbers'] as const) {
      if (!Array.isArray(gold[key])) throw new Error(`${join(d, 'gold.json')}: \`${key}\` must be a list`);
    }
    const report = detect(read('original.txt'), read('candidate.txt'));
    const saysRewrite = report.verdict === 'rewrite' || report.verdict === 'duplicate';
    const result: PairResult = {
      name: basename(d),
      kind: gold.kind,
      isRewrite: gold.isRewrite,
      verdict: report.verdict,
      verdictOk: saysRewrite === gold.isRewrite,
      missed: [],
      extra: [],
      falseAlarms: [],
      minorTooSevere: [],
      severityMismatches: [],
    };
    if (result.verdictOk) verdictOk++;
    for (const kind of KINDS) {
      const want = new Set(goldKeys(gold, kind));
      const got = new Map<string, Finding>();
      for (const f of report.findings) if (f.kind === kind && !got.has(findingKey(f))) got.set(findingKey(f), f);
      for (const [key, f] of got) {
        if (want.has(key)) {
          counts[kind].tp++;
          if (kind === 'altered-quote') {
            const g = gold.alteredQuotes.find((a) => `${quoteKey(a.original)}→${quoteKey(a.candidate)}` === key);
            if (g !== undefined && (g.minor ? f.severity !== 'low' : f.severity !== 'high')) {
              result.severityMismatches.push(`${f.severity} for ${g.minor ? 'minor' : 'non-minor'}: ${f.message}`);
            }
          }
        } else {
          counts[kind].fp++;
          result.extra.push(`${kind} ${f.severity}: ${f.message}`);
          if ((gold.kind === 'faithful-paraphrase' || gold.kind === 'light-edit') && QUOTE_KINDS.has(kind) && f.severity !== 'low') {
            result.falseAlarms.push(`${kind} ${f.severity}: ${f.message}`);
          }
        }
        if (gold.kind === 'quote-minor' && QUOTE_KINDS.has(kind) && SEVERITY_RANK[f.severity] > 0) {
          result.minorTooSevere.push(`${kind} ${f.severity}: ${f.message}`);
        }
      }
      for (const key of want) {
        if (!got.has(key)) {
          counts[kind].fn++;
          result.missed.push(`${kind}: ${key}`);
        }
      }
    }
    perPair.push(result);
  }
  const kinds = Object.fromEntries(
    KINDS.map((k) => {
      const { tp, fp, fn } = counts[k];
      const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
      const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return [k, { tp, fp, fn, precision, recall, f1 }];
    }),
  ) as Record<FindingKind, Score>;
  const value = {
    alteredQuotePrecision: kinds['altered-quote'].precision,
    alteredQuoteRecall: kinds['altered-quote'].recall,
    unquotedF1: kinds['unquoted-quote'].f1,
    addedF1: kinds['added-quote'].f1,
    nameF1: kinds['altered-name'].f1,
    numberF1: kinds['altered-number'].f1,
  };
  const targets = Object.fromEntries(
    (Object.keys(TARGETS) as Array<keyof typeof TARGETS>).map((k) => [k, { target: TARGETS[k], value: value[k], met: value[k] >= TARGETS[k] }]),
  ) as EvalResult['targets'];
  return {
    pairs: perPair.length,
    verdictAccuracy: perPair.length === 0 ? 1 : verdictOk / perPair.length,
    verdictErrors: perPair.filter((p) => !p.verdictOk).map((p) => `${p.name}: ${p.verdict} (gold isRewrite ${p.isRewrite})`),
    kinds,
    falseAlarmsOnFaithfulAndLight: perPair.reduce((n, p) => n + p.falseAlarms.length, 0),
    anyExtraOnFaithfulAndLight: perPair
      .filter((p) => p.kind === 'faithful-paraphrase' || p.kind === 'light-edit')
      .reduce((n, p) => n + p.extra.length, 0),
    quoteMinorTooSevere: perPair.reduce((n, p) => n + p.minorTooSevere.length, 0),
    alteredQuoteSeverityMismatches: perPair.reduce((n, p) => n + p.severityMismatches.length, 0),
    targets,
    perPair,
  };
}

/**
 * The table a person reads.
 * @example
 * console.log(renderTable(evaluate('fixtures')));
 */
export function renderTable(r: EvalResult): string {
  const f = (x: number): string => x.toFixed(2);
  const lines: string[] = [];
  lines.push(`${r.pairs} pairs, verdict accuracy ${f(r.verdictAccuracy)}`);
  for (const e of r.verdictErrors) lines.push(`  verdict error: ${e}`);
  lines.push('');
  lines.push('kind             precision  recall    F1    tp  fp  fn');
  for (const k of KINDS) {
    const s = r.kinds[k];
    lines.push(`${k.padEnd(16)} ${f(s.precision).padStart(9)} ${f(s.recall).padStart(7)} ${f(s.f1).padStart(5)} ${String(s.tp).padStart(5)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}`);
  }
  lines.push('');
  lines.push(`medium/high quote findings on faithful-paraphrase and light-edit pairs: ${r.falseAlarmsOnFaithfulAndLight}`);
  lines.push(`findings of any kind not in the gold on those pairs: ${r.anyExtraOnFaithfulAndLight}`);
  lines.push(`quote-minor pairs reported above low: ${r.quoteMinorTooSevere}`);
  lines.push(`altered quotes matched with the wrong severity (minor → low, else high): ${r.alteredQuoteSeverityMismatches}`);
  lines.push('');
  lines.push('targets:');
  for (const [k, t] of Object.entries(r.targets)) lines.push(`  ${t.met ? 'ok  ' : 'MISS'} ${k} ${f(t.value)} (≥ ${f(t.target)})`);
  const noisy = r.perPair.filter((p) => p.missed.length + p.extra.length + p.minorTooSevere.length + p.severityMismatches.length > 0 || !p.verdictOk);
  if (noisy.length > 0) {
    lines.push('');
    lines.push('per pair:');
    for (const p of noisy) {
      lines.push(`  ${p.name} [${p.kind}] verdict ${p.verdict}${p.verdictOk ? '' : ' (WRONG)'}`);
      for (const m of p.missed) lines.push(`    missed   ${m}`);
      for (const m of p.extra) lines.push(`    extra    ${m}`);
      for (const m of p.severityMismatches) lines.push(`    severity ${m}`);
    }
  }
  return lines.join('\n');
}

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const args = argv.filter((a) => !a.startsWith('--'));
  if (args.length !== 1) {
    process.stderr.write('usage: npm run eval -- <pairs-dir> [--json]\n');
    return 2;
  }
  const dir = resolve(args[0]!);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    process.stderr.write(`eval: ${dir}: not a directory\n`);
    return 2;
  }
  let result: EvalResult;
  try {
    result = evaluate(dir);
  } catch (e) {
    process.stderr.write(`eval: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (result.pairs === 0) {
    process.stderr.write(`eval: ${dir}: no pair folders (<name>/original.txt, candidate.txt, gold.json)\n`);
    return 2;
  }
  process.stdout.write(json ? JSON.stringify(result, null, 2) + '\n' : renderTable(result) + '\n');
  return 0;
}

if (/eval\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) process.exitCode = main(process.argv.slice(2));
