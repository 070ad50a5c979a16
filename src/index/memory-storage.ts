/**
 * The default index storage: JavaScript maps in the current process.
 */
import { InvalidOptionError } from '../errors';
import type { IndexMeta, IndexStorage } from './storage';

/** A stored document: its buckets (to leave nothing behind on removal) and its signature bytes. */
interface MemoryEntry {
  readonly buckets: readonly string[];
  readonly signature: Uint8Array;
}

/**
 * Keeps the index in this process's memory. Not shared between processes;
 * use `RedisStorage` (`respun/redis`) for that.
 * @example
 * import { RewriteIndex, MemoryStorage } from 'respun';
 * const index = new RewriteIndex({ storage: new MemoryStorage() }); // the same as new RewriteIndex()
 */
export class MemoryStorage implements IndexStorage {
  /** `memory`: there is no address to name. */
  readonly description = 'memory';
  /**
   * Bucket key → the ids in the bucket: a plain string while there is one (most buckets hold a
   * single article, and a Set costs about 100 bytes more), a Set from the second on. Empty buckets are deleted.
   */
  private readonly buckets = new Map<string, string | Set<string>>();
  /** Id → the document's buckets and signature. */
  private readonly entries = new Map<string, MemoryEntry>();
  /** Parameters recorded by the first `open`. */
  private meta: IndexMeta | undefined;

  /** Record `meta` on first use, else check it equals the recorded parameters. */
  async open(meta: IndexMeta): Promise<void> {
    if (this.meta === undefined) {
      this.meta = { ...meta };
      return;
    }
    checkMeta(this.meta, meta, this.description);
  }

  /** Store `id` in `buckets` with its signature; `false` when `id` is already stored. */
  async insert(id: string, buckets: readonly string[], signature: Uint8Array): Promise<boolean> {
    if (this.entries.has(id)) return false;
    const own = [...new Set(buckets)];
    this.entries.set(id, { buckets: own, signature: signature.slice() });
    for (const b of own) {
      const held = this.buckets.get(b);
      if (held === undefined) this.buckets.set(b, id);
      else if (typeof held === 'string') this.buckets.set(b, new Set([held, id]));
      else held.add(id);
    }
    return true;
  }

  /** Ids in any of `buckets`, each once, sorted. */
  async lookup(buckets: readonly string[]): Promise<string[]> {
    const out = new Set<string>();
    for (const b of buckets) {
      const held = this.buckets.get(b);
      if (typeof held === 'string') out.add(held);
      else if (held !== undefined) for (const id of held) out.add(id);
    }
    return [...out].sort(compareIds);
  }

  /** Signature bytes of each id, `undefined` when not stored. */
  async signatures(ids: readonly string[]): Promise<Array<Uint8Array | undefined>> {
    return ids.map((id) => this.entries.get(id)?.signature);
  }

  /** Remove `id` and every bucket membership; `false` when it was not stored. */
  async remove(id: string): Promise<boolean> {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    this.entries.delete(id);
    for (const b of entry.buckets) {
      const held = this.buckets.get(b);
      if (held === id) this.buckets.delete(b);
      else if (typeof held === 'object') {
        held.delete(id);
        if (held.size === 1) this.buckets.set(b, held.values().next().value as string);
      }
    }
    return true;
  }

  /** Whether `id` is stored. */
  async has(id: string): Promise<boolean> {
    return this.entries.has(id);
  }

  /** Number of stored documents. */
  async size(): Promise<number> {
    return this.entries.size;
  }

  /** Number of non-empty buckets (for tests and memory measurements). */
  bucketCount(): number {
    return this.buckets.size;
  }
}

/**
 * Code-unit order, the same in every process and storage (unlike `localeCompare`).
 * @example
 * ['b', 'B', 'a'].sort(compareIds); // ['B', 'a', 'b']
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Throw `InvalidOptionError` when `given` differs from the parameters `stored` in an index.
 * @example
 * checkMeta(stored, { ...stored, numPerm: 64 }, 'memory'); // throws: … was built with numPerm 128, got 64
 */
export function checkMeta(stored: IndexMeta, given: IndexMeta, where: string): void {
  for (const key of ['format', 'features', 'numPerm', 'seed', 'bands', 'rows'] as const) {
    if (String(stored[key]) !== String(given[key])) {
      throw new InvalidOptionError(
        `The index in ${where} was built with ${key} ${String(stored[key])}, got ${String(given[key])}: open it with the same options, or use another namespace`,
      );
    }
  }
}
