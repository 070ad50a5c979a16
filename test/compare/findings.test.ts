import fc from 'fast-check';
import { compareDocs, spellingKey } from '../../src/compare/findings';
import { extractQuotes } from '../../src/compare/quotes';
import { prepare } from '../../src/text/prepare';
import type { AlignedGroup, Finding, Verdict } from '../../src/types';

/**
 * Compare two texts whose sentences are aligned as given (pairs of sentence
 * indices), checking every span against the caller's strings.
 */
function run(original: string, candidate: string, links: Array<[number[], number[]]>, verdict: Verdict = 'rewrite'): Finding[] {
  const a = prepare(original);
  const b = prepare(candidate);
  const groups: AlignedGroup[] = links.map(([o, c]) => ({ original: o, candidate: c, similarity: 0.5, kind: 'paraphrase' }));
  const findings = compareDocs(a, b, groups, verdict, { original: extractQuotes(a), candidate: extractQuotes(b) });
  for (const f of findings) {
    if (f.original) expect(original.slice(f.original.start, f.original.end)).toBe(f.original.text);
    if (f.candidate) expect(candidate.slice(f.candidate.start, f.candidate.end)).toBe(f.candidate.text);
  }
  return findings;
}
const brief = (fs: Finding[]) => fs.map((f) => `${f.kind} ${f.severity}: ${f.message}`);

describe('spellingKey', () => {
  test.each([
    ['apologise', 'apologize'],
    ['organised', 'organized'],
    ['organisation', 'organization'],
    ['colour', 'color'],
    ['centre', 'center'],
    ['programme', 'program'],
    ['travelled', 'traveled'],
    ['defence', 'defense'],
    ['analyse', 'analyze'],
    ['aeroplane', 'airplane'],
    ['aeroplanes', 'airplanes'],
    ['grey', 'gray'],
    ['Sceptical', 'skeptical'],
    ['practised', 'practiced'],
  ])('%s ~ %s', (a, b) => {
    expect(spellingKey(a)).toBe(spellingKey(b));
  });
  test('different words keep different keys', () => {
    expect(spellingKey('fund')).not.toBe(spellingKey('programme'));
    // Spellings that are also two different words are no variants.
    expect(spellingKey('cheque')).not.toBe(spellingKey('check'));
    expect(spellingKey('storey')).not.toBe(spellingKey('story'));
    // A plural's -s is kept off only for a listed word.
    expect(spellingKey('mus')).toBe('mus');
  });
  // Each rule's own ending, and words that end like a rule's pattern only in part (they keep their spelling).
  test.each([
    ['organisations', 'organizations'],
    ['analysing', 'analyzing'],
    ['colourful', 'colorful'],
    ['favourites', 'favorites'],
    ['theatres', 'theaters'],
    ['programmes', 'programs'],
    ['licences', 'licenses'],
    ['catalogues', 'catalogs'],
    ['travellers', 'travelers'],
    ['Centre', 'center'],
    ['wise', 'wize'],
    ['four', 'for'],
    ['tree', 'tree'],
    ['hall', 'hall'],
    ['ball', 'ball'],
    ['illness', 'illness'],
  ])('spellingKey(%s) = %s', (word, key) => {
    expect(spellingKey(word)).toBe(key);
  });
});

