/**
 * Stage 5, sketch: MinHash signatures of feature sets, seeded, comparable
 * across processes, and serialisable to a compact versioned byte string.
 *
 * Two methods, both over 32-bit feature hashes and integer arithmetic only
 * (`Math.imul`, shifts, `>>> 0`):
 *
 * - `'oph'` (default): one-permutation hashing (Li, Owen & Zhang, "One
 *   Permutation Hashing", NIPS 2012) with optimal densification (Shrivastava,
 *   "Optimal Densification for Fast and Accurate Minwise Hashing", ICML 2017).
 *   Each feature is hashed once by a seeded bijection `h`; the top of `h`
 *   picks one of `numPerm` equal ranges (bins) and a bin keeps the smallest
 *   `h` it sees. An empty bin i borrows the value of the first non-empty bin
 *   in a pseudo-random probe sequence that depends only on (seed, i, attempt),
 *   so two documents probe in the same order. Deviations from the paper: the
 *   probe hash is MurmurHash3's `fmix32` of (seed, i, attempt) rather than a
 *   2-universal family; and after 64 failed probes (probability (1 − f)^64
 *   when a share f of bins is full, i.e. only for sets much smaller than
 *   `numPerm`) the bin borrows from the next non-empty bin to its right, the
 *   rotation of Shrivastava & Li ("Densifying One Permutation Hashing via
 *   Rotation", ICML 2014), which keeps densification O(numPerm) however small
 *   the set. The rotation paper adds an offset per step so that values borrowed
 *   from different distances differ; here a value already identifies its
 *   source bin (bins are disjoint ranges of `h`), so no offset is needed.
 * - `'kperm'`: classic MinHash (Broder, "On the resemblance and containment of
 *   documents", 1997) with `numPerm` independent permutations. Each feature is
 *   first mixed once (`fmix32` of hash xor seed); permutation i is then
 *   x ↦ ((x ⊕ a_i) · m_i mod 2^32) ⊕ (… >>> 16) with odd m_i: a bijection
 *   on 32-bit integers costing one multiplication per feature and permutation.
 *
 * Both estimate Jaccard similarity as the share of equal positions. Values are
 * kept ≤ 0xFFFFFFFE; 0xFFFFFFFF at every position marks an empty feature set.
 * Empty sets: respun defines the exact Jaccard similarity of two empty sets
 * as 0 (nothing shared is no evidence), so {@link estimateJaccard} returns 0
 * whenever either signature is empty.
 */
import { IncompatibleSignatureError, InvalidInputError, InvalidOptionError, expected, textOf } from '../errors';
import type { Article, Doc } from '../types';
import * as hash from './hash';
import { MAX_SHINGLE_SIZE, contentHashes, scanShingles, shingleHashes, textContentHashes } from './features';

/** `fmix32`, read once into a module constant (see features.ts: imported bindings are getters under CommonJS transforms). */
const fmix32 = hash.fmix32;

/**
 * `Math.imul`, read once into a module constant: hot loops must not look up the global `Math` on
 * every step (inside a `vm` context such as Jest's, each global lookup costs about a microsecond).
 */
const imul = Math.imul;
/** `Math.clz32`, read once (same reason). */
const clz32 = Math.clz32;

/**
 * How a signature is computed: one-permutation hashing with densification, or k independent permutations.
 * @example
 * const method: SketchMethod = 'kperm';
 */
export type SketchMethod = 'oph' | 'kperm';

/**
 * Which feature set is sketched: word shingles (copies) or stemmed content words, names and numbers (paraphrases).
 * @example
 * sketch(text, { features: 'content' as SketchFeatures });
 */
export type SketchFeatures = 'shingles' | 'content';

/**
 * Options of {@link sketch}. Signatures compare only when all of these agree.
 * @example
 * const sig = sketch('Kyiv said it took 74 settlements.', { numPerm: 256, seed: 7 });
 */
