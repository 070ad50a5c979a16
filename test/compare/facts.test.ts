import fc from 'fast-check';
import { compareNames, compareNumbers, editDistance, nameRelation, transliterationKey } from '../../src/compare/facts';
import { extractQuotes } from '../../src/compare/quotes';
import { prepare } from '../../src/text/prepare';
import type { AlignedGroup, Finding } from '../../src/types';

/** Original and candidate of one sentence each, aligned 1:1, compared with `fn`. */
function oneToOne(
  fn: typeof compareNames,
  original: string,
  candidate: string,
): Array<Pick<Finding, 'severity' | 'message'> & { original: string; candidate: string }> {
  const a = prepare(original);
  const b = prepare(candidate);
  const groups: AlignedGroup[] = [];
  const n = Math.min(a.sentences.length, b.sentences.length);
  for (let k = 0; k < n; k++) groups.push({ original: [k], candidate: [k], similarity: 0.5, kind: 'paraphrase' });
  return fn(a, b, groups, extractQuotes(a), extractQuotes(b)).map((f) => {
    expect(original.slice(f.original!.start, f.original!.end)).toBe(f.original!.text);
    expect(candidate.slice(f.candidate!.start, f.candidate!.end)).toBe(f.candidate!.text);
    return { severity: f.severity, message: f.message, original: f.original!.text, candidate: f.candidate!.text };
  });
}

