// The spatial units as GeoJSON FeatureCollections: admin areas, grids (with their
// workload and team), sub-grids and blocks. The collection is built in SQL.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import type { RouteSpec } from '../http/route.ts';

const GEOJSON = 'application/geo+json; charset=utf-8';
const OPEN = `status not in ('closed', 'evaluated', 'cancelled')`;

const collection = (featureSql: string, from: string) => `
  select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(${featureSql}), '[]'::json))::text as body
  ${from}`;

const feature = (id: string, geom: string, props: string, order: string) =>
  `json_build_object('type', 'Feature', 'id', ${id}, 'geometry', st_asgeojson(${geom}, 7)::json, 'properties', json_build_object(${props})) order by ${order}`;

const AREAS_SQL = collection(
  feature('a.id', 'a.geom', `'level', a.level, 'code', a.code, 'name', a.name, 'name_en', a.name_en, 'parent_id', a.parent_id,
    'area_m2', round(st_area(a.geom::geography)), 'version', a.version`, 'a.id'),
  `from admin_areas a where ($1::text is null or a.level = $1)`,
);

const GRIDS_SQL = collection(
  feature('g.id', 'g.geom', `'code', g.code, 'name', g.name, 'status', g.status, 'version', g.version,
    'community_id', c.id, 'community_code', c.code, 'community', c.name, 'street_id', s.id, 'street', s.name,
    'area_m2', round(st_area(g.geom::geography)),
    'households', coalesce(b.households, 0), 'buildings', coalesce(b.buildings, 0),
    'components', coalesce(k.components, 0),
    'open_cases', coalesce(o.open_cases, 0), 'overdue_cases', coalesce(o.overdue_cases, 0),
    'cases_last_365d', coalesce(o.cases_year, 0),
    'team', json_build_object('model', g.team_model, 'complete', coalesce(t.complete, false),
      'required_seats', t.required_seats, 'filled_seats', t.filled_seats, 'empty_seats', t.empty_seats,
      'shared_holders', t.shared_holders, 'participants', t.participants)`, 'g.id'),
  `from grids g
   join admin_areas c on c.id = g.community_id
   join admin_areas s on s.id = c.parent_id
   left join (select grid_id, sum(households)::int as households, count(*)::int as buildings from buildings group by grid_id) b on b.grid_id = g.id
   left join (select grid_id, count(*)::int as components from components group by grid_id) k on k.grid_id = g.id
   left join (select grid_id,
                     count(*) filter (where ${OPEN})::int as open_cases,
                     count(*) filter (where ${OPEN} and ((registered_at is null and respond_due < now())
                                                        or (handled_at is null and handle_due < now())
                                                        or (closed_at is null and close_due < now())))::int as overdue_cases,
                     count(*) filter (where reported_at >= now() - interval '365 days')::int as cases_year
                from cases group by grid_id) o on o.grid_id = g.id
   left join grid_team_status t on t.grid_id = g.id`,
);

const SUBGRIDS_SQL = collection(
  feature('sg.id', 'sg.geom', `'code', sg.code, 'name', sg.name, 'grid_id', sg.grid_id, 'grid_code', g.code, 'version', sg.version,
    'area_m2', round(st_area(sg.geom::geography)),
    'chief', (select p.name from subgrid_members m join people p on p.id = m.person_id where m.subgrid_id = sg.id and m.role = 'chief'),
    'members', (select count(*)::int from subgrid_members m where m.subgrid_id = sg.id and m.role = 'member')`, 'sg.id'),
  `from subgrids sg join grids g on g.id = sg.grid_id`,
);

const BLOCKS_SQL = collection(
  feature('bl.id', 'bl.geom', `'code', bl.code, 'name', bl.name, 'landuse', bl.landuse, 'community_id', bl.community_id,
    'version', bl.version, 'area_m2', round(st_area(bl.geom::geography)),
    'households', coalesce((select sum(households)::int from buildings where block_id = bl.id), 0),
    'block_chief', (select p.name from block_chiefs bc join people p on p.id = bc.person_id where bc.block_id = bl.id and bc.role = 'block_chief'),
    'environment_chief', (select p.name from block_chiefs bc join people p on p.id = bc.person_id where bc.block_id = bl.id and bc.role = 'environment_chief')`, 'bl.id'),
  `from blocks bl`,
);

export const AREA_LEVELS = ['district', 'street', 'community'] as const;

export function unitRoutes(_deps: AppDeps): RouteSpec[] {
  const list = (path: string, summary: string, sql: string, level = false): RouteSpec => ({
    method: 'get',
    path,
    summary,
    tags: ['units'],
    roles: 'anyone',
    ...(level ? { query: Type.Object({ level: Type.Optional(Type.Union(AREA_LEVELS.map((l) => Type.Literal(l)))) }, { additionalProperties: false }) } : {}),
    async handler({ ctx, tx, query }) {
      const r = await tx.query<{ body: string }>(sql, level ? [(query as { level?: string }).level ?? null] : []);
      ctx.type = GEOJSON;
      ctx.body = r.rows[0]!.body;
    },
  });
  return [
    list('/api/areas', 'Admin areas (district, street offices, communities)', AREAS_SQL, true),
    list('/api/grids', 'Grids with workload and team', GRIDS_SQL),
    list('/api/subgrids', 'Sub-grids', SUBGRIDS_SQL),
    list('/api/blocks', 'Street blocks', BLOCKS_SQL),
  ];
}