export interface SketchOptions {
  /**
   * Number of values in the signature (bins for `'oph'`, permutations for `'kperm'`), 1 to 65536.
   * The standard error of the estimate is about sqrt(J(1 − J) / numPerm).
   * @default 128
   */
  numPerm?: number;
  /**
   * Seed of the permutations, an integer from 0 to 2^32 − 1. Same seed, same signature, in every process.
   * @default 1
   */
  seed?: number;
  /**
   * `'oph'` (one permutation, densified: fast) or `'kperm'` (classic k permutations).
   * @default 'oph'
   */
  method?: SketchMethod;
  /**
   * `'shingles'` (word k-shingles: copies and light edits) or `'content'` (stemmed content words,
   * names and numbers: survives paraphrase).
   * @default 'shingles'
   */
  features?: SketchFeatures;
  /**
   * Words per shingle, 1 to 64 (used by `features: 'shingles'` only).
   * @default 5
   */
  shingleSize?: number;
}

/**
 * {@link SketchOptions} with every default applied, validated and frozen. `shingleSize` is 0 for `'content'`.
 * @example
 * resolveSketchOptions({ numPerm: 64 }).method; // 'oph'
 */
export interface ResolvedSketchOptions {
  /** Values per signature. */
  readonly numPerm: number;
  /** Permutation seed (unsigned 32-bit). */
  readonly seed: number;
  /** MinHash method. */
  readonly method: SketchMethod;
  /** Feature set. */
  readonly features: SketchFeatures;
  /** Words per shingle; 0 when `features` is `'content'`. */
  readonly shingleSize: number;
}

/**
 * The parameters {@link minhashValues} needs.
 * @example
 * const params: MinHashParams = { numPerm: 128, seed: 1, method: 'oph' };
 */
export interface MinHashParams {
  /** Values per signature, 1 to 65536. */
  readonly numPerm: number;
  /** Permutation seed (unsigned 32-bit). */
  readonly seed: number;
  /** MinHash method. */
  readonly method: SketchMethod;
}

/**
 * Largest `numPerm`.
 * @example
 * sketch(text, { numPerm: MAX_NUM_PERM });
 */
export const MAX_NUM_PERM = 65536;
/**
 * Marks an empty feature set (every position). Real values are at most `EMPTY_VALUE − 1`.
 * @example
 * sketch('').values[0] === EMPTY_VALUE; // true
 */
export const EMPTY_VALUE = 0xffffffff;
/**
 * Version of the signature byte format and of everything that determines the values
 * (hash seeds, feature rules, permutation families). Bump it on any deliberate change.
 * @example
 * sketch(text).toBytes()[4] === SIGNATURE_FORMAT_VERSION; // true
 */
export const SIGNATURE_FORMAT_VERSION = 1;

const DEFAULTS: ResolvedSketchOptions = Object.freeze({ numPerm: 128, seed: 1, method: 'oph', features: 'shingles', shingleSize: 5 });
const METHODS: readonly SketchMethod[] = Object.freeze(['oph', 'kperm'] as const);
const FEATURES: readonly SketchFeatures[] = Object.freeze(['shingles', 'content'] as const);

function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(expected(name, `an integer from ${min} to ${max}`, value));
  }
  return value;
}

function checkChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new InvalidOptionError(expected(name, choices.map((c) => `'${c}'`).join(' or '), value));
  }
  return value as T;
}

/**
 * Validate `options` and apply the defaults, once, into a frozen object.
 * @throws InvalidOptionError naming the first bad option.
 * @example
 * resolveSketchOptions({ features: 'content' }); // { numPerm: 128, seed: 1, method: 'oph', features: 'content', shingleSize: 0 }
 * resolveSketchOptions({ numPerm: 0 }); // throws: Expected `numPerm` to be an integer from 1 to 65536, got 0 (number)
 */
