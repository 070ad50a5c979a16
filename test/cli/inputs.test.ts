import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '../../src/errors';
import { decodeText, formatOf, loadInputs, parseArticles, sniffFormat } from '../../src/cli/inputs';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'respun-inputs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a file under the temporary directory and returns its path. */
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

describe('formatOf and sniffFormat', () => {
  it.each([
    ['a.txt', 'text'],
    ['news/a.HTM', 'html'],
    ['a.html', 'html'],
    ['a.json', 'json'],
    ['a.jsonl', 'jsonl'],
    ['a.md', undefined],
    ['json', undefined],
  ])('formatOf(%j) = %j', (path, format) => {
    expect(formatOf(path)).toBe(format);
  });
  it.each([
    ['<!DOCTYPE html><html></html>', 'html'],
    ['  <html lang="en">', 'html'],
    ['{"text":"a"}', 'json'],
    ['[{"text":"a"}]', 'json'],
    ['{"text":"a"}\n{"text":"b"}\n', 'jsonl'],
    ['[Reuters] Kyiv said', 'text'],
    ['Kyiv said <b>', 'text'],
  ])('sniffFormat(%j) = %j', (text, format) => {
    expect(sniffFormat(text)).toBe(format);
  });
});

describe('parseArticles', () => {
  it('reads a JSON object with every field', async () => {
    const json = '{"text":"Kyiv said.","id":"r1","title":"T","url":"https://x","publishedAt":"2024-08-14","extra":1}';
    expect(await parseArticles(json, 'a.json', 'json')).toEqual([
      { id: 'r1', source: 'a.json', text: 'Kyiv said.', title: 'T', url: 'https://x', publishedAt: '2024-08-14' },
    ]);
  });
  it('names array items and lines after their position', async () => {
    expect((await parseArticles('[{"text":"a"},{"text":"b","id":7}]', 'a.json', 'json')).map((a) => a.id)).toEqual(['a.json[0]', '7']);
    expect((await parseArticles('{"text":"a"}\n\n{"text":"b"}\r\n', 'a.jsonl', 'jsonl')).map((a) => a.id)).toEqual(['a.jsonl:1', 'a.jsonl:3']);
  });
  it('keeps empty text (valid input)', async () => {
    expect(await parseArticles('{"text":""}', 'e.json', 'json')).toEqual([{ id: 'e.json', source: 'e.json', text: '' }]);
  });
  it.each([
    ['{"text":"a"}\n{"text": nope}\n', 'jsonl', /^x:2: malformed JSON line \(/],
    ['{"id":"a"}', 'json', /^x: object has no "text" string$/],
    ['[{"text":"a"},{"title":"b"}]', 'json', /^x\[1\]: object has no "text" string$/],
    ['{"text":"a"}\n"just a string"\n', 'jsonl', /^x:2: expected an object with a "text" string, got string$/],
    ['{"text":5}', 'json', /^x: object has no "text" string$/],
    ['{"text":"a","title":3}', 'json', /^x: "title" must be a string$/],
    ['{"text":"a","id":""}', 'json', /^x: "id" must be a non-empty string or a number$/],
    ['{"text":', 'json', /^x: malformed JSON \(/],
    ['[]', 'json', /^x: JSON array has no articles$/],
    ['\n\n', 'jsonl', /^x: no JSON lines$/],
  ] as const)('rejects %j', async (text, format, message) => {
    const p = parseArticles(text, 'x', format);
    await expect(p).rejects.toThrow(InvalidInputError);
    await expect(parseArticles(text, 'x', format)).rejects.toThrow(message);
  });
  it('keeps error messages on one line', async () => {
    await expect(parseArticles('{\n"text": ,\n}', 'x', 'json')).rejects.toThrow(/^[^\n]+$/);
  });
});

describe('decodeText', () => {
  it('replaces invalid UTF-8 and warns once, naming the file', () => {
    const warnings: string[] = [];
    const text = decodeText(new Uint8Array([0x4b, 0x79, 0x69, 0x76, 0xff, 0xfe, 0x21]), 'bad.txt', 'text', (l) => warnings.push(l));
    expect(text).toBe('Kyiv\uFFFD\uFFFD!');
    expect(warnings).toEqual(['respun: warning: bad.txt: not valid UTF-8; undecodable bytes replaced with U+FFFD']);
  });
  it('drops a UTF-8 byte-order mark and honours UTF-16 ones', () => {
    const none = (): void => {
      throw new Error('no warning expected');
    };
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]), 'a', 'text', none)).toBe('A');
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x19, 0x20]), 'a', 'text', none)).toBe('A’');
    expect(decodeText(new Uint8Array([0xfe, 0xff, 0x00, 0x41]), 'a', 'text', none)).toBe('A');
  });
  it("honours an HTML page's declared charset", () => {
    const bytes = Buffer.from('<meta charset="iso-8859-1"><p>Caf\xe9</p>', 'latin1');
    expect(decodeText(bytes, 'a.html', 'html', () => undefined)).toBe('<meta charset="iso-8859-1"><p>Café</p>');
  });
});

