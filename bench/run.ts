/**
 * Benchmark runner: `npm run bench [name…]` (tsx bench/run.ts).
 *
 * Discovers `bench/*.bench.ts`, each exporting a default {@link Bench}; runs those whose name or
 * file name contains one of the given words (all when none is given), one after another on the
 * main thread. Prints the machine, the Node version and the load average first: on a shared
 * machine the load decides how far the figures can be trusted. Medians of several timed samples,
 * never a single run.
 */
import { readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem, platform, arch } from 'node:os';
import { join, resolve, basename } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One measured case. */
export interface BenchCase {
  /** Row label. */
  name: string;
  /** Operations performed by one call of `fn` (e.g. signatures computed). */
  opsPerCall: number;
  /** The work; its return value is kept so that it cannot be optimised away. */
  fn: () => unknown;
  /** Extra columns (e.g. accuracy), printed as given. */
  extra?: Record<string, string>;
}

/** Timing of one case. */
export interface Measurement {
  /** Median operations per second over the samples. */
  median: number;
  /** Slowest sample, operations per second. */
  min: number;
  /** Fastest sample, operations per second. */
  max: number;
  /** Number of timed samples. */
  samples: number;
  /**
   * CPU time this process got during the samples, as a share of wall time (1 = one full core).
   * Well below 1 on a loaded machine: the wall-clock rates are then low by about that factor.
   */
  cpuShare: number;
}

/** What a benchmark gets from the runner. */
export interface BenchContext {
  /**
   * Time `c.fn`: warm up, then `samples` samples of at least `sampleMs` each.
   * @default samples 7, sampleMs 300
   */
  measure(c: BenchCase, options?: { samples?: number; sampleMs?: number }): Measurement;
  /**
   * Time several cases in turns: warm each up, then `samples` rounds of one sample of each, so a
   * change in the machine's speed during the run (common on shared machines) falls on every case
   * alike and ratios between cases stay fair.
   * @default samples 7, sampleMs 300
   * @example
   * const [small, large] = ctx.measureInTurns([{ name: 'n=125', opsPerCall: 1, fn: () => f(a) }, { name: 'n=1000', opsPerCall: 1, fn: () => f(b) }]);
   */
  measureInTurns(cases: BenchCase[], options?: { samples?: number; sampleMs?: number }): Measurement[];
  /**
   * Measure every case and print one table: median ops/s, spread, ratio to `baseline` (a case name), extras.
   * @example
   * ctx.compare('signatures from raw text', cases, { baseline: 'minhash 0.0.9', unit: 'signatures/s' });
   */
  compare(title: string, cases: BenchCase[], options?: { baseline?: string; unit?: string; samples?: number; sampleMs?: number }): Map<string, Measurement>;
  /** Print a line under the current benchmark. */
  log(line: string): void;
}

/** What a `*.bench.ts` file exports by default. */
export interface Bench {
  /** Name used to select it from the command line. */
  name: string;
  /** One line on what it measures. */
  description?: string;
  /** Run the benchmark, printing through `ctx`. */
  run(ctx: BenchContext): void | Promise<void>;
}

let sink: unknown;

function measure(c: BenchCase, options: { samples?: number; sampleMs?: number } = {}): Measurement {
  return measureInTurns([c], options)[0]!;
}

function measureInTurns(cases: BenchCase[], options: { samples?: number; sampleMs?: number } = {}): Measurement[] {
  const samples = options.samples ?? 7;
  const sampleMs = options.sampleMs ?? 300;
  // Warm-up: let the JIT settle (at least three calls, about one sample's time, for each case).
  for (const c of cases) {
    const warmEnd = performance.now() + sampleMs;
    for (let i = 0; i < 3 || performance.now() < warmEnd; i++) sink = c.fn();
  }
  const rates = cases.map((): number[] => []);
  const cpuMs = cases.map(() => 0);
  const wallMs = cases.map(() => 0);
  for (let s = 0; s < samples; s++) {
    cases.forEach((c, k) => {
      const cpu0 = process.cpuUsage();
      let calls = 0;
      const t0 = performance.now();
      let t = t0;
      do {
        sink = c.fn();
        calls++;
        t = performance.now();
      } while (t - t0 < sampleMs);
      const cpu = process.cpuUsage(cpu0);
      cpuMs[k]! += (cpu.user + cpu.system) / 1000;
      wallMs[k]! += t - t0;
      rates[k]!.push((calls * c.opsPerCall * 1000) / (t - t0));
    });
  }
  return rates.map((r, k) => {
    r.sort((a, b) => a - b);
    return { median: r[r.length >> 1]!, min: r[0]!, max: r[r.length - 1]!, samples, cpuShare: cpuMs[k]! / wallMs[k]! };
  });
}

