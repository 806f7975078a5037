// Public places for the residents' maps (寻厕图, 寻园图, 找摊图 …): toilets, parks, vendor
// zones, service stations and charging sheds, listed in a box or the nearest to a
// point. Each kind reads one table with its own filter (only public points, only sheds
// and zones in operation: the row-level security of schema/015 says the same for the
// public role, so a signed-in officer's public map shows what a resident's does).
//
// Nearest: `target::geography <-> point` walks the GiST index on that expression (KNN on
// the sphere; the index scan rechecks exact distances, polygons included) and the
// distance reported is the same spherical distance, so the order and the figures agree.
// (No tie-break in that ORDER BY: a second key stops PostgreSQL walking the index; the
// outer query orders the few rows found by distance, then id.)
// For an area (a park's green, a vendor zone) the distance is to its nearest edge (0
// inside) and `to` is that nearest point of the edge, found in Web Mercator (conformal,
// so the nearest point is right locally); for a point place `to` is the place itself.
import type { Queryable } from '../db/types.ts';

export const PLACE_KINDS = ['toilet', 'park', 'vendor_zone', 'service_station', 'charging_shed'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface Place {
  kind: PlaceKind;
  id: number;
  name: string;
  name_en: string | null;
  address: string | null;
  open_hours: string | null;
  /** Kind-specific facts: stalls of a vendor zone, piles of a shed, type of a station. */
  details: Record<string, unknown> | null;
  /** Where to put the marker: the point, or a point inside the area. */
  point: [number, number];
  /** The area of a park or vendor zone (GeoJSON MultiPolygon), else null. */
  area: { type: 'MultiPolygon'; coordinates: number[][][][] } | null;
}

export interface NearPlace extends Place {
  /** Metres on the sphere from the point asked about to the place (its nearest edge for an area; 0 inside). */
  distance_m: number;
  /** The nearest point of the place: the place itself, or the nearest point of the area's edge. */
  to: [number, number];
  /** Direction from the point asked about to `to`, degrees clockwise from north (null at 0 m). */
  bearing_deg: number | null;
}

/**
 * One subquery per kind with the same columns: id, name, name_en, address, open_hours,
 * details (json), pt (marker point), area (polygon or null), target (what distance is
 * measured to: an indexed column of the base table).
 */
const SOURCES: Record<PlaceKind, string> = {
  toilet: `
    select p.id, p.name, p.name_en, p.address, p.open_hours, null::json as details,
           p.geom as pt, null::geometry as area, p.geom as target
      from service_points p
     where p.kind = 'public_toilet' and p.public`,
  service_station: `
    select p.id, p.name, p.name_en, p.address, p.open_hours, json_build_object('type', p.kind) as details,
           p.geom as pt, null::geometry as area, p.geom as target
      from service_points p
     where p.kind in ('service_station', 'workstation') and p.public`,
  // A park is its service point (name, hours, address) with the green area of the same
  // name nearest to it (the seed and an import name them alike).
  park: `
    select p.id, p.name, p.name_en, p.address, p.open_hours, null::json as details,
           p.geom as pt, g.geom as area, g.geom as target
      from green_areas g
      join lateral (select s.id, s.name, s.name_en, s.address, s.open_hours, s.geom
                      from service_points s
                     where s.kind = 'park' and s.public and s.name = g.name
                     order by s.geom <-> g.geom, s.id
                     limit 1) p on true
     where g.kind = 'park'`,
  charging_shed: `
    select c.id, c.name, null::text as name_en, null::text as address, null::text as open_hours,
           json_build_object('piles', c.piles) as details,
           c.geom as pt, null::geometry as area, c.geom as target
      from charging_sheds c
     where c.status = 'operating'`,
  vendor_zone: `
    select v.id, v.name, null::text as name_en, null::text as address, v.hours as open_hours,
           json_build_object('stalls', v.stalls) as details,
           st_pointonsurface(v.geom) as pt, v.geom as area, v.geom as target
      from vendor_zones v
     where v.status = 'operating'`,
};

const PLACE_JSON = (kind: PlaceKind) => `json_build_object(
    'kind', '${kind}', 'id', x.id, 'name', x.name, 'name_en', x.name_en, 'address', x.address,
    'open_hours', x.open_hours, 'details', x.details,
    'point', json_build_array(round(st_x(x.pt)::numeric, 7), round(st_y(x.pt)::numeric, 7)),
    'area', case when x.area is null then null else st_asgeojson(st_multi(x.area), 7)::json end)`;

/** $1..$4 the box (or nulls), $5 the limit. */
const LIST_SQL = Object.fromEntries(
  PLACE_KINDS.map((k) => [
    k,
    `select ${PLACE_JSON(k)}::text as place
       from (${SOURCES[k]}) x
      where $1::float8 is null or x.target && st_makeenvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326)
      order by x.id
      limit $5::int`,
  ]),
) as Record<PlaceKind, string>;

/** $1 lon, $2 lat, $3 limit. */
export const NEAREST_SQL = Object.fromEntries(
  PLACE_KINDS.map((k) => [
    k,
    `select y.place, y.distance_m, st_x(y.to_pt) as to_lon, st_y(y.to_pt) as to_lat,
            case when y.distance_m > 0 then degrees(st_azimuth(st_setsrid(st_makepoint($1::float8, $2::float8), 4326)::geography, y.to_pt::geography)) end as bearing_deg
       from (select ${PLACE_JSON(k)}::text as place,
                    st_distance(x.target::geography, st_setsrid(st_makepoint($1::float8, $2::float8), 4326)::geography, false) as distance_m,
                    case when x.area is null then x.pt
                         else st_transform(st_closestpoint(st_transform(x.area, 3857),
                                                           st_transform(st_setsrid(st_makepoint($1::float8, $2::float8), 4326), 3857)), 4326)
                    end as to_pt
               from (${SOURCES[k]}) x
              order by x.target::geography <-> st_setsrid(st_makepoint($1::float8, $2::float8), 4326)::geography
              limit $3::int) y
      order by y.distance_m, (y.place::json ->> 'id')::int`,
  ]),
) as Record<PlaceKind, string>;

export async function listPlaces(tx: Queryable, kind: PlaceKind, bbox: [number, number, number, number] | null, limit: number): Promise<Place[]> {
  const b = bbox ?? [null, null, null, null];
  const r = await tx.query<{ place: string }>(LIST_SQL[kind], [...b, limit]);
  return r.rows.map((row) => JSON.parse(row.place) as Place);
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

export async function nearestPlaces(tx: Queryable, kind: PlaceKind, lon: number, lat: number, limit: number): Promise<NearPlace[]> {
  const r = await tx.query<{ place: string; distance_m: number | string; to_lon: number | string; to_lat: number | string; bearing_deg: number | string | null }>(
    NEAREST_SQL[kind],
    [lon, lat, limit],
  );
  return r.rows.map((row) => ({
    ...(JSON.parse(row.place) as Place),
    distance_m: round(Number(row.distance_m), 1),
    to: [round(Number(row.to_lon), 7), round(Number(row.to_lat), 7)],
    bearing_deg: row.bearing_deg === null ? null : round(Number(row.bearing_deg), 1),
  }));
}
