// The Koa application: logging, the error mapping, the API routes and the web app.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from '@koa/router';
import Koa from 'koa';
import serve from 'koa-static';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Db } from './db/types.ts';
import { errorMiddleware } from './middleware/errors.ts';
import { requestLog } from './middleware/log.ts';
import { healthRoutes } from './routes/health.ts';
import { unitRoutes } from './routes/units.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
}

/** Path prefixes that belong to the server, never to the web app. */
const SERVER_PREFIXES = ['/api/', '/tiles/', '/styles/', '/ogc', '/open311/'];

export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = false;
  app.use(requestLog(deps.logger));
  app.use(errorMiddleware(deps.logger));

  const router = new Router();
  healthRoutes(router, deps);
  unitRoutes(router, deps);
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
