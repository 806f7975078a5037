// Case counts per H3 cell and per grid for the heatmap, and the study area its
// hot-spot statistic runs over. Counting reads only the stored resolution-15 cell of
// each case and takes its parent in SQL (h3_parent, bit arithmetic), never the
// geometry. The WHERE clause is put together from fixed fragments, one per filter
// given, each with its value bound as a parameter, so the planner sees only the
// conditions in use. Three covering indexes let a request count from an index alone
// (schema/042; they carry every column the filters, the grouping and the read policy
// use): a time range reads cases_heatmap (report time first), a grid chief's grids
// cases_heatmap_grid, hours of the day and days of the week cases_heatmap_week_hour
// (the local hour of the week, by the leakproof app.local_week_hour, so that the
// condition is an index condition under row-level security). Row-level security
// decides which cases are counted.
import type { Queryable } from '../db/types.ts';
import { bigintToCell } from '../spatial/h3cells.ts';
import { localWeekHourSql, weekHours } from './local-time.ts';

export const HEATMAP_RESOLUTIONS = { min: 6, max: 11, default: 8 } as const;

export interface HeatmapFilter {
  /** A case type code or a category code above it (2, 4 or 6 digits). */
  type: string | null;
  channels: string[] | null;
  statuses: string[] | null;
  grid: number | null;
  /** Reported at or after. */
  from: Date | null;
  /** Reported before. */
  to: Date | null;
  /** Local hours of the day 0-23. */
  hours: number[] | null;
  /** Local ISO days of the week 1-7. */
  weekdays: number[] | null;
  /**
   * A grid chief's grids: the restriction row-level security applies anyway, written
   * out so that the planner can reach their cases through the grid index (the policy's
   * `reads_all() or grid_id = any(...)` cannot use an index).
   */
  scope: number[] | null;
}

export interface HeatmapCounts {
  total: number;
  /** Cells (hex) with at least one case, and their counts. */
  cells: Map<string, number>;
  /** Grid ids (null: cases outside every grid) and their counts. */
  grids: Map<number | null, number>;
}

/** The WHERE clause of a filter over `cases c`, its parameters numbered from `first`. */
export function heatmapWhere(f: HeatmapFilter, first = 1): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown, cast: string) => {
    params.push(value);
    return `$${first + params.length - 1}::${cast}`;
  };
  if (f.type !== null) parts.push(`starts_with(c.type_code, ${bind(f.type, 'text')})`);
  if (f.channels !== null) parts.push(`c.channel = any (${bind(f.channels, 'text[]')})`);
  if (f.statuses !== null) parts.push(`c.status = any (${bind(f.statuses, 'text[]')})`);
  if (f.grid !== null) parts.push(`c.grid_id = ${bind(f.grid, 'int')}`);
  if (f.scope !== null) parts.push(`c.grid_id = any (${bind(f.scope, 'int[]')})`);
  if (f.from !== null) parts.push(`c.reported_at >= ${bind(f.from, 'timestamptz')}`);
  if (f.to !== null) parts.push(`c.reported_at < ${bind(f.to, 'timestamptz')}`);
  // Hours of the day and days of the week are one condition on the hour of the week
  // (hours 18-22 of every day: 35 values), which cases_heatmap_week_hour serves; every
  // hour of every day is no condition at all.
  const hours = f.hours !== null && f.hours.length < 24 ? f.hours : null;
  const weekdays = f.weekdays !== null && f.weekdays.length < 7 ? f.weekdays : null;
  if (hours !== null || weekdays !== null) parts.push(`${localWeekHourSql('c.reported_at')} = any (${bind(weekHours(hours, weekdays), 'int[]')})`);
  return { sql: parts.length ? parts.join('\n   and ') : 'true', params };
}

/** The counting query: cases of the filter per (cell at `res`, grid), in one pass over the matching cases. */
export function heatmapSql(res: number, f: HeatmapFilter): { sql: string; params: unknown[] } {
  const where = heatmapWhere(f, 2);
  return {
    sql: `select h3_parent(c.h3, $1::int) as cell, c.grid_id, count(*)::int as n
            from cases c
           where ${where.sql}
           group by 1, 2`,
    params: [res, ...where.params],
  };
}

/** Counts the cases of the filter per cell at `res` and per grid. */
export async function heatmapCounts(q: Queryable, res: number, f: HeatmapFilter): Promise<HeatmapCounts> {
  const { sql, params } = heatmapSql(res, f);
  const r = await q.query<{ cell: string; grid_id: number | null; n: number }>(sql, params);
  const cells = new Map<string, number>();
  const grids = new Map<number | null, number>();
  let total = 0;
  for (const row of r.rows) {
    const cell = bigintToCell(row.cell);
    cells.set(cell, (cells.get(cell) ?? 0) + row.n);
    grids.set(row.grid_id, (grids.get(row.grid_id) ?? 0) + row.n);
    total += row.n;
  }
  return { total, cells, grids };
}
