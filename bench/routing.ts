// Routing points to grids: the in-memory H3 lookup (server/spatial/cell-lookup.ts:
// cover cell → grid, boundary cells settled exactly) against an ST_Covers join of the
// same points with the grids in PostGIS (GiST index), in the same run. The points are
// uniform over the grids' bounding box (some fall outside every grid) and are stored
// in a temporary table as cases are: the point and its resolution-15 cell (bigint).
//
// Two ways in, measured apart:
// - stored points (what re-routing the cases after a boundary change does): read
//   every stored cell from the table, take its parent by bit arithmetic, look it up;
//   read the points of the boundary cells only and settle them; the target is judged
//   on this one, reading included, since the baseline too reads the points from the
//   table and sends every answer back;
// - fresh points (a point with no cell yet): latLngToCell at the cover resolution,
//   then the same lookup; h3-js's latLngToCell alone is its floor, and is measured.
import type { MultiPolygon, Polygon } from 'geojson';
import { latLngToCell } from 'h3-js';
import type { Db, Queryable } from '../server/db/types.ts';
import { coverResolution } from '../server/locate/sql.ts';
import { CellLookup, NEEDS_POINT } from '../server/spatial/cell-lookup.ts';
import { bigintToCell } from '../server/spatial/h3cells.ts';
import { Random } from '../seed/random.ts';
import type { Figure } from './targets.ts';

export interface RoutingFigures {
  points: number;
  res: number;
  cells: number;
  boundaryCells: number;
  buildMs: number;
  /** Fresh points: latLngToCell at the cover resolution and the lookup. */
  lookupMs: number;
  /** latLngToCell alone at the cover resolution for every point (the floor of lookupMs). */
  h3Ms: number;
  /** Stored points: reading the stored cells, and the points of boundary cells, from the table. */
  readMs: number;
  /** Stored points: how many points (those in boundary cells) were read besides the cells. */
  pointsRead: number;
  /** Stored points: the lookup from the stored cells (parent by bits), the points in memory. */
  storedMs: number;
  /** Share of the points inside a grid whose cover cell is a boundary cell (settled by point-in-polygon). */
  boundaryShare: number;
  joinMs: number;
  agreement: number;
  inside: number;
}

