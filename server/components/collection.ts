// Paging and list filters shared by the point resources (components and cases): a
// FeatureCollection with numberMatched / numberReturned and a `next` link that
// continues after the last id (a keyset cursor, stable while rows are added).
import { Type, type TSchema } from '@sinclair/typebox';
import type { RouterContext } from '@koa/router';
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';

export const GEOJSON = 'application/geo+json; charset=utf-8';

export const PAGE_QUERY = {
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'features per page (at most 1000)' }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0, description: 'features to skip' }),
  after: Type.Optional(Type.Integer({ minimum: 0, description: 'cursor: only features with a larger id (the next link sets it)' })),
};

export const ID_PARAMS = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }) }, { additionalProperties: false });

export const invalidQuery = (name: string, message: string) =>
  new AppError(400, 'invalid_query', `${name} ${message}`, { problems: [{ in: 'query', path: `/${name}`, message: `${name} ${message}` }] });

/** A comma list of allowed words, e.g. status=reported,verified. */
export function parseList<T extends string>(raw: string | undefined, name: string, allowed: readonly T[]): T[] | null {
  if (raw === undefined) return null;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw invalidQuery(name, 'must list at least one value');
  const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (bad.length) throw invalidQuery(name, `has ${bad.map((b) => `"${b}"`).join(', ')}; allowed: ${allowed.join(', ')}`);
  return [...new Set(items)] as T[];
}

/** An instant from a query: an ISO date-time with a zone, or a date (the start of that day, China Standard Time). */
export function parseInstant(raw: string | undefined, name: string, endOfDay = false): Date | null {
  if (raw === undefined) return null;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const ms = day ? Date.parse(`${raw}T00:00:00+08:00`) + (endOfDay ? 86_400_000 : 0) : /(Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? Date.parse(raw) : Number.NaN;
  if (!Number.isFinite(ms)) throw invalidQuery(name, `must be a date (YYYY-MM-DD) or an ISO date-time with a time zone, got "${raw}"`);
  return new Date(ms);
}

export interface Page {
  /** JSON array text of the features. */
  body: string;
  matched: number;
  returned: number;
  lastId: number | null;
  /** Whether features follow this page (the list fetched one more than the limit). */
  more: boolean;
}

/** The collection answer, with a next link when more features follow. */
export function sendCollection(ctx: RouterContext, base: string, page: Page): void {
  const links: { rel: string; type: string; href: string }[] = [];
  if (page.more && page.lastId !== null) {
    const next = new URLSearchParams(ctx.querystring);
    next.delete('offset');
    next.set('after', String(page.lastId));
    links.push({ rel: 'next', type: 'application/geo+json', href: `${base}?${next}` });
  }
  ctx.type = GEOJSON;
  ctx.body = `{"type":"FeatureCollection","numberMatched":${page.matched},"numberReturned":${page.returned},"links":${JSON.stringify(links)},"features":${page.body}}`;
}

/**
 * Runs a page query: `rowsSql` selects `id` and `feature` (json as text) ordered by id with
 * `limit $n offset $m` placeholders given as the last two parameters; `countSql`
 * counts the whole filter (without the cursor).
 */
export async function fetchPage(
  q: Queryable,
  rowsSql: string,
  rowsParams: unknown[],
  countSql: string,
  countParams: unknown[],
  limit: number,
  offset: number,
): Promise<Page> {
  // One connection runs one query at a time: in turn, not Promise.all.
  const rows = await q.query<{ id: string | number; feature: string }>(rowsSql, [...rowsParams, limit + 1, offset]);
  const count = await q.query<{ n: number }>(countSql, countParams);
  const list = rows.rows.slice(0, limit);
  return {
    body: `[${list.map((r) => r.feature).join(',')}]`,
    matched: count.rows[0]!.n,
    returned: list.length,
    lastId: list.length ? Number(list[list.length - 1]!.id) : null,
    more: rows.rows.length > limit,
  };
}

/** A timestamptz column as ISO 8601 UTC text (the same on both backends, whatever the session time zone). */
export const isoSql = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A GeoJSON Feature body with a Point geometry (checked by the pipeline) and strict properties. */
export function pointFeatureBody(props: TSchema, geometryRequired: boolean): TSchema {
  const geometry = Type.Unknown({ description: 'a GeoJSON Point [longitude, latitude] (EPSG:4326)' });
  return Type.Object(
    {
      type: Type.Literal('Feature'),
      id: Type.Optional(Type.Union([Type.String(), Type.Number()])),
      geometry: geometryRequired ? geometry : Type.Optional(geometry),
      properties: props,
    },
    { additionalProperties: false },
  );
}
