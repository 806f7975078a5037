// Admin areas, grids, sub-grids and blocks: list, get, create, update, delete and
// history, GeoJSON in and out. Every write carries the version it read (If-Match).
import { Type, type TSchema } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { notFound } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';
import { BBOX_QUERY, parseBbox } from '../http/bbox.ts';
import { UNIT_LAYERS, type UnitLayerSpec } from '../units/layers.ts';
import { getUnit, listUnits } from '../units/read.ts';
import { etagOf, requiredVersion } from '../units/version.ts';
import { applyChanges, createUnit, deleteUnit, updateUnit, updateUnits } from '../units/write.ts';
import { unitHistory } from '../units/history.ts';

const GEOJSON = 'application/geo+json; charset=utf-8';
const STAFF = ['admin', 'planner', 'command', 'officer', 'grid_chief'] as const;
const EDITORS = ['admin', 'planner'] as const;
const strict = { additionalProperties: false } as const;

export const AREA_LEVELS = ['district', 'street', 'community'] as const;

const AREAS_SQL = `
  select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
           json_build_object('type', 'Feature', 'id', a.id, 'geometry', st_asgeojson(a.geom, 7)::json,
             'properties', json_build_object('level', a.level, 'code', a.code, 'name', a.name, 'name_en', a.name_en,
               'parent_id', a.parent_id, 'area_m2', round(st_area(a.geom::geography)), 'version', a.version)) order by a.id), '[]'::json))::text as body
    from admin_areas a where ($1::text is null or a.level = $1)`;

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, strict);

const IF_MATCH = { name: 'If-Match', description: 'the ETag of the version you edited ("v3")', required: true };

function featureBody(props: TSchema, geometryRequired: boolean): TSchema {
  const geometry = Type.Unknown({ description: 'a GeoJSON Polygon or MultiPolygon (EPSG:4326, lon/lat)' });
  return Type.Object(
    {
      type: Type.Literal('Feature'),
      id: Type.Optional(Type.Union([Type.String(), Type.Number()])),
      geometry: geometryRequired ? geometry : Type.Optional(geometry),
      properties: props,
    },
    strict,
  );
}

interface ChangesBody {
  creates?: { properties: Record<string, unknown>; geometry: unknown }[];
  updates?: { id: number; version: number; properties?: Record<string, unknown>; geometry?: unknown }[];
  deletes?: { id: number; version: number }[];
  dry_run?: boolean;
}

/** Most changes one set may hold. */
const MAX_CHANGES = 200;

function changesBody(spec: UnitLayerSpec): TSchema {
  const id = Type.Integer({ minimum: 1, maximum: 2147483647 });
  const version = Type.Integer({ minimum: 1, maximum: 2147483647, description: 'the version you read (its ETag without the quotes and v)' });
  const geometry = Type.Unknown({ description: 'a GeoJSON Polygon or MultiPolygon (EPSG:4326, lon/lat)' });
  return Type.Object(
    {
      creates: Type.Optional(Type.Array(Type.Object({ properties: spec.createProps, geometry }, strict), { maxItems: MAX_CHANGES })),
      updates: Type.Optional(Type.Array(Type.Object({ id, version, properties: Type.Optional(spec.updateProps), geometry: Type.Optional(geometry) }, strict), { maxItems: MAX_CHANGES })),
      deletes: Type.Optional(Type.Array(Type.Object({ id, version }, strict), { maxItems: MAX_CHANGES })),
      dry_run: Type.Optional(Type.Boolean({ description: 'check and report without keeping anything' })),
    },
    strict,
  );
}

