import { ProgressBar, formatDuration, formatProgress } from '../../src/cli/progress';

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [59.4, '0:59'],
    [75, '1:15'],
    [3725, '1:02:05'],
    [Number.NaN, '--:--'],
    [Number.POSITIVE_INFINITY, '--:--'],
    [-1, '--:--'],
  ])('%p s → %p', (s, expected) => {
    expect(formatDuration(s)).toBe(expected);
  });
});

describe('formatProgress', () => {
  it.each([
    // 50 of 200 in 10 s: 5.0/s, 150 left → 30 s. The tail ("  " + " 50/200 articles" + "  " + "  5.0/s" + "  " +
    // "ETA 0:30 ", rate and status padded to 7 and 9) is 38 characters, so the bar gets 60 - 38 - 2 = 20 cells, 5 filled.
    [50, 200, 10_000, 60, '[' + '#'.repeat(5) + '-'.repeat(15) + ']   50/200 articles    5.0/s  ETA 0:30 '],
    // Same tail width when done: 20 cells, all filled.
    [200, 200, 4_000, 60, '[' + '#'.repeat(20) + ']  200/200 articles   50.0/s  done     '],
    // Nothing done yet: no rate, no ETA. Tail 2 + 14 + 2 + 7 + 2 + 9 = 36 → 12 cells.
    [0, 10, 0, 50, '[' + '-'.repeat(12) + ']   0/10 articles    0.0/s  ETA --:--'],
    // 150/s is printed without decimals; 1500 left at 150/s → 10 s. Tail 40 → 28 cells, 14 filled.
    [1500, 3000, 10_000, 70, '[' + '#'.repeat(14) + '-'.repeat(14) + ']  1500/3000 articles    150/s  ETA 0:10 '],
  ])('%p/%p after %p ms at width %p', (done, total, ms, width, expected) => {
    const line = formatProgress(done, total, ms, width);
    expect(line).toBe(expected);
    expect(line.length).toBeLessThanOrEqual(width);
  });
});

describe('ProgressBar', () => {
  it('redraws in place, at most once per interval, always on the last step, and clears its line', () => {
    const writes: string[] = [];
    let now = 1_000;
    const bar = new ProgressBar({ write: (s) => writes.push(s), columns: 61 }, 3, { now: () => now, intervalMs: 100 });
    now += 50;
    bar.tick(); // first draw
    now += 10;
    bar.tick(); // too soon: skipped
    now += 10;
    bar.tick(); // last step: drawn
    bar.finish();
    expect(writes).toHaveLength(3);
    expect(writes[0]).toMatch(/^\r\u001b\[2K\[#+-+\] {2}1\/3 articles {3}20\.0\/s {2}ETA 0:00 $/);
    expect(writes[1]).toMatch(/3\/3 articles {3}42\.9\/s {2}done {5}$/);
    expect(writes[2]).toBe('\r\u001b[2K');
  });

  it('writes nothing at all when never ticked', () => {
    const writes: string[] = [];
    new ProgressBar({ write: (s) => writes.push(s) }, 3).finish();
    expect(writes).toEqual([]);
  });
});
