// The units a planner builds grids from, read from PostGIS: street blocks, or H3 cells
// at a chosen resolution, each with its workload figures (the same definitions as the
// grid list: server/units/workload.ts), centroid, area, the active grid it lies in
// today, and the pairs of units that share an edge (blocks: ST_Relate 'F***1****', an
// edge and no shared interior; cells: H3 neighbours).
import { cellToLatLng, gridDisk } from 'h3-js';
import type { MultiPolygon } from 'geojson';
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { cellCover } from '../spatial/cover.ts';
import { cellPolygon } from '../spatial/hexagons.ts';
import { OPEN_CASE, weightedWorkload, YEAR_CASE, type WorkloadFigures, type WorkloadWeights } from '../units/workload.ts';

export type UnitKind = 'blocks' | 'cells';

/** How far apart two blocks may lie across a street and still be neighbours, when a block shares no edge. */
export const STREET_GAP_M = 40;

export interface PlanningScope {
  street_office?: number;
  community?: number;
  grids?: number[];
}

export interface ScopeGrid {
  id: number;
  code: string;
  name: string;
  version: number;
  community_id: number;
}

export interface PlanningUnit extends WorkloadFigures {
  /** Block id (as text) or H3 cell (hex). */
  id: string;
  workload: number;
  centroid: [number, number];
  /** m² (for a cell: the part inside the scope). */
  area: number;
  /** The active grid the unit lies in today (largest share for a cell, the block's point on surface for a block). */
  grid_id: number;
}

export interface PlanningUnits {
  unit: UnitKind;
  res: number | null;
  weights: WorkloadWeights;
  grids: ScopeGrid[];
  units: PlanningUnit[];
  adjacency: [string, string][];
}

/** The active grids of a scope (the whole city when it names nothing), by id. */
export async function scopeGrids(tx: Queryable, scope: PlanningScope): Promise<ScopeGrid[]> {
  const r = await tx.query<ScopeGrid>(
    `select g.id, trim(g.code) as code, g.name, g.version, g.community_id
       from grids g join admin_areas c on c.id = g.community_id
      where g.status = 'active'
        and ($1::int is null or c.parent_id = $1)
        and ($2::int is null or g.community_id = $2)
        and ($3::int[] is null or g.id = any($3::int[]))
      order by g.id`,
    [scope.street_office ?? null, scope.community ?? null, scope.grids ?? null],
  );
  if (scope.grids) {
    const found = new Set(r.rows.map((g) => g.id));
    const missing = scope.grids.filter((id) => !found.has(id));
    if (missing.length) throw new AppError(422, 'unknown_grid', `no active grid ${missing.join(', ')}${scope.street_office || scope.community ? ' in that street office or community' : ''}`, { grids: missing });
  }
  if (r.rows.length === 0) throw new AppError(422, 'empty_scope', 'the scope holds no active grid; name a street office, a community or grid ids that exist', { scope });
  return r.rows;
}

interface FigureRow {
  households: string | number;
  components: string | number;
  open_cases: string | number;
  cases_last_365d: string | number;
}

const figures = (r: FigureRow): WorkloadFigures => ({
  households: Number(r.households),
  components: Number(r.components),
  open_cases: Number(r.open_cases),
  cases_last_365d: Number(r.cases_last_365d),
});

async function blockUnits(tx: Queryable, gridIds: number[], weights: WorkloadWeights): Promise<{ units: PlanningUnit[]; adjacency: [string, string][] }> {
  const r = await tx.query<FigureRow & { id: number; grid_id: number; lon: number; lat: number; area: number }>(
    `with scope as (select id, geom from grids where id = any($1::int[])),
          b as (select distinct on (b.id) b.id, s.id as grid_id, b.geom
                  from blocks b join scope s on s.geom && b.geom and st_covers(s.geom, st_pointonsurface(b.geom))
                 order by b.id, s.id),
          h as (select block_id, sum(households) as n from buildings where block_id in (select id from b) group by block_id),
          k as (select block_id, count(*) as n from components where block_id in (select id from b) group by block_id),
          o as (select block_id, count(*) filter (where ${OPEN_CASE}) as open_n, count(*) filter (where ${YEAR_CASE}) as year_n
                  from cases where block_id in (select id from b) group by block_id)
     select b.id, b.grid_id, st_x(st_centroid(b.geom)) as lon, st_y(st_centroid(b.geom)) as lat, st_area(b.geom::geography) as area,
            coalesce(h.n, 0) as households, coalesce(k.n, 0) as components, coalesce(o.open_n, 0) as open_cases, coalesce(o.year_n, 0) as cases_last_365d
       from b left join h on h.block_id = b.id left join k on k.block_id = b.id left join o on o.block_id = b.id
      order by b.id`,
    [gridIds],
  );
  const units = r.rows.map((row) => {
    const f = figures(row);
    return { id: String(row.id), ...f, workload: weightedWorkload(f, weights), centroid: [row.lon, row.lat] as [number, number], area: row.area, grid_id: row.grid_id };
  });
  // Blocks that share an edge; a block that shares none (a city whose blocks are drawn
  // apart, streets between them) is a neighbour of the blocks across the street, within
  // STREET_GAP_M.
  const adj = await tx.query<{ a: number; b: number }>(
    `with b as (select id, geom from blocks where id = any($1::int[])),
          edge as (select a.id as a, b.id as b from b a join b b on a.id < b.id and a.geom && b.geom and st_relate(a.geom, b.geom, 'F***1****')),
          lone as (select id, geom from b where id not in (select a from edge union select b from edge)),
          near as (select least(l.id, o.id) as a, greatest(l.id, o.id) as b
                     from lone l join b o on o.id <> l.id and o.geom && st_expand(l.geom, $2::float8 / 45000)
                                          and st_dwithin(l.geom::geography, o.geom::geography, $2))
     select a, b from edge union select a, b from near order by a, b`,
    [r.rows.map((row) => row.id), STREET_GAP_M],
  );
  return { units, adjacency: adj.rows.map((p) => [String(p.a), String(p.b)]) };
}

