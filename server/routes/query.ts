// Query-string checks shared by the routes: unknown parameters are refused, each
// known one is parsed and its problem named.
import type { ParsedUrlQuery } from 'node:querystring';
import { badRequest } from '../errors.ts';

export function onlyParams(query: ParsedUrlQuery, allowed: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k));
  if (unknown.length) {
    throw badRequest(`unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, {
      unknown,
      allowed,
    });
  }
}

export function oneOf<T extends string>(query: ParsedUrlQuery, name: string, values: readonly T[]): T | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw badRequest(`query parameter ${name} is given more than once`, { parameter: name });
  if (!(values as readonly string[]).includes(raw)) {
    throw badRequest(`query parameter ${name} must be one of ${values.join(', ')}, got "${raw}"`, { parameter: name, allowed: values });
  }
  return raw as T;
}
