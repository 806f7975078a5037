// Turns what a transaction published into feed events, inside that transaction just
// before it commits: case events read the non-personal columns of their case (as the
// transaction's own role sees it), and every event gets its id and time.
import type { Queryable } from '../db/types.ts';
import { cleanWhistle, isCasePublish, isWhistle, type CaseFeedEvent, type CasePublish, type FeedEvent, type Publishable } from './events.ts';

interface CaseRow {
  id: string;
  code: string;
  type_code: string;
  status: string;
  channel: string;
  grid_id: number | null;
  subgrid_id: number | null;
  street_id: number | null;
  lon: number;
  lat: number;
}

// The only columns of a case that reach the feed.
const CASES_SQL = `
  select c.id, c.code, c.type_code, c.status, c.channel, c.grid_id, c.subgrid_id, c.street_id,
         round(st_x(c.geom)::numeric, 6)::float8 as lon, round(st_y(c.geom)::numeric, 6)::float8 as lat
    from cases c where c.id = any($1::int8[])`;

/**
 * Feed events of `inputs` in their order, ids `<transaction id>-<seq>`; a case the
 * transaction cannot see (deleted again) is left out.
 */
export async function stageEvents(tx: Queryable, inputs: readonly Publishable[], nextSeq: () => number): Promise<FeedEvent[]> {
  if (inputs.length === 0) return [];
  const xid = (await tx.query<{ xid: string }>('select pg_current_xact_id()::text as xid')).rows[0]!.xid;
  const caseIds = [...new Set(inputs.filter(isCasePublish).map((e) => e.case_id))];
  const cases = new Map<number, CaseRow>();
  if (caseIds.length) {
    for (const r of (await tx.query<CaseRow>(CASES_SQL, [caseIds])).rows) cases.set(Number(r.id), r);
  }
  const at = new Date().toISOString();
  const out: FeedEvent[] = [];
  for (const input of inputs) {
    const stamp = { eid: `${xid}-${nextSeq()}`, at };
    if (isCasePublish(input)) {
      const row = cases.get(input.case_id);
      if (row) out.push(caseEvent(input, row, stamp));
    } else if (isWhistle(input)) {
      out.push({ ...cleanWhistle(input), ...stamp });
    } else if (input.type === 'cases.imported') {
      out.push({
        type: 'cases.imported',
        count: input.count,
        by_grid: input.by_grid.map((g) => ({ grid_id: g.grid_id, count: g.count })),
        ...stamp,
      });
    }
  }
  return out;
}

function caseEvent(input: CasePublish, r: CaseRow, stamp: { eid: string; at: string }): CaseFeedEvent {
  return {
    type: input.type,
    id: Number(r.id),
    code: r.code,
    type_code: r.type_code,
    status: r.status,
    from_status: input.from_status ?? null,
    channel: r.channel,
    grid_id: r.grid_id,
    subgrid_id: r.subgrid_id,
    street_id: r.street_id,
    lon: Number(r.lon),
    lat: Number(r.lat),
    ...stamp,
  };
}
