/**
 * The text stages in one call: normalize → segment → mark boilerplate → tokenize.
 */
import { normalize, toCaller } from './normalize';
import { segment } from './segment';
import { markBoilerplate } from './boilerplate';
import { tokenize } from './tokenize';
import type { Doc, Sentence, TextSpan } from '../types';

/**
 * Build the document model of `text`.
 * @example
 * const doc = prepare('Kyiv said it took 74 settlements. Read more: elsewhere');
 * doc.sentences.length; // 2
 */
export function prepare(text: string): Doc {
  const { norm, map } = normalize(text);
  const segments = segment(norm);
  const boiler = markBoilerplate(norm, segments);
  const tokens = tokenize(norm, segments);
  const sentences: Sentence[] = segments.map((s, index) => ({
    index,
    start: s.start,
    end: s.end,
    tokenStart: 0,
    tokenEnd: 0,
    boilerplate: boiler[index]!,
    line: s.line,
  }));
  let k = 0;
  for (const s of sentences) {
    while (k < tokens.length && tokens[k]!.sentence < s.index) k++;
    s.tokenStart = k;
    while (k < tokens.length && tokens[k]!.sentence === s.index) k++;
    s.tokenEnd = k;
  }
  return { text, norm, map, sentences, tokens };
}

/**
 * The caller's span for the normalised range `[ns, ne)` of `doc`.
 * @example
 * const doc = prepare('It’s “real”.');
 * spanOf(doc, 6, 10).text; // "real"
 */
export function spanOf(doc: Doc, ns: number, ne: number): TextSpan {
  const [start, end] = toCaller(doc.map, ns, ne);
  return { start, end, text: doc.text.slice(start, end) };
}
