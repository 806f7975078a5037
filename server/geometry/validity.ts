// The database half of the geometry validation pipeline: PostGIS ST_IsValidDetail
// (OGC validity) on geometries that passed the pure checks (server/spatial/geojson),
// answered with the reason and the place, e.g. "geometry: self-intersection at
// 112.0012, 27.7301". One bound query per geometry, or per chunk for imports.
import type { Geometry } from 'geojson';
import type { Queryable } from '../db/types.ts';
import { formatLocation, geometryError, type GeometryProblem } from '../spatial/geojson/index.ts';

/** What to do about each PostGIS reason, in a planner's words. */
const HINTS: Record<string, string> = {
  self_intersection: 'the boundary crosses or touches itself there; move the vertices so edges do not cross',
  ring_self_intersection: 'a ring touches itself there; split it into two polygons or move the vertex',
  hole_lies_outside_shell: 'a hole (inner ring) lies outside its outer ring; remove it or draw it inside',
  nested_shells: 'one polygon of the multipolygon lies inside another; merge them or make the inner one a hole',
  interior_is_disconnected: 'the holes cut the polygon into pieces; split it into separate polygons',
  too_few_points_in_geometry_component: 'a ring or line collapses to fewer distinct points than it needs; remove it or add vertices',
  nested_holes: 'a hole lies inside another hole; remove one of them',
  duplicate_rings: 'the same ring appears twice; remove one',
  invalid_coordinate: 'a coordinate is not a finite number',
  ring_is_not_closed: 'repeat the first position at the end of the ring',
};

/** PostGIS's reason ("Ring Self-intersection") as a code ("ring_self_intersection"). */
export function reasonCode(reason: string): string {
  return reason.replace(/\[.*$/, '').trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'invalid';
}

interface DetailRow {
  index: number;
  reason: string | null;
  x: number | null;
  y: number | null;
}

function toProblem(path: string, row: DetailRow): GeometryProblem {
  const reason = row.reason?.replace(/\[.*$/, '').trim() || 'invalid geometry';
  const code = reasonCode(reason);
  const location: [number, number] | undefined = row.x !== null && row.y !== null ? [row.x, row.y] : undefined;
  const hint = HINTS[code];
  const where = location ? ` at ${formatLocation(location)}` : '';
  return { path, reason: code, message: `${path}: ${reason.toLowerCase()}${where}${hint ? ` (${hint})` : ''}`, ...(location ? { location } : {}) };
}

const DETAIL_SQL = `
  select (u.ord - 1)::int as index, (d).reason, st_x((d).location) as x, st_y((d).location) as y
    from unnest($1::text[]) with ordinality as u(geojson, ord)
    cross join lateral (select st_isvaliddetail(st_setsrid(st_geomfromgeojson(u.geojson), 4326)) as d) v
   where not (d).valid
   order by u.ord`;

/**
 * Largest area a polygonal geometry may cover, in m²: 100 km², three times the seeded
 * district. Every boundary is indexed with H3 cells at res 12 (~307 m² each); a
 * polygon of a few thousand km² (a degree-sized triangle, coordinates in the wrong
 * units) made hundreds of millions of cells and aborted the H3 engine (OOM, a 500
 * after 30 s) before this cap.
 */
export const MAX_POLYGON_AREA_M2 = 100e6;

const EARTH_RADIUS_M = 6_378_137;

/** Area of a ring on the sphere, m² (the spherical-excess formula turf uses), unsigned. */
function ringArea(ring: readonly number[][]): number {
  let total = 0;
  const rad = Math.PI / 180;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    total += (x2! - x1!) * rad * (2 + Math.sin(y1! * rad) + Math.sin(y2! * rad));
  }
  return Math.abs((total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** Area of the outer rings of a (multi)polygon in m² (holes not subtracted: an upper bound). */
export function polygonArea(g: Geometry): number {
  if (g.type === 'Polygon') return g.coordinates[0] ? ringArea(g.coordinates[0]) : 0;
  if (g.type === 'MultiPolygon') return g.coordinates.reduce((sum, p) => sum + (p[0] ? ringArea(p[0]) : 0), 0);
  return 0;
}

/** The problem with a polygon too large to index, or null. */
export function sizeProblem(g: Geometry, path: string): GeometryProblem | null {
  const area = polygonArea(g);
  if (area <= MAX_POLYGON_AREA_M2) return null;
  const km2 = (m2: number) => `${Math.round(m2 / 1e6).toLocaleString('en')} km²`;
  return {
    path,
    reason: 'too_large',
    message: `${path}: covers about ${km2(area)}; at most ${km2(MAX_POLYGON_AREA_M2)} is accepted (are the coordinates in degrees of WGS 84? split a larger area into several)`,
  };
}

/** Throws 422 invalid_geometry when the geometry is too large or PostGIS finds it invalid. */
export async function assertValidGeometry(q: Queryable, geometry: Geometry, path = 'geometry'): Promise<void> {
  if (alwaysValid(geometry)) return;
  const large = sizeProblem(geometry, path);
  if (large) throw geometryError(large);
  const r = await q.query<DetailRow>(DETAIL_SQL, [[JSON.stringify(geometry)]]);
  const row = r.rows[0];
  if (row) throw geometryError(toProblem(path, row));
}

/** A geometry's problem found by PostGIS, with the index it was given at. */
export interface IndexedProblem extends GeometryProblem {
  index: number;
}

/**
 * Points and multipoints that passed the pure checks (finite 2D coordinates) are
 * valid by definition of OGC validity; they are not sent to the database.
 */
function alwaysValid(g: Geometry): boolean {
  return g.type === 'Point' || g.type === 'MultiPoint';
}

/**
 * The PostGIS verdict on many geometries: one query per `chunk` geometries, the
 * problems in input order. `pathOf(i)` names geometry i in the messages.
 */
export async function validGeometryReport(
  q: Queryable,
  geometries: readonly Geometry[],
  pathOf: (index: number) => string = (i) => `features[${i}].geometry`,
  chunk = 5_000,
): Promise<IndexedProblem[]> {
  const out: IndexedProblem[] = [];
  for (let start = 0; start < geometries.length; start += chunk) {
    const texts: string[] = [];
    const indexes: number[] = [];
    for (let i = start; i < Math.min(geometries.length, start + chunk); i++) {
      const g = geometries[i]!;
      if (alwaysValid(g)) continue;
      const large = sizeProblem(g, pathOf(i));
      if (large) {
        out.push({ index: i, ...large });
        continue;
      }
      texts.push(JSON.stringify(g));
      indexes.push(i);
    }
    if (texts.length === 0) continue;
    const r = await q.query<DetailRow>(DETAIL_SQL, [texts]);
    for (const row of r.rows) {
      const index = indexes[row.index]!;
      out.push({ index, ...toProblem(pathOf(index), row) });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}
