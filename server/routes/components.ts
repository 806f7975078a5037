// The component census as GeoJSON: list (bbox, grid, class, status, paging), get,
// create from a Point feature (code, cell, grid, sub-grid and block derived), and
// edit with the version read (If-Match). Grid chiefs read and write only in their
// own grid: row-level security decides.
import { Type } from '@sinclair/typebox';
import type { RouterContext } from '@koa/router';
import type { AppDeps } from '../app.ts';
import { GEOJSON, ID_PARAMS, PAGE_QUERY, parseList, pointFeatureBody, sendCollection } from '../components/collection.ts';
import { getComponent, listComponents } from '../components/read.ts';
import { COMPONENT_STATUSES, ComponentCreateProps, ComponentUpdateProps, type ComponentCreate, type ComponentUpdate } from '../components/schema.ts';
import { createComponent, updateComponent } from '../components/write.ts';
import type { Queryable } from '../db/types.ts';
import { notFound } from '../errors.ts';
import { BBOX_QUERY, parseBbox } from '../http/bbox.ts';
import type { RouteSpec } from '../http/route.ts';
import { etagOf, requiredVersion } from '../units/version.ts';

const BASE = '/api/components';
const STAFF = ['admin', 'planner', 'command', 'officer', 'grid_chief'] as const;
const WRITERS = ['admin', 'officer', 'grid_chief'] as const;
const strict = { additionalProperties: false } as const;

const ListQuery = Type.Object(
  {
    bbox: Type.Optional(BBOX_QUERY),
    grid: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'only components in this grid id' })),
    class: Type.Optional(Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$', description: 'a major (2 digits) or class (4 digits) code' })),
    status: Type.Optional(Type.String({ maxLength: 200, description: `comma list of ${COMPONENT_STATUSES.join(', ')}` })),
    ...PAGE_QUERY,
  },
  strict,
);

async function sendOne(ctx: RouterContext, tx: Queryable, id: number): Promise<void> {
  const c = await getComponent(tx, id);
  if (!c) throw notFound(`no component ${id}`);
  ctx.set('ETag', etagOf(c.version));
  ctx.type = GEOJSON;
  ctx.body = c.feature;
}

export function componentRoutes({ config }: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: BASE,
      summary: 'List components (GeoJSON FeatureCollection) by bbox, grid, class and status, with paging',
      tags: ['components'],
      roles: STAFF,
      query: ListQuery,
      responses: { 200: { description: 'A FeatureCollection with numberMatched, numberReturned and a next link', contentType: GEOJSON } },
      async handler({ ctx, tx, query }) {
        const q = query as { bbox?: string; grid?: number; class?: string; status?: string; limit: number; offset: number; after?: number };
        const page = await listComponents(tx, {
          bbox: q.bbox ? parseBbox(q.bbox) : null,
          grid: q.grid ?? null,
          classCode: q.class ?? null,
          statuses: parseList(q.status, 'status', COMPONENT_STATUSES),
          after: q.after ?? null,
          limit: q.limit,
          offset: q.offset,
        });
        sendCollection(ctx, BASE, page);
      },
    },
    {
      method: 'get',
      path: `${BASE}/:id`,
      summary: 'One component as a GeoJSON Feature; its ETag is the version an edit sends back',
      tags: ['components'],
      roles: STAFF,
      params: ID_PARAMS,
      async handler({ ctx, tx, params }) {
        await sendOne(ctx, tx, (params as { id: number }).id);
      },
    },
    {
      method: 'post',
      path: BASE,
      summary: 'Record a component from a GeoJSON Point feature; code, H3 cell, grid, sub-grid and block are derived from the point',
      tags: ['components'],
      roles: WRITERS,
      body: pointFeatureBody(ComponentCreateProps, true),
      responses: {
        201: { description: 'Created; Location and ETag name it', contentType: GEOJSON },
        403: { description: 'The point lies outside the grid chief\'s grid' },
        422: { description: 'Invalid point, properties or reference codes' },
      },
      async handler({ ctx, tx, body, principal, changed }) {
        const b = body as { geometry: unknown; properties: ComponentCreate };
        const id = await createComponent(tx, principal, b.geometry, b.properties, config.maxVertices);
        changed('components');
        await sendOne(ctx, tx, id);
        ctx.status = 201;
        ctx.set('Location', `${BASE}/${id}`);
      },
    },
    {
      method: 'patch',
      path: `${BASE}/:id`,
      summary: 'Edit a component (status, departments, dates) and/or move it (re-located); If-Match required (428 without, 412 when stale)',
      tags: ['components'],
      roles: WRITERS,
      params: ID_PARAMS,
      headers: [{ name: 'If-Match', description: 'the ETag of the version you edited ("v3")', required: true }],
      body: pointFeatureBody(ComponentUpdateProps, false),
      responses: {
        200: { description: 'The component as saved, with its new ETag', contentType: GEOJSON },
        412: { description: 'Someone saved a newer version' },
        428: { description: 'If-Match missing' },
      },
      async handler({ ctx, tx, params, body, principal, changed }) {
        const id = (params as { id: number }).id;
        const version = requiredVersion(ctx.get('if-match') || undefined, 'component');
        const b = body as { geometry?: unknown; properties: ComponentUpdate };
        await updateComponent(tx, principal, { id, version, props: b.properties, ...(b.geometry === undefined ? {} : { geometry: b.geometry }) }, config.maxVertices);
        changed('components');
        await sendOne(ctx, tx, id);
      },
    },
  ];
}
