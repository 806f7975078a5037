// Applies the numbered SQL migrations in schema/ with postgrator. The whole run is
// one transaction (PostgreSQL DDL is transactional, CREATE EXTENSION included), so a
// failed migration leaves the database as it was; on a server an advisory lock keeps
// two starting processes from migrating at once.
import { fileURLToPath } from 'node:url';
import Postgrator from 'postgrator';
import type { Db } from './types.ts';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));
const MIGRATION_LOCK = 7_411_302; // any constant shared by all gridcity processes

export interface MigrationResult {
  applied: string[];
  version: number;
}

export async function migrate(db: Db): Promise<MigrationResult> {
  return db.transaction(async (tx) => {
    if (db.kind === 'server') await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const postgrator = new Postgrator({
      migrationPattern: `${SCHEMA_DIR}*.sql`,
      driver: 'pg',
      schemaTable: 'schema_migrations',
      validateChecksums: true,
      execQuery: async (sql: string) => tx.query(sql),
      execSqlScript: async (sql: string) => tx.exec(sql),
    });
    let applied;
    try {
      applied = await postgrator.migrate();
    } catch (err) {
      const m = /MD5 checksum failed for migration \[(\d+)\]/.exec((err as Error).message);
      if (m) {
        throw new Error(
          `migration ${m[1]} in schema/ is not the one this database was migrated with (it was edited after being applied); ` +
            'restore the file, or start from an empty store (for the embedded store: delete its data folder)',
          { cause: err },
        );
      }
      throw err;
    }
    const version = Number(await postgrator.getDatabaseVersion());
    return { applied: applied.map((m) => m.filename.replace(/^.*[\\/]/, '')), version };
  });
}
