/**
 * The `respun` command line: `compare` and `scan`, exit codes 0 (nothing matched
 * `--fail-on`), 1 (a finding matched), 2 (usage or input error, one line on stderr).
 *
 * Everything the CLI touches outside the file system comes in through {@link CliIo},
 * so the whole program runs in tests without spawning a process.
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { version } from '../../package.json';
import { detectRewrites } from '../compare/detect';
import { InvalidInputError, InvalidOptionError, isRespunError } from '../errors';
import { renderHtml, renderScanHtml } from '../report/html';
import { renderJson, renderJsonl, renderScanJson, type ScanPair, type ScanResult } from '../report/json';
import { renderMarkdown, renderScanMarkdown } from '../report/markdown';
import { renderText } from '../report/text';
import type { Article, Finding } from '../types';
import { DEFAULT_FAIL_ON, matchFailOn, parseFailOn } from './fail-on';
import { loadInputs, type InputArticle } from './inputs';
import { ProgressBar } from './progress';
import { openRedisCorpus } from './redis';
import { clusterPairs } from '../index/find-rewrites';
import { checkUniqueIds, scanPairs } from './scan';

/**
 * A stream the CLI writes to.
 * @example
 * const out: CliStream = process.stdout;
 */
export interface CliStream {
  /** Writes a chunk. */
  write(chunk: string): unknown;
  /** Whether the stream is a terminal. */
  isTTY?: boolean;
  /** Terminal width, when known. */
  columns?: number;
}

/**
 * The CLI's view of its process.
 * @example
 * const io: CliIo = { ...nodeIo(), env: { NO_COLOR: '1' } };
 */
