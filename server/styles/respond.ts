// Answers with a cacheable body: ETag, Cache-Control, 304 when the client's copy is
// current, and the gzip variant when the client takes it. Style and glyphs are public
// data, so other origins (a style editor, another map) may read them too.
import type { Context } from 'koa';

export interface Cacheable {
  body: Buffer;
  /** The body gzipped, when a compressed variant is offered. */
  gzip?: Buffer;
  /** Strong ETag of `body`, quoted. */
  etag: string;
  type: string;
  cacheControl: string;
}

/**
 * True when If-None-Match names `etag` (weak comparison, RFC 9110 13.1.2). Evaluated
 * whatever the request's Cache-Control says: fetch() adds "no-cache" to a request
 * that carries If-None-Match, and the answer is still 304 when the copy is current.
 */
export function matchesIfNoneMatch(header: string, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

export function sendCacheable(ctx: Context, { body, gzip, etag, type, cacheControl }: Cacheable): void {
  const zipped = gzip !== undefined && ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
  ctx.status = 200;
  ctx.set('Cache-Control', cacheControl);
  ctx.set('Access-Control-Allow-Origin', '*');
  if (gzip) ctx.vary('Accept-Encoding');
  const variantEtag = zipped ? `${etag.slice(0, -1)}-gz"` : etag;
  ctx.set('ETag', variantEtag);
  if (matchesIfNoneMatch(ctx.get('if-none-match'), variantEtag)) {
    ctx.status = 304;
    return;
  }
  ctx.type = type;
  if (zipped) ctx.set('Content-Encoding', 'gzip');
  ctx.body = zipped ? gzip : body;
}
