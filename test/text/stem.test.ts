import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stemmer } from 'stemmer';
import { porterStem } from '../../src/text/stem';

describe('porterStem', () => {
  // Porter (1980), the examples of each step, with the stems the paper gives.
  test.each([
    ['caresses', 'caress'], ['ponies', 'poni'], ['ties', 'ti'], ['caress', 'caress'], ['cats', 'cat'],
    ['feed', 'feed'], ['agreed', 'agre'], ['plastered', 'plaster'], ['bled', 'bled'], ['motoring', 'motor'],
    ['sing', 'sing'], ['conflated', 'conflat'], ['troubled', 'troubl'], ['sized', 'size'], ['hopping', 'hop'],
    ['tanned', 'tan'], ['falling', 'fall'], ['hissing', 'hiss'], ['fizzed', 'fizz'], ['failing', 'fail'],
    ['filing', 'file'], ['happy', 'happi'], ['sky', 'sky'], ['relational', 'relat'], ['conditional', 'condit'],
    ['rational', 'ration'], ['valenci', 'valenc'], ['digitizer', 'digit'], ['radicalli', 'radic'],
    ['differentli', 'differ'], ['vietnamization', 'vietnam'], ['predication', 'predic'], ['operator', 'oper'],
    ['feudalism', 'feudal'], ['decisiveness', 'decis'], ['hopefulness', 'hope'], ['callousness', 'callous'],
    ['formaliti', 'formal'], ['sensitiviti', 'sensit'], ['sensibiliti', 'sensibl'], ['triplicate', 'triplic'],
    ['formative', 'form'], ['formalize', 'formal'], ['electriciti', 'electr'], ['electrical', 'electr'],
    ['hopeful', 'hope'], ['goodness', 'good'], ['revival', 'reviv'], ['allowance', 'allow'], ['inference', 'infer'],
    ['airliner', 'airlin'], ['gyroscopic', 'gyroscop'], ['adjustable', 'adjust'], ['defensible', 'defens'],
    ['irritant', 'irrit'], ['replacement', 'replac'], ['adjustment', 'adjust'], ['dependent', 'depend'],
    ['adoption', 'adopt'], ['homologou', 'homolog'], ['communism', 'commun'], ['activate', 'activ'],
    ['angulariti', 'angular'], ['homologous', 'homolog'], ['effective', 'effect'], ['bowdlerize', 'bowdler'],
    ['probate', 'probat'], ['rate', 'rate'], ['cease', 'ceas'], ['controll', 'control'], ['roll', 'roll'],
    ['generalizations', 'gener'], ['oscillators', 'oscil'],
    // A leading y is a consonant; a y after a consonant is a vowel.
    ['yelling', 'yell'], ['youth', 'youth'], ['syzygy', 'syzygi'],
    // Shorter than three letters: unchanged.
    ['as', 'as'], ['is', 'is'],
  ])('%s → %s', (word, expected) => {
    expect(porterStem(word)).toBe(expected);
  });

  // The stems must stay those of the `stemmer` package the pipeline used before, or every report changes.
  test('the same stems as the stemmer package on every word of the seed texts', () => {
    const dir = join(__dirname, '../../fixtures/seeds');
    const words = new Set<string>();
    for (const f of ['000_a267aa29c8143298.txt', '001_04a6fa0171dea636.txt', '002_345e56f4d08bf12d.txt']) {
      for (const w of readFileSync(join(dir, f), 'utf8').toLowerCase().match(/[a-z]+/g) ?? []) words.add(w);
    }
    expect(words.size).toBeGreaterThan(500);
    for (const w of words) expect([w, porterStem(w)]).toEqual([w, stemmer(w)]);
  });

  test('the same stems as the stemmer package on words built from suffixes and y', () => {
    const piece = fc.constantFrom(
      'a', 'e', 'i', 'o', 'u', 'y', 'b', 'l', 's', 'z', 'w', 'x', 't', 'c', 'ss', 'ies', 'sses', 'eed', 'ed', 'ing',
      'at', 'bl', 'iz', 'ational', 'tional', 'enci', 'anci', 'izer', 'bli', 'alli', 'entli', 'eli', 'ousli', 'ization',
      'ation', 'ator', 'alism', 'iveness', 'fulness', 'ousness', 'aliti', 'iviti', 'biliti', 'logi', 'icate', 'ative',
      'alize', 'iciti', 'ical', 'ful', 'ness', 'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment',
      'ent', 'ou', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion', 'sion', 'tion', 'll', 'yy', 'ay', 'ya',
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (pieces) => {
        const w = pieces.join('');
        expect(porterStem(w)).toBe(stemmer(w));
      }),
      { seed: 6, numRuns: 20000 },
    );
  });
});
