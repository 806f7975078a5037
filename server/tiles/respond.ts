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

/** What a tile request is answered with: status, headers (besides Vary) and body. */
export interface TileAnswer {
  status: 200 | 204 | 304;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** Vary of every tile answer (the tile depends on the encoding and on who asks). */
export const TILE_VARY = 'Accept-Encoding, Authorization';

/**
 * The answer to a tile request, from the tile, its Cache-Control, whether the client
 * takes gzip and its If-None-Match. One function for the route and the fast path.
 */
export function tileAnswer(tile: TileResult, cache: string, zipped: boolean, ifNoneMatchHeader: string): TileAnswer {
  const headers: Record<string, string> = {
    'Cache-Control': cache,
    'Access-Control-Allow-Origin': '*',
    'X-Tile-Cache': tile.cached ? 'hit' : 'miss',
  };
  if (!tile.gzip || !tile.etag) return { status: 204, headers, body: null };
  // The two encodings are two representations: each has its own strong ETag.
  const etag = zipped ? `${tile.etag.slice(0, -1)}-gz"` : tile.etag;
  headers.ETag = etag;
  if (ifNoneMatch(ifNoneMatchHeader, etag)) return { status: 304, headers, body: null };
  headers['Content-Type'] = MVT_TYPE;
  if (zipped) {
    headers['Content-Encoding'] = 'gzip';
    return { status: 200, headers, body: tile.gzip };
  }
  return { status: 200, headers, body: gunzipSync(tile.gzip) };
}

export function sendTile(ctx: Context, tile: TileResult, cache: string): void {
  const zipped = ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
  const answer = tileAnswer(tile, cache, zipped, ctx.get('if-none-match'));
  ctx.vary('Accept-Encoding');
  ctx.vary('Authorization');
  const { 'Content-Type': type, ...rest } = answer.headers;
  ctx.set(rest);
  ctx.status = answer.status;
  if (answer.status === 200) {
    ctx.type = type!;
    ctx.body = answer.body;
  } else if (answer.status === 204) {
    ctx.body = null;
  }
}