/** The cells at `res` that cover the scope, with their share of it and their grid today. */
async function cellUnits(tx: Queryable, gridIds: number[], res: number, weights: WorkloadWeights): Promise<{ units: PlanningUnit[]; adjacency: [string, string][] }> {
  const area = await tx.query<{ g: string }>(`select st_asgeojson(st_union(geom, 1e-9), 9) as g from grids where id = any($1::int[])`, [gridIds]);
  const scope = JSON.parse(area.rows[0]!.g) as MultiPolygon;
  const cells = cellCover(scope, res).map((c) => c.cell);
  const shares = await tx.query<{ cell: string; grid_id: number; area: number }>(
    `with c as (select cell, st_setsrid(st_geomfromgeojson(g), 4326) as geom from unnest($1::text[], $2::text[]) as c(cell, g)),
          x as (select c.cell, s.id as grid_id,
                       st_area((case when st_covers(s.geom, c.geom) then c.geom else st_intersection(c.geom, s.geom, 1e-9) end)::geography) as a
                  from c join grids s on s.id = any($3::int[]) and s.geom && c.geom and st_intersects(s.geom, c.geom))
     select cell, grid_id, area from (
       select cell, grid_id, a, sum(a) over (partition by cell) as area, row_number() over (partition by cell order by a desc, grid_id) as rank from x) t
      where rank = 1 and area >= 1 order by cell`,
    [cells, cells.map((c) => JSON.stringify(cellPolygon(c))), gridIds],
  );
  const counts = await tx.query<FigureRow & { cell: string }>(
    `with h as (select h3_parent(h3, $2) as cell, sum(households) as n from buildings where grid_id = any($1::int[]) group by 1),
          k as (select h3_parent(h3, $2) as cell, count(*) as n from components where grid_id = any($1::int[]) group by 1),
          o as (select h3_parent(h3, $2) as cell, count(*) filter (where ${OPEN_CASE}) as open_n, count(*) filter (where ${YEAR_CASE}) as year_n
                  from cases where grid_id = any($1::int[]) group by 1),
          cells as (select cell from h union select cell from k union select cell from o)
     select to_hex(c.cell) as cell, coalesce(h.n, 0) as households, coalesce(k.n, 0) as components, coalesce(o.open_n, 0) as open_cases, coalesce(o.year_n, 0) as cases_last_365d
       from cells c left join h using (cell) left join k using (cell) left join o using (cell)`,
    [gridIds, res],
  );
  const byCell = new Map(counts.rows.map((row) => [row.cell.padStart(15, '0'), figures(row)]));
  const zero: WorkloadFigures = { households: 0, components: 0, open_cases: 0, cases_last_365d: 0 };
  const units: PlanningUnit[] = shares.rows.map((row) => {
    const f = byCell.get(row.cell) ?? zero;
    const [lat, lon] = cellToLatLng(row.cell);
    return { id: row.cell, ...f, workload: weightedWorkload(f, weights), centroid: [lon, lat], area: row.area, grid_id: row.grid_id };
  });
  // Points whose cell at `res` lies outside the scope (a few, on its edge, where an H3
  // child spills past its parent) go to the nearest cell of the scope that H3 knows as a neighbour.
  const present = new Set(units.map((u) => u.id));
  const index = new Map(units.map((u, i) => [u.id, i]));
  for (const [cell, f] of byCell) {
    if (present.has(cell)) continue;
    const home = gridDisk(cell, 1).find((c) => present.has(c)) ?? gridDisk(cell, 2).find((c) => present.has(c));
    if (!home) continue;
    const u = units[index.get(home)!]!;
    u.households += f.households;
    u.components += f.components;
    u.open_cases += f.open_cases;
    u.cases_last_365d += f.cases_last_365d;
    u.workload = weightedWorkload(u, weights);
  }
  const adjacency: [string, string][] = [];
  for (const u of units) for (const v of gridDisk(u.id, 1)) if (v > u.id && present.has(v)) adjacency.push([u.id, v]);
  return { units, adjacency };
}

