/**
 * CLI inputs: files, directories and standard input turned into articles.
 *
 * - `.txt` (and any other explicitly named file): the text as is;
 * - `.html` / `.htm`: the main text as a reader view would show it (Readability over
 *   linkedom: no script runs, nothing is fetched), headline first;
 * - `.json`: an object or an array of objects; `.jsonl`: one object a line. Objects have
 *   `text` and optional `id`, `title`, `url`, `publishedAt`;
 * - directories: every file with one of those extensions, recursively, in code-unit
 *   order of the path (dot files skipped), so runs are deterministic;
 * - `-`: standard input, its format sniffed (HTML, JSON, JSON Lines, else text).
 *
 * Every problem throws an {@link InvalidInputError} whose message starts with the
 * file (and line) it is about; the CLI prints it as its one line on stderr.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../errors';
import type { Article } from '../types';

/**
 * An article read by the CLI: always has an id, and remembers where it came from.
 * @example
 * const a: InputArticle = { id: 'feed.jsonl:3', source: 'feed.jsonl:3', text: 'Kyiv said…' };
 */
export interface InputArticle extends Article {
  /** Caller's id, or the file path (`file:LINE` for JSON Lines, `file[i]` for JSON arrays). */
  id: string;
  /** Where the article was read, for messages: `file`, `file:LINE` or `file[i]`. */
  source: string;
}

/**
 * How a piece of input is parsed.
 * @example
 * const f: InputFormat = formatOf('a.jsonl') ?? 'text'; // 'jsonl'
 */
export type InputFormat = 'text' | 'html' | 'json' | 'jsonl';

/**
 * Side channels of {@link loadInputs}; injected so tests need no real stdin.
 * @example
 * loadInputs(['-'], { readStdin: async () => Buffer.from('Kyiv said…'), warn: console.error });
 */
export interface LoadOptions {
  /**
   * Reads standard input to the end.
   * @default reads `process.stdin`
   */
  readStdin?: () => Promise<Uint8Array>;
  /**
   * Receives warnings (undecodable bytes…), one line each, without a trailing newline.
   * @default ignores them
   */
  warn?: (line: string) => void;
}

/**
 * The name standard input goes by in ids and messages.
 * @example
 * (await loadInputs(['-']))[0].id; // '<stdin>'
 */
export const STDIN_NAME = '<stdin>';

const EXTENSIONS: Readonly<Record<string, InputFormat>> = Object.freeze({
  '.txt': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.json': 'json',
  '.jsonl': 'jsonl',
});

/**
 * The format of a file by its extension (case-insensitive), or `undefined` for other names.
 * @example
 * formatOf('news/a.HTM'); // 'html'
 */
export function formatOf(path: string): InputFormat | undefined {
  const m = /\.[^./\\]+$/.exec(path);
  return m ? EXTENSIONS[m[0].toLowerCase()] : undefined;
}

/**
 * Reads every input (files, directories, `-`) into articles, in argument order.
 * @throws InvalidInputError `"<file>: <problem>"` for a missing or unreadable file, malformed JSON,
 *   an object with no `text`, a directory with nothing readable, or `-` given twice.
 * @example
 * const articles = await loadInputs(['fixtures/seeds'], { warn: (l) => console.error(l) });
 */
export async function loadInputs(inputs: readonly string[], options: LoadOptions = {}): Promise<InputArticle[]> {
  const warn = options.warn ?? (() => undefined);
  const out: InputArticle[] = [];
  let stdinSeen = false;
  for (const input of inputs) {
    if (input === '-') {
      if (stdinSeen) throw new InvalidInputError(`${STDIN_NAME}: standard input (-) can be read only once`);
      stdinSeen = true;
      const bytes = await (options.readStdin ?? readProcessStdin)();
      const text = decodeText(bytes, STDIN_NAME, 'text', warn);
      out.push(...(await parseArticles(text, STDIN_NAME, sniffFormat(text))));
      continue;
    }
    const info = await stat(input).catch((e: unknown) => {
      throw new InvalidInputError(`${input}: ${fsProblem(e)}`);
    });
    if (info.isDirectory()) {
      const files = await listDirectory(input);
      const found: InputArticle[] = [];
      for (const file of files) found.push(...(await loadFile(file, formatOf(file)!, warn)));
      if (found.length === 0) {
        throw new InvalidInputError(`${input}: directory has no readable articles (.txt, .html, .htm, .json, .jsonl)`);
      }
      out.push(...found);
    } else {
      out.push(...(await loadFile(input, formatOf(input) ?? 'text', warn)));
    }
  }
  return out;
}

