// Bulk loading: while `fn` writes, the tables' foreign keys and secondary indexes
// are set aside and then restored from their own definitions. Rebuilding an index
// and validating a foreign key once over all rows is far cheaper than maintaining
// them row by row. Runs inside the caller's transaction, so a failure restores all.
// Indexes named in `keep` stay (for a query `fn` makes after writing).
import type { Queryable } from '../server/db/types.ts';

interface SetAside {
  table: string;
  foreignKeys: { name: string; def: string }[];
  indexes: string[];
}

export async function withoutForeignKeysAndIndexes<T>(tx: Queryable, tables: readonly string[], fn: () => Promise<T>, keep: readonly string[] = []): Promise<T> {
  const saved: SetAside[] = [];
  for (const table of tables) {
    const fks = await tx.query<{ name: string; def: string }>(
      `select conname::text as name, pg_get_constraintdef(oid) as def from pg_constraint
        where conrelid = $1::regclass and contype = 'f' order by conname`,
      [table],
    );
    const idx = await tx.query<{ name: string; def: string }>(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def from pg_index i
        where i.indrelid = $1::regclass
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
          and not i.indexrelid::regclass::text = any($2::text[])
        order by 1`,
      [table, keep],
    );
    for (const fk of fks.rows) await tx.exec(`alter table ${table} drop constraint "${fk.name}"`);
    for (const ix of idx.rows) await tx.exec(`drop index ${ix.name}`);
    saved.push({ table, foreignKeys: fks.rows, indexes: idx.rows.map((r) => r.def) });
  }
  const result = await fn();
  for (const s of saved) for (const def of s.indexes) await tx.exec(def);
  for (const s of saved) {
    for (const fk of s.foreignKeys) await tx.exec(`alter table ${s.table} add constraint "${fk.name}" ${fk.def}`);
  }
  return result;
}
