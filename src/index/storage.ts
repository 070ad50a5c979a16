/**
 * The storage cut of the corpus index: a small async interface with one
 * bucket table per LSH band plus a key table (id → signature), after
 * datasketch's `storage.py`. {@link RewriteIndex} does the hashing and the
 * banding; a storage only keeps sets of ids under opaque bucket keys and the
 * signature bytes of each id.
 *
 * Implementations: `MemoryStorage` (the default) and `RedisStorage`
 * (`respun/redis`), both checked by one contract suite
 * (`test/index/storage-contract.ts`).
 */

/**
 * What an index stores about its parameters, so that an index reopened over
 * the same storage with other parameters refuses instead of answering wrongly.
 * @example
 * const meta: IndexMeta = { format: 'respun-index/2', numPerm: 128, seed: 1, bands: 37, rows: 3, features: 'content/4' };
 */
export interface IndexMeta {
  /** Version of the index layout. */
  format: string;
  /** Permutations per signature. */
  numPerm: number;
  /** Seed of the hash functions. */
  seed: number;
  /** LSH bands. */
  bands: number;
  /** Rows (signature values) per band. */
  rows: number;
  /** Name and version of the feature extractor the signatures are made from. */
  features: string;
}

/**
 * The storage behind a {@link RewriteIndex}. Every method may be called
 * concurrently; one document's writes (`insert`, `remove`) must be atomic:
 * another reader sees all of a document's buckets and its signature, or none.
 *
 * Bucket keys are short ASCII strings without spaces, chosen by the index: `RewriteIndex` writes
 * `<band>.<hex>`, the hex digits (lowercase, two a byte) being the band's bytes of the signature,
 * so a storage may read a key back from the signature instead of keeping it (`MemoryStorage`
 * does); a storage must still answer exactly for keys of any other shape.
 * @example
 * class CountingStorage implements IndexStorage { ... } // wrap MemoryStorage to count calls
 * const index = new RewriteIndex({ storage: new CountingStorage() });
 */
export interface IndexStorage {
  /** Where the data lives, for error messages (`memory`, `redis 127.0.0.1:6379 namespace news`). */
  readonly description: string;
  /**
   * Record the index parameters on first use, or check them against the recorded ones.
   * Rejects with `InvalidOptionError` naming the differing field when they differ.
   */
  open(meta: IndexMeta): Promise<void>;
  /**
   * Store document `id` in every bucket of `buckets` with its signature bytes, atomically.
   * Resolves to `false` (and changes nothing) when `id` is already stored.
   */
  insert(id: string, buckets: readonly string[], signature: Uint8Array): Promise<boolean>;
  /** The ids stored in any of `buckets`, each once, in ascending code-unit order. */
  lookup(buckets: readonly string[]): Promise<string[]>;
  /** The signature bytes of each id (`undefined` for an id not stored), in the order asked. */
  signatures(ids: readonly string[]): Promise<Array<Uint8Array | undefined>>;
  /** Remove document `id` from its buckets and the key table, atomically. Resolves to whether it was stored. */
  remove(id: string): Promise<boolean>;
  /** Whether document `id` is stored. */
  has(id: string): Promise<boolean>;
  /** How many documents are stored. */
  size(): Promise<number>;
}
