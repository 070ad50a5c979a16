import { prepare } from '../../src/text/prepare';
import { stem } from '../../src/text/tokenize';

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
});
