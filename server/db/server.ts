// Server backend: a PostgreSQL + PostGIS server through a `pg` pool, with a
// connection timeout, a statement timeout, an error handler for idle clients and
// transactions pinned to one client.
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Db, Queryable, QueryOptions, Result, Row } from './types.ts';
import { PG_OID, POOL_BUSY_CODE } from './types.ts';

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_OID.DATE && format !== 'binary') return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface ServerOptions {
  connectionString: string;
  poolMax?: number;
  connectionTimeoutMs?: number;
  statementTimeoutMs?: number;
  onIdleError?: (err: Error) => void;
}

export interface ServerDb extends Db {
  readonly pool: pg.Pool;
  /** Where the pool connects; a dedicated connection (the feed's LISTEN) connects there too. */
  readonly connectionString: string;
}

/** Statement names by text: one name per text, so a connection never sees a name with two texts. */
const names = new Map<string, string>();
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `gc_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    if (names.size < 10_000) names.set(sql, name);
  }
  return name;
}

function wrap(client: pg.Pool | pg.PoolClient, onError: (err: unknown) => unknown = (err) => err): Queryable {
  return {
    async query<R extends object = Row>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<Result<R>> {
      try {
        const r = options?.prepare
          ? await client.query({ name: statementName(sql), text: sql, values: params as unknown[] })
          : await client.query(sql, params as unknown[]);
        return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
      } catch (err) {
        throw onError(err);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await client.query(sql);
      } catch (err) {
        throw onError(err);
      }
    },
  };
}

/**
 * pg-pool says "timeout exceeded when trying to connect" both when the server does not
 * answer and when every connection is in use; marks the second (all `max` taken) with
 * POOL_BUSY_CODE so that it is answered as a busy database, not a missing one.
 */
function markPoolBusy(pool: pg.Pool, max: number) {
  return (err: unknown): unknown => {
    const e = err as { code?: string; message?: string } | undefined;
    if (e && typeof e === 'object' && !e.code && /timeout exceeded when trying to connect/i.test(e.message ?? '') && pool.totalCount >= max && pool.idleCount === 0) {
      e.code = POOL_BUSY_CODE;
    }
    return err;
  };
}

/** Errors after which a client must not go back to the pool. */
function isBrokenConnection(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (typeof e.code === 'string' && /^(08|57P0)/.test(e.code)) return true;
  if (typeof e.code === 'string' && ['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT'].includes(e.code)) return true;
  return /Connection terminated|not queryable|ended/i.test(e.message ?? '');
}

export async function openServer(options: ServerOptions): Promise<ServerDb> {
  const max = options.poolMax ?? 10;
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    idle_in_transaction_session_timeout: Math.max(60_000, (options.statementTimeoutMs ?? 30_000) * 2),
    application_name: 'gridcity',
    // Maintenance work (migrations, the seed) runs as the system role of the
    // row-level-security policies; each request overrides it for its transaction.
    // JIT off: the policies inflate cost estimates and JIT then compiles for ~1 s.
    options: '-c app.role=system -c jit=off',
    types: typeParsers,
  });
  // An idle client that loses its server (restart, network) emits here; without a
  // handler Node would crash. The pool drops the client and makes a new one later.
  pool.on('error', (err) => options.onIdleError?.(err));
  const busy = markPoolBusy(pool, max);
  const base = wrap(pool, busy);
  return {
    kind: 'server',
    pool,
    connectionString: options.connectionString,
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect().catch((err: unknown) => {
        throw busy(err);
      });
      let broken: Error | undefined;
      // pg-pool listens for errors on idle clients only. A connection lost while the
      // transaction holds it but runs no query (a server shutdown arriving between two
      // statements) emits 'error' on the client with nobody listening, and that would
      // crash the process. Heard here, it marks the client broken: the next query
      // fails, the request gets 503, the client is not reused.
      const lost = (err: Error) => {
        broken ??= err;
      };
      client.on('error', lost);
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (broken) {
          // Already lost: no ROLLBACK to try; answer with why the connection went.
          throw isBrokenConnection(err) && (err as Error).message.includes('not queryable') ? broken : err;
        }
        if (isBrokenConnection(err)) broken = err as Error;
        else {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackErr) {
            broken = rollbackErr as Error;
          }
        }
        throw err;
      } finally {
        // A broken client keeps the listener: the pool ends it, and late socket errors land here.
        if (!broken) client.off('error', lost);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
