// The case loop over HTTP: take a step (POST /api/cases/{id}/transitions), see which
// steps are open (GET .../transitions), read the timeline (GET .../events), the due
// desk of overdue and soon-due cases (GET /api/cases/due), and whistles (吹哨报到).
// Who may take which step is the state machine's rule (server/cases/workflow.ts);
// row-level security keeps a grid chief to their own grids' cases.
import { Type } from '@sinclair/typebox';
import type { RouterContext } from '@koa/router';
import type { AppDeps } from '../app.ts';
import { getCase, listDue } from '../cases/read.ts';
import { applyTransition, caseEvents, caseSteps } from '../cases/transitions.ts';
import { blowWhistle, listWhistles, reportToWhistle, WHISTLE_KINDS, type BlowInput } from '../cases/whistles.ts';
import { CASE_ACTIONS, CASE_ROUTES, type TransitionInput } from '../cases/workflow.ts';
import { ID_PARAMS, invalidQuery, parseInstant } from '../components/collection.ts';
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';
import { etagOf } from '../units/version.ts';
import { CASE_LIST_FILTERS, caseFilterOf, type CaseListQuery } from './cases.ts';

const STAFF = ['admin', 'planner', 'command', 'officer', 'grid_chief'] as const;
const WORKERS = ['admin', 'officer', 'grid_chief'] as const;
const strict = { additionalProperties: false } as const;

const DateTime = (description: string) => Type.String({ format: 'date-time', description });

const TransitionBody = Type.Object(
  {
    action: StringEnum(CASE_ACTIONS, { description: 'the step to take' }),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'why, or what was done; required to cancel, send back, report progress, rework, park, request or reject an extension' })),
    photo_url: Type.Optional(Type.String({ maxLength: 2000, pattern: '^https?://\\S+$', description: 'a photo of the scene or of the work done (http or https URL)' })),
    route: Type.Optional(StringEnum(CASE_ROUTES, { description: 'register and dispatch: the route (default: the case type\'s)' })),
    department: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, description: 'dispatch: the department (default: the case type\'s)' })),
    satisfaction: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'evaluate: the resident\'s rating, 1 to 5' })),
    handle_due: Type.Optional(DateTime('request_extension: the new handling deadline asked for')),
    close_due: Type.Optional(DateTime('request_extension: the new closing deadline asked for')),
  },
  strict,
);

const WhistleBody = Type.Object(
  {
    kind: StringEnum(WHISTLE_KINDS, { description: 'community: call the unit that owns the case; cross_department: call several departments' }),
    departments: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 }), { maxItems: 20, description: 'department codes (cross_department: two or more; community: the owner by default)' })),
    note: Type.String({ minLength: 1, maxLength: 2000, description: 'what the units are called for' }),
  },
  strict,
);

const ReportBody = Type.Object(
  {
    department: Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, description: 'the called department that reports' }),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'who came, what they will do' })),
  },
  strict,
);

const WhistleQuery = Type.Object(
  {
    case: Type.Optional(Type.Integer({ minimum: 1, description: 'whistles on this case' })),
    grid: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'whistles on cases of this grid' })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'blown at or after (date or ISO date-time)' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'blown before (a date includes that day)' })),
    state: Type.Optional(StringEnum(['open', 'late'] as const, { description: 'open: a call not yet reported; late: a call reported late or overdue' })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
  },
  strict,
);