export async function planningUnits(tx: Queryable, unit: UnitKind, res: number, scope: PlanningScope, weights: WorkloadWeights): Promise<PlanningUnits> {
  const grids = await scopeGrids(tx, scope);
  const ids = grids.map((g) => g.id);
  const { units, adjacency } = unit === 'blocks' ? await blockUnits(tx, ids, weights) : await cellUnits(tx, ids, res, weights);
  return { unit, res: unit === 'cells' ? res : null, weights, grids, units, adjacency };
}

/**
 * The proposed grids' geometries: per district the union of its units, clipped to the
 * scope (the union of its grids today); whatever of the scope no unit covers (streets
 * between blocks, in a city whose blocks do not touch) is cut by today's grids and each
 * piece given to the nearest district, so the grids still cover the scope exactly.
 */
export async function districtGeometries(tx: Queryable, unit: UnitKind, gridIds: number[], assignment: ReadonlyMap<string, string>): Promise<{ district: string; geojson: string; area_m2: number }[]> {
  const unitIds = [...assignment.keys()];
  const districts = unitIds.map((u) => assignment.get(u)!);
  const parts =
    unit === 'blocks'
      ? `select a.district, st_union(b.geom, 1e-9) as geom from unnest($1::int[], $2::text[]) as a(id, district) join blocks b on b.id = a.id group by a.district`
      : `select a.district, st_union(st_setsrid(st_geomfromgeojson(a.g), 4326), 1e-9) as geom from unnest($1::text[], $2::text[]) as a(g, district) group by a.district`;
  const r = await tx.query<{ district: string; geojson: string; area_m2: number }>(
    `with scope as (select st_union(geom, 1e-9) as geom from grids where id = any($3::int[])),
          parts as (${parts}),
          d as (select p.district, st_collectionextract(st_intersection(p.geom, s.geom, 1e-9), 3) as geom from parts p, scope s),
          covered as (select st_union(geom, 1e-9) as geom from d),
          rest as (select (st_dump(st_collectionextract(st_intersection(g.geom, st_difference(s.geom, c.geom, 1e-9), 1e-9), 3))).geom as geom
                     from scope s, covered c, grids g where g.id = any($3::int[])),
          rest_to as (select r.geom, (select d.district from d order by st_distance(d.geom, st_pointonsurface(r.geom)), d.district limit 1) as district
                        from rest r where not st_isempty(r.geom)),
          pieces as (select district, geom from d union all select district, geom from rest_to),
          merged as (select district, st_multi(st_collectionextract(st_makevalid(st_union(geom, 1e-9)), 3)) as geom from pieces group by district)
     select district, st_asgeojson(geom, 9) as geojson, st_area(geom::geography) as area_m2 from merged order by district`,
    unit === 'blocks'
      ? [unitIds.map(Number), districts, gridIds]
      : [unitIds.map((c) => JSON.stringify(cellPolygon(c))), districts, gridIds],
  );
  return r.rows;
}

/** The sub-grid of the given grids that holds each unit today (blocks: the point on surface; cells: the largest share). */
export async function unitSubgrids(tx: Queryable, unit: UnitKind, gridIds: number[], unitIds: string[]): Promise<Map<string, { subgrid: number; grid: number }>> {
  const r =
    unit === 'blocks'
      ? await tx.query<{ unit: string; subgrid: number; grid: number }>(
          `select distinct on (b.id) b.id::text as unit, s.id as subgrid, s.grid_id as grid
             from blocks b join subgrids s on s.grid_id = any($1::int[]) and s.geom && b.geom and st_covers(s.geom, st_pointonsurface(b.geom))
            where b.id = any($2::int[]) order by b.id, s.id`,
          [gridIds, unitIds.map(Number)],
        )
      : await tx.query<{ unit: string; subgrid: number; grid: number }>(
          `with c as (select cell, st_setsrid(st_geomfromgeojson(g), 4326) as geom from unnest($2::text[], $3::text[]) as c(cell, g))
           select distinct on (c.cell) c.cell as unit, s.id as subgrid, s.grid_id as grid
             from c join subgrids s on s.grid_id = any($1::int[]) and s.geom && c.geom and st_intersects(s.geom, c.geom)
            order by c.cell, st_area(st_intersection(s.geom, c.geom, 1e-9)) desc, s.id`,
          [gridIds, unitIds, unitIds.map((c) => JSON.stringify(cellPolygon(c)))],
        );
  return new Map(r.rows.map((row) => [row.unit, { subgrid: row.subgrid, grid: row.grid }]));
}
