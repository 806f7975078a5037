// The cached-tile fast path: a Koa middleware ahead of the router that answers a tile
// request straight from the tile cache (the stored gzip bytes, ETag and 304) when the
// tile is there, without the router, the schema validation or a transaction. It checks
// what the route checks: the token's signature (verified once per token string, then
// remembered with its expiry), the account's current role and grids (the principal
// cache, read again from the database every few seconds), the layers, the address and
// the filters. Anything else — no such tile in the cache, a malformed request, a token
// that does not verify — goes on to the route, which makes the tile or says what is
// wrong exactly as before.
import type { Context, Middleware, Next } from 'koa';
import type { Principal } from '../auth/principal.ts';
import type { Principals } from '../auth/principals.ts';
import { type TokenKeys, verifyToken } from '../auth/token.ts';
import { parseTileParams, type QueryValue } from './params.ts';
import { cacheControl, sendTile } from './respond.ts';
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
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The middleware; `service` is the tile route's service (the same cache). */
export function cachedTiles(service: TileService, deps: FastTileDeps): Middleware {
  const tokens = new VerifiedTokens(deps.keys);
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
    if (ctx.method !== 'GET') return next();
    const m = TILE_PATH.exec(ctx.path);
    if (!m) return next();
    const [layers, zs, xs, ys] = m.slice(1).map(decode);
    if (layers == null || zs == null || xs == null || ys == null) return next();
    const principal = await principalOf(ctx);
    if (!principal) return next();
    let hit: { answer: TileResult; maxAge: number } | undefined;
    try {
      const sources = service.sources(layers);
      const address = service.address(sources, zs, xs, ys);
      const params = parseTileParams(sources, ctx.query as Record<string, QueryValue>);
      const answer = service.cached({ sources, address, params, principal });
      hit = answer && { answer, maxAge: service.maxAge(sources) };
    } catch {
      // Not a valid tile request: the route says why.
      return next();
    }
    if (!hit) return next();
    sendTile(ctx, hit.answer, cacheControl(principal, hit.maxAge));
  };
}
