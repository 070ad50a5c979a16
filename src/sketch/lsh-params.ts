/**
 * LSH banding parameters: split a signature of `numPerm` values into `bands`
 * bands of `rows` values; two documents become candidates when all rows of at
 * least one band agree. For Jaccard similarity s that happens with probability
 * 1 − (1 − s^rows)^bands, the S-curve of Leskovec, Rajaraman & Ullman, *Mining
 * of Massive Datasets*, ch. 3 ("Finding Similar Items"), §3.4.
 *
 * {@link lshParams} picks the pair that minimises a weighted sum of the area
 * under the S-curve below the threshold (false positives) and the area above
 * the curve beyond it (false negatives), over every bands × rows ≤ numPerm —
 * the method of datasketch's `_optimal_param`. datasketch integrates with
 * SciPy's adaptive `quad`; here composite Simpson's rule with 512 intervals per
 * integral, which agrees with a 4,000-interval integration on the chosen pair
 * (tested). One deviation: the false-positive integrand is evaluated without
 * cancellation (see below), which changes the choice only for extreme weights.
 */
import { InvalidOptionError, expected } from '../errors';

/**
 * Banding of a signature for LSH.
 * @example
 * const { bands, rows }: LshParams = lshParams(0.5, 128); // 25 bands of 5 rows
 */
export interface LshParams {
  /** Number of bands. */
  bands: number;
  /** Values per band. */
  rows: number;
}

/**
 * Weights of the two error areas in {@link lshParams}; non-negative, summing to 1.
 * @example
 * lshParams(0.2, 128, { falsePositive: 0.1, falseNegative: 0.9 } satisfies LshWeights);
 */
export interface LshWeights {
  /**
   * Weight of the false-positive area.
   * @default 0.5
   */
  falsePositive: number;
  /**
   * Weight of the false-negative area.
   * @default 0.5
   */
  falseNegative: number;
}

/** `Math` functions, read once (see `imul` in hash.ts: global lookups are slow inside `vm` contexts). */
const pow = Math.pow;
const expm1 = Math.expm1;
const log1p = Math.log1p;

/** Simpson intervals per integral (even). */
const STEPS = 512;

function checkPositiveInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(expected(name, `an integer from ${min} to ${max}`, value));
  }
  return value;
}

function checkUnit(name: string, value: unknown, open: boolean): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (open ? value > 0 && value < 1 : value >= 0 && value <= 1);
  if (!ok) throw new InvalidOptionError(expected(name, `a number in ${open ? '(0, 1)' : '[0, 1]'}`, value));
  return value as number;
}

/**
 * Probability that two documents of Jaccard similarity `s` share at least one band: 1 − (1 − s^rows)^bands.
 * @example
 * collisionProbability(0.5, 20, 5); // ≈ 0.47
 */
export function collisionProbability(s: number, bands: number, rows: number): number {
  // 1 − (1 − x)^b written as −expm1(b · log1p(−x)): no cancellation when x = s^rows is tiny.
  const x = pow(s, rows);
  return x >= 1 ? 1 : -expm1(bands * log1p(-x));
}

/** Sample points and Simpson weights (step included) of [a, b]. */
function grid(a: number, b: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(STEPS + 1);
  const w = new Float64Array(STEPS + 1);
  const h = (b - a) / STEPS;
  for (let i = 0; i <= STEPS; i++) {
    x[i] = i === STEPS ? b : a + i * h;
    w[i] = ((i === 0 || i === STEPS ? 1 : i & 1 ? 4 : 2) * h) / 3;
  }
  return { x, w };
}