describe('compareDocs: altered quotations', () => {
  describe('a quotation split in two around its attribution', () => {
    const original = 'Harbour master Ines Calder said: “We are sorry for the trouble this causes. The quay has to be safe before the ferry can sail again.”';
    test('verbatim pieces are no finding', () => {
      expect(run(original, '“We are sorry for the trouble this causes,” harbour master Ines Calder said. “The quay has to be safe before the ferry can sail again.”', [[[0], [0, 1]]])).toEqual([]);
    });
    test('each reworded piece is an altered quotation, a verbatim piece is not, and no piece is added', () => {
      expect(
        brief(
          run(
            original,
            '“We are truly sorry for all the trouble this causes,” harbour master Ines Calder said. “The quay must be secure before the ferry can sail again.”',
            [[[0], [0, 1]]],
          ),
        ),
      ).toEqual([
        'altered-quote high: Quote altered (Ines Calder): “We are sorry for the trouble this causes. The quay has to be safe before the ferry can sail again.” → “We are truly sorry for all the trouble this causes,”',
        'altered-quote high: Quote altered (Ines Calder): “We are sorry for the trouble this causes. The quay has to be safe before the ferry can sail again.” → “The quay must be secure before the ferry can sail again.”',
      ]);
      expect(
        brief(run(original, '“We are sorry for the trouble this causes,” Ines Calder said. “The quay must be secure before the ferry can sail again.”', [[[0], [0, 1]]])),
      ).toEqual([
        'altered-quote high: Quote altered (Ines Calder): “We are sorry for the trouble this causes. The quay has to be safe before the ferry can sail again.” → “The quay must be secure before the ferry can sail again.”',
      ]);
    });
    test('verbatim pieces that leave words out alter the quotation', () => {
      expect(
        brief(run(original, '“We are sorry for the trouble,” Ines Calder said. “The quay has to be safe before the ferry can sail again.”', [[[0], [0, 1]]])).map((f) => f.split(':')[0]),
      ).toEqual(['altered-quote high']);
    });
    test('an invented quotation after a verbatim one of the same speaker is still added', () => {
      expect(
        brief(run(original, '“We are sorry for the trouble this causes. The quay has to be safe before the ferry can sail again,” Ines Calder said. “We expect the quay to be ready by spring.”', [[[0], [0, 1]]])),
      ).toEqual(['added-quote high: Quote added (Ines Calder): “We expect the quay to be ready by spring.”']);
    });
    test('a neighbour sharing one word with the rest of the quotation is no piece', () => {
      const next = '“The quay has to be safe before the ferry can sail again,” Ines Calder said. “The trouble will pass by spring.”';
      expect(brief(run(original, next, [[[0], [0, 1]]])).map((f) => f.split(':')[0]).sort()).toEqual(['added-quote high', 'altered-quote high']);
    });
    test('pieces far apart are separate quotations', () => {
      const far = '“We are truly sorry for all the trouble this causes,” Ines Calder said on Monday as the board met in the harbour office to plan the repairs for the winter. “The quay must be secure before the ferry can sail again.”';
      expect(brief(run(original, far, [[[0], [0, 1]]])).map((f) => f.split(':')[0]).sort()).toEqual(['added-quote high', 'altered-quote high']);
    });
  });
  test('a reworded quotation through the alignment, even with no word in common, is high', () => {
    expect(
      brief(
        run(
          'US president Joe Biden called the incursion a “real dilemma” for Putin.',
          'President Joe Biden described the offensive as a “spoken quandary” for Putin.',
          [[[0], [0]]],
        ),
      ),
    ).toEqual(['altered-quote high: Quote altered (Joe Biden): “real dilemma” → “spoken quandary”']);
  });
  test.each([
    ['British to US spelling', 'We apologise to the community,', 'We apologize to the community,', 'spelling or inflection only'],
    ['a whole-word British spelling', 'He probably has his own airplane seat by now,', 'He probably has his own aeroplane seat by now,', 'spelling or inflection only'],
    ['an irregular past tense', 'It takes a big leap for broadband and we are excited,', 'It took a big leap for broadband and we are excited,', 'spelling or inflection only'],
    ['an irregular participle', 'They have driven the price down,', 'They drive the price down,', 'spelling or inflection only'],
    ['an inflection', 'watching us make complete fools of ourselves', 'watching us making complete fools of ourselves', 'spelling or inflection only'],
    ['case', 'We Will Win the vote,', 'we will win the vote,', 'case or punctuation only'],
    ['inner punctuation', 'No, never again.', 'No - never again.', 'case or punctuation only'],
  ])('%s is low', (_name, q1, q2, note) => {
    const fs = run(`“${q1}” she said.`, `“${q2}” she said.`, [[[0], [0]]]);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.kind).toBe('altered-quote');
    expect(fs[0]!.severity).toBe('low');
    expect(fs[0]!.message.endsWith(`(${note})`)).toBe(true);
  });
  test('a negation added is a reversal, high, though "not" is a function word', () => {
    const fs = run('“I am confident the gallery will have another good year,” he said.', '“I am not confident the gallery will have another good year,” he said.', [[[0], [0]]]);
    expect(brief(fs)).toEqual([
      'altered-quote high: Quote altered: “I am confident the gallery will have another good year,” → “I am not confident the gallery will have another good year,”',
    ]);
    // The same negation written another way is still minor.
    expect(run('“We do not accept it,” he said.', '“We don’t accept it,” he said.', [[[0], [0]]]).map((f) => f.severity)).not.toContain('high');
  });
  test('another irregular verb is a changed word, high', () => {
    const fs = run('“We took the decision together,” she said.', '“We made the decision together,” she said.', [[[0], [0]]]);
    expect(brief(fs)).toEqual(['altered-quote high: Quote altered: “We took the decision together,” → “We made the decision together,”']);
  });
  test('a changed content word is high', () => {
    const fs = run('“We know this is a real blow,” said Helen Varga.', '“We know this is a real setback,” said Helen Varga.', [[[0], [0]]]);
    expect(brief(fs)).toEqual(['altered-quote high: Quote altered (Helen Varga): “We know this is a real blow,” → “We know this is a real setback,”']);
  });
  test('trailing punctuation inside the marks and mark style are not changes', () => {
    expect(run('“Safety has to come first,” she said.', 'She said: ‘Safety has to come first.’', [[[0], [0]]])).toEqual([]);
  });
  test('a verbatim quotation that moved to an unaligned sentence is still verbatim', () => {
    expect(run('The ferry runs twice a day. “It is a lifeline,” he said.', 'He said: “It is a lifeline.” The boat sails twice daily.', [[[0], [1]]])).toEqual([]);
  });
  test('two quotations of one sentence pair by word overlap', () => {
    const fs = run(
      'She called it “gutless” and a “complete u-turn” in a statement.',
      'She said it was a “complete u-turn” and “cowardly” in a statement.',
      [[[0], [0]]],
    );
    expect(brief(fs)).toEqual(['altered-quote high: Quote altered: “gutless” → “cowardly”']);
  });
});

