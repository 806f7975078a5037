// The body of POST requests: form-urlencoded as GeoReport v2 says (attribute[code]=v,
// attribute[code][]=v for lists), or the same fields as a JSON object. Every field is
// checked and every problem named; an empty field counts as not sent (the spec's
// "optional arguments"). Unknown fields and attributes are refused.
import type { Context } from 'koa';
import parseBody from 'co-body';
import { AppError } from '../errors.ts';
import { invalidRequest } from './errors.ts';
import { COMPONENT_CODE_ATTRIBUTE, COMPONENT_CODE_PATTERN } from './services.ts';

const FORM_TYPES = ['application/x-www-form-urlencoded'];
const JSON_TYPES = ['application/json'];
export const BODY_TYPES = [...FORM_TYPES, ...JSON_TYPES];

/** A request body is a form of a few short fields: far less than this. */
const BODY_LIMIT = 256 * 1024;

const FIELDS = ['api_key', 'jurisdiction_id', 'service_code', 'lat', 'long', 'address_string', 'address_id', 'email', 'device_id',
  'account_id', 'first_name', 'last_name', 'phone', 'description', 'media_url', 'attribute'] as const;
type Field = (typeof FIELDS)[number];

/** Reads the body as a form or JSON object (415 for other types, 400 when malformed). */
export async function readForm(ctx: Context): Promise<Record<string, unknown>> {
  const length = Number(ctx.get('content-length') || 0);
  if (!length && !ctx.get('transfer-encoding')) return {};
  const json = !!ctx.is(JSON_TYPES);
  if (!json && !ctx.is(FORM_TYPES)) {
    throw new AppError(415, 'unsupported_media_type', `send the request as ${BODY_TYPES.join(' or ')}, not ${ctx.get('content-type') || 'no content type'}`);
  }
  let body: unknown;
  try {
    body = json
      ? await parseBody.json(ctx.req, { limit: BODY_LIMIT, strict: true, encoding: 'utf8' })
      : await parseBody.form(ctx.req, { limit: BODY_LIMIT, encoding: 'utf8', queryString: { allowDots: false, depth: 2, arrayLimit: 50, parameterLimit: 200 } });
  } catch (err) {
    const e = err as { status?: number; type?: string; message?: string };
    if (e.status === 413 || e.type === 'entity.too.large') throw new AppError(413, 'payload_too_large', `the body is larger than ${BODY_LIMIT} bytes`);
    if (e.status === 415 || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') throw new AppError(415, 'unsupported_media_type', e.message ?? 'unsupported encoding');
    throw new AppError(400, 'malformed_body', `the body is not a valid ${json ? 'JSON object' : 'form'}: ${e.message ?? 'parse error'}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError(400, 'malformed_body', 'the body must be an object of fields');
  return body as Record<string, unknown>;
}

export interface RequestInput {
  serviceCode: string;
  /** Both or neither. */
  lat: number | null;
  lon: number | null;
  address: string | null;
  description: string | null;
  mediaUrl: string | null;
  reporterName: string | null;
  phone: string | null;
  email: string | null;
  deviceId: string | null;
  accountId: string | null;
  componentCode: string | null;
}

// Text of a single line (ids, names) and of several lines (description): no control
// characters but line breaks and tabs in the latter.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const PHONE = /^[0-9+() -]{3,32}$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const CJK = /^[\p{Script=Han}·]+$/u;

/** The API key of a body (or of the query string). */
export function apiKeyOf(form: Record<string, unknown>, query: Record<string, unknown>): string | undefined {
  const k = form.api_key ?? query.api_key;
  return typeof k === 'string' && k !== '' ? k : undefined;
}

/** Checks the fields of a POST requests body; 400 listing every problem. */
export function parseRequestForm(form: Record<string, unknown>): RequestInput {
  const problems: string[] = [];
  for (const k of Object.keys(form)) if (!(FIELDS as readonly string[]).includes(k)) problems.push(`unknown field "${k}"`);

  /** A field as one string; numbers allowed where a JSON body may send them. */
  const one = (name: Field, max: number, opts: { multiline?: boolean; numeric?: boolean } = {}): string | null => {
    const v = form[name];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'number' && opts.numeric && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string') {
      problems.push(Array.isArray(v) ? `${name} must be sent once` : `${name} must be ${opts.numeric ? 'a number' : 'text'}`);
      return null;
    }
    const s = v.trim();
    if (s === '') return null;
    if ([...s].length > max) problems.push(`${name} must be at most ${max} characters`);
    else if ((opts.multiline ? CONTROL_BUT_BREAKS : CONTROL).test(s)) problems.push(`${name} must not hold control characters`);
    else return s;
    return null;
  };

  const serviceCode = one('service_code', 20);
  if (serviceCode === null && !problems.some((p) => p.startsWith('service_code'))) problems.push('service_code is required (GET services.json lists them)');

  const coordinate = (name: 'lat' | 'long', limit: number): number | null => {
    const s = one(name, 40, { numeric: true });
    if (s === null) return null;
    const n = Number(s);
    if (!NUMBER.test(s) || !Number.isFinite(n)) problems.push(`${name} must be a decimal number of degrees (WGS84), got "${s}"`);
    else if (Math.abs(n) > limit) problems.push(`${name} ${s} is outside -${limit}..${limit}`);
    else return n;
    return null;
  };
  const latSent = form.lat !== undefined && form.lat !== null && form.lat !== '';
  const lonSent = form.long !== undefined && form.long !== null && form.long !== '';
  const lat = coordinate('lat', 90);
  const lon = coordinate('long', 180);
  const address = one('address_string', 300);
  const addressId = one('address_id', 100);
  if (latSent !== lonSent) problems.push(`lat and long must be sent together; ${latSent ? 'long' : 'lat'} is missing`);
  else if (!latSent) {
    if (address !== null || addressId !== null) {
      problems.push(`this service cannot locate ${address !== null ? 'address_string' : 'address_id'} yet (it has no geocoder); send lat and long of the place`);
    } else if (!problems.some((p) => p.startsWith('address_'))) {
      problems.push('a location is required: send lat and long of the place');
    }
  }

  const description = one('description', 4000, { multiline: true });
  const mediaUrl = one('media_url', 2000);
  if (mediaUrl !== null) {
    if (!isWebUrl(mediaUrl)) problems.push(`media_url must be an http or https URL, got "${mediaUrl.slice(0, 100)}"`);
  }
  const first = one('first_name', 50);
  const last = one('last_name', 50);
  const phone = one('phone', 32);
  if (phone !== null && !PHONE.test(phone)) problems.push('phone may hold only digits, spaces, +, -, ( and ) (3 to 32 of them)');
  const email = one('email', 254);
  if (email !== null && !EMAIL.test(email)) problems.push(`email "${email.slice(0, 100)}" is not an e-mail address`);
  const deviceId = one('device_id', 100);
  const accountId = one('account_id', 100);
  one('jurisdiction_id', 200);

  let componentCode: string | null = null;
  const attrs = form.attribute;
  if (attrs !== undefined && attrs !== null && attrs !== '') {
    if (typeof attrs !== 'object' || Array.isArray(attrs)) problems.push('attribute must be sent as attribute[code]=value');
    else {
      for (const [code, value] of Object.entries(attrs as Record<string, unknown>)) {
        if (code !== COMPONENT_CODE_ATTRIBUTE) {
          problems.push(`attribute[${code.slice(0, 50)}] is not an attribute of this service (it has ${COMPONENT_CODE_ATTRIBUTE})`);
        } else if (value === null || value === '') {
          continue;
        } else if (typeof value !== 'string') {
          problems.push(`attribute[${code}] takes one value`);
        } else if (!COMPONENT_CODE_PATTERN.test(value.trim())) {
          problems.push(`attribute[${code}] must be the 16 digits of a component code, got "${value.slice(0, 40)}"`);
        } else {
          componentCode = value.trim();
        }
      }
    }
  }

  if (problems.length) throw invalidRequest(problems);
  return {
    serviceCode: serviceCode!,
    lat: latSent ? lat : null,
    lon: lonSent ? lon : null,
    address,
    description,
    mediaUrl,
    reporterName: reporterName(first, last),
    phone,
    email,
    deviceId,
    accountId,
    componentCode,
  };
}

function isWebUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** The reporter's name: family name first for Chinese names (张 + 三 = 张三), else "first last". */
export function reporterName(first: string | null, last: string | null): string | null {
  if (first === null && last === null) return null;
  if (first !== null && last !== null) return CJK.test(first) && CJK.test(last) ? `${last}${first}` : `${first} ${last}`;
  return (first ?? last)!;
}
