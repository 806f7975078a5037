// One interface over both database backends: the embedded PGlite + PostGIS store and
// a PostgreSQL + PostGIS server reached through a `pg` pool. Everything above this
// folder talks to `Db` and never knows which backend answers.

export type Row = Record<string, unknown>;

export interface Result<R extends object = Row> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Server backend: run it as a named prepared statement, planned once per connection
   * (PostgreSQL then settles on a generic plan), for hot statements of a fixed text
   * whose planning costs more than their execution. The embedded store ignores it.
   */
  prepare?: boolean;
}

export interface Queryable {
  /** One statement with bound parameters ($1, $2, ...). */
  query<R extends object = Row>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<Result<R>>;
  /** Several statements separated by semicolons, without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

export type BackendKind = 'embedded' | 'server';

export interface Db extends Queryable {
  readonly kind: BackendKind;
  /** Runs `fn` in one transaction on one connection; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Values are parsed alike on both backends: int8 and numeric as strings (H3 cells
 * and large counts do not fit a double), date as 'YYYY-MM-DD', timestamptz as Date,
 * json as objects. Cast counts to int in SQL where a number is wanted.
 */
export const PG_OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;

/**
 * The `code` given to a pool's "timeout exceeded when trying to connect" when every
 * connection of the pool was in use: the database is busy, not unreachable.
 */
export const POOL_BUSY_CODE = 'GRIDCITY_POOL_BUSY';
