// Test stores on both backends. `prepareSeededStore` (global setup) makes the seeded
// store once; each test then opens its own copy: a copy of the seeded PGlite data
// folder (a native file copy and a reopen, about three times faster than loading a
// dump into memory), or a database cloned from the template on the server. `emptyDb`
// gives a store with nothing in it, not even the schema.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openEmbedded } from '../../server/db/embedded.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openServer } from '../../server/db/server.ts';
import type { Db } from '../../server/db/types.ts';
import { seedCity } from '../../seed/index.ts';
import { BACKEND, TEST_SEED } from './options.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = path.join(ROOT, 'tests', '.artifacts');

export interface TestDb extends Db {
  dispose(): Promise<void>;
}

const SEED_SOURCES = ['schema', 'seed', 'server/db', 'server/locate', 'server/auth/password.ts', 'server/cases/calendar.ts', 'server/cases/rules.ts', 'server/spatial/cover.ts', 'server/spatial/h3cells.ts', 'server/config.ts'];

/** Hash of everything the seeded store depends on. */
function sourceHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    if (statSync(dir).isFile()) {
      h.update(dir.slice(ROOT.length)).update(readFileSync(dir));
      return;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|sql)$/.test(entry.name)) h.update(p.slice(ROOT.length)).update(readFileSync(p));
    }
  };
  // The schema, the generator and the server code the generator imports; route and
  // tile code does not change the seeded store.
  for (const dir of SEED_SOURCES) walk(path.join(ROOT, dir));
  h.update(JSON.stringify(TEST_SEED));
  return h.digest('hex').slice(0, 12);
}

/** The test server: DATABASE_URL, or another server passed in (the faults cluster). */
const serverUrl = (url?: string) => url ?? process.env.DATABASE_URL!;

/** The URL of database `name` on the server of `url`. */
export function dbUrlOf(name: string, url?: string): string {
  const u = new URL(serverUrl(url));
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminOf<T>(fn: (c: pg.Client) => Promise<T>, url?: string): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl(url) });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const prefixOf = (url?: string) => new URL(serverUrl(url)).pathname.slice(1).replace(/[^a-z0-9_]/gi, '_').toLowerCase() || 'gridcity';

