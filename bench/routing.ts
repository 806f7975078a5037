// Routing points to grids: the in-memory H3 lookup (server/spatial/cell-lookup.ts:
// cover cell → grid, boundary cells settled exactly) against an ST_Covers join of the
// same points with the grids in PostGIS (GiST index), in the same run. The points are
// uniform over the grids' bounding box (some fall outside every grid); the baseline
// reads them from a temporary table and sends each point's grid back.
import type { MultiPolygon, Polygon } from 'geojson';
import { latLngToCell } from 'h3-js';
import type { Db } from '../server/db/types.ts';
import { coverResolution } from '../server/locate/sql.ts';
import { CellLookup } from '../server/spatial/cell-lookup.ts';
import { bigintToCell } from '../server/spatial/h3cells.ts';
import { Random } from '../seed/random.ts';
import type { Figure } from './targets.ts';

export interface RoutingFigures {
  points: number;
  res: number;
  cells: number;
  buildMs: number;
  lookupMs: number;
  /** The same through the point's resolution-15 cell and its parent (as stored cases carry it). */
  storedMs: number;
  /** latLngToCell alone for every point. */
  h3Ms: number;
  joinMs: number;
  agreement: number;
  inside: number;
}

export async function benchRouting(db: Db, points: number): Promise<RoutingFigures> {
  const rng = new Random(5, 'bench-routing');
  const box = (await db.query<{ xmin: number; ymin: number; xmax: number; ymax: number }>(
    `select st_xmin(e) as xmin, st_ymin(e) as ymin, st_xmax(e) as xmax, st_ymax(e) as ymax from (select st_extent(geom) as e from grids) s`,
  )).rows[0]!;
  const lon = new Float64Array(points);
  const lat = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    lon[i] = rng.uniform(box.xmin, box.xmax);
    lat[i] = rng.uniform(box.ymin, box.ymax);
  }
  const res = await coverResolution(db);
  let t = performance.now();
  const [covers, shapes] = await Promise.all([
    db.query<{ cell: string; feature_id: number; boundary: boolean }>(`select cell, feature_id, boundary from h3_cover where layer = 'grid'`),
    db.query<{ id: number; geom: Polygon | MultiPolygon }>(`select id, st_asgeojson(geom)::json as geom from grids`),
  ]);
  const lookup = new CellLookup(res, covers.rows.map((c) => ({ cell: bigintToCell(c.cell), featureId: c.feature_id, boundary: c.boundary })),
    shapes.rows.map((s) => ({ id: s.id, geometry: s.geom })));
  const buildMs = performance.now() - t;

  const viaLookup = new Int32Array(points);
  const viaStored = new Int32Array(points);
  for (let i = 0; i < Math.min(points, 50_000); i++) lookup.locate(lon[i]!, lat[i]!); // warm the JIT
  t = performance.now();
  for (let i = 0; i < points; i++) viaLookup[i] = lookup.locate(lon[i]!, lat[i]!) ?? -1;
  const lookupMs = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < points; i++) viaStored[i] = lookup.locateStored(lon[i]!, lat[i]!) ?? -1;
  const storedMs = performance.now() - t;
  // The floor: one h3-js call a point, nothing else.
  t = performance.now();
  for (let i = 0; i < points; i++) latLngToCell(lat[i]!, lon[i]!, res);
  const h3Ms = performance.now() - t;

  const { joinMs, viaJoin } = await db.transaction(async (tx) => {
    await tx.query(`create temporary table bench_points (ord int primary key, geom geometry(Point, 4326)) on commit drop`);
    for (let i = 0; i < points; i += 100_000) {
      const end = Math.min(points, i + 100_000);
      await tx.query(`insert into bench_points select i::int, st_setsrid(st_makepoint(x, y), 4326) from unnest($1::int[], $2::float8[], $3::float8[]) as u(i, x, y)`,
        [Array.from({ length: end - i }, (_, k) => i + k), Array.from(lon.subarray(i, end)), Array.from(lat.subarray(i, end))]);
    }
    await tx.query('analyze bench_points');
    await tx.query(`select set_config('jit', 'off', true)`);
    const s = performance.now();
    const r = await tx.query<{ ord: number; grid: number | null }>(
      `select p.ord, (select min(g.id) from grids g where st_covers(g.geom, p.geom)) as grid from bench_points p order by p.ord`);
    const ms = performance.now() - s;
    return { joinMs: ms, viaJoin: r.rows.map((row) => row.grid ?? -1) };
  });
  let same = 0;
  let inside = 0;
  for (let i = 0; i < points; i++) {
    if (viaJoin[i] === viaLookup[i] && viaJoin[i] === viaStored[i]) same++;
    if (viaJoin[i] !== -1) inside++;
  }
  return { points, res, cells: lookup.size, buildMs, lookupMs, storedMs, h3Ms, joinMs, agreement: same / points, inside };
}

export function routingFigures(f: RoutingFigures): Figure[] {
  const ratio = f.joinMs / f.lookupMs;
  return [{
    name: `routing: ${f.points.toLocaleString('en')} points to grids, H3 lookup`, value: f.lookupMs, unit: 'ms',
    baseline: { what: 'ST_Covers join', value: f.joinMs, unit: 'ms' }, ratio, target: '≥ 5× faster, 100 % agreement',
    met: ratio >= 5 && f.agreement === 1,
    limit: ratio < 5 ? `h3-js: latLngToCell alone took ${f.h3Ms.toFixed(0)} ms of the lookup's ${f.lookupMs.toFixed(0)} ms (${((100 * f.h3Ms) / f.lookupMs).toFixed(0)} %)` : `agreement ${(f.agreement * 100).toFixed(3)} %`,
  }];
}

export function routingMarkdown(f: RoutingFigures): string {
  return `## Routing: points to grids (in-memory H3 lookup)

${f.points.toLocaleString('en')} random points over the grids' bounding box (${f.inside.toLocaleString('en')} inside a grid) routed to
their grid by \`CellLookup\` (server/spatial/cell-lookup.ts: each point's cell at the cover
resolution ${f.res}, a table of ${f.cells.toLocaleString('en')} cover cells; boundary cells settled by
point-in-polygon, lower id first) against the baseline, an \`ST_Covers\` join of the same points
(read from a temporary table) with the grids on their GiST index, returning each point's grid.

| method | time | per point | agreement with ST_Covers |
| --- | ---: | ---: | ---: |
| H3 lookup in memory, the point's cell at the cover resolution | ${f.lookupMs.toFixed(0)} ms | ${((f.lookupMs / f.points) * 1000).toFixed(2)} µs | ${(f.agreement * 100).toFixed(3)} % |
| the same through the resolution-15 cell and its parent | ${f.storedMs.toFixed(0)} ms | ${((f.storedMs / f.points) * 1000).toFixed(2)} µs | (same) |
| latLngToCell alone (the floor) | ${f.h3Ms.toFixed(0)} ms | ${((f.h3Ms / f.points) * 1000).toFixed(2)} µs | – |
| ST_Covers join (baseline) | ${f.joinMs.toFixed(0)} ms | ${((f.joinMs / f.points) * 1000).toFixed(2)} µs | – |

Ratio ${(f.joinMs / f.lookupMs).toFixed(1)}× (target ≥ 5×). Building the table (reading the covers and the grid
shapes from the database) took ${f.buildMs.toFixed(0)} ms, once per process.
`;
}
