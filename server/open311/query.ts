// The query of GET requests as GeoReport v2 defines it: service_request_id (a comma
// list that overrides every other filter), service_code and status (comma lists, or
// the parameter repeated), start_date and end_date (W3C date-times with a zone, or
// dates, China Standard Time). Without dates the last 90 days; a range may not span
// more than 90 days; at most 1000 requests, newest first.
import { Type } from '@sinclair/typebox';
import { invalidQuery, parseInstant } from '../components/collection.ts';
import type { RequestFilter } from './requests.ts';

export const WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;
const DAY_MS = 86_400_000;
const WINDOW_MS = WINDOW_DAYS * DAY_MS;

const list = (description: string) =>
  Type.Array(Type.String({ maxLength: 20_000 }), { maxItems: 50, description: `${description}; comma delimited, or the parameter repeated` });

export const REQUESTS_QUERY = {
  service_request_id: Type.Optional(list('service request ids (case codes); overrides every other filter')),
  service_code: Type.Optional(list('service codes')),
  start_date: Type.Optional(Type.String({ maxLength: 40, description: 'earliest requested_datetime: a W3C date-time with a zone, or a date (China Standard Time)' })),
  end_date: Type.Optional(Type.String({ maxLength: 40, description: 'latest requested_datetime: a W3C date-time with a zone (included), or a date (that whole day included)' })),
  status: Type.Optional(list('open, closed')),
};

export interface RequestsQuery {
  service_request_id?: string[];
  service_code?: string[];
  start_date?: string;
  end_date?: string;
  status?: string[];
}

const items = (values: string[] | undefined) => values?.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);

export function requestFilter(q: RequestsQuery, now = Date.now()): RequestFilter {
  const ids = items(q.service_request_id);
  if (ids?.length) {
    const bad = ids.find((id) => !/^[0-9]{14}$/.test(id));
    if (bad !== undefined) throw invalidQuery('service_request_id', `has "${bad.slice(0, 40)}": a service request id is the 14-digit case code`);
    if (ids.length > MAX_REQUESTS) throw invalidQuery('service_request_id', `lists more than ${MAX_REQUESTS} ids`);
    return { codes: [...new Set(ids)], types: null, from: null, to: null, open: null, limit: MAX_REQUESTS };
  }
  const codes = items(q.service_code);
  const badCode = codes?.find((c) => !/^[0-9]{8}$/.test(c));
  if (badCode !== undefined) throw invalidQuery('service_code', `has "${badCode.slice(0, 40)}": a service code has 8 digits (GET services.json lists them)`);
  const statuses = items(q.status);
  const badStatus = statuses?.find((s) => s !== 'open' && s !== 'closed');
  if (badStatus !== undefined) throw invalidQuery('status', `has "${badStatus.slice(0, 40)}"; allowed: open, closed`);
  const open = !statuses?.length || (statuses.includes('open') && statuses.includes('closed')) ? null : statuses.includes('open');

  const start = parseInstant(q.start_date, 'start_date')?.getTime() ?? null;
  // A date-time end is included; a date includes its whole day.
  const endDay = q.end_date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(q.end_date);
  const endAt = parseInstant(q.end_date, 'end_date', true)?.getTime() ?? null;
  let to = endAt === null ? null : endDay ? endAt : endAt + 1;
  let from = start;
  if (from === null && to === null) {
    from = now - WINDOW_MS;
    to = null;
  } else if (from === null) {
    from = to! - WINDOW_MS;
  } else if (to === null) {
    to = from + WINDOW_MS;
  }
  if (to !== null && to <= from) throw invalidQuery('end_date', 'must be after start_date');
  if (to !== null && to - from > WINDOW_MS + 1) throw invalidQuery('end_date', `may not be more than ${WINDOW_DAYS} days after start_date`);
  return {
    codes: null,
    types: codes?.length ? [...new Set(codes)] : null,
    from: new Date(from),
    to: to === null ? null : new Date(to),
    open,
    limit: MAX_REQUESTS,
  };
}
