import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare } from '../../src/text/prepare';

function marked(text: string): Array<[string, boolean]> {
  const doc = prepare(text);
  return doc.sentences.map((s) => [doc.norm.slice(s.start, s.end), s.boilerplate]);
}

describe('boilerplate', () => {
  const cases: Array<[string, string, boolean[]]> = [
    ['Read more line', 'Kyiv advanced.\nRead more: Ukraine explained', [false, true]],
    ['See also line', 'Kyiv advanced.\nSee also  Courts issue injunctions', [false, true]],
    ['audio widget lines', 'Listen to this article\nLoading audio...\nKyiv advanced.', [true, true, false]],
    ['caption before a credit', 'Smoke over Kursk. Picture: Alamy\nKyiv advanced.', [true, true, false]],
    ['doubled caption line', 'Smoke over Kursk\nSmoke over Kursk. Picture: Getty\nKyiv advanced.', [true, true, true, false]],
    ['parenthesised credit marks its caption only', 'Putin spoke. Troops fire a shell. (credit: REUTERS/STRINGER)', [false, true, true]],
    ['copyright and wire credit', 'It ended.” – Reuters. Copyright Thomson Reuters 2024.', [false, true, true]],
    ['share button word', 'Kyiv advanced.\n\nCondividi', [false, true]],
    ['byline', 'By Kit Heren\nKyiv advanced.', [true, false]],
    ['dateline with time', '14 August 2024, 05:28 | Updated: 14 August 2024, 06:33\nKyiv advanced.', [true, false]],
    ['short label line', 'Latest article\nKyiv advanced.', [true, false]],
    ['a real short sentence stays', 'He left.\nKyiv advanced.', [false, false]],
  ];
  test.each(cases)('%s', (_name, input, expected) => {
    expect(marked(input).map(([, b]) => b)).toEqual(expected);
  });

  test('seed 000: only the stamp, the caption, its credit and the wire tail are boilerplate', () => {
    const text = readFileSync(join(__dirname, '../../fixtures/seeds/000_a267aa29c8143298.txt'), 'utf8');
    const flagged = marked(text).filter(([, b]) => b).map(([s]) => s);
    expect(flagged).toEqual([
      'date 2024-08-14',
      'Destroyed military vehicle in the Sumy region, near the border with Russia.',
      'Photograph: Roman Pilipey/AFP/Getty Images',
      '- Reuters',
    ]);
  });

  test('seed 004: Read more lines, doubled captions and widgets are boilerplate', () => {
    const text = readFileSync(join(__dirname, '../../fixtures/seeds/004_b2fd3a351b08d226.txt'), 'utf8');
    const flagged = marked(text).filter(([, b]) => b).map(([s]) => s);
    for (const s of ['Listen to this article', 'Loading audio...', 'By Kit Heren', 'Picture: Getty', 'Russia is scrambling to defend the Kursk region']) {
      expect(flagged).toContain(s);
    }
    expect(flagged.filter((s) => s.startsWith('Read more:'))).toHaveLength(4);
    // The quoted speech of the body is not boilerplate even though a caption repeats part of it.
    expect(flagged).not.toContain('Ukraine\'s Western partners have said the country has the right to defend itself, including by attacking across the border.');
  });
});
