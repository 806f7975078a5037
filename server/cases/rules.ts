// The rules every new case follows, whoever makes it (the seed, the API, an import):
// its code (the local report day and a sequence number), its deadlines (respond
// within 30 minutes; simple problems handled within 24 hours, complaints within 72,
// complex ones within 3 working days and closed within 15), and its street office.
import type { Queryable } from '../db/types.ts';
import { addWorkingDays, cstDay, type WorkCalendar } from './calendar.ts';

const MIN_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Minutes within which every case must get a response ("whistle and report"). */
export const RESPONSE_MINUTES = 30;

export type CaseComplexity = 'simple' | 'complex' | 'complaint';

export interface CaseDeadlines {
  /** Respond by (from the report). */
  respondDue: number;
  /** Handle by (applies from registration). */
  handleDue: number;
  /** Close by (applies from registration). */
  closeDue: number;
}

/** The deadlines of a case reported at `reportedMs` (epoch ms). */
export function caseDeadlines(reportedMs: number, complexity: CaseComplexity, calendar: WorkCalendar = {}): CaseDeadlines {
  const reported = new Date(reportedMs);
  const handleDue = complexity === 'simple' ? reportedMs + 24 * HOUR_MS
    : complexity === 'complaint' ? reportedMs + 72 * HOUR_MS
      : addWorkingDays(reported, 3, calendar).getTime();
  const closeDue = complexity === 'complex' ? addWorkingDays(reported, 15, calendar).getTime() : handleDue;
  return { respondDue: reportedMs + RESPONSE_MINUTES * MIN_MS, handleDue, closeDue };
}

/** The code day of a case: its local (CST) report day, 'YYYYMMDD'. */
export function caseCodeDay(reportedMs: number): string {
  return cstDay(new Date(reportedMs)).replaceAll('-', '');
}

/** A case code: the code day and a six-digit sequence within it. */
export function caseCode(day: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError(`case sequence ${seq} is outside 1..999999 for day ${day}`);
  return `${day}${String(seq).padStart(6, '0')}`;
}

/** Street office of points: the grid's (when given), else the one covering the point, else the nearest. */
export async function streetsOfPoints(q: Queryable, points: readonly { lon: number; lat: number; grid?: number | null }[]): Promise<number[]> {
  if (points.length === 0) return [];
  const r = await q.query<{ street: number }>(
    `select coalesce(
              (select c.parent_id from grids g join admin_areas c on c.id = g.community_id where g.id = p.grid),
              (select min(s.id) from admin_areas s where s.level = 'street' and st_covers(s.geom, p.geom)),
              (select s.id from admin_areas s where s.level = 'street' order by s.geom <-> p.geom, s.id limit 1)) as street
       from (select st_setsrid(st_makepoint(lon, lat), 4326) as geom, grid, ord
               from unnest($1::float8[], $2::float8[], $3::int[]) with ordinality as u(lon, lat, grid, ord)) p
      order by p.ord`,
    [points.map((p) => p.lon), points.map((p) => p.lat), points.map((p) => p.grid ?? null)],
  );
  return r.rows.map((x) => x.street);
}
