// Point-to-unit lookup through the H3 covers must agree with ST_Covers everywhere,
// including points exactly on shared boundaries (the lower id wins there).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LAYER_TABLE, locatePoints, locateRows, type CoverLayer } from '../../../server/locate/sql.ts';
import { pointCell } from '../../../server/spatial/h3cells.ts';
import { Random } from '../../../seed/random.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

const LAYERS = Object.keys(LAYER_TABLE) as CoverLayer[];

describe(`locate through H3 covers (${BACKEND})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
  });
  afterAll(async () => db?.dispose());

  for (const table of ['cases', 'components', 'buildings'] as const) {
    it(`gives every row of ${table} the grid, sub-grid and block that contain it`, async () => {
      const point = table === 'buildings' ? 'point' : 'geom';
      for (const layer of LAYERS) {
        const r = await db.query<{ rows: number; wrong: number; unlocated: number }>(
          `select count(*)::int as rows,
                  count(*) filter (where t.${layer}_id is distinct from
                    (select min(f.id) from ${LAYER_TABLE[layer]} f where st_covers(f.geom, t.${point})))::int as wrong,
                  count(*) filter (where t.${layer}_id is null)::int as unlocated
             from ${table} t`,
        );
        expect(r.rows[0]!.rows).toBeGreaterThan(1000);
        expect(r.rows[0]!.wrong, `${table}.${layer}_id disagreeing with ST_Covers`).toBe(0);
      }
    });
  }

  it('has seeded points exactly on shared grid boundaries, and settles them by the lower id', async () => {
    const r = await db.query<{ n: number; lower: number }>(
      `select count(*)::int as n,
              count(*) filter (where c.grid_id = (select min(g.id) from grids g where st_covers(g.geom, c.geom)))::int as lower
         from components c
        where (select count(*) from grids g where st_covers(g.geom, c.geom)) >= 2`,
    );
    expect(r.rows[0]!.n).toBeGreaterThan(10);
    expect(r.rows[0]!.lower).toBe(r.rows[0]!.n);
  });

  it('agrees with ST_Covers on random points, block corners and points on block edges', async () => {
    const rng = new Random(42, 'locate-test');
    const bbox = (await db.query<{ xmin: number; ymin: number; xmax: number; ymax: number }>(
      `select st_xmin(e) as xmin, st_ymin(e) as ymin, st_xmax(e) as xmax, st_ymax(e) as ymax
         from (select st_expand(st_extent(geom), 0.003) as e from grids) s`,
    )).rows[0]!;
    const points: { lon: number; lat: number }[] = [];
    for (let i = 0; i < 3000; i++) points.push({ lon: rng.uniform(bbox.xmin, bbox.xmax), lat: rng.uniform(bbox.ymin, bbox.ymax) });
    const corners = await db.query<{ lon: number; lat: number }>(
      `select st_x(p.geom) as lon, st_y(p.geom) as lat
         from (select (st_dumppoints(geom)).geom from blocks where id % 7 = 0) p limit 1500`,
    );
    points.push(...corners.rows);
    const edges = await db.query<{ lon: number; lat: number }>(
      `select st_x(p) as lon, st_y(p) as lat
         from (select st_lineinterpolatepoint(st_exteriorring(st_geometryn(geom, 1)), (id % 97) / 97.0) as p from blocks) s`,
    );
    points.push(...edges.rows);
    const refs = points.map((p) => ({ ...p, h3: pointCell(p.lon, p.lat) }));
    const got = await locatePoints(db, refs);
    const truth = await db.query<{ grid: number | null; subgrid: number | null; block: number | null }>(
      `select (select min(id) from grids f where st_covers(f.geom, p.geom)) as grid,
              (select min(id) from subgrids f where st_covers(f.geom, p.geom)) as subgrid,
              (select min(id) from blocks f where st_covers(f.geom, p.geom)) as block
         from (select st_setsrid(st_makepoint(lon, lat), 4326) as geom, ord
                 from unnest($1::float8[], $2::float8[]) with ordinality as u(lon, lat, ord)) p
        order by p.ord`,
      [points.map((p) => p.lon), points.map((p) => p.lat)],
    );
    expect(got).toHaveLength(points.length);
    const disagreements = got.filter((g, i) => JSON.stringify(g) !== JSON.stringify(truth.rows[i]));
    expect(disagreements).toEqual([]);
    // The sample reaches outside the district and onto boundaries shared by several units.
    expect(got.some((g) => g.grid === null)).toBe(true);
    expect(truth.rows.filter((t) => t.grid !== null).length).toBeGreaterThan(2000);
  });

  it('re-derives stored units in place', async () => {
    const before = await db.query<{ id: string; grid_id: number; subgrid_id: number; block_id: number }>(
      'select id, grid_id, subgrid_id, block_id from components order by id',
    );
    await db.query('update components set grid_id = null, subgrid_id = null, block_id = 1 where id % 3 = 0');
    const changed = await locateRows(db, 'components');
    expect(changed).toBe(before.rows.filter((r) => Number(r.id) % 3 === 0).length);
    const after = await db.query('select id, grid_id, subgrid_id, block_id from components order by id');
    expect(after.rows).toEqual(before.rows);
    expect(await locateRows(db, 'components')).toBe(0);
  });
});
