// Routes as data: each declares its method, path, who may call it, and schemas for
// its path parameters, query and body. One `mount` turns the table into Koa routes
// with sign-in, role checks, validation and a scoped transaction (row-level security)
// around the handler; the OpenAPI document and the access-control tests are generated
// from the same table.
import type { TSchema } from '@sinclair/typebox';
import type { Router, RouterContext } from '@koa/router';
import parseBody from 'co-body';
import type { Config } from '../config.ts';
import type { Db, Queryable } from '../db/types.ts';
import { AppError, BusyError } from '../errors.ts';
import { type Principal, type Role, scopeTransaction, unauthorized } from '../auth/principal.ts';
import type { Principals } from '../auth/principals.ts';
import type { TokenKeys } from '../auth/token.ts';
import { verifyToken } from '../auth/token.ts';
import type { Feed } from '../feed/feed.ts';
import type { FeedEvent, Publish } from '../feed/events.ts';
import type { Changes } from './changes.ts';
import { validate } from './validate.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Media types accepted as a JSON body. */
export const JSON_TYPES = ['application/json', 'application/geo+json'];

export interface ResponseSpec {
  description: string;
  contentType?: string;
  schema?: TSchema;
}

export interface Request<P, Q, B> {
  ctx: RouterContext;
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  /** The request's transaction, scoped to the principal (row-level security). */
  tx: Queryable;
  /** Records that the request wrote these tables; caches hear of it after the commit. */
  changed(...tables: string[]): void;
  /**
   * Records an event for the live feed (GET /api/events), sent only if the request's
   * transaction commits: `publish({ type: 'case.transition', case_id, from_status })`.
   * Case events carry only the case's non-personal columns, read before the commit.
   */
  publish: Publish;
  /** What the spec's `prepare` returned (undefined without one). */
  prepared: unknown;
}

/** What `prepare` gets: the request, and the database outside any transaction. */
export interface PrepareRequest<P, Q, B> {
  ctx: RouterContext;
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  /** The database itself: each query commits on its own (no scope, no row-level security of the caller). */
  db: Db;
}

export interface UnscopedRequest<P, Q, B = unknown> {
  ctx: RouterContext;
  params: P;
  query: Q;
  /** The parsed body when the spec declares a `body` schema. */
  body: B;
  principal: Principal;
  /**
   * Runs `fn` in a transaction scoped to the principal; what `fn` publishes goes to
   * the live feed if that transaction commits.
   */
  scoped<T>(fn: (tx: Queryable, publish: Publish) => Promise<T>): Promise<T>;
  /** When the caller's token expires (null for the public). */
  tokenExpiresAt: Date | null;
}

interface BaseSpec {
  method: Method;
  /** Koa path, e.g. /api/grids/:id. */
  path: string;
  summary: string;
  tags: string[];
  /** Who may call: every role listed; 'anyone' includes the public without a token. */
  roles: readonly Role[] | 'anyone';
  params?: TSchema;
  query?: TSchema;
  responses?: Record<number, ResponseSpec>;
  /** Extra request headers the route reads (documented in OpenAPI). */
  headers?: { name: string; description: string; required?: boolean }[];
  /**
   * The token may also come as the `access_token` query parameter (for clients that
   * cannot send headers: a browser's EventSource). Never for routes that write.
   */
  tokenInQuery?: boolean;
}

