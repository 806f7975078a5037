// The tile manifest (tiles/manifest.json) read and checked once at start: sources,
// their MVT layers with zoom ranges, fields and the tables each reads, the filter
// params they take, and each layer's feature query from its SQL file. A manifest that
// breaks the contract (tiles/README.md) stops the server with a reason.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const TILES_DIR = fileURLToPath(new URL('../../tiles/', import.meta.url));

const IDENT = '^[a-z][a-z0-9_]*$';
const Zoom = Type.Integer({ minimum: 0, maximum: 24 });

const FieldSchema = Type.Object({
  type: Type.Union([Type.Literal('string'), Type.Literal('number'), Type.Literal('boolean')]),
  description: Type.String({ minLength: 1 }),
  values: Type.Optional(Type.Array(Type.String())),
}, { additionalProperties: false });

const ParamSchema = Type.Object({
  type: Type.Union([Type.Literal('string'), Type.Literal('integer'), Type.Literal('date')]),
  description: Type.String({ minLength: 1 }),
  /** Several values, comma-separated or the parameter repeated; bound as an array. */
  list: Type.Optional(Type.Boolean()),
  values: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
  pattern: Type.Optional(Type.String()),
  minimum: Type.Optional(Type.Integer()),
  maximum: Type.Optional(Type.Integer()),
  /** A date param that may not lie before the named one. */
  notBefore: Type.Optional(Type.String()),
}, { additionalProperties: false });

const LayerSchema = Type.Object({
  name: Type.String({ pattern: IDENT }),
  sql: Type.String({ pattern: '^[a-z0-9_.]+\\.sql$' }),
  description: Type.String({ minLength: 1 }),
  geometry: Type.Union([Type.Literal('point'), Type.Literal('line'), Type.Literal('polygon')]),
  minzoom: Zoom,
  maxzoom: Zoom,
  /** True when the query returns an integer `id` column, written as the feature id. */
  id: Type.Boolean(),
  tables: Type.Array(Type.String({ pattern: IDENT }), { minItems: 1 }),
  fields: Type.Record(Type.String({ pattern: IDENT }), FieldSchema),
}, { additionalProperties: false });

const SourceSchema = Type.Object({
  title: Type.String({ minLength: 1 }),
  description: Type.String({ minLength: 1 }),
  minzoom: Zoom,
  maxzoom: Zoom,
  /** Seconds a client may keep a tile without asking again (0: revalidate every time). */
  maxAge: Type.Integer({ minimum: 0 }),
  params: Type.Record(Type.String({ pattern: IDENT }), ParamSchema),
  layers: Type.Array(LayerSchema, { minItems: 1 }),
}, { additionalProperties: false });

const ManifestSchema = Type.Object({
  $comment: Type.Optional(Type.String()),
  extent: Type.Integer({ minimum: 256, maximum: 65536 }),
  buffer: Type.Integer({ minimum: 0, maximum: 4096 }),
  sources: Type.Record(Type.String({ pattern: IDENT }), SourceSchema),
}, { additionalProperties: false });

export type FieldSpec = Static<typeof FieldSchema>;
export type ParamSpec = Static<typeof ParamSchema> & { name: string; /** $n in the layer queries */ position: number };

export interface TileLayer extends Omit<Static<typeof LayerSchema>, 'fields'> {
  fields: Record<string, FieldSpec>;
  /** The feature query, as in the file (comments kept, trailing semicolon dropped). */
  query: string;
}

export interface TileSource {
  name: string;
  title: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  maxAge: number;
  /** In manifest order: the first is bound as $4. */
  params: ParamSpec[];
  layers: TileLayer[];
  /** Every table a layer of the source reads (cache invalidation). */
  tables: Set<string>;
}

