import { chunkRanges, isScanJob } from '../../src/cli/workers';

describe('chunkRanges', () => {
  it.each([
    [10, 3, [[0, 3], [3, 6], [6, 10]]],
    [2, 4, [[0, 1], [1, 2]]],
    [5, 1, [[0, 5]]],
    [0, 3, []],
    [7, 7, [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7]]],
  ])('%p items in %p parts', (n, parts, expected) => {
    const ranges = chunkRanges(n, parts);
    expect(ranges).toEqual(expected);
    // Contiguous and covering, in order.
    expect(ranges.flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => a + i))).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});

describe('isScanJob', () => {
  it.each([
    [{ respun: 'scan-against', articles: [], against: [] }, true],
    [{ respun: 'other' }, false],
    [null, false],
    ['scan-against', false],
  ])('%j → %p', (data, expected) => {
    expect(isScanJob(data)).toBe(expected);
  });
});