function layerRoutes(spec: UnitLayerSpec, { config }: AppDeps): RouteSpec[] {
  const base = `/api/${spec.plural}`;
  const parentName = spec.layer === 'subgrid' ? 'grid' : 'community';
  const ListQuery = Type.Object(
    {
      bbox: Type.Optional(BBOX_QUERY),
      [parentName]: Type.Optional(Type.Integer({ minimum: 1, description: `only the ${spec.plural} of this ${parentName} id` })),
      street: Type.Optional(Type.Integer({ minimum: 1, description: 'only those of this street office id' })),
      q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'a code prefix or part of the name' })),
      ...(spec.layer === 'grid' ? { status: Type.Optional(StringEnum(['active', 'draft'])) } : {}),
      limit: Type.Integer({ minimum: 1, maximum: 5000, default: 1000 }),
      offset: Type.Integer({ minimum: 0, default: 0 }),
    },
    strict,
  );
  const options = (principal: Parameters<RouteSpec['handler']>[0]['principal']) => ({ principal, maxVertices: config.maxVertices });
  const sendFeature = async (ctx: Parameters<RouteSpec['handler']>[0]['ctx'], tx: Parameters<Extract<RouteSpec, { kind?: 'json' }>['handler']>[0]['tx'], id: number) => {
    const unit = await getUnit(tx, spec.layer, id);
    if (!unit) throw notFound(`no ${spec.layer} ${id}`);
    ctx.set('ETag', etagOf(unit.version));
    ctx.type = GEOJSON;
    ctx.body = unit.feature;
  };
  return [
    {
      method: 'get',
      path: base,
      summary: `List ${spec.plural} (GeoJSON FeatureCollection) by bbox, ${parentName}, street office or text`,
      tags: ['units'],
      roles: STAFF,
      query: ListQuery,
      async handler({ ctx, tx, query }) {
        const q = query as Record<string, unknown> & { limit: number; offset: number };
        const { body, matched } = await listUnits(tx, spec.layer, {
          ...(q.bbox ? { bbox: parseBbox(q.bbox as string) } : {}),
          ...(q[parentName] ? { parent: q[parentName] as number } : {}),
          ...(q.street ? { street: q.street as number } : {}),
          ...(q.q ? { text: q.q as string } : {}),
          ...(q.status ? { status: q.status as 'active' | 'draft' } : {}),
          limit: q.limit,
          offset: q.offset,
        });
        const returned = (JSON.parse(body) as unknown[]).length;
        const links: { rel: string; href: string }[] = [];
        if (q.offset + returned < matched) {
          const next = new URLSearchParams(ctx.querystring);
          next.set('offset', String(q.offset + q.limit));
          links.push({ rel: 'next', href: `${base}?${next}` });
        }
        ctx.type = GEOJSON;
        ctx.body = `{"type":"FeatureCollection","numberMatched":${matched},"numberReturned":${returned},"links":${JSON.stringify(links)},"features":${body}}`;
      },
    },
    {
      method: 'get',
      path: `${base}/:id`,
      summary: `One ${spec.layer} as a GeoJSON Feature; its ETag is the version to send back with an edit`,
      tags: ['units'],
      roles: STAFF,
      params: IdParams,
      async handler({ ctx, tx, params }) {
        await sendFeature(ctx, tx, (params as { id: number }).id);
      },
    },
    {
      method: 'post',
      path: base,
      summary: `Create a ${spec.layer} from a GeoJSON Feature; refused with 409 if it would overlap a neighbour${spec.layer === 'grid' ? ' (unless saved as a draft)' : ''}`,
      tags: ['units'],
      roles: EDITORS,
      body: featureBody(spec.createProps, true),
      responses: { 201: { description: 'Created; Location and ETag name it' }, 409: { description: 'Overlap or gap, with the geometry' }, 422: { description: 'Invalid geometry or properties' } },
      async handler({ ctx, tx, body, principal, changed }) {
        const b = body as { geometry: unknown; properties: Record<string, unknown> };
        const r = await createUnit(tx, spec, b.properties, b.geometry, options(principal));
        changed(...r.tables);
        await sendFeature(ctx, tx, r.id);
        ctx.status = 201;
        ctx.set('Location', `${base}/${r.id}`);
      },
    },
    {
      method: 'patch',
      path: `${base}/:id`,
      summary: `Change a ${spec.layer}'s geometry and/or properties (If-Match required: 428 without, 412 when stale)`,
      tags: ['units'],
      roles: EDITORS,
      params: IdParams,
      headers: [IF_MATCH],
      body: featureBody(spec.updateProps, false),
      responses: { 200: { description: 'The feature as saved, with its new ETag' }, 409: { description: 'Overlap or gap' }, 412: { description: 'Someone saved a newer version; it is in the details' }, 428: { description: 'If-Match missing' } },
      async handler({ ctx, tx, params, body, principal, changed }) {
        const id = (params as { id: number }).id;
        const version = requiredVersion(ctx.get('if-match') || undefined, spec.layer);
        const b = body as { geometry?: unknown; properties: Record<string, unknown> };
        const r = await updateUnit(tx, spec, { id, version, props: b.properties, ...(b.geometry === undefined ? {} : { geometry: b.geometry }) }, options(principal));
        changed(...r.tables);
        await sendFeature(ctx, tx, id);
      },
    },
    {
      method: 'patch',
      path: base,
      summary: `Edit several ${spec.plural} at once (a shared edge moved, cells painted across); each feature carries its version; checked as a whole`,
      tags: ['units'],
      roles: EDITORS,
      body: Type.Object(
        {
          type: Type.Literal('FeatureCollection'),
          features: Type.Array(
            Type.Object(
              {
                type: Type.Literal('Feature'),
                id: Type.Integer({ minimum: 1, maximum: 2147483647 }),
                geometry: Type.Optional(Type.Unknown()),
                properties: Type.Composite([spec.updateProps, Type.Object({ version: Type.Integer({ minimum: 1, description: 'the version you edited' }) })], strict),
              },
              strict,
            ),
            { minItems: 1, maxItems: 200 },
          ),
        },
        strict,
      ),
      responses: { 200: { description: 'The features as saved' }, 409: { description: 'Overlap or gap' }, 412: { description: 'A feature is stale' } },
      async handler({ ctx, tx, body, principal, changed }) {
        const features = (body as { features: { id: number; geometry?: unknown; properties: Record<string, unknown> & { version: number } }[] }).features;
        const results = await updateUnits(
          tx,
          spec,
          features.map(({ id, geometry, properties: { version, ...props } }) => ({ id, version, props, ...(geometry === undefined ? {} : { geometry }) })),
          options(principal),
        );
        changed(...(results[0]?.tables ?? []));
        const out = [];
        for (const r of results) out.push((await getUnit(tx, spec.layer, r.id))!.feature);
        ctx.type = GEOJSON;
        ctx.body = { type: 'FeatureCollection', features: out };
      },
    },
    {
      method: 'post',
      path: `${base}/changes`,
      summary: `Create, update and delete ${spec.plural} as one change, checked as a whole (the cover after it has no overlap${spec.layer === 'block' ? '' : ' or gap'}${spec.layer === 'subgrid' ? ', and every sub-grid lies in its grid' : ''}); with dry_run the same checks and report, nothing kept`,
      tags: ['units'],
      roles: EDITORS,
      body: changesBody(spec),
      responses: {
        200: { description: 'The report: created (index, id, code, version), updated and deleted (id, code, version), problems (dry run), workload before and after per unit whose extent changed' },
        404: { description: 'An update or delete names a unit that never existed' },
        409: { description: 'The set leaves an overlap, a gap or a sub-grid outside its grid (details.problems, with geometries); a duplicate code; a grid that still has sub-grids' },
        412: { description: 'Units changed or deleted since they were read: details.stale lists each with its current version' },
        422: { description: 'Invalid geometry or properties, naming the change (creates[0], updates[2]) and the place' },
      },
      async handler({ ctx, tx, body, principal, changed }) {
        const b = body as ChangesBody;
        const report = await applyChanges(
          tx,
          spec,
          {
            creates: (b.creates ?? []).map((c) => ({ props: c.properties, geometry: c.geometry })),
            updates: (b.updates ?? []).map((u) => ({ id: u.id, version: u.version, props: u.properties ?? {}, ...(u.geometry === undefined ? {} : { geometry: u.geometry }) })),
            deletes: b.deletes ?? [],
          },
          { ...options(principal), batch: true, workload: true, dryRun: b.dry_run ?? false },
        );
        changed(...report.tables);
        const { tables: _tables, ...answer } = report;
        ctx.body = answer;
      },
    },
    {
      method: 'delete',
      path: `${base}/:id`,
      summary: `Delete a ${spec.layer} (If-Match required); refused when it would leave a gap`,
      tags: ['units'],
      roles: EDITORS,
      params: IdParams,
      headers: [IF_MATCH],
      responses: { 204: { description: 'Deleted' }, 409: { description: 'It would leave a gap, or a grid still has sub-grids' }, 412: { description: 'Stale version' }, 428: { description: 'If-Match missing' } },
      async handler({ ctx, tx, params, principal, changed }) {
        const id = (params as { id: number }).id;
        const version = requiredVersion(ctx.get('if-match') || undefined, spec.layer);
        const r = await deleteUnit(tx, spec, id, version, options(principal));
        changed(...r.tables);
        ctx.status = 204;
      },
    },
    {
      method: 'get',
      path: `${base}/:id/history`,
      summary: `Every accepted edit of a ${spec.layer}: who, when, before and after`,
      tags: ['units'],
      roles: STAFF,
      params: IdParams,
      query: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }), offset: Type.Integer({ minimum: 0, default: 0 }) }, strict),
      async handler({ ctx, tx, params, query }) {
        const q = query as { limit: number; offset: number };
        ctx.body = await unitHistory(tx, spec.layer, (params as { id: number }).id, q.limit, q.offset);
      },
    },
  ];
}

export function unitRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/areas',
      summary: 'Admin areas (district, street offices, communities)',
      tags: ['units'],
      roles: 'anyone',
      query: Type.Object({ level: Type.Optional(StringEnum(AREA_LEVELS)) }, strict),
      async handler({ ctx, tx, query }) {
        const r = await tx.query<{ body: string }>(AREAS_SQL, [(query as { level?: string }).level ?? null]);
        ctx.type = GEOJSON;
        ctx.body = r.rows[0]!.body;
      },
    },
    ...layerRoutes(UNIT_LAYERS.grid, deps),
    ...layerRoutes(UNIT_LAYERS.subgrid, deps),
    ...layerRoutes(UNIT_LAYERS.block, deps),
  ];
}
