/**
 * The default index storage: flat typed arrays in the current process.
 *
 * Layout. Every stored document gets a number (its slot). Ids live in one array (slot → id)
 * and one open-addressing table of slots keyed by a hash of the id (id → slot), 5 to 11
 * bytes a document instead of a `Map` entry's 28 to 56.
 *
 * Documents written by {@link RewriteIndex} are kept compactly: their signature bytes in
 * fixed-width chunks, and, per LSH band, their slot in one array sorted by the band's key.
 * The key is not stored: `RewriteIndex`'s bucket key of band `b` is `<b>.<hex>` where the hex
 * digits are signature bytes `b × rows` to `(b + 1) × rows − 1`, so it is read back from the
 * signature when searching (binary search). New slots go to a small sorted tail per band, merged
 * into the main array when the tail fills (its capacity grows as the square root of the band's
 * size, so each add costs O(√n) moves and no add waits on an O(n) merge more than once per √n adds;
 * the tail keeps each slot's key packed beside it, so its searches read no signature);
 * removed documents leave tombstones that merges drop, and the slots are renumbered when
 * tombstones outnumber live documents. A band's main array keeps each slot in three bytes (so at
 * most 2^24 documents), with a fence of every 32nd key for the searches. A document costs its
 * signature (one byte a value) plus about 3.1 bytes a band, plus the id table.
 *
 * Any other bucket key (a document whose buckets are not those of its signature, as in the
 * storage contract tests, or of an index with other parameters) goes to a plain map of key →
 * slots, so the `IndexStorage` contract holds for any keys.
 */
import { InvalidOptionError, StorageError } from '../errors';
import { murmur3String } from '../sketch/hash';
import type { IndexMeta, IndexStorage } from './storage';

/** Documents per signature chunk (2^8): a chunk holds 256 signatures, at most one chunk is partly empty. */
const CHUNK_BITS = 8;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
/** Slots of `main` per fence key: 4 bytes per 32 documents a band. */
const FENCE_STRIDE = 32;
/** Slots are stored in three bytes in the bands' main arrays: at most 2^24 documents. */
const MAX_SLOTS = 1 << 24;
/** Smallest capacity of a band's tail. */
const MIN_TAIL = 64;
/** Id table markers: an empty cell, and a cell whose id was removed. */
const FREE = -1;
const GONE = -2;
/** Seed of the id hash. */
const ID_SEED = 0x1d5eed;

/** A document whose buckets are not its signature's: kept as given. */
interface LooseEntry {
  readonly buckets: readonly string[];
  readonly signature: Uint8Array;
}

/**
 * One band's sorted slots: `main` (exact length, three bytes a slot: see {@link slotAt}) and `tail`
 * (the first `tailLength` cells used).
 */
interface Band {
  main: Uint8Array;
  /**
   * The key of every `FENCE_STRIDE`-th slot of `main` (its first four bytes, packed), so that a
   * search reads a small contiguous array instead of a signature at every step.
   */
  fence: Uint32Array;
  tail: Int32Array;
  /**
   * The packed key of each tail slot (bands of at most 4 rows; see {@link packKey}), so that the
   * tail's searches, one per add and per query, read no signature.
   */
  tailKeys: Uint32Array;
  /**
   * Where each tail slot goes in `main` when merged (the end of its key's run), when the query
   * that came before its insert found it; −1 when not known (the merge then searches for it).
   */
  tailBounds: Int32Array;
  tailLength: number;
}

/** A band with an empty main array and an empty tail of `capacity` cells. */
function emptyBand(capacity: number): Band {
  return { main: new Uint8Array(0), fence: new Uint32Array(0), ...emptyTail(capacity) };
}

/** An empty tail of `capacity` cells. */
function emptyTail(capacity: number): Pick<Band, 'tail' | 'tailKeys' | 'tailBounds' | 'tailLength'> {
  return { tail: new Int32Array(capacity), tailKeys: new Uint32Array(capacity), tailBounds: new Int32Array(capacity), tailLength: 0 };
}

/**
 * Where the last {@link MemoryStorage.agreements} call's keys would go in each band's main array,
 * for an `insert` of a document with the same keys that follows it (a scan queries each article,
 * then adds it): merging that document then needs no search of the main array.
 */
