import fc from 'fast-check';
import { prepare } from '../../src/text/prepare';
import type { Doc, Sentence, Token } from '../../src/types';
import { murmur3String, murmur3Words } from '../../src/sketch/hash';
import {
  NAME_SEED,
  NUMBER_SEED,
  SHINGLE_SEED,
  STEM_SEED,
  contentHashes,
  scanShingles,
  shingleHashes,
  textShingleHashes,
  uniqueSorted,
  wordHash,
} from '../../src/sketch/features';

interface WordSpec {
  norm: string;
  stem?: string;
  stop?: boolean;
  number?: boolean;
  name?: boolean;
}

/** A Doc built by hand: sentences of words (offsets are not used by the features). */
function makeDoc(sentences: Array<{ words: Array<string | WordSpec>; boilerplate?: boolean }>): Doc {
  const tokens: Token[] = [];
  const out: Sentence[] = [];
  sentences.forEach((s, index) => {
    const tokenStart = tokens.length;
    for (const w of s.words) {
      const spec = typeof w === 'string' ? { norm: w } : w;
      tokens.push({
        start: 0,
        end: 0,
        norm: spec.norm,
        stem: spec.stem ?? spec.norm,
        stop: spec.stop ?? false,
        number: spec.number ?? false,
        name: spec.name ?? false,
        sentence: index,
      });
    }
    out.push({ index, start: 0, end: 0, tokenStart, tokenEnd: tokens.length, boilerplate: s.boilerplate ?? false, line: 0 });
  });
  return { text: '', norm: '', map: new Int32Array(1), sentences: out, tokens };
}

/** The expected hash of a shingle of words, computed the slow way. */
const shingle = (...words: string[]): number => murmur3Words(words.map(wordHash), 0, words.length, SHINGLE_SEED);
const sorted = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

describe('shingleHashes', () => {
  test.each<[string, Parameters<typeof makeDoc>[0], number, number[]]>([
    ['six words, k = 5: two shingles', [{ words: ['a', 'b', 'c', 'd', 'e', 'f'] }], 5, [shingle('a', 'b', 'c', 'd', 'e'), shingle('b', 'c', 'd', 'e', 'f')]],
    ['exactly k words: one shingle', [{ words: ['a', 'b', 'c'] }], 3, [shingle('a', 'b', 'c')]],
    ['fewer than k words: one shingle of all of them', [{ words: ['a', 'b', 'c'] }], 5, [shingle('a', 'b', 'c')]],
    ['one word', [{ words: ['kyiv'] }], 5, [shingle('kyiv')]],
    ['no words: no shingles', [{ words: [] }], 5, []],
    ['no sentences: no shingles', [], 5, []],
    ['repeated shingles counted once', [{ words: ['a', 'b', 'a', 'b', 'a', 'b'] }], 2, [shingle('a', 'b'), shingle('b', 'a')]],
    ['shingles run across sentences', [{ words: ['a', 'b'] }, { words: ['c'] }], 2, [shingle('a', 'b'), shingle('b', 'c')]],
    ['boilerplate sentences are skipped', [{ words: ['a', 'b'] }, { words: ['read', 'more'], boilerplate: true }, { words: ['c'] }], 2, [shingle('a', 'b'), shingle('b', 'c')]],
    ['only boilerplate: no shingles', [{ words: ['share', 'this'], boilerplate: true }], 5, []],
  ])('%s', (_name, sentences, k, expected) => {
    expect([...shingleHashes(makeDoc(sentences), k)]).toEqual(sorted(expected));
  });

  test('word order matters', () => {
    expect(shingle('a', 'b')).not.toBe(shingle('b', 'a'));
  });

  test('default k is 5', () => {
    const doc = makeDoc([{ words: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }]);
    expect(shingleHashes(doc)).toEqual(shingleHashes(doc, 5));
    expect(shingleHashes(doc).length).toBe(3);
  });

  test('from prepare(): words by Token.norm, lower-cased', () => {
    expect([...shingleHashes(prepare('Kyiv said on Tuesday it took 74 settlements.'))]).toEqual(
      sorted([
        shingle('kyiv', 'said', 'on', 'tuesday', 'it'),
        shingle('said', 'on', 'tuesday', 'it', 'took'),
        shingle('on', 'tuesday', 'it', 'took', '74'),
        shingle('tuesday', 'it', 'took', '74', 'settlements'),
      ]),
    );
  });
});

