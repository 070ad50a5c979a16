import { prepare } from '../../src/text/prepare';
import { stem, tokenize } from '../../src/text/tokenize';
import { segment } from '../../src/text/segment';

function tokens(text: string) {
  return prepare(text).tokens.map((t) => ({ w: text.slice(t.start, t.end), stem: t.stem, stop: t.stop, number: t.number, name: t.name }));
}

describe('tokenize', () => {
  test('offsets, stems and tags of a news sentence', () => {
    expect(tokens('Mr Biden said Kyiv’s 1,000 troops were advancing.')).toEqual([
      { w: 'Mr', stem: 'mr', stop: true, number: false, name: false },
      { w: 'Biden', stem: 'biden', stop: false, number: false, name: true },
      { w: 'said', stem: 'said', stop: true, number: false, name: false },
      { w: 'Kyiv’s', stem: 'kyiv', stop: false, number: false, name: true },
      { w: '1,000', stem: '1000', stop: false, number: true, name: false },
      { w: 'troops', stem: 'troop', stop: false, number: false, name: false },
      { w: 'were', stem: 'were', stop: true, number: false, name: false },
      { w: 'advancing', stem: 'advanc', stop: false, number: false, name: false },
    ]);
  });

  test('hyphens split, decimals stay whole', () => {
    expect(tokens('so-called 3.5 Su-34').map((t) => t.w)).toEqual(['so', 'called', '3.5', 'Su', '34']);
  });

  test('a sentence-initial word is a name when it is one elsewhere', () => {
    const t = tokens('Gladkov spoke. Then the governor, Gladkov, left.');
    expect(t[0]).toMatchObject({ w: 'Gladkov', name: true });
    expect(t[3]).toMatchObject({ w: 'the', name: false });
    expect(tokens('Then it rained.')[0]).toMatchObject({ w: 'Then', name: false });
  });

  test.each([
    ['creating', 'creat'],
    ['creates', 'creat'],
    ["kremlin's", 'kremlin'],
    ['65th', '65'],
    ['1,000', '1000'],
    ['organise', 'organis'],
    ['dilemma', 'dilemma'],
  ])('stem(%s) = %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  test('CJK, emoji and combining marks do not break offsets', () => {
    const text = 'Café 東京 👍🏽 naïve';
    for (const t of prepare(text).tokens) expect(text.slice(t.start, t.end)).toMatch(/\S/);
  });
  test('capitals inside a word are lower-cased, and all-capital words are acronyms', () => {
    const t = tokens('Shares of McDonald and NATO rose, iPhone sales fell.');
    expect(t.map((x) => [x.w, x.stem, x.name])).toEqual([
      ['Shares', 'share', false],
      ['of', 'of', false],
      ['McDonald', 'mcdonald', true],
      ['and', 'and', false],
      ['NATO', 'nato', true],
      ['rose', 'rose', false],
      ['iPhone', 'iphon', false],
      ['sales', 'sale', false],
      ['fell', 'fell', false],
    ]);
  });

  test('a word repeated in other cases shares its norm; a sentence opener seen as a name is one', () => {
    const text = 'Kursk fell. Troops left KURSK and Kursk.';
    const t = tokenize(text, segment(text));
    expect(t.map((x) => x.norm)).toEqual(['kursk', 'fell', 'troops', 'left', 'kursk', 'and', 'kursk']);
    expect(t.map((x) => x.name)).toEqual([true, false, false, false, true, false, true]);
  });

  test('case mapping that lengthens a word (İ → i̇) leaves the norms of later words right', () => {
    // "İ".toLowerCase() is two code units, so the lower-cased text no longer lines up with the text.
    const text = 'İstanbul and McDonald met the \u212Aing, then King.';
    const t = tokenize(text, segment(text));
    expect(t.map((x) => text.slice(x.start, x.end))).toEqual(['İstanbul', 'and', 'McDonald', 'met', 'the', '\u212Aing', 'then', 'King']);
    expect(t.map((x) => x.norm)).toEqual(['i\u0307stanbul', 'and', 'mcdonald', 'met', 'the', 'king', 'then', 'king']);
    // The Kelvin sign K lower-cases to an ASCII k: both spellings are one word.
    expect(t[5]!.stem).toBe('king');
    expect(t[7]!.stem).toBe('king');
  });
});