describe('compareDocs: unquoted, dropped and added quotations', () => {
  test('a quotation the candidate keeps as a headline in marks is neither unquoted nor dropped', () => {
    const original = 'The Sun ran the photograph under the headline: "Harry the Nazi." Aides were furious.';
    const candidate = 'The Sun printed the picture under the headline "Harry the Nazi". Aides were angry.';
    expect(run(original, candidate, [[[0], [0]], [[1], [1]]])).toEqual([]);
  });
  describe('a quotation folded into its neighbours\' paraphrase', () => {
    const original =
      'Lycos Europe scrapped the screensaver scheme on Friday. "There is nothing to suggest that the screensaver has brought down any of the sites," it said. The company said the idea was to slow spammers down.';
    const candidate = 'Lycos Europe dropped its screensaver scheme on Friday, saying there was no sign it had knocked any sites offline. The firm said its aim was to slow the spammers.';
    test('in a rewrite, between two aligned sentences, it is unquoted, with the neighbour sentence sharing its words', () => {
      const fs = run(original, candidate, [[[0], [0]], [[2], [1]]]);
      expect(fs.map((f) => [f.kind, f.candidate?.text.slice(0, 20)])).toEqual([['unquoted-quote', 'Lycos Europe dropped']]);
    });
    test('in a near copy it is dropped', () => {
      expect(run(original, candidate, [[[0], [0]], [[2], [1]]], 'duplicate').map((f) => f.kind)).toEqual(['dropped-quote']);
    });
    test('with the sentence after it left out it is dropped', () => {
      const first = 'Lycos Europe dropped its screensaver scheme on Friday, saying there was no sign it had knocked any sites offline.';
      expect(run(original, first, [[[0], [0]]]).map((f) => f.kind)).toEqual(['dropped-quote']);
    });
    test('when no neighbour sentence shares a word with it, it is dropped', () => {
      const other = 'Lycos Europe dropped the scheme on Friday. The firm said its aim was to slow the spammers.';
      expect(run(original, other, [[[0], [0]], [[2], [1]]]).map((f) => f.kind)).toEqual(['dropped-quote']);
    });
  });
  const original = 'Russian troops were “pinning down” Kyiv soldiers. The governor said the situation was calm. “We will rebuild,” the mayor said.';
  test('quoted words gone from an aligned sentence: unquoted-quote with the paraphrasing sentence', () => {
    const candidate = 'Russian troops are holding down Kyiv fighters. The mayor said the town would be rebuilt.';
    expect(brief(run(original, candidate, [[[0], [0]], [[2], [1]]]))).toEqual([
      'unquoted-quote medium: Quote turned into indirect speech: “pinning down”',
      'unquoted-quote medium: Quote turned into indirect speech: “We will rebuild,”',
    ]);
    const fs = run(original, candidate, [[[0], [0]], [[2], [1]]]);
    expect(fs[0]!.candidate!.text).toBe('Russian troops are holding down Kyiv fighters.');
    expect(fs[1]!.candidate!.text).toBe('The mayor said the town would be rebuilt.');
  });
  test('a quotation whose sentence has no counterpart: dropped-quote (low)', () => {
    const candidate = 'Russian troops are holding down Kyiv fighters. The governor described the situation as calm.';
    const fs = run(original, candidate, [[[0], [0]], [[1], [1]]]);
    expect(brief(fs)).toEqual([
      'unquoted-quote medium: Quote turned into indirect speech: “pinning down”',
      'dropped-quote low: Quote dropped: “We will rebuild,”',
    ]);
  });
  test('a quotation with no source: added-quote, high for a rewrite', () => {
    const o = 'The orchestra was saved by a donor. “It changed everything,” said Martin Osei.';
    const c = 'A donor saved the orchestra. “It changed everything,” said Martin Osei. “The future is bright,” he added.';
    expect(brief(run(o, c, [[[0], [0]], [[1], [1]]]))).toEqual(['added-quote high: Quote added (Martin Osei): “The future is bright,”']);
  });
  test('marks put around words the original already has are not an added quotation', () => {
    const o = 'The orchestra said the gift changed everything.';
    const c = 'The orchestra said the gift “changed everything”.';
    expect(run(o, c, [[[0], [0]]])).toEqual([]);
  });
  test('headlines and nicknames in marks are not speech', () => {
    const o = 'A blogger who goes by the name “Rybar” said troops were advancing.';
    const c = '“Troops Advance, Blogger Says”\n\nBlogger “Rybar” stated that troops were moving forward.';
    expect(run(o, c, [[[0], [1]]])).toEqual([]);
  });
});

