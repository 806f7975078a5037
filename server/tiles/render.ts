// Makes one tile of one or more sources: each MVT layer's query bound to z, x, y and
// its source's params, in the caller's transaction (so row-level security applies).
// 'mvt' concatenates the layers ST_AsMVT made (a tile is a sequence of layers); 'js'
// encodes the clipped GeoJSON rows with mvt.ts. Both give the same decoded tile.
import type { Geometry } from 'geojson';
import type { Queryable } from '../db/types.ts';
import type { TileLayer, TileManifest, TileSource } from './manifest.ts';
import { encodeTile, type MvtLayer, type PropertyValue } from './mvt.ts';
import { bindParams, type TileParams } from './params.ts';
import { featureSql, mvtSql, type RenderMode } from './sql.ts';

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** Builds each layer's SQL once per mode. */
export class TileSql {
  private readonly built = new Map<string, string>();

  constructor(private readonly manifest: TileManifest) {}

  get(mode: RenderMode, source: TileSource, layer: TileLayer): string {
    const key = `${mode}:${source.name}:${layer.name}`;
    let sql = this.built.get(key);
    if (sql === undefined) {
      const { extent, buffer } = this.manifest;
      sql = mode === 'mvt' ? mvtSql(layer, extent, buffer) : featureSql(layer, extent, buffer);
      this.built.set(key, sql);
    }
    return sql;
  }
}

/** The layers of `sources` that have data at zoom z, in request and manifest order. */
export function layersAt(sources: readonly TileSource[], z: number): { source: TileSource; layer: TileLayer }[] {
  return sources.flatMap((source) => source.layers.filter((l) => z >= l.minzoom && z <= l.maxzoom).map((layer) => ({ source, layer })));
}

function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new Error(`ST_AsMVT returned ${typeof v}, not bytes`);
}

function propertiesOf(layer: TileLayer, row: Record<string, unknown>): Record<string, PropertyValue | null> {
  const out: Record<string, PropertyValue | null> = {};
  for (const name of Object.keys(layer.fields)) {
    const v = row[name];
    out[name] = v === null || v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
  }
  return out;
}

/** The raw (uncompressed) tile; zero bytes when no layer has a feature. */
export async function renderTile(
  q: Queryable,
  mode: RenderMode,
  sql: TileSql,
  extent: number,
  sources: readonly TileSource[],
  { z, x, y }: TileAddress,
  params: TileParams,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  const encoded: MvtLayer[] = [];
  for (const { source, layer } of layersAt(sources, z)) {
    const bound = [z, x, y, ...bindParams(source, params)];
    if (mode === 'mvt') {
      const r = await q.query<{ mvt: unknown }>(sql.get(mode, source, layer), bound);
      const bytes = toBuffer(r.rows[0]?.mvt ?? new Uint8Array());
      if (bytes.length) parts.push(bytes);
    } else {
      const r = await q.query<Record<string, unknown> & { geojson: string }>(sql.get(mode, source, layer), bound);
      encoded.push({
        name: layer.name,
        extent,
        features: r.rows.map((row) => ({
          ...(layer.id && row.id !== null && row.id !== undefined ? { id: Number(row.id) } : {}),
          properties: propertiesOf(layer, row),
          geometry: JSON.parse(row.geojson) as Geometry,
        })),
      });
    }
  }
  if (mode === 'js') return Buffer.from(encodeTile(encoded));
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}
