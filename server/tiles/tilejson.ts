// TileJSON 3.0.0 for one or more sources: the tiles URL on the origin the request came
// to (with the request's filters), the zoom range, the city's extent and centre, and
// every MVT layer with its fields.
import type { Queryable } from '../db/types.ts';
import type { TileSource } from './manifest.ts';

export interface CityExtent {
  bounds: [number, number, number, number];
  center: [number, number];
}

const EXTENT_SQL = `
  select st_xmin(e) as xmin, st_ymin(e) as ymin, st_xmax(e) as xmax, st_ymax(e) as ymax
    from (select st_extent(geom) as e from admin_areas where level = 'district') s
   where e is not null`;

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** The extent of the city's districts (public data), or null while there are none. */
export async function cityExtent(q: Queryable): Promise<CityExtent | null> {
  const row = (await q.query<{ xmin: number; ymin: number; xmax: number; ymax: number }>(EXTENT_SQL)).rows[0];
  if (!row) return null;
  const bounds = [row.xmin, row.ymin, row.xmax, row.ymax].map((v) => round6(Number(v))) as CityExtent['bounds'];
  return { bounds, center: [round6((bounds[0] + bounds[2]) / 2), round6((bounds[1] + bounds[3]) / 2)] };
}

const TYPE_NAMES = { string: 'String', number: 'Number', boolean: 'Boolean' } as const;

export function tileJson(sources: readonly TileSource[], origin: string, query: string, extent: CityExtent | null): Record<string, unknown> {
  const minzoom = Math.min(...sources.map((s) => s.minzoom));
  const maxzoom = Math.max(...sources.map((s) => s.maxzoom));
  const names = sources.map((s) => s.name).join(',');
  const bounds = extent?.bounds ?? [-180, -85.051129, 180, 85.051129];
  const [lon, lat] = extent?.center ?? [0, 0];
  // The zoom at which the city spans about a tile, within the sources' range.
  const span = Math.max(bounds[2] - bounds[0], 1e-6);
  const zoom = Math.min(maxzoom, Math.max(minzoom, Math.floor(Math.log2(360 / span))));
  return {
    tilejson: '3.0.0',
    name: sources.map((s) => s.title).join(', '),
    description: sources.map((s) => s.description).join(' '),
    version: '1.0.0',
    attribution: 'gridcity',
    scheme: 'xyz',
    tiles: [`${origin}/tiles/${names}/{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`],
    minzoom,
    maxzoom,
    bounds,
    center: [lon, lat, zoom],
    vector_layers: sources.flatMap((s) => s.layers.map((l) => ({
      id: l.name,
      description: l.description,
      minzoom: l.minzoom,
      maxzoom: l.maxzoom,
      fields: Object.fromEntries(Object.entries(l.fields).map(([name, f]) => [
        name,
        `${TYPE_NAMES[f.type]}: ${f.description}${f.values ? ` (${f.values.join(', ')})` : ''}`,
      ])),
    }))),
  };
}
