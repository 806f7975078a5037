// The one place errors become HTTP answers.
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { notFound, toAppError } from '../errors.ts';

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
      ctx.status = e.status;
      ctx.type = 'application/json';
      ctx.body = { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } };
    }
  };
}
