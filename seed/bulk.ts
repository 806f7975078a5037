// Bulk inserts through unnest() of parameter arrays: one statement per batch, the
// same on both backends, with every value bound (no SQL text from data).
import type { Queryable } from '../server/db/types.ts';

export interface BulkSpec {
  table: string;
  /** Columns written, in order. */
  columns: string[];
  /** Input arrays: name and SQL element type, e.g. ['lon', 'float8']. */
  inputs: [string, string][];
  /** Expression per column over the inputs; defaults to the inputs in order. */
  values?: string[];
  /** Extra SQL after the select (e.g. a join for lookups). */
  from?: string;
}

export type Columns = Record<string, unknown[]>;

export function bulkSql(spec: BulkSpec): string {
  const unnest = spec.inputs.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const names = spec.inputs.map(([name]) => name).join(', ');
  const values = spec.values ?? spec.inputs.map(([name]) => name);
  if (values.length !== spec.columns.length) throw new Error(`bulk insert into ${spec.table}: ${values.length} values for ${spec.columns.length} columns`);
  // Rows go in in array order, so identity ids are the same on every run.
  return `insert into ${spec.table} (${spec.columns.join(', ')})
          select ${values.join(', ')} from unnest(${unnest}) with ordinality as t(${names}, ord) ${spec.from ?? ''}
           order by t.ord`;
}

/** Inserts the rows given column-wise in batches; calls onBatch with the rows written. */
export async function bulkInsert(
  q: Queryable,
  spec: BulkSpec,
  data: Columns,
  onBatch?: (rows: number) => void,
  batchSize = 20_000,
): Promise<number> {
  const first = data[spec.inputs[0]![0]];
  if (!first) throw new Error(`bulk insert into ${spec.table}: no data for ${spec.inputs[0]![0]}`);
  const total = first.length;
  for (const [name] of spec.inputs) {
    if (data[name]?.length !== total) throw new Error(`bulk insert into ${spec.table}: column ${name} has ${data[name]?.length} values, expected ${total}`);
  }
  const sql = bulkSql(spec);
  for (let start = 0; start < total; start += batchSize) {
    const end = Math.min(total, start + batchSize);
    await q.query(sql, spec.inputs.map(([name]) => data[name]!.slice(start, end)));
    onBatch?.(end - start);
  }
  return total;
}

/** Column-wise accumulator: push rows as objects, read arrays per column. */
export class ColumnBuffer<K extends string> {
  readonly data: Record<K, unknown[]>;
  length = 0;

  constructor(keys: readonly K[]) {
    this.data = Object.fromEntries(keys.map((k) => [k, []])) as unknown as Record<K, unknown[]>;
  }

  push(row: Record<K, unknown>): void {
    for (const k in this.data) this.data[k].push(row[k]);
    this.length++;
  }
}