interface RecentQuery {
  /** Per band, the packed key searched. */
  readonly keys: Uint32Array;
  /** Per band, the end of that key's run in `main`; −1 when the band was not searched. */
  readonly bounds: Int32Array;
  /** The storage's count of main-array changes when they were found: valid while it is the same. */
  readonly changes: number;
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
  /** Parameters recorded by the first `open`. */
  private meta: IndexMeta | undefined;
  /** Slot → id; `undefined` for a removed document (a tombstone until the next renumbering). */
  private ids: Array<string | undefined> = [];
  /** Open-addressing table (linear probing, at most three quarters full) of slots by id hash; `FREE` and `GONE` mark empty cells. */
  private table = new Int32Array(16).fill(FREE);
  /** Cells of `table` holding a slot or `GONE`. */
  private tableUsed = 0;
  /** Stored documents. */
  private live = 0;
  /** Chunks of compact signatures, `width` bytes a slot. */
  private chunks: Uint8Array[] = [];
  /** The same chunks as 32-bit words, for comparing four signature bytes at once (when `width` is a multiple of 4). */
  private words: Uint32Array[] = [];
  /** One byte a slot, all 0 between calls: marks the slots already met by one `agreements` call. */
  private marks = new Uint8Array(0);
  /** Bytes per compact signature (`numPerm`); 0 before `open`. */
  private width = 0;
  /** Bands and rows of compact documents (from `open`). */
  private bandCount = 0;
  private rows = 0;
  /** Per band, the compact documents' slots sorted by band key. */
  private bands: Band[] = [];
  /** Whether any compact document was removed since the last renumbering (merges then drop tombstones). */
  private tombstones = false;
  /** Documents stored with buckets that are not their signature's, by slot. */
  private loose = new Map<number, LooseEntry>();
  /** Merges, renumberings and clears so far: positions in the main arrays are valid while it stays the same. */
  private changes = 0;
  /** See {@link RecentQuery}: what the last `agreements` call noted, for the inserts after it while `changes` stays the same. */
  private recent: RecentQuery | undefined;
  /** Their buckets: key → slot, or a Set of slots from the second on. */
  private looseBuckets = new Map<string, number | Set<number>>();

  /** Record `meta` on first use, else check it equals the recorded parameters. */
  async open(meta: IndexMeta): Promise<void> {
    if (this.meta === undefined) {
      this.meta = { ...meta };
      const { numPerm, bands, rows } = meta;
      if (Number.isInteger(numPerm) && Number.isInteger(bands) && Number.isInteger(rows) && bands >= 1 && rows >= 1 && bands * rows <= numPerm) {
        this.width = numPerm;
        this.bandCount = bands;
        this.rows = rows;
        this.bands = Array.from({ length: bands }, () => emptyBand(MIN_TAIL));
      }
      return;
    }
    checkMeta(this.meta, meta, this.description);
  }

  /** Store `id` in `buckets` with its signature; `false` when `id` is already stored. */
  async insert(id: string, buckets: readonly string[], signature: Uint8Array): Promise<boolean> {
    if (this.slotOf(id) >= 0) return false;
    const slot = this.ids.length;
    if (slot >= MAX_SLOTS) {
      throw new StorageError(`The memory index holds at most ${MAX_SLOTS} documents (removed ones count until the index renumbers them); use RedisStorage or several indexes for more`);
    }
    this.ids.push(id);
    this.tableAdd(id, slot);
    this.live++;
    if (this.isCompact(buckets, signature)) {
      const chunk = slot >> CHUNK_BITS;
      while (this.chunks.length <= chunk) this.addChunk(this.chunks, this.words);
      this.chunks[chunk]!.set(signature, (slot & CHUNK_MASK) * this.width);
      const recent = this.recent !== undefined && this.recent.changes === this.changes ? this.recent : undefined;
      for (let b = 0; b < this.bandCount; b++) this.bandAdd(b, slot, recent);
    } else {
      const own = [...new Set(buckets)];
      this.loose.set(slot, { buckets: own, signature: signature.slice() });
      for (const key of own) {
        const held = this.looseBuckets.get(key);
        if (held === undefined) this.looseBuckets.set(key, slot);
        else if (typeof held === 'number') this.looseBuckets.set(key, new Set([held, slot]));
        else held.add(slot);
      }
    }
    return true;
  }