const DueQuery = Type.Object(
  {
    ...CASE_LIST_FILTERS,
    due: Type.Optional(StringEnum(['overdue', 'soon'] as const, { description: 'overdue: past the next deadline; soon: due within `within` minutes; both when absent' })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
  },
  strict,
);

const instant = (raw: string | undefined, name: string): number | undefined => {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (!Number.isFinite(ms)) throw new AppError(422, 'invalid_transition_input', `${name}: ${raw} is not a date-time`);
  return ms;
};

interface Whistle {
  id: number;
  case_code: string;
  type_code: string;
  grid_id: number | null;
  calls: { due_at: string }[];
}

async function oneWhistle(tx: Queryable, caseId: number, id: number): Promise<Whistle> {
  const all = JSON.parse(await listWhistles(tx, { caseId, grid: null, from: null, to: null, state: null, limit: 1000, offset: 0 })) as { whistles: Whistle[] };
  return all.whistles.find((w) => w.id === id)!;
}

async function answerCase(ctx: RouterContext, tx: Queryable, id: number, extra: Record<string, unknown>): Promise<void> {
  const c = (await getCase(tx, id))!;
  ctx.set('ETag', etagOf(c.version));
  ctx.type = 'application/json';
  ctx.body = `{${Object.entries(extra).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')},"case":${c.feature}}`;
}

export function caseFlowRoutes({ config }: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/cases/due',
      summary: 'The due desk: open cases by the deadline they must meet next, the most overdue first (overdue, or due within `within` minutes)',
      tags: ['cases'],
      roles: STAFF,
      query: DueQuery,
      async handler({ ctx, tx, query }) {
        const q = query as CaseListQuery & { due?: 'overdue' | 'soon'; limit: number; offset: number };
        const f = caseFilterOf(q);
        const page = await listDue(tx, { ...f, due: q.due ?? null, limit: q.limit, offset: q.offset, after: null });
        ctx.type = 'application/geo+json; charset=utf-8';
        ctx.body = `{"type":"FeatureCollection","numberMatched":${page.matched},"features":${page.features}}`;
      },
    },
    {
      method: 'get',
      path: '/api/cases/:id/transitions',
      summary: 'The steps open on a case now: those the caller may take (mine) and all, each with the status it leads to and who may take it',
      tags: ['cases'],
      roles: STAFF,
      params: ID_PARAMS,
      async handler({ ctx, tx, params, principal }) {
        const s = await caseSteps(tx, principal, (params as { id: number }).id);
        ctx.body = s;
      },
    },
    {
      method: 'post',
      path: '/api/cases/:id/transitions',
      summary: 'Take a step of the case loop (verify, register, dispatch, start, feedback, check, close, evaluate, park, extension, rework, ...); 409 names the steps open',
      tags: ['cases'],
      roles: WORKERS,
      params: ID_PARAMS,
      headers: [{ name: 'If-Match', description: 'optional: the ETag of the case as read; a step on a changed case is then refused with 412' }],
      body: TransitionBody,
      responses: {
        200: { description: '{event, from, to, next (the caller\'s open steps), case}; ETag is the new version' },
        403: { description: 'The role may not take this step, or the case lies outside the grid chief\'s grids' },
        409: { description: 'The step is not open from the case\'s status; details.allowed lists the steps that are' },
        412: { description: 'If-Match names an older version' },
        422: { description: 'A note, rating, department or deadline the step needs is missing or wrong' },
      },
      async handler({ ctx, tx, params, body, principal, changed, publish }) {
        const id = (params as { id: number }).id;
        const b = body as Omit<TransitionInput, 'handle_due' | 'close_due'> & { handle_due?: string; close_due?: string };
        const ifMatch = ctx.get('if-match');
        const version = ifMatch ? Number(/^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(ifMatch)?.[1] ?? Number.NaN) : null;
        if (Number.isNaN(version)) throw new AppError(400, 'bad_if_match', `If-Match must be one ETag such as "v3", got ${ifMatch}`);
        const { handle_due: h, close_due: c, ...rest } = b;
        const input: TransitionInput = { ...rest };
        const handleDue = instant(h, 'handle_due');
        const closeDue = instant(c, 'close_due');
        if (handleDue !== undefined) input.handle_due = handleDue;
        if (closeDue !== undefined) input.close_due = closeDue;
        const r = await applyTransition(tx, principal, id, input, version);
        changed('cases', 'case_events', 'case_extensions');
        publish({ type: 'case.transition', case_id: id, from_status: r.from });
        const steps = await caseSteps(tx, principal, id);
        await answerCase(ctx, tx, id, { event: r.eventId, from: r.from, to: r.to, next: steps.mine });
      },
    },
    {
      method: 'get',
      path: '/api/cases/:id/events',
      summary: 'A case\'s timeline: every step with who, when, from and to, the action, note, photo and details, oldest first',
      tags: ['cases'],
      roles: STAFF,
      params: ID_PARAMS,
      async handler({ ctx, tx, params }) {
        ctx.type = 'application/json';
        ctx.body = await caseEvents(tx, (params as { id: number }).id);
      },
    },
    {
      method: 'post',
      path: '/api/cases/:id/whistles',
      summary: 'Blow a whistle (吹哨) on an open case: the owning unit (community) or several departments (cross_department) must report within the response time',
      tags: ['whistles'],
      roles: WORKERS,
      params: ID_PARAMS,
      body: WhistleBody,
      responses: { 201: { description: 'The whistle with its calls and their deadlines' } },
      async handler({ ctx, tx, params, body, principal, changed, publish }) {
        const caseId = (params as { id: number }).id;
        const id = await blowWhistle(tx, principal, caseId, body as BlowInput, config.whistleReportMinutes);
        changed('whistles', 'whistle_calls', 'case_events');
        const w = await oneWhistle(tx, caseId, id);
        publish({ type: 'whistle.blown', id, case_id: caseId, code: w.case_code, type_code: w.type_code, grid_id: w.grid_id, due_at: w.calls[0]!.due_at });
        ctx.status = 201;
        ctx.set('Location', `/api/whistles?case=${caseId}`);
        ctx.body = w;
      },
    },
    {
      method: 'post',
      path: '/api/whistles/:id/reports',
      summary: 'A called department reports (报到) to a whistle; timed against its deadline',
      tags: ['whistles'],
      roles: WORKERS,
      params: ID_PARAMS,
      body: ReportBody,
      async handler({ ctx, tx, params, body, principal, changed, publish }) {
        const b = body as { department: string; note?: string };
        const wid = (params as { id: number }).id;
        const caseId = await reportToWhistle(tx, principal, wid, b.department, b.note);
        changed('whistle_calls', 'case_events');
        const w = await oneWhistle(tx, caseId, wid);
        publish({ type: 'whistle.reported', id: wid, case_id: caseId, code: w.case_code, type_code: w.type_code, grid_id: w.grid_id });
        ctx.body = w;
      },
    },
    {
      method: 'get',
      path: '/api/whistles',
      summary: 'Whistles with their calls, each timed (due, reported, minutes, late), newest first, and a summary (on-time rate, average minutes to report, open overdue)',
      tags: ['whistles'],
      roles: STAFF,
      query: WhistleQuery,
      async handler({ ctx, tx, query }) {
        const q = query as { case?: number; grid?: number; from?: string; to?: string; state?: 'open' | 'late'; limit: number; offset: number };
        const from = parseInstant(q.from, 'from');
        const to = parseInstant(q.to, 'to', true);
        if (from && to && from >= to) throw invalidQuery('to', 'must be after from');
        ctx.type = 'application/json';
        ctx.body = await listWhistles(tx, { caseId: q.case ?? null, grid: q.grid ?? null, from, to, state: q.state ?? null, limit: q.limit, offset: q.offset });
      },
    },
  ];
}
