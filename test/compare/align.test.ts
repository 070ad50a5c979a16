import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { align, sequenceSimilarity } from '../../src/compare/align';
import { prepare } from '../../src/text/prepare';
import type { Doc } from '../../src/types';

const seed = (name: string) => readFileSync(join(__dirname, '../../fixtures/seeds', name), 'utf8');

function sentenceTexts(doc: Doc, idx: number[]): string[] {
  return idx.map((i) => doc.norm.slice(doc.sentences[i]!.start, doc.sentences[i]!.end));
}

describe('align', () => {
  test('moved sentences are aligned where they went', () => {
    const a = prepare('Kyiv took 74 villages in Kursk. Putin called the attack a provocation. Gas still flows through Sudzha.');
    const b = prepare('Gas is still flowing via Sudzha. Kyiv seized 74 villages in the Kursk region. Putin described the assault as a provocation.');
    const groups = align(a, b);
    expect(groups.map((g) => [g.original, g.candidate])).toEqual([
      [[2], [0]],
      [[0], [1]],
      [[1], [2]],
    ]);
    for (const g of groups) expect(g.kind).toBe('paraphrase');
  });

  test('identical and edited sentences are told apart from paraphrase', () => {
    const a = prepare('The council voted to build the cycle lane on Tuesday night. Work starts in March.');
    const b = prepare('The council voted to build the new cycle lane on Tuesday night. Work starts in March.');
    const kinds = align(a, b).map((g) => g.kind);
    expect(kinds).toEqual(['edited', 'identical']);
  });

  test('a sentence split in two is one 1:2 group (seed 000 → 001)', () => {
    const a = prepare(seed('000_a267aa29c8143298.txt'));
    const b = prepare(seed('001_04a6fa0171dea636.txt'));
    const groups = align(a, b);
    const split = groups.find((g) => sentenceTexts(a, g.original).some((s) => s.startsWith('Kyiv said on Tuesday it had taken control of 74')));
    expect(split).toBeDefined();
    expect(sentenceTexts(b, split!.candidate)).toEqual([
      'The day prior, on Tuesday, Kyiv claimed to have seized control of 74 settlements in Kursk.',
      'This surprising offensive was launched a week ago by thousands of Ukrainian soldiers who penetrated the Russian border.',
    ]);
  });

  test('a clause split off into a sentence of its own joins the group when it clearly raises its similarity', () => {
    const original =
      "Brand expects big gains Councillor Orla Brand has predicted the best results in the party's history. Turning to the council votes, which are all due to be held on 9 June, Ms Brand said: \"We will be winning more wards and winning more seats.\" The party has 40 seats now.";
    const candidate = (split: string) =>
      `Brand forecasts record gains\n\nCouncillor Orla Brand expects her party's strongest showing ever.\n\n${split} "We will be winning more wards and winning more seats," Ms Brand said.\n\nThe party currently holds 40 seats.`;
    const groupOf = (split: string) => align(prepare(original), prepare(candidate(split))).find((g) => g.original.includes(1))?.candidate;
    // Under half of its weight lies in the partner, but adding it lifts the group's similarity clearly.
    expect(groupOf('Both rounds of voting in the market towns are now due to take place on 9 June.')).toEqual([2, 3]);
    // A sentence that shares only the date stays on its own.
    expect(groupOf('Voters in the market towns and the city go to the polls on 9 June.')).toEqual([3]);
  });
  test('a sentence moved three paragraphs down is found (seed 000 → 001)', () => {
    const a = prepare(seed('000_a267aa29c8143298.txt'));
    const b = prepare(seed('001_04a6fa0171dea636.txt'));
    const moved = align(a, b).find((g) => sentenceTexts(a, g.original)[0] === 'Reuters was not able to independently verify the battlefield situation.');
    expect(sentenceTexts(b, moved!.candidate)).toEqual(['The scenario on the battlefield could not be independently validated by Reuters.']);
  });

  test('boilerplate never aligns', () => {
    const a = prepare('Kyiv took 74 villages.\nRead more: Kyiv took 74 villages');
    const b = prepare('Kyiv captured 74 villages.\nRead more: Kyiv took 74 villages');
    const groups = align(a, b);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.original).toEqual([0]);
  });

  test('texts with no shared words give no groups', () => {
    expect(align(prepare('The council approved a cycle lane.'), prepare('Kyiv took 74 villages.'))).toEqual([]);
    expect(align(prepare(''), prepare('   '))).toEqual([]);
  });

  test('a pair that reaches the threshold only through words too common to index is still aligned', () => {
    // Invented words of consonants (no stopwords, no suffix the stemmer strips, distinct in their
    // first five letters), so the weights follow from the formula alone.
    const letters = 'bcdfghjklmnpqrtvwxz';
    let next = 0;
    const word = (): string => {
      let n = next++;
      let w = '';
      for (let k = 0; k < 5; k++, n = Math.floor(n / letters.length)) w += letters[n % letters.length];
      return w;
    };
    // Eight words in every sentence of both texts (142 sentences: past the 64 postings a word may have),
    // one word shared by the two target sentences only, and words found nowhere else.
    const common = Array.from({ length: 8 }, word);
    const rare = word();
    const filler = () => `The ${[...common, word(), word()].join(' ')}.`;
    const target = () => `The ${[...common, rare, word(), word(), word(), word()].join(' ')}.`;
    const text = () => [...Array.from({ length: 35 }, filler), target(), ...Array.from({ length: 35 }, filler)].join(' ');
    const groups = align(prepare(text()), prepare(text()));
    // Weights log(1 + n / df) over n = 142 sentences: common words df 142, the shared word df 2, the others df 1.
    const [wCommon, wRare, wOwn] = [142, 2, 1].map((df) => Math.log(1 + 142 / df)) as [number, number, number];
    const shared = 8 * wCommon + wRare;
    const total = shared + 4 * wOwn;
    // Dice 0.33: a strong pair; the shared word alone would give 0.14, under the weak threshold.
    expect(wRare / total).toBeLessThan(0.16);
    expect(groups).toEqual([{ original: [35], candidate: [35], similarity: expect.closeTo(shared / total, 10), kind: 'paraphrase' }]);
  });

  test.each([
    [['a', 'b', 'c'], ['a', 'b', 'c'], 1],
    [['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd'], 0.75],
    [['a', 'b'], ['c', 'd'], 0],
    [[], [], 1],
  ])('sequenceSimilarity(%j, %j) = %d', (x, y, expected) => {
    expect(sequenceSimilarity(x, y)).toBeCloseTo(expected);
  });

  // The LCS runs on one number up to 31 words and on 32-bit words beyond: both sides of that bound.
  test.each([30, 31, 32, 33, 64, 65])('sequenceSimilarity of %i words with one word changed and one moved', (n) => {
    const x = Array.from({ length: n }, (_, k) => `w${k}`);
    const y = [...x];
    y[3] = 'changed';
    // Moving the last word to the front keeps n - 1 words of x in order, one of them the changed one: n - 2 in common.
    y.unshift(y.pop()!);
    expect(sequenceSimilarity(x, y)).toBe((2 * (n - 2)) / (2 * n));
    expect(sequenceSimilarity(x, x)).toBe(1);
    expect(sequenceSimilarity(x, [...x].reverse())).toBe(2 / (2 * n));
  });

  test('sequenceSimilarity agrees with the textbook LCS table', () => {
    const lcs = (x: string[], y: string[]): number => {
      const t = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
      for (let i = 1; i <= x.length; i++) {
        for (let j = 1; j <= y.length; j++) t[i]![j] = x[i - 1] === y[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
      }
      return t[x.length]![y.length]!;
    };
    const seq = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 45 });
    fc.assert(
      fc.property(seq, seq, (x, y) => {
        const expected = x.length === 0 && y.length === 0 ? 1 : (2 * lcs(x, y)) / (x.length + y.length);
        expect(sequenceSimilarity(x, y)).toBe(expected);
      }),
      { seed: 7, numRuns: 400 },
    );
  });
});
