/**
 * Sentence alignment between two documents: which candidate sentences say
 * what which original sentences said, reordering, splits (1:n) and merges
 * (n:1) included.
 *
 * 1. Each sentence (boilerplate left out) becomes a set of stemmed content
 *    words, each weighted by its rarity across the sentences of both texts
 *    (inverse sentence frequency), names and numbers weighted up: they are the
 *    words a paraphraser cannot change.
 * 2. Candidate pairs come from an inverted index over those words, so texts
 *    that share little cost little; very common words do not generate pairs.
 * 3. Pairs are scored by weighted Dice similarity, raised to the word-order
 *    similarity (LCS of the word sequences) for near-copies, and matched
 *    greedily, best first, one to one: a maximum-weight matching that lets
 *    sentences move anywhere.
 * 4. Weak pairs are kept only where they sit in sequence with the strong
 *    ones around them: a rewrite keeps most of its original's order, while
 *    related articles share words in no order.
 * 5. An unmatched sentence next to a matched one joins its group when most of
 *    its weight lies in the partner and the group's similarity does not drop
 *    (a split or a merge).
 */
import type { AlignedGroup, AlignmentKind, Doc } from '../types';
import { sortByKey } from './sort';

/** Alignment thresholds; see {@link DEFAULT_ALIGN_OPTIONS} for the values and why. */
export interface AlignOptions {
  /** Similarity at which a pair is aligned on its own. */
  strong: number;
  /** Similarity at which a pair is aligned when it is in sequence with strong pairs around it. */
  weak: number;
  /** Share of an unmatched sentence's weight that must lie in a neighbour's partner to merge. */
  merge: number;
  /** Word-sequence similarity from which a group is `edited` rather than `paraphrase`. */
  edited: number;
  /** How far (in sentences) a weak pair may sit from the order its strong neighbours imply. */
  slack: number;
}

/**
 * Defaults, calibrated with `npm run calibrate` on the development pairs:
 * paraphrased sentences of a rewrite score 0.25–0.6 against their source,
 * sentences of independent coverage of the same story rarely above 0.3.
 */
export const DEFAULT_ALIGN_OPTIONS: Readonly<AlignOptions> = Object.freeze({
  strong: 0.3,
  weak: 0.16,
  merge: 0.5,
  edited: 0.75,
  slack: 2,
});

/** A weighted word set: term ids ascending with their weights. */
interface Bag {
  ids: number[];
  weights: number[];
  total: number;
}

/** Words appearing in more sentences than this do not generate candidate pairs. */
const MAX_POSTING = 64;

interface Side {
  doc: Doc;
  /** Indices of non-boilerplate sentences with at least one token. */
  live: number[];
  /** Position of each live sentence in `live` (sentence index → position, -1 for the others), so lookups are not `indexOf` scans. */
  rank: Int32Array;
  /** Bag of each live sentence, by sentence index (undefined for the others). */
  bags: Array<Bag | undefined>;
}

/**
 * Words are compared by the first 5 letters of their Porter stem, so that
 * derivations Porter keeps apart still meet (Europe/European, work/worker,
 * ageism/ageist). Measured with `npm run calibrate`: the lowest candidate
 * coverage of a development rewrite rises from 0.61 (full stems) to 0.72,
 * related pairs move by at most 0.01; 4 letters merges too much
 * (state/statutory) and turns four related pairs into rewrites.
 */
const TERM_PREFIX = 5;
function termKey(stem: string): string {
  return /^[a-z]/.test(stem) ? stem.slice(0, TERM_PREFIX) : stem;
}

/**
 * Term ids: `ids` maps each stem seen, and each term key, to its term's id; `size` is the number of
 * terms. One map serves both, as a term key is its own key (`termKey(termKey(s)) === termKey(s)`),
 * so a stem that is also some term's key gets that term's id either way.
 */
interface Dict {
  ids: Map<string, number>;
  size: number;
}

