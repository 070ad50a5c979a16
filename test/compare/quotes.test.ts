import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { extractQuotes, scanQuotes, sentenceWords, toSpan, words } from '../../src/compare/quotes';
import { prepare } from '../../src/text/prepare';
import type { Doc, QuoteRef } from '../../src/types';

const seed = (name: string) => readFileSync(join(__dirname, '../../fixtures/seeds', name), 'utf8');
const pair = (name: string, file: string) => readFileSync(join(__dirname, '../../fixtures/pairs', name, file), 'utf8');

/** The caller's text of each quotation (words inside the marks). */
function quoted(doc: Doc, qs: QuoteRef[] = extractQuotes(doc)): string[] {
  return qs.map((q) => toSpan(doc, q.start, q.end).text);
}

describe('extractQuotes: what is a quotation', () => {
  // Expected values written by hand from the marks in each input.
  const cases: Array<{ name: string; input: string; expected: string[] }> = [
    { name: 'curly double', input: 'She called it “a real dilemma” for him.', expected: ['a real dilemma'] },
    { name: 'straight double', input: 'He said "we will win" and left.', expected: ['we will win'] },
    { name: 'curly single', input: 'They were ‘on tenterhooks’ all summer.', expected: ['on tenterhooks'] },
    { name: 'straight single', input: "He called it 'a mess' twice.", expected: ['a mess'] },
    { name: 'guillemets', input: 'Elle a dit «pas question» hier.', expected: ['pas question'] },
    { name: 'German low-high', input: 'Er sagte „nie wieder“ und ging.', expected: ['nie wieder'] },
    { name: 'low with closing right mark', input: 'Powiedział „nigdy więcej” wczoraj.', expected: ['nigdy więcej'] },
    {
      name: 'apostrophes are not marks',
      input: 'It’s the Kremlin’s view that Ukraine’s troops are ‘pinning down’ units.',
      expected: ['pinning down'],
    },
    {
      name: 'a closing ’ after a full stop still closes',
      input: 'He praised what he calls an ‘exchange programme.’\nThe talks go on.',
      expected: ['exchange programme.'],
    },
    {
      name: 'nested single quotes belong to the double quotation',
      input: '“One engineer called it ‘the worst we have seen’ on Monday,” he said.',
      expected: ['One engineer called it ‘the worst we have seen’ on Monday,'],
    },
    {
      name: 'a quotation spanning a sentence break',
      input: '“It was a frightening experience. Six men held me,” he said.',
      expected: ['It was a frightening experience. Six men held me,'],
    },
    {
      name: 'a quotation spanning a line break',
      input: '“We are racing against\nthe spring floods,” he wrote.',
      expected: ['We are racing against\nthe spring floods,'],
    },
    {
      name: 'run-on paragraphs (no closing mark before the next opening one), straight marks on one line',
      input: 'He said: "We have held prices. "Even so, lunch costs less here," she said.',
      expected: ['We have held prices.', 'Even so, lunch costs less here,'],
    },
    {
      name: 'run-on paragraphs, curly marks on separate lines',
      input: '“Six men managed to grab me.\n\n“I knew I had to stay calm.”',
      expected: ['Six men managed to grab me.', 'I knew I had to stay calm.'],
    },
    {
      name: 'run-on paragraphs of several sentences each',
      input: '“Six men grabbed me. They took my passport.\n\n“I knew I had to stay calm. I did.”',
      expected: ['Six men grabbed me. They took my passport.', 'I knew I had to stay calm. I did.'],
    },
    {
      name: 'an unclosed mark ends with its sentence, not the article',
      input: 'He called it “a disaster. Officials disagreed. The vote is on Friday.',
      expected: ['a disaster.'],
    },
    {
      name: 'an unclosed mark on a line ends with the line',
      input: 'The ferry is “a lifeline\nNo other boat runs. The council meets today.',
      expected: ['a lifeline'],
    },
    { name: 'a stray closing mark is ignored', input: 'The result” was clear. “Yes,” she said.', expected: ['Yes,'] },
    { name: 'empty marks are no quotation', input: 'He said “” and “ ” twice.', expected: [] },
  ];
  test.each(cases)('$name', ({ input, expected }) => {
    expect(quoted(prepare(input))).toEqual(expected);
  });

  test('seed 000: every quotation, Rybar marked as a title', () => {
    const doc = prepare(seed('000_a267aa29c8143298.txt'));
    const qs = extractQuotes(doc);
    expect(quoted(doc, qs)).toEqual([
      'real dilemma',
      'It’s creating a real dilemma for Putin,',
      'Rybar',
      'pinning down',
      'fighting shoulder to shoulder',
      'special military operation',
      'exchange fund',
      'key steps',
      'Everything is being executed according to the plan.',
      'The situation in the Belgorod region continues to be extremely difficult and tense,',
    ]);
    expect(qs.map((q) => q.role)).toEqual([undefined, undefined, 'title', ...Array(7).fill(undefined)]);
  });

  test('seed 001: the quoted headline is a headline, ‘Dilemma’ inside it is part of it', () => {
    const doc = prepare(seed('001_04a6fa0171dea636.txt'));
    const qs = extractQuotes(doc);
    expect(qs[0]!.role).toBe('headline');
    expect(toSpan(doc, qs[0]!.start, qs[0]!.end).text).toBe('Ukraine’s Kursk Assault: Biden’s ‘Dilemma’ for Putin');
    expect(quoted(doc, qs.slice(1))).toEqual([
      'spoken quandary',
      'pronounced quandary',
      'Rybar',
      'special military procedure',
      'exchange programme.',
      'The situation in the Belgorod region remains drastically complex and charged.',
    ]);
  });

  test('single marks with curly apostrophes around them (fixture 03)', () => {
    const doc = prepare(pair('03-fabricated-orchestra', 'candidate.txt'));
    expect(quoted(doc)).toEqual([
      'changed everything',
      'A month ago we were drawing up redundancy letters. Now we are planning a season,',
      'This gift means the orchestra’s next hundred years can begin with a full diary.',
      'on tenterhooks',
    ]);
  });

  test('a title-cased quotation opening the text is a headline, even run into the body', () => {
    const doc = prepare('“Kursk Assault: Biden’s ‘Dilemma’ for Putin” As reported, the attack went on. Biden called it a “spoken quandary”.');
    expect(extractQuotes(doc).map((q) => q.role)).toEqual(['headline', undefined]);
  });

  test('a whole-line quotation ending in a full stop is speech, not a headline', () => {
    const doc = prepare('Mr Davis spoke after the attack.\n\n“I knew I had to stay very calm.”\n\nHe flew home on Sunday.');
    const qs = extractQuotes(doc);
    expect(qs).toHaveLength(1);
    expect(qs[0]!.role).toBeUndefined();
  });
});

