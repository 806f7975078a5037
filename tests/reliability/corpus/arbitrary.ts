// fast-check arbitraries generated from the route table's JSON Schemas (TypeBox), so
// a new route's body and query are fuzzed with no test written for it: values that
// follow the schema (to get past validation and into the handler), values with one
// field broken, and anything JSON at all. A field of unknown type that takes GeoJSON
// gets geometries: the corpus's and random ones around the city.
import fc from 'fast-check';
import type { TSchema } from '@sinclair/typebox';
import { geometryCorpus } from './geometries.ts';

type Schema = Record<string, unknown> & { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[]; allOf?: Schema[]; enum?: unknown[]; const?: unknown };

const lonLat = fc.tuple(fc.double({ min: 111.9, max: 112.1, noNaN: true }), fc.double({ min: 27.6, max: 27.8, noNaN: true }));

/** Random geometries: corpus cases, random rings around the city (valid or not), points. */
export function geometryArbitrary(maxVertices: number): fc.Arbitrary<unknown> {
  const corpus = geometryCorpus({ maxVertices }).filter((c) => !c.name.startsWith('huge') && !c.name.startsWith('large'));
  const ring = fc.array(lonLat, { minLength: 3, maxLength: 12 }).map((ps) => [...ps, ps[0]!]);
  return fc.oneof(
    fc.constantFrom(...corpus.map((c) => c.geometry)),
    ring.map((r) => ({ type: 'Polygon', coordinates: [r] })),
    fc.array(ring, { minLength: 1, maxLength: 3 }).map((rs) => ({ type: 'MultiPolygon', coordinates: rs.map((r) => [r]) })),
    lonLat.map((p) => ({ type: 'Point', coordinates: p })),
    fc.array(lonLat, { minLength: 2, maxLength: 6 }).map((ps) => ({ type: 'LineString', coordinates: ps })),
    fc.jsonValue({ maxDepth: 4 }),
  );
}

export interface ArbitraryOptions {
  maxVertices: number;
  /** Values for integer fields by name (ids that exist), tried beside random ones. */
  known?: Record<string, unknown[]>;
}

const cap = (n: unknown, d: number) => (typeof n === 'number' ? n : d);

/** Values that satisfy `schema` (mostly). */
export function fromSchema(schema: TSchema | Schema, o: ArbitraryOptions, name = '', depth = 0): fc.Arbitrary<unknown> {
  const s = schema as Schema;
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  if (s.anyOf) return fc.oneof(...s.anyOf.map((x) => fromSchema(x, o, name, depth + 1)));
  if (s.allOf) {
    // Composite objects: merge the properties.
    const props: Record<string, Schema> = {};
    const required: string[] = [];
    for (const part of s.allOf) {
      Object.assign(props, part.properties ?? {});
      required.push(...(part.required ?? []));
    }
    return fromSchema({ type: 'object', properties: props, required }, o, name, depth);
  }
  const known = o.known?.[name];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      if (depth > 6 || !s.properties) return fc.constant({});
      const keys = Object.keys(s.properties);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const k of keys) model[k] = fromSchema(s.properties[k]!, o, k, depth + 1);
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => keys.includes(k)) });
    }
    case 'array':
      return fc.array(s.items ? fromSchema(s.items, o, name, depth + 1) : fc.jsonValue({ maxDepth: 2 }), {
        minLength: Math.min(cap(s.minItems, 0), 3),
        maxLength: Math.max(Math.min(cap(s.maxItems, 4), 4), Math.min(cap(s.minItems, 0), 3)),
      });
    case 'string': {
      if (typeof s.pattern === 'string') return fc.stringMatching(new RegExp(s.pattern), { size: 'xsmall' }).filter((x) => x.length <= cap(s.maxLength, 1e9));
      if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      return fc.string({ minLength: cap(s.minLength, 0), maxLength: Math.max(cap(s.minLength, 0), Math.min(cap(s.maxLength, 24), 24)) });
    }
    case 'integer': {
      const min = Math.max(cap(s.minimum, -1e6), -2147483648);
      const max = Math.min(cap(s.maximum, Math.max(min, 0) + 1e6), 2147483647);
      const r = fc.integer({ min, max: Math.max(min, max) });
      return known?.length ? fc.oneof(fc.constantFrom(...known), r) : r;
    }
    case 'number':
      return fc.double({ min: cap(s.minimum, -1e6), max: cap(s.maximum, 1e6), noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      // Unknown: a GeoJSON slot, or anything.
      if (/GeoJSON/.test(String(s.description ?? ''))) return geometryArbitrary(o.maxVertices);
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** One field of an object replaced by anything, or removed. */
function broken(arb: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(arb, fc.nat(), fc.jsonValue({ maxDepth: 3 }), fc.boolean()).map(([v, i, junk, remove]) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return junk;
    const keys = Object.keys(v);
    if (keys.length === 0) return { [String(junk).slice(0, 10) || 'x']: junk };
    const k = keys[i % keys.length]!;
    const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    if (remove) delete copy[k];
    else copy[k] = junk;
    return copy;
  });
}

/** A body for a route: mostly schema-shaped, sometimes broken, sometimes anything. */
export function bodyArbitrary(schema: TSchema | undefined, o: ArbitraryOptions): fc.Arbitrary<unknown> {
  if (!schema) return fc.jsonValue({ maxDepth: 4 });
  const ok = fromSchema(schema, o);
  return fc.oneof({ arbitrary: ok, weight: 4 }, { arbitrary: broken(ok), weight: 2 }, { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 1 });
}

/** A query string for a route: schema-shaped values, broken ones, unknown parameters. */
export function queryArbitrary(schema: TSchema | undefined, o: ArbitraryOptions): fc.Arbitrary<string> {
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
  const shaped = schema ? fromSchema(schema, o) : fc.constant({});
  const junkValue = fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('', 'NaN', 'Infinity', '-1', '1e309', '%', '\u0000', 'null', 'true', '[]', '1,2,3,4', '../../etc/passwd', "' or 1=1 --"));
  const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), junkValue, { maxKeys: 2 });
  return fc.tuple(fc.oneof({ arbitrary: shaped, weight: 3 }, { arbitrary: broken(shaped), weight: 2 }), extra, fc.nat({ max: 3 })).map(([q, more, mode]) => {
    const params = new URLSearchParams();
    if (q && typeof q === 'object' && !Array.isArray(q)) for (const [k, v] of Object.entries(q)) params.append(k, text(v));
    if (mode === 0) for (const [k, v] of Object.entries(more)) params.append(k, v);
    if (mode === 1) for (const k of [...params.keys()]) params.append(k, 'again');
    return params.toString();
  });
}
