// The rules every new case follows, whoever makes it (the seed, the API, an import):
// its code (the local report day and a sequence number) and its street office. Its
// deadlines come from the rules in deadlines.ts.
import type { Queryable } from '../db/types.ts';
import { cstDay } from './calendar.ts';

/** The code day of a case: its local (CST) report day, 'YYYYMMDD'. */
export function caseCodeDay(reportedMs: number): string {
  return cstDay(new Date(reportedMs)).replaceAll('-', '');
}

/** A case code: the code day and a six-digit sequence within it. */
export function caseCode(day: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError(`case sequence ${seq} is outside 1..999999 for day ${day}`);
  return `${day}${String(seq).padStart(6, '0')}`;
}

/** Street office of points: the grid's (when given), else the one covering the point, else the nearest. */
export async function streetsOfPoints(q: Queryable, points: readonly { lon: number; lat: number; grid?: number | null }[]): Promise<number[]> {
  if (points.length === 0) return [];
  const r = await q.query<{ street: number }>(
    `select coalesce(
              (select c.parent_id from grids g join admin_areas c on c.id = g.community_id where g.id = p.grid),
              (select min(s.id) from admin_areas s where s.level = 'street' and st_covers(s.geom, p.geom)),
              (select s.id from admin_areas s where s.level = 'street' order by s.geom <-> p.geom, s.id limit 1)) as street
       from (select st_setsrid(st_makepoint(lon, lat), 4326) as geom, grid, ord
               from unnest($1::float8[], $2::float8[], $3::int[]) with ordinality as u(lon, lat, grid, ord)) p
      order by p.ord`,
    [points.map((p) => p.lon), points.map((p) => p.lat), points.map((p) => p.grid ?? null)],
  );
  return r.rows.map((x) => x.street);
}
