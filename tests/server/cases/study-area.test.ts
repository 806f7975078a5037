// The study-area cache: one read of the covers per visibility, resolution and grid,
// kept across requests until a write touches grids or covers; covers coarser than
// the resolution contribute their cells' children.
import { cellToChildren, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { StudyAreaCache } from '../../../server/cases/study-area.ts';
import type { Queryable, Result } from '../../../server/db/types.ts';
import { Changes } from '../../../server/http/changes.ts';
import { cellToSql } from '../../../server/spatial/h3cells.ts';

/** A stand-in store whose covers hold `cells` (the SQL under test answers them unchanged). */
function fakeStore(cells: string[]) {
  const calls: unknown[][] = [];
  const q: Queryable = {
    async query<R extends object>(_sql: string, params: readonly unknown[] = []): Promise<Result<R>> {
      calls.push([...params]);
      return { rows: cells.map((c) => ({ cell: cellToSql(c) })) as R[], rowCount: cells.length };
    },
    async exec() {},
  };
  return { q, calls };
}

describe('StudyAreaCache', () => {
  const res8 = latLngToCell(27.73, 112.0, 8);

  it('reads once per visibility, resolution and grid, until grids or covers change', async () => {
    const changes = new Changes();
    const cache = new StudyAreaCache(changes);
    const { q, calls } = fakeStore([res8]);
    expect(await cache.get(q, 'city', 8, null)).toEqual([res8]);
    await cache.get(q, 'city', 8, null);
    expect(calls).toEqual([[8, null]]);
    await cache.get(q, 'grids:1', 8, null);
    await cache.get(q, 'city', 8, 3);
    expect(calls).toHaveLength(3);
    changes.notify('cases', 'case_events');
    await cache.get(q, 'city', 8, null);
    expect(calls).toHaveLength(3);
    changes.notify('grids', 'h3_cover', 'boundary_history');
    await cache.get(q, 'city', 8, null);
    expect(calls).toHaveLength(4);
  });

  it('gives the children of cover cells coarser than the resolution', async () => {
    const { q } = fakeStore([res8]);
    const cells = await new StudyAreaCache(new Changes()).get(q, 'city', 10, null);
    expect(cells).toEqual(cellToChildren(res8, 10).sort());
    expect(cells).toHaveLength(49);
  });
});