describe('loadInputs', () => {
  it('reads files, directories (recursive, sorted, dot files and unknown extensions skipped) and stdin in order', async () => {
    const a = file('one.txt', 'First article.');
    file('tree/b.txt', 'B');
    file('tree/a.jsonl', '{"text":"A1"}\n{"text":"A2","id":"custom"}\n');
    file('tree/sub/c.json', '[{"text":"C"}]');
    file('tree/.hidden.txt', 'hidden');
    file('tree/notes.md', 'not an article');
    file('tree/Z.txt', 'upper case sorts first');
    const articles = await loadInputs([a, join(dir, 'tree'), '-'], { readStdin: async () => Buffer.from('From stdin.') });
    expect(articles.map((x) => [x.id.replace(dir, '<dir>'), x.text])).toEqual([
      ['<dir>/one.txt', 'First article.'],
      ['<dir>/tree/Z.txt', 'upper case sorts first'],
      ['<dir>/tree/a.jsonl:1', 'A1'],
      ['custom', 'A2'],
      ['<dir>/tree/b.txt', 'B'],
      ['<dir>/tree/sub/c.json[0]', 'C'],
      ['<stdin>', 'From stdin.'],
    ]);
  });

  it('reads JSON Lines from stdin', async () => {
    const articles = await loadInputs(['-'], { readStdin: async () => Buffer.from('{"text":"a","id":"x"}\n{"text":"b"}\n') });
    expect(articles.map((x) => x.id)).toEqual(['x', '<stdin>:2']);
  });

  it('reads an explicitly named file of any extension as text', async () => {
    const md = file('story.md', '# Not parsed');
    expect((await loadInputs([md]))[0]!.text).toBe('# Not parsed');
  });

  it.each([
    ['a missing file', () => [join(dir, 'nope.txt')], /nope\.txt: no such file or directory$/],
    ['an empty directory', () => [(mkdirSync(join(dir, 'empty'), { recursive: true }), join(dir, 'empty'))], /empty: directory has no readable articles/],
    ['a directory of unknown files', () => [(file('junk/x.md', 'x'), join(dir, 'junk'))], /junk: directory has no readable articles/],
    ['stdin twice', () => ['-', '-'], /^<stdin>: standard input \(-\) can be read only once$/],
    ['a bad line inside a directory', () => [(file('badtree/a.jsonl', '{"text":"ok"}\n{oops}\n'), join(dir, 'badtree'))], /badtree\/a\.jsonl:2: malformed JSON line/],
  ])('refuses %s, naming it', async (_what, args, message) => {
    await expect(loadInputs(args(), { readStdin: async () => Buffer.from('x') })).rejects.toThrow(message);
  });

  it('warns about invalid UTF-8 and goes on', async () => {
    const bad = file('latin.txt', Buffer.from('Z\xfcrich', 'latin1'));
    const warnings: string[] = [];
    const [article] = await loadInputs([bad], { warn: (l) => warnings.push(l) });
    expect(article!.text).toBe('Z\uFFFDrich');
    expect(warnings).toEqual([`respun: warning: ${bad}: not valid UTF-8; undecodable bytes replaced with U+FFFD`]);
  });
});
