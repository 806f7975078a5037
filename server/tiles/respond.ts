// Tile answers: 204 for an empty tile, ETag and 304, Cache-Control by who asks, gzip
// for clients that take it (tiles are stored gzipped; others get them inflated).
import { gunzipSync } from 'node:zlib';
import type { Context } from 'koa';
import type { Principal } from '../auth/principal.ts';
import type { TileResult } from './service.ts';

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

/** True when If-None-Match names `etag` (weak comparison, RFC 9110 13.1.2). */
export function ifNoneMatch(header: string, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * Signed-in callers get private answers (their tiles depend on their role and grids);
 * the public's may be shared. maxAge 0: keep, but ask again (with the ETag) each time.
 */
export function cacheControl(principal: Principal, maxAge: number): string {
  const scope = principal.userId === null ? 'public' : 'private';
  return maxAge > 0 ? `${scope}, max-age=${maxAge}` : `${scope}, no-cache`;
}

export function sendTile(ctx: Context, tile: TileResult, cache: string): void {
  ctx.set('Cache-Control', cache);
  ctx.vary('Accept-Encoding');
  ctx.vary('Authorization');
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('X-Tile-Cache', tile.cached ? 'hit' : 'miss');
  if (!tile.gzip || !tile.etag) {
    ctx.status = 204;
    ctx.body = null;
    return;
  }
  const zipped = ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
  // The two encodings are two representations: each has its own strong ETag.
  const etag = zipped ? `${tile.etag.slice(0, -1)}-gz"` : tile.etag;
  ctx.set('ETag', etag);
  if (ifNoneMatch(ctx.get('if-none-match'), etag)) {
    ctx.status = 304;
    return;
  }
  ctx.status = 200;
  ctx.type = MVT_TYPE;
  if (zipped) {
    ctx.set('Content-Encoding', 'gzip');
    ctx.body = tile.gzip;
  } else {
    ctx.body = gunzipSync(tile.gzip);
  }
}
