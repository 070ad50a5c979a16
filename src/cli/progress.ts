/**
 * The progress bar `respun scan` draws on stderr when stderr is a terminal.
 */

/**
 * Where the bar is drawn: a writable terminal stream.
 * @example
 * const stream: ProgressStream = process.stderr;
 */
export interface ProgressStream {
  /** Writes a chunk. */
  write(chunk: string): unknown;
  /** Terminal width, when known. */
  columns?: number;
}

/**
 * Formats `seconds` as `m:ss`, or `h:mm:ss` from an hour up; `--:--` when unknown.
 * @example
 * formatDuration(75); // '1:15'
 * formatDuration(3725); // '1:02:05'
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * One line of progress: a bar, `done/total`, the rate and the time left.
 * Pure: the caller passes the elapsed time.
 * @default width 80
 * @example
 * formatProgress(50, 200, 10_000, 60); // '[#####---------------]   50/200 articles    5.0/s  ETA 0:30 '
 */
export function formatProgress(done: number, total: number, elapsedMs: number, width = 80, unit = 'articles'): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = done >= total ? 0 : rate > 0 ? (total - done) / rate : Number.NaN;
  const count = `${String(done).padStart(String(total).length)}/${total} ${unit}`;
  // Rate and status are padded to a fixed width so the bar does not jump as they change.
  const speed = `${rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)}/s`.padStart(7);
  const status = (done >= total ? 'done' : `ETA ${formatDuration(eta)}`).padEnd(9);
  const tail = `  ${count}  ${speed}  ${status}`;
  const barWidth = Math.max(10, width - tail.length - 2);
  const filled = total > 0 ? Math.min(barWidth, Math.floor((done / total) * barWidth)) : barWidth;
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${tail}`;
}

/**
 * A progress bar redrawn in place with `\r`. Redraws at most every `intervalMs` milliseconds
 * (and always on the last step), so ticking per article costs nothing.
 * @example
 * const bar = new ProgressBar(process.stderr, articles.length);
 * for (const a of articles) { work(a); bar.tick(); }
 * bar.finish();
 */
export class ProgressBar {
  /** Where the bar is drawn. */
  private readonly stream: ProgressStream;
  /** The clock, in milliseconds. */
  private readonly now: () => number;
  /** When the bar started. */
  private readonly startedAt: number;
  /** Least time between two redraws. */
  private readonly intervalMs: number;
  /** Steps to do. */
  private total: number;
  /** Steps done. */
  private done = 0;
  /** When the bar was last drawn, or -Infinity. */
  private drawnAt = Number.NEGATIVE_INFINITY;
  /** Whether anything was drawn (so `finish` knows to end the line). */
  private drawn = false;

  /**
   * @param total steps to do (articles).
   * @param options `now` (the clock, default `Date.now`), `intervalMs` (default 100).
   */
  constructor(stream: ProgressStream, total: number, options: { now?: () => number; intervalMs?: number } = {}) {
    this.stream = stream;
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? 100;
    this.total = total;
    this.startedAt = this.now();
  }

  /** Changes the number of steps to do (when it becomes known late). */
  setTotal(total: number): void {
    this.total = total;
  }

  /** Records `n` more steps done and redraws when due. */
  tick(n = 1): void {
    this.update(this.done + n);
  }

  /** Sets the steps done and redraws when due. */
  update(done: number): void {
    this.done = done;
    const t = this.now();
    if (t - this.drawnAt < this.intervalMs && done < this.total) return;
    this.drawnAt = t;
    this.drawn = true;
    const columns = this.stream.columns !== undefined && this.stream.columns > 0 ? this.stream.columns : 80;
    const width = Math.min(120, Math.max(40, columns - 1));
    this.stream.write(`\r\u001b[2K${formatProgress(this.done, this.total, t - this.startedAt, width)}`);
  }

  /** Clears the bar's line so later output starts clean. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\u001b[2K');
    this.drawn = false;
  }
}