  /** Ids in any of `buckets`, each once, sorted. */
  async lookup(buckets: readonly string[]): Promise<string[]> {
    const slots = this.findBuckets(buckets);
    const out = new Set<string>();
    for (const s of slots) {
      const id = this.ids[s];
      if (id !== undefined) out.add(id);
    }
    return [...out].sort(compareIds);
  }

  /**
   * `lookup` and `signatures` in one pass without id lookups, for {@link RewriteIndex.query}: each
   * document in any of `buckets`, once, with the number of its signature bytes equal to `signature`'s,
   * in no particular order, keeping those with at least `atLeast` equal bytes. `undefined` when a
   * candidate's signature has another length than `signature` (the caller then takes the general
   * path, which reports it). Where the keys fall in the bands' main arrays is noted for an insert
   * of the same keys that may follow (see {@link RecentQuery}); the answer does not depend on it.
   * @param atLeast - Fewest equal bytes a returned document has. @default 0
   * @example
   * storage.agreements(['0.0102'], Uint8Array.from([1, 2, 3, 4])); // [{ id: 'a', same: 4 }]
   */
  agreements(buckets: readonly string[], signature: Uint8Array, atLeast = 0): Array<{ id: string; same: number }> | undefined {
    const recent: RecentQuery | undefined = this.keysPack
      ? { keys: new Uint32Array(this.bandCount), bounds: new Int32Array(this.bandCount).fill(-1), changes: this.changes }
      : undefined;
    const found = this.findBuckets(buckets, recent);
    this.recent = recent;
    // Each slot once: marked on first sight, the marks cleared again before returning.
    if (this.marks.length < this.ids.length) this.marks = new Uint8Array(this.ids.length + (this.ids.length >> 1) + 64);
    const marks = this.marks;
    let unique = 0;
    for (let k = 0; k < found.length; k++) {
      const slot = found[k]!;
      if (marks[slot] === 0) {
        marks[slot] = 1;
        found[unique++] = slot;
      }
    }
    found.length = unique;
    for (let k = 0; k < unique; k++) marks[found[k]!] = 0;

    const out: Array<{ id: string; same: number }> = [];
    const n = signature.length;
    const width = this.width;
    const anyLoose = this.loose.size > 0;
    // Four bytes at a time: the query's bytes as words of the same byte order as the chunks' views.
    const wordCount = width === n && (n & 3) === 0 ? n >> 2 : 0;
    const query = new Uint32Array(wordCount);
    if (wordCount > 0) new Uint8Array(query.buffer).set(signature);
    for (let k = 0; k < unique; k++) {
      const slot = found[k]!;
      const id = this.ids[slot];
      if (id === undefined) continue;
      const entry = anyLoose ? this.loose.get(slot) : undefined;
      let same = 0;
      if (entry !== undefined) {
        if (entry.signature.length !== n) return undefined;
        for (let i = 0; i < n; i++) if (entry.signature[i] === signature[i]) same++;
      } else if (width !== n) {
        return undefined;
      } else if (wordCount > 0) {
        const words = this.words[slot >> CHUNK_BITS]!;
        const start = (slot & CHUNK_MASK) * wordCount;
        for (let i = 0; i < wordCount; i++) same += zeroBytes(words[start + i]! ^ query[i]!);
      } else {
        const bytes = this.chunks[slot >> CHUNK_BITS]!;
        const start = (slot & CHUNK_MASK) * width;
        for (let i = 0; i < n; i++) if (bytes[start + i] === signature[i]) same++;
      }
      if (same >= atLeast) out.push({ id, same });
    }
    return out;
  }

  /** Signature bytes of each id, `undefined` when not stored. Compact signatures are views, never rewritten in place. */
  async signatures(ids: readonly string[]): Promise<Array<Uint8Array | undefined>> {
    return ids.map((id) => {
      const slot = this.slotOf(id);
      if (slot < 0) return undefined;
      const entry = this.loose.get(slot);
      if (entry !== undefined) return entry.signature;
      const start = (slot & CHUNK_MASK) * this.width;
      return this.chunks[slot >> CHUNK_BITS]!.subarray(start, start + this.width);
    });
  }

