// The cached-tile fast path, in two steps:
// - `cachedTiles`, a Koa middleware ahead of the router, answers a tile request straight
//   from the tile cache (the stored gzip bytes, ETag and 304) when the tile is there,
//   without the router, the schema validation or a transaction;
// - `rawTiles`, ahead of Koa itself, answers the plainest of those requests (gzip
//   accepted, a token already verified, a principal in the principal cache, a cached
//   tile) on the bare node:http request, for the map's many small tiles.
// Both check what the route checks: the token's signature (verified once per token
// string, then remembered with its expiry), the account's current role and grids (the
// principal cache, read again from the database every few seconds), the layers, the
// address and the filters. Anything else — no such tile in the cache, a malformed
// request, a token that does not verify — goes on to the route, which makes the tile or
// says what is wrong exactly as before.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Context, Middleware, Next } from 'koa';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.ts';
import type { Principals } from '../auth/principals.ts';
import { type TokenKeys, verifyToken } from '../auth/token.ts';
import { parseTileParams, type QueryValue } from './params.ts';
import { cacheControl, sendTile, TILE_VARY, tileAnswer } from './respond.ts';
import type { TileResult, TileService } from './service.ts';

const TILE_PATH = /^\/tiles\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\.mvt$/;
const BEARER = /^Bearer\s+(\S+)$/i;
/** Tokens remembered at most; the memo starts afresh when full. */
const MEMO_SIZE = 10_000;

/**
 * Tokens whose signature verified, by their exact text, with the user and expiry: the
 * same bytes carry the same signature, so only the expiry needs checking again.
 */
export class VerifiedTokens {
  private readonly memo = new Map<string, { userId: number; expiresAtMs: number }>();

  constructor(private readonly keys: TokenKeys) {}

  /** The user id of a token verified before and not expired yet, else undefined. */
  peek(token: string): number | undefined {
    const hit = this.memo.get(token);
    return hit && hit.expiresAtMs > Date.now() ? hit.userId : undefined;
  }

  /** The user id of a valid token; throws (401) as verifyToken does otherwise. */
  async userId(token: string): Promise<number> {
    const hit = this.memo.get(token);
    if (hit && hit.expiresAtMs > Date.now()) return hit.userId;
    if (hit) this.memo.delete(token);
    const verified = await verifyToken(this.keys, token);
    if (verified.expiresAt) {
      if (this.memo.size >= MEMO_SIZE) this.memo.clear();
      this.memo.set(token, { userId: verified.userId, expiresAtMs: verified.expiresAt.getTime() });
    }
    return verified.userId;
  }
}

export interface FastTileDeps {
  keys: TokenKeys;
  principals: Principals;
  /** Shared by the two steps: what one verified, the other knows. */
  tokens?: VerifiedTokens;
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

type TileSegments = [layers: string, z: string, x: string, y: string];

/** The decoded layers, z, x and y of a tile path; null when the path is not a tile's. */
function tileSegments(path: string): TileSegments | null {
  const m = TILE_PATH.exec(path);
  if (!m) return null;
  const parts = m.slice(1).map(decode);
  return parts.every((p) => p != null) ? (parts as TileSegments) : null;
}

/**
 * The cached tile a request asks for, with its Cache-Control for this principal; null
 * when the tile is not in the cache or the request is not a valid one (the route then
 * makes the tile or says what is wrong).
 */
function cachedTile(service: TileService, [layers, z, x, y]: TileSegments, query: Record<string, QueryValue>, principal: Principal): { tile: TileResult; cacheControl: string } | null {
  try {
    const sources = service.sources(layers);
    const address = service.address(sources, z, x, y);
    const params = parseTileParams(sources, query);
    const tile = service.cached({ sources, address, params, principal });
    return tile ? { tile, cacheControl: cacheControl(principal, service.maxAge(sources)) } : null;
  } catch {
    return null;
  }
}

/** The middleware; `service` is the tile route's service (the same cache). */
export function cachedTiles(service: TileService, deps: FastTileDeps): Middleware {
  const tokens = deps.tokens ?? new VerifiedTokens(deps.keys);
  const principalOf = async (ctx: Context): Promise<Principal | null> => {
    const header = ctx.get('authorization');
    if (!header) return deps.principals.public();
    const m = BEARER.exec(header);
    if (!m) return null;
    try {
      return await deps.principals.get(await tokens.userId(m[1]!));
    } catch {
      // The route answers with the reason (expired, tampered, disabled account).
      return null;
    }
  };
  return async (ctx: Context, next: Next) => {
    const segments = ctx.method === 'GET' ? tileSegments(ctx.path) : null;
    if (!segments) return next();
    const principal = await principalOf(ctx);
    const hit = principal && cachedTile(service, segments, ctx.query as Record<string, QueryValue>, principal);
    if (!hit) return next();
    sendTile(ctx, hit.tile, hit.cacheControl);
  };
}

/** True when the Accept-Encoding header plainly takes gzip (no q-values: those go to the route). */
function plainlyGzip(header: string | undefined): boolean {
  if (!header || header.includes(';')) return false;
  return header.split(',').some((t) => {
    const e = t.trim().toLowerCase();
    return e === 'gzip' || e === '*';
  });
}

/**
 * The handler ahead of Koa: true when it answered the request, false to hand it to Koa.
 * It answers only cached tiles for gzip clients whose token and principal are known in
 * memory; its log line is the request log's.
 */
export function rawTiles(service: TileService, deps: FastTileDeps & { tokens: VerifiedTokens }, logger: Logger): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const started = performance.now();
    const url = req.url ?? '';
    if (req.method !== 'GET' || !url.startsWith('/tiles/')) return false;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const segments = tileSegments(path);
    if (!segments || !plainlyGzip(req.headers['accept-encoding'])) return false;
    let principal: Principal | undefined;
    const authorization = req.headers.authorization;
    if (!authorization) principal = deps.principals.public();
    else {
      const token = BEARER.exec(authorization)?.[1];
      const userId = token === undefined ? undefined : deps.tokens.peek(token);
      principal = userId === undefined ? undefined : deps.principals.peek(userId);
    }
    if (!principal) return false;
    const hit = cachedTile(service, segments, q < 0 ? {} : (parseQuery(url.slice(q + 1)) as Record<string, QueryValue>), principal);
    if (!hit) return false;
    const inm = req.headers['if-none-match'];
    const answer = tileAnswer(hit.tile, hit.cacheControl, true, Array.isArray(inm) ? inm.join(',') : (inm ?? ''));
    res.statusCode = answer.status;
    for (const [k, v] of Object.entries(answer.headers)) res.setHeader(k, v);
    res.setHeader('Vary', TILE_VARY);
    if (answer.body) res.setHeader('Content-Length', answer.body.length);
    res.end(answer.body ?? undefined);
    logger.info({ method: 'GET', path, status: answer.status, ms: Math.round((performance.now() - started) * 10) / 10 }, 'request');
    return true;
  };
}