/** A bytea from the database as a DataView (a Buffer on the server backend, a Uint8Array embedded). */
function bytes(b: Uint8Array | null | undefined, per: number, n: number, what: string): DataView {
  if (!b || b.length !== per * n) throw new Error(`read ${b?.length ?? 0} bytes of ${what}, expected ${per * n}`);
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Routes the points stored in `table` (ord 0..n−1, geom, h3) as re-routing stored
 * cases would: first every stored cell (one bytea of 12 bytes a point, ord and cell,
 * in no particular order: sorting in the database costs more than placing by ord
 * here), routed by the cell alone; then only the points of boundary cells (ord and
 * the point as WKB), settled by point-in-polygon. Returns the grids (−1: none), how
 * long the reading took (the queries and decoding their bytes), how long the lookup,
 * and how many points were read.
 */
async function routeStored(q: Queryable, lookup: CellLookup, table: string, n: number): Promise<{ grids: Int32Array; readMs: number; routeMs: number; pointsRead: number }> {
  let t = performance.now();
  const r = await q.query<{ b: Uint8Array | null }>(`select string_agg(int4send(ord) || int8send(h3), ''::bytea) as b from ${table}`);
  const view = bytes(r.rows[0]?.b, 12, n, 'stored cells');
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const seen = new Uint8Array(n);
  for (let o = 0; o < view.byteLength; o += 12) {
    const i = view.getInt32(o);
    if (i < 0 || i >= n || seen[i]) throw new Error(`stored cell at byte ${o}: ord ${i} is not as written`);
    seen[i] = 1;
    hi[i] = view.getUint32(o + 4);
    lo[i] = view.getUint32(o + 8);
  }
  let readMs = performance.now() - t;
  t = performance.now();
  const grids = lookup.routeCellsOnly(hi, lo);
  const ords: number[] = [];
  for (let i = 0; i < n; i++) if (grids[i] === NEEDS_POINT) ords.push(i);
  let routeMs = performance.now() - t;
  t = performance.now();
  const p = await q.query<{ b: Uint8Array | null }>(
    `select coalesce(string_agg(int4send(ord) || st_asbinary(geom), ''::bytea), ''::bytea) as b from ${table} where ord = any($1::int[])`, [ords]);
  const m = ords.length;
  const pv = bytes(p.rows[0]?.b, 25, m, 'boundary points');
  const at = new Int32Array(m);
  const sub = { hi: new Uint32Array(m), lo: new Uint32Array(m), lon: new Float64Array(m), lat: new Float64Array(m) };
  for (let k = 0, o = 0; k < m; k++, o += 25) {
    const i = pv.getInt32(o);
    const little = pv.getUint8(o + 4) === 1;
    if (i < 0 || i >= n || grids[i] !== NEEDS_POINT || pv.getUint32(o + 5, little) !== 1) throw new Error(`boundary point at byte ${o}: ord ${i} or its WKB is not as asked`);
    at[k] = i;
    sub.hi[k] = hi[i]!;
    sub.lo[k] = lo[i]!;
    sub.lon[k] = pv.getFloat64(o + 9, little);
    sub.lat[k] = pv.getFloat64(o + 17, little);
  }
  readMs += performance.now() - t;
  t = performance.now();
  const settled = lookup.routeCells(sub.hi, sub.lo, sub.lon, sub.lat);
  for (let k = 0; k < m; k++) grids[at[k]!] = settled[k]!;
  routeMs += performance.now() - t;
  if (grids.includes(NEEDS_POINT)) throw new Error('a boundary cell\'s point was not read');
  return { grids, readMs, routeMs, pointsRead: m };
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
  // Each point's stored cell (resolution 15), as a case carries it (not timed).
  const cell15 = new Array<string>(points);
  for (let i = 0; i < points; i++) cell15[i] = BigInt(`0x${latLngToCell(lat[i]!, lon[i]!, 15)}`).toString();

  const res = await coverResolution(db);
  let t = performance.now();
  const [covers, shapes] = await Promise.all([
    db.query<{ cell: string; feature_id: number; boundary: boolean }>(`select cell, feature_id, boundary from h3_cover where layer = 'grid'`),
    db.query<{ id: number; geom: Polygon | MultiPolygon }>(`select id, st_asgeojson(geom)::json as geom from grids`),
  ]);
  const lookup = new CellLookup(res, covers.rows.map((c) => ({ cell: bigintToCell(c.cell), featureId: c.feature_id, boundary: c.boundary })),
    shapes.rows.map((s) => ({ id: s.id, geometry: s.geom })));
  const buildMs = performance.now() - t;
  const boundarySet = new Set(covers.rows.filter((c) => c.boundary).map((c) => bigintToCell(c.cell)));

  // Fresh points.
  const viaLookup = new Int32Array(points);
  for (let i = 0; i < Math.min(points, 50_000); i++) lookup.locate(lon[i]!, lat[i]!); // warm the JIT
  t = performance.now();
  for (let i = 0; i < points; i++) viaLookup[i] = lookup.locate(lon[i]!, lat[i]!) ?? -1;
  const lookupMs = performance.now() - t;
  // Its floor: one h3-js call a point, nothing else.
  t = performance.now();
  let chars = 0;
  for (let i = 0; i < points; i++) chars += latLngToCell(lat[i]!, lon[i]!, res).length;
  const h3Ms = performance.now() - t;
  if (chars === 0) throw new Error('latLngToCell gave nothing');
  let boundaryHits = 0;
  let insideHits = 0;
  for (let i = 0; i < points; i++) {
    if (viaLookup[i] === -1) continue;
    insideHits++;
    if (boundarySet.has(latLngToCell(lat[i]!, lon[i]!, res))) boundaryHits++;
  }

  const { joinMs, viaJoin, readMs, storedMs, viaStored, pointsRead } = await db.transaction(async (tx) => {
    await tx.query(`create temporary table bench_points (ord int primary key, geom geometry(Point, 4326) not null, h3 bigint not null) on commit drop`);
    for (let i = 0; i < points; i += 100_000) {
      const end = Math.min(points, i + 100_000);
      await tx.query(`insert into bench_points select i::int, st_setsrid(st_makepoint(x, y), 4326), c from unnest($1::int[], $2::float8[], $3::float8[], $4::int8[]) as u(i, x, y, c)`,
        [Array.from({ length: end - i }, (_, k) => i + k), Array.from(lon.subarray(i, end)), Array.from(lat.subarray(i, end)), cell15.slice(i, end)]);
    }
    await tx.query('analyze bench_points');
    await tx.query(`select set_config('jit', 'off', true)`);
    // Stored points: warm the lookup's stored path on a slice, then read and route all.
    await routeStored(tx, lookup, '(select * from bench_points where ord < 50000) w', Math.min(points, 50_000));
    const stored = await routeStored(tx, lookup, 'bench_points', points);
    // The baseline.
    const s = performance.now();
    const r = await tx.query<{ ord: number; grid: number | null }>(
      `select p.ord, (select min(g.id) from grids g where st_covers(g.geom, p.geom)) as grid from bench_points p order by p.ord`);
    const ms = performance.now() - s;
    return { joinMs: ms, viaJoin: r.rows.map((row) => row.grid ?? -1), readMs: stored.readMs, storedMs: stored.routeMs, viaStored: stored.grids, pointsRead: stored.pointsRead };
  });
  let same = 0;
  let inside = 0;
  for (let i = 0; i < points; i++) {
    if (viaJoin[i] === viaLookup[i] && viaJoin[i] === viaStored[i]) same++;
    if (viaJoin[i] !== -1) inside++;
  }
  return {
    points, res, cells: lookup.size, boundaryCells: boundarySet.size, buildMs, lookupMs, h3Ms, readMs, pointsRead, storedMs,
    boundaryShare: insideHits ? boundaryHits / insideHits : 0, joinMs, agreement: same / points, inside,
  };
}

export function routingFigures(f: RoutingFigures): Figure[] {
  const storedTotal = f.readMs + f.storedMs;
  const ratio = f.joinMs / storedTotal;
  const freshRatio = f.joinMs / f.lookupMs;
  return [{
    name: `routing: ${f.points.toLocaleString('en')} stored points to grids by their cell, read + H3 lookup`, value: storedTotal, unit: 'ms',
    baseline: { what: 'ST_Covers join', value: f.joinMs, unit: 'ms' }, ratio, target: '≥ 5× faster, 100 % agreement',
    met: ratio >= 5 && f.agreement === 1,
    limit: f.agreement < 1 ? `agreement ${(f.agreement * 100).toFixed(3)} %`
      : `reading the points and cells took ${f.readMs.toFixed(0)} ms, the lookup ${f.storedMs.toFixed(0)} ms`,
  }, {
    name: `routing: ${f.points.toLocaleString('en')} fresh points to grids, latLngToCell + H3 lookup`, value: f.lookupMs, unit: 'ms',
    baseline: { what: 'ST_Covers join', value: f.joinMs, unit: 'ms' }, ratio: freshRatio,
    target: `none (bounded by h3-js: latLngToCell alone ${f.h3Ms.toFixed(0)} ms)`, met: null,
  }];
}

export function routingMarkdown(f: RoutingFigures): string {
  const per = (ms: number) => `${((ms / f.points) * 1000).toFixed(2)} µs`;
  const storedTotal = f.readMs + f.storedMs;
  return `## Routing: points to grids (in-memory H3 lookup)

${f.points.toLocaleString('en')} random points over the grids' bounding box (${f.inside.toLocaleString('en')} inside a grid), stored in a
table as cases are (the point and its resolution-15 cell), routed to their grid by \`CellLookup\`
(server/spatial/cell-lookup.ts: a hash of ${f.cells.toLocaleString('en')} cover cells at resolution ${f.res} keyed by the 64-bit
index, ${f.boundaryCells.toLocaleString('en')} of them boundary cells, settled by point-in-polygon over the grid outlines'
edges near the cell, lower id first; ${(f.boundaryShare * 100).toFixed(1)} % of the points inside a grid fell in one) against
the baseline, an \`ST_Covers\` join of the same points (read from the table) with the grids on
their GiST index, returning each point's grid.

| method | time | per point | agreement with ST_Covers |
| --- | ---: | ---: | ---: |
| stored points: read the cells (and the points of boundary cells) from the table, route | ${storedTotal.toFixed(0)} ms | ${per(storedTotal)} | ${(f.agreement * 100).toFixed(3)} % |
| … of which reading (every cell, 12 bytes; then the ${f.pointsRead.toLocaleString('en')} points of boundary cells) | ${f.readMs.toFixed(0)} ms | ${per(f.readMs)} | |
| … of which the lookup (parent of the stored cell by bits) | ${f.storedMs.toFixed(0)} ms | ${per(f.storedMs)} | |
| fresh points: latLngToCell at the cover resolution, then the lookup | ${f.lookupMs.toFixed(0)} ms | ${per(f.lookupMs)} | (same) |
| latLngToCell alone (the fresh points' floor) | ${f.h3Ms.toFixed(0)} ms | ${per(f.h3Ms)} | – |
| ST_Covers join (baseline) | ${f.joinMs.toFixed(0)} ms | ${per(f.joinMs)} | – |

The target (≥ 5×) is judged on the stored points: cases carry their resolution-15 cell, and
routing them again after a boundary change is the bulk routing the platform does; the
baseline likewise reads the points from a table and sends every answer back. Stored:
${(f.joinMs / storedTotal).toFixed(1)}× (the lookup alone ${(f.joinMs / f.storedMs).toFixed(1)}×). Fresh points: ${(f.joinMs / f.lookupMs).toFixed(1)}×, of which h3-js's
latLngToCell takes ${f.h3Ms.toFixed(0)} ms (${((100 * f.h3Ms) / f.lookupMs).toFixed(0)} %): however fast the lookup, fresh points cannot beat
${(f.joinMs / f.h3Ms).toFixed(1)}× with h3-js. Building the table (reading the covers and the grid shapes from the
database) took ${f.buildMs.toFixed(0)} ms, once per process.
`;
}