/** A route whose handler runs inside the scoped transaction, with a parsed JSON body. */
export interface JsonRouteSpec extends BaseSpec {
  kind?: 'json';
  body?: TSchema;
  // The schemas above validate the input; handlers narrow it to the schema's static type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler(req: Request<any, any, any>): Promise<void>;
  /**
   * Runs before the scoped transaction opens (once, even when the transaction is tried
   * again), for short work that must commit on its own (reserving a case code); its
   * result reaches the handler as `prepared`.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  prepare?(req: PrepareRequest<any, any, any>): Promise<unknown>;
}

/**
 * A route that opens transactions only when it needs one (tiles, sign-in) or reads its
 * own body (streams). With a `body` schema the JSON body is parsed and validated as for
 * JSON routes. Never call `deps.db` inside `scoped(...)`: the embedded store has one
 * connection, and a query outside the open transaction waits for it forever.
 */
export interface RawRouteSpec extends BaseSpec {
  kind: 'raw';
  body?: TSchema;
  /** Accepted media types of the body, for the OpenAPI document. */
  bodyTypes?: string[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler(req: UnscopedRequest<any, any, any>): Promise<void>;
}

export type RouteSpec = JsonRouteSpec | RawRouteSpec;

export interface MountDeps {
  db: Db;
  config: Config;
  keys: TokenKeys;
  principals: Principals;
  changes: Changes;
  feed: Feed;
}

/** The query parameter that carries the token on `tokenInQuery` routes. */
export const TOKEN_QUERY = 'access_token';

async function principalOf(ctx: RouterContext, spec: RouteSpec, deps: MountDeps): Promise<{ principal: Principal; expiresAt: Date | null }> {
  const header = ctx.get('authorization');
  let token: string | undefined;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthorized('the Authorization header must be "Bearer <token>"');
    token = m[1]!;
  } else if (spec.tokenInQuery && ctx.query[TOKEN_QUERY] !== undefined) {
    const q = ctx.query[TOKEN_QUERY];
    if (typeof q !== 'string' || !q) throw unauthorized(`give ${TOKEN_QUERY} once, with the token from /api/auth/login`);
    token = q;
  }
  if (token === undefined) return { principal: deps.principals.public(), expiresAt: null };
  const verified = await verifyToken(deps.keys, token);
  // For POST /api/auth/refresh, which continues this sign-in.
  ctx.state.token = verified;
  return { principal: await deps.principals.get(verified.userId), expiresAt: verified.expiresAt };
}

/** The query without the token parameter of a `tokenInQuery` route. */
function queryOf(ctx: RouterContext, spec: RouteSpec): Record<string, unknown> {
  const q: Record<string, unknown> = { ...ctx.query };
  if (spec.tokenInQuery) delete q[TOKEN_QUERY];
  return q;
}

/** Runs `fn` in a scoped transaction; what it publishes is staged before the commit and delivered after. */
export async function withFeed<T>(deps: { db: Db; feed: Feed }, principal: Principal, fn: (tx: Queryable, publish: Publish) => Promise<T>): Promise<T> {
  let staged: FeedEvent[] = [];
  const result = await scopeTransaction(deps.db, principal, async (tx) => {
    const outbox: Parameters<Publish>[0][] = [];
    const value = await fn(tx, (e) => {
      outbox.push(e);
    });
    if (outbox.length) staged = await deps.feed.stage(tx, outbox);
    return value;
  });
  deps.feed.committed(staged);
  return result;
}

function checkRole(spec: RouteSpec, principal: Principal): void {
  if (spec.roles === 'anyone' || spec.roles.includes(principal.role)) return;
  if (principal.userId === null) throw unauthorized(`sign in to use ${spec.method.toUpperCase()} ${spec.path}`);
  throw new AppError(403, 'forbidden', `the ${principal.role} role may not use ${spec.method.toUpperCase()} ${spec.path}`, {
    role: principal.role,
    allowed: spec.roles,
  });
}

async function readJson(ctx: RouterContext, limit: number): Promise<unknown> {
  const length = Number(ctx.get('content-length') || 0);
  if (!ctx.request.length && !length && !ctx.get('transfer-encoding')) {
    throw new AppError(400, 'empty_body', 'the request has no body; send JSON');
  }
  if (!ctx.is(JSON_TYPES)) {
    throw new AppError(415, 'unsupported_media_type', `send the body as ${JSON_TYPES.join(' or ')}, not ${ctx.get('content-type') || 'no content type'}`);
  }
  try {
    return await parseBody.json(ctx.req, { limit, strict: true, encoding: 'utf8' });
  } catch (err) {
    const e = err as { status?: number; type?: string; message?: string };
    if (e.status === 413 || e.type === 'entity.too.large') {
      throw new AppError(413, 'payload_too_large', `the body is larger than ${limit} bytes`);
    }
    if (e.status === 400 || e.type === 'entity.parse.failed' || err instanceof SyntaxError) {
      throw new AppError(400, 'malformed_json', `the body is not valid JSON: ${e.message ?? 'parse error'}`);
    }
    if (e.status === 415 || e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      throw new AppError(415, 'unsupported_media_type', e.message ?? 'unsupported encoding');
    }
    throw err;
  }
}

/** Adds the routes of `specs` to `router`. */
export function mount(router: Router, specs: readonly RouteSpec[], deps: MountDeps): void {
  for (const spec of specs) {
    router[spec.method](spec.path, async (ctx) => {
      const { principal, expiresAt } = await principalOf(ctx, spec, deps);
      checkRole(spec, principal);
      const params = spec.params ? validate('params', spec.params, { ...ctx.params }) : ctx.params;
      const rawQuery = queryOf(ctx, spec);
      const query = spec.query ? validate('query', spec.query, rawQuery) : {};
      if (!spec.query && Object.keys(rawQuery).length) validate('query', EMPTY_QUERY, rawQuery);
      const body = spec.body ? validate('body', spec.body, await readJson(ctx, deps.config.bodyLimitBytes)) : undefined;
      if (spec.kind === 'raw') {
        await spec.handler({ ctx, params, query, body, principal, tokenExpiresAt: expiresAt, scoped: (fn) => withFeed(deps, principal, fn) });
        return;
      }
      const prepared = spec.prepare ? await spec.prepare({ ctx, params, query, body, principal, db: deps.db }) : undefined;
      const written = new Set<string>();
      const changed = (...tables: string[]) => tables.forEach((t) => written.add(t));
      await whenFree(ctx, deps.config.boundaryLockWaitMs, async () => {
        written.clear();
        await withFeed(deps, principal, (tx, publish) => spec.handler({ ctx, params, query, body, principal, tx, changed, publish, prepared }));
      });
      if (written.size) deps.changes.notify(...written);
    });
  }
}

/**
 * Runs `attempt` (a whole transaction) again while it meets a lock another request holds
 * (BusyError), a short random pause between tries, without holding a connection while
 * it waits; after `waitMs`, the 503 with Retry-After.
 */
async function whenFree(ctx: RouterContext, waitMs: number, attempt: () => Promise<void>): Promise<void> {
  const until = Date.now() + waitMs;
  for (let pause = 20; ; pause = Math.min(pause * 1.5, 250)) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof BusyError)) throw err;
      if (Date.now() + pause > until) {
        ctx.set('Retry-After', '1');
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, pause * (0.5 + Math.random())));
    }
  }
}

const EMPTY_QUERY: TSchema = { type: 'object', additionalProperties: false, properties: {} } as unknown as TSchema;