export function resolveSketchOptions(options?: SketchOptions): ResolvedSketchOptions {
  if (options === undefined) return DEFAULTS;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidOptionError(expected('options', 'an object', options));
  }
  const numPerm = options.numPerm === undefined ? DEFAULTS.numPerm : checkInteger('numPerm', options.numPerm, 1, MAX_NUM_PERM);
  const seed = options.seed === undefined ? DEFAULTS.seed : checkInteger('seed', options.seed, 0, 0xffffffff);
  const method = options.method === undefined ? DEFAULTS.method : checkChoice('method', options.method, METHODS);
  const features = options.features === undefined ? DEFAULTS.features : checkChoice('features', options.features, FEATURES);
  const size = options.shingleSize === undefined ? DEFAULTS.shingleSize : checkInteger('shingleSize', options.shingleSize, 1, MAX_SHINGLE_SIZE);
  return Object.freeze({ numPerm, seed, method, features, shingleSize: features === 'content' ? 0 : size });
}

// ---------------------------------------------------------------------------
// MinHash.
// ---------------------------------------------------------------------------

/** Salts that separate the uses of the seed. */
const SALT_FEATURE = 0x2545f491;
const SALT_PROBE = 0x9e3779b9;
const SALT_PERM_A = 0x632be5ab;
const SALT_PERM_M = 0x85157af5;
/** Probes per empty bin before falling back to rotation. */
const MAX_PROBES = 64;

function checkParams(params: MinHashParams): void {
  if (params === null || typeof params !== 'object') throw new InvalidOptionError(expected('params', 'an object', params));
  checkInteger('numPerm', params.numPerm, 1, MAX_NUM_PERM);
  checkInteger('seed', params.seed, 0, 0xffffffff);
  checkChoice('method', params.method, METHODS);
}

/**
 * MinHash values of a set of 32-bit feature hashes (duplicates allowed: they do not change the result).
 * For the index and other callers that build their own features.
 * @param hashes - Feature hashes; only the first `count` are read.
 * @param params - `numPerm`, `seed` and `method` (a {@link ResolvedSketchOptions} will do).
 * @param count - How many of `hashes` to read. @default hashes.length
 * @example
 * const values = minhashValues(shingleHashes(prepare(text)), resolveSketchOptions());
 * values.length; // 128
 */
export function minhashValues(hashes: Uint32Array, params: MinHashParams, count = hashes.length): Uint32Array {
  if (!(hashes instanceof Uint32Array)) throw new InvalidInputError(expected('hashes', 'a Uint32Array', hashes));
  checkParams(params);
  const n = Math.min(Math.max(0, count | 0), hashes.length);
  const out = new Uint32Array(params.numPerm).fill(EMPTY_VALUE);
  if (n === 0) return out;
  if (params.method === 'oph') oph(hashes, n, params.numPerm, params.seed >>> 0, out);
  else kperm(hashes, n, params.numPerm, params.seed >>> 0, out);
  return out;
}

function oph(hashes: Uint32Array, n: number, k: number, seed: number, out: Uint32Array): void {
  const key = fmix32(seed ^ SALT_FEATURE);
  // The bin of h is ⌊h · k / 2^32⌋, in 32-bit integer arithmetic: the top bits of h when k is a
  // power of two (128 by default), else the high word of the 48-bit product h · k built from the
  // 16-bit halves of h: ⌊(hi · k + ⌊lo · k / 2^16⌋) / 2^16⌋, every term below 2^32.
  if (k >= 2 && (k & (k - 1)) === 0) {
    const shift = clz32(k) + 1; // 32 − log2(k)
    for (let i = 0; i < n; i++) {
      let h = fmix32(hashes[i]! ^ key);
      if (h === EMPTY_VALUE) h = EMPTY_VALUE - 1; // stays in the last bin
      const bin = h >>> shift;
      if (h < out[bin]!) out[bin] = h;
    }
  } else {
    for (let i = 0; i < n; i++) {
      let h = fmix32(hashes[i]! ^ key);
      if (h === EMPTY_VALUE) h = EMPTY_VALUE - 1;
      const bin = (imul(h >>> 16, k) + (imul(h & 0xffff, k) >>> 16)) >>> 16;
      if (h < out[bin]!) out[bin] = h;
    }
  }
  densify(out, k, seed);
}