export interface CliIo {
  /** Where reports go (unless `--out`). */
  stdout: CliStream;
  /** Where errors, warnings and progress go. */
  stderr: CliStream;
  /** Reads standard input to the end (for `-`). */
  readStdin: () => Promise<Uint8Array>;
  /** Environment variables (`NO_COLOR`). */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Exit codes of the CLI contract.
 * @example
 * if ((await runCli(argv, io)) === EXIT.FINDINGS) console.error('a finding matched --fail-on');
 */
export const EXIT = Object.freeze({ OK: 0, FINDINGS: 1, ERROR: 2 });

const COMPARE_FORMATS = ['text', 'json', 'markdown', 'html'] as const;
const SCAN_FORMATS = ['jsonl', 'json', 'markdown', 'html'] as const;

interface CompareFlags {
  format: (typeof COMPARE_FORMATS)[number];
  out?: string;
  failOn: string;
  quiet?: boolean;
}

interface ScanFlags {
  against?: string[];
  threshold?: string;
  format: (typeof SCAN_FORMATS)[number];
  out?: string;
  failOn: string;
  redis?: string;
  namespace?: string;
  quiet?: boolean;
  workers?: string;
}

/** Longest text compared: `detectRewrites`' default `maxLength`. */
const MAX_TEXT = 1_000_000;

/** A usage or input problem: printed as one line, exit 2. */
class UsageError extends InvalidOptionError {
  override name = 'UsageError';
}

const FAIL_ON_HELP = `comma list of kind[:minSeverity], or none; kinds: altered-quote, unquoted-quote, added-quote, dropped-quote, altered-name, altered-number; severities: low, medium, high`;

/**
 * Runs the CLI with `argv` (the arguments after `node respun`) and returns the exit code.
 * Never throws and never calls `process.exit`.
 * @example
 * const code = await runCli(['compare', 'a.txt', 'b.txt', '--format', 'json'], nodeIo());
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.length === 0) {
    io.stderr.write('respun: missing command: compare or scan (see respun --help)\n');
    return EXIT.ERROR;
  }
  let code: number = EXIT.OK;
  const program = new Command('respun')
    .description('Tell when a news article is a rewrite (spin) of another, and what it changed: quotes, names, numbers.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showSuggestionAfterError(false)
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: () => undefined,
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing matched --fail-on, 1 a finding matched, 2 usage or input error.
Inputs: .txt, .html/.htm (main text extracted), .json (object or array), .jsonl, directories (recursive), - for standard input.`,
    );

  program
    .command('compare')
    .description('compare a candidate article with an original and report the verdict, scores and findings')
    .argument('<original>', 'the original article (file or -)')
    .argument('<candidate>', 'the possible rewrite (file or -)')
    .addOption(new Option('--format <format>', 'report format').choices(COMPARE_FORMATS).default('text'))
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--fail-on <spec>', FAIL_ON_HELP, DEFAULT_FAIL_ON)
    .option('--quiet', 'no warnings or summary on stderr (errors still print)')
    .addHelpText(
      'after',
      `
Examples:
  respun compare original.txt rewrite.html
  respun compare a.txt b.txt --format html --out report.html --fail-on none
  respun compare a.txt b.txt --format markdown --fail-on altered-quote:high >> "$GITHUB_STEP_SUMMARY"`,
    )
    .action(async (original: string, candidate: string, flags: CompareFlags) => {
      code = await compareCommand(original, candidate, flags, io);
    });

  program
    .command('scan')
    .description('find every duplicate or rewrite pair among the inputs, or between the inputs and --against')
    .argument('<input...>', 'articles: files, directories or -')
    .option('--against <input...>', 'known originals: report only pairs between them and the inputs (put it after the inputs)')
    .option('--threshold <n>', 'similarity threshold of the candidate search, in (0, 1) (default 0.3; 0.2 finds the loosest rewrites more surely at several times the cost)')
    .addOption(new Option('--format <format>', 'report format').choices(SCAN_FORMATS).default('jsonl'))
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--fail-on <spec>', FAIL_ON_HELP, DEFAULT_FAIL_ON)
    .option('--redis <url>', 'keep the index in Redis (needs --namespace and the ioredis package)')
    .option('--namespace <ns>', 'key prefix of the Redis index')
    .option('--workers <n>', 'worker threads for index signatures and pair checks; the report is the same for any number (default: the number of cores; a --redis scan runs on one thread)')
    .option('--quiet', 'no progress bar, warnings or summary on stderr (errors still print)')
    .addHelpText(
      'after',
      `
Examples:
  respun scan articles/ --format markdown --out scan.md
  respun scan scraped.jsonl --against originals/ --fail-on altered-quote:medium

An article longer than ${MAX_TEXT} characters is skipped with one line on stderr naming it;
the report covers the rest and the exit code is 2.`,
    )
    .action(async (inputs: string[], flags: ScanFlags) => {
      code = await scanCommand(inputs, flags, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT.OK; // --help, --version
      io.stderr.write(`respun: ${e.message.replace(/^error:\s*/, '').replace(/\s+/g, ' ').trim()} (see respun --help)\n`);
      return EXIT.ERROR;
    }
    io.stderr.write(`respun: ${errorLine(e)}\n`);
    return EXIT.ERROR;
  }
}

function errorLine(e: unknown): string {
  const msg = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
  return isRespunError(e) ? msg : `internal error: ${msg}`;
}

/** Runs `body`, turning any error into its one stderr line and exit 2. */
async function guarded(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    io.stderr.write(`respun: ${errorLine(e)}\n`);
    return EXIT.ERROR;
  }
}

async function loadOne(input: string, io: CliIo, warn: (l: string) => void): Promise<InputArticle> {
  const articles = await loadInputs([input], { readStdin: io.readStdin, warn });
  if (articles.length !== 1) {
    throw new InvalidInputError(`${input}: compare takes one article per side, found ${articles.length}`);
  }
  return articles[0]!;
}

async function emit(report: string, out: string | undefined, io: CliIo): Promise<void> {
  if (out === undefined) {
    io.stdout.write(report);
    return;
  }
  await writeFile(out, report).catch((e: unknown) => {
    const c = (e as { code?: unknown } | null)?.code;
    throw new InvalidInputError(`${out}: cannot write the report (${typeof c === 'string' ? c : e instanceof Error ? e.message : String(e)})`);
  });
}

function summarize(matched: readonly Finding[], spec: string, io: CliIo, quiet: boolean | undefined): number {
  if (matched.length === 0) return EXIT.OK;
  if (!quiet) {
    io.stderr.write(`respun: ${matched.length} finding${matched.length === 1 ? '' : 's'} matched --fail-on ${spec.trim()}\n`);
  }
  return EXIT.FINDINGS;
}

async function compareCommand(originalPath: string, candidatePath: string, flags: CompareFlags, io: CliIo): Promise<number> {
  return guarded(io, async () => {
    const rules = parseFailOn(flags.failOn);
    const warn = (line: string): void => {
      if (!flags.quiet) io.stderr.write(`${line}\n`);
    };
    if (originalPath === '-' && candidatePath === '-') {
      throw new UsageError('<stdin>: standard input (-) can be read only once');
    }
    const original = await loadOne(originalPath, io, warn);
    const candidate = await loadOne(candidatePath, io, warn);
    const report = withSources(() => detectRewrites(original, candidate), { original: original.source, candidate: candidate.source });
    const o = { id: original.id, text: original.text, ...(original.title ? { title: original.title } : {}) };
    const c = { id: candidate.id, text: candidate.text, ...(candidate.title ? { title: candidate.title } : {}) };
    let rendered: string;
    switch (flags.format) {
      case 'json':
        rendered = renderJson(report);
        break;
      case 'markdown':
        rendered = renderMarkdown(report, o, c);
        break;
      case 'html':
        rendered = renderHtml(report, o, c);
        break;
      default: {
        const tty = flags.out === undefined && io.stdout.isTTY === true;
        const color = tty && !io.env['NO_COLOR'];
        rendered = renderText(report, o, c, { color, width: tty && io.stdout.columns ? Math.min(140, io.stdout.columns) : 100 });
      }
    }
    await emit(rendered, flags.out, io);
    return summarize(matchFailOn(rules, report.findings), flags.failOn, io, flags.quiet);
  });
}

/**
 * Runs a library call, prefixing an input error with the file it is about: the library names its
 * arguments (`original`, `candidate`), the CLI's user knows files.
 */
function withSources<T>(call: () => T, sources: { original: string; candidate: string }): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof InvalidInputError) {
      const side = /`(original|candidate)\b/.exec(e.message)?.[1] as 'original' | 'candidate' | undefined;
      if (side !== undefined) throw new InvalidInputError(`${sources[side]}: ${e.message}`, { cause: e });
    }
    throw e;
  }
}

