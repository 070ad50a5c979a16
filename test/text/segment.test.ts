import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from '../../src/text/normalize';
import { segment } from '../../src/text/segment';

function sentences(text: string): string[] {
  const { norm } = normalize(text);
  return segment(norm).map((s) => norm.slice(s.start, s.end));
}

describe('segment', () => {
  const cases: Array<[string, string, string[]]> = [
    ['two plain sentences', 'Kyiv spoke. Moscow replied.', ['Kyiv spoke.', 'Moscow replied.']],
    ['line breaks are hard boundaries', 'No full stop here\nNext line', ['No full stop here', 'Next line']],
    ['Mr does not split', 'Mr. Biden said so. Then he left.', ['Mr. Biden said so.', 'Then he left.']],
    ['U.S. does not split', 'The U.S. Senate voted. It passed.', ['The U.S. Senate voted.', 'It passed.']],
    ['Aug. 13 does not split', 'It was Tuesday, Aug. 13, 2024. Then rain.', ['It was Tuesday, Aug. 13, 2024.', 'Then rain.']],
    ['No. 10 does not split', 'He went to No. 10 Downing Street. Aides waited.', ['He went to No. 10 Downing Street.', 'Aides waited.']],
    ['initials do not split', 'J. K. Rowling wrote it. Fans cheered.', ['J. K. Rowling wrote it.', 'Fans cheered.']],
    ['closing quote stays with its sentence', '“Everything is executed according to the plan.” He left.', ['“Everything is executed according to the plan.”', 'He left.']],
    ['comma inside quote does not split', '“It’s creating a real dilemma for Putin,” Mr Biden said.', ['“It\'s creating a real dilemma for Putin,” Mr Biden said.']],
    ['question mark before lower case does not split', '“Why?” she asked. Nobody knew.', ['“Why?” she asked.', 'Nobody knew.']],
    [
      'an attribution after a question in marks stays with it',
      '"How can you go against the movie?" Mr Kashyap\'s lawyer Mihir Desai said. The trial goes on.',
      ['"How can you go against the movie?" Mr Kashyap\'s lawyer Mihir Desai said.', 'The trial goes on.'],
    ],
    ['an attribution with the verb first stays', '“We won!” Said Ms Lee. Fans cheered.', ['“We won!” Said Ms Lee.', 'Fans cheered.']],
    ['an attribution with a pronoun and the verb second stays', '“Not again.” He told reporters. Then he left.', ['“Not again.” He told reporters.', 'Then he left.']],
    ['a sentence after marks that only names a speaker splits', '“Why now?” Mr Kashyap left the court. It rained.', ['“Why now?”', 'Mr Kashyap left the court.', 'It rained.']],
    ['a long tail is a sentence', '“Why?” The lawyer for the director and the producer of the film said.', ['“Why?”', 'The lawyer for the director and the producer of the film said.']],
    ['wire tail splits off', 'posted on Telegram. – Reuters', ['posted on Telegram.', '- Reuters']],
    ['decimal point does not split', 'Growth was 3.5 per cent. Prices rose.', ['Growth was 3.5 per cent.', 'Prices rose.']],
    ['date stamp is its own segment', ' date 2024-08-14 Smoke rose. Photograph: AFP', ['date 2024-08-14', 'Smoke rose.', 'Photograph: AFP']],
    ['ellipsis then capital splits', 'He paused... Then spoke.', ['He paused...', 'Then spoke.']],
  ];
  test.each(cases)('%s', (_name, input, expected) => {
    expect(sentences(input)).toEqual(expected);
  });

  test('seed 000: the sentences a reader sees', () => {
    const text = readFileSync(join(__dirname, '../../fixtures/seeds/000_a267aa29c8143298.txt'), 'utf8');
    const s = sentences(text);
    // Counted by hand: date stamp, caption, credit, 22 body sentences, "– Reuters".
    expect(s).toHaveLength(26);
    expect(s).toContain('“It\'s creating a real dilemma for Putin,” Mr Biden said.');
    expect(s).toContain('Syrskyi replied: “Everything is being executed according to the plan.”');
    expect(s[s.length - 1]).toBe('- Reuters');
  });

  test('a line of dots and a long unbroken line stay single segments', () => {
    expect(sentences('.'.repeat(10_000))).toHaveLength(1);
    expect(sentences('x'.repeat(100_000))).toHaveLength(1);
  });
});
