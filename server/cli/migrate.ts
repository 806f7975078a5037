// npm run db:migrate — applies the schema migrations to the configured store.
import { loadConfig, loadDotEnv } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { openDb } from '../db/open.ts';

loadDotEnv();
const config = loadConfig();
const db = await openDb(config);
try {
  const r = await migrate(db);
  console.log(r.applied.length ? `applied ${r.applied.join(', ')}` : 'schema up to date', `(version ${r.version}, ${db.kind} backend)`);
} finally {
  await db.close();
}
