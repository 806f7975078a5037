// Whistle and report (吹哨报到): a community or grid chief blows a whistle on an open
// case and the owning unit must report (报到) within the response time; a
// cross-department whistle calls several departments at once. Each call is timed:
// due, reported when and by whom, late or not. The whistle and every report are also
// events in the case's log.
import type { Principal } from '../auth/principal.ts';
import type { Queryable } from '../db/types.ts';
import { AppError, notFound } from '../errors.ts';
import { isoSql } from '../components/collection.ts';

export const WHISTLE_KINDS = ['community', 'cross_department'] as const;
export type WhistleKind = (typeof WHISTLE_KINDS)[number];

export interface BlowInput {
  kind: WhistleKind;
  departments?: string[];
  note: string;
}

const FINISHED = ['closed', 'evaluated', 'cancelled'];

const invalid = (path: string, message: string) =>
  new AppError(422, 'invalid_whistle', `${path}: ${message}`, { problems: [{ in: 'body', path: `/${path}`, message }] });

/** Blows a whistle on a case; answers the whistle's id. */
export async function blowWhistle(tx: Queryable, principal: Principal, caseId: number, input: BlowInput, reportMinutes: number, now = Date.now()): Promise<number> {
  const c = (await tx.query<{ status: string; department: string | null; type_department: string }>(
    `select c.status, c.department, t.department as type_department from cases c join case_types t on t.code = c.type_code where c.id = $1 for update of c`,
    [caseId],
  )).rows[0];
  if (!c) throw notFound(`no case ${caseId}`);
  if (FINISHED.includes(c.status)) throw new AppError(409, 'case_finished', `case ${caseId} is ${c.status}: a whistle calls units to open cases only`);
  const departments = [...new Set(input.departments ?? [])];
  if (input.kind === 'community') {
    if (departments.length > 1) throw invalid('departments', 'a community whistle calls the one unit that owns the case; use kind cross_department to call several');
    if (departments.length === 0) departments.push(c.department ?? c.type_department);
  } else if (departments.length < 2) {
    throw invalid('departments', 'a cross-department whistle calls at least two departments');
  }
  const known = await tx.query<{ code: string }>('select code from departments where code = any($1::text[])', [departments]);
  const unknown = departments.filter((d) => !known.rows.some((k) => k.code === d));
  if (unknown.length) throw invalid('departments', `${unknown.join(', ')} ${unknown.length > 1 ? 'are not department codes' : 'is not a department code'} (GET /api/reference/departments)`);

  const at = new Date(now);
  const due = new Date(now + reportMinutes * 60_000);
  const actor = `user:${principal.username}`;
  const w = await tx.query<{ id: string }>(
    'insert into whistles (case_id, kind, blown_at, blown_by, note) values ($1, $2, $3, $4, $5) returning id',
    [caseId, input.kind, at, actor, input.note.trim()],
  );
  const id = Number(w.rows[0]!.id);
  await tx.query(
    'insert into whistle_calls (whistle_id, department, due_at) select $1, d, $3 from unnest($2::text[]) as d',
    [id, departments, due],
  );
  await tx.query(
    `insert into case_events (case_id, at, actor, from_status, to_status, action, note, data) values ($1, $2, $3, $4, $4, 'whistle', $5, $6)`,
    [caseId, at, actor, c.status, input.note.trim(), JSON.stringify({ whistle_id: id, kind: input.kind, departments, due_at: due.toISOString() })],
  );
  return id;
}

