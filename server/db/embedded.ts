// Embedded backend: PGlite (PostgreSQL in WebAssembly) with its PostGIS extension,
// kept in a local folder, or in memory for tests.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Queryable, Result, Row } from './types.ts';

const parsers = {
  [types.INT8]: (v: string) => v,
  [types.DATE]: (v: string) => v,
};

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction;

function wrap(target: PgliteLike): Queryable {
  return {
    async query<R extends object = Row>(sql: string, params: readonly unknown[] = []): Promise<Result<R>> {
      const r = await target.query<R>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

export interface EmbeddedOptions {
  /** Folder of the store; omit for an in-memory store. */
  dataDir?: string;
  /** A dump made by `dumpDataDir()` to start from (into memory, or into a new `dataDir`). */
  loadDataDir?: Blob | File;
}

export interface EmbeddedDb extends Db {
  readonly pglite: PGlite;
  /** True when the folder did not hold a store before this open. */
  readonly created: boolean;
  dumpDataDir(): Promise<Blob>;
}

export async function openEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedDb> {
  let created = true;
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = path.resolve(options.dataDir);
    created = !existsSync(path.join(dataDir, 'PG_VERSION'));
    mkdirSync(dataDir, { recursive: true });
  }
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { postgis },
    parsers,
  });
  // As on the server: maintenance runs as the system role of the RLS policies.
  await pglite.exec(`set app.role = 'system'`);
  const base = wrap(pglite);
  return {
    kind: 'embedded',
    pglite,
    created: created && !options.loadDataDir,
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    close: () => pglite.close(),
    dumpDataDir: async () => (await pglite.dumpDataDir('gzip')) as Blob,
  };
}
