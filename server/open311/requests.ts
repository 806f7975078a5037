// Reading cases as Open311 service requests. Everything comes through the two
// database functions of schema/014 (open311_requests, open311_request_events), which
// return only public columns whoever calls: the request keeps its own scope (the
// public reads no row of cases directly) and this code never names a personal column.
// The service request id is the case code. With extensions=true each request carries
// extended_attributes: the detailed status, channel, grid, deadlines, whether it is
// overdue, the case it duplicates and its status history.
import { loadCalendar, loadDeadlineRules, ruleFor, workDeadlines, type CaseComplexity } from '../cases/deadlines.ts';
import type { Queryable } from '../db/types.ts';
import { CLOSED_STATUSES, statusName, statusNotes, serviceNotice, type Lang } from './labels.ts';
import { w3 } from './format.ts';

export interface RequestFilter {
  codes: string[] | null;
  types: string[] | null;
  from: Date | null;
  /** Exclusive. */
  to: Date | null;
  open: boolean | null;
  limit: number;
}

interface Row {
  id: string;
  code: string;
  status: string;
  type_code: string;
  description: string;
  address: string | null;
  lon: number;
  lat: number;
  reported_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  respond_due: Date;
  handle_due: Date | null;
  close_due: Date | null;
  overdue: boolean;
  channel: string;
  grid_code: string | null;
  duplicate_of: string | null;
  media_url: string | null;
  type_name: string;
  complexity: string | null;
  agency: string | null;
}

const SQL = (lang: Lang) => `
  select r.id, r.code, r.status, r.type_code, r.description, r.address, r.lon, r.lat, r.reported_at, r.updated_at, r.closed_at,
         r.respond_due, r.handle_due, r.close_due, r.overdue, r.channel, r.grid_code, r.duplicate_of, r.media_url,
         t.name_${lang} as type_name, t.complexity, d.name_${lang} as agency
    from open311_requests($1::text[], $2::text[], $3::timestamptz, $4::timestamptz, $5::boolean, $6::int) r
    join case_types t on t.code = r.type_code
    left join departments d on d.code = coalesce(r.department, t.department)
   order by r.reported_at desc, r.id desc`;

const round = (x: number) => Math.round(x * 1e7) / 1e7;

export async function readRequests(q: Queryable, f: RequestFilter, opts: { lang: Lang; extensions: boolean }) {
  const lang = opts.lang;
  const r = await q.query<Row>(SQL(lang), [f.codes, f.types, f.from, f.to, f.open, f.limit]);
  const history = new Map<string, { datetime: string | null; from_status: string | null; status: string; status_notes: string }[]>();
  if (opts.extensions && r.rows.length) {
    const e = await q.query<{ case_id: string; at: Date; from_status: string | null; to_status: string }>(
      'select case_id, at, from_status, to_status from open311_request_events($1::bigint[])',
      [r.rows.map((x) => x.id)],
    );
    for (const ev of e.rows) {
      const list = history.get(String(ev.case_id)) ?? [];
      list.push({ datetime: w3(ev.at), from_status: ev.from_status, status: ev.to_status, status_notes: statusName(ev.to_status, lang) });
      history.set(String(ev.case_id), list);
    }
  }
  const needsRule = r.rows.some((x) => !x.close_due && !x.handle_due);
  const rules = needsRule ? await loadDeadlineRules(q) : null;
  const calendar = needsRule ? await loadCalendar(q) : null;
  return r.rows.map((x) => {
    const closed = CLOSED_STATUSES.includes(x.status as never);
    // Before registration sets them, the deadline its type's rule promises counted from the report.
    const expected = x.close_due ?? x.handle_due
      ?? (x.complexity && rules ? new Date(workDeadlines(x.reported_at.getTime(), ruleFor(rules, x.type_code, x.complexity as CaseComplexity), calendar!).closeDue) : null);
    const request: Record<string, unknown> = {
      service_request_id: x.code,
      status: closed ? 'closed' : 'open',
      status_notes: statusNotes(x.status, x.duplicate_of, lang),
      service_name: x.type_name,
      service_code: x.type_code,
      description: x.description,
      agency_responsible: x.agency,
      service_notice: serviceNotice(x.complexity, lang),
      requested_datetime: w3(x.reported_at),
      // The spec: "for requests with status=closed, this will be the date the request was closed".
      updated_datetime: w3(closed && x.closed_at ? x.closed_at : x.updated_at),
      expected_datetime: w3(expected),
      address: x.address,
      address_id: null,
      zipcode: null,
      lat: round(x.lat),
      long: round(x.lon),
      media_url: x.media_url,
    };
    if (opts.extensions) {
      request.extended_attributes = {
        detailed_status: x.status,
        detailed_status_name: statusName(x.status, lang),
        channel: x.channel,
        grid_code: x.grid_code,
        respond_due: w3(x.respond_due),
        handle_due: w3(x.handle_due),
        close_due: w3(x.close_due),
        overdue: x.overdue,
        duplicate_of: x.duplicate_of,
        history: history.get(String(x.id)) ?? [],
      };
    }
    return request;
  });
}
