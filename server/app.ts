// The Koa application: logging, the error mapping, the API routes and the web app.
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Router } from '@koa/router';
import Koa from 'koa';
import serve from 'koa-static';
import type { Logger } from 'pino';
import { Principals } from './auth/principals.ts';
import { FailureLimiter } from './auth/ratelimit.ts';
import { tokenKeys, type TokenKeys } from './auth/token.ts';
import type { Config } from './config.ts';
import type { Db } from './db/types.ts';
import { Feed } from './feed/feed.ts';
import { Changes } from './http/changes.ts';
import { openApiDocument } from './http/openapi.ts';
import { mount, type RouteSpec } from './http/route.ts';
import { errorMiddleware } from './middleware/errors.ts';
import { requestLog } from './middleware/log.ts';
import { routeTable } from './routes/index.ts';
import { tileService } from './routes/tiles.ts';
import { cachedTiles, rawTiles, VerifiedTokens } from './tiles/fast.ts';

export interface BaseDeps {
  db: Db;
  config: Config;
  logger: Logger;
}

export interface AppDeps extends BaseDeps {
  keys: TokenKeys;
  limiter: FailureLimiter;
  principals: Principals;
  /** Committed writes, for the caches that must drop what an edit touched. */
  changes: Changes;
  /** The live feed: events of committed writes for GET /api/events (start it; close it before the database). */
  feed: Feed;
}

export interface GridcityApp extends Koa {
  /** Every API route, as declared (the OpenAPI document and the access tests use it). */
  routeSpecs: readonly RouteSpec[];
  deps: AppDeps;
}

/** Socket errors that only mean the client closed the connection. */
const CLIENT_GONE = new Set(['EPIPE', 'ECONNRESET', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Path prefixes that belong to the server, never to the web app. */
const SERVER_PREFIXES = ['/api/', '/tiles/', '/styles/', '/fonts/', '/ogc', '/open311/'];

export function createApp(base: BaseDeps): GridcityApp {
  const deps: AppDeps = {
    ...base,
    keys: tokenKeys(base.config.authSecret, base.config.tokenTtlS, base.config.sessionMaxS),
    limiter: new FailureLimiter(base.config.loginAttempts, base.config.loginWindowS * 1000),
    principals: new Principals(base.db),
    changes: new Changes(),
    feed: new Feed(base.db, base.logger, { replay: base.config.feedReplay, connectionTimeoutMs: base.config.connectionTimeoutMs }),
  };
  const app = new Koa() as GridcityApp;
  app.proxy = false;
  // What Koa meets outside the middleware (a socket failing mid-response) goes to the
  // log; a client that went away (a closed live feed, a cancelled tile) is routine.
  app.on('error', (err: Error & { code?: string }, ctx?: { method: string; path: string }) => {
    const where = ctx ? { method: ctx.method, path: ctx.path } : {};
    if (CLIENT_GONE.has(err.code ?? '')) deps.logger.debug({ ...where, code: err.code }, 'client went away');
    else deps.logger.error({ ...where, err }, 'response failed');
  });
  app.use(requestLog(deps.logger));
  app.use(errorMiddleware(deps.logger));

  const specs = routeTable(deps);
  const openapi = openApiDocument(specs, { version: '0.1.0', demo: deps.config.demo });
  const router = new Router();
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = openapi;
  });
  mount(router, specs, deps);
  app.routeSpecs = specs;
  app.deps = deps;
  // Tiles already in the cache are answered before the router, the plainest requests
  // for them before Koa itself (server/tiles/fast.ts).
  const tokens = new VerifiedTokens(deps.keys);
  app.use(cachedTiles(tileService(deps), { ...deps, tokens }));
  const raw = rawTiles(tileService(deps), { ...deps, tokens }, deps.logger);
  const koaCallback = app.callback.bind(app);
  app.callback = () => {
    const handle = koaCallback();
    // app.listen serves HTTP/1.1 (node:http) requests only.
    return (req, res) => (raw(req as IncomingMessage, res as ServerResponse) ? Promise.resolve() : handle(req, res));
  };
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));

  // The web app: built files, and index.html for the app's own client-side paths.
  const dist = deps.config.webDist;
  const index = path.join(dist, 'index.html');
  if (existsSync(index)) {
    app.use(serve(dist, { index: 'index.html', maxage: 0 }));
    app.use(async (ctx, next) => {
      await next();
      const own = SERVER_PREFIXES.some((p) => ctx.path.startsWith(p));
      if (ctx.status === 404 && ctx.body === undefined && ctx.method === 'GET' && !own && ctx.accepts('html') === 'html') {
        ctx.type = 'html';
        ctx.body = readFileSync(index);
      }
    });
  } else {
    app.use(async (ctx, next) => {
      if (ctx.method === 'GET' && ctx.path === '/') {
        ctx.type = 'html';
        ctx.body = `<!doctype html><meta charset="utf-8"><title>gridcity</title>
<p>网格城市 gridcity 服务已运行。网页应用尚未构建：运行 <code>npm run build:web</code>。</p>
<p>The gridcity server is running. The web app is not built yet: run <code>npm run build:web</code>.</p>
<p><a href="/api/health">/api/health</a></p>`;
        return;
      }
      await next();
    });
  }
  return app;
}
