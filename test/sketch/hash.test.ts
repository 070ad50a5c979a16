import fc from 'fast-check';
import { fmix32, mixBlock, mixScrambled, murmur3Bytes, murmur3Ring, murmur3ScrambledRing, murmur3String, murmur3Words, scramble } from '../../src/sketch/hash';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** The UTF-16LE bytes of a string: what murmur3String must hash. */
function utf16le(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[2 * i] = s.charCodeAt(i) & 0xff;
    out[2 * i + 1] = s.charCodeAt(i) >>> 8;
  }
  return out;
}
function wordsLE(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint32(4 * i, w, true));
  return out;
}

describe('murmur3Bytes: MurmurHash3 x86_32 reference vectors', () => {
  // Published test vectors of MurmurHash3_x86_32 (byte input, seed → hash), as circulated with
  // the SMHasher reference implementation (e.g. the Wikipedia "MurmurHash" article and the
  // widely cited Stack Overflow answer "MurmurHash3 test vectors").
  test.each([
    ['', 0, 0x00000000],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['\xff\xff\xff\xff', 0, 0x76293b50],
    ['!Ce\x87', 0, 0xf55b516b],
    ['!Ce\x87', 0x5082edee, 0x2362f9de],
    ['!Ce', 0, 0x7e4a8634],
    ['!C', 0, 0xa0f7b07a],
    ['!', 0, 0x72661cf4],
    ['\0\0\0\0', 0, 0x2362f9de],
    ['\0\0\0', 0, 0x85f0b427],
    ['\0\0', 0, 0x30f4c306],
    ['\0', 0, 0x514e28b7],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['aaa', 0x9747b28c, 0x283e0130],
    ['aa', 0x9747b28c, 0x5d211726],
    ['a', 0x9747b28c, 0x7fa09ea6],
    ['abcd', 0x9747b28c, 0xf0478627],
    ['abc', 0x9747b28c, 0xc84a62dd],
    ['ab', 0x9747b28c, 0x74875592],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['abc', 0, 0xb3dd93fa],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ])('%j with seed %d', (input, seed, expected) => {
    expect(murmur3Bytes(ascii(input), seed)).toBe(expected);
  });
});

describe('murmur3String: UTF-16 code units, two per block', () => {
  // Strings whose UTF-16LE bytes are the byte vectors above: each unit's high byte counts.
  test.each([
    ['\u4321', 0, 0xa0f7b07a], // bytes 21 43 = "!C"
    ['\u4321\u8765', 0, 0xf55b516b], // bytes 21 43 65 87 = "!Ce\x87"
    ['\u6161\u6161', 0x9747b28c, 0x5a97808a], // bytes "aaaa"
    ['\u6161', 0x9747b28c, 0x5d211726], // bytes "aa"
    ['\uffff\uffff', 0, 0x76293b50],
    ['', 1, 0x514e28b7],
  ])('%j with seed %d', (input, seed, expected) => {
    expect(murmur3String(input, seed)).toBe(expected);
  });

  test('never drops the high byte of a code unit', () => {
    expect(murmur3String('A', 0)).not.toBe(murmur3String('\u0141', 0)); // A vs Ł share the low byte 0x41
    expect(murmur3String('ab', 0)).not.toBe(murmur3String('a\u0162', 0));
  });

  test('equals MurmurHash3 over the UTF-16LE bytes, for any string and range', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }), fc.nat(), fc.nat(40), fc.nat(40), (units, seed, x, y) => {
        const s = String.fromCharCode(...units);
        const a = Math.min(x, y, s.length);
        const b = Math.min(Math.max(x, y), s.length);
        expect(murmur3String(s, seed, a, b)).toBe(murmur3Bytes(utf16le(s.slice(a, b)), seed));
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('word-hash combination', () => {
  test('murmur3Words is MurmurHash3 over the words as little-endian bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 12 }), fc.nat(), (words, seed) => {
        expect(murmur3Words(words, 0, words.length, seed)).toBe(murmur3Bytes(wordsLE(words), seed));
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  test('is order-sensitive', () => {
    expect(murmur3Words([1, 2, 3], 0, 3, 0)).not.toBe(murmur3Words([3, 2, 1], 0, 3, 0));
    expect(murmur3Words([1, 2], 0, 2, 0)).not.toBe(murmur3Words([2, 1], 0, 2, 0));
  });

  test('murmur3Ring reads a ring buffer in order', () => {
    const ring = new Uint32Array([50, 60, 70, 80]);
    expect(murmur3Ring(ring, 3, 2, 4, 9)).toBe(murmur3Words([70, 80, 50, 60], 0, 4, 9));
    expect(murmur3Ring(ring, 3, 3, 2, 9)).toBe(murmur3Words([80, 50], 0, 2, 9));
  });

  test('a block scrambled once mixes like the block itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -0x80000000, max: 0x7fffffff }), (k, h) => {
        expect(mixScrambled(h, scramble(k))).toBe(mixBlock(h, k));
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  test('murmur3ScrambledRing over scrambled words equals MurmurHash3 over the words', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 8, maxLength: 8 }), fc.nat(7), fc.nat(8), fc.nat(), (words, first, n, seed) => {
        const ring = Uint32Array.from(words, scramble);
        const inOrder = Array.from({ length: n }, (_, i) => words[(first + i) & 7]!);
        expect(murmur3ScrambledRing(ring, 7, first, n, seed)).toBe(murmur3Bytes(wordsLE(inOrder), seed));
        expect(murmur3ScrambledRing(ring, 7, first, n, seed)).toBe(murmur3Ring(new Uint32Array(words), 7, first, n, seed));
      }),
      { seed: 5, numRuns: 200 },
    );
  });

  test('fmix32 is the MurmurHash3 finaliser', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7); // = murmur3("", seed 1)
    expect(fmix32(0xffffffff)).toBe(0x81f16f39); // = murmur3("", seed 0xffffffff)
  });
});
