/**
 * The long pairs of `npm run bench detect`, built the same way wherever they are needed (the bench,
 * and `scripts/profile-compare.ts`, which times the stages on the same pairs); the scan bench's
 * generator splits the corpus into sentences with the same `splitSentences`. Imports nothing
 * that runs at load, so a bundle of a script using it runs nothing else.
 */
import { rng } from '../scripts/rng';

/**
 * The sentences of a text, split at a terminal followed by white space and a capital or digit.
 * @example
 * splitSentences('Kyiv said so. It was 74.'); // ['Kyiv said so.', 'It was 74.']
 */
export function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?]["”]?)\s+(?=["“]?[A-Z0-9])/).filter((s) => s.trim() !== '');
}

/**
 * Consecutive sentences from `from` until `words` words (wrapping round).
 * @example
 * take(['A b.', 'C d.'], 1, 3); // ['C d.', 'A b.']
 */
export function take(sentences: string[], from: number, words: number): string[] {
  const out: string[] = [];
  let count = 0;
  for (let k = from; count < words; k = (k + 1) % sentences.length) {
    out.push(sentences[k]!);
    count += sentences[k]!.split(/\s+/).length;
  }
  return out;
}

/**
 * Sentences joined into paragraphs of 4, separated by blank lines.
 * @example
 * join4(['A.', 'B.', 'C.', 'D.', 'E.']); // 'A. B. C. D.\n\nE.'
 */
export function join4(sentences: string[]): string {
  const paras: string[] = [];
  for (let k = 0; k < sentences.length; k += 4) paras.push(sentences.slice(k, k + 4).join(' '));
  return paras.join('\n\n');
}

/** 3 % of words replaced by donor words, one sentence in 40 dropped. */
function lightEdit(sentences: string[], donor: string[], random: () => number): string[] {
  const d = donor.join(' ').split(/\s+/);
  let n = 0;
  return sentences
    .filter(() => random() >= 1 / 40)
    .map((s) =>
      s
        .split(' ')
        .map((w) => (random() < 0.03 ? d[n++ % d.length]!.replace(/[.!?]+$/, '') : w))
        .join(' '),
    );
}

/** Neighbours swapped, words dropped and replaced; names and numbers kept. */
function paraphrase(sentences: string[], donor: string[], random: () => number): string[] {
  const d = donor.join(' ').split(/\s+/).filter((w) => /^[a-z]+$/.test(w));
  let n = 0;
  const out = sentences.map((s) => {
    const words = s.split(' ');
    const last = words.length - 1;
    const kept: string[] = [];
    words.forEach((w, k) => {
      if (k === 0 || k === last || /^[A-Z0-9“"£$]/.test(w)) return void kept.push(w);
      const r = random();
      if (r < 0.15) return;
      kept.push(r < 0.35 ? d[n++ % d.length]! : w);
    });
    return kept.join(' ');
  });
  for (let k = 0; k + 1 < out.length; k++) {
    if (random() < 0.3) {
      [out[k], out[k + 1]] = [out[k + 1]!, out[k]!];
      k++;
    }
  }
  return out;
}

/**
 * The three long pairs from a list of sentences: an original of about `words` words from the start
 * of the list, and as candidates a light edit of it, a paraphrase-like variant, and another stretch
 * from the middle of the list (seeded PRNG 11, so every caller gets the same texts).
 * @default words 5000
 * @example
 * const { original, lightEdited, paraphrased, unrelated } = longPairs(sentences);
 */
export function longPairs(sentences: string[], words = 5000): { original: string; lightEdited: string; paraphrased: string; unrelated: string } {
  const random = rng(11);
  const base = take(sentences, 0, words);
  const other = take(sentences, Math.floor(sentences.length / 2), words);
  return {
    original: join4(base),
    lightEdited: join4(lightEdit(base, other, random)),
    paraphrased: join4(paraphrase(base, other, random)),
    unrelated: join4(other),
  };
}
