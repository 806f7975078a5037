// OGC API – Features Part 1 (core, GeoJSON) at /ogc, so GDAL, QGIS and other GIS
// clients read every layer. Each request runs in the caller's scoped transaction: the
// row-level-security policies decide which features it holds (a grid chief's cases
// are their grid's only). The public does not see the staff collections at all.
import { Type } from '@sinclair/typebox';
import type { RouterContext } from '@koa/router';
import type { AppDeps } from '../app.ts';
import { type Principal, unauthorized, visibilityKey } from '../auth/principal.ts';
import { AppError, notFound } from '../errors.ts';
import type { Queryable } from '../db/types.ts';
import type { JsonRouteSpec, RouteSpec } from '../http/route.ts';
import { COLLECTIONS, type CollectionDef, findCollection } from '../ogc/collections.ts';
import { collectionDoc, collectionsDoc, conformance, landingPage, type Link, MEDIA } from '../ogc/documents.ts';
import { ExtentCache } from '../ogc/extents.ts';
import { parseBbox, parseDatetime } from '../ogc/params.ts';
import { buildCollectionSql } from '../ogc/sql.ts';

export const OGC_LIMIT_DEFAULT = 100;
export const OGC_LIMIT_MAX = 10_000;

// `f` is checked by the handlers so that a refusal names the format offered.
const F = Type.Optional(Type.String({ description: 'Output format: json, the only one offered (GeoJSON for features)', examples: ['json'] }));
const META_QUERY = Type.Object({ f: F }, { additionalProperties: false });
const ITEMS_QUERY = Type.Object({
  f: F,
  bbox: Type.Optional(Type.String({ description: 'west,south,east,north (or 6 numbers with heights) in CRS84 longitude/latitude; west > east crosses the antimeridian' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: OGC_LIMIT_MAX, default: OGC_LIMIT_DEFAULT, description: `Features per page (1 to ${OGC_LIMIT_MAX})` })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0, description: 'Features to skip (the next and prev links carry it)' })),
  datetime: Type.Optional(Type.String({ description: 'RFC 3339 instant, date, or interval start/end with ".." for an open end (collections with a time property: cases by reported_at)' })),
}, { additionalProperties: false });
const COLLECTION_PARAMS = Type.Object({ collectionId: Type.String({ description: 'Collection id' }) });
const FEATURE_PARAMS = Type.Object({ collectionId: Type.String({ description: 'Collection id' }), featureId: Type.String({ description: 'Feature id' }) });

interface ItemsQuery {
  f?: string;
  bbox?: string;
  limit: number;
  offset: number;
  datetime?: string;
}

interface ItemsRow {
  matched: number;
  returned: number;
  features: string;
}

const SQL = new Map(COLLECTIONS.map((c) => [c.id, buildCollectionSql(c)]));

const sqlOf = (c: CollectionDef) => SQL.get(c.id)!;
/** Where the request came to (Koa 3's ctx.origin is the Origin header, not this). */
const originOf = (ctx: RouterContext) => `${ctx.protocol}://${ctx.host}`;
const baseOf = (ctx: RouterContext) => `${originOf(ctx)}/ogc`;
const readable = (c: CollectionDef, p: Principal) => c.public || p.role !== 'public';
const visibleCollections = (p: Principal) => COLLECTIONS.filter((c) => readable(c, p));

function checkFormat(query: { f?: string }): void {
  if (query.f !== undefined && query.f !== 'json') {
    throw new AppError(400, 'invalid_query', `f=${query.f} is not offered: the only format is json`, { problems: [{ in: 'query', path: '/f', message: 'must be json' }] });
  }
}

/** The collection named in the path, if it exists and the caller may read it. */
function collectionFor(id: string, p: Principal): CollectionDef {
  const c = findCollection(id);
  if (!c) {
    const known = visibleCollections(p).map((k) => k.id);
    throw notFound(`no collection "${id}"; the collections are ${known.join(', ')}`, { collections: known });
  }
  if (!readable(c, p)) {
    if (p.userId === null) throw unauthorized(`the ${c.id} collection is not public: sign in to read it`);
    throw new AppError(403, 'forbidden', `the ${p.role} role may not read the ${c.id} collection`, { role: p.role });
  }
  return c;
}

function itemsUrl(base: string, c: CollectionDef, q: ItemsQuery, offset: number): string {
  const u = new URL(`${base}/collections/${c.id}/items`);
  if (q.f) u.searchParams.set('f', q.f);
  if (q.bbox !== undefined) u.searchParams.set('bbox', q.bbox);
  if (q.datetime !== undefined) u.searchParams.set('datetime', q.datetime);
  u.searchParams.set('limit', String(q.limit));
  if (offset > 0) u.searchParams.set('offset', String(offset));
  return u.toString();
}

