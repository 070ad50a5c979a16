/**
 * `RewriteIndex`: MinHash LSH over paraphrase-robust features, for finding
 * the few articles worth comparing with a new one among many.
 *
 * Each article is prepared (normalize → segment → tokenize), turned into a
 * feature set ({@link indexFeatureHashes}), signed with one-permutation
 * MinHash (`numPerm` values), and only the lowest byte of each value is kept
 * (b-bit minwise hashing with b = 8: Li & König, "b-Bit Minwise Hashing",
 * WWW 2010). The signature bytes are cut into `bands` bands of `rows` bytes;
 * the article is stored in one bucket per band, whose key is the band's bytes
 * themselves. A query returns the stored articles sharing at least one bucket,
 * with the b-bit estimate of their feature Jaccard, best first, keeping those
 * at or above `threshold` (Leskovec, Rajaraman & Ullman, *Mining of Massive
 * Datasets*, ch. 3.4; the bands and rows come from `lshParams`).
 */
import { InvalidInputError, InvalidOptionError, StorageError, describe, textOf } from '../errors';
import { prepare } from '../text/prepare';
import { COMMON_STEMS, INDEX_IMMUTABLE_TAGS, contentHashes } from '../sketch/features';
import { minhashValues, resolveSketchOptions, type ResolvedSketchOptions } from '../sketch/minhash';
import { lshParams } from '../sketch/lsh-params';
import type { Article, Doc } from '../types';
import { MemoryStorage, compareIds } from './memory-storage';
import type { IndexMeta, IndexStorage } from './storage';

/**
 * Options of {@link RewriteIndex}. Every process that shares one storage must use the same
 * `numPerm`, `seed`, `bands` and `rows` (the storage records them and refuses others).
 * @example
 * const index = new RewriteIndex({ threshold: 0.3, numPerm: 128, seed: 1 });
 */
export interface RewriteIndexOptions {
  /**
   * Estimated feature Jaccard similarity at and above which a stored article is a candidate,
   * in (0, 1). Chosen from the curve in docs/index.md: at 0.3 (37 bands of 3 rows) every rewrite
   * and duplicate pair of the 10,000-article test corpus is found with 13.8 candidates and 0.07
   * comparisons per article; 0.2 (28 bands of 2 rows) finds the same with 13 times the candidates,
   * and a pair at the development set's lowest overlap a little more surely (99.9 % against 97.9 %).
   * @default 0.3
   */
  threshold?: number;
  /**
   * Values per MinHash signature, 2 to 1024; each is stored as one byte. More values: a sharper
   * estimate, steeper LSH bands (fewer false candidates), more memory. 128 with threshold 0.3 gives
   * 37 bands of 3 rows: every rewrite and duplicate pair of the test corpus found, at about 290 bytes
   * per article in memory (docs/index.md; 256 values return fewer candidates but need twice that).
   * @default 128
   */
  numPerm?: number;
  /**
   * Seed of the MinHash permutations, an integer from 0 to 2^32 − 1.
   * @default 1
   */
  seed?: number;
  /**
   * LSH bands; with `rows`, overrides the choice of `lshParams(threshold, numPerm)`. `bands × rows ≤ numPerm`.
   * @default from lshParams
   */
  bands?: number;
  /**
   * Signature values per band; see `bands`.
   * @default from lshParams
   */
  rows?: number;
  /**
   * Where buckets and signatures are kept.
   * @default new MemoryStorage()
   */
  storage?: IndexStorage;
}

/**
 * One stored article similar to the query.
 * @example
 * const hit: IndexHit = { id: 'reuters-1', similarity: 0.42 };
 */
export interface IndexHit {
  /** Id the article was added under. */
  id: string;
  /** MinHash estimate of the Jaccard similarity of the two feature sets, in [0, 1]. */
  similarity: number;
}

/**
 * Options of {@link RewriteIndex.query}.
 * @example
 * await index.query(article, { minSimilarity: 0 }); // every LSH candidate, with its estimate
 */
export interface QueryOptions {
  /**
   * Keep candidates whose estimated similarity is at least this, in [0, 1].
   * @default the index's threshold
   */
  minSimilarity?: number;
}

/** Resolved, frozen options of an index. */
interface ResolvedIndexOptions {
  readonly threshold: number;
  readonly numPerm: number;
  readonly seed: number;
  readonly bands: number;
  readonly rows: number;
  readonly sketch: ResolvedSketchOptions;
}

