// A Db that times every statement it runs (inside transactions too), grouped by the
// statement's text: what a request spends its database time on, measured.
import type { Db, Queryable } from '../server/db/types.ts';

export interface StatementTime {
  sql: string;
  calls: number;
  ms: number;
}

export interface ProfiledDb {
  db: Db;
  reset(): void;
  /** The statements by total time, longest first. */
  top(n: number): StatementTime[];
  totalMs(): number;
}

export function profiledDb(inner: Db): ProfiledDb {
  const stats = new Map<string, StatementTime>();
  const record = (sql: string, ms: number) => {
    const key = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
    const s = stats.get(key) ?? { sql: key, calls: 0, ms: 0 };
    s.calls++;
    s.ms += ms;
    stats.set(key, s);
  };
  const wrap = <Q extends Queryable>(q: Q): Queryable => ({
    async query(sql, params, options) {
      const t = performance.now();
      try {
        return await q.query(sql, params, options);
      } finally {
        record(sql, performance.now() - t);
      }
    },
    async exec(sql) {
      const t = performance.now();
      try {
        return await q.exec(sql);
      } finally {
        record(sql, performance.now() - t);
      }
    },
  } as Queryable);
  const db: Db = {
    kind: inner.kind,
    ...wrap(inner),
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    close: () => inner.close(),
  } as Db;
  return {
    db,
    reset: () => stats.clear(),
    top: (n) => [...stats.values()].sort((a, b) => b.ms - a.ms).slice(0, n),
    totalMs: () => [...stats.values()].reduce((s, x) => s + x.ms, 0),
  };
}
