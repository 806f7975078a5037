// Gaps and overlaps. Each write of an active boundary is checked against its
// neighbours before it lands (409 with the offending geometry); GET /api/topology
// reports the state of the whole cover. PostGIS 3.3 has no coverage functions, so the
// checks are written out: overlaps through an index join with ST_Relate, gaps as the
// area a write gives up that no neighbour covers.
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { TOPOLOGY_TOLERANCE_M2, type UnitLayerSpec } from './layers.ts';

export interface Problem {
  kind: 'overlap' | 'gap' | 'outside_grid';
  /** The neighbour(s) involved. */
  with?: { id: number; code: string }[];
  area_m2: number;
  geometry: unknown;
}

export interface WrittenFeature {
  id: number;
  /** The geometry before the write (GeoJSON text); null for a create. */
  before: string | null;
  /** Whether the feature was part of the cover before the write (drafts are not). */
  wasActive: boolean;
  /** Whether it is part of the cover after it (a grid saved as a draft is not checked for gaps). */
  isActive: boolean;
  /** The parent grid of a sub-grid before the write. */
  gridIdBefore: number | null;
}

const round = (a: number) => Math.round(a * 10) / 10;

/** Overlaps of the written features with their active siblings, in the state after the write. */
async function overlaps(q: Queryable, spec: UnitLayerSpec, ids: number[]): Promise<Problem[]> {
  const active = spec.layer === 'grid' ? `a.status = 'active' and b.status = 'active'` : spec.layer === 'subgrid' ? 'a.grid_id = b.grid_id' : 'true';
  const r = await q.query<{ id: number; code: string; other_id: number; other_code: string; area_m2: number; geometry: unknown }>(
    `select id, code, other_id, other_code, area_m2, geometry from (
       select a.id, a.code, b.id as other_id, b.code as other_code, st_area(x.geom::geography) as area_m2, st_asgeojson(x.geom, 7)::json as geometry
         from ${spec.table} a join ${spec.table} b on b.id <> a.id and a.geom && b.geom and st_relate(a.geom, b.geom, '2********'),
              lateral (select st_collectionextract(st_intersection(a.geom, b.geom, 1e-9), 3) as geom) x
        where a.id = any($1::int[]) and ${active} and (b.id > a.id or not b.id = any($1::int[]))) t
      where area_m2 > $2 order by id, other_id`,
    [ids, TOPOLOGY_TOLERANCE_M2],
  );
  return r.rows.map((o) => ({
    kind: 'overlap',
    with: [{ id: o.id, code: o.code.trim() }, { id: o.other_id, code: o.other_code.trim() }],
    area_m2: round(o.area_m2),
    geometry: o.geometry,
  }));
}

async function outsideGrid(q: Queryable, ids: number[]): Promise<Problem[]> {
  const r = await q.query<{ id: number; code: string; grid_id: number; grid_code: string; area_m2: number; geometry: unknown }>(
    `select s.id, s.code, g.id as grid_id, g.code as grid_code, st_area(x.geom::geography) as area_m2, st_asgeojson(x.geom, 7)::json as geometry
       from subgrids s join grids g on g.id = s.grid_id, lateral (select st_collectionextract(st_difference(s.geom, g.geom, 1e-9), 3) as geom) x
      where s.id = any($1::int[]) and st_area(x.geom::geography) > $2`,
    [ids, TOPOLOGY_TOLERANCE_M2],
  );
  return r.rows.map((o) => ({
    kind: 'outside_grid',
    with: [{ id: o.id, code: o.code.trim() }, { id: o.grid_id, code: o.grid_code.trim() }],
    area_m2: round(o.area_m2),
    geometry: o.geometry,
  }));
}

