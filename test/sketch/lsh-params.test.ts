import { InvalidOptionError } from '../../src/errors';
import { collisionProbability, falseNegativeProbability, falsePositiveProbability, lshParams } from '../../src/sketch/lsh-params';
import type { LshWeights } from '../../src/sketch/lsh-params';

// Math functions read once: a global lookup per call costs about a microsecond inside Jest's vm context.
const { expm1, log1p, pow, floor } = Math;

/** datasketch's _optimal_param by brute force with a finer integration (trapezoid, 4,000 steps), cancellation-free integrand. */
function reference(threshold: number, numPerm: number, wFp = 0.5, wFn = 0.5): { bands: number; rows: number } {
  const integrate = (f: (s: number) => number, a: number, b: number): number => {
    const n = 4000;
    const h = (b - a) / n;
    let sum = (f(a) + f(b)) / 2;
    for (let i = 1; i < n; i++) sum += f(a + i * h);
    return sum * h;
  };
  let best = { bands: 0, rows: 0 };
  let min = Infinity;
  for (let b = 1; b <= numPerm; b++) {
    for (let r = 1; r <= floor(numPerm / b); r++) {
      const fp = integrate((s) => -expm1(b * log1p(-pow(s, r))), 0, threshold);
      const fn = integrate((s) => pow(1 - pow(s, r), b), threshold, 1);
      const e = wFp * fp + wFn * fn;
      if (e < min) {
        min = e;
        best = { bands: b, rows: r };
      }
    }
  }
  return best;
}

describe('error areas (Mining of Massive Datasets, ch. 3)', () => {
  test.each([0, 0.2, 0.5, 0.9, 1])('one band of one row: P(s) = s, areas t²/2 and (1 − t)²/2 (t = %d)', (t) => {
    expect(falsePositiveProbability(t, 1, 1)).toBeCloseTo((t * t) / 2, 10);
    expect(falseNegativeProbability(t, 1, 1)).toBeCloseTo(((1 - t) * (1 - t)) / 2, 10);
  });

  test('two bands of one row: P(s) = 2s − s², area t² − t³/3', () => {
    expect(falsePositiveProbability(0.6, 2, 1)).toBeCloseTo(0.36 - 0.216 / 3, 10);
    expect(falseNegativeProbability(0.6, 2, 1)).toBeCloseTo((0.4 ** 3) / 3, 10);
  });

  test('collision probability of the S-curve', () => {
    expect(collisionProbability(0.5, 20, 5)).toBeCloseTo(1 - (1 - 1 / 32) ** 20, 12);
    expect(collisionProbability(0, 20, 5)).toBe(0);
    expect(collisionProbability(1, 20, 5)).toBe(1);
  });
});

describe('lshParams', () => {
  test.each([
    [0.5, 128],
    [0.2, 128],
    [0.8, 64],
    [0.1, 32],
    [0.9, 16],
  ])('threshold %d, numPerm %d: the datasketch choice (checked against a fine integration)', (threshold, numPerm) => {
    const p = lshParams(threshold, numPerm);
    expect(p.bands * p.rows).toBeLessThanOrEqual(numPerm);
    expect(p).toEqual(reference(threshold, numPerm));
  });

  test('weights move the choice: all weight on false negatives → many bands of one row; on false positives → one band', () => {
    expect(lshParams(0.5, 64, { falsePositive: 0, falseNegative: 1 })).toEqual({ bands: 64, rows: 1 });
    expect(lshParams(0.5, 64, { falsePositive: 1, falseNegative: 0 })).toEqual({ bands: 1, rows: 64 });
    expect(lshParams(0.3, 128, { falsePositive: 0.1, falseNegative: 0.9 })).toEqual(reference(0.3, 128, 0.1, 0.9));
  });

  test('a lower threshold gives a curve that rises earlier', () => {
    const low = lshParams(0.2, 128);
    const high = lshParams(0.8, 128);
    expect(collisionProbability(0.3, low.bands, low.rows)).toBeGreaterThan(collisionProbability(0.3, high.bands, high.rows));
  });

  test.each<[string, () => unknown, string]>([
    ['threshold 0', () => lshParams(0, 128), 'Expected `threshold` to be a number in (0, 1), got 0 (number)'],
    ['threshold 1', () => lshParams(1, 128), 'Expected `threshold` to be a number in (0, 1), got 1 (number)'],
    ['threshold NaN', () => lshParams(NaN, 128), 'Expected `threshold` to be a number in (0, 1), got NaN (number)'],
    ['threshold string', () => lshParams('0.5' as never, 128), 'Expected `threshold` to be a number in (0, 1), got "0.5" (string)'],
    ['numPerm 1', () => lshParams(0.5, 1), 'Expected `numPerm` to be an integer from 2 to 65536, got 1 (number)'],
    ['numPerm 2.5', () => lshParams(0.5, 2.5), 'Expected `numPerm` to be an integer from 2 to 65536, got 2.5 (number)'],
    ['weights null', () => lshParams(0.5, 128, null as never), 'Expected `weights` to be an object { falsePositive, falseNegative }, got null'],
    ['weight negative', () => lshParams(0.5, 128, { falsePositive: -0.5, falseNegative: 1.5 }), 'Expected `weights.falsePositive` to be a finite number >= 0, got -0.5 (number)'],
    ['weight missing', () => lshParams(0.5, 128, { falsePositive: 1 } as LshWeights), 'Expected `weights.falseNegative` to be a finite number >= 0, got undefined'],
    ['weights sum', () => lshParams(0.5, 128, { falsePositive: 0.5, falseNegative: 0.6 }), 'Expected `weights` to sum to 1, got 0.5 + 0.6 = 1.1'],
    ['area threshold', () => falsePositiveProbability(1.5, 2, 2), 'Expected `threshold` to be a number in [0, 1], got 1.5 (number)'],
    ['area bands', () => falseNegativeProbability(0.5, 0, 2), 'Expected `bands` to be an integer from 1'],
    ['area rows', () => falsePositiveProbability(0.5, 2, 1.5), 'Expected `rows` to be an integer from 1'],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(InvalidOptionError);
    expect(call).toThrow(message);
  });
});