describe('compareDocs: verdicts', () => {
  const o = 'Mr Biden said it was “creating a real dilemma for Putin”. Officials said “nothing was planned”.';
  const c = 'Joe Biden said the attack was “creating a real embarrassment for Putin”. The White House said “we knew nothing”.';
  test('unrelated: no findings', () => {
    expect(run(o, c, [[[0], [0]]], 'unrelated')).toEqual([]);
  });
  test('related: only a variant of the same speaker’s quotation, no added or dropped flood', () => {
    expect(brief(run(o, c, [], 'related'))).toEqual([
      'altered-quote high: Quote altered (Mr Biden): “creating a real dilemma for Putin” → “creating a real embarrassment for Putin”',
    ]);
  });
  test('related: a change of case or punctuation alone is house style, not a finding', () => {
    const c2 = 'Joe Biden said the attack was “Creating a real dilemma for Putin!”';
    expect(run(o, c2, [], 'related')).toEqual([]);
    expect(run(o, c2, [[[0], [0]]], 'rewrite').map((f) => `${f.kind} ${f.severity}`)).toEqual(['altered-quote low', 'dropped-quote low']);
  });
  test('related: a fragment of the same quotation is not an alteration', () => {
    const c2 = 'Joe Biden said the attack was “creating a real dilemma”.';
    expect(run(o, c2, [], 'related')).toEqual([]);
  });
});