export interface TileManifest {
  extent: number;
  buffer: number;
  sources: Map<string, TileSource>;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

/** The $n placeholders a query uses. */
function placeholders(sql: string): Set<number> {
  const noComments = sql.replace(/--[^\n]*/g, '').replace(/'(?:[^']|'')*'/g, "''");
  return new Set([...noComments.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
}

function checkLayer(source: string, layer: TileLayer, params: ParamSpec[], minzoom: number, maxzoom: number): void {
  const where = `tile layer ${source}/${layer.name} (${layer.sql})`;
  if (layer.minzoom > layer.maxzoom) throw new ManifestError(`${where}: minzoom ${layer.minzoom} is above maxzoom ${layer.maxzoom}`);
  if (layer.minzoom < minzoom || layer.maxzoom > maxzoom) {
    throw new ManifestError(`${where}: zooms ${layer.minzoom}-${layer.maxzoom} lie outside the source's ${minzoom}-${maxzoom}`);
  }
  for (const reserved of ['geom', 'id']) {
    if (reserved in layer.fields) throw new ManifestError(`${where}: "${reserved}" is not a field name (it is the ${reserved === 'geom' ? 'geometry' : 'feature id'} column)`);
  }
  const used = placeholders(layer.query);
  const expected = 3 + params.length;
  for (let n = 1; n <= expected; n++) {
    if (!used.has(n)) {
      const what = n <= 3 ? ['z', 'x', 'y'][n - 1] : `param ${params[n - 4]!.name}`;
      throw new ManifestError(`${where}: the query never uses $${n} (${what}); every layer binds z, x, y and all of its source's params`);
    }
  }
  const extra = [...used].filter((n) => n > expected);
  if (extra.length) throw new ManifestError(`${where}: the query uses $${extra.join(', $')} but the source declares ${params.length} params`);
  if (/;\s*\S/.test(layer.query.replace(/--[^\n]*/g, ''))) throw new ManifestError(`${where}: one statement only`);
}

function checkParam(source: string, p: ParamSpec, all: Record<string, unknown>): void {
  const where = `tile source ${source}, param ${p.name}`;
  if (p.pattern !== undefined) {
    try {
      new RegExp(p.pattern);
    } catch (err) {
      throw new ManifestError(`${where}: pattern is not a regular expression: ${(err as Error).message}`);
    }
  }
  if ((p.minimum !== undefined || p.maximum !== undefined) && p.type !== 'integer') throw new ManifestError(`${where}: minimum and maximum are for integers`);
  if (p.values && p.type !== 'string') throw new ManifestError(`${where}: values are for strings`);
  if (p.notBefore !== undefined && (p.type !== 'date' || !(p.notBefore in all))) {
    throw new ManifestError(`${where}: notBefore must name another date param of the source`);
  }
}

/** Parses and checks a manifest; `readSql` gives a layer file's text. */
export function parseManifest(json: unknown, readSql: (file: string) => string): TileManifest {
  if (!Value.Check(ManifestSchema, json)) {
    const first = [...Value.Errors(ManifestSchema, json)].slice(0, 3).map((e) => `${e.path || '/'}: ${e.message}`);
    throw new ManifestError(`tiles/manifest.json does not match its schema: ${first.join('; ')}`);
  }
  const sources = new Map<string, TileSource>();
  for (const [name, s] of Object.entries(json.sources)) {
    if (s.minzoom > s.maxzoom) throw new ManifestError(`tile source ${name}: minzoom ${s.minzoom} is above maxzoom ${s.maxzoom}`);
    const params = Object.entries(s.params).map(([pname, p], i) => ({ ...p, name: pname, position: 4 + i }));
    for (const p of params) checkParam(name, p, s.params);
    const layers = s.layers.map((l) => {
      const query = readSql(l.sql).trim().replace(/;\s*$/, '');
      const layer: TileLayer = { ...l, query };
      checkLayer(name, layer, params, s.minzoom, s.maxzoom);
      return layer;
    });
    const seen = new Set<string>();
    for (const l of layers) {
      if (seen.has(l.name)) throw new ManifestError(`tile source ${name}: two layers are named ${l.name}`);
      seen.add(l.name);
    }
    sources.set(name, {
      name,
      title: s.title,
      description: s.description,
      minzoom: s.minzoom,
      maxzoom: s.maxzoom,
      maxAge: s.maxAge,
      params,
      layers,
      tables: new Set(layers.flatMap((l) => l.tables)),
    });
  }
  return { extent: json.extent, buffer: json.buffer, sources };
}

/** Reads tiles/manifest.json and the SQL files it names. */
export function loadManifest(dir = TILES_DIR): TileManifest {
  const json = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as unknown;
  return parseManifest(json, (file) => readFileSync(path.join(dir, file), 'utf8'));
}