/** Optimal densification (Shrivastava 2017) with a rotation fallback; see the module comment. */
function densify(out: Uint32Array, k: number, seed: number): void {
  let empty = 0;
  for (let i = 0; i < k; i++) if (out[i] === EMPTY_VALUE) empty++;
  if (empty === 0) return;
  const full = new Uint8Array(k);
  for (let i = 0; i < k; i++) full[i] = out[i] === EMPTY_VALUE ? 0 : 1;
  const probeKey = fmix32(seed ^ SALT_PROBE);
  let rotation: Int32Array | undefined;
  for (let i = 0; i < k; i++) {
    if (full[i]) continue;
    let from = -1;
    for (let attempt = 1; attempt <= MAX_PROBES; attempt++) {
      const p = fmix32(probeKey ^ imul(i + 1, 0x9e3779b1) ^ imul(attempt, 0x85ebca77));
      const j = ((p * k) / 4294967296) | 0;
      if (full[j]) {
        from = j;
        break;
      }
    }
    if (from < 0) {
      rotation ??= nextFull(full, k);
      from = rotation[i]!;
    }
    out[i] = out[from]!;
  }
}

/** For each bin, the first originally full bin to its right (circularly). */
function nextFull(full: Uint8Array, k: number): Int32Array {
  const next = new Int32Array(k);
  let last = -1;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = k - 1; i >= 0; i--) {
      next[i] = last;
      if (full[i]) last = i;
    }
  }
  return next;
}

function kperm(hashes: Uint32Array, n: number, k: number, seed: number, out: Uint32Array): void {
  const a = new Int32Array(k);
  const m = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    a[i] = fmix32(seed ^ imul(i + 1, SALT_PERM_A));
    m[i] = fmix32(seed ^ SALT_PERM_M ^ imul(i + 1, 0x27d4eb2f)) | 1;
  }
  // Minima are kept biased by 2^31 in an Int32Array (v ^ 0x80000000 as a signed integer orders like
  // v unsigned), so the inner loop stays in 32-bit integer registers.
  const acc = new Int32Array(k).fill(0x7fffffff);
  const key = fmix32(seed ^ SALT_FEATURE);
  for (let e = 0; e < n; e++) {
    const x = fmix32(hashes[e]! ^ key);
    for (let i = 0; i < k; i++) {
      const v = imul(x ^ a[i]!, m[i]!);
      const b = v ^ (v >>> 16) ^ 0x80000000;
      if (b < acc[i]!) acc[i] = b;
    }
  }
  for (let i = 0; i < k; i++) {
    const v = (acc[i]! ^ 0x80000000) >>> 0;
    out[i] = v === EMPTY_VALUE ? EMPTY_VALUE - 1 : v;
  }
}

// ---------------------------------------------------------------------------
// Signature.
// ---------------------------------------------------------------------------

const MAGIC: readonly number[] = Object.freeze([0x52, 0x53, 0x4d, 0x48]); // "RSMH"
const SIGNATURE_BRAND: unique symbol = Symbol.for('respun.Signature') as never;

/**
 * Whether `value` is a {@link Signature} (from this or another copy of respun).
 * @example
 * isSignature(sketch('text')); // true
 */
export function isSignature(value: unknown): value is Signature {
  return value instanceof Signature || (value !== null && typeof value === 'object' && (value as { [SIGNATURE_BRAND]?: unknown })[SIGNATURE_BRAND] === true);
}
const HEADER_BYTES = 16;
const METHOD_CODES: Readonly<Record<SketchMethod, number>> = Object.freeze({ oph: 1, kperm: 2 });
const FEATURE_CODES: Readonly<Record<SketchFeatures, number>> = Object.freeze({ shingles: 1, content: 2 });

function describeParams(p: ResolvedSketchOptions): string {
  const size = p.features === 'shingles' ? `, shingleSize ${p.shingleSize}` : '';
  return `{ numPerm ${p.numPerm}, seed ${p.seed}, method '${p.method}', features '${p.features}'${size} }`;
}