describe('contentHashes', () => {
  const stem = (s: string) => murmur3String(s, STEM_SEED);
  const name = (s: string) => murmur3String(s, NAME_SEED);
  const num = (s: string) => murmur3String(s, NUMBER_SEED);

  test.each<[string, Parameters<typeof makeDoc>[0], number[]]>([
    ['stems of non-stop words', [{ words: [{ norm: 'troops', stem: 'troop' }, { norm: 'the', stop: true }, { norm: 'advancing', stem: 'advanc' }] }], [stem('troop'), stem('advanc')]],
    ['names count again under their own tag', [{ words: [{ norm: 'biden', name: true }] }], [stem('biden'), name('biden')]],
    ['numbers count again under their own tag', [{ words: [{ norm: '1,000', stem: '1000', number: true }] }], [stem('1000'), num('1000')]],
    ['a stop number word still counts as a number', [{ words: [{ norm: 'one', stop: true, number: true }] }], [num('one')]],
    ['a name with a digit counts under both tags', [{ words: [{ norm: 'g7', name: true, number: true }] }], [stem('g7'), name('g7'), num('g7')]],
    ['duplicates once', [{ words: ['war', 'war'] }, { words: ['war'] }], [stem('war')]],
    ['boilerplate skipped', [{ words: ['war'] }, { words: ['getty'], boilerplate: true }], [stem('war')]],
    ['empty', [], []],
  ])('%s', (_name, sentences, expected) => {
    expect([...contentHashes(makeDoc(sentences))]).toEqual(sorted(expected));
  });

  test('from prepare()', () => {
    const h = contentHashes(prepare('Mr Biden visited Kyiv with 74 troops.'));
    expect([...h]).toEqual(sorted([stem('biden'), name('biden'), stem('visit'), stem('kyiv'), name('kyiv'), stem('74'), num('74'), stem('troop')]));
  });

  test('tags: each name and number as that many distinct features, the first its plain tag hash', () => {
    const doc = prepare('Mr Biden visited Kyiv with 74 troops. Biden left Kyiv.');
    expect([...contentHashes(doc, undefined, 1)]).toEqual([...contentHashes(doc)]);
    const plain = [stem('biden'), stem('visit'), stem('kyiv'), stem('74'), stem('troop'), stem('left')];
    const tagged = [name('biden'), name('kyiv'), num('74')];
    for (const tags of [2, 4, 6]) {
      const h = [...contentHashes(doc, undefined, tags)];
      // Three distinct tagged tokens (Biden and Kyiv twice each count once), tags features each, none shared.
      expect(h).toHaveLength(plain.length + 3 * tags);
      for (const x of [...plain, ...tagged]) expect(h).toContain(x);
      // The copies are those of a larger count too: a name's k-th copy does not depend on \`tags\`.
      const more = new Set(contentHashes(doc, undefined, tags + 1));
      for (const x of h) expect(more.has(x)).toBe(true);
    }
    // A token under both tags gets tags copies of each.
    const both = prepare('Leaders met at the G7 summit.');
    expect(both.tokens.find((t) => t.norm === 'g7')).toMatchObject({ name: true, number: true });
    const plainBoth = contentHashes(both, undefined, 1).length;
    expect(contentHashes(both, undefined, 4)).toHaveLength(plainBoth + 2 * 3);
    // The copies depend on the token alone: the same name elsewhere gives the same copies.
    const alone = [...contentHashes(prepare('To Kyiv.'), undefined, 4)]; // 'to' a stopword; a sentence's first word is not taken for a name
    expect(alone).toHaveLength(5);
    for (const x of alone) expect(contentHashes(doc, undefined, 4)).toContain(x);
  });
});

