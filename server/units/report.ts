// The state of the whole cover: overlaps between active grids, gaps in the district
// that no active grid covers, sub-grids reaching outside their grid, overlaps between
// sub-grids of one grid and the parts of a grid its sub-grids leave uncovered.
import type { Queryable } from '../db/types.ts';
import { TOPOLOGY_TOLERANCE_M2 } from './layers.ts';

const REPORT_SQL = `
with active as (select id, code, geom from grids where status = 'active'),
grid_overlaps as (
  select 'grid_overlap' as problem, array[a.id, b.id] as ids, array[a.code::text, b.code::text] as codes,
         st_collectionextract(st_intersection(a.geom, b.geom, 1e-9), 3) as geom
    from active a join active b on a.id < b.id and a.geom && b.geom and st_relate(a.geom, b.geom, '2********')),
district as (select st_union(geom, 1e-9) as geom from admin_areas where level = 'district'),
grid_gaps as (
  select 'grid_gap' as problem, '{}'::int[] as ids, '{}'::text[] as codes, p.geom
    from district d
    cross join lateral st_dump(st_collectionextract(st_difference(d.geom, coalesce((select st_union(geom, 1e-9) from active), st_setsrid('MULTIPOLYGON EMPTY'::geometry, 4326)), 1e-9), 3)) p
   where d.geom is not null),
outside as (
  select 'subgrid_outside' as problem, array[s.id, g.id] as ids, array[s.code::text, g.code::text] as codes,
         st_collectionextract(st_difference(s.geom, g.geom, 1e-9), 3) as geom
    from subgrids s join grids g on g.id = s.grid_id),
sub_overlaps as (
  select 'subgrid_overlap' as problem, array[a.id, b.id] as ids, array[a.code::text, b.code::text] as codes,
         st_collectionextract(st_intersection(a.geom, b.geom, 1e-9), 3) as geom
    from subgrids a join subgrids b on a.grid_id = b.grid_id and a.id < b.id and a.geom && b.geom and st_relate(a.geom, b.geom, '2********')),
sub_gaps as (
  select 'subgrid_gap' as problem, array[g.id] as ids, array[g.code::text] as codes, p.geom
    from grids g
    cross join lateral st_dump(st_collectionextract(
           st_difference(g.geom, coalesce((select st_union(s.geom, 1e-9) from subgrids s where s.grid_id = g.id), st_setsrid('MULTIPOLYGON EMPTY'::geometry, 4326)), 1e-9), 3)) p
   where exists (select 1 from subgrids s where s.grid_id = g.id)),
problems as (
  select * from grid_overlaps union all select * from grid_gaps union all select * from outside
  union all select * from sub_overlaps union all select * from sub_gaps)
select problem, ids, codes, round(st_area(geom::geography)::numeric, 1)::float8 as area_m2, st_asgeojson(geom, 7)::json as geometry
  from problems where not st_isempty(geom) and st_area(geom::geography) > $1
 order by problem, area_m2 desc`;

export const PROBLEM_KINDS = ['grid_overlap', 'grid_gap', 'subgrid_outside', 'subgrid_overlap', 'subgrid_gap'] as const;

export async function topologyReport(q: Queryable) {
  const r = await q.query<{ problem: string; ids: number[]; codes: string[]; area_m2: number; geometry: unknown }>(REPORT_SQL, [TOPOLOGY_TOLERANCE_M2]);
  const summary = Object.fromEntries(PROBLEM_KINDS.map((k) => [k, r.rows.filter((p) => p.problem === k).length]));
  return {
    type: 'FeatureCollection' as const,
    summary: { ...summary, ok: r.rows.length === 0, toleranceM2: TOPOLOGY_TOLERANCE_M2 },
    features: r.rows.map((p, i) => ({
      type: 'Feature' as const,
      id: i + 1,
      geometry: p.geometry,
      properties: { problem: p.problem, ids: p.ids, codes: p.codes.map((c) => c.trim()), area_m2: p.area_m2 },
    })),
  };
}
