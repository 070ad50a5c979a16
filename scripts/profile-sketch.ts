/**
 * Profile and check the sketch stage (MinHash signatures from raw text).
 *
 *   npx tsx scripts/profile-sketch.ts time [rounds]            CPU time per stage (µs per 750-word article)
 *   npx tsx scripts/profile-sketch.ts digest                   SHA-256 of every signature and shingle set of a fixed input
 *   npx tsx scripts/profile-sketch.ts compare <tree> [rounds]  sketch() of another checkout against this one
 *
 * `compare` loads `<tree>/src/sketch/{minhash,features}.ts` (e.g. `git archive <commit> | tar -x -C /tmp/base`,
 * with node_modules linked) beside this tree's, checks that both give the same signatures on the
 * 200 texts, then times each stage (the rows of `npm run bench sketch`) alternating the two round
 * by round (default 40 rounds each), so that both see the same load: median and best CPU time.
 *
 * `time` measures CPU time (`process.cpuUsage`), not wall time, so that it means something on a
 * shared machine; it prints the median of `rounds` rounds (default 15) over the bench's 200 texts.
 * Run it under `node --cpu-prof --import tsx` for a profile.
 *
 * `digest` hashes, for the BBC corpus (read where it stands, never copied), the devset texts and
 * 3,000 seeded random strings mixing ASCII, accents, combining marks, Greek, Cyrillic, ligatures,
 * full-width forms, apostrophes, digit separators, astral characters and lone surrogates: the
 * bytes of `sketch()` under several options and of `textShingleHashes()` for several k. Two
 * versions of the code are bit-identical on this input when their digests are equal.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { minhashValues, resolveSketchOptions, sketch } from '../src/sketch/minhash';
import type { SketchOptions } from '../src/sketch/minhash';
import { scanShingles, textShingleHashes } from '../src/sketch/features';
import { rng } from './rng';
import { SHARED } from './features';

const WORDS = 750;
const DOCS = 200;

function corpusTexts(): string[] {
  const path = join(SHARED, 'corpus', 'bbc-train.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text);
}

/** The bench's texts: consecutive corpus articles joined and cut at 750 words. */
function benchTexts(): string[] {
  const words = corpusTexts().join(' ').split(/\s+/);
  const texts: string[] = [];
  for (let i = 0; i + WORDS <= words.length && texts.length < DOCS; i += WORDS) texts.push(words.slice(i, i + WORDS).join(' '));
  if (texts.length === 0) throw new Error(`no corpus under ${SHARED}: set RESPUN_SHARED`);
  return texts;
}

function devsetTexts(): string[] {
  const dir = join(SHARED, 'devset', 'pairs');
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const pair of readdirSync(dir).sort()) {
    for (const f of ['original.txt', 'candidate.txt']) {
      const p = join(dir, pair, f);
      if (existsSync(p)) out.push(readFileSync(p, 'utf8'));
    }
  }
  return out;
}

const PALETTE = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'          \n\r\t.,;:!?-—–"\'()[]',
  ...'\u2019\u2019\u02bc\u2018\u201c\u201d',
  ...'éÉèçÇñÑüÜßøØłŁąĄåÅæÆœŒ',
  'e\u0301',
  'a\u0308',
  ...'ΣσςΑθηνώΟΔΟΣάέ',
  ...'МоскваЗАЯВИЛАКиївїЁё',
  ...'ﬁﬂĳĲǄǅǆµ²ªİı',
  ...'ＲｅｕｔｅｒｓＡ１２',
  ...'中文字',
  '😀',
  '𝐀',
  '\ud800',
  '\udc00',
  ...'٣٤',
];

function randomTexts(n: number): string[] {
  const random = rng(20261122);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = Math.floor(random() * random() * 400);
    let s = '';
    for (let j = 0; j < len; j++) s += PALETTE[Math.floor(random() * PALETTE.length)]!;
    out.push(s);
  }
  return out;
}

function digest(): void {
  const sets: Array<[string, string[]]> = [
    ['corpus articles', corpusTexts()],
    ['bench texts', benchTexts()],
    ['devset texts', devsetTexts()],
    ['random strings', randomTexts(3000)],
  ];
  const optionSets: SketchOptions[] = [{}, { shingleSize: 1 }, { shingleSize: 3, seed: 77, numPerm: 64 }, { shingleSize: 64, numPerm: 7 }, { method: 'kperm', numPerm: 16 }];
  for (const [name, texts] of sets) {
    const sig = createHash('sha256');
    const sh = createHash('sha256');
    for (const text of texts) {
      for (const o of optionSets) sig.update(sketch(text, o).toBytes());
      for (const k of [1, 2, 5, 7]) {
        const h = textShingleHashes(text, k);
        sh.update(new Uint8Array(h.buffer, h.byteOffset, h.byteLength));
        sh.update(String(h.length));
      }
    }
    console.log(`${name.padEnd(16)} ${String(texts.length).padStart(5)} texts  signatures ${sig.digest('hex').slice(0, 16)}  shingles ${sh.digest('hex').slice(0, 16)}`);
  }
}