/**
 * A MinHash signature and the parameters it was made with.
 *
 * Byte format (little-endian, version 1): `"RSMH"` magic (4 bytes), format version (1),
 * method (1: oph, 2: kperm), features (1: shingles, 2: content), shingle size (1; 0 for content),
 * numPerm (uint32), seed (uint32), then numPerm uint32 values: 16 + 4 × numPerm bytes.
 * @example
 * const sig = sketch('Kyiv said it took 74 settlements.');
 * const back = Signature.fromBytes(sig.toBytes());
 * estimateJaccard(sig, back); // 1
 */
export class Signature {
  /**
   * Brand shared by every copy of this class (the ESM and CommonJS builds of respun loaded side by
   * side each have their own `Signature`), so that signatures from either compare.
   */
  readonly [SIGNATURE_BRAND] = true;
  /** The MinHash values; all `0xFFFFFFFF` for an empty feature set. */
  readonly values: Uint32Array;
  /** The parameters the values were made with. */
  readonly params: ResolvedSketchOptions;

  /**
   * Wrap values made with `params` (normally through {@link sketch} or {@link Signature.fromBytes}).
   * @throws InvalidInputError when `values` does not fit `params`.
   */
  constructor(values: Uint32Array, params: ResolvedSketchOptions) {
    if (!(values instanceof Uint32Array)) throw new InvalidInputError(expected('values', 'a Uint32Array', values));
    const p = resolveSketchOptions({
      numPerm: params.numPerm,
      seed: params.seed,
      method: params.method,
      features: params.features,
      shingleSize: params.features === 'content' ? undefined : params.shingleSize,
    });
    if (values.length !== p.numPerm) {
      throw new InvalidInputError(`Expected \`values\` to hold numPerm = ${p.numPerm} values, got ${values.length}`);
    }
    let empties = 0;
    for (let i = 0; i < values.length; i++) if (values[i] === EMPTY_VALUE) empties++;
    if (empties !== 0 && empties !== values.length) {
      throw new InvalidInputError(`Invalid signature values: the empty-set marker 0xFFFFFFFF appears at ${empties} of ${values.length} positions (all or none expected)`);
    }
    this.values = values;
    this.params = p;
  }

  /** Values per signature. */
  get numPerm(): number {
    return this.params.numPerm;
  }
  /** Permutation seed. */
  get seed(): number {
    return this.params.seed;
  }
  /** MinHash method. */
  get method(): SketchMethod {
    return this.params.method;
  }
  /** Feature set. */
  get features(): SketchFeatures {
    return this.params.features;
  }
  /** Words per shingle (0 for content features). */
  get shingleSize(): number {
    return this.params.shingleSize;
  }
  /** Whether the signed feature set was empty (no words). */
  get empty(): boolean {
    return this.values[0] === EMPTY_VALUE;
  }

  /**
   * Whether `other` was made with the same parameters, so that the two compare.
   * @example
   * sketch('a b c').isCompatible(sketch('a b c', { seed: 2 })); // false
   */
  isCompatible(other: Signature): boolean {
    const a = this.params;
    const b = other.params;
    return a.numPerm === b.numPerm && a.seed === b.seed && a.method === b.method && a.features === b.features && a.shingleSize === b.shingleSize;
  }

  /**
   * The compact, versioned byte form (16 + 4 × numPerm bytes, little-endian).
   * @example
   * sketch('Kyiv said it took 74 settlements.').toBytes().length; // 528
   */
  toBytes(): Uint8Array {
    const p = this.params;
    const bytes = new Uint8Array(HEADER_BYTES + 4 * p.numPerm);
    const view = new DataView(bytes.buffer);
    bytes.set(MAGIC, 0);
    bytes[4] = SIGNATURE_FORMAT_VERSION;
    bytes[5] = METHOD_CODES[p.method];
    bytes[6] = FEATURE_CODES[p.features];
    bytes[7] = p.shingleSize;
    view.setUint32(8, p.numPerm, true);
    view.setUint32(12, p.seed, true);
    for (let i = 0; i < p.numPerm; i++) view.setUint32(HEADER_BYTES + 4 * i, this.values[i]!, true);
    return bytes;
  }

