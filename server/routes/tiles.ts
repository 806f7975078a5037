// Vector tiles: GET /tiles/{layers}/{z}/{x}/{y}.mvt (one source, or several as a,b,c)
// and GET /tiles/{layers}.json (TileJSON 3.0.0). The layers are declared in
// tiles/manifest.json; server/tiles/ makes, caches and answers the tiles.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Type, type TSchema } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { AppError } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { parseTileParams, type QueryValue } from '../tiles/params.ts';
import { cacheControl, ifNoneMatch, MVT_TYPE, sendTile } from '../tiles/respond.ts';
import { TileService } from '../tiles/service.ts';
import { cityExtent, tileJson } from '../tiles/tilejson.ts';

/** A host as browsers send it: a name or IPv4 address, or a bracketed IPv6 one, and a port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;
const TILEJSON_CACHE = 'public, max-age=60';

/**
 * Every filter any source takes, plain (status: each requested source that declares it)
 * and qualified (cases.status: that source only); each request is then checked against
 * its own sources.
 */
function querySchema(service: TileService): TSchema {
  const props: Record<string, TSchema> = {};
  const sources = [...service.manifest.sources.values()];
  const value = (description: string) => Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())], { description }));
  for (const s of sources) {
    for (const p of s.params) {
      const many = p.list ? '; several values comma-separated or the parameter repeated' : '';
      const users = sources.filter((o) => o.params.some((q) => q.name === p.name)).map((o) => o.name);
      props[p.name] ??= value(`${p.description} (${users.join(', ')})${many}`);
      props[`${s.name}.${p.name}`] = value(`${p.description}, for ${s.name} alone when several layers are asked for${many}`);
    }
  }
  return Type.Object(props, { additionalProperties: false });
}

const LAYERS = Type.String({ description: 'A tile source, or several separated by commas (basemap,grids)' });

/** One tile service (and cache) per app: the routes and the cached-tile fast path share it. */
const services = new WeakMap<AppDeps, TileService>();
export function tileService(deps: AppDeps): TileService {
  let service = services.get(deps);
  if (!service) {
    service = new TileService(deps);
    services.set(deps, service);
  }
  return service;
}

export function tileRoutes(deps: AppDeps): RouteSpec[] {
  const service = tileService(deps);
  const query = querySchema(service);
  const known = [...service.manifest.sources.keys()].join(', ');
  return [{
    kind: 'raw',
    method: 'get',
    path: '/tiles/:layers/:z/:x/:y.mvt',
    summary: `A vector tile (MVT) of one or more tile sources: ${known}`,
    tags: ['tiles'],
    roles: 'anyone',
    params: Type.Object({
      layers: LAYERS,
      z: Type.String({ description: 'Zoom' }),
      x: Type.String({ description: 'Column, 0 to 2^z - 1' }),
      y: Type.String({ description: 'Row, 0 to 2^z - 1, from the north' }),
    }),
    query,
    headers: [
      { name: 'If-None-Match', description: 'ETag of the copy the client holds: 304 when it is current' },
      { name: 'Accept-Encoding', description: 'gzip to receive the tile compressed' },
    ],
    responses: {
      200: { description: 'The tile; only what the caller may see (row-level security)', contentType: MVT_TYPE },
      204: { description: 'The tile holds no feature the caller may see' },
      304: { description: 'The client\'s copy is current' },
      400: { description: 'Not a tile address, or a filter the layers do not take or with a bad value' },
      404: { description: 'No such layer, or no tiles at this zoom (the answer names the zoom range)' },
      503: { description: 'The tile took longer than the statement timeout' },
    },
    async handler({ ctx, params, principal, scoped }) {
      const p = params as { layers: string; z: string; x: string; y: string };
      const sources = service.sources(p.layers);
      const address = service.address(sources, p.z, p.x, p.y);
      const tileParams = parseTileParams(sources, ctx.query as Record<string, QueryValue>);
      const tile = await service.tile({ sources, address, params: tileParams, principal, scoped });
      sendTile(ctx, tile, cacheControl(principal, service.maxAge(sources)));
    },
  }, {
    kind: 'raw',
    method: 'get',
    path: '/tiles/:layers.json',
    summary: 'TileJSON 3.0.0 of one or more tile sources: tiles URL, zoom range, city bounds and centre, layers and fields',
    tags: ['tiles'],
    roles: 'anyone',
    params: Type.Object({ layers: LAYERS }),
    query,
    responses: {
      200: { description: 'TileJSON; the tiles URL is absolute, on the origin the request came to, and carries the request\'s filters', contentType: 'application/json' },
      304: { description: 'The client\'s copy is current' },
      404: { description: 'No such layer' },
    },
    async handler({ ctx, params }) {
      const sources = service.sources((params as { layers: string }).layers);
      const tileParams = parseTileParams(sources, ctx.query as Record<string, QueryValue>);
      if (!HOST.test(ctx.host)) throw new AppError(400, 'invalid_host', 'the Host header is not a host name and port, so the tiles URL cannot be written', { host: ctx.host });
      // The city's extent is public (admin areas): read outside any scoped transaction.
      const extent = await cityExtent(deps.db);
      const body = Buffer.from(JSON.stringify(tileJson(sources, `${ctx.protocol}://${ctx.host}`, tileParams.key, extent)));
      const zipped = ctx.acceptsEncodings('gzip', 'identity') === 'gzip' && body.length > 1024;
      const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
      const etag = zipped ? `"${hash}-gz"` : `"${hash}"`;
      ctx.set('Cache-Control', TILEJSON_CACHE);
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.vary('Accept-Encoding');
      ctx.set('ETag', etag);
      if (ifNoneMatch(ctx.get('if-none-match'), etag)) {
        ctx.status = 304;
        return;
      }
      ctx.type = 'application/json; charset=utf-8';
      if (zipped) ctx.set('Content-Encoding', 'gzip');
      ctx.body = zipped ? gzipSync(body) : body;
    },
  }];
}