describe('extractQuotes: speakers', () => {
  // Each speaker read off the sentence by hand.
  const cases: Array<{ name: string; input: string; speaker: string | undefined }> = [
    { name: 'X said after the quotation', input: '“Safety comes first,” Helen Varga said.', speaker: 'Helen Varga' },
    { name: 'said X after the quotation', input: '“Safety comes first,” said Helen Varga, the managing director.', speaker: 'Helen Varga' },
    { name: 'X said: before the quotation', input: 'Helen Varga said: “Safety comes first.”', speaker: 'Helen Varga' },
    { name: 'according to X, after', input: 'The plan is “a lifeline”, according to Tomasz Wielicki.', speaker: 'Tomasz Wielicki' },
    { name: 'according to X, before', input: 'According to Tomasz Wielicki, the plan is “a lifeline”.', speaker: 'Tomasz Wielicki' },
    { name: 'X told', input: 'Priya Nandakumar told reporters: “There is no alternative.”', speaker: 'Priya Nandakumar' },
    { name: 'X wrote on Telegram', input: 'Ivan Fedorov wrote on Telegram: “We are racing the floods.”', speaker: 'Ivan Fedorov' },
    {
      name: 'a role and a name in apposition',
      input: '“The situation is tense,” the governor, Vyacheslav Gladkov, said in a video.',
      speaker: 'Vyacheslav Gladkov',
    },
    { name: 'a title in front of the name is dropped', input: 'US president Joe Biden called it a “real dilemma” for Putin.', speaker: 'Joe Biden' },
    {
      name: 'a pronoun resolves to the last person named',
      input: 'Ruth Adeyemi has played for 22 years. “We were on edge all summer,” she said.',
      speaker: 'Ruth Adeyemi',
    },
    {
      name: 'Mr X reads as the full name given earlier',
      input: 'Andrew Fisher sold the space. “It is mine to sell,” said Mr Fisher.',
      speaker: 'Andrew Fisher',
    },
    { name: 'no attribution', input: 'The word “lifeline” appears on every poster.', speaker: undefined },
    {
      name: 'said, then a qualifier and a role before the name',
      input: '“The boat is safe,” said Coastlink ferry director Helen Varga.',
      speaker: 'Helen Varga',
    },
    { name: 'an honorific inside a capitalised run starts the name', input: 'Green Party Mr Wielicki said: “No more cuts.”', speaker: 'Mr Wielicki' },
    {
      name: 'auxiliaries between the subject and the verb',
      input: 'Council leader Amir Haddad has meanwhile vowed to “keep every branch open”.',
      speaker: 'Amir Haddad',
    },
    {
      name: 'a pronoun prefers the last speaker over a place named later',
      input: 'Mr Okafor, 52, said the birds were found near the Marlow City Zoo gift shop. “They were calm,” he said.',
      speaker: 'Mr Okafor',
    },
    { name: 'a possessive qualifies the name after it', input: 'Coastlink’s Helen Varga said: “No more cuts.”', speaker: 'Helen Varga' },
    {
      name: 'a pronoun goes past a speaker before to the subject of an apposition holding another name',
      input:
        'President Anna Kovac said the troops had advanced. Marek Lind, research director at the Baltic Defence Institute, said the army was embarrassed. “The losses will play badly at home,” he added.',
      speaker: 'Marek Lind',
    },
    {
      name: 'a firm named in an apposition is no person',
      input: 'Mervyn Hale said rates would hold. Richard Joffe, who is chief economist at Bridgewell Securities, told reporters a rise was unlikely. “There are signs of a slowdown,” he said.',
      speaker: 'Richard Joffe',
    },
  ];
  test.each(cases)('$name', ({ input, speaker }) => {
    const qs = extractQuotes(prepare(input)).filter((q) => q.role === undefined);
    expect(qs).toHaveLength(1);
    expect(qs[0]!.speaker).toBe(speaker);
  });

  test('a run-on quotation keeps the speaker of the one before it', () => {
    const doc = prepare('Mr Davies said in a statement: "It was a frightening experience. "Six men managed to grab me from behind."');
    expect(extractQuotes(doc).map((q) => q.speaker)).toEqual(['Mr Davies', 'Mr Davies']);
  });

  test('seed 000 speakers', () => {
    const qs = extractQuotes(prepare(seed('000_a267aa29c8143298.txt')));
    expect(qs.map((q) => q.speaker)).toEqual([
      'Joe Biden', // US president Joe Biden called a “real dilemma”
      'Joe Biden', // “It’s creating …,” Mr Biden said.
      undefined, // “Rybar” is a name, not speech
      'Rybar', // previous sentence: the blogger “Rybar” said on Telegram …
      'Alexei Smirnov', // Kursk's acting governor, Alexei Smirnov, said on Telegram that …
      'Kremlin', // in what the Kremlin calls a “special military operation”
      'Volodymyr Zelenskiy', // what he described as … (he = Mr Zelenskiy = president Volodymyr Zelenskiy)
      'Volodymyr Zelenskiy', // the previous sentence's speaker: the Ukrainian leader asked …
      'Oleksandr Syrskyi', // Syrskyi replied: …
      'Vyacheslav Gladkov', // the governor, Vyacheslav Gladkov, said
    ]);
  });
});

