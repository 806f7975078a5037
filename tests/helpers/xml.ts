// A small strict XML reader for tests of schemaless answers (Open311): the
// declaration, elements without attributes, text with the five named entities and
// character references. Anything else (unbalanced or crossed tags, a bare & or <,
// a character XML 1.0 forbids, text outside the root, a second root) throws, so a
// parsed document is well-formed.

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** The element's own text (its character data, entities resolved). */
  text: string;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function decode(raw: string, at: number): string {
  if (raw.includes('<')) throw new Error(`"<" in text at ${at}`);
  if (raw.includes(']]>')) throw new Error(`"]]>" in text at ${at}`);
  return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Error(`bare "&" in text at ${at}`);
    if (ref in NAMED) return NAMED[ref]!;
    const m = /^#(x[0-9A-Fa-f]+|[0-9]+)$/.exec(ref);
    if (!m) throw new Error(`unknown entity &${ref}; at ${at}`);
    const cp = m[1]!.startsWith('x') ? parseInt(m[1]!.slice(1), 16) : parseInt(m[1]!, 10);
    const ch = String.fromCodePoint(cp);
    if (FORBIDDEN.test(ch)) throw new Error(`character reference to a forbidden character at ${at}`);
    return ch;
  });
}

export function parseXml(doc: string): XmlElement {
  if (FORBIDDEN.test(doc)) throw new Error('the document holds a character XML 1.0 forbids');
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(doc)) throw new Error('the document holds an unpaired surrogate');
  const decl = /^<\?xml version="1\.0" encoding="(UTF-8|utf-8)"\?>/.exec(doc);
  if (!decl) throw new Error('no XML declaration with encoding UTF-8');
  let i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const text = doc.slice(i, lt === -1 ? doc.length : lt);
    if (stack.length) stack[stack.length - 1]!.text += decode(text, i);
    else if (text.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    if (lt === -1) break;
    const gt = doc.indexOf('>', lt);
    if (gt === -1) throw new Error(`unclosed tag at ${lt}`);
    const tag = doc.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> at ${lt} closes ${open ? `<${open.name}>` : 'nothing'}`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const name = (selfClosing ? tag.slice(0, -1) : tag).trim();
    if (!NAME.test(name)) throw new Error(`bad element name "${name}" at ${lt}`);
    const el: XmlElement = { name, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else if (root) throw new Error(`a second root element <${name}> at ${lt}`);
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** The children named `name`. */
export const childrenOf = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);

/** The text of the one child named `name` (throws when there is none or several). */
export function childText(el: XmlElement, name: string): string {
  const found = childrenOf(el, name);
  if (found.length !== 1) throw new Error(`<${el.name}> has ${found.length} <${name}> children`);
  return found[0]!.text;
}