function parseThreshold(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0 || n >= 1) {
    throw new UsageError(`--threshold: expected a number in (0, 1), got ${JSON.stringify(raw)}`);
  }
  return n;
}

function parseWorkers(raw: string | undefined): number {
  if (raw === undefined) return availableParallelism();
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--workers: expected a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  }
  return n;
}

async function scanCommand(inputs: readonly string[], flags: ScanFlags, io: CliIo): Promise<number> {
  return guarded(io, async () => {
    const rules = parseFailOn(flags.failOn);
    const threshold = parseThreshold(flags.threshold);
    const workers = parseWorkers(flags.workers);
    if ((flags.redis === undefined) !== (flags.namespace === undefined)) {
      throw new UsageError(flags.redis === undefined ? '--namespace needs --redis URL' : '--redis needs --namespace NS (the key prefix of the index)');
    }
    const warn = (line: string): void => {
      if (!flags.quiet) io.stderr.write(`${line}\n`);
    };
    const loaded = await loadInputs(inputs, { readStdin: io.readStdin, warn });
    const loadedAgainst = flags.against ? await loadInputs(flags.against, { readStdin: io.readStdin, warn }) : [];
    checkUniqueIds([...loadedAgainst, ...loaded]);
    // An article too long to compare is left out, named on stderr (even with --quiet: it is an
    // input error, not a warning), and the scan goes on with the rest; the exit code is then 2,
    // after the report is written, so a CI job cannot pass with an article silently missing.
    const skipped: InputArticle[] = [];
    const keep = (a: InputArticle): boolean => {
      if (a.text.length <= MAX_TEXT) return true;
      skipped.push(a);
      io.stderr.write(`respun: ${a.source}: skipped: text is ${a.text.length} characters, more than the ${MAX_TEXT} respun compares\n`);
      return false;
    };
    const against = loadedAgainst.filter(keep);
    const articles = loaded.filter(keep);
    const corpus =
      flags.redis === undefined
        ? undefined
        : await openRedisCorpus(flags.redis, flags.namespace!, {
            ...(threshold === undefined ? {} : { threshold }),
            inputs: [...against, ...articles].map((a) => a.id),
          });
    const bar = !flags.quiet && io.stderr.isTTY === true ? new ProgressBar(io.stderr, articles.length) : undefined;
    const pairs: ScanPair[] = [];
    const missing = new Set<string>();
    /** Articles of earlier runs read back from Redis, for the HTML report. */
    const earlier = new Map<string, Article>();
    try {
      const scan = scanPairs(articles, {
        against,
        workers,
        ...(threshold === undefined ? {} : { threshold }),
        ...(corpus === undefined
          ? {}
          : { corpus, onMissing: (id: string) => missing.add(id), onLookup: (id: string, a: Article) => earlier.set(id, a) }),
        onProgress: (done) => bar?.update(done),
      });
      for await (const pair of scan) pairs.push(pair);
    } finally {
      bar?.finish();
      await corpus?.close();
    }
    if (missing.size > 0) {
      warn(`respun: warning: ${missing.size} indexed article${missing.size === 1 ? '' : 's'} in namespace ${flags.namespace} had no kept text and could not be compared`);
    }
    const result: ScanResult = { articles: articles.length + against.length, pairs, clusters: clusterPairs(pairs) };
    let rendered: string;
    switch (flags.format) {
      case 'json':
        rendered = renderScanJson(result);
        break;
      case 'markdown':
        rendered = renderScanMarkdown(result);
        break;
      case 'html':
        rendered = renderScanHtml(result, new Map<string, Article>([...earlier, ...[...against, ...articles].map((a) => [a.id, a] as const)]));
        break;
      default:
        rendered = renderJsonl(pairs);
    }
    await emit(rendered, flags.out, io);
    const matched = summarize(
      pairs.flatMap((p) => matchFailOn(rules, p.report.findings)),
      flags.failOn,
      io,
      flags.quiet,
    );
    return skipped.length > 0 ? EXIT.ERROR : matched;
  });
}

/**
 * The real process as a {@link CliIo}.
 * @example
 * runCli(process.argv.slice(2), nodeIo()).then((code) => { process.exitCode = code; });
 */
export function nodeIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      return Buffer.concat(chunks);
    },
  };
}
