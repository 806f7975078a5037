// Reading cases as GeoJSON features: filters as bound parameters, the feature built
// in SQL with its deadlines and whether it is overdue. Row-level security decides
// which rows the caller sees.
import type { Queryable } from '../db/types.ts';
import { fetchPage, isoSql, type Page } from '../components/collection.ts';

const OPEN = `c.status not in ('closed', 'evaluated', 'cancelled')`;

/** Open and past a deadline it has not met (deadlines not yet set count as not passed). */
export const OVERDUE_SQL = `coalesce(${OPEN} and ((c.responded_at is null and c.respond_due < now())
  or (c.handled_at is null and c.handle_due < now()) or (c.closed_at is null and c.close_due < now())), false)`;

const times = ['reported_at', 'responded_at', 'registered_at', 'handled_at', 'closed_at', 'respond_due', 'handle_due', 'close_due']
  .map((t) => `'${t}', ${isoSql(`c.${t}`)}`).join(', ');

export const CASE_FEATURE = `json_build_object('type', 'Feature', 'id', c.id, 'geometry', st_asgeojson(c.geom, 7)::json,
  'properties', json_build_object('code', c.code, 'channel', c.channel, 'type_code', c.type_code, 'type_name', t.name_zh, 'type_name_en', t.name_en,
    'description', c.description, 'address', c.address, 'reporter_name', c.reporter_name, 'reporter_phone', c.reporter_phone,
    'status', c.status, 'route', c.route, 'department', c.department, 'assignee_id', c.assignee_id,
    'h3', lpad(to_hex(c.h3), 15, '0'), 'grid_id', c.grid_id, 'subgrid_id', c.subgrid_id, 'block_id', c.block_id, 'street_id', c.street_id,
    'component_id', c.component_id, ${times}, 'overdue', ${OVERDUE_SQL},
    'satisfaction', c.satisfaction, 'rework_count', c.rework_count, 'duplicate_of', c.duplicate_of, 'version', c.version))`;

export interface CaseFilter {
  bbox: [number, number, number, number] | null;
  grid: number | null;
  /** A case type code or the code of a category above it (prefix). */
  type: string | null;
  statuses: string[] | null;
  channel: string | null;
  from: Date | null;
  to: Date | null;
  after: number | null;
  limit: number;
  offset: number;
}

const WHERE = `($1::float8[] is null or c.geom && st_makeenvelope($1[1], $1[2], $1[3], $1[4], 4326))
  and ($2::int is null or c.grid_id = $2)
  and ($3::text is null or c.type_code like $3 || '%')
  and ($4::text[] is null or c.status = any($4))
  and ($5::text is null or c.channel = $5)
  and ($6::timestamptz is null or c.reported_at >= $6)
  and ($7::timestamptz is null or c.reported_at < $7)`;

export async function listCases(q: Queryable, f: CaseFilter): Promise<Page> {
  const params = [f.bbox, f.grid, f.type, f.statuses, f.channel, f.from, f.to];
  return fetchPage(
    q,
    `select c.id, ${CASE_FEATURE}::text as feature
       from (select * from cases c where ${WHERE} and ($8::bigint is null or c.id > $8) order by c.id limit $9 offset $10) c
       join case_types t on t.code = c.type_code
      order by c.id`,
    [...params, f.after],
    `select count(*)::int as n from cases c where ${WHERE}`,
    params,
    f.limit,
    f.offset,
  );
}

export async function getCase(q: Queryable, id: number): Promise<{ feature: string; version: number } | null> {
  const r = await q.query<{ feature: string; version: number }>(
    `select ${CASE_FEATURE}::text as feature, c.version from cases c join case_types t on t.code = c.type_code where c.id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}
