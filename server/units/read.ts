// Reading grids, sub-grids and blocks as GeoJSON features with their workload, team
// and chiefs. Built in SQL; filters are bound parameters.
import type { Queryable } from '../db/types.ts';
import type { UnitLayer } from './layers.ts';
import { OPEN_CASE as OPEN, YEAR_CASE } from './workload.ts';

const feature = (id: string, geom: string, props: string) =>
  `json_build_object('type', 'Feature', 'id', ${id}, 'geometry', st_asgeojson(${geom}, 7)::json, 'properties', json_build_object(${props}))`;

/** Per layer: the feature expression over alias `u` of the filtered rows, and its joins. */
const FEATURE: Record<UnitLayer, { select: string; joins: string }> = {
  grid: {
    select: feature('u.id', 'u.geom', `'code', u.code, 'name', u.name, 'status', u.status, 'version', u.version,
      'updated_at', u.updated_at, 'updated_by', u.updated_by, 'team_model', u.team_model,
      'community_id', c.id, 'community_code', c.code, 'community', c.name, 'street_id', s.id, 'street', s.name,
      'area_m2', round(st_area(u.geom::geography)),
      'households', coalesce((select sum(households) from buildings b where b.grid_id = u.id), 0)::int,
      'buildings', (select count(*) from buildings b where b.grid_id = u.id)::int,
      'components', (select count(*) from components k where k.grid_id = u.id)::int,
      'open_cases', (select count(*) from cases o where o.grid_id = u.id and o.${OPEN})::int,
      'overdue_cases', (select count(*) from cases o where o.grid_id = u.id and o.${OPEN}
                          and case_next_due(o.status, o.respond_due, o.handle_due, o.progress_due, o.progressed_at, o.close_due) < now())::int,
      'cases_last_365d', (select count(*) from cases o where o.grid_id = u.id and o.${YEAR_CASE})::int,
      'team', json_build_object('model', u.team_model, 'complete', coalesce(t.complete, false),
        'required_seats', t.required_seats, 'filled_seats', t.filled_seats, 'empty_seats', t.empty_seats,
        'shared_holders', t.shared_holders, 'participants', t.participants)`),
    joins: `join admin_areas c on c.id = u.community_id
            join admin_areas s on s.id = c.parent_id
            left join grid_team_status t on t.grid_id = u.id`,
  },
  subgrid: {
    select: feature('u.id', 'u.geom', `'code', u.code, 'name', u.name, 'grid_id', u.grid_id, 'grid_code', g.code, 'version', u.version,
      'updated_at', u.updated_at, 'updated_by', u.updated_by, 'area_m2', round(st_area(u.geom::geography)),
      'chief', (select p.name from subgrid_members m join people p on p.id = m.person_id where m.subgrid_id = u.id and m.role = 'chief'),
      'members', (select count(*)::int from subgrid_members m where m.subgrid_id = u.id and m.role = 'member')`),
    joins: 'join grids g on g.id = u.grid_id',
  },
  block: {
    select: feature('u.id', 'u.geom', `'code', u.code, 'name', u.name, 'landuse', u.landuse, 'community_id', u.community_id,
      'version', u.version, 'updated_at', u.updated_at, 'updated_by', u.updated_by, 'area_m2', round(st_area(u.geom::geography)),
      'households', coalesce((select sum(households)::int from buildings where block_id = u.id), 0),
      'block_chief', (select p.name from block_chiefs bc join people p on p.id = bc.person_id where bc.block_id = u.id and bc.role = 'block_chief'),
      'environment_chief', (select p.name from block_chiefs bc join people p on p.id = bc.person_id where bc.block_id = u.id and bc.role = 'environment_chief')`),
    joins: '',
  },
};

const TABLE: Record<UnitLayer, string> = { grid: 'grids', subgrid: 'subgrids', block: 'blocks' };

export interface ListFilter {
  bbox?: [number, number, number, number];
  /** A community (grids, blocks) or grid (sub-grids) id. */
  parent?: number;
  /** A street office id. */
  street?: number;
  /** Code prefix or part of the name. */
  text?: string;
  status?: 'active' | 'draft';
  limit: number;
  offset: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(layer: UnitLayer): string {
  const parent = layer === 'subgrid' ? 'f.grid_id' : 'f.community_id';
  const street =
    layer === 'subgrid'
      ? 'exists (select 1 from grids g join admin_areas c on c.id = g.community_id where g.id = f.grid_id and c.parent_id = $3)'
      : 'exists (select 1 from admin_areas c where c.id = f.community_id and c.parent_id = $3)';
  return `($1::float8[] is null or f.geom && st_makeenvelope($1[1], $1[2], $1[3], $1[4], 4326))
      and ($2::int is null or ${parent} = $2)
      and ($3::int is null or ${street})
      and ($4::text is null or f.code like $4 || '%' or f.name ilike '%' || $4 || '%')
      ${layer === 'grid' ? `and ($5::text is null or f.status = $5)` : `and $5::text is null`}`;
}

export async function listUnits(q: Queryable, layer: UnitLayer, f: ListFilter): Promise<{ body: string; matched: number }> {
  const params = [f.bbox ?? null, f.parent ?? null, f.street ?? null, f.text ? escapeLike(f.text) : null, f.status ?? null];
  const spec = FEATURE[layer];
  // One connection runs one query at a time: in turn, not Promise.all.
  const rows = await q.query<{ body: string }>(
    `select coalesce(json_agg(${spec.select} order by u.id), '[]'::json)::text as body
       from (select * from ${TABLE[layer]} f where ${where(layer)} order by f.id limit $6 offset $7) u ${spec.joins}`,
    [...params, f.limit, f.offset],
  );
  const count = await q.query<{ n: number }>(`select count(*)::int as n from ${TABLE[layer]} f where ${where(layer)}`, params);
  return { body: rows.rows[0]!.body, matched: count.rows[0]!.n };
}

export async function getUnit(q: Queryable, layer: UnitLayer, id: number): Promise<{ feature: Record<string, unknown>; version: number } | null> {
  const spec = FEATURE[layer];
  const r = await q.query<{ feature: Record<string, unknown>; version: number }>(
    `select ${spec.select} as feature, u.version from ${TABLE[layer]} u ${spec.joins} where u.id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}
