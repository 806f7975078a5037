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
import { AppError } from '../errors.ts';
import { type Principal, type Role, scopeTransaction, unauthorized } from '../auth/principal.ts';
import type { Principals } from '../auth/principals.ts';
import type { TokenKeys } from '../auth/token.ts';
import { verifyToken } from '../auth/token.ts';
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
}

export interface UnscopedRequest<P, Q, B = unknown> {
  ctx: RouterContext;
  params: P;
  query: Q;
  /** The parsed body when the spec declares a `body` schema. */
  body: B;
  principal: Principal;
  /** Runs `fn` in a transaction scoped to the principal. */
  scoped<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
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
}

/** A route whose handler runs inside the scoped transaction, with a parsed JSON body. */
export interface JsonRouteSpec extends BaseSpec {
  kind?: 'json';
  body?: TSchema;
  // The schemas above validate the input; handlers narrow it to the schema's static type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler(req: Request<any, any, any>): Promise<void>;
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
}

async function principalOf(ctx: RouterContext, deps: MountDeps): Promise<Principal> {
  const header = ctx.get('authorization');
  if (!header) return deps.principals.public();
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw unauthorized('the Authorization header must be "Bearer <token>"');
  const userId = await verifyToken(deps.keys, m[1]!);
  return deps.principals.get(userId);
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
      const principal = await principalOf(ctx, deps);
      checkRole(spec, principal);
      const params = spec.params ? validate('params', spec.params, { ...ctx.params }) : ctx.params;
      const query = spec.query ? validate('query', spec.query, { ...ctx.query }) : {};
      if (!spec.query && Object.keys(ctx.query).length) validate('query', EMPTY_QUERY, { ...ctx.query });
      const body = spec.body ? validate('body', spec.body, await readJson(ctx, deps.config.bodyLimitBytes)) : undefined;
      if (spec.kind === 'raw') {
        await spec.handler({ ctx, params, query, body, principal, scoped: (fn) => scopeTransaction(deps.db, principal, fn) });
        return;
      }
      const written = new Set<string>();
      const changed = (...tables: string[]) => tables.forEach((t) => written.add(t));
      await scopeTransaction(deps.db, principal, (tx) => spec.handler({ ctx, params, query, body, principal, tx, changed }));
      if (written.size) deps.changes.notify(...written);
    });
  }
}

const EMPTY_QUERY: TSchema = { type: 'object', additionalProperties: false, properties: {} } as unknown as TSchema;