describe('textShingleHashes: the one-pass raw-text route', () => {
  test.each([
    ['plain sentence', 'Kyiv said on Tuesday it took 74 settlements.'],
    ['case, apostrophes and digit separators', "Mr Biden said Kyiv's 1,000 troops, 3.5 km away, don't retreat."],
    ['curly apostrophe between letters', 'It’s the Kremlin’s answer to ‘the West’ today, officials said here.'],
    ['quotes and dashes split words', 'He called it a “real dilemma” – a so-called test—of will, he said.'],
    ['accents, ligatures, full-width and combining marks', 'Café ÉLAN ﬁnal Ｒｅｕｔｅｒｓ naïve cafe\u0301 Łódź Straße said on Monday.'],
    ['Cyrillic and Greek, final sigma', 'Москва ЗАЯВИЛА, что войска продвинулись. ΟΔΟΣ Αθηνών ΣΟΦΟΣ σοφός Ελλάδα said on Monday.'],
    ['dotted capital I, ligature ĳ, micro sign, superscripts', 'İstanbul and the ĳssel river, 5 µm wide, x² and ª ordinal words here.'],
    ['line breaks and CRLF', 'First line of the article here.\r\nSecond line of the article here.\nThird one follows here.'],
    ['short text', 'Three word text.'],
    ['empty', ''],
    ['only punctuation', ' -- ... !!! '],
    ['digits next to apostrophes', "In the '90s and 1990's they said 2.5.3 was 1,2 or 1,000,000."],
    ['curly apostrophes in names, numbers and at word ends', "O’Neill’s team won 3,000 votes; it’s 2’5 and rock’n’roll ’90s today."],
    ['a separator as the last character', "Ends with an apostrophe' and a comma, 1,"],
    ['all Cyrillic (two UTF-8 bytes a letter)', 'Москва заявила, что войска продвинулись на несколько километров к югу от города во вторник утром.'],
    ['all Greek with accents', 'Η Αθήνα είναι η πρωτεύουσα της Ελλάδας και η μεγαλύτερη πόλη της χώρας σήμερα.'],
  ])('%s: same hashes as prepare() → shingleHashes', (_name, text) => {
    const doc = prepare(text);
    expect(doc.sentences.every((s) => !s.boilerplate)).toBe(true); // the routes differ only on boilerplate
    for (const k of [1, 2, 5]) expect([...textShingleHashes(text, k)]).toEqual([...shingleHashes(doc, k)]);
  });

  test('emoji and lone surrogates separate words like spaces', () => {
    for (const k of [1, 2, 5]) {
      expect([...textShingleHashes('a \ud800 b😀c \udc00d', k)]).toEqual([...textShingleHashes('a b c d', k)]);
    }
  });

  test('a text whose UTF-8 bytes nearly fill the scan buffer, ending in a word of whole 4-byte groups', () => {
    // The scanner reads 4 bytes at a time and allocates n + n/8 + 16 bytes for n units: with
    // n/8 + 13 two-byte letters, the bytes end 3 short of the buffer and the last read starts there.
    let tested = 0;
    for (let n = 40; n < 200; n++) {
      const wide = (n >> 3) + 13;
      const rest = n - wide - 1;
      if (rest <= 0 || rest % 4 !== 0) continue;
      const words = ['é'.repeat(wide), 'abcd'.repeat(rest / 4)];
      expect([...textShingleHashes(words.join(' '), 1)]).toEqual(sorted(words.map((w) => shingle(w))));
      expect([...textShingleHashes(words.join(' '), 2)]).toEqual([shingle(...words)]);
      tested++;
    }
    expect(tested).toBeGreaterThan(30);
  });

  test('random mixes of ASCII, two- and three-byte characters: words are the runs of letters and digits', () => {
    // Alphabet without apostrophes or digit separators, so a word is a maximal run of [0-9A-Za-zéÉ]
    // (É lower-cases to é); '—' and '€' (three UTF-8 bytes) and 😀 (four) separate words. Any density
    // of multi-byte characters, any word length and position against the scanner's 4-byte reads.
    const char = fc.constantFrom('a', 'B', 'c', 'd', '7', ' ', ' ', 'é', 'É', '—', '€', '😀', '\n');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 120 }), fc.integer({ min: 1, max: 6 }), (chars, k) => {
        const text = chars.join('');
        const words = text.split(/[^0-9A-Za-zéÉ]+/).filter((w) => w !== '').map((w) => w.toLowerCase());
        const expected: number[] = [];
        if (words.length > 0 && words.length < k) expected.push(shingle(...words));
        for (let i = 0; i + k <= words.length; i++) expected.push(shingle(...words.slice(i, i + k)));
        expect([...textShingleHashes(text, k)]).toEqual(sorted(expected));
      }),
      { seed: 17, numRuns: 400 },
    );
  });

  test('scanShingles writes into the array it is given when it is large enough, else into a new one', () => {
    const text = 'Kyiv said on Tuesday it took 74 settlements.';
    const expected = [...shingleHashes(prepare(text))].sort((a, b) => a - b);
    const big = new Uint32Array(64);
    const reused = scanShingles(text, 5, big);
    expect(reused.hashes).toBe(big);
    expect(reused.count).toBe(4); // 8 words, 4 shingles of 5, all distinct
    for (const { hashes, count } of [reused, scanShingles(text, 5, new Uint32Array(1)), scanShingles(text, 5)]) {
      expect([...hashes.subarray(0, count)].sort((a, b) => a - b)).toEqual(expected);
    }
  });

  test('boilerplate is not marked on the raw route', () => {
    const text = 'Smoke rose over the city on Tuesday morning. Picture: Getty';
    expect(textShingleHashes(text).length).toBeGreaterThan(shingleHashes(prepare(text)).length);
  });

  test('agrees with prepare() on generated article-like text', () => {
    const word = fc.oneof(
      fc.constantFrom('the', 'Kyiv', 'said', 'troops', "Kremlin's", 'It’s', '1,000', '3.5', 'NATO', 'Łódź', 'café', 'don\'t', 'war', 'Biden'),
      fc.constantFrom('Москва', 'ВОЙСКА', 'Київ', 'ΣΟΦΟΣ', 'Αθήνα', 'İzmir', 'Ĳssel', 'µs', 'Æther', 'straße', 'Ǆemal'),
      fc.stringMatching(/^[A-Za-z]{1,9}$/),
    );
    const sentence = fc.array(word, { minLength: 8, maxLength: 20 }).map((ws) => {
      const s = ws.join(' ');
      return s[0]!.toUpperCase() + s.slice(1) + '.';
    });
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 6 }), fc.constantFrom(' ', '\n'), fc.integer({ min: 1, max: 7 }), (sentences, sep, k) => {
        const text = sentences.join(sep);
        const doc = prepare(text);
        fc.pre(doc.sentences.every((s) => !s.boilerplate));
        expect([...textShingleHashes(text, k)]).toEqual([...shingleHashes(doc, k)]);
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});

test('uniqueSorted', () => {
  expect([...uniqueSorted(new Uint32Array([3, 1, 0xffffffff, 3, 2, 1]))]).toEqual([1, 2, 3, 0xffffffff]);
  expect([...uniqueSorted(new Uint32Array([5, 4, 9]), 2)]).toEqual([4, 5]);
  expect([...uniqueSorted(new Uint32Array(0))]).toEqual([]);
});
