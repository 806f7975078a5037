// Cases as GeoJSON: list (bbox, grid, type or category, status, channel, report
// time, paging), get, create from a Point feature (code, cell, grid, sub-grid, block,
// street and response deadline derived), and edit of the registration data with the
// version read (If-Match). Grid chiefs read and write only in their own grid:
// row-level security decides.
import { Type } from '@sinclair/typebox';
import type { RouterContext } from '@koa/router';
import type { AppDeps } from '../app.ts';
import { getCase, listCases, type CaseFilter } from '../cases/read.ts';
import { CASE_STATUSES, CaseCreateProps, CaseUpdateProps, type CaseCreate, type CaseUpdate } from '../cases/schema.ts';
import { IntakeRefsCache } from '../cases/intake-refs.ts';
import { createCase, prepareCase, updateCase, type PreparedCase } from '../cases/write.ts';
import { GEOJSON, ID_PARAMS, PAGE_QUERY, invalidQuery, parseInstant, parseList, pointFeatureBody, sendCollection } from '../components/collection.ts';
import type { Queryable } from '../db/types.ts';
import { notFound } from '../errors.ts';
import { BBOX_QUERY, parseBbox } from '../http/bbox.ts';
import { earlierAnswer, IDEMPOTENCY_HEADER, idempotencyOf, rememberAnswer } from '../http/idempotent.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';
import { etagOf, requiredVersion } from '../units/version.ts';

const BASE = '/api/cases';
const STAFF = ['admin', 'planner', 'command', 'officer', 'grid_chief'] as const;
const WRITERS = ['admin', 'officer', 'grid_chief'] as const;
const strict = { additionalProperties: false } as const;

/** The case filters shared by the list, the due desk and the KPI and heatmap queries. */
export const CASE_LIST_FILTERS = {
  bbox: Type.Optional(BBOX_QUERY),
  grid: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'only cases in this grid id' })),
  type: Type.Optional(Type.String({ pattern: '^([0-9]{2}){1,4}$', description: 'a case type code, or a category code (2, 4 or 6 digits) for all types below it' })),
  status: Type.Optional(Type.String({ maxLength: 300, description: `comma list of ${CASE_STATUSES.join(', ')}` })),
  channel: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, description: 'an intake channel code' })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'reported at or after: an ISO date-time with a zone, or a date (China Standard Time)' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'reported before: an ISO date-time with a zone, or a date (that whole day included)' })),
  street: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'only cases of this street office (admin area id)' })),
  queue: Type.Optional(Type.Boolean({ description: 'true: only cases outside every grid, waiting in their street office\'s queue' })),
  assignee: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'only cases assigned to this person id' })),
  department: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, description: 'only cases dispatched to this department code' })),
  within: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_080, description: 'with due=soon: minutes ahead (default 120)' })),
};

export interface CaseListQuery {
  bbox?: string; grid?: number; type?: string; status?: string; channel?: string; from?: string; to?: string;
  street?: number; queue?: boolean; assignee?: number; department?: string; within?: number;
}

/** The filter a list query names (paging and `due` are the caller's). */
export function caseFilterOf(q: CaseListQuery): Omit<CaseFilter, 'due' | 'limit' | 'offset' | 'after'> {
  const from = parseInstant(q.from, 'from');
  const to = parseInstant(q.to, 'to', true);
  if (from && to && from >= to) throw invalidQuery('to', 'must be after from');
  return {
    bbox: q.bbox ? parseBbox(q.bbox) : null,
    grid: q.grid ?? null,
    type: q.type ?? null,
    statuses: parseList(q.status, 'status', CASE_STATUSES),
    channel: q.channel ?? null,
    from,
    to,
    street: q.street ?? null,
    queue: q.queue ?? false,
    assignee: q.assignee ?? null,
    department: q.department ?? null,
    withinMinutes: q.within ?? 120,
  };
}

const ListQuery = Type.Object(
  {
    ...CASE_LIST_FILTERS,
    due: Type.Optional(StringEnum(['overdue', 'soon'] as const, { description: 'overdue: past the deadline it must meet next; soon: due within `within` minutes' })),
    ...PAGE_QUERY,
  },
  strict,
);

async function sendOne(ctx: RouterContext, tx: Queryable, id: number): Promise<void> {
  const c = await getCase(tx, id);
  if (!c) throw notFound(`no case ${id}`);
  ctx.set('ETag', etagOf(c.version));
  ctx.type = GEOJSON;
  ctx.body = c.feature;
}