/** A called department reports (报到) to a whistle; answers the case id. */
export async function reportToWhistle(tx: Queryable, principal: Principal, whistleId: number, department: string, note: string | undefined, now = Date.now()): Promise<number> {
  const call = (await tx.query<{ case_id: string; reported_at: Date | null; due_at: Date; status: string }>(
    `select w.case_id, k.reported_at, k.due_at, c.status
       from whistles w join whistle_calls k on k.whistle_id = w.id join cases c on c.id = w.case_id
      where w.id = $1 and k.department = $2 for update of k`,
    [whistleId, department],
  )).rows[0];
  if (!call) {
    const w = await tx.query('select 1 from whistles where id = $1', [whistleId]);
    if (!w.rows.length) throw notFound(`no whistle ${whistleId}`);
    throw invalid('department', `whistle ${whistleId} did not call ${department}`);
  }
  if (call.reported_at) throw new AppError(409, 'already_reported', `${department} reported to whistle ${whistleId} at ${call.reported_at.toISOString()}`);
  const at = new Date(now);
  const actor = `user:${principal.username}`;
  await tx.query(
    'update whistle_calls set reported_at = $3, reported_by = $4, note = $5 where whistle_id = $1 and department = $2',
    [whistleId, department, at, actor, note?.trim() || null],
  );
  const pastDue = Math.max(0, Math.round((now - call.due_at.getTime()) / 60_000));
  await tx.query(
    `insert into case_events (case_id, at, actor, from_status, to_status, action, note, data) values ($1, $2, $3, $4, $4, 'whistle_report', $5, $6)`,
    [call.case_id, at, actor, call.status, note?.trim() || null, JSON.stringify({ whistle_id: whistleId, department, late: now > call.due_at.getTime(), minutes_past_due: pastDue })],
  );
  return Number(call.case_id);
}

export interface WhistleFilter {
  caseId: number | null;
  grid: number | null;
  from: Date | null;
  to: Date | null;
  /** open: a call not yet reported; late: a call reported late or still open past due. */
  state: 'open' | 'late' | null;
  limit: number;
  offset: number;
}

const WHERE = `($1::int8 is null or w.case_id = $1)
  and ($2::int is null or c.grid_id = $2)
  and ($3::timestamptz is null or w.blown_at >= $3)
  and ($4::timestamptz is null or w.blown_at < $4)
  and ($5::text is null
       or ($5 = 'open' and exists (select 1 from whistle_calls k where k.whistle_id = w.id and k.reported_at is null))
       or ($5 = 'late' and exists (select 1 from whistle_calls k where k.whistle_id = w.id and coalesce(k.reported_at, now()) > k.due_at)))`;

/** Whistles with their calls and timing, newest first, and a summary over the whole filter. */
export async function listWhistles(q: Queryable, f: WhistleFilter): Promise<string> {
  const params = [f.caseId, f.grid, f.from, f.to, f.state];
  const r = await q.query<{ body: string }>(
    `with picked as (
       select w.*, c.code as case_code, c.grid_id, c.type_code from whistles w join cases c on c.id = w.case_id where ${WHERE}
     ),
     calls as (
       select k.*, extract(epoch from (k.reported_at - p.blown_at)) / 60 as minutes,
              coalesce(k.reported_at, now()) > k.due_at as late
         from whistle_calls k join picked p on p.id = k.whistle_id
     ),
     page as (select * from picked order by blown_at desc, id desc limit $6 offset $7)
     select json_build_object(
       'summary', (select json_build_object(
           'whistles', (select count(*) from picked)::int,
           'calls', count(*)::int,
           'reported', count(*) filter (where reported_at is not null)::int,
           'reported_on_time', count(*) filter (where reported_at is not null and not late)::int,
           'late', count(*) filter (where late)::int,
           'open_overdue', count(*) filter (where reported_at is null and due_at < now())::int,
           'on_time_rate', round(count(*) filter (where reported_at is not null and not late)::numeric / nullif(count(*), 0), 4),
           'avg_minutes_to_report', round(avg(minutes)::numeric, 1)) from calls),
       'whistles', coalesce((select json_agg(json_build_object(
           'id', p.id, 'case_id', p.case_id, 'case_code', p.case_code, 'grid_id', p.grid_id, 'type_code', p.type_code, 'kind', p.kind,
           'blown_at', ${isoSql('p.blown_at')}, 'blown_by', p.blown_by, 'note', p.note,
           'calls', (select json_agg(json_build_object('department', k.department, 'department_name', d.name_zh, 'department_name_en', d.name_en,
                       'due_at', ${isoSql('k.due_at')}, 'reported_at', ${isoSql('k.reported_at')}, 'reported_by', k.reported_by, 'note', k.note,
                       'minutes', round(k.minutes::numeric, 1), 'late', k.late) order by k.department)
                       from calls k join departments d on d.code = k.department where k.whistle_id = p.id))
         order by p.blown_at desc, p.id desc) from page p), '[]'::json))::text as body`,
    [...params, f.limit, f.offset],
  );
  return r.rows[0]!.body;
}