/** Area the written features gave up that no active sibling covers now (inside the parent grid for sub-grids). */
async function gaps(q: Queryable, spec: UnitLayerSpec, lost: string[], gridId: number | null): Promise<Problem[]> {
  const siblings = spec.layer === 'grid' ? `o.status = 'active'` : 'o.grid_id = $3';
  // Grids must cover the district; sub-grids their grid.
  const clip =
    spec.layer === 'subgrid'
      ? 'st_intersection(u.geom, (select geom from grids where id = $3), 1e-9)'
      : `st_intersection(u.geom, coalesce((select st_union(geom, 1e-9) from admin_areas where level = 'district'), u.geom), 1e-9)`;
  const r = await q.query<{ area_m2: number; geometry: unknown }>(
    `with u as (select st_union(st_setsrid(st_geomfromgeojson(g), 4326), 1e-9) as geom from unnest($1::text[]) g),
          -- Only the areal part: a clip that merely touches the parent leaves lines and points.
          lost as (select st_collectionextract(${clip}, 3) as geom from u),
          uncovered as (
            select p.geom
              from lost l
              cross join lateral st_dump(st_collectionextract(st_difference(l.geom, coalesce(
                      (select st_union(o.geom, 1e-9) from ${spec.table} o where ${siblings} and o.geom && l.geom),
                      st_setsrid('MULTIPOLYGON EMPTY'::geometry, 4326)), 1e-9), 3)) p
             where l.geom is not null and not st_isempty(l.geom))
     select st_area(geom::geography) as area_m2, st_asgeojson(geom, 7)::json as geometry
       from uncovered where st_area(geom::geography) > $2 order by 1 desc`,
    spec.layer === 'subgrid' ? [lost, TOPOLOGY_TOLERANCE_M2, gridId] : [lost, TOPOLOGY_TOLERANCE_M2],
  );
  return r.rows.map((g) => ({ kind: 'gap', area_m2: round(g.area_m2), geometry: g.geometry }));
}

/**
 * The problems the state after a write of `written` features (in the same transaction)
 * has: overlaps between active siblings, sub-grids outside their grid, gaps where a
 * feature used to be. Drafts are not checked.
 */
export async function problemsAfterWrite(q: Queryable, spec: UnitLayerSpec, written: readonly WrittenFeature[]): Promise<Problem[]> {
  const ids = written.map((w) => w.id);
  const problems: Problem[] = [...(await overlaps(q, spec, ids))];
  if (spec.layer === 'subgrid') problems.push(...(await outsideGrid(q, ids)));
  // Blocks need not cover the city (streets lie between them): no gap rule for them.
  if (spec.layer === 'grid') {
    const lost = written.filter((w) => w.wasActive && w.isActive && w.before !== null).map((w) => w.before!);
    if (lost.length) problems.push(...(await gaps(q, spec, lost, null)));
  } else if (spec.layer === 'subgrid') {
    const byGrid = new Map<number, string[]>();
    for (const w of written) if (w.before !== null && w.gridIdBefore !== null) byGrid.set(w.gridIdBefore, [...(byGrid.get(w.gridIdBefore) ?? []), w.before]);
    for (const [gridId, lost] of byGrid) problems.push(...(await gaps(q, spec, lost, gridId)));
  }
  return problems;
}

/** The 409 for the problems a write leaves, naming the first and counting the others. */
export function topologyError(spec: UnitLayerSpec, problems: readonly Problem[]): AppError {
  const first = problems[0]!;
  const what =
    first.kind === 'overlap'
      ? `${spec.layer} ${first.with![0]!.code} would overlap ${first.with![1]!.code} by ${first.area_m2} m²`
      : first.kind === 'gap'
        ? `the edit would leave ${first.area_m2} m² covered by no ${spec.layer}`
        : `sub-grid ${first.with![0]!.code} would reach ${first.area_m2} m² outside its grid ${first.with![1]!.code}`;
  return new AppError(
    409,
    first.kind,
    `${what}${problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''}; fix the boundary${spec.layer === 'grid' ? ', or save it as a draft' : ''}`,
    { problems },
  );
}
