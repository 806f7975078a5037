// Style templates: a MapLibre style written as JSON in which a string that is exactly
// "$name" is a token, replaced by a value (a colour, a number, an expression), and
// "{origin}" inside a string is replaced by the origin the request came to.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const TOKEN = /^\$([a-z][a-z0-9-]*)$/;

/** The names of the tokens `node` uses. */
export function tokensOf(node: Json, into = new Set<string>()): Set<string> {
  if (typeof node === 'string') {
    const m = TOKEN.exec(node);
    if (m) into.add(m[1]!);
  } else if (Array.isArray(node)) {
    for (const item of node) tokensOf(item, into);
  } else if (node && typeof node === 'object') {
    for (const value of Object.values(node)) tokensOf(value, into);
  }
  return into;
}

/** A copy of `node` with its tokens replaced from `values` and "{origin}" by `origin`. */
export function fillTemplate(node: Json, values: Readonly<Record<string, Json>>, origin: string): Json {
  if (typeof node === 'string') {
    const m = TOKEN.exec(node);
    if (!m) return node.replaceAll('{origin}', origin);
    const value = values[m[1]!];
    if (value === undefined) throw new Error(`style template: no value for token $${m[1]}`);
    return structuredClone(value);
  }
  if (Array.isArray(node)) return node.map((item) => fillTemplate(item, values, origin));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fillTemplate(value, values, origin)]));
  }
  return node;
}