describe('scanQuotes on hostile input', () => {
  test('100,000 opening marks in a row give no quotation and no hang', () => {
    expect(extractQuotes(prepare('“'.repeat(100_000)))).toEqual([]);
    expect(extractQuotes(prepare('"'.repeat(100_000)))).toEqual([]);
    expect(extractQuotes(prepare('‘'.repeat(100_000)))).toEqual([]);
  });

  test('many unclosed single marks on one long line give no quotation', () => {
    expect(scanQuotes('‘a '.repeat(100_000))).toEqual([]);
  });

  test('a 1 MB line of short quotations gives each of them', () => {
    const text = 'He said "x y" and went on, '.repeat(40_000);
    const qs = extractQuotes(prepare(text));
    expect(qs).toHaveLength(40_000);
    expect(qs.every((q) => q.end - q.start === 3)).toBe(true);
  });
});

describe('words', () => {
  test.each([
    ["It's a so-called deal: 1,200 jobs", ["It's", 'a', 'so-called', 'deal', '1,200', 'jobs']],
    ['£2.60, up 9%.', ['2.60', 'up', '9']],
    ['Zelenskiy’s “key steps”', ['Zelenskiy’s', 'key', 'steps']],
  ])('%s', (input, expected) => {
    expect(words(input).map((w) => w.text)).toEqual(expected);
  });

  // sentenceWords joins tokens instead of scanning the text again; it must find what words() finds.
  const word = (w: { start: number; end: number; text: string }) => [w.start, w.end, w.text];
  test('sentenceWords joins the tokens that words() keeps together (the text normalised: it’s → it\'s)', () => {
    const doc = prepare("Rock'n'roll's so-called 'ninety-9' fans in the '90s: it’s 1,000-strong. L'Oréal's İzmir-based CEO-elect.");
    expect(doc.sentences.map((s) => sentenceWords(doc, s.index).map((w) => w.text))).toEqual([
      ["Rock'n'roll's", 'so-called', 'ninety-9', 'fans', 'in', 'the', '90s', "it's", '1,000-strong'],
      ["L'Oréal's", 'İzmir-based', 'CEO-elect'],
    ]);
  });
  test('sentenceWords equals words() of each sentence, with forms', () => {
    const piece = fc.constantFrom('a', 'B', '7', ' ', "'", '’', '-', ',', '.', '. ', '\n', 'é', 'İ', 'Σ', '“', '—', '😀', 'ﬁ', 'Mr', 'It');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const doc = prepare(parts.join(''));
        for (const s of doc.sentences) {
          const got = sentenceWords(doc, s.index);
          const want = words(doc.norm, s.start, s.end);
          expect(got.map(word)).toEqual(want.map(word));
          expect(got.map((w) => w.lower)).toEqual(want.map((w) => w.text.toLowerCase()));
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('properties', () => {
  const piece = fc.constantFrom('“', '”', '"', '‘', '’', "'", '«', '»', '„', ' ', '\n', '. ', 'ﬁ', 'It’s', 'Mr Biden said', 'a', 'Kyiv', '\u00a0', '—');
  test('every quotation span is the caller’s own text, inside the marks, and quotations do not overlap', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const doc = prepare(text);
        const qs = extractQuotes(doc);
        let last = -1;
        for (const q of qs) {
          const span = toSpan(doc, q.start, q.end);
          expect(text.slice(span.start, span.end)).toBe(span.text);
          expect(span.text.trim()).toBe(span.text);
          expect(span.text.length).toBeGreaterThan(0);
          expect(q.start).toBeGreaterThan(last);
          last = q.end;
        }
      }),
      { numRuns: 500 },
    );
  });
});
