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
  const check = compiled(schema, where !== 'body');
  if (check(value)) return value as T;
  const problems = (check.errors ?? []).map((e) => describe(where, e));
  // `anyOf` reports every branch; keep the message short but the details whole.
  const first = problems[0]?.message ?? 'is not valid';
  const status = where === 'body' ? 422 : 400;
  const code = where === 'body' ? 'invalid_body' : where === 'query' ? 'invalid_query' : 'invalid_path';
  throw new AppError(status, code, problems.length > 1 ? `${first} (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : first, { problems });
}

/** A string with a fixed set of values (a JSON Schema enum: one clear error naming the values). */
export function StringEnum<T extends string>(values: readonly T[], options: { description?: string; default?: T } = {}): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
}