export function ogcRoutes(deps: AppDeps): RouteSpec[] {
  const extents = new ExtentCache(deps.changes);
  const describe = async (ctx: RouterContext, c: CollectionDef, principal: Principal, tx: Queryable) =>
    collectionDoc(c, baseOf(ctx), await extents.get(tx, c, sqlOf(c).extent, visibilityKey(principal)));
  const spec = (path: string, summary: string, rest: Omit<JsonRouteSpec, 'method' | 'path' | 'summary' | 'tags' | 'roles'>): JsonRouteSpec => ({
    method: 'get',
    path,
    summary,
    tags: ['ogc'],
    roles: 'anyone',
    query: META_QUERY,
    ...rest,
    handler(req) {
      checkFormat(req.query as { f?: string });
      return rest.handler(req);
    },
  });
  return [
    spec('/ogc', 'OGC API – Features landing page', {
      responses: { 200: { description: 'Links to the API definition, the conformance classes and the collections', contentType: MEDIA.json } },
      async handler({ ctx }) {
        ctx.body = landingPage(baseOf(ctx), originOf(ctx));
      },
    }),
    spec('/ogc/conformance', 'OGC API – Features conformance classes', {
      responses: { 200: { description: 'The conformance classes met', contentType: MEDIA.json } },
      async handler({ ctx }) {
        ctx.body = conformance(baseOf(ctx));
      },
    }),
    spec('/ogc/collections', 'The collections the caller may read, with their extents', {
      responses: { 200: { description: 'Collections with spatial (and temporal) extents of the rows the caller sees', contentType: MEDIA.json } },
      async handler({ ctx, principal, tx }) {
        const docs = [];
        for (const c of visibleCollections(principal)) docs.push(await describe(ctx, c, principal, tx));
        ctx.body = collectionsDoc(baseOf(ctx), docs);
      },
    }),
    spec('/ogc/collections/:collectionId', 'One collection', {
      params: COLLECTION_PARAMS,
      responses: { 200: { description: 'The collection with its extent and links', contentType: MEDIA.json } },
      async handler({ ctx, params, principal, tx }) {
        ctx.body = await describe(ctx, collectionFor(params.collectionId, principal), principal, tx);
      },
    }),
    spec('/ogc/collections/:collectionId/items', 'Features of a collection, by bbox (and datetime), a page at a time', {
      params: COLLECTION_PARAMS,
      query: ITEMS_QUERY,
      responses: { 200: { description: 'A GeoJSON FeatureCollection with numberMatched, numberReturned, timeStamp and next/prev links', contentType: MEDIA.geojson } },
      async handler({ ctx, params, query, principal, tx }) {
        const c = collectionFor(params.collectionId, principal);
        const q = query as ItemsQuery;
        const bbox = q.bbox === undefined ? null : parseBbox(q.bbox);
        if (q.datetime !== undefined && !c.temporalColumn) {
          throw new AppError(400, 'invalid_query', `the ${c.id} collection has no time property to filter by datetime`, { problems: [{ in: 'query', path: '/datetime', message: 'not supported by this collection' }] });
        }
        const when = q.datetime === undefined ? null : parseDatetime(q.datetime);
        const values: unknown[] = [q.limit, q.offset, bbox?.wkt ?? null];
        if (c.temporalColumn) values.push(when?.start ?? null, when?.end ?? null);
        const row = (await tx.query<ItemsRow>(sqlOf(c).items, values)).rows[0]!;
        const base = baseOf(ctx);
        const links: Link[] = [
          { href: itemsUrl(base, c, q, q.offset), rel: 'self', type: MEDIA.geojson, title: 'This page' },
          { href: `${base}/collections/${c.id}`, rel: 'collection', type: MEDIA.json, title: c.title },
        ];
        if (q.offset + row.returned < row.matched) {
          links.push({ href: itemsUrl(base, c, q, q.offset + q.limit), rel: 'next', type: MEDIA.geojson, title: 'Next page' });
        }
        if (q.offset > 0) {
          links.push({ href: itemsUrl(base, c, q, Math.max(0, Math.min(q.offset, row.matched) - q.limit)), rel: 'prev', type: MEDIA.geojson, title: 'Previous page' });
        }
        const head = JSON.stringify({
          type: 'FeatureCollection',
          numberMatched: row.matched,
          numberReturned: row.returned,
          timeStamp: new Date().toISOString(),
          links,
        });
        ctx.type = MEDIA.geojson;
        ctx.body = `${head.slice(0, -1)},"features":${row.features}}`;
      },
    }),
    spec('/ogc/collections/:collectionId/items/:featureId', 'One feature', {
      params: FEATURE_PARAMS,
      responses: { 200: { description: 'A GeoJSON Feature', contentType: MEDIA.geojson } },
      async handler({ ctx, params, principal, tx }) {
        const c = collectionFor(params.collectionId, principal);
        const id = params.featureId as string;
        const missing = () => notFound(`no feature "${id}" in the ${c.id} collection`);
        if (!/^[0-9]{1,18}$/.test(id)) throw missing();
        const row = (await tx.query<{ feature: string }>(sqlOf(c).item, [id])).rows[0];
        if (!row) throw missing();
        const base = baseOf(ctx);
        const links: Link[] = [
          { href: `${base}/collections/${c.id}/items/${id}`, rel: 'self', type: MEDIA.geojson },
          { href: `${base}/collections/${c.id}`, rel: 'collection', type: MEDIA.json, title: c.title },
        ];
        ctx.type = MEDIA.geojson;
        ctx.body = `${row.feature.slice(0, -1)},"links":${JSON.stringify(links)}}`;
      },
    }),
  ];
}
