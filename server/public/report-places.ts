// What a QR code's community or grid code names: the place a resident reports from,
// with its name, its community and street office, and a point inside it where the
// report page puts the pin first. Public fields only (never a team or a boundary).
import type { Queryable } from '../db/types.ts';

export interface ReportPlace {
  kind: 'community' | 'grid';
  code: string;
  name: string;
  name_en: string | null;
  community: string;
  community_en: string | null;
  street: string;
  street_en: string | null;
  /** A point inside the place (ST_PointOnSurface), [lon, lat]. */
  centre: [number, number];
  /** [west, south, east, north]. */
  bbox: [number, number, number, number];
}

/** A 12-digit community code or a 15-digit grid code. */
export const PLACE_CODE = '^([0-9]{12}|[0-9]{15})$';

const COLUMNS = `st_x(st_pointonsurface(x.geom)) as lon, st_y(st_pointonsurface(x.geom)) as lat,
  st_xmin(x.geom) as w, st_ymin(x.geom) as s, st_xmax(x.geom) as e, st_ymax(x.geom) as n`;

const COMMUNITY_SQL = `
  select 'community' as kind, x.code, x.name, x.name_en, x.name as community, x.name_en as community_en,
         s.name as street, s.name_en as street_en, ${COLUMNS}
    from admin_areas x join admin_areas s on s.id = x.parent_id
   where x.level = 'community' and x.code = $1`;

const GRID_SQL = `
  select 'grid' as kind, trim(x.code) as code, x.name, null as name_en, c.name as community, c.name_en as community_en,
         s.name as street, s.name_en as street_en, ${COLUMNS}
    from grids x join admin_areas c on c.id = x.community_id join admin_areas s on s.id = c.parent_id
   where x.status = 'active' and x.code = $1`;

/** A place as the query returns it: the public fields, the centre and box as columns. */
interface Row extends Omit<ReportPlace, 'centre' | 'bbox'> {
  lon: number;
  lat: number;
  w: number;
  s: number;
  e: number;
  n: number;
}

const round = (v: number) => Math.round(Number(v) * 1e6) / 1e6;

/** The community or active grid of a code, or null. The caller decides who may read grids. */
export async function reportPlace(q: Queryable, code: string): Promise<ReportPlace | null> {
  const r = await q.query<Row>(code.length === 12 ? COMMUNITY_SQL : GRID_SQL, [code]);
  const x = r.rows[0];
  if (!x) return null;
  return {
    kind: x.kind, code: x.code, name: x.name, name_en: x.name_en, community: x.community, community_en: x.community_en,
    street: x.street, street_en: x.street_en, centre: [round(x.lon), round(x.lat)], bbox: [round(x.w), round(x.s), round(x.e), round(x.n)],
  };
}