export function caseRoutes({ config, changes }: AppDeps): RouteSpec[] {
  const intakeRefs = new IntakeRefsCache(changes);
  return [
    {
      method: 'get',
      path: BASE,
      summary: 'List cases (GeoJSON FeatureCollection) by bbox, grid, street office or its queue, type or category, status, channel, report time, assignee, department and due state, with paging',
      tags: ['cases'],
      roles: STAFF,
      query: ListQuery,
      responses: { 200: { description: 'A FeatureCollection with numberMatched, numberReturned and a next link', contentType: GEOJSON } },
      async handler({ ctx, tx, query }) {
        const q = query as CaseListQuery & { due?: 'overdue' | 'soon'; limit: number; offset: number; after?: number };
        const page = await listCases(tx, { ...caseFilterOf(q), due: q.due ?? null, after: q.after ?? null, limit: q.limit, offset: q.offset });
        sendCollection(ctx, BASE, page);
      },
    },
    {
      method: 'get',
      path: `${BASE}/:id`,
      summary: 'One case as a GeoJSON Feature with its deadlines; its ETag is the version an edit sends back',
      tags: ['cases'],
      roles: STAFF,
      params: ID_PARAMS,
      async handler({ ctx, tx, params }) {
        await sendOne(ctx, tx, (params as { id: number }).id);
      },
    },
    {
      method: 'post',
      path: BASE,
      summary: 'Register a reported case from a GeoJSON Point feature; code, H3 cell, grid, sub-grid, block, street office and response deadline (30 minutes) are derived; an Idempotency-Key makes a retry land once',
      tags: ['cases'],
      roles: WRITERS,
      headers: [IDEMPOTENCY_HEADER],
      body: pointFeatureBody(CaseCreateProps, true),
      responses: {
        201: { description: 'Created; Location and ETag name it', contentType: GEOJSON },
        200: { description: 'Filed before with this Idempotency-Key (Idempotent-Replayed: true): that case as it is now, nothing written', contentType: GEOJSON },
        403: { description: 'The point lies outside the grid chief\'s grid' },
        422: { description: 'Invalid point, properties or reference codes' },
      },
      // The checks that need no transaction and the case's code, reserved in a statement that commits at once:
      // concurrent cases do not wait for each other's transactions (a case refused later leaves its code unused).
      async prepare({ db, body }) {
        const b = body as { geometry: unknown; properties: CaseCreate };
        return prepareCase(db, b.geometry, b.properties, config, intakeRefs);
      },
      async handler({ ctx, tx, body, principal, changed, publish, prepared }) {
        const b = body as { geometry: unknown; properties: CaseCreate };
        const once = idempotencyOf(ctx, principal, 'case', body);
        const earlier = once ? await earlierAnswer(tx, once) : null;
        if (earlier) {
          // A retry of a case already filed (its answer was lost): that case, as it is now.
          await sendOne(ctx, tx, earlier.case_id as number);
          ctx.set('Idempotent-Replayed', 'true');
          ctx.set('Location', `${BASE}/${earlier.case_id as number}`);
          return;
        }
        const id = await createCase(tx, principal, prepared as PreparedCase, b.properties, config);
        if (once) await rememberAnswer(tx, once, { case_id: id });
        changed('cases', 'case_events');
        publish({ type: 'case.created', case_id: id });
        await sendOne(ctx, tx, id);
        ctx.status = 201;
        ctx.set('Location', `${BASE}/${id}`);
      },
    },
    {
      method: 'patch',
      path: `${BASE}/:id`,
      summary: 'Correct a case\'s registration data and/or move it (re-located), recorded as an edit event; If-Match required (428 without, 412 when stale)',
      tags: ['cases'],
      roles: WRITERS,
      params: ID_PARAMS,
      headers: [{ name: 'If-Match', description: 'the ETag of the version you edited ("v3")', required: true }],
      body: pointFeatureBody(CaseUpdateProps, false),
      responses: {
        200: { description: 'The case as saved, with its new ETag', contentType: GEOJSON },
        412: { description: 'Someone saved a newer version' },
        428: { description: 'If-Match missing' },
      },
      async handler({ ctx, tx, params, body, principal, changed, publish }) {
        const id = (params as { id: number }).id;
        const version = requiredVersion(ctx.get('if-match') || undefined, 'case');
        const b = body as { geometry?: unknown; properties: CaseUpdate };
        await updateCase(tx, principal, { id, version, props: b.properties, ...(b.geometry === undefined ? {} : { geometry: b.geometry }) }, config.maxVertices);
        changed('cases', 'case_events');
        publish({ type: 'case.updated', case_id: id });
        await sendOne(ctx, tx, id);
      },
    },
  ];
}
