// The one place errors become HTTP answers: {error: {code, message, details}}, or
// on /open311/ paths the GeoReport v2 list of {code, description} in JSON or XML.
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { notFound, toAppError } from '../errors.ts';
import { isOpen311Path, sendOpen311Error } from '../open311/errors.ts';

export function errorMiddleware(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw notFound(`no resource at ${ctx.method} ${ctx.path}`);
      }
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) logger.error({ err, path: ctx.path, method: ctx.method }, 'request failed');
      if (isOpen311Path(ctx.path)) {
        sendOpen311Error(ctx, e);
        return;
      }
      ctx.status = e.status;
      // A 503 is a passing state (database restarting or busy, a statement cut short):
      // say when to try again, unless the route said it already.
      if (e.status === 503 && !ctx.response.get('Retry-After')) ctx.set('Retry-After', '1');
      ctx.type = 'application/json';
      ctx.body = { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } };
    }
  };
}
