// Open311 answers errors as a list of {code, description} (the code is the HTTP
// status), in the format the path asks for. The error middleware uses this for every
// /open311/ path; the rest of the API keeps {error: {code, message, details}}.
import type { Context } from 'koa';
import { AppError } from '../errors.ts';
import { formatOfPath, send } from './format.ts';

export interface Open311Error {
  code: number;
  description: string;
}

/**
 * GeoReport v2 knows 400 for anything wrong with what was sent, so refused bodies
 * (422 elsewhere in the API) are 400 here; every other status stays.
 */
export function open311Status(status: number): number {
  return status === 422 ? 400 : status;
}

/** The errors of an AppError: one per problem when it lists them, else one. */
export function open311Errors(e: AppError): Open311Error[] {
  const code = open311Status(e.status);
  const problems = (e.details as { problems?: { message?: unknown }[] } | undefined)?.problems;
  const messages = Array.isArray(problems) ? problems.map((p) => p.message).filter((m): m is string => typeof m === 'string' && m.length > 0) : [];
  if (messages.length === 0) return [{ code, description: e.message }];
  return [...new Set(messages)].map((description) => ({ code, description }));
}

export const isOpen311Path = (path: string) => path.startsWith('/open311/');

/** Answers `e` on an Open311 path. */
export function sendOpen311Error(ctx: Context, e: AppError): void {
  send(ctx, formatOfPath(ctx.path), 'errors', open311Errors(e), open311Status(e.status));
}

/** 400 with one error per problem (Open311 requests name the field in the text). */
export function invalidRequest(problems: readonly string[]): AppError {
  const first = problems[0] ?? 'the request is not valid';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return new AppError(400, 'invalid_request', `${first}${more}`, { problems: problems.map((message) => ({ in: 'body', message })) });
}
