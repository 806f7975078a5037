// The study area of the heatmap's hot-spot statistic: every cell that covers the
// active grids the caller may see (a grid chief: their own), or the one grid asked
// for, at the heatmap's resolution. Cells without cases belong to it too: a cluster
// stands out only against the empty cells around it. Taken from the grids' stored H3
// covers (their cells' parents at the resolution; a cover coarser than the resolution
// contributes its cells' children), so a cell on the city's edge counts whole.
// Reading the covers walks every cover cell, so answers are kept per visibility,
// resolution and grid until a write touches grids or covers (in this process).
import { cellToChildren, getResolution } from 'h3-js';
import type { Changes } from '../http/changes.ts';
import type { Queryable } from '../db/types.ts';
import { bigintToCell } from '../spatial/h3cells.ts';

/** The study area's cells (hex, sorted) at `res`. Row-level security decides which grids the caller sees. */
export async function studyArea(q: Queryable, res: number, grid: number | null): Promise<string[]> {
  const r = await q.query<{ cell: string }>(
    `select distinct case when h3_resolution(hc.cell) > $1::int then h3_parent(hc.cell, $1::int) else hc.cell end as cell
       from h3_cover hc
       join grids g on g.id = hc.feature_id
      where hc.layer = 'grid'
        and (case when $2::int is null then g.status = 'active' else g.id = $2::int end)`,
    [res, grid],
  );
  const cells = new Set<string>();
  for (const row of r.rows) {
    const cell = bigintToCell(row.cell);
    if (getResolution(cell) === res) cells.add(cell);
    else for (const child of cellToChildren(cell, res)) cells.add(child);
  }
  return [...cells].sort();
}

/** Entries kept at most (a resolution-11 area of the seeded city is about 17,000 cells). */
const MAX_ENTRIES = 200;
const SOURCES = new Set(['grids', 'h3_cover']);

export class StudyAreaCache {
  private readonly entries = new Map<string, readonly string[]>();

  constructor(changes: Changes) {
    changes.on(({ tables }) => {
      if (tables.some((t) => SOURCES.has(t))) this.entries.clear();
    });
  }

  /** The study area for callers who see `visibility` (see visibilityKey). */
  async get(q: Queryable, visibility: string, res: number, grid: number | null): Promise<readonly string[]> {
    const key = `${visibility}|${res}|${grid ?? ''}`;
    const hit = this.entries.get(key);
    if (hit) return hit;
    const cells = await studyArea(q, res, grid);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, cells);
    return cells;
  }
}