  /** Remove `id` and every bucket membership; `false` when it was not stored. */
  async remove(id: string): Promise<boolean> {
    const slot = this.slotOf(id);
    if (slot < 0) return false;
    this.tableRemove(id);
    this.ids[slot] = undefined;
    this.live--;
    const entry = this.loose.get(slot);
    if (entry !== undefined) {
      this.loose.delete(slot);
      for (const key of entry.buckets) {
        const held = this.looseBuckets.get(key);
        if (held === slot) this.looseBuckets.delete(key);
        else if (typeof held === 'object') {
          held.delete(slot);
          if (held.size === 1) this.looseBuckets.set(key, held.values().next().value as number);
        }
      }
    } else {
      this.tombstones = true;
    }
    if (this.live === 0) this.clear();
    else if (this.ids.length - this.live > this.live + MIN_TAIL) this.renumber();
    return true;
  }

  /** Whether `id` is stored. */
  async has(id: string): Promise<boolean> {
    return this.slotOf(id) >= 0;
  }

  /** Number of stored documents. */
  async size(): Promise<number> {
    return this.live;
  }

  /** Number of non-empty buckets (for tests and memory measurements; O(n log n)). */
  bucketCount(): number {
    let count = this.looseBuckets.size;
    for (let b = 0; b < this.bandCount; b++) {
      const band = this.bands[b]!;
      const slots = [...mainSlots(band.main), ...band.tail.subarray(0, band.tailLength)].filter((s) => this.ids[s] !== undefined);
      slots.sort((x, y) => this.compareSlots(b, x, y));
      for (let i = 0; i < slots.length; i++) if (i === 0 || this.compareSlots(b, slots[i - 1]!, slots[i]!) !== 0) count++;
    }
    return count;
  }

  // --- compact documents -------------------------------------------------------------------

  /** Whether `buckets` are exactly the keys `RewriteIndex` derives from `signature` (band b: `<b>.<hex of its rows bytes>`). */
  private isCompact(buckets: readonly string[], signature: Uint8Array): boolean {
    if (this.width === 0 || signature.length !== this.width || buckets.length !== this.bandCount) return false;
    const rows = this.rows;
    for (let b = 0; b < buckets.length; b++) {
      const key = buckets[b]!;
      const prefix = String(b);
      if (key.length !== prefix.length + 1 + 2 * rows || !key.startsWith(prefix) || key.charCodeAt(prefix.length) !== 46) return false;
      for (let r = 0; r < rows; r++) {
        const byte = signature[b * rows + r]!;
        const at = prefix.length + 1 + 2 * r;
        if (key.charCodeAt(at) !== HEX[byte >> 4] || key.charCodeAt(at + 1) !== HEX[byte & 15]) return false;
      }
    }
    return true;
  }

  /** The band of a compact bucket key, its bytes written into `out`; −1 when `key` is not one. */
  private parseKey(key: string, out: Uint8Array): number {
    const rows = this.rows;
    const dot = key.indexOf('.');
    if (this.width === 0 || dot < 1 || key.length !== dot + 1 + 2 * rows) return -1;
    let band = 0;
    for (let i = 0; i < dot; i++) {
      const c = key.charCodeAt(i) - 48;
      if (c < 0 || c > 9 || (i === 0 && c === 0 && dot > 1)) return -1;
      band = band * 10 + c;
    }
    if (band >= this.bandCount) return -1;
    for (let r = 0; r < rows; r++) {
      const hi = hexValue(key.charCodeAt(dot + 1 + 2 * r));
      const lo = hexValue(key.charCodeAt(dot + 2 + 2 * r));
      if (hi < 0 || lo < 0) return -1;
      out[r] = (hi << 4) | lo;
    }
    return band;
  }

  /** Band `band`'s key of `slot` against `key` (bytes): negative, 0 or positive. */
  private compareKey(band: number, slot: number, key: Uint8Array): number {
    const chunk = this.chunks[slot >> CHUNK_BITS]!;
    const start = (slot & CHUNK_MASK) * this.width + band * this.rows;
    for (let r = 0; r < this.rows; r++) {
      const d = chunk[start + r]! - key[r]!;
      if (d !== 0) return d;
    }
    return 0;
  }

