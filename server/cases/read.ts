// Reading cases as GeoJSON features: filters as bound parameters, the feature built
// in SQL with its deadlines, the one it must meet next and whether it is overdue.
// Row-level security decides which rows the caller sees.
import type { Queryable } from '../db/types.ts';
import { fetchPage, isoSql, type Page } from '../components/collection.ts';

/** The deadline the case must meet next (schema/012: case_next_due). */
export const NEXT_DUE_SQL = 'case_next_due(c.status, c.respond_due, c.handle_due, c.progress_due, c.progressed_at, c.close_due)';
/** Past the deadline it must meet next. */
export const OVERDUE_SQL = `coalesce(${NEXT_DUE_SQL} < now(), false)`;

const times = ['reported_at', 'responded_at', 'registered_at', 'handled_at', 'closed_at', 'respond_due', 'handle_due', 'close_due',
  'progress_due', 'progressed_at'].map((t) => `'${t}', ${isoSql(`c.${t}`)}`).join(', ');

/**
 * The reporter's name or phone, masked in the database for the roles that do not need
 * them (schema/040: app.sees_reporter — admins, officers, the grid chief and the
 * assignee read them in full; planners and the wall map's command role see them masked).
 */
const REPORTER = (column: string, kind: 'name' | 'phone') => `case when app.sees_reporter(c.assignee_id) then ${column} else app.mask_${kind}(${column}) end`;

export const CASE_FEATURE = `json_build_object('type', 'Feature', 'id', c.id, 'geometry', st_asgeojson(c.geom, 7)::json,
  'properties', json_build_object('code', c.code, 'channel', c.channel, 'type_code', c.type_code, 'type_name', t.name_zh, 'type_name_en', t.name_en,
    'description', c.description, 'address', c.address, 'reporter_name', ${REPORTER('c.reporter_name', 'name')}, 'reporter_phone', ${REPORTER('c.reporter_phone', 'phone')},
    'status', c.status, 'route', c.route, 'department', c.department, 'owner_seat', c.owner_seat, 'assignee_id', c.assignee_id,
    'h3', lpad(to_hex(c.h3), 15, '0'), 'grid_id', c.grid_id, 'subgrid_id', c.subgrid_id, 'block_id', c.block_id, 'street_id', c.street_id,
    'component_id', c.component_id, ${times}, 'next_due', ${isoSql(NEXT_DUE_SQL)}, 'overdue', ${OVERDUE_SQL},
    'satisfaction', c.satisfaction, 'rework_count', c.rework_count, 'extension_count', c.extension_count, 'parked_from', c.parked_from,
    'duplicate_of', c.duplicate_of, 'repeat_of', c.repeat_of, 'version', c.version))`;

export interface CaseFilter {
  bbox: [number, number, number, number] | null;
  grid: number | null;
  /** A case type code or the code of a category above it (prefix). */
  type: string | null;
  statuses: string[] | null;
  channel: string | null;
  from: Date | null;
  to: Date | null;
  street: number | null;
  /** Only cases outside every grid, waiting in their street office's queue. */
  queue: boolean;
  assignee: number | null;
  department: string | null;
  /** Only cases past their next deadline (overdue), or due within `within` minutes (soon). */
  due: 'overdue' | 'soon' | null;
  withinMinutes: number;
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
  and ($7::timestamptz is null or c.reported_at < $7)
  and ($8::int is null or c.street_id = $8)
  and (not $9::boolean or c.grid_id is null)
  and ($10::int is null or c.assignee_id = $10)
  and ($11::text is null or c.department = $11)
  and ($12::text is null or case $12::text when 'overdue' then ${NEXT_DUE_SQL} < now()
                               else ${NEXT_DUE_SQL} between now() and now() + $13::int * interval '1 minute' end)`;

const filterParams = (f: CaseFilter) => [f.bbox, f.grid, f.type, f.statuses, f.channel, f.from, f.to, f.street, f.queue, f.assignee, f.department, f.due, f.withinMinutes];

export async function listCases(q: Queryable, f: CaseFilter): Promise<Page> {
  const params = filterParams(f);
  return fetchPage(
    q,
    `select c.id, ${CASE_FEATURE}::text as feature
       from (select * from cases c where ${WHERE} and ($14::bigint is null or c.id > $14) order by c.id limit $15 offset $16) c
       join case_types t on t.code = c.type_code
      order by c.id`,
    [...params, f.after],
    `select count(*)::int as n from cases c where ${WHERE}`,
    params,
    f.limit,
    f.offset,
  );
}

/** Cases by their next deadline, the most overdue first (the due desk and the wall map). */
export async function listDue(q: Queryable, f: CaseFilter): Promise<{ features: string; matched: number }> {
  const params = filterParams(f);
  // One connection runs one query at a time: in turn, not Promise.all.
  const rows = await q.query<{ features: string }>(
    `select coalesce(json_agg(${CASE_FEATURE} order by c.next_due, c.id), '[]')::text as features
       from (select c.*, ${NEXT_DUE_SQL} as next_due from cases c where ${WHERE} and ${NEXT_DUE_SQL} is not null
              order by ${NEXT_DUE_SQL}, c.id limit $14 offset $15) c
       join case_types t on t.code = c.type_code`,
    [...params, f.limit, f.offset],
  );
  const count = await q.query<{ n: number }>(`select count(*)::int as n from cases c where ${WHERE} and ${NEXT_DUE_SQL} is not null`, params);
  return { features: rows.rows[0]!.features, matched: count.rows[0]!.n };
}

export async function getCase(q: Queryable, id: number): Promise<{ feature: string; version: number } | null> {
  const r = await q.query<{ feature: string; version: number }>(
    `select ${CASE_FEATURE}::text as feature, c.version from cases c join case_types t on t.code = c.type_code where c.id = $1`,
    [id],
    // Read after every case written (its answer): planned once per connection.
    { prepare: true },
  );
  return r.rows[0] ?? null;
}