function fmt(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

const context: BenchContext = {
  measure,
  measureInTurns,
  log: (line) => console.log(line),
  compare(title, cases, options = {}) {
    const unit = options.unit ?? 'ops/s';
    const results = new Map<string, Measurement>();
    for (const c of cases) results.set(c.name, measure(c, options));
    const base = options.baseline === undefined ? undefined : results.get(options.baseline);
    const extraKeys = [...new Set(cases.flatMap((c) => Object.keys(c.extra ?? {})))];
    const rows: string[][] = [['', `median ${unit}`, 'min–max', 'cpu', ...(base ? [`× ${options.baseline}`] : []), ...extraKeys]];
    for (const c of cases) {
      const m = results.get(c.name)!;
      rows.push([
        c.name,
        fmt(m.median),
        `${fmt(m.min)}–${fmt(m.max)}`,
        `${Math.round(m.cpuShare * 100)}%`,
        ...(base ? [`${fmt(m.median / base.median)}×`] : []),
        ...extraKeys.map((k) => c.extra?.[k] ?? ''),
      ]);
    }
    console.log(`\n${title}`);
    console.log(table(rows));
    return results;
  },
};

/** Milliseconds for 10M steps of an integer mixing loop, best of five: a machine-speed yardstick. */
function calibrate(): number {
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    let x = r;
    for (let i = 0; i < 10_000_000; i++) {
      x = Math.imul(x ^ i, 0x85ebca6b);
      x ^= x >>> 13;
    }
    sink = x;
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const dir = typeof __dirname === 'string' ? __dirname : resolve('bench');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const cpu = cpus();
  console.log(`machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${arch()}`);
  console.log(`node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (1/5/15 min)`);
  console.log(`calibration: 10M integer mixing steps in ${calibrate().toFixed(1)} ms (best of 5; compare runs by this, not by the clock alone)`);
  console.log('cpu column: CPU time the process got during a row\'s samples, as a share of wall time (100% = one full core)');
  // Import only the files whose name matches when some do (a benchmark's imports can be heavy);
  // otherwise import them all and match on the exported names.
  const byFile = files.filter((f) => args.some((a) => basename(f, '.bench.ts').includes(a)));
  const chosen = args.length === 0 || byFile.length === 0 ? files : byFile;
  let ran = 0;
  for (const file of chosen) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default?: Bench | { default?: Bench } };
    // tsx may wrap a CommonJS-compiled default export once more.
    const bench = (mod.default && 'run' in mod.default ? mod.default : (mod.default as { default?: Bench } | undefined)?.default) as Bench | undefined;
    if (!bench || typeof bench.run !== 'function') {
      console.error(`${file}: no default export { name, run(ctx) }, skipped`);
      continue;
    }
    const id = basename(file, '.bench.ts');
    if (args.length > 0 && !args.some((a) => bench.name.includes(a) || id.includes(a))) continue;
    console.log(`\n== ${bench.name}${bench.description ? `: ${bench.description}` : ''}`);
    await bench.run(context);
    ran++;
  }
  if (ran === 0) {
    console.error(`no benchmark matches ${args.join(' ')} (have: ${files.map((f) => basename(f, '.bench.ts')).join(', ')})`);
    process.exitCode = 2;
  }
  if (sink === Symbol.for('never')) console.log(sink);
}

void main();
