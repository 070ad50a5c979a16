import { normalize, toCaller } from '../../src/text/normalize';

describe('normalize', () => {
  const cases: Array<[string, string, string]> = [
    ['plain ASCII is unchanged', 'Kyiv said 74.', 'Kyiv said 74.'],
    ['curly apostrophe between letters becomes straight', 'Kremlin’s leader', "Kremlin's leader"],
    ['closing curly quote stays', '“real dilemma” for', '“real dilemma” for'],
    ['en and em dashes fold to hyphen', 'app – Reuters — end', 'app - Reuters - end'],
    ['non-breaking and thin spaces fold', 'a\u00a0b\u2009c', 'a b c'],
    ['ligature expands (NFKC)', 'ﬁnal', 'final'],
    ['full-width letters fold (NFKC)', 'ＡＢＣ', 'ABC'],
    ['CRLF keeps one line break', 'a\r\nb', 'a \nb'],
    ['lone CR is a line break', 'a\rb', 'a\nb'],
    ['NUL and controls become spaces', 'a\u0000b\u0007c', 'a b c'],
    ['lone surrogate becomes U+FFFD', 'a\ud800b', 'a\ufffdb'],
    ['decomposed accent composes', 'Cafe\u0301', 'Café'],
  ];
  test.each(cases)('%s', (_name, input, expected) => {
    const { norm, map } = normalize(input);
    expect(norm).toBe(expected);
    expect(map.length).toBe(norm.length + 1);
    expect(map[norm.length]).toBe(input.length);
    for (let i = 1; i < map.length; i++) expect(map[i]!).toBeGreaterThanOrEqual(map[i - 1]!);
  });

  test('map points every normalised unit at its source', () => {
    const input = 'ﬁne “Kyiv’s” ＡＢ';
    const { norm, map } = normalize(input);
    expect(norm).toBe("fine “Kyiv's” AB");
    expect(map[0]).toBe(0); // f of the ligature
    expect(map[1]).toBe(0); // i of the ligature
    expect(map[2]).toBe(1); // n
    expect(input[map[norm.indexOf('Kyiv')]!]).toBe('K');
    expect(input[map[norm.indexOf('B')]!]).toBe('Ｂ');
  });

  test('toCaller widens a range ending inside an expansion', () => {
    const input = 'xﬁy';
    const { map } = normalize(input); // "xfiy"
    expect(toCaller(map, 1, 2)).toEqual([1, 2]); // "f" is part of "ﬁ"
    expect(toCaller(map, 0, 4)).toEqual([0, 3]);
    expect(toCaller(map, 2, 2)).toEqual([1, 1]);
  });
});