export async function prepareSeededStore(log: (line: string) => void): Promise<string> {
  if (BACKEND === 'embedded') {
    const hash = sourceHash();
    mkdirSync(ARTIFACTS, { recursive: true });
    const dir = path.join(ARTIFACTS, `seeded-${hash}`);
    if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;
    for (const old of readdirSync(ARTIFACTS)) if (old.startsWith('seeded-')) rmSync(path.join(ARTIFACTS, old), { recursive: true, force: true });
    const t = Date.now();
    // Seeded in memory (faster than through the file system), then written out as a data folder.
    const db = await openEmbedded();
    await migrate(db);
    await seedCity(db, TEST_SEED);
    const dump = await db.dumpDataDir();
    await db.close();
    const building = `${dir}.building`;
    rmSync(building, { recursive: true, force: true });
    const onDisk = await openEmbedded({ dataDir: building, loadDataDir: dump });
    await onDisk.exec('checkpoint');
    await onDisk.close();
    renameSync(building, dir);
    log(`seeded the embedded test store in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return dir;
  }
  return prepareServerTemplate(log);
}

/**
 * The seeded template database on the server of `url` (DATABASE_URL by default), made
 * once per source hash; templates of older hashes and left-over scratch databases of
 * the same prefix are dropped.
 */
export async function prepareServerTemplate(log: (line: string) => void, url?: string): Promise<string> {
  const hash = sourceHash();
  const prefix = () => prefixOf(url);
  const admin = <T>(fn: (c: pg.Client) => Promise<T>) => adminOf(fn, url);
  const dbUrl = (name: string) => dbUrlOf(name, url);
  const template = `${prefix()}_seeded_${hash}`;
  const exists = await admin(async (c) => {
    // LIKE patterns with the prefix's own underscores escaped: other runs' databases share the server.
    const like = (s: string) => s.replace(/[\\_%]/g, (ch) => `\\${ch}`);
    const r = await c.query("select datname from pg_database where datname like $1 escape '\\'", [`${like(`${prefix()}_seeded_`)}%`]);
    for (const row of r.rows as { datname: string }[]) {
      if (row.datname !== template) await c.query(`drop database if exists "${row.datname}" with (force)`);
    }
    // Scratch databases left behind by an interrupted run.
    const scratch = await c.query("select datname from pg_database where datname like $1 escape '\\'", [`${like(`${prefix()}_t`)}%`]);
    for (const row of scratch.rows as { datname: string }[]) await c.query(`drop database if exists "${row.datname}" with (force)`);
    return r.rows.some((row: { datname: string }) => row.datname === template);
  });
  if (exists) return template;
  const t = Date.now();
  const building = `${template}_building`;
  await admin(async (c) => {
    await c.query(`drop database if exists "${building}" with (force)`);
    await c.query(`create database "${building}"`);
  });
  const db = await openServer({ connectionString: dbUrl(building), statementTimeoutMs: 600_000 });
  await migrate(db);
  await seedCity(db, TEST_SEED);
  await db.close();
  await admin((c) => c.query(`alter database "${building}" rename to "${template}"`));
  log(`seeded the server test template ${template} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return template;
}

let counter = 0;
const scratchName = (url?: string) => `${prefixOf(url)}_t${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;

/** A scratch database on the server of `url` (DATABASE_URL by default): a copy of `template`, or empty. */
export async function serverScratch(template: string | null, url?: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = scratchName(url);
  await adminOf((c) => c.query(template ? `create database "${name}" template "${template}"` : `create database "${name}"`), url);
  return {
    name,
    url: dbUrlOf(name, url),
    drop: () => adminOf((c) => c.query(`drop database if exists "${name}" with (force)`), url).then(() => undefined),
  };
}

async function serverCopy(template: string | null): Promise<TestDb> {
  const scratch = await serverScratch(template);
  const db = await openServer({ connectionString: scratch.url, poolMax: 4 });
  return {
    ...db,
    async dispose() {
      await db.close();
      await scratch.drop();
    },
  };
}

/** A private copy of the seeded store. */
export async function seededDb(store: string): Promise<TestDb> {
  if (BACKEND === 'embedded') {
    const parent = mkdtempSync(path.join(tmpdir(), 'gridcity-test-'));
    const dir = path.join(parent, 'data');
    cpSync(store, dir, { recursive: true });
    const db = await openEmbedded({ dataDir: dir });
    return {
      ...db,
      async dispose() {
        await db.close();
        rmSync(parent, { recursive: true, force: true });
      },
    };
  }
  return serverCopy(store);
}

/** A store with nothing in it (no schema). */
export async function emptyDb(): Promise<TestDb> {
  if (BACKEND === 'embedded') {
    const db = await openEmbedded();
    return { ...db, dispose: () => db.close() };
  }
  return serverCopy(null);
}

/**
 * A private copy of the seeded store for a server in another process (`tsx
 * server/main.ts`, as `npm start` runs it): the environment that points it there.
 */
export async function seededCopyForProcess(store: string): Promise<{ env: Record<string, string | undefined>; dispose(): Promise<void> }> {
  if (BACKEND === 'embedded') {
    const parent = mkdtempSync(path.join(tmpdir(), 'gridcity-proc-'));
    const dir = path.join(parent, 'data');
    cpSync(store, dir, { recursive: true });
    return { env: { DATABASE_URL: undefined, DATA_DIR: dir }, dispose: async () => rmSync(parent, { recursive: true, force: true }) };
  }
  const scratch = await serverScratch(store);
  return { env: { DATABASE_URL: scratch.url }, dispose: scratch.drop };
}