function termId(dict: Dict, stem: string): number {
  let id = dict.ids.get(stem);
  if (id !== undefined) return id;
  const key = termKey(stem);
  id = dict.ids.get(key);
  if (id === undefined) {
    id = dict.size++;
    dict.ids.set(key, id);
  }
  dict.ids.set(stem, id);
  return id;
}

/** Scratch arrays indexed by term id, for collecting one sentence's terms without a map per sentence. */
interface TermScratch {
  /** Sentence counter at which each term was last seen. */
  stamp: number[];
  /** Position of each term in the current sentence's codes. */
  at: number[];
  /** Sentences collected so far. */
  count: number;
}

/**
 * Content terms of sentence `s`, each once, as `2 · id + 1` when the term is a name or number
 * somewhere in the sentence and `2 · id` otherwise: one array, which sorts by term id as numbers.
 */
function contentTerms(doc: Doc, s: number, dict: Dict, scratch: TermScratch): number[] {
  const sent = doc.sentences[s]!;
  const stamp = ++scratch.count;
  const codes: number[] = [];
  for (let k = sent.tokenStart; k < sent.tokenEnd; k++) {
    const t = doc.tokens[k]!;
    if (t.stop) continue;
    const id = termId(dict, t.stem);
    const strong = t.name || t.number;
    if (scratch.stamp[id] !== stamp) {
      scratch.stamp[id] = stamp;
      scratch.at[id] = codes.length;
      codes.push(2 * id + (strong ? 1 : 0));
    } else if (strong) codes[scratch.at[id]!] = 2 * id + 1;
  }
  return codes;
}

/**
 * Build weighted bags for the live sentences of both documents, with inverse
 * sentence frequency computed over both.
 */
function buildSides(a: Doc, b: Doc): [Side, Side, number[]] {
  const dict: Dict = { ids: new Map(), size: 0 };
  const scratch: TermScratch = { stamp: [], at: [], count: 0 };
  const raw: Array<Array<[number, number[]]>> = [[], []];
  [a, b].forEach((doc, side) => {
    for (const s of doc.sentences) {
      if (s.boilerplate || s.tokenEnd === s.tokenStart) continue;
      raw[side]!.push([s.index, contentTerms(doc, s.index, dict, scratch)]);
    }
  });
  const df = new Array<number>(dict.size).fill(0);
  for (const side of raw) for (const [, codes] of side) for (const code of codes) df[code >> 1]!++;
  const n = raw[0]!.length + raw[1]!.length;
  const idf = df.map((d) => Math.log(1 + n / d));
  const sides = raw.map((list, side) => {
    const doc = side === 0 ? a : b;
    const bags = new Array<Bag | undefined>(doc.sentences.length);
    for (const [s, codes] of list) {
      sortByKey(codes, identity);
      const ids: number[] = [];
      const weights: number[] = [];
      let total = 0;
      for (const code of codes) {
        const w = idf[code >> 1]! * ((code & 1) === 1 ? 1.5 : 1);
        ids.push(code >> 1);
        weights.push(w);
        total += w;
      }
      bags[s] = { ids, weights, total };
    }
    const rank = new Int32Array(doc.sentences.length).fill(-1);
    list.forEach(([s], k) => (rank[s] = k));
    return { doc, live: list.map(([s]) => s), rank, bags };
  });
  return [sides[0]!, sides[1]!, df];
}

/** A number as its own sort key. */
const identity = (x: number): number => x;

