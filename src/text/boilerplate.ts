/**
 * Boilerplate marking: the parts of a scraped page that are not the article.
 *
 * Marked sentences stay in the document (offsets never shift) but are kept
 * out of scores, alignment, added/dropped lists and findings. What counts:
 * - link and widget lines: "Read more:", "See also", "Listen to this article",
 *   "Loading audio...", share-button words (Share, Condividi, Tweet…);
 * - photo captions: a sentence followed by a "Picture:" / "Photograph:" /
 *   "Photo:" / "(credit: …)" credit, the credit itself, and a line that
 *   repeats a caption (scrapers often print the caption twice);
 * - wire credits and copyright: "– Reuters", "Copyright Thomson Reuters 2024",
 *   "© …", "All rights reserved";
 * - a leading ` date YYYY-MM-DD` stamp, bylines ("By Kit Heren") and
 *   datelines with a time ("14 August 2024, 05:28 | Updated: …");
 * - short lines of one to three words with no sentence punctuation
 *   (navigation, section labels such as "Latest article").
 */
import type { Segment } from './segment';

const LINE_PREFIX = /^(read more|see also|related|more on this|listen to this article|loading audio|advertisement|sponsored|recommended|watch|most read)\b/i;
const SHARE_WORDS = new Set([
  'share', 'shares', 'condividi', 'compartir', 'partager', 'teilen', 'delen', 'tweet', 'email', 'e-mail', 'print',
  'facebook', 'twitter', 'x', 'whatsapp', 'linkedin', 'reddit', 'pinterest', 'telegram', 'copy', 'link', 'save',
  'this', 'article', 'on', 'via', 'comments', 'comment',
]);
const CREDIT = /^(picture|photograph|photo|image|photos|pictures|credit|source|video)\s*:/i;
const PAREN_CREDIT = /^\((?:(?:credit|photo|picture|image)\s*:|(?:ap|afp|reuters|getty|epa|pa|upi)\b)[^)]*\)\.?$/i;
const WIRE = /^-?\s*\(?(reuters|ap|afp|pa|bloomberg|dpa|ansa|efe|upi|xinhua|tass|cnn|bbc)\)?\.?$/i;
const COPYRIGHT = /^(copyright\b|©|\(c\)\s|all rights reserved)/i;
const DATE_STAMP = /^date \d{4}-\d{2}-\d{2}$/;
const BYLINE = /^by( [\p{Lu}][\p{L}'-]+){1,4}$/u;
const TIME = /\b\d{1,2}:\d{2}\b/;
const TERMINAL = /[.!?…"”’»:]$/;

function words(s: string): string[] {
  return s.split(/[\s|,;:·•]+/).filter((w) => w !== '');
}

/** Whether a code unit separates words for {@link words}: JavaScript's `\s`, `|`, `,`, `;`, `:`, `·`, `•`. */
function isSeparator(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x7c || c === 0x2c || c === 0x3b || c === 0x3a;
  return (
    c === 0xa0 || c === 0xb7 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2022 || c === 0x2028 ||
    c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** `words(s).length`, counted without building the words, or `cap + 1` when there are more than `cap`. */
function countWords(s: string, cap: number): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const sep = isSeparator(s.charCodeAt(i));
    if (!sep && !inWord && ++count > cap) return count;
    inWord = !sep;
  }
  return count;
}

/** Whether a whole sentence is boilerplate by its own words. */
function ownBoilerplate(s: string, lineText: string): boolean {
  if (DATE_STAMP.test(s) || CREDIT.test(s) || PAREN_CREDIT.test(s) || WIRE.test(s) || COPYRIGHT.test(s)) return true;
  if (LINE_PREFIX.test(lineText)) return true;
  // Case mapping neither makes nor removes separators, so the count is that of the lower-cased words.
  const n = countWords(s, 12);
  if (n > 0 && n <= 6 && words(s.toLowerCase()).every((x) => SHARE_WORDS.has(x))) return true;
  if (s === lineText) {
    if (BYLINE.test(s)) return true;
    if (n <= 12 && TIME.test(s) && !TERMINAL.test(s)) return true;
    if (n <= 3 && !TERMINAL.test(s)) return true;
  }
  return false;
}

/**
 * Flag the boilerplate segments of normalised text.
 * @example
 * const text = 'Smoke over the city. Picture: Getty\nRead more: other story';
 * markBoilerplate(text, segment(text)); // [true, true, true]
 */
export function markBoilerplate(text: string, segments: readonly Segment[]): boolean[] {
  const flags = segments.map(() => false);
  const lineTexts = new Map<number, string>();
  const lineOf = (s: Segment): string => {
    let t = lineTexts.get(s.line);
    if (t === undefined) {
      let a = s.start;
      while (a > 0 && text[a - 1] !== '\n') a--;
      let b = text.indexOf('\n', s.end);
      if (b < 0) b = text.length;
      t = text.slice(a, b).trim();
      lineTexts.set(s.line, t);
    }
    return t;
  };
  const captions = new Set<string>();
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const s = text.slice(seg.start, seg.end);
    if (ownBoilerplate(s, lineOf(seg))) flags[i] = true;
    // A credit marks the sentence before it on the same line as a caption.
    if ((CREDIT.test(s) || PAREN_CREDIT.test(s)) && i > 0 && segments[i - 1]!.line === seg.line) {
      flags[i - 1] = true;
      captions.add(normalizeCaption(text.slice(segments[i - 1]!.start, segments[i - 1]!.end)));
    }
  }
  // A line that repeats a caption (the doubled caption of many scrapes).
  if (captions.size > 0) {
    for (let i = 0; i < segments.length; i++) {
      if (!flags[i] && captions.has(normalizeCaption(text.slice(segments[i]!.start, segments[i]!.end)))) flags[i] = true;
    }
  }
  return flags;
}

/**
 * A caption's comparison key: trailing dots, commas and white space dropped, lower-cased.
 * A loop rather than `replace(/[.,\s]+$/, '')`: that regular expression retries
 * from every position of a long run of dots or spaces that is not at the end
 * (". . . . x"), which is quadratic in the run's length.
 */
function normalizeCaption(s: string): string {
  let end = s.length;
  while (end > 0 && /[.,\s]/.test(s[end - 1]!)) end--;
  return s.slice(0, end).toLowerCase();
}