describe('compareDocs on hostile input', () => {
  test('thousands of different quotations in one aligned 100 KB sentence on each side', () => {
    let original = '';
    let candidate = '';
    for (let i = 0; i < 3000; i++) {
      original += `He said "alpha${i} beta${i}" and `;
      candidate += `She said "gamma${i} delta${i}" and `;
    }
    const fs = run(original, candidate, [[[0], [0]]]);
    expect(fs.length).toBeGreaterThan(3000);
    expect(fs.every((f) => f.kind === 'altered-quote' || f.kind === 'unquoted-quote' || f.kind === 'added-quote')).toBe(true);
  });
  test('a quotation holding a long run of full stops', () => {
    const text = 'Biden said “' + '. '.repeat(200_000) + 'x”.';
    expect(run(text, text, [[[0], [0]]])).toEqual([]);
  });
  test('100,000 identical quotations pair up verbatim', () => {
    const text = '"a b" '.repeat(100_000);
    expect(run(text, text, [[[0], [0]]])).toEqual([]);
  });
});

describe('compareDocs: order and spans', () => {
  test('findings come in candidate order, names and numbers included for a rewrite', () => {
    const o = 'Kyiv took 74 settlements, said Gladkov. “It is extremely difficult,” Gladkov said.';
    const c = '“It is very difficult,” Klatkov said. Klatkov said Kyiv took 47 settlements.';
    const fs = run(o, c, [[[0], [1]], [[1], [0]]]);
    expect(fs.map((f) => f.kind)).toEqual(['altered-quote', 'altered-name', 'altered-name', 'altered-number']);
    const starts = fs.map((f) => f.candidate!.start);
    expect([...starts].sort((x, y) => x - y)).toEqual(starts);
  });
  test('property: every reported span is the caller’s text', () => {
    const sentence = fc
      .array(fc.constantFrom('Kyiv', 'Kiev', 'said', 'Gladkov', 'Klatkov', '74', '47', '“', '”', '‘', '’', '"', 'real', 'dilemma', 'ﬁne', ' ', 'It’s'), { minLength: 1, maxLength: 12 })
      .map((ws) => ws.join(' ') + '.');
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 5 }), fc.array(sentence, { minLength: 1, maxLength: 5 }), fc.constantFrom<Verdict>('rewrite', 'related', 'duplicate'), (os, cs, verdict) => {
        const original = os.join(' ');
        const candidate = cs.join('\n');
        const a = prepare(original);
        const b = prepare(candidate);
        const groups: AlignedGroup[] = [];
        for (let k = 0; k < Math.min(a.sentences.length, b.sentences.length); k++) groups.push({ original: [k], candidate: [k], similarity: 0.5, kind: 'paraphrase' });
        for (const f of compareDocs(a, b, groups, verdict, { original: extractQuotes(a), candidate: extractQuotes(b) })) {
          if (f.original) expect(original.slice(f.original.start, f.original.end)).toBe(f.original.text);
          if (f.candidate) expect(candidate.slice(f.candidate.start, f.candidate.end)).toBe(f.candidate.text);
          expect(f.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