let sink: unknown;

function time(rounds: number): void {
  const texts = benchTexts();
  const oph = resolveSketchOptions();
  const hashes = texts.map((t) => textShingleHashes(t));
  const scratch = new Uint32Array(4096);
  const stages: Array<[string, (i: number) => unknown]> = [
    ['sketch (oph, raw text)', (i) => sketch(texts[i]!)],
    ['scanShingles', (i) => scanShingles(texts[i]!, 5, scratch)],
    ['textShingleHashes', (i) => textShingleHashes(texts[i]!)],
    ['minhashValues oph', (i) => minhashValues(hashes[i]!, oph)],
  ];
  const chars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  console.log(`${texts.length} texts of ${WORDS} words, ${Math.round(chars)} UTF-16 units on average; median of ${rounds} rounds, CPU time`);
  for (const [name, fn] of stages) {
    for (let w = 0; w < 3; w++) for (let i = 0; i < texts.length; i++) sink = fn(i);
    const per: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < texts.length; i++) sink = fn(i);
      const c = process.cpuUsage(c0);
      per.push((c.user + c.system) / texts.length);
    }
    per.sort((a, b) => a - b);
    const med = per[per.length >> 1]!;
    console.log(`${name.padEnd(24)} ${med.toFixed(1).padStart(7)} µs  ${Math.round(1e6 / med).toLocaleString('en-US').padStart(8)}/s  (min ${per[0]!.toFixed(1)} µs)`);
  }
}

interface SketchModules {
  minhash: { sketch: typeof sketch; minhashValues: typeof minhashValues; resolveSketchOptions: typeof resolveSketchOptions };
  features: { scanShingles: (text: string, k: number, out: Uint32Array) => unknown; textShingleHashes: typeof textShingleHashes };
}

function compare(tree: string, rounds: number): void {
  const load = (dir: string): SketchModules => ({
    minhash: require(resolve(dir, 'src', 'sketch', 'minhash.ts')) as SketchModules['minhash'],
    features: require(resolve(dir, 'src', 'sketch', 'features.ts')) as SketchModules['features'],
  });
  const base = load(tree);
  const mine = load(join(__dirname, '..'));
  const texts = benchTexts();
  for (const t of texts) {
    if (Buffer.compare(base.minhash.sketch(t).toBytes(), mine.minhash.sketch(t).toBytes()) !== 0) throw new Error('the two trees give different signatures');
  }
  const hashes = texts.map((t) => mine.features.textShingleHashes(t));
  const scratch = new Uint32Array(4096);
  const stages: Array<[string, (m: SketchModules) => (i: number) => unknown]> = [
    ['sketch() (oph, raw text)', (m) => (i) => m.minhash.sketch(texts[i]!)],
    ['scan (shingle hashes)', (m) => (i) => m.features.scanShingles(texts[i]!, 5, scratch)],
    ['textShingleHashes (+ sort)', (m) => (i) => m.features.textShingleHashes(texts[i]!)],
    ['oph values from hashes', (m) => {
      const o = m.minhash.resolveSketchOptions();
      return (i) => m.minhash.minhashValues(hashes[i]!, o);
    }],
  ];
  console.log(`${texts.length} texts of ${WORDS} words, same signatures; CPU µs per text over ${rounds} rounds alternating base and this tree`);
  for (const [name, make] of stages) {
    const fns = [make(base), make(mine)];
    const per: number[][] = [[], []];
    for (const fn of fns) for (let w = 0; w < 3; w++) for (let i = 0; i < texts.length; i++) sink = fn(i);
    for (let r = 0; r < rounds; r++) {
      fns.forEach((fn, c) => {
        const c0 = process.cpuUsage();
        for (let i = 0; i < texts.length; i++) sink = fn(i);
        const u = process.cpuUsage(c0);
        per[c]!.push((u.user + u.system) / texts.length);
      });
    }
    for (const a of per) a.sort((x, y) => x - y);
    const median = (a: number[]) => a[a.length >> 1]!;
    const row = (a: number[]) =>
      `${median(a).toFixed(1).padStart(6)} µs ${Math.round(1e6 / median(a)).toLocaleString('en-US').padStart(7)}/s (best ${a[0]!.toFixed(1)})`;
    const ratio = median(per[1]!) / median(per[0]!);
    console.log(`${name.padEnd(28)} base ${row(per[0]!)}   this ${row(per[1]!)}   this/base ${ratio.toFixed(2)}`);
  }
}

const mode = process.argv[2] ?? 'time';
if (mode === 'digest') digest();
else if (mode === 'time') time(Number(process.argv[3] ?? 15));
else if (mode === 'compare' && process.argv[3] !== undefined) compare(process.argv[3], Number(process.argv[4] ?? 40));
else throw new Error(`unknown mode ${mode}: time, digest or compare <tree>`);
void sink;
