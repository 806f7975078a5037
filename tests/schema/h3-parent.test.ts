// The SQL parent function against h3-js on random cells of every resolution.
import { createHash } from 'node:crypto';
import { cellToParent, getPentagons, getResolution, latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cellToSql } from '../../server/spatial/h3cells.ts';
import { Random } from '../../seed/random.ts';
import { BACKEND } from '../helpers/options.ts';
import { seededDb, type TestDb } from '../helpers/store.ts';

describe(`h3_parent in SQL (${BACKEND})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
  });
  afterAll(async () => db?.dispose());

  it('equals h3-js cellToParent on 100k random cells at every resolution, pentagons included', async () => {
    const rng = new Random(2026, 'h3-parent');
    const cells: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const lat = (Math.asin(rng.uniform(-1, 1)) * 180) / Math.PI;
      const lng = rng.uniform(-180, 180);
      cells.push(latLngToCell(lat, lng, i % 16));
    }
    for (let res = 0; res <= 15; res++) cells.push(...getPentagons(res));
    // Every parent of every cell, in order; compared as one digest so that 850k
    // answers need not travel back, then row by row only if the digests differ.
    const expected: string[] = [];
    for (const cell of cells) for (let p = 0; p <= getResolution(cell); p++) expected.push(cellToSql(cellToParent(cell, p)));
    expect(expected.length).toBeGreaterThan(800_000);
    const sql = (select: string) => `
      select ${select}
        from unnest($1::int8[]) with ordinality as u(c, ord), generate_series(0, h3_resolution(c)) as p`;
    const r = await db.query<{ digest: string; n: number }>(
      sql(`md5(string_agg(h3_parent(c, p)::text || '/' || h3_resolution(h3_parent(c, p)), ',' order by ord, p)) as digest, count(*)::int as n`),
      [cells.map(cellToSql)],
    );
    const expectedResolutions = cells.flatMap((cell) => Array.from({ length: getResolution(cell) + 1 }, (_, p) => p));
    const digest = createHash('md5').update(expected.map((e, i) => `${e}/${expectedResolutions[i]}`).join(',')).digest('hex');
    expect(r.rows[0]!.n).toBe(expected.length);
    if (r.rows[0]!.digest !== digest) {
      const rows = await db.query<{ parent: string }>(sql('h3_parent(c, p)::text as parent') + ' order by ord, p', [cells.map(cellToSql)]);
      const wrong = rows.rows.map((row, i) => (row.parent === expected[i] ? null : { got: row.parent, expected: expected[i] })).filter(Boolean);
      expect(wrong.slice(0, 10)).toEqual([]);
    }
    expect(r.rows[0]!.digest).toBe(digest);
  });

  it('answers NULL for a resolution finer than the cell or below 0', async () => {
    const cell = cellToSql(latLngToCell(27.73, 112.0, 9));
    const r = await db.query<{ finer: string | null; negative: string | null; same: string }>(
      'select h3_parent($1, 10)::text as finer, h3_parent($1, -1)::text as negative, h3_parent($1, 9)::text as same',
      [cell],
    );
    expect(r.rows[0]).toEqual({ finer: null, negative: null, same: cell });
  });
});
