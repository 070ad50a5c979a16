/**
 * A small HTML parser and selector engine for checking the renderers' own output in
 * tests. It knows just enough HTML for well-formed generated markup (void elements, raw
 * text in script and style, the five escapes and numeric character references) and just
 * enough CSS for the tests (tag, .class, #id, [attr], [attr="v"], [attr~="v"], the
 * descendant combinator and comma lists).
 *
 * Why not linkedom: its CommonJS build needs css-select, which ships only as ES modules,
 * and Jest on Node 20 cannot load those from node_modules without transforming them.
 */

/** An element or the document root. */
export class Node {
  /** Lower-case tag name (`#document` for the root). */
  readonly tag: string;
  /** Attributes in source order. */
  readonly attrs: ReadonlyArray<{ name: string; value: string }>;
  /** Children: elements and text. */
  readonly children: Array<Node | string> = [];
  /** The parent, `undefined` for the root. */
  parent: Node | undefined;

  constructor(tag: string, attrs: Array<{ name: string; value: string }>, parent: Node | undefined) {
    this.tag = tag;
    this.attrs = attrs;
    this.parent = parent;
  }

  /** The value of an attribute, or `null`. */
  getAttribute(name: string): string | null {
    return this.attrs.find((a) => a.name === name)?.value ?? null;
  }

  /** All text below, in order; elements matching `skip` (a selector) left out. */
  text(skip?: string): string {
    return this.children.map((c) => (typeof c === 'string' ? c : skip !== undefined && c.matches(skip) ? '' : c.text(skip))).join('');
  }

  /** Same as `text()`, named as in the DOM. */
  get textContent(): string {
    return this.text();
  }

  /** Every element below, in document order. */
  descendants(): Node[] {
    const out: Node[] = [];
    const walk = (n: Node): void => {
      for (const c of n.children) {
        if (typeof c === 'string') continue;
        out.push(c);
        walk(c);
      }
    };
    walk(this);
    return out;
  }

  /** Whether this element matches `selector`. */
  matches(selector: string): boolean {
    return selector.split(',').some((s) => matchChain(this, parseChain(s.trim())));
  }

  /** Elements below matching `selector`, in document order. */
  querySelectorAll(selector: string): Node[] {
    return this.descendants().filter((n) => n.matches(selector));
  }

  /** The first element below matching `selector`, or `null`. */
  querySelector(selector: string): Node | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }
}

interface Compound {
  tag?: string;
  ids: string[];
  classes: string[];
  attrs: Array<{ name: string; op?: '=' | '~='; value?: string }>;
}

function parseChain(selector: string): Compound[] {
  return selector.split(/\s+/).map((part) => {
    const c: Compound = { ids: [], classes: [], attrs: [] };
    const re = /([a-z][a-z0-9]*|\*)|\.([\w-]+)|#([\w-]+)|\[([\w-]+)(?:(~?=)"([^"]*)")?\]/y;
    while (re.lastIndex < part.length) {
      const m = re.exec(part);
      if (m === null) throw new Error(`mini-dom: unsupported selector ${JSON.stringify(selector)}`);
      if (m[1] !== undefined) {
        if (m[1] !== '*') c.tag = m[1];
      } else if (m[2] !== undefined) c.classes.push(m[2]);
      else if (m[3] !== undefined) c.ids.push(m[3]);
      else c.attrs.push({ name: m[4]!, ...(m[5] ? { op: m[5] as '=' | '~=', value: m[6]! } : {}) });
    }
    return c;
  });
}

function matchCompound(n: Node, c: Compound): boolean {
  if (c.tag !== undefined && n.tag !== c.tag) return false;
  if (c.ids.some((id) => n.getAttribute('id') !== id)) return false;
  const classes = (n.getAttribute('class') ?? '').split(/\s+/);
  if (c.classes.some((k) => !classes.includes(k))) return false;
  return c.attrs.every((a) => {
    const v = n.getAttribute(a.name);
    if (v === null) return false;
    if (a.op === '=') return v === a.value;
    if (a.op === '~=') return v.split(/\s+/).includes(a.value!);
    return true;
  });
}

function matchChain(n: Node, chain: Compound[]): boolean {
  if (chain.length === 0 || !matchCompound(n, chain[chain.length - 1]!)) return false;
  let i = chain.length - 2;
  for (let p = n.parent; p !== undefined && i >= 0; p = p.parent) if (p.tag !== '#document' && matchCompound(p, chain[i]!)) i--;
  return i < 0;
}

const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'source', 'wbr']);
const RAW = new Set(['script', 'style']);

function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|#(\d+)|#x([0-9a-f]+));/gi, (m, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }[name.toLowerCase()] ?? m;
  });
}

/**
 * Parses generated HTML into a tree.
 * @example
 * parse('<p class="a">x &amp; y</p>').querySelector('p.a')!.textContent; // 'x & y'
 */
export function parse(html: string): Node {
  const root = new Node('#document', [], undefined);
  let cur = root;
  const token = /<!--[\s\S]*?-->|<!doctype[^>]*>|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>|([^<]+)|</gi;
  let m: RegExpExecArray | null;
  while ((m = token.exec(html)) !== null) {
    if (m[1] !== undefined) {
      const name = m[1].toLowerCase();
      let n: Node | undefined = cur;
      while (n !== undefined && n.tag !== name) n = n.parent;
      if (n?.parent !== undefined) cur = n.parent;
    } else if (m[2] !== undefined) {
      const tag = m[2].toLowerCase();
      const attrs = [...(m[3] ?? '').matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)].map((a) => ({
        name: a[1]!.toLowerCase(),
        value: decode(a[2] ?? a[3] ?? a[4] ?? ''),
      }));
      const el = new Node(tag, attrs, cur);
      cur.children.push(el);
      if (RAW.has(tag)) {
        const end = html.toLowerCase().indexOf(`</${tag}`, token.lastIndex);
        const stop = end < 0 ? html.length : end;
        el.children.push(html.slice(token.lastIndex, stop));
        token.lastIndex = stop;
        const close = /<\/[a-z]+\s*>/iy;
        close.lastIndex = stop;
        if (close.exec(html)) token.lastIndex = close.lastIndex;
      } else if (!VOID.has(tag)) {
        cur = el;
      }
    } else if (m[4] !== undefined) {
      cur.children.push(decode(m[4]));
    } else if (m[0] === '<') {
      cur.children.push('<');
    }
  }
  return root;
}