async function loadFile(path: string, format: InputFormat, warn: (line: string) => void): Promise<InputArticle[]> {
  const bytes = await readFile(path).catch((e: unknown) => {
    throw new InvalidInputError(`${path}: ${fsProblem(e)}`);
  });
  return await parseArticles(decodeText(bytes, path, format, warn), path, format);
}

/** Files under `dir` with a known extension, recursively, sorted by code units; dot entries skipped. */
async function listDirectory(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: unknown) => {
    throw new InvalidInputError(`${dir}: ${fsProblem(e)}`);
  });
  const names = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of names) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listDirectory(path)));
    else if ((entry.isFile() || entry.isSymbolicLink()) && formatOf(entry.name) !== undefined) files.push(path);
  }
  return files;
}

function fsProblem(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a component of the path is not a directory';
    default:
      return `cannot read (${typeof code === 'string' ? code : e instanceof Error ? e.message : String(e)})`;
  }
}

async function readProcessStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/**
 * Decodes bytes to text: a UTF-16 byte-order mark is honoured, an HTML page's declared
 * `<meta charset>` is honoured, everything else is UTF-8 (BOM dropped). Bytes that are not
 * valid in the encoding become U+FFFD and one warning names the file.
 * @example
 * decodeText(new Uint8Array([0x68, 0xff]), 'a.txt', 'text', console.error); // 'h\uFFFD', warns
 */
export function decodeText(bytes: Uint8Array, name: string, format: InputFormat, warn: (line: string) => void): string {
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  else if (format === 'html') encoding = declaredCharset(bytes) ?? 'utf-8';
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    warn(`respun: warning: ${name}: not valid ${encoding.toUpperCase()}; undecodable bytes replaced with U+FFFD`);
    return new TextDecoder(encoding).decode(bytes);
  }
}

/** The charset an HTML page declares in its first 2 KiB, if the runtime can decode it. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (!m) return undefined;
  try {
    return new TextDecoder(m[1]!).encoding;
  } catch {
    return undefined;
  }
}

/**
 * Guesses the format of standard input from its first characters: `<` starts HTML,
 * `{` or `[` JSON (JSON Lines when the whole does not parse as one value), else text.
 * @example
 * sniffFormat('{"text":"a"}\n{"text":"b"}\n'); // 'jsonl'
 */
export function sniffFormat(text: string): InputFormat {
  const head = text.trimStart();
  if (/^<(!doctype|html|head|body|article|main|div|p|h1|meta|title|!--)[\s>]/i.test(head)) return 'html';
  if (head.startsWith('{') || head.startsWith('[')) {
    try {
      JSON.parse(text);
      return 'json';
    } catch {
      return head.startsWith('{') ? 'jsonl' : 'text';
    }
  }
  return 'text';
}

/**
 * Parses decoded input of a known format into articles named after `name`.
 * @throws InvalidInputError for malformed JSON (with the line number for JSON Lines) or an object with no `text`.
 * @example
 * await parseArticles('{"text":"Kyiv said…","id":"r1"}', 'a.json', 'json'); // [{ id: 'r1', text: 'Kyiv said…', source: 'a.json' }]
 */
export async function parseArticles(text: string, name: string, format: InputFormat): Promise<InputArticle[]> {
  switch (format) {
    case 'text':
      return [{ id: name, source: name, text }];
    case 'html': {
      const page = await extractHtml(text);
      return [{ id: name, source: name, text: page.text, ...(page.title ? { title: page.title } : {}) }];
    }
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new InvalidInputError(`${name}: malformed JSON (${oneLine(e)})`);
      }
      if (Array.isArray(value)) {
        if (value.length === 0) throw new InvalidInputError(`${name}: JSON array has no articles`);
        return value.map((v, i) => articleFrom(v, `${name}[${i}]`));
      }
      return [articleFrom(value, name)];
    }
    case 'jsonl': {
      const out: InputArticle[] = [];
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (line.trim() === '') return;
        const where = `${name}:${i + 1}`;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (e) {
          throw new InvalidInputError(`${where}: malformed JSON line (${oneLine(e)})`);
        }
        out.push(articleFrom(value, where));
      });
      if (out.length === 0) throw new InvalidInputError(`${name}: no JSON lines`);
      return out;
    }
  }
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
}

