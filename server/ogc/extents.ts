// Extents of the collections as the caller sees them (row-level security applies),
// computed from the data and kept per collection and visibility until a committed
// write changes any table: the next read after an edit computes them again.
import type { Changes } from '../http/changes.ts';
import type { Queryable } from '../db/types.ts';
import type { CollectionDef } from './collections.ts';
import type { Extent } from './documents.ts';

interface ExtentRow {
  xmin: number | null;
  ymin: number | null;
  xmax: number | null;
  ymax: number | null;
  t0: string | null;
  t1: string | null;
}

/** Most entries kept; visibility keys of grid chiefs are many but few are live. */
const MAX_ENTRIES = 2000;

export class ExtentCache {
  private readonly entries = new Map<string, Extent>();

  constructor(changes: Changes) {
    changes.on(() => this.entries.clear());
  }

  async get(tx: Queryable, c: CollectionDef, sql: string, visibility: string): Promise<Extent> {
    const key = `${c.id}|${visibility}`;
    const hit = this.entries.get(key);
    if (hit) return hit;
    const r = await tx.query<ExtentRow>(sql);
    const row = r.rows[0];
    const extent: Extent = {
      bbox: row && row.xmin !== null ? [Number(row.xmin), Number(row.ymin), Number(row.xmax), Number(row.ymax)] : null,
      interval: row && (row.t0 !== null || row.t1 !== null) ? [row.t0, row.t1] : null,
    };
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, extent);
    return extent;
  }
}
