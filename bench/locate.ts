// Point to unit: through the stored H3 covers (cell parent at the cover resolution,
// exact ST_Covers on boundary cells only) against a plain ST_Covers join over the
// polygons (GiST index), on the same random points, in the same run: for grids
// alone, and for grid, sub-grid and block together (what a new case needs).
import type { Db } from '../server/db/types.ts';
import { coverResolution, locatePoints } from '../server/locate/sql.ts';
import { pointCell } from '../server/spatial/h3cells.ts';
import { Random } from '../seed/random.ts';

export interface LocateRow {
  what: string;
  coverMs: number;
  joinMs: number;
  agreement: number;
}

export interface LocateFigures {
  points: number;
  boundaryShare: number;
  rows: LocateRow[];
}

const POINTS_SQL = `(select st_setsrid(st_makepoint(lon, lat), 4326) as geom, h3, ord
                       from unnest($1::float8[], $2::float8[], $3::int8[]) with ordinality as u(lon, lat, h3, ord)) p`;

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

export async function benchLocate(db: Db, points: number): Promise<LocateFigures> {
  const rng = new Random(9, 'bench-locate');
  const box = (await db.query<{ xmin: number; ymin: number; xmax: number; ymax: number }>(
    `select st_xmin(e) as xmin, st_ymin(e) as ymin, st_xmax(e) as xmax, st_ymax(e) as ymax
       from (select st_extent(geom) as e from grids) s`,
  )).rows[0]!;
  const pts = Array.from({ length: points }, () => {
    const lon = rng.uniform(box.xmin, box.xmax);
    const lat = rng.uniform(box.ymin, box.ymax);
    return { lon, lat, h3: pointCell(lon, lat) };
  });
  const params = [pts.map((p) => p.lon), pts.map((p) => p.lat), pts.map((p) => p.h3)];
  const res = await coverResolution(db);
  const gridViaCover = () => db.query<{ grid: number | null }>(
    `select (select min(c.feature_id) from h3_cover c left join grids f on c.boundary and f.id = c.feature_id
              where c.layer = 'grid' and c.cell = h3_parent(p.h3, $4) and (not c.boundary or st_covers(f.geom, p.geom))) as grid
       from ${POINTS_SQL} order by p.ord`, [...params, res]);
  const join = (table: string) => `(select min(f.id) from ${table} f where st_covers(f.geom, p.geom))`;
  const gridViaJoin = () => db.query<{ grid: number | null }>(`select ${join('grids')} as grid from ${POINTS_SQL} order by p.ord`, params);
  const allViaJoin = () => db.query<{ grid: number | null; subgrid: number | null; block: number | null }>(
    `select ${join('grids')} as grid, ${join('subgrids')} as subgrid, ${join('blocks')} as block from ${POINTS_SQL} order by p.ord`, params);
  // Warm caches and plans once.
  await gridViaCover();
  await gridViaJoin();
  const [a, aMs] = await time(gridViaCover);
  const [b, bMs] = await time(gridViaJoin);
  const [c, cMs] = await time(() => locatePoints(db, pts, points));
  const [d, dMs] = await time(allViaJoin);
  const same = <T>(x: T[], y: T[]) => x.filter((v, i) => JSON.stringify(v) === JSON.stringify(y[i])).length / x.length;
  const boundary = await db.query<{ share: number }>(
    `select avg(exists(select 1 from h3_cover c where c.layer = 'grid' and c.boundary and c.cell = h3_parent(p.h3, $4))::int)::float8 as share
       from ${POINTS_SQL} where exists(select 1 from h3_cover c where c.layer = 'grid' and c.cell = h3_parent(p.h3, $4))`, [...params, res]);
  return {
    points,
    boundaryShare: boundary.rows[0]!.share,
    rows: [
      { what: 'grid', coverMs: aMs, joinMs: bMs, agreement: same(a.rows.map((r) => r.grid), b.rows.map((r) => r.grid)) },
      { what: 'grid, sub-grid and block', coverMs: cMs, joinMs: dMs, agreement: same(c, d.rows) },
    ],
  };
}
