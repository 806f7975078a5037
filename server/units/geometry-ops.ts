// Geometry operations for the planner's workbench: split a polygon along a drawn line,
// merge polygons that share an edge. Done in PostGIS (ST_Split, ST_Union) in the
// request's transaction; nothing is written. The client saves the result through the
// batch endpoint (split: update one unit and create one; merge: update one and delete
// the others).
//
// The embedded GEOS now and then answers an overlay with no row at all instead of a
// result or an error; the same operation on the inputs snapped to a 1e-7 degree grid
// (about 1 cm) then succeeds, so an empty answer is retried once that way.
import type { Geometry, LineString, MultiPolygon, Polygon } from 'geojson';
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { assertValidGeometry } from '../geometry/validity.ts';
import { checkGeometry } from '../spatial/geojson/index.ts';

export interface GeometryOpOptions {
  maxVertices: number;
}

/** The snap grid of the retry, in degrees. */
const SNAP = 1e-7;

const input = (param: string, snap: boolean) =>
  snap ? `st_snaptogrid(st_setsrid(st_geomfromgeojson(${param}), 4326), ${SNAP})` : `st_setsrid(st_geomfromgeojson(${param}), 4326)`;

/** Runs `run` on the inputs as given, and once more snapped when it answered nothing. */
async function withSnapRetry<T>(run: (snap: boolean) => Promise<T | null>): Promise<T> {
  const first = await run(false);
  if (first !== null) return first;
  const second = await run(true);
  if (second !== null) return second;
  throw new AppError(500, 'geometry_operation_failed', 'the geometry engine gave no answer for these geometries, even snapped to 1 cm; simplify them and try again');
}

async function polygonInput(tx: Queryable, value: unknown, path: string, o: GeometryOpOptions): Promise<Polygon | MultiPolygon> {
  const g = checkGeometry(value, { types: ['Polygon', 'MultiPolygon'], maxVertices: o.maxVertices, path }) as Polygon | MultiPolygon;
  await assertValidGeometry(tx, g, path);
  return g;
}

export interface Piece {
  geometry: Polygon;
  area_m2: number;
}

/**
 * The pieces of `polygon` cut along `line` (a LineString that crosses it from one side
 * to the other, possibly several times): two or more polygons, largest first. 422 when
 * the line does not cut it.
 */
export async function splitPolygon(tx: Queryable, polygon: unknown, line: unknown, o: GeometryOpOptions): Promise<Piece[]> {
  const target = await polygonInput(tx, polygon, 'geometry', o);
  const blade = checkGeometry(line, { types: ['LineString'], maxVertices: o.maxVertices, path: 'line' }) as LineString;
  const texts = [JSON.stringify(target), JSON.stringify(blade)];
  const { parts, pieces } = await withSnapRetry(async (snap) => {
    const r = await tx.query<{ parts: number; pieces: { geometry: Polygon; area_m2: number }[] | null }>(
      `with g as (select ${input('$1', snap)} as poly, ${input('$2', snap)} as line),
            p as (select (st_dump(st_collectionextract(st_split(g.poly, g.line), 3))).geom as geom from g)
       select (select st_numgeometries(poly) from g)::int as parts,
              (select json_agg(json_build_object('geometry', st_asgeojson(geom, 9)::json, 'area_m2', round(st_area(geom::geography)::numeric, 1)::float8)
                               order by st_area(geom::geography) desc) from p where st_area(geom) > 0) as pieces`,
      texts,
    );
    const row = r.rows[0];
    return row && row.pieces ? { parts: row.parts, pieces: row.pieces } : null;
  });
  if (pieces.length <= parts) {
    const touches = await tx.query<{ hits: boolean }>(`select st_intersects(${input('$1', false)}, ${input('$2', false)}) as hits`, texts);
    throw new AppError(
      422,
      'line_does_not_cross',
      touches.rows[0]?.hits
        ? 'line: the line enters the polygon but does not cut through it; draw it from outside the boundary, across, to outside again'
        : 'line: the line does not cross the polygon; draw it across the boundary from one side to the other',
      { path: 'line' },
    );
  }
  return pieces;
}

/**
 * One polygon from two or more that are connected through shared edges (or overlap).
 * 422 naming the geometries that share no edge with the others.
 */
export async function mergePolygons(tx: Queryable, geometries: readonly unknown[], o: GeometryOpOptions): Promise<{ geometry: Polygon; area_m2: number }> {
  const shapes: Geometry[] = [];
  for (const [i, g] of geometries.entries()) shapes.push(await polygonInput(tx, g, `geometries[${i}]`, o));
  const texts = shapes.map((g) => JSON.stringify(g));
  // Which pairs share an edge (boundaries meet along a line) or overlap.
  const pairs = await withSnapRetry(async (snap) => {
    const r = await tx.query<{ pairs: [number, number][] | null; n: number }>(
      `with g as (select (u.ord - 1)::int as i, ${input('u.t', snap)} as geom from unnest($1::text[]) with ordinality as u(t, ord))
       select (select count(*)::int from g) as n,
              (select json_agg(json_build_array(a.i, b.i)) from g a join g b on a.i < b.i and a.geom && b.geom
                where st_relate(a.geom, b.geom, '****1****') or st_relate(a.geom, b.geom, 'T********')) as pairs`,
      [texts],
    );
    const row = r.rows[0];
    return row && row.n === texts.length ? (row.pairs ?? []) : null;
  });
  const apart = unconnected(texts.length, pairs);
  if (apart.length) {
    throw new AppError(
      422,
      'not_adjacent',
      `${apart.map((i) => `geometries[${i}]`).join(', ')} share${apart.length === 1 ? 's' : ''} no edge with the others; only polygons that touch along an edge can be merged`,
      { apart },
    );
  }
  const merged = await withSnapRetry(async (snap) => {
    const r = await tx.query<{ geometry: Polygon | MultiPolygon; parts: number; area_m2: number }>(
      `with u as (select st_collectionextract(st_union(${input('t', snap)}, 1e-9), 3) as geom from unnest($1::text[]) t)
       select st_asgeojson(geom, 9)::json as geometry, st_numgeometries(geom)::int as parts, round(st_area(geom::geography)::numeric, 1)::float8 as area_m2
         from u where geom is not null and not st_isempty(geom)`,
      [texts],
    );
    return r.rows[0] ?? null;
  });
  if (merged.parts !== 1 || merged.geometry.type !== 'Polygon') {
    const single = merged.geometry.type === 'MultiPolygon' && merged.geometry.coordinates.length === 1 ? merged.geometry.coordinates[0]! : null;
    if (single) return { geometry: { type: 'Polygon', coordinates: single }, area_m2: merged.area_m2 };
    throw new AppError(422, 'not_adjacent', `the polygons merge into ${merged.parts} separate parts, not one; they must touch along an edge`, { parts: merged.parts });
  }
  return { geometry: merged.geometry, area_m2: merged.area_m2 };
}

/** The nodes not connected to node 0 in the graph of `n` nodes and `edges` (union-find). */
export function unconnected(n: number, edges: readonly (readonly [number, number])[]): number[] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const [a, b] of edges) parent[find(a)] = find(b);
  const root = find(0);
  return parent.map((_, i) => i).filter((i) => find(i) !== root);
}