describe('editDistance', () => {
  test.each([
    ['gladkov', 'klatkov', 2],
    ['davies', 'davis', 1],
    ['74', '47', 1], // one transposition
    ['', 'abc', 3],
    ['same', 'same', 0],
  ])('%s / %s → %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
  test('stops early past the limit', () => {
    expect(editDistance('abcdefgh', 'zyxwvuts', 2)).toBe(3);
  });
});

describe('nameRelation', () => {
  test.each([
    ['kyiv', 'kiev', 'variant'],
    ['zelenskiy', 'zelensky', 'variant'],
    ['zelenskyy', 'zelensky', 'variant'],
    ['zaporizhzhia', 'zaporizhia', 'variant'],
    ['gladkov', 'klatkov', 'misspelt'],
    ['davies', 'davis', 'misspelt'],
    ['kitamura', 'kitamora', 'misspelt'],
    ['lissavetzky', 'lisavetsky', 'variant'], // ss→s and tz→ts are romanisation habits
    ['tomasz', 'tomas', 'misspelt'],
    ['russia', 'russian', undefined], // a derived word, not a misspelling
    ['kenya', 'kenyan', undefined],
    ['germany', 'german', undefined], // a country in -y and its people
    ['france', 'french', undefined], // a place and its people that no ending relates
    ['zealand', 'zealander', undefined],
    ['italy', 'italian', undefined],
    ['hungary', 'hungarian', undefined],
    ['goldman', 'goldmann', 'variant'], // an n doubled after a consonant is no derivation (a doubled letter: the transliteration key)
    ['american', 'americans', undefined],
    ['biden', 'putin', undefined],
    ['smith', 'jones', undefined],
    ['graeme', 'graham', 'misspelt'], // three letters apart, the same sound
    ['stephen', 'steven', 'misspelt'],
    ['grant', 'graham', undefined], // three letters apart, another sound
    ['lloyd', 'floyd', undefined], // the same sound after another first letter
  ] as const)('%s / %s → %s', (a, b, rel) => {
    expect(nameRelation(a, b)).toBe(rel);
  });
  test('the transliteration key folds y/i endings and doubled letters', () => {
    expect(transliterationKey('Kyiv')).toBe(transliterationKey('Kiev'));
    expect(transliterationKey('Kharkiv')).not.toBe(transliterationKey('Kharkov'));
  });
});

describe('compareNames', () => {
  test('a misspelt surname in an aligned sentence (medium)', () => {
    expect(oneToOne(compareNames, 'The governor, Vyacheslav Gladkov, declared an emergency.', 'Governor Vyacheslav Klatkov declared a state of emergency.')).toEqual([
      { severity: 'medium', message: 'Name altered: Gladkov → Klatkov', original: 'Gladkov', candidate: 'Klatkov' },
    ]);
  });
  test('a transliteration variant is low, the possessive stays out of the span', () => {
    expect(oneToOne(compareNames, 'Putin said it would improve Kyiv’s position.', 'Putin said it would strengthen Kiev’s hand.')).toEqual([
      { severity: 'low', message: 'Name spelt differently (transliteration): Kyiv → Kiev', original: 'Kyiv', candidate: 'Kiev' },
    ]);
  });
  test('a first name spelt another way that sounds the same, at the start of a sentence', () => {
    expect(oneToOne(compareNames, 'Newcastle boss Graeme Souness has reopened his dispute with Craig Bellamy.', 'Graham Souness has revived his feud with Craig Bellamy.')).toEqual([
      { severity: 'medium', message: 'Name altered: Graeme → Graham', original: 'Graeme', candidate: 'Graham' },
    ]);
  });
  test('a sentence-initial first name before a surname is a name', () => {
    expect(oneToOne(compareNames, 'Local councillor Tomasz Wielicki said the cuts were wrong.', 'Tomas Wielicki, a councillor, called the cuts wrong.')).toEqual([
      { severity: 'medium', message: 'Name altered: Tomasz → Tomas', original: 'Tomasz', candidate: 'Tomas' },
    ]);
  });
  test.each([
    ['a different but related word', 'Greece sent its team to Athens.', 'The Greek team went to Athens. Greece paid.'],
    ['a name the original uses elsewhere', 'Biden spoke first. Putin answered.', 'Putin answered. Biden spoke first.'],
    ['a name inside a quotation', 'He said it was “a Gladkov problem” today.', 'He said it was “a Klatkov problem” today.'],
    ['the same names', 'Joe Biden met Olaf Scholz in Berlin.', 'In Berlin, Joe Biden held talks with Olaf Scholz.'],
    ['a country and its people', 'Dairies in Denmark and Germany make the cheese.', 'Danish and German dairies make the cheese too.'],
    ['a country and its people, irregular', 'Exports from France rose sharply in the quarter.', 'Sales of French goods abroad rose sharply in the quarter.'],
    [
      'a new name beside a name kept in a derived form',
      'Mr Bell moved to the US to run operations in Asia, Africa and the Middle East.',
      'Mr Bell moved to America to run the Asian, African and Middle Eastern businesses.',
    ],
  ])('no finding: %s', (_name, original, candidate) => {
    expect(oneToOne(compareNames, original, candidate)).toEqual([]);
  });
});

describe('compareNumbers', () => {
  test.each([
    ['a swapped number', 'Kyiv said it had taken 74 settlements.', 'Kyiv claimed 47 settlements.', ['74 → 47']],
    ['money with a multiplier', 'The show earned $85m for the network.', 'The network made $58m from the show.', ['$85m → $58m']],
    ['a percentage', 'Some 67% of viewers voted him out.', 'He was evicted with 76% of the vote.', ['67% → 76%']],
    ['thousands with a currency sign', 'It was fined £45,000 last year.', 'Last year it paid a £54,000 fine.', ['£45,000 → £54,000']],
    ['a percentage beside the same number as a count elsewhere', 'Nanjing wants a 20% stake. The talks took 25 days.', 'Nanjing seeks a 25% share. The talks took 25 days.', ['20% → 25%']],
    ['per cent written out, changed', 'Sales rose 9 per cent in June.', 'Sales were up 12% in June.', ['9 → 12%']],
    ['a number of a score', 'Mirza beat Kostanic 6-7 6-4 6-1 in the second round.', 'In the second round Mirza beat Kostanic 6-7 6-4 6-3.', ['1 → 3']],
    ['a share in words changed', 'One in five adults still smoke.', 'Some 25% of adults still smoke.', ['One in five → 25%']],
    ['a zero added to a large number', 'The agency counted 7,000 more jobless people.', 'Another 70,000 people were out of work, the agency said.', ['7,000 → 70,000']],
    ['a decimal point moved in money', 'Its profit was $4.1m last year.', 'Last year it made $41m.', ['$4.1m → $41m']],
    ['a number word beside the same word in a name', 'The bombs killed seven people, and the Maguire Seven were jailed.', 'The bombs left five people dead, and the Maguire Seven were jailed.', ['seven → five']],
    ['a conversion with its digits swapped', 'It will pay $1.1bn (£568m) to victims.', 'Victims will get $1.1bn (£586m).', ['£568m → £586m']],
    ['a conversion with a leading digit changed', 'The lake is 28km (17 miles) long.', 'The lake stretches 28km (27 miles).', ['17 → 27']],
  ])('%s', (_name, original, candidate, messages) => {
    expect(oneToOne(compareNumbers, original, candidate).map((f) => f.message)).toEqual(messages.map((m) => `Number altered: ${m}`));
  });
  test.each([
    ['unit reworded', 'Villages about 26 to 28km from the border.', 'Villages roughly 26 to 28 kilometres from the border.'],
    ['a conversion in brackets removed', 'Villages 26 to 28km (16 to 17 miles) away.', 'Villages 26 to 28 kilometres away.'],
    ['a conversion in brackets added', 'The crossing is 12km long.', 'The crossing is 12km (7.5 miles) long.'],
    ['a conversion rounded', 'The crossing is 12km (7.5 miles) long.', 'The crossing is 12km (7 miles) long.'],
    ['a conversion range rounded differently', 'Villages 26 to 28km (16 to 17 miles) away.', 'Villages 26 to 28km (16 to 18 miles) away.'],
    ['number words', 'Six men attacked him; twenty-five people watched.', 'He was set upon by 6 men while 25 people looked on.'],
    ['per cent written out', 'Sales rose 9% in June.', 'Sales were up 9 per cent in June.'],
    ['a million written out', 'It cost $3.2m to build.', 'Building it cost $3.2 million.'],
    ['a number left out', 'He spent an extra 24 hours in Nairobi in 2004.', 'He was held up in Nairobi.'],
    ['a year and a count do not pair', 'The orchestra was founded in 1921.', 'The orchestra is almost 100 years old.'],
    ['far apart in size', 'The firm has 112 outlets.', 'The firm has 4 outlets abroad.'],
    ['a share written as a percentage', 'The share of surfers using it fell below 90%.', 'Fewer than nine in ten surfers now use it.'],
    ['a share out of a number', 'Two out of three voters backed it.', 'It was backed by 67% of voters.'],
    ['the same value with its unit lost', 'Christians make up about two per cent of the people.', 'About two of the people are Christians.'],
    ['a score and a count', 'Martinez beat Asagoe 6-4 6-1 on Monday.', 'On Monday Martinez needed only two sets to beat Asagoe.'],
    ['a small number ten times another', 'It was his 20th race in the series.', 'He has raced in the series two times a year.'],
    ['a number inside a quotation', 'He said: “We took 74 villages.”', 'He said: “We took 47 villages.”'],
  ])('no finding: %s', (_name, original, candidate) => {
    expect(oneToOne(compareNumbers, original, candidate)).toEqual([]);
  });
  // Each number word compareNumbers reads, changed to the next value in digits: it must be read as its value.
  const numberWords = 'two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety';
  test.each(numberWords.split(' ').map((w, k) => [w, k < 19 ? k + 3 : 30 + 10 * (k - 19) + 1]))('number word %s → %d', (word, next) => {
    expect(oneToOne(compareNumbers, `It took ${word} days to cross.`, `The crossing took ${next} days.`).map((f) => f.message)).toEqual([`Number altered: ${word} → ${next}`]);
  });
  test('"one" counts inside a run (forty-one is 41, two hundred and one is 201), not alone', () => {
    expect(oneToOne(compareNumbers, 'It took forty-one days to cross.', 'The crossing took 40 days.').map((f) => f.message)).toEqual(['Number altered: forty-one → 40']);
    expect(oneToOne(compareNumbers, 'It took forty-one days to cross.', 'The crossing took 41 days.')).toEqual([]);
    expect(oneToOne(compareNumbers, 'He owns two hundred and one cars.', 'He owns 210 cars.').map((f) => f.message)).toEqual(['Number altered: two hundred and one → 210']);
    expect(oneToOne(compareNumbers, 'One of the nine men left.', 'One of the 6 men left.').map((f) => f.message)).toEqual(['Number altered: nine → 6']);
  });
  test('number words in a run: hundred and a hyphenated pair', () => {
    expect(oneToOne(compareNumbers, 'A crew of two hundred and forty-two men.', 'A crew of 224 men.').map((f) => f.message)).toEqual([
      'Number altered: two hundred and forty-two → 224',
    ]);
  });
  test('an unaligned neighbour of a group takes part, paired only with the other side\'s own sentences', () => {
    // Original 1 was merged into candidate 0 with its number changed: too few words left to align it.
    const a = prepare('The council expects a hard season. It is cutting 1,400 jobs to save money. Fares will rise by 30 pence.');
    const b = prepare('With 4,100 posts going, the council is bracing for a hard season. Fares are going up by 1,500 pence.');
    const merged: AlignedGroup = { original: [0], candidate: [0], similarity: 0.4, kind: 'paraphrase' };
    const fares: AlignedGroup = { original: [2], candidate: [1], similarity: 0.4, kind: 'paraphrase' };
    // Original 1 borders both groups, each with a new value: its value is paired once, by the first group.
    const found = compareNumbers(a, b, [merged, fares], [], []);
    expect(found.map((f) => f.message)).toEqual(['Number altered: 1,400 → 4,100']);
    expect(found[0]!.original).toMatchObject({ text: '1,400', start: a.text.indexOf('1,400') });
    // Once a group holds the sentence it is no neighbour: the first group no longer reaches its value.
    const own: AlignedGroup = { original: [1], candidate: [1], similarity: 0.2, kind: 'paraphrase' };
    expect(compareNumbers(a, b, [merged, own], [], []).map((f) => f.message)).toEqual(['Number altered: 1,400 → 1,500']);
    // A neighbour on each side is never paired with the other neighbour: neither sentence is part of a group.
    const c = prepare('The sun shone. It cost 74 pounds. The end came.');
    const d = prepare('It was sunny. The price was 47 pounds. It ended.');
    expect(compareNumbers(c, d, [{ original: [0], candidate: [0], similarity: 0.5, kind: 'paraphrase' }], [], [])).toEqual([]);
  });
  test('only aligned sentences and their unaligned neighbours are compared', () => {
    const a = prepare('Kyiv took 74 settlements. The weather was fine.');
    const b = prepare('The sun shone. Kyiv seized 47 settlements.');
    expect(compareNumbers(a, b, [{ original: [1], candidate: [0], similarity: 0.3, kind: 'paraphrase' }], [], [])).toEqual([]);
    expect(compareNumbers(a, b, [{ original: [0], candidate: [1], similarity: 0.5, kind: 'paraphrase' }], [], []).map((f) => f.message)).toEqual([
      'Number altered: 74 → 47',
    ]);
  });
  test('spans are the caller’s text for any digits', () => {
    fc.assert(
      fc.property(fc.nat(100000), fc.nat(100000), (x, y) => {
        const original = `The firm has ${x} staff.`;
        const candidate = `The firm employs ${y} staff.`;
        for (const f of oneToOne(compareNumbers, original, candidate)) {
          expect(f.original).toBe(String(x));
          expect(f.candidate).toBe(String(y));
        }
      }),
      { numRuns: 200 },
    );
  });
});