  /** Band `band`'s keys of two slots compared. */
  private compareSlots(band: number, x: number, y: number): number {
    const cx = this.chunks[x >> CHUNK_BITS]!;
    const cy = this.chunks[y >> CHUNK_BITS]!;
    const off = band * this.rows;
    const sx = (x & CHUNK_MASK) * this.width + off;
    const sy = (y & CHUNK_MASK) * this.width + off;
    for (let r = 0; r < this.rows; r++) {
      const d = cx[sx + r]! - cy[sy + r]!;
      if (d !== 0) return d;
    }
    return 0;
  }

  /** First index from `from` in band `band`'s packed `main` whose key is above `slot`'s. */
  private boundMain(band: number, main: Uint8Array, from: number, slot: number): number {
    let lo = from;
    let hi = main.length / 3;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareSlots(band, slotAt(main, mid), slot) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether a band's key packs into 32 bits (at most 4 rows): then bands keep a fence and their tails' keys. */
  private get keysPack(): boolean {
    return this.rows <= 4;
  }

  /** Band `b`'s key of `slot`, packed into a number (see {@link keysPack}). */
  private packedKeyOf(b: number, slot: number): number {
    return packKey(this.chunks[slot >> CHUNK_BITS]!, (slot & CHUNK_MASK) * this.width + b * this.rows, this.rows);
  }

  /** First index in band `b`'s tail whose key is above `slot`'s. */
  private boundTail(b: number, band: Band, slot: number): number {
    let lo = 0;
    let hi = band.tailLength;
    if (this.keysPack) {
      const key = this.packedKeyOf(b, slot);
      const keys = band.tailKeys;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid]! <= key) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareSlots(b, band.tail[mid]!, slot) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Add `slot` to the band's tail, in key order, with its place in the main array when `recent`
   * knows it; merge the tail into the main array when full.
   */
  private bandAdd(b: number, slot: number, recent: RecentQuery | undefined): void {
    const band = this.bands[b]!;
    const at = this.boundTail(b, band, slot);
    const length = band.tailLength;
    band.tail.copyWithin(at + 1, at, length);
    band.tail[at] = slot;
    if (this.keysPack) {
      const key = this.packedKeyOf(b, slot);
      band.tailKeys.copyWithin(at + 1, at, length);
      band.tailKeys[at] = key;
      band.tailBounds.copyWithin(at + 1, at, length);
      band.tailBounds[at] = recent !== undefined && recent.keys[b] === key ? recent.bounds[b]! : -1;
    }
    band.tailLength++;
    if (band.tailLength === band.tail.length) this.merge(b);
  }

  /** Merge band `b`'s tail into its main array (dropping tombstones) and size the next tail. */
  private merge(b: number): void {
    const band = this.bands[b]!;
    const { main, tail, tailLength } = band;
    const ids = this.ids;
    const mainLength = main.length / 3;
    let length = mainLength + tailLength;
    if (this.tombstones) {
      length = 0;
      for (let i = 0; i < mainLength; i++) if (ids[slotAt(main, i)] !== undefined) length++;
      for (let i = 0; i < tailLength; i++) if (ids[tail[i]!] !== undefined) length++;
    }
    const out = new Uint8Array(3 * length);
    let k = 0;
    let from = 0;
    const copy = (to: number) => {
      if (this.tombstones) {
        for (let i = from; i < to; i++) {
          const slot = slotAt(main, i);
          if (ids[slot] !== undefined) putSlot(out, k++, slot);
        }
      } else {
        out.set(main.subarray(3 * from, 3 * to), 3 * k);
        k += to - from;
      }
      from = to;
    };
    for (let t = 0; t < tailLength; t++) {
      const slot = tail[t]!;
      const known = this.keysPack ? band.tailBounds[t]! : -1;
      copy(known >= 0 ? known : this.keysPack ? this.boundMainFenced(b, band, from, slot, band.tailKeys[t]!) : this.boundMain(b, main, from, slot));
      if (ids[slot] !== undefined) putSlot(out, k++, slot);
    }
    copy(mainLength);
    band.main = out;
    band.fence = this.fenceOf(b, out);
    const capacity = Math.max(MIN_TAIL, Math.ceil(Math.sqrt(8 * length)));
    Object.assign(band, emptyTail(capacity));
    this.changes++;
  }

  /**
   * {@link boundMain} for a band whose keys pack into numbers: the fence (the key of every
   * `FENCE_STRIDE`-th slot, one small array) narrows the search to one stride first, so a
   * tail slot merged into 100,000 others reads about 5 signatures instead of 17.
   * @param key - `slot`'s packed key.
   */
  private boundMainFenced(b: number, band: Band, from: number, slot: number, key: number): number {
    const fence = band.fence;
    // The first fence key above `key`, at stride g: every slot before stride g - 1 ends at or below it.
    let f = Math.floor(from / FENCE_STRIDE);
    let g = fence.length;
    while (f < g) {
      const mid = (f + g) >>> 1;
      if (fence[mid]! <= key) f = mid + 1;
      else g = mid;
    }
    const mainLength = band.main.length / 3;
    let lo = Math.max(from, f === 0 ? 0 : (f - 1) * FENCE_STRIDE + 1);
    // Stride f's first key is above `key` (the fence holds a key for every stride of main).
    let hi = f < fence.length ? f * FENCE_STRIDE : mainLength;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareSlots(b, slotAt(band.main, mid), slot) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The slots in any of `buckets`, a slot once per bucket holding it (tombstones included; the
   * caller skips them), in no particular order.
   */
  private findBuckets(buckets: readonly string[], recent?: RecentQuery): number[] {
    const out: number[] = [];
    const key = new Uint8Array(this.rows);
    for (const bucket of buckets) {
      const band = this.parseKey(bucket, key);
      if (band >= 0) {
        if (this.keysPack) this.packedFind(band, packKey(key, 0, this.rows), out, recent);
        else this.bandFind(band, key, out);
      }
      const held = this.looseBuckets.get(bucket);
      if (typeof held === 'number') out.push(held);
      else if (held !== undefined) for (const s of held) out.push(s);
    }
    return out;
  }

  /**
   * Push onto `out` the slots whose band `b` key equals `packed` (a band whose keys pack), and note
   * in `recent` where the key's run ends in the band's main array.
   */
  private packedFind(b: number, packed: number, out: number[], recent: RecentQuery | undefined): void {
    const { main, fence, tail, tailKeys, tailLength } = this.bands[b]!;
    const chunks = this.chunks;
    const width = this.width;
    const rows = this.rows;
    const at = b * rows;
    const mainLength = main.length / 3;
    // Every slot up to the last fence key below `packed` has a smaller key; the first slot not
    // below it lies after that fence key and no later than the next one.
    let f = 0;
    let g = fence.length;
    while (f < g) {
      const mid = (f + g) >>> 1;
      if (fence[mid]! < packed) f = mid + 1;
      else g = mid;
    }
    let lo = f === 0 ? 0 : (f - 1) * FENCE_STRIDE + 1;
    let hi = fence.length === 0 ? mainLength : Math.min(mainLength, f * FENCE_STRIDE);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const slot = slotAt(main, mid);
      if (packKey(chunks[slot >> CHUNK_BITS]!, (slot & CHUNK_MASK) * width + at, rows) < packed) lo = mid + 1;
      else hi = mid;
    }
    for (; lo < mainLength; lo++) {
      const slot = slotAt(main, lo);
      if (packKey(chunks[slot >> CHUNK_BITS]!, (slot & CHUNK_MASK) * width + at, rows) !== packed) break;
      out.push(slot);
    }
    if (recent !== undefined) {
      recent.keys[b] = packed;
      recent.bounds[b] = lo;
    }
    lo = 0;
    hi = tailLength;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (tailKeys[mid]! < packed) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < tailLength && tailKeys[i] === packed; i++) out.push(tail[i]!);
  }

