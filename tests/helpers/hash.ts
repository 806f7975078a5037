// A content hash of the seeded tables, for "the same seed gives the same data".
// Columns that record when a row was written (not what it holds) are left out.
import type { Queryable } from '../../server/db/types.ts';
import { SEEDED_TABLES } from '../../seed/index.ts';

const WRITE_TIME: Record<string, string[]> = {
  admin_areas: ['updated_at'],
  grids: ['updated_at'],
  subgrids: ['updated_at'],
  blocks: ['updated_at'],
  boundary_history: ['at'],
};

export async function tableHashes(q: Queryable): Promise<Record<string, string>> {
  const cols = await q.query<{ table_name: string; column_name: string }>(
    `select table_name::text, column_name::text from information_schema.columns
      where table_schema = 'public' and table_name = any($1) order by table_name, ordinal_position`,
    [[...SEEDED_TABLES]],
  );
  const byTable = new Map<string, string[]>();
  for (const c of cols.rows) {
    if (WRITE_TIME[c.table_name]?.includes(c.column_name)) continue;
    byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);
  }
  const out: Record<string, string> = {};
  for (const table of [...SEEDED_TABLES].sort()) {
    const list = byTable.get(table)!;
    const r = await q.query<{ h: string; n: number }>(
      `select md5(coalesce(string_agg(h, ',' order by h), '')) as h, count(*)::int as n
         from (select md5(row(${list.map((c) => `t.${c}`).join(', ')})::text) as h from ${table} t) s`,
    );
    out[table] = `${r.rows[0]!.n}:${r.rows[0]!.h}`;
  }
  return out;
}