  /**
   * Read a signature written by {@link Signature.toBytes}, validating every field.
   * @throws InvalidInputError on anything but a well-formed signature of a supported version.
   * @example
   * Signature.fromBytes(sketch('Kyiv said it took 74 settlements.').toBytes()).numPerm; // 128
   */
  static fromBytes(bytes: Uint8Array): Signature {
    if (!(bytes instanceof Uint8Array)) throw new InvalidInputError(expected('bytes', 'a Uint8Array', bytes));
    if (bytes.length < HEADER_BYTES) {
      throw new InvalidInputError(`Invalid signature bytes: expected at least ${HEADER_BYTES} bytes, got ${bytes.length}`);
    }
    if (MAGIC.some((m, i) => bytes[i] !== m)) throw new InvalidInputError('Invalid signature bytes: missing the "RSMH" magic, not a respun signature');
    const version = bytes[4]!;
    if (version !== SIGNATURE_FORMAT_VERSION) {
      throw new InvalidInputError(`Unsupported signature format version ${version} (this respun reads version ${SIGNATURE_FORMAT_VERSION})`);
    }
    const method = METHODS.find((m) => METHOD_CODES[m] === bytes[5]);
    if (method === undefined) throw new InvalidInputError(`Invalid signature bytes: unknown method code ${bytes[5]}`);
    const features = FEATURES.find((f) => FEATURE_CODES[f] === bytes[6]);
    if (features === undefined) throw new InvalidInputError(`Invalid signature bytes: unknown features code ${bytes[6]}`);
    const shingleSize = bytes[7]!;
    if (features === 'content' ? shingleSize !== 0 : shingleSize < 1 || shingleSize > MAX_SHINGLE_SIZE) {
      throw new InvalidInputError(`Invalid signature bytes: shingle size ${shingleSize} does not fit features '${features}'`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const numPerm = view.getUint32(8, true);
    if (numPerm < 1 || numPerm > MAX_NUM_PERM) throw new InvalidInputError(`Invalid signature bytes: numPerm ${numPerm} is not from 1 to ${MAX_NUM_PERM}`);
    const seed = view.getUint32(12, true);
    const needed = HEADER_BYTES + 4 * numPerm;
    if (bytes.length !== needed) {
      throw new InvalidInputError(`Invalid signature bytes: numPerm ${numPerm} needs ${needed} bytes, got ${bytes.length}`);
    }
    const values = new Uint32Array(numPerm);
    for (let i = 0; i < numPerm; i++) values[i] = view.getUint32(HEADER_BYTES + 4 * i, true);
    const params = resolveSketchOptions({ numPerm, seed, method, features, shingleSize: features === 'content' ? undefined : shingleSize });
    return new Signature(values, params);
  }

  /**
   * The byte form as standard base64 (with padding), for JSON, Redis strings or URLs after escaping.
   * @example
   * Signature.fromBase64(sig.toBase64()).isCompatible(sig); // true
   */
  toBase64(): string {
    return toBase64(this.toBytes());
  }

  /**
   * Read the base64 form written by {@link Signature.toBase64}.
   * @throws InvalidInputError on bad base64 or bad bytes.
   * @example
   * const sig = Signature.fromBase64(stored);
   */
  static fromBase64(text: string): Signature {
    if (typeof text !== 'string') throw new InvalidInputError(expected('text', 'a base64 string', text));
    return Signature.fromBytes(fromBase64(text));
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function toBase64(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += B64[v >>> 18]! + B64[(v >>> 12) & 63]! + B64[(v >>> 6) & 63]! + B64[v & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i]! << 16;
    s += B64[v >>> 18]! + B64[(v >>> 12) & 63]! + '==';
  } else if (rest === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    s += B64[v >>> 18]! + B64[(v >>> 12) & 63]! + B64[(v >>> 6) & 63]! + '=';
  }
  return s;
}

function fromBase64(s: string): Uint8Array {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new InvalidInputError('Invalid signature: not a padded base64 string');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let v = 0;
    for (let j = 0; j < 4; j++) {
      const ch = s[i + j]!;
      v = (v << 6) | (ch === '=' ? 0 : B64.indexOf(ch));
    }
    if (o < out.length) out[o++] = v >>> 16;
    if (o < out.length) out[o++] = (v >>> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Public entry points.
// ---------------------------------------------------------------------------

/**
 * The MinHash signature of a text or article.
 *
 * Shingle features are read from the raw text in one pass (words as the tokenizer splits them,
 * lower-cased; boilerplate is not marked, see `features.ts`); content features run the text stages
 * (`prepare`) and are about 30× slower. Use {@link sketchDoc} when a prepared `Doc` is at hand.
 * @param textOrArticle - The text, or an {@link Article} whose `text` is used.
 * @param options - See {@link SketchOptions}.
 * @throws InvalidInputError for a value that is neither a string nor an Article; InvalidOptionError for a bad option.
 * @example
 * const a = sketch('Kyiv said on Tuesday it took 74 settlements in the region.');
 * const b = sketch({ text: 'Kyiv said on Tuesday it took 74 settlements in the area.' });
 * estimateJaccard(a, b); // ≈ 0.6
 */
export function sketch(textOrArticle: string | Article, options?: SketchOptions): Signature {
  const text = textOf(textOrArticle, 'textOrArticle');
  const o = resolveSketchOptions(options);
  if (o.features === 'content') return new Signature(minhashValues(textContentHashes(text), o), o);
  const { hashes, count } = scanShingles(text, o.shingleSize);
  return new Signature(minhashValues(hashes, o, count), o);
}

/**
 * The MinHash signature of a prepared document (normalised text, boilerplate skipped):
 * the exact counterpart of the pipeline's shingle and content Jaccard scores.
 * @param doc - The output of `prepare(text)`.
 * @param options - See {@link SketchOptions}.
 * @example
 * estimateJaccard(sketchDoc(prepare(a)), sketchDoc(prepare(b))); // estimates scores.shingleJaccard
 */
export function sketchDoc(doc: Doc, options?: SketchOptions): Signature {
  if (doc === null || typeof doc !== 'object' || !Array.isArray((doc as Doc).tokens) || !Array.isArray((doc as Doc).sentences)) {
    throw new InvalidInputError(expected('doc', 'a prepared Doc', doc));
  }
  const o = resolveSketchOptions(options);
  const hashes = o.features === 'content' ? contentHashes(doc) : shingleHashes(doc, o.shingleSize);
  return new Signature(minhashValues(hashes, o), o);
}

/**
 * The MinHash signature of a set of feature hashes the caller built (tagged with `options.features`).
 * @example
 * const sig = sketchHashes(textShingleHashes(text));
 */
export function sketchHashes(hashes: Uint32Array, options?: SketchOptions): Signature {
  const o = resolveSketchOptions(options);
  return new Signature(minhashValues(hashes, o), o);
}

/**
 * Estimate the Jaccard similarity of the two feature sets behind `a` and `b`: the share of equal values.
 * 0 when either set is empty (respun defines the Jaccard similarity of two empty sets as 0).
 * @throws IncompatibleSignatureError when the signatures were made with different parameters.
 * @example
 * estimateJaccard(sketch(original), sketch(copy)); // ≈ 1 for a copy
 */
export function estimateJaccard(a: Signature, b: Signature): number {
  if (!isSignature(a)) throw new InvalidInputError(expected('a', 'a Signature', a));
  if (!isSignature(b)) throw new InvalidInputError(expected('b', 'a Signature', b));
  if (!a.isCompatible(b)) {
    throw new IncompatibleSignatureError(
      `Cannot compare signatures made with different parameters: ${describeParams(a.params)} and ${describeParams(b.params)}`,
    );
  }
  if (a.empty || b.empty) return 0;
  const x = a.values;
  const y = b.values;
  let same = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) same++;
  return same / x.length;
}