  /**
   * Push onto `out` the slots whose band `b` key equals `key` (tombstones included; the caller
   * skips them), for bands whose keys do not pack (more than 4 rows: no fence, no tail keys).
   */
  private bandFind(b: number, key: Uint8Array, out: number[]): void {
    const { main, tail, tailLength } = this.bands[b]!;
    const mainLength = main.length / 3;
    let lo = 0;
    let hi = mainLength;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareKey(b, slotAt(main, mid), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < mainLength && this.compareKey(b, slotAt(main, i), key) === 0; i++) out.push(slotAt(main, i));
    lo = 0;
    hi = tailLength;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareKey(b, tail[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < tailLength && this.compareKey(b, tail[i]!, key) === 0; i++) out.push(tail[i]!);
  }

  /**
   * Band `b`'s fence of `main`: the packed key of every `FENCE_STRIDE`-th slot. None for bands of
   * more than 4 rows, whose keys do not pack into 32 bits (their searches read the signatures).
   */
  private fenceOf(b: number, main: Uint8Array): Uint32Array {
    const fence = new Uint32Array(this.keysPack ? Math.ceil(main.length / 3 / FENCE_STRIDE) : 0);
    for (let f = 0; f < fence.length; f++) {
      fence[f] = this.packedKeyOf(b, slotAt(main, f * FENCE_STRIDE));
    }
    return fence;
  }

  /** A new signature chunk, with its 32-bit view when `width` allows one. */
  private addChunk(chunks: Uint8Array[], words: Uint32Array[]): void {
    const chunk = new Uint8Array(this.width << CHUNK_BITS);
    chunks.push(chunk);
    words.push((this.width & 3) === 0 ? new Uint32Array(chunk.buffer) : new Uint32Array(0));
  }

  // --- slots ---------------------------------------------------------------------------------

  /** Forget everything but the parameters (the last document was removed). */
  private clear(): void {
    this.ids = [];
    this.table = new Int32Array(16).fill(FREE);
    this.tableUsed = 0;
    this.chunks = [];
    this.words = [];
    for (const band of this.bands) Object.assign(band, emptyBand(MIN_TAIL));
    this.changes++;
    this.tombstones = false;
    this.loose.clear();
    this.looseBuckets.clear();
  }

  /** Give the live documents slots 0, 1, … in their order, dropping tombstones everywhere. */
  private renumber(): void {
    const renamed = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    for (let s = 0; s < this.ids.length; s++) {
      if (this.ids[s] === undefined) continue;
      renamed[s] = ids.length;
      ids.push(this.ids[s]!);
    }
    const chunks: Uint8Array[] = [];
    const words: Uint32Array[] = [];
    const width = this.width;
    for (let s = 0; s < this.ids.length; s++) {
      const to = renamed[s]!;
      if (to < 0 || this.loose.has(s)) continue;
      const c = to >> CHUNK_BITS;
      while (chunks.length <= c) this.addChunk(chunks, words);
      const start = (s & CHUNK_MASK) * width;
      chunks[c]!.set(this.chunks[s >> CHUNK_BITS]!.subarray(start, start + width), (to & CHUNK_MASK) * width);
    }
    // Sorted order is kept: keys do not change, and kept slots keep their relative order.
    const rename = (slots: ArrayLike<number>): number[] => {
      const out: number[] = [];
      for (let i = 0; i < slots.length; i++) if (renamed[slots[i]!]! >= 0) out.push(renamed[slots[i]!]!);
      return out;
    };
    for (const band of this.bands) {
      const main = rename(mainSlots(band.main));
      band.main = new Uint8Array(3 * main.length);
      main.forEach((slot, i) => putSlot(band.main, i, slot));
      // The tail's keys are read again below, from the moved signatures; its places in main are not known.
      const kept = rename(band.tail.subarray(0, band.tailLength));
      Object.assign(band, emptyTail(band.tail.length));
      band.tail.set(kept);
      band.tailBounds.fill(-1, 0, kept.length);
      band.tailLength = kept.length;
    }
    this.changes++;
    const loose = new Map<number, LooseEntry>();
    for (const [s, entry] of this.loose) loose.set(renamed[s]!, entry);
    for (const [key, held] of this.looseBuckets) {
      this.looseBuckets.set(key, typeof held === 'number' ? renamed[held]! : new Set([...held].map((s) => renamed[s]!)));
    }
    this.loose = loose;
    this.ids = ids;
    this.chunks = chunks;
    this.words = words;
    this.bands.forEach((band, b) => {
      band.fence = this.fenceOf(b, band.main);
      if (this.keysPack) for (let i = 0; i < band.tailLength; i++) band.tailKeys[i] = this.packedKeyOf(b, band.tail[i]!);
    });
    this.tombstones = false;
    this.table = new Int32Array(this.table.length).fill(FREE);
    this.tableUsed = 0;
    for (let s = 0; s < ids.length; s++) this.tableAdd(ids[s]!, s);
  }

  /** The slot of `id`, or −1. */
  private slotOf(id: string): number {
    const table = this.table;
    const mask = table.length - 1;
    for (let i = murmur3String(id, ID_SEED) & mask; ; i = (i + 1) & mask) {
      const s = table[i]!;
      if (s === FREE) return -1;
      if (s >= 0 && this.ids[s] === id) return s;
    }
  }

  /**
   * Enter `id` (not in the table) at `slot`. When the table would be more than three quarters full
   * (removed cells included), it is rebuilt at least twice the live count: 5 to 11 bytes an id.
   */
  private tableAdd(id: string, slot: number): void {
    if (4 * (this.tableUsed + 1) > 3 * this.table.length) {
      const old = this.table;
      let size = 16;
      while (size < 2 * (this.live + 1)) size *= 2;
      this.table = new Int32Array(size).fill(FREE);
      this.tableUsed = 0;
      for (let i = 0; i < old.length; i++) if (old[i]! >= 0) this.tablePut(this.ids[old[i]!]!, old[i]!);
    }
    this.tablePut(id, slot);
  }

  private tablePut(id: string, slot: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let i = murmur3String(id, ID_SEED) & mask;
    while (table[i] !== FREE) i = (i + 1) & mask;
    table[i] = slot;
    this.tableUsed++;
  }

  /** Mark `id`'s cell `GONE` (probe chains through it stay intact). */
  private tableRemove(id: string): void {
    const table = this.table;
    const mask = table.length - 1;
    for (let i = murmur3String(id, ID_SEED) & mask; ; i = (i + 1) & mask) {
      const s = table[i]!;
      if (s === FREE) return;
      if (s >= 0 && this.ids[s] === id) {
        table[i] = GONE;
        return;
      }
    }
  }
}

/** Character codes of the lowercase hex digits. */
const HEX: readonly number[] = Object.freeze([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));

/** Value of a lowercase hex digit's code, or −1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
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
 * A different layout or feature version means the index was written by another version of respun
 * and cannot be read; any other field, that it was built with other options.
 * @example
 * checkMeta(stored, { ...stored, numPerm: 64 }, 'memory'); // throws: … was built with numPerm 128, got 64
 */
export function checkMeta(stored: IndexMeta, given: IndexMeta, where: string): void {
  for (const key of ['format', 'features'] as const) {
    if (String(stored[key]) !== String(given[key])) {
      throw new InvalidOptionError(
        `The index in ${where} was built with ${key} ${String(stored[key])}, got ${String(given[key])}: it was written by another version of respun and cannot be read; rebuild it in a new namespace`,
      );
    }
  }
  for (const key of ['numPerm', 'seed', 'bands', 'rows'] as const) {
    if (String(stored[key]) !== String(given[key])) {
      throw new InvalidOptionError(
        `The index in ${where} was built with ${key} ${String(stored[key])}, got ${String(given[key])}: open it with the same options, or use another namespace`,
      );
    }
  }
}

/**
 * Zero bytes in the 32-bit word `x`, without a loop: a byte's high bit is set in `t` exactly when
 * the byte is not zero (adding 0x7f to its low seven bits carries into bit 7 unless they are all
 * zero), so the clear high bits are the zero bytes, and the multiply adds them up.
 */
function zeroBytes(x: number): number {
  const t = (((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) >>> 0;
  return Math.imul((~t & 0x80808080) >>> 7, 0x01010101) >>> 24;
}

/** Bytes `at` to `at + rows − 1` of `bytes` (rows ≤ 4) as one unsigned number, first byte highest: ordered as the bytes are. */
function packKey(bytes: Uint8Array, at: number, rows: number): number {
  let key = 0;
  for (let r = 0; r < rows; r++) key = key * 256 + bytes[at + r]!;
  return key;
}

/** Slot `i` of a band's main array: three bytes, least significant first. */
function slotAt(main: Uint8Array, i: number): number {
  const j = 3 * i;
  return main[j]! | (main[j + 1]! << 8) | (main[j + 2]! << 16);
}

/** Write `slot` (below 2^24) as slot `i` of a band's main array. */
function putSlot(main: Uint8Array, i: number, slot: number): void {
  const j = 3 * i;
  main[j] = slot & 0xff;
  main[j + 1] = (slot >>> 8) & 0xff;
  main[j + 2] = slot >>> 16;
}

/** Every slot of a band's main array, in order. */
function mainSlots(main: Uint8Array): number[] {
  return Array.from({ length: main.length / 3 }, (_, i) => slotAt(main, i));
}
