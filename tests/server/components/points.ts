// Points for write tests, found in the seeded city: inside a grid (well away from its
// edges), and a grid a chief is not responsible for.
import type { Queryable } from '../../../server/db/types.ts';

export interface GridPoint {
  grid: number;
  lon: number;
  lat: number;
}

/** A point well inside grid `id` (on the surface of its inner buffer). */
export async function pointInGrid(q: Queryable, id: number): Promise<GridPoint> {
  const r = await q.query<{ lon: number; lat: number }>(
    `select st_x(p) as lon, st_y(p) as lat
       from (select st_pointonsurface(coalesce(nullif(st_buffer(geom::geography, -30)::geometry, 'POLYGON EMPTY'::geometry), geom)) as p
               from grids where id = $1) x`,
    [id],
  );
  return { grid: id, lon: Number(r.rows[0]!.lon.toFixed(7)), lat: Number(r.rows[0]!.lat.toFixed(7)) };
}

/** The grid ids of a user (grid chiefs). */
export async function gridsOf(q: Queryable, username: string): Promise<number[]> {
  const r = await q.query<{ grid_id: number }>(
    'select s.grid_id from user_grid_scopes s join app_users u on u.id = s.user_id where u.username = $1 order by 1',
    [username],
  );
  return r.rows.map((x) => x.grid_id);
}

/** What the database says holds a point, by exact geometry (the truth the derived units must match). */
export async function unitsByGeometry(q: Queryable, lon: number, lat: number): Promise<{ grid: number | null; subgrid: number | null; block: number | null }> {
  const r = await q.query<{ grid: number | null; subgrid: number | null; block: number | null }>(
    `with p as (select st_setsrid(st_makepoint($1, $2), 4326) as g)
     select (select min(id) from grids, p where st_covers(geom, p.g)) as grid,
            (select min(id) from subgrids, p where st_covers(geom, p.g)) as subgrid,
            (select min(id) from blocks, p where st_covers(geom, p.g)) as block`,
    [lon, lat],
  );
  return r.rows[0]!;
}
