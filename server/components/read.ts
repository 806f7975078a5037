// Reading components as GeoJSON features: filters as bound parameters, the feature
// built in SQL. Row-level security decides which rows the caller sees.
import type { Queryable } from '../db/types.ts';
import { fetchPage, isoSql, type Page } from './collection.ts';

export const COMPONENT_FEATURE = `json_build_object('type', 'Feature', 'id', k.id, 'geometry', st_asgeojson(k.geom, 7)::json,
  'properties', json_build_object('code', k.code, 'class_code', k.class_code, 'class_name', cc.name_zh, 'class_name_en', cc.name_en,
    'major', cc.major, 'status', k.status, 'owner_dept', k.owner_dept, 'maintainer_dept', k.maintainer_dept,
    'h3', lpad(to_hex(k.h3), 15, '0'), 'grid_id', k.grid_id, 'subgrid_id', k.subgrid_id, 'block_id', k.block_id,
    'installed_on', to_char(k.installed_on, 'YYYY-MM-DD'), 'checked_at', ${isoSql('k.checked_at')}, 'version', k.version))`;

export interface ComponentFilter {
  bbox: [number, number, number, number] | null;
  grid: number | null;
  /** A major (2 digits) or class (4 digits) code. */
  classCode: string | null;
  statuses: string[] | null;
  after: number | null;
  limit: number;
  offset: number;
}

const WHERE = `($1::float8[] is null or k.geom && st_makeenvelope($1[1], $1[2], $1[3], $1[4], 4326))
  and ($2::int is null or k.grid_id = $2)
  and ($3::text is null or k.class_code like $3 || '%')
  and ($4::text[] is null or k.status = any($4))`;

export async function listComponents(q: Queryable, f: ComponentFilter): Promise<Page> {
  const params = [f.bbox, f.grid, f.classCode, f.statuses];
  return fetchPage(
    q,
    `select k.id, ${COMPONENT_FEATURE}::text as feature
       from (select * from components k where ${WHERE} and ($5::bigint is null or k.id > $5) order by k.id limit $6 offset $7) k
       join component_classes cc on cc.code = k.class_code
      order by k.id`,
    [...params, f.after],
    `select count(*)::int as n from components k where ${WHERE}`,
    params,
    f.limit,
    f.offset,
  );
}

export async function getComponent(q: Queryable, id: number): Promise<{ feature: string; version: number } | null> {
  const r = await q.query<{ feature: string; version: number }>(
    `select ${COMPONENT_FEATURE}::text as feature, k.version
       from components k join component_classes cc on cc.code = k.class_code where k.id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}