/**
 * Name and version of the index features: part of the stored parameters, bump on any change.
 * @example
 * INDEX_FEATURES; // 'content/4'
 */
export const INDEX_FEATURES = 'content/4';
/**
 * Version of the stored layout: 2 is one byte per signature value and bucket keys made of the
 * band's bytes (1 was four bytes per value and hashed keys; such an index is refused, not misread).
 */
const INDEX_FORMAT = 'respun-index/2';
/** Probability that the low bytes of two different MinHash values agree (b-bit hashing, b = 8). */
const BYTE_COLLISION = 1 / 256;
/** How many `add`s `addMany` keeps in flight (lets Redis pipeline them). */
const ADD_MANY_CONCURRENCY = 32;

function checkNumber(name: string, value: unknown, ok: (v: number) => boolean, what: string): number {
  if (typeof value !== 'number' || !ok(value)) {
    throw new InvalidOptionError(`Expected \`${name}\` to be ${what}, got ${describe(value)}`);
  }
  return value;
}

function isStorage(value: unknown): value is IndexStorage {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return ['open', 'insert', 'lookup', 'signatures', 'remove', 'has', 'size'].every((m) => typeof s[m] === 'function');
}

function resolveOptions(options: RewriteIndexOptions | undefined): { options: ResolvedIndexOptions; storage: IndexStorage } {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new InvalidOptionError(`Expected \`options\` to be an object, got ${describe(options)}`);
  }
  const o = options ?? {};
  const threshold = checkNumber('threshold', o.threshold === undefined ? 0.3 : o.threshold, (v) => v > 0 && v < 1, 'a number in (0, 1)');
  const numPerm = checkNumber('numPerm', o.numPerm === undefined ? 128 : o.numPerm, (v) => Number.isInteger(v) && v >= 2 && v <= 1024, 'an integer from 2 to 1024');
  const seed = checkNumber('seed', o.seed === undefined ? 1 : o.seed, (v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff, 'an integer from 0 to 2^32 − 1');
  if ((o.bands === undefined) !== (o.rows === undefined)) {
    throw new InvalidOptionError(
      `Expected \`bands\` and \`rows\` to be given together, got only \`${o.bands === undefined ? 'rows' : 'bands'}\`. Did you mean to let lshParams choose both?`,
    );
  }
  let bands: number;
  let rows: number;
  if (o.bands !== undefined) {
    bands = checkNumber('bands', o.bands, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
    rows = checkNumber('rows', o.rows, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
    if (bands * rows > numPerm) {
      throw new InvalidOptionError(`Expected \`bands\` × \`rows\` to be at most \`numPerm\` (${numPerm}), got ${bands} × ${rows} = ${bands * rows}`);
    }
  } else {
    ({ bands, rows } = lshParams(threshold, numPerm));
  }
  const storage: unknown = o.storage === undefined ? new MemoryStorage() : o.storage;
  if (!isStorage(storage)) {
    throw new InvalidOptionError(`Expected \`storage\` to be an IndexStorage (open, insert, lookup, signatures, remove, has, size), got ${describe(storage)}`);
  }
  const sketch = resolveSketchOptions({ numPerm, seed, method: 'oph', features: 'content' });
  return { options: Object.freeze({ threshold, numPerm, seed, bands, rows, sketch }), storage };
}

/**
 * The index's features of a prepared document: the paraphrase-robust content features of
 * `sketch/features` (stems of content words, plus names and numbers under their own tags,
 * boilerplate left out), without the stems of {@link COMMON_STEMS}, each name and number as
 * {@link INDEX_IMMUTABLE_TAGS} features under each of its tags (version `content/4`; `content/3` gave a
 * token that is both, such as "G7", its name features only).
 * Chosen by measurement (`npm run features`, docs/index.md): the devset's rewrites share at least
 * 46 % of these with their originals (median 73 %), random pairs of real articles a median 2 %
 * and more than 16 % once in a thousand, while word 5-shingle sets of a spun copy can share 1 %.
 * Leaving the common stems out halved the LSH candidates per article (298 → 153 at 10,000
 * articles, `content/2`); weighing names and numbers raised the lowest rewrite's overlap from
 * 0.41 to 0.46, which lets the default threshold use bands of 3 rows (13.8 candidates per article).
 * @example
 * indexFeatureHashes(prepare('Mr Biden visited Kyiv.')).length; // 11: biden, visit, kyiv; 4 × name biden, 4 × name kyiv
 */
export function indexFeatureHashes(doc: Doc): Uint32Array {
  return contentHashes(doc, COMMON_STEMS, INDEX_IMMUTABLE_TAGS);
}

function checkId(id: unknown, name = 'id'): string {
  if (typeof id !== 'string' || id.length === 0) throw new InvalidInputError(`Expected \`${name}\` to be a non-empty string, got ${describe(id)}`);
  return id;
}

/**
 * An LSH index of articles for finding rewrites among many.
 * @example
 * import { RewriteIndex } from 'respun';
 * const index = new RewriteIndex();
 * await index.add('a', { text: original });
 * await index.query({ text: candidate }); // [{ id: 'a', similarity: 0.47 }]
 */
export class RewriteIndex {
  /** Resolved options (threshold, numPerm, seed, bands, rows). */
  private readonly options: ResolvedIndexOptions;
  /** Where buckets and signatures live. */
  private readonly storage: IndexStorage;
  /** The storage's `open` (parameters recorded or checked), started on first use. */
  private opened: Promise<void> | undefined;

  /**
   * @param options - See {@link RewriteIndexOptions}; validated here, once.
   * @throws InvalidOptionError naming the first bad option.
   */
  constructor(options?: RewriteIndexOptions) {
    const { options: resolved, storage } = resolveOptions(options);
    this.options = resolved;
    this.storage = storage;
  }

  /** The resolved parameters: threshold, numPerm, seed, bands and rows. */
  get params(): { threshold: number; numPerm: number; seed: number; bands: number; rows: number } {
    const { threshold, numPerm, seed, bands, rows } = this.options;
    return { threshold, numPerm, seed, bands, rows };
  }

  private open(): Promise<void> {
    if (this.opened === undefined) {
      const o = this.options;
      const meta: IndexMeta = { format: INDEX_FORMAT, features: INDEX_FEATURES, numPerm: o.numPerm, seed: o.seed, bands: o.bands, rows: o.rows };
      this.opened = this.storage.open(meta);
      // A failed open is retried on the next call rather than remembered forever.
      this.opened.catch(() => {
        this.opened = undefined;
      });
    }
    return this.opened;
  }

  /**
   * How this index signs feature sets (one-permutation MinHash, its numPerm and seed), for
   * {@link storedSignature} on another thread.
   * @internal
   */
  get sketch(): ResolvedSketchOptions {
    return this.options.sketch;
  }

  /**
   * The bucket keys of stored signature bytes: `<band>.<hex>`, the hex digits (lowercase, two a byte)
   * being the band's `rows` bytes, so a storage can read a key back from the signature instead of
   * keeping it (`MemoryStorage` does); none for an empty feature set (`null`).
   */
  private bucketsOf(bytes: Uint8Array | null): string[] {
    if (bytes === null) return [];
    const { bands, rows } = this.options;
    const out: string[] = [];
    for (let b = 0; b < bands; b++) {
      let key = `${b}.`;
      for (let r = b * rows; r < (b + 1) * rows; r++) key += HEX_BYTES[bytes[r]!];
      out.push(key);
    }
    return out;
  }

  /**
   * Add an article under `id`. Resolves to `false`, changing nothing, when `id` is already in the index
   * (so that workers replaying a stream add each article once).
   * @example
   * await index.add('bbc-1', { text: 'Shares in UK Coal have fallen…' }); // true
   */
  async add(id: string, article: string | Article): Promise<boolean> {
    checkId(id);
    const text = textOf(article, 'article');
    return this.addHashes(id, indexFeatureHashes(prepare(text)));
  }

  /**
   * Add a document by its index features (from {@link indexFeatureHashes}), for callers that prepared it already.
   * @example
   * await index.addHashes('bbc-1', indexFeatureHashes(prepare(text)));
   */
  async addHashes(id: string, hashes: Uint32Array): Promise<boolean> {
    checkId(id);
    await this.open();
    return this.insertSigned(id, storedSignature(hashes, this.options.sketch));
  }

  /**
   * {@link RewriteIndex.addHashes} by the signature that {@link storedSignature} made of the
   * features with this index's {@link RewriteIndex.sketch} (findRewrites' threads sign articles).
   * @internal
   * @example
   * await index.addSigned('bbc-1', signText(text, index.sketch));
   */
  async addSigned(id: string, signature: Uint8Array | null): Promise<boolean> {
    checkId(id);
    await this.open();
    return this.insertSigned(id, signature);
  }

  private insertSigned(id: string, signature: Uint8Array | null): Promise<boolean> {
    // An empty feature set is stored with the bytes of its values (all 0xFFFFFFFF) and no buckets: never found.
    return this.storage.insert(id, this.bucketsOf(signature), signature ?? new Uint8Array(this.options.numPerm).fill(0xff));
  }

  /**
   * Add many articles, keeping several writes in flight. Resolves to how many were new.
   * @param entries - `[id, article]` pairs, from an array, a generator or an async stream.
   * @example
   * await index.addMany(articles.map((a) => [a.id, a]));
   */
  async addMany(entries: Iterable<readonly [string, string | Article]> | AsyncIterable<readonly [string, string | Article]>): Promise<number> {
    if (entries === null || typeof entries !== 'object' || (!(Symbol.iterator in entries) && !(Symbol.asyncIterator in entries))) {
      throw new InvalidInputError(`Expected \`entries\` to be an iterable of [id, article], got ${describe(entries)}`);
    }
    let added = 0;
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    let position = 0;
    for await (const entry of entries as AsyncIterable<readonly [string, string | Article]>) {
      if (failure) break;
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new InvalidInputError(`Expected \`entries[${position}]\` to be an [id, article] pair, got ${describe(entry)}`);
      }
      checkId(entry[0], `entries[${position}][0]`);
      const hashes = indexFeatureHashes(prepare(textOf(entry[1], `entries[${position}][1]`)));
      const p: Promise<void> = this.addHashes(entry[0], hashes).then(
        (isNew) => {
          if (isNew) added++;
          inFlight.delete(p);
        },
        (error: unknown) => {
          failure ??= { error };
          inFlight.delete(p);
        },
      );
      inFlight.add(p);
      position++;
      if (inFlight.size >= ADD_MANY_CONCURRENCY) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    return added;
  }

  /**
   * Stored articles similar to `article`: those sharing an LSH bucket with it whose estimated
   * similarity is at least the threshold, best first (ties by id, in code-unit order).
   * @example
   * const hits = await index.query({ text: candidate }); // [{ id: 'bbc-1', similarity: 0.38 }]
   */
  async query(article: string | Article, options?: QueryOptions): Promise<IndexHit[]> {
    const text = textOf(article, 'article');
    const minSimilarity = this.minSimilarity(options);
    return this.queryHashes(indexFeatureHashes(prepare(text)), { minSimilarity });
  }

  private minSimilarity(options: QueryOptions | undefined): number {
    if (options === undefined) return this.options.threshold;
    if (typeof options !== 'object' || options === null) throw new InvalidOptionError(`Expected \`options\` to be an object, got ${describe(options)}`);
    if (options.minSimilarity === undefined) return this.options.threshold;
    return checkNumber('minSimilarity', options.minSimilarity, (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
  }

  /**
   * {@link RewriteIndex.query} by index features (from {@link indexFeatureHashes}).
   * @example
   * await index.queryHashes(indexFeatureHashes(prepare(text)));
   */
  async queryHashes(hashes: Uint32Array, options?: QueryOptions): Promise<IndexHit[]> {
    const minSimilarity = this.minSimilarity(options);
    await this.open();
    return this.hitsOf(storedSignature(hashes, this.options.sketch), minSimilarity);
  }

  /**
   * {@link RewriteIndex.queryHashes} by the signature that {@link storedSignature} made of the
   * features with this index's {@link RewriteIndex.sketch}.
   * @internal
   * @example
   * await index.querySigned(signText(text, index.sketch));
   */
  async querySigned(signature: Uint8Array | null, options?: QueryOptions): Promise<IndexHit[]> {
    const minSimilarity = this.minSimilarity(options);
    await this.open();
    return this.hitsOf(signature, minSimilarity);
  }

  private async hitsOf(x: Uint8Array | null, minSimilarity: number): Promise<IndexHit[]> {
    const buckets = this.bucketsOf(x);
    if (x === null || buckets.length === 0) return [];
    const n = x.length;
    const hits: IndexHit[] = [];
    // The memory storage compares signatures in place (no id lookups): same hits, same order.
    const agreements = this.storage instanceof MemoryStorage ? this.storage.agreements(buckets, x, fewestSame(minSimilarity, n)) : undefined;
    if (agreements !== undefined) {
      for (const { id, same } of agreements) {
        const similarity = estimateFromBytes(same, n);
        if (similarity >= minSimilarity) hits.push({ id, similarity });
      }
      return hits.sort((a, b) => b.similarity - a.similarity || compareIds(a.id, b.id));
    }
    const ids = await this.storage.lookup(buckets);
    if (ids.length === 0) return [];
    const stored = await this.storage.signatures(ids);
    for (let k = 0; k < ids.length; k++) {
      const y = stored[k];
      // Gone between lookup and fetch (removed or expired): not a hit.
      if (y === undefined) continue;
      if (y.length !== n) {
        // Parameters are checked at open, so a wrong length is corruption.
        throw new StorageError(`Corrupt signature for ${JSON.stringify(ids[k]!)} in ${this.storage.description}: expected ${n} bytes, got ${y.length}`);
      }
      let same = 0;
      for (let i = 0; i < n; i++) if (x[i] === y[i]) same++;
      const similarity = estimateFromBytes(same, n);
      if (similarity >= minSimilarity) hits.push({ id: ids[k]!, similarity });
    }
    return hits.sort((a, b) => b.similarity - a.similarity || compareIds(a.id, b.id));
  }

  /**
   * Remove `id` from the index. Resolves to whether it was there.
   * @example
   * await index.remove('bbc-1'); // true
   */
  async remove(id: string): Promise<boolean> {
    checkId(id);
    await this.open();
    return this.storage.remove(id);
  }

  /**
   * Whether `id` is in the index.
   * @example
   * await index.has('bbc-1'); // false after remove
   */
  async has(id: string): Promise<boolean> {
    checkId(id);
    await this.open();
    return this.storage.has(id);
  }

  /**
   * Number of articles in the index.
   * @example
   * await index.size(); // 0 for a new index
   */
  async size(): Promise<number> {
    await this.open();
    return this.storage.size();
  }
}

/** Two lowercase hex digits of each byte value. */
const HEX_BYTES: readonly string[] = Object.freeze(Array.from({ length: 256 }, (_, v) => v.toString(16).padStart(2, '0')));

/**
 * Stored form of the MinHash signature of index features (from {@link indexFeatureHashes}) signed
 * as `sketch` says (a {@link RewriteIndex}'s `sketch`): the lowest byte of each of its `numPerm`
 * values; `null` for an empty feature set. The parameters are not repeated per document: the
 * storage records them once (`IndexMeta`).
 * @internal for findRewrites' threads, which sign articles for the index on the calling thread
 * @example
 * storedSignature(indexFeatureHashes(prepare('Mr Biden visited Kyiv.')), new RewriteIndex().sketch)!.length; // 128
 */
export function storedSignature(hashes: Uint32Array, sketch: ResolvedSketchOptions): Uint8Array | null {
  const values = minhashValues(hashes, sketch);
  if (hashes.length === 0) return null;
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = values[i]! & 0xff;
  return bytes;
}

/**
 * {@link storedSignature} of a text's index features: what findRewrites' threads send back for each article.
 * @internal
 * @example
 * signText('Mr Biden visited Kyiv.', new RewriteIndex().sketch)!.length; // 128
 */
export function signText(text: string, sketch: ResolvedSketchOptions): Uint8Array | null {
  return storedSignature(indexFeatureHashes(prepare(text)), sketch);
}

/**
 * The Jaccard estimate from `same` equal bytes out of `n`: two values agree when the minima are the
 * same (probability J) or, otherwise, when their low bytes collide (1/256), so P(equal) = J + (1 − J)/256
 * and J = (P − 1/256)/(1 − 1/256), clamped at 0 (Li & König 2010). Equal signatures give exactly 1.
 */
function estimateFromBytes(same: number, n: number): number {
  if (same === n) return 1;
  return Math.max(0, (same / n - BYTE_COLLISION) / (1 - BYTE_COLLISION));
}

/** The fewest equal bytes out of `n` whose {@link estimateFromBytes} reaches `minSimilarity` (the estimate grows with `same`). */
function fewestSame(minSimilarity: number, n: number): number {
  let same = 0;
  while (same < n && estimateFromBytes(same, n) < minSimilarity) same++;
  return same;
}
