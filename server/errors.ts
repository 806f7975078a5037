// Typed errors and their one mapping to HTTP. Every answer that is not a success
// carries {error: {code, message, details}} saying what was wrong.
import { POOL_BUSY_CODE } from './db/types.ts';

export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, 'bad_request', message, details);
export const notFound = (message: string, details?: unknown) => new AppError(404, 'not_found', message, details);
export const unavailable = (message: string, details?: unknown) => new AppError(503, 'unavailable', message, details);

/**
 * A shared lock another request holds (the boundary lock): the request's transaction
 * rolls back and gives its connection up, and the route runs it again a moment later,
 * so that requests waiting for the lock do not hold the pool's connections while they
 * wait. Answered 503 with Retry-After only when the lock stays taken too long.
 */
export class BusyError extends AppError {
  override name = 'BusyError';

  constructor(message: string, details?: unknown) {
    super(503, 'busy', message, details);
  }
}

interface PgLikeError {
  code?: string;
  message?: string;
  detail?: string;
  constraint?: string;
  column?: string;
  table?: string;
}

const HTTP_CODES: Record<number, string> = {
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  501: 'not_implemented',
};

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** Maps anything thrown to an AppError; unknown errors become a 500 without internals. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as PgLikeError & { status?: number; expose?: boolean };
  // Koa / http-errors style errors (body parser and the like) carry their status.
  if (typeof e.status === 'number' && (e.status === 501 || (e.status >= 400 && e.status < 500 && e.expose))) {
    return new AppError(e.status, HTTP_CODES[e.status] ?? 'bad_request', e.message ?? 'bad request');
  }
  const code = e.code ?? '';
  const message = e.message ?? '';
  if (code === POOL_BUSY_CODE) return new AppError(503, 'database_busy', 'every database connection is in use at the moment; try again shortly');
  if (code === '57014') return new AppError(503, 'statement_timeout', 'the query took too long and was cancelled; narrow the request or try again');
  if (/^(08|57P0|53)/.test(code) || CONNECTION_CODES.has(code) || /timeout exceeded when trying to connect|Connection terminated|not queryable/i.test(message)) {
    return new AppError(503, 'database_unavailable', 'the database is not reachable at the moment; try again shortly');
  }
  if (code === '42501' && /row-level security/i.test(message)) {
    const table = /for table "([^"]+)"/.exec(message)?.[1];
    return new AppError(403, 'outside_scope', `you may not write this ${table ? `${table.replace(/s$/, '')} ` : ''}record: it lies outside what your role and grids allow you to change`, table ? { table } : undefined);
  }
  if (code === '23505') return new AppError(409, 'conflict', 'a record with the same key exists', { constraint: e.constraint, detail: e.detail });
  if (code === '23503') return new AppError(409, 'reference_conflict', 'the record refers to, or is referred to by, another record', { constraint: e.constraint, detail: e.detail });
  if (code === '23514' || code === '23502') return new AppError(422, 'constraint_violation', message || 'a value breaks a rule of the data', { constraint: e.constraint, column: e.column });
  if (code === '22P02' || code === '22003' || code === '22007' || code === '22008') return new AppError(400, 'invalid_value', message || 'a value has the wrong form');
  return new AppError(500, 'internal', 'an unexpected error occurred');
}
