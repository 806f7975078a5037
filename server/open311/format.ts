// The two answer formats of GeoReport v2, chosen by the extension of the path
// (`services.json`, `services.xml`): JSON as is, and the same value as schemaless XML
// (the spec's "Spark convention": an object's fields become child elements, a list
// repeats its singular element, e.g. <services><service>…</service></services>).
import type { Context } from 'koa';

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The format an Open311 path asks for (JSON unless it ends in .xml). */
export function formatOfPath(path: string): Format {
  return /\.xml$/i.test(path) ? 'xml' : 'json';
}

/** The element that each item of a list field is written as. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  history: 'event',
};

// Characters XML 1.0 does not allow at all (C0 controls but tab, LF and CR; U+FFFE,
// U+FFFF; unpaired surrogates) are dropped; the five special characters are escaped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function element(name: string, value: unknown, indent: string, out: string[]): void {
  if (!NAME.test(name)) throw new Error(`"${name}" is not an XML element name`);
  if (value === undefined) return;
  if (value === null || value === '') {
    out.push(`${indent}<${name}/>`);
  } else if (Array.isArray(value)) {
    const item = ITEM_NAMES[name];
    if (!item) throw new Error(`no item element for the list "${name}"`);
    if (value.length === 0) {
      out.push(`${indent}<${name}/>`);
      return;
    }
    out.push(`${indent}<${name}>`);
    for (const v of value) element(item, v, `${indent}  `, out);
    out.push(`${indent}</${name}>`);
  } else if (value instanceof Date) {
    out.push(`${indent}<${name}>${w3(value)}</${name}>`);
  } else if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) {
      out.push(`${indent}<${name}/>`);
      return;
    }
    out.push(`${indent}<${name}>`);
    for (const [k, v] of entries) element(k, v, `${indent}  `, out);
    out.push(`${indent}</${name}>`);
  } else {
    out.push(`${indent}<${name}>${escapeXml(String(value))}</${name}>`);
  }
}

/** `value` as an XML document whose root element is `root`. */
export function toXml(root: string, value: unknown): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  element(root, value, '', out);
  return `${out.join('\n')}\n`;
}

/** Sends `value` in the asked format; `root` names the XML root element. */
export function send(ctx: Context, format: Format, root: string, value: unknown, status = 200): void {
  ctx.status = status;
  ctx.type = CONTENT_TYPES[format];
  ctx.body = format === 'xml' ? toXml(root, value) : JSON.stringify(value);
}

const CST_MS = 8 * 3_600_000;

/** A W3C date-time in China Standard Time (no daylight saving): 2026-06-01T08:30:00+08:00. */
export function w3(at: Date | string | null): string | null {
  if (at === null) return null;
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return `${new Date(ms + CST_MS).toISOString().slice(0, 19)}+08:00`;
}
