/**
 * `RewriteIndex`: MinHash LSH over paraphrase-robust features, for finding
 * the few articles worth comparing with a new one among many.
 *
 * Each article is prepared (normalize → segment → tokenize), turned into a
 * feature set ({@link indexFeatureHashes}), signed with one-permutation
 * MinHash (`numPerm` values), and the signature is cut into `bands` bands of
 * `rows` values; the article is stored in one bucket per band. A query
 * returns the stored articles sharing at least one bucket, with the MinHash
 * estimate of their feature Jaccard, best first, keeping those at or above
 * `threshold` (Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*,
 * ch. 3.4; the bands and rows come from `lshParams`).
 */
import { InvalidInputError, InvalidOptionError, StorageError, describe, textOf } from '../errors';
import { prepare } from '../text/prepare';
import { murmur3Words } from '../sketch/hash';
import { contentHashes } from '../sketch/features';
import { Signature, minhashValues, resolveSketchOptions, type ResolvedSketchOptions } from '../sketch/minhash';
import { lshParams } from '../sketch/lsh-params';
import type { Article, Doc } from '../types';
import { MemoryStorage, compareIds } from './memory-storage';
import type { IndexMeta, IndexStorage } from './storage';

/**
 * Options of {@link RewriteIndex}. Every process that shares one storage must use the same
 * `numPerm`, `seed`, `bands` and `rows` (the storage records them and refuses others).
 * @example
 * const index = new RewriteIndex({ threshold: 0.2, numPerm: 256, seed: 1 });
 */
export interface RewriteIndexOptions {
  /**
   * Estimated feature Jaccard similarity at and above which a stored article is a candidate,
   * in (0, 1). Chosen from the curve in docs/index.md: at 0.2 every rewrite and duplicate pair
   * of the 10,000-article test corpus is found with 0.16 comparisons per article.
   * @default 0.2
   */
  threshold?: number;
  /**
   * Values per MinHash signature, 2 to 1024. More values: a sharper estimate, steeper LSH bands
   * (fewer false candidates), more storage. 256 with threshold 0.2 gives 85 bands of 3 rows:
   * 5.6 times fewer candidates than 128 values (28 bands of 2) at the same recall (docs/index.md).
   * @default 256
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
 * INDEX_FEATURES; // 'content/1'
 */
export const INDEX_FEATURES = 'content/1';
/** Version of the bucket-key layout. */
const INDEX_FORMAT = 'respun-index/1';
/** Seeds of the two 32-bit band hashes that make a bucket key. */
const BAND_SEED_A = 0x7e5b0021;
const BAND_SEED_B = 0x7e5b0022;
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
  const threshold = checkNumber('threshold', o.threshold === undefined ? 0.2 : o.threshold, (v) => v > 0 && v < 1, 'a number in (0, 1)');
  const numPerm = checkNumber('numPerm', o.numPerm === undefined ? 256 : o.numPerm, (v) => Number.isInteger(v) && v >= 2 && v <= 1024, 'an integer from 2 to 1024');
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
 * boilerplate left out). Chosen by measurement (`npm run features`, docs/index.md): the devset's
 * rewrites share at least 39 % of these with their originals (median 62 %), random pairs of real
 * articles more than 15 % once in a thousand, while word 5-shingle sets of a spun copy can share 1 %.
 * @example
 * indexFeatureHashes(prepare('Mr Biden visited Kyiv.')).length; // 5: biden, visit, kyiv; name biden, name kyiv
 */
export function indexFeatureHashes(doc: Doc): Uint32Array {
  return contentHashes(doc);
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
   * The MinHash signature of a set of index features (one-permutation hashing, the index's numPerm and seed).
   */
  private signatureOf(hashes: Uint32Array): Signature {
    return new Signature(minhashValues(hashes, this.options.sketch), this.options.sketch);
  }

  /** The bucket keys of a signature: `<band>.<16 hex digits>`; none for an empty feature set. */
  private bucketsOf(sig: Signature): string[] {
    if (sig.empty) return [];
    const { bands, rows } = this.options;
    const out: string[] = [];
    for (let b = 0; b < bands; b++) {
      const a = murmur3Words(sig.values, b * rows, rows, BAND_SEED_A);
      const c = murmur3Words(sig.values, b * rows, rows, BAND_SEED_B);
      out.push(`${b}.${a.toString(16).padStart(8, '0')}${c.toString(16).padStart(8, '0')}`);
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
    const sig = this.signatureOf(hashes);
    return this.storage.insert(id, this.bucketsOf(sig), valuesToBytes(sig.values));
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
    const sig = this.signatureOf(hashes);
    const buckets = this.bucketsOf(sig);
    if (buckets.length === 0) return [];
    const ids = await this.storage.lookup(buckets);
    if (ids.length === 0) return [];
    const stored = await this.storage.signatures(ids);
    const hits: IndexHit[] = [];
    const x = sig.values;
    const n = x.length;
    for (let k = 0; k < ids.length; k++) {
      const bytes = stored[k];
      // Gone between lookup and fetch (removed or expired): not a hit.
      if (bytes === undefined) continue;
      const y = readValues(bytes, n, this.storage.description, ids[k]!);
      let same = 0;
      for (let i = 0; i < n; i++) if (x[i] === y[i]) same++;
      const similarity = same / n;
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

/**
 * Stored form of a signature: its `numPerm` values as little-endian uint32 (4 × numPerm bytes).
 * The parameters are not repeated per document: the storage records them once (`IndexMeta`).
 */
function valuesToBytes(values: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setUint32(4 * i, values[i]!, true);
  return bytes;
}

/** The values of stored signature bytes, checked against `numPerm`. */
function readValues(bytes: Uint8Array, numPerm: number, where: string, id: string): Uint32Array {
  if (bytes.length !== 4 * numPerm) {
    // Parameters are checked at open, so a wrong length is corruption.
    throw new StorageError(`Corrupt signature for ${JSON.stringify(id)} in ${where}: expected ${4 * numPerm} bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Uint32Array(numPerm);
  for (let i = 0; i < numPerm; i++) values[i] = view.getUint32(4 * i, true);
  return values;
}