/** Composite Simpson's rule of `f` over [a, b]. */
function simpson(f: (s: number) => number, a: number, b: number): number {
  if (b <= a) return 0;
  const h = (b - a) / STEPS;
  let sum = f(a) + f(b);
  for (let i = 1; i < STEPS; i++) sum += (i & 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

/**
 * False-positive area: the integral of the S-curve 1 − (1 − s^rows)^bands over s in [0, threshold],
 * i.e. how much pairs below the threshold still become candidates (Leskovec, Rajaraman & Ullman,
 * *Mining of Massive Datasets*, ch. 3, §3.4.2; datasketch's `_false_positive_probability`).
 * @param threshold - Jaccard threshold, in [0, 1].
 * @param bands - Number of bands, a positive integer.
 * @param rows - Rows per band, a positive integer.
 * @example
 * falsePositiveProbability(0.5, 20, 5); // ≈ 0.03
 */
export function falsePositiveProbability(threshold: number, bands: number, rows: number): number {
  checkUnit('threshold', threshold, false);
  checkPositiveInteger('bands', bands, 1, Number.MAX_SAFE_INTEGER);
  checkPositiveInteger('rows', rows, 1, Number.MAX_SAFE_INTEGER);
  return simpson((s) => collisionProbability(s, bands, rows), 0, threshold);
}

/**
 * False-negative area: the integral of 1 − S-curve, i.e. (1 − s^rows)^bands, over s in [threshold, 1]:
 * how much pairs above the threshold are missed (Leskovec, Rajaraman & Ullman, *Mining of Massive
 * Datasets*, ch. 3, §3.4.2; datasketch's `_false_negative_probability`).
 * @param threshold - Jaccard threshold, in [0, 1].
 * @param bands - Number of bands, a positive integer.
 * @param rows - Rows per band, a positive integer.
 * @example
 * falseNegativeProbability(0.5, 20, 5); // ≈ 0.02
 */
export function falseNegativeProbability(threshold: number, bands: number, rows: number): number {
  checkUnit('threshold', threshold, false);
  checkPositiveInteger('bands', bands, 1, Number.MAX_SAFE_INTEGER);
  checkPositiveInteger('rows', rows, 1, Number.MAX_SAFE_INTEGER);
  return simpson((s) => 1 - collisionProbability(s, bands, rows), threshold, 1);
}

/**
 * The bands × rows (≤ numPerm) that minimise
 * `weights.falsePositive × falsePositiveProbability + weights.falseNegative × falseNegativeProbability`
 * at `threshold` (datasketch's `_optimal_param`; ties keep the first pair in order of bands, then rows).
 * Cost grows as numPerm · ln(numPerm): a few milliseconds for 128, several seconds for 65,536.
 * @param threshold - Jaccard similarity above which pairs should become candidates, in (0, 1).
 * @param numPerm - Values per signature, an integer from 2 to 65536.
 * @param weights - Weights of the two error areas. @default { falsePositive: 0.5, falseNegative: 0.5 }
 * @throws InvalidOptionError naming the bad argument.
 * @example
 * lshParams(0.5, 128); // { bands, rows } with bands × rows ≤ 128
 * lshParams(0.2, 128, { falsePositive: 0.1, falseNegative: 0.9 }); // favours recall
 */
export function lshParams(threshold: number, numPerm: number, weights?: LshWeights): LshParams {
  checkUnit('threshold', threshold, true);
  checkPositiveInteger('numPerm', numPerm, 2, 65536);
  let wFp = 0.5;
  let wFn = 0.5;
  if (weights !== undefined) {
    if (weights === null || typeof weights !== 'object' || Array.isArray(weights)) {
      throw new InvalidOptionError(expected('weights', 'an object { falsePositive, falseNegative }', weights));
    }
    for (const key of ['falsePositive', 'falseNegative'] as const) {
      const w = weights[key];
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
        throw new InvalidOptionError(expected(`weights.${key}`, 'a finite number >= 0', w));
      }
    }
    wFp = weights.falsePositive;
    wFn = weights.falseNegative;
    if (Math.abs(wFp + wFn - 1) > 1e-9) {
      throw new InvalidOptionError(`Expected \`weights\` to sum to 1, got ${wFp} + ${wFn} = ${wFp + wFn}`);
    }
  }
  // Rows outer, bands inner: per sample point, log(1 − s^rows) once per row count; then the
  // false-positive integrand 1 − (1 − s^rows)^bands = −expm1(bands · log1p(−s^rows)), free of the
  // cancellation that makes 1 − (…) lose everything below 1e-16 (datasketch's form; it only matters
  // for extreme weights), and the false-negative integrand (1 − s^rows)^bands by one multiplication
  // per band count. Ties go to fewer bands, then fewer rows (datasketch's loop order).
  const lo = grid(0, threshold);
  const hi = grid(threshold, 1);
  const l0 = new Float64Array(STEPS + 1);
  const q1 = new Float64Array(STEPS + 1);
  const p1 = new Float64Array(STEPS + 1);
  let best: LshParams = { bands: 1, rows: 1 };
  let bestError = Infinity;
  for (let rows = 1; rows <= numPerm; rows++) {
    for (let i = 0; i <= STEPS; i++) {
      const x = pow(lo.x[i]!, rows);
      l0[i] = x >= 1 ? -Infinity : log1p(-x);
      q1[i] = 1 - pow(hi.x[i]!, rows);
      p1[i] = 1;
    }
    const maxBands = Math.floor(numPerm / rows);
    for (let bands = 1; bands <= maxBands; bands++) {
      let fp = 0;
      let fn = 0;
      for (let i = 0; i <= STEPS; i++) {
        p1[i] = p1[i]! * q1[i]!;
        fp += lo.w[i]! * -expm1(bands * l0[i]!);
        fn += hi.w[i]! * p1[i]!;
      }
      const error = wFp * fp + wFn * fn;
      if (error < bestError || (error === bestError && (bands < best.bands || (bands === best.bands && rows < best.rows)))) {
        bestError = error;
        best = { bands, rows };
      }
    }
  }
  return best;
}