function articleFrom(value: unknown, where: string): InputArticle {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(`${where}: expected an object with a "text" string, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  const o = value as Record<string, unknown>;
  if (typeof o['text'] !== 'string') {
    throw new InvalidInputError(`${where}: object has no "text" string`);
  }
  const article: InputArticle = { id: where, source: where, text: o['text'] };
  const id = o['id'];
  if (id !== undefined && id !== null) {
    if (typeof id === 'string' && id !== '') article.id = id;
    else if (typeof id === 'number' && Number.isFinite(id)) article.id = String(id);
    else throw new InvalidInputError(`${where}: "id" must be a non-empty string or a number`);
  }
  for (const key of ['title', 'url', 'publishedAt'] as const) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new InvalidInputError(`${where}: "${key}" must be a string`);
    article[key] = v;
  }
  return article;
}

/** Elements whose content starts and ends a block of text. */
const BLOCKS: ReadonlySet<string> = new Set(
  'ADDRESS ARTICLE ASIDE BLOCKQUOTE DD DETAILS DIV DL DT FIELDSET FIGCAPTION FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION SUMMARY TABLE TBODY THEAD TFOOT TR UL'.split(' '),
);
/** Elements never shown. */
const HIDDEN: ReadonlySet<string> = new Set('SCRIPT STYLE NOSCRIPT TEMPLATE SVG CANVAS IFRAME OBJECT EMBED HEAD'.split(' '));

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** Text of a DOM subtree with paragraphs separated by blank lines and `<br>` as a line break. */
function blockText(root: DomNode): string {
  const parts: string[] = [];
  const walk = (node: DomNode): void => {
    if (node.nodeType === 3) {
      parts.push((node.textContent ?? '').replace(/[ \t\r\n\f]+/g, ' '));
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const tag = node.nodeName.toUpperCase();
    if (HIDDEN.has(tag)) return;
    if (tag === 'BR') {
      parts.push('\n');
      return;
    }
    const block = BLOCKS.has(tag);
    if (block) parts.push('\n\n');
    for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]!);
    if (block) parts.push('\n\n');
  };
  walk(root);
  return parts
    .join('')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Extracts an HTML page's headline and main text as a reader view would (Mozilla Readability
 * over linkedom): navigation, scripts, ads and footers dropped, paragraphs kept as blank-line
 * separated blocks, the headline as the first line. Scripts never run and nothing is fetched.
 * Falls back to the visible body text when Readability finds no article.
 * @example
 * await extractHtml('<html><head><title>Kursk</title></head><body><p>Kyiv said…</p></body></html>');
 * // { title: 'Kursk', text: 'Kursk\n\nKyiv said…' }
 */
export async function extractHtml(html: string): Promise<{ title?: string; text: string }> {
  // Loaded on first use: a run without HTML input never pays for the DOM.
  const [{ Readability }, { parseHTML }] = await Promise.all([import('@mozilla/readability'), import('linkedom')]);
  const page = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(page);
  const fallbackTitle = (document.title ?? '').replace(/\s+/g, ' ').trim();
  let body = '';
  let title = fallbackTitle;
  try {
    const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
    if (parsed && parsed.content) {
      body = blockText(parseHTML(`<!doctype html><html><body>${parsed.content}</body></html>`).document.body as unknown as DomNode);
      title = (parsed.title ?? '').replace(/\s+/g, ' ').trim() || fallbackTitle;
    }
  } catch {
    body = '';
  }
  if (body === '') {
    const { document: fresh } = parseHTML(page);
    for (const sel of ['nav', 'header', 'footer', 'aside', 'form']) for (const el of fresh.querySelectorAll(sel)) el.remove();
    body = fresh.body ? blockText(fresh.body as unknown as DomNode) : '';
  }
  const text = title && !body.startsWith(title) ? (body ? `${title}\n\n${body}` : title) : body;
  return title ? { title, text } : { text };
}
