// Taking a step of the case loop: the case is read and locked as the caller sees it
// (row-level security: a grid chief only in their grids), the pure machine
// (workflow.ts) plans the step, and the case, its extension request and its event log
// are written in the request's transaction. Every step is one case_events row: who,
// when, from, to, the action, a note, a photo and the step's details.
import type { Principal } from '../auth/principal.ts';
import { isoSql } from '../components/collection.ts';
import type { Queryable } from '../db/types.ts';
import { AppError, notFound } from '../errors.ts';
import { loadCalendar, loadDeadlineRules, ruleFor, type CaseComplexity } from './deadlines.ts';
import type { CaseStatus } from './schema.ts';
import { openSteps, planTransition, type CasePatch, type CaseRoute, type CaseSnapshot, type OpenStep, type TransitionInput } from './workflow.ts';

interface CaseRow {
  status: CaseStatus;
  version: number;
  type_code: string;
  route: CaseRoute | null;
  type_route: CaseRoute;
  type_department: string;
  complexity: CaseComplexity;
  department: string | null;
  parked_from: CaseSnapshot['parkedFrom'];
  responded_at: Date | null;
  registered_at: Date | null;
  handle_due: Date | null;
  close_due: Date | null;
  progressed_at: Date | null;
  rework_count: number;
  extension_count: number;
  ext_handle_due: Date | null;
  ext_close_due: Date | null;
}

const ms = (d: Date | null) => (d === null ? null : d.getTime());

async function readCase(tx: Queryable, id: number, lock: boolean): Promise<CaseRow> {
  const r = await tx.query<CaseRow>(
    `select c.status, c.version, c.type_code, c.route, t.default_route as type_route, t.department as type_department, t.complexity,
            c.department, c.parked_from, c.responded_at, c.registered_at, c.handle_due, c.close_due, c.progressed_at,
            c.rework_count, c.extension_count, e.handle_due as ext_handle_due, e.close_due as ext_close_due
       from cases c
       join case_types t on t.code = c.type_code
       left join case_extensions e on e.case_id = c.id and e.status = 'pending'
      where c.id = $1${lock ? ' for update of c' : ''}`,
    [id],
  );
  const row = r.rows[0];
  if (!row) throw notFound(`no case ${id}`);
  return row;
}

function snapshot(r: CaseRow): CaseSnapshot {
  return {
    status: r.status, route: r.route, typeRoute: r.type_route, typeDepartment: r.type_department, department: r.department,
    parkedFrom: r.parked_from,
    pendingExtension: r.ext_close_due ? { handleDue: r.ext_handle_due!.getTime(), closeDue: r.ext_close_due.getTime() } : null,
    respondedAt: ms(r.responded_at), registeredAt: ms(r.registered_at), handleDue: ms(r.handle_due), closeDue: ms(r.close_due),
    progressedAt: ms(r.progressed_at), reworkCount: r.rework_count, extensionCount: r.extension_count,
  };
}

/** The steps the caller may take on a case now, and those open to other roles. */
export async function caseSteps(tx: Queryable, principal: Principal, id: number): Promise<{ status: CaseStatus; mine: OpenStep[]; all: OpenStep[] }> {
  const c = snapshot(await readCase(tx, id, false));
  return { status: c.status, mine: openSteps(c, principal.role), all: openSteps(c) };
}

const TIME_COLUMNS = new Set(['responded_at', 'registered_at', 'handled_at', 'closed_at', 'handle_due', 'close_due', 'progress_due', 'progressed_at']);

export interface TransitionResult {
  eventId: number;
  from: CaseStatus;
  to: CaseStatus;
  version: number;
}

export async function applyTransition(
  tx: Queryable,
  principal: Principal,
  id: number,
  input: TransitionInput,
  version: number | null,
  now = Date.now(),
): Promise<TransitionResult> {
  const row = await readCase(tx, id, true);
  if (version !== null && version !== row.version) {
    throw new AppError(412, 'version_conflict', `case ${id} was changed since you read it (now version ${row.version}, you read version ${version}); reload it`, {
      currentVersion: row.version, yourVersion: version,
    });
  }
  const rules = await loadDeadlineRules(tx);
  const calendar = await loadCalendar(tx);
  const plan = planTransition(snapshot(row), input, {
    role: principal.role, now, rule: ruleFor(rules, row.type_code, row.complexity), calendar,
  });
  if (plan.patch.department) {
    const d = await tx.query('select 1 from departments where code = $1', [plan.patch.department]);
    if (!d.rows.length) {
      throw new AppError(422, 'invalid_transition_input', `department: ${plan.patch.department} is not a department code (GET /api/reference/departments lists them)`, {
        problems: [{ in: 'body', path: '/department', message: 'unknown department' }],
      });
    }
  }

  const entries = Object.entries(plan.patch) as [keyof CasePatch, unknown][];
  const sets = entries.map(([col], i) => `${col} = $${i + 3}${TIME_COLUMNS.has(col) ? '::timestamptz' : ''}`);
  const values = entries.map(([col, v]) => (TIME_COLUMNS.has(col) && typeof v === 'number' ? new Date(v) : v));
  const updated = await tx.query<{ version: number }>(
    `update cases set ${[`status = $2`, ...sets, 'version = version + 1'].join(', ')} where id = $1 returning version`,
    [id, plan.to, ...values],
  );
  const at = new Date(now);
  const actor = `user:${principal.username}`;
  if (plan.extension === 'request') {
    await tx.query(
      `insert into case_extensions (case_id, requested_at, requested_by, reason, handle_due, close_due) values ($1, $2, $3, $4, $5, $6)`,
      [id, at, actor, input.note, plan.data!.handle_due, plan.data!.close_due],
    );
  } else if (plan.extension) {
    await tx.query(
      `update case_extensions set status = $2, decided_at = $3, decided_by = $4, decision_note = $5 where case_id = $1 and status = 'pending'`,
      [id, plan.extension === 'approve' ? 'approved' : 'rejected', at, actor, input.note ?? null],
    );
  }
  const ev = await tx.query<{ id: string }>(
    `insert into case_events (case_id, at, actor, from_status, to_status, action, note, photo_url, data)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [id, at, actor, plan.from, plan.to, input.action, input.note?.trim() || null, input.photo_url ?? null, plan.data === null ? null : JSON.stringify(plan.data)],
  );
  return { eventId: Number(ev.rows[0]!.id), from: plan.from, to: plan.to, version: updated.rows[0]!.version };
}

/** A case's event log, oldest first. */
export async function caseEvents(tx: Queryable, id: number): Promise<string> {
  await readCase(tx, id, false);
  const r = await tx.query<{ events: string }>(
    `select coalesce(json_agg(json_build_object('id', e.id, 'at', ${isoSql('e.at')},
              'actor', e.actor, 'action', e.action, 'from_status', e.from_status, 'to_status', e.to_status,
              'note', e.note, 'photo_url', e.photo_url, 'data', e.data) order by e.at, e.id), '[]')::text as events
       from case_events e where e.case_id = $1`,
    [id],
  );
  return r.rows[0]!.events;
}
