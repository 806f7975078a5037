// Schema validation of everything that comes from outside: path parameters and query
// strings (strings coerced to the declared types), and JSON bodies (no coercion).
// Unknown fields are refused by the schemas (additionalProperties: false), so a body
// can never set a column the route did not declare.
import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { AppError } from '../errors.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const strictAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true }));
const coercingAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: 'array', useDefaults: true }));

export type Where = 'params' | 'query' | 'body';

export interface Problem {
  in: Where;
  /** JSON pointer into the input, e.g. /properties/name. */
  path: string;
  message: string;
}

function describe(where: Where, e: ErrorObject): Problem {
  const at = e.instancePath || '';
  if (e.keyword === 'additionalProperties') {
    const field = (e.params as { additionalProperty: string }).additionalProperty;
    const message = where === 'query' ? `unknown query parameter "${field}"` : `unknown field "${field}"`;
    return { in: where, path: `${at}/${field}`, message };
  }
  if (e.keyword === 'required') {
    const field = (e.params as { missingProperty: string }).missingProperty;
    return { in: where, path: `${at}/${field}`, message: `"${field}" is required` };
  }
  const name = at ? at.split('/').filter(Boolean).join('.') : where;
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
    return { in: where, path: at, message: `${name} must be one of ${allowed.join(', ')}` };
  }
  return { in: where, path: at, message: `${name} ${e.message ?? 'is not valid'}` };
}

const cache = new WeakMap<TSchema, { strict?: ValidateFunction; coercing?: ValidateFunction }>();

function compiled(schema: TSchema, coercing: boolean): ValidateFunction {
  const entry = cache.get(schema) ?? {};
  cache.set(schema, entry);
  if (coercing) return (entry.coercing ??= coercingAjv.compile(schema));
  return (entry.strict ??= strictAjv.compile(schema));
}

/**
 * Checks `value` against `schema` and returns it (coerced and with defaults where the
 * schema gives them). Refuses with 400 for parameters and queries, 422 for bodies,
 * listing every problem with where it is.
 */
export function validate<T>(where: Where, schema: TSchema, value: unknown): T {
  const broken = illFormedString(value, '');
  if (broken !== null) {
    const name = broken ? broken.split('/').filter(Boolean).join('.') : where;
    const message = `${name} holds text that is not valid Unicode (a lone surrogate such as \\ud800); send UTF-8 text`;
    throw new AppError(where === 'body' ? 422 : 400, where === 'body' ? 'invalid_body' : where === 'query' ? 'invalid_query' : 'invalid_path', message, {
      problems: [{ in: where, path: broken, message }],
    });
  }
  const check = compiled(schema, where !== 'body');
  if (check(value)) return value as T;
  const problems = (check.errors ?? []).map((e) => describe(where, e));
  // `anyOf` reports every branch; keep the message short but the details whole.
  const first = problems[0]?.message ?? 'is not valid';
  const status = where === 'body' ? 422 : 400;
  const code = where === 'body' ? 'invalid_body' : where === 'query' ? 'invalid_query' : 'invalid_path';
  throw new AppError(status, code, problems.length > 1 ? `${first} (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : first, { problems });
}

/**
 * The JSON pointer of the first string (value or key) that is not well-formed UTF-16
 * (a lone surrogate, e.g. "\ud800" in JSON), or null. Such text cannot be stored as
 * it was sent: PostgreSQL would receive U+FFFD in its place. Found by the bad-input
 * corpus (tests/reliability).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

export function illFormedString(value: unknown, at: string, depth = 0): string | null {
  if (typeof value === 'string') return wellFormed(value) ? null : at;
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = illFormedString(value[i], `${at}/${i}`, depth + 1);
      if (r !== null) return r;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (!wellFormed(k)) return `${at}/${k}`;
    const r = illFormedString(v, `${at}/${k}`, depth + 1);
    if (r !== null) return r;
  }
  return null;
}

/** A string with a fixed set of values (a JSON Schema enum: one clear error naming the values). */
export function StringEnum<T extends string>(values: readonly T[], options: { description?: string; default?: T } = {}): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
}
