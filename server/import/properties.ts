// A feature's properties against the target's schema, every problem named by its
// field: strictly for GeoJSON (types as sent), with coercion for CSV (where every
// cell is text: "12" may be an integer). Unknown fields are refused by the schema.
import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const strictAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true }));
const coercingAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: true, useDefaults: true }));

export interface PropertyProblem {
  field: string;
  reason: string;
  message: string;
}

function describe(e: ErrorObject): PropertyProblem {
  const at = e.instancePath.split('/').filter(Boolean).join('.');
  if (e.keyword === 'additionalProperties') {
    const f = (e.params as { additionalProperty: string }).additionalProperty;
    return { field: `properties.${f}`, reason: 'unknown_field', message: `unknown field "${f}"` };
  }
  if (e.keyword === 'required') {
    const f = (e.params as { missingProperty: string }).missingProperty;
    return { field: `properties.${f}`, reason: 'required', message: `"${f}" is required` };
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
    return { field: `properties.${at}`, reason: 'not_allowed', message: `${at} must be one of ${allowed.join(', ')}` };
  }
  return { field: at ? `properties.${at}` : 'properties', reason: e.keyword, message: `${at || 'properties'} ${e.message ?? 'is not valid'}` };
}

export type PropertiesCheck = (value: Record<string, unknown>) => PropertyProblem[];

/** A checker for one schema; `coerce` for text sources (CSV). Mutates the value (defaults, coercion). */
const compiled = new WeakMap<TSchema, { strict?: ValidateFunction; coercing?: ValidateFunction }>();

export function propertiesChecker(schema: TSchema, coerce: boolean): PropertiesCheck {
  const entry = compiled.get(schema) ?? {};
  compiled.set(schema, entry);
  const check = coerce ? (entry.coercing ??= coercingAjv.compile(schema)) : (entry.strict ??= strictAjv.compile(schema));
  return (value) => {
    if (check(value)) return [];
    // `anyOf` branches repeat a field; keep one problem per field and keyword.
    const seen = new Set<string>();
    return (check.errors ?? []).map(describe).filter((p) => !seen.has(`${p.field}/${p.reason}`) && seen.add(`${p.field}/${p.reason}`));
  };
}