/** Weighted overlap of two bags (sum of the weights of shared terms, the smaller weight of each). */
function shared(x: Bag, y: Bag): number {
  if (x.ids.length * 16 < y.ids.length) return sharedSearch(x, y);
  if (y.ids.length * 16 < x.ids.length) return sharedSearch(y, x);
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < x.ids.length && j < y.ids.length) {
    const a = x.ids[i]!;
    const b = y.ids[j]!;
    if (a === b) {
      sum += Math.min(x.weights[i]!, y.weights[j]!);
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return sum;
}

/**
 * {@link shared} for a small bag against a much larger one: each term of the
 * small bag binary-searched in the large one, in ascending order as the merge
 * walk adds them (same sum). The walk costs the large bag's length for every
 * pair, quadratic when one sentence of thousands of words faces thousands of
 * short sentences that share a word with it.
 */
function sharedSearch(small: Bag, large: Bag): number {
  let sum = 0;
  let lo = 0;
  for (let i = 0; i < small.ids.length; i++) {
    const id = small.ids[i]!;
    let hi = large.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (large.ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    if (lo < large.ids.length && large.ids[lo] === id) sum += Math.min(small.weights[i]!, large.weights[lo]!);
  }
  return sum;
}

function union(bags: Bag[]): Bag {
  // One bag is its own union (same ids, weights and total: weights are positive, summed in the same order).
  if (bags.length === 1) return bags[0]!;
  const m = new Map<number, number>();
  for (const bag of bags) bag.ids.forEach((id, k) => m.set(id, Math.max(m.get(id) ?? 0, bag.weights[k]!)));
  const ids = [...m.keys()].sort((x, y) => x - y);
  const weights = ids.map((id) => m.get(id)!);
  return { ids, weights, total: weights.reduce((x, y) => x + y, 0) };
}

function dice(x: Bag, y: Bag): number {
  const t = x.total + y.total;
  return t === 0 ? 0 : (2 * shared(x, y)) / t;
}

/** Lower-cased words of some sentences, in order. */
function words(doc: Doc, sentences: readonly number[]): string[] {
  const out: string[] = [];
  for (const s of sentences) {
    const sent = doc.sentences[s]!;
    for (let k = sent.tokenStart; k < sent.tokenEnd; k++) out.push(doc.tokens[k]!.norm);
  }
  return out;
}

/**
 * Word-sequence similarity 2·LCS/(|x|+|y|). Only called for pairs whose word
 * sets already overlap strongly, and capped in length (0 past 250,000 word
 * pairs).
 *
 * The LCS length is computed bit-parallel (Hyyrö 2004, "Bit-parallel LCS-length
 * computation revisited"): one bit per word of the shorter sequence, one
 * multi-word addition per word of the longer one, so O(|x|·|y|/32) instead of
 * the O(|x|·|y|) table. The table was the cost of a text of long sentences
 * repeated in blocks (every sentence pairs with its copies, each pair
 * 160,000 cells): 45 s for 1 MB.
 */
export function sequenceSimilarity(x: readonly string[], y: readonly string[]): number {
  if (x.length === 0 && y.length === 0) return 1;
  if (x.length === 0 || y.length === 0) return 0;
  if (x.length * y.length > 250_000) return 0;
  // The same words (most pairs of a light edit): the LCS is the whole sequence, 2n / 2n.
  if (x.length === y.length) {
    let k = 0;
    while (k < x.length && x[k] === y[k]) k++;
    if (k === x.length) return 1;
  }
  return (2 * lcsLength(x, y)) / (x.length + y.length);
}

/** Length of the longest common subsequence of two word sequences (bit-parallel, see {@link sequenceSimilarity}). */
function lcsLength(x: readonly string[], y: readonly string[]): number {
  // Bits for the shorter sequence: at most 500 words under the length cap.
  const [long, short] = x.length >= y.length ? [x, y] : [y, x];
  const m = short.length;
  if (m <= 31) return lcsLengthShort(long, short);
  const nw = (m + 31) >>> 5;
  // masks.get(w): bit j set where short[j] === w.
  const masks = new Map<string, Uint32Array>();
  for (let j = 0; j < m; j++) {
    let mask = masks.get(short[j]!);
    if (mask === undefined) masks.set(short[j]!, (mask = new Uint32Array(nw)));
    mask[j >>> 5]! |= 1 << (j & 31);
  }
  // v: a 0 bit per matched position of `short`; starts all ones.
  const v = new Uint32Array(nw).fill(0xffffffff);
  for (const w of long) {
    const mask = masks.get(w);
    if (mask === undefined) continue;
    // v = (v + (v & mask)) | (v & ~mask), the addition carried across words.
    let carry = 0;
    for (let k = 0; k < nw; k++) {
      const vk = v[k]!;
      const mk = mask[k]!;
      const sum = vk + ((vk & mk) >>> 0) + carry;
      carry = sum > 0xffffffff ? 1 : 0;
      v[k] = ((sum >>> 0) | (vk & ~mk)) >>> 0;
    }
  }
  let zeros = 0;
  for (let j = 0; j < m; j++) if ((v[j >>> 5]! & (1 << (j & 31))) === 0) zeros++;
  return zeros;
}

/**
 * {@link lcsLength} for a shorter sequence of at most 31 words: the bit vector is one number,
 * the masks numbers in a map (no typed array per word). Same steps, so the same length.
 */
function lcsLengthShort(long: readonly string[], short: readonly string[]): number {
  const m = short.length;
  const masks = new Map<string, number>();
  for (let j = 0; j < m; j++) masks.set(short[j]!, (masks.get(short[j]!) ?? 0) | (1 << j));
  // 31 bits at most, so the sum below stays a small non-negative integer and the carry out is dropped by the mask.
  const all = m === 31 ? 0x7fffffff : (1 << m) - 1;
  let v = all;
  for (const w of long) {
    const mask = masks.get(w);
    if (mask === undefined) continue;
    v = ((v + (v & mask)) | (v & ~mask)) & all;
  }
  let zeros = 0;
  for (let j = 0; j < m; j++) if ((v & (1 << j)) === 0) zeros++;
  return zeros;
}

interface Pair {
  i: number;
  j: number;
  sim: number;
}

/** Words of single sentences and their word-sequence similarities, computed once per alignment. */
interface SequenceMemo {
  /** Lower-cased words of original sentence `i`. */
  wordsO(i: number): string[];
  /** Lower-cased words of candidate sentence `j`. */
  wordsC(j: number): string[];
  /** `sequenceSimilarity` of original sentence `i` and candidate sentence `j`. */
  sequence(i: number, j: number): number;
}

function sequenceMemo(original: Doc, candidate: Doc): SequenceMemo {
  const wo = new Map<number, string[]>();
  const wc = new Map<number, string[]>();
  const seq = new Map<number, number>();
  const n = candidate.sentences.length;
  const memo: SequenceMemo = {
    wordsO(i) {
      let w = wo.get(i);
      if (w === undefined) wo.set(i, (w = words(original, [i])));
      return w;
    },
    wordsC(j) {
      let w = wc.get(j);
      if (w === undefined) wc.set(j, (w = words(candidate, [j])));
      return w;
    },
    sequence(i, j) {
      const key = i * n + j;
      let x = seq.get(key);
      if (x === undefined) seq.set(key, (x = sequenceSimilarity(memo.wordsO(i), memo.wordsC(j))));
      return x;
    },
  };
  return memo;
}

/**
 * Score every pair of live sentences that shares a reasonably rare word,
 * keeping those that reach `minSim`.
 *
 * The postings of the rare words carry their weights, so walking them sums
 * each pair's shared weight over rare words as it goes. Words too common to
 * post (`MAX_POSTING`) can add at most the smaller of the two sentences'
 * common-word weights; a pair whose Dice score stays under `minSim` even with
 * that added is dropped without scoring it. Where no word is too common the
 * sum is the whole overlap; on long texts on different subjects (1,000
 * sentences a side) it leaves about one pair in twenty to score. The pairs
 * kept and their scores are those of scoring every pair with `dice`.
 */
function candidatePairs(orig: Side, cand: Side, df: number[], minSim: number, memo: SequenceMemo): Pair[] {
  const commonO = commonWeights(orig, df);
  const commonC = commonWeights(cand, df);
  // Postings of the rare words in two flat arrays (term t's are [first[t], first[t + 1])), in
  // sentence order: one allocation each instead of two small arrays per word.
  const first = new Int32Array(df.length + 1);
  for (const i of orig.live) for (const id of orig.bags[i]!.ids) if (df[id]! <= MAX_POSTING) first[id + 1]!++;
  for (let t = 0; t < df.length; t++) first[t + 1]! += first[t]!;
  const fill = first.slice(0, df.length);
  const posted = new Int32Array(first[df.length]!);
  const postedWeights = new Float64Array(posted.length);
  for (const i of orig.live) {
    const bag = orig.bags[i]!;
    for (let k = 0; k < bag.ids.length; k++) {
      const id = bag.ids[k]!;
      if (df[id]! > MAX_POSTING) continue;
      const at = fill[id]!++;
      posted[at] = i;
      postedWeights[at] = bag.weights[k]!;
    }
  }
  // Rare-word overlap of each original sentence with the current candidate sentence; weights are positive, so 0 means not met yet.
  const sum = new Float64Array(orig.doc.sentences.length);
  const met: number[] = [];
  const pairs: Pair[] = [];
  // Sums run in another order than `shared`'s, so allow for rounding before dropping a pair.
  const floor = minSim - 1e-9;
  for (const j of cand.live) {
    const bj = cand.bags[j]!;
    met.length = 0;
    for (let k = 0; k < bj.ids.length; k++) {
      const id = bj.ids[k]!;
      const w = bj.weights[k]!;
      for (let q = first[id]!, end = first[id + 1]!; q < end; q++) {
        const i = posted[q]!;
        if (sum[i] === 0) met.push(i);
        sum[i] = sum[i]! + Math.min(w, postedWeights[q]!);
      }
    }
    for (const i of met) {
      const bi = orig.bags[i]!;
      const bound = (2 * (sum[i]! + Math.min(commonO[i]!, commonC[j]!))) / (bi.total + bj.total);
      sum[i] = 0;
      if (bound < floor) continue;
      let sim = dice(bi, bj);
      if (sim >= 0.5) sim = Math.max(sim, memo.sequence(i, j));
      if (sim >= minSim) pairs.push({ i, j, sim });
    }
  }
  return pairs;
}

/** Weight of the words too common to post (`MAX_POSTING`) in each live sentence, by sentence index. */
function commonWeights(side: Side, df: number[]): Float64Array {
  const out = new Float64Array(side.doc.sentences.length);
  for (const s of side.live) {
    const bag = side.bags[s]!;
    for (let k = 0; k < bag.ids.length; k++) if (df[bag.ids[k]!]! > MAX_POSTING) out[s] = out[s]! + bag.weights[k]!;
  }
  return out;
}

/**
 * Align the sentences of `candidate` with those of `original`.
 * Groups come back in candidate order.
 * @example
 * const groups = align(prepare('Kyiv took 74 villages. Putin was angry.'), prepare('Putin was furious. Kyiv seized 74 villages.'));
 * groups.map((g) => [g.original, g.candidate]); // [[[1], [0]], [[0], [1]]]
 */
export function align(original: Doc, candidate: Doc, options: AlignOptions = DEFAULT_ALIGN_OPTIONS): AlignedGroup[] {
  const [orig, cand, df] = buildSides(original, candidate);
  const memo = sequenceMemo(original, candidate);
  const pairs = candidatePairs(orig, cand, df, options.weak, memo);
  pairs.sort((p, q) => q.sim - p.sim || p.j - q.j || p.i - q.i);

  // Greedy one-to-one matching, best first: strong pairs, then weak pairs in
  // sequence. A headline summarises the whole story rather than restating one
  // sentence, and would take the partner of the body sentence it echoes, so
  // a headline is only ever aligned with the other text's headline.
  const titleO = titleOf(orig);
  const titleC = titleOf(cand);
  const isTitle = (p: Pair) => p.i === titleO || p.j === titleC;
  const oOf = new Map<number, number>();
  const cOf = new Map<number, number>();
  const free = (p: Pair) => !oOf.has(p.j) && !cOf.has(p.i);
  const take = (p: Pair) => {
    oOf.set(p.j, p.i);
    cOf.set(p.i, p.j);
  };
  for (const p of pairs) {
    if (p.sim < options.strong) break;
    if (!isTitle(p) && free(p)) take(p);
  }
  const strongJs = [...oOf.keys()].sort((x, y) => x - y);
  for (const p of pairs) {
    if (p.sim >= options.strong || isTitle(p) || !free(p)) continue;
    if (inSequence(p, strongJs, oOf, orig.rank, options.slack)) take(p);
  }
  for (const p of pairs) {
    if (p.i === titleO && p.j === titleC) take(p);
  }

  // Groups, then splits and merges with unmatched neighbours.
  const groups = [...oOf.entries()].map(([j, i]) => ({ original: [i], candidate: [j] }));
  const bagsOf = (side: Side, idx: number[]) => union(idx.map((s) => side.bags[s]!));
  for (const g of groups) {
    for (const [side, other, key, otherKey, owner] of [
      [cand, orig, 'candidate', 'original', oOf],
      [orig, cand, 'original', 'candidate', cOf],
    ] as const) {
      // The other side's sentences do not change while this side merges.
      const partner = bagsOf(other, g[otherKey]);
      for (const dir of [-1, 1]) {
        for (;;) {
          const list = g[key];
          if (list.length >= MAX_MERGED) break;
          const edge = dir < 0 ? list[0]! : list[list.length - 1]!;
          const pos = side.rank[edge]! + dir;
          const next = side.live[pos];
          if (next === undefined || owner.has(next)) break;
          const nb = side.bags[next]!;
          if (nb.total === 0) break;
          const share = shared(nb, partner) / nb.total;
          if (share < options.merge - MERGE_SLACK) break;
          const before = dice(bagsOf(side, list), partner);
          const merged = dice(bagsOf(side, [...list, next]), partner);
          // Just under the share, the group must gain clearly (a split lead or a clause moved out).
          if (merged < before || (share < options.merge && merged - before < MERGE_GAIN)) break;
          if (dir < 0) list.unshift(next);
          else list.push(next);
          owner.set(next, -1);
        }
      }
    }
  }

  fillGaps(groups, orig, cand, oOf, cOf, options, bagsOf);

  const result: AlignedGroup[] = groups.map((g) => {
    const bo = bagsOf(orig, g.original);
    const bc = bagsOf(cand, g.candidate);
    const single = g.original.length === 1 && g.candidate.length === 1;
    const wo = single ? memo.wordsO(g.original[0]!) : words(original, g.original);
    const wc = single ? memo.wordsC(g.candidate[0]!) : words(candidate, g.candidate);
    let similarity = dice(bo, bc);
    let kind: AlignmentKind = 'paraphrase';
    if (wo.length === wc.length && wo.every((w, k) => w === wc[k])) {
      similarity = 1;
      kind = 'identical';
    } else {
      const seq = similarity >= 0.4 ? (single ? memo.sequence(g.original[0]!, g.candidate[0]!) : sequenceSimilarity(wo, wc)) : 0;
      if (seq >= options.edited) kind = 'edited';
      similarity = Math.max(similarity, seq);
    }
    return { original: g.original, candidate: g.candidate, similarity: Math.min(1, similarity), kind };
  });
  result.sort((x, y) => x.candidate[0]! - y.candidate[0]!);
  return result;
}

/**
 * The headline of a document: its first live sentence when that is a line of
 * its own with no closing punctuation, or wrapped whole in quotation marks
 * (“Ukraine’s Kursk Assault: Biden’s ‘Dilemma’ for Putin”). -1 when none.
 */
function titleOf(side: Side): number {
  const first = side.live[0];
  if (first === undefined || side.live.length < 2) return -1;
  const doc = side.doc;
  const s = doc.sentences[first]!;
  const next = doc.sentences[first + 1];
  if (next !== undefined && next.line === s.line) return -1;
  const text = doc.norm.slice(s.start, s.end);
  const wrapped = /^["“‘'«„]/.test(text) && /["”’'»]$/.test(text);
  return wrapped || !/[.!?…:;,"”’»)]$/.test(text) ? first : -1;
}

/**
 * Most sentences a group takes on one side by merging unmatched neighbours.
 * Splits and merges in real rewrites join two or three sentences (the most on
 * the development pairs, seeds and fixtures is three); without a bound, one
 * long sentence facing thousands of one-line sentences that each repeat a
 * few of its words re-scored the growing group at every step, cubic in
 * practice (8,000 words: 23 s).
 */
const MAX_MERGED = 8;

/** How far under `merge` a neighbour's share may be when merging it raises the group's similarity by {@link MERGE_GAIN}. */
const MERGE_SLACK = 0.1;
/** Gain in similarity that lets a neighbour just under the share merge. */
const MERGE_GAIN = 0.05;

/** Longest run of unmatched sentences, on either side, that gap filling pairs as one group. */
const MAX_GAP = 3;

/**
 * Pair a run of unmatched candidate sentences with the unmatched original
 * sentences between the same two aligned neighbours, as one group, when the
 * two runs together are similar enough. Catches a passage reworded so freely
 * (two sentences for one, the words spread differently) that no single pair
 * of sentences scored, yet it sits exactly where its source sat.
 */
function fillGaps(
  groups: Array<{ original: number[]; candidate: number[] }>,
  orig: Side,
  cand: Side,
  oOf: Map<number, number>,
  cOf: Map<number, number>,
  options: AlignOptions,
  bagsOf: (side: Side, idx: number[]) => Bag,
): void {
  const groupOf = new Map<number, { original: number[]; candidate: number[] }>();
  for (const g of groups) for (const j of g.candidate) groupOf.set(j, g);
  const added: Array<{ original: number[]; candidate: number[] }> = [];
  let k = 0;
  while (k < cand.live.length) {
    if (oOf.has(cand.live[k]!)) {
      k++;
      continue;
    }
    const runStart = k;
    while (k < cand.live.length && !oOf.has(cand.live[k]!)) k++;
    const run = cand.live.slice(runStart, k);
    const before = groupOf.get(cand.live[runStart - 1]!);
    const after = groupOf.get(cand.live[k]!);
    if (!before || !after || run.length > MAX_GAP) continue;
    const lo = orig.rank[Math.max(...before.original)]!;
    const hi = orig.rank[Math.min(...after.original)]!;
    if (hi - lo < 2 || hi - lo - 1 > MAX_GAP) continue;
    const gapO = orig.live.slice(lo + 1, hi);
    if (gapO.some((i) => cOf.has(i))) continue;
    if (dice(bagsOf(orig, gapO), bagsOf(cand, run)) < options.weak) continue;
    for (const j of run) oOf.set(j, -1);
    for (const i of gapO) cOf.set(i, -1);
    added.push({ original: gapO, candidate: run });
  }
  groups.push(...added);
}

/**
 * Whether a weak pair sits where its strong neighbours in the candidate say it
 * should: between the original positions of the nearest strong pairs before
 * and after it, give or take `slack` sentences.
 */
function inSequence(p: Pair, strongJs: number[], oOf: Map<number, number>, ranks: Int32Array, slack: number): boolean {
  if (strongJs.length === 0) return false;
  let lo = -1;
  let hi = strongJs.length;
  // Binary search for the strong candidates around p.j.
  let a = 0;
  let b = strongJs.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (strongJs[m]! < p.j) a = m + 1;
    else b = m;
  }
  lo = a - 1;
  hi = a;
  const rank = (s: number) => ranks[s]!;
  const pi = rank(p.i);
  const before = lo >= 0 ? rank(oOf.get(strongJs[lo]!)!) : -Infinity;
  const after = hi < strongJs.length ? rank(oOf.get(strongJs[hi]!)!) : Infinity;
  if (before === -Infinity && after === Infinity) return false;
  const low = Math.min(before, after);
  const high = Math.max(before, after);
  return pi >= low - slack && pi <= high + slack;
}
