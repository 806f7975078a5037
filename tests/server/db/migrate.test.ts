import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { migrate, SCHEMA_DIR } from '../../../server/db/migrate.ts';
import { emptyDb, type TestDb } from '../../helpers/store.ts';
import { BACKEND } from '../../helpers/options.ts';

/** What the schema consists of: tables and columns, indexes, functions, views, triggers, comments. */
async function catalog(db: TestDb): Promise<string> {
  const r = await db.query<{ item: string }>(`
    select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as item
      from information_schema.columns where table_schema = 'public'
    union all select 'index ' || indexname || ' ' || indexdef from pg_indexes where schemaname = 'public'
    union all select 'function ' || p.proname || '(' || pg_get_function_arguments(p.oid) || ')' from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.proname in ('h3_parent', 'h3_resolution', 'bump_version', 'record_boundary_history')
    union all select 'view ' || viewname from pg_views where schemaname = 'public'
    union all select 'trigger ' || tgname || ' on ' || tgrelid::regclass::text from pg_trigger where not tgisinternal
    union all select 'comment ' || c.relname || ' ' || obj_description(c.oid, 'pg_class') from pg_class c
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'
    order by 1`);
  return r.rows.map((x) => x.item).join('\n');
}

describe(`migrations (${BACKEND})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await emptyDb();
  });
  afterAll(async () => db?.dispose());

  it('apply to an empty database, then applying again changes nothing', async () => {
    const files = readdirSync(SCHEMA_DIR).filter((f) => /^\d+\.do\..*\.sql$/.test(f)).sort();
    const first = await migrate(db);
    expect(first.applied).toEqual(files);
    expect(first.version).toBe(Number(files.at(-1)!.split('.')[0]));
    const before = await catalog(db);
    const second = await migrate(db);
    expect(second.applied).toEqual([]);
    expect(second.version).toBe(first.version);
    expect(await catalog(db)).toBe(before);
  });

  it('gives every table a comment', async () => {
    const r = await db.query<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and c.relname not in ('spatial_ref_sys', 'schema_migrations')
          and obj_description(c.oid, 'pg_class') is null`,
    );
    expect(r.rows.map((x) => x.relname)).toEqual([]);
  });

  it('holds the reference taxonomies as data', async () => {
    const r = await db.query<Record<string, number>>(`
      select (select count(*)::int from channels) as channels,
             (select count(*)::int from component_majors) as majors,
             (select count(*)::int from component_classes) as classes,
             (select count(*)::int from case_types where level = 1) as domains,
             (select count(*)::int from case_types where level = 4) as leaves,
             (select count(*)::int from case_types t where t.level < 4
                and not exists (select 1 from case_types c where c.parent_code = t.code)) as childless`);
    const c = r.rows[0]!;
    expect(c.channels).toBeGreaterThanOrEqual(13);
    expect(c.majors).toBe(5);
    expect(c.classes).toBeGreaterThanOrEqual(100);
    expect(c.domains).toBeGreaterThanOrEqual(6);
    expect(c.leaves).toBeGreaterThanOrEqual(200);
    expect(c.childless).toBe(0);
  });

  it('rolls a failing migration run back as a whole', async () => {
    const fresh = await emptyDb();
    try {
      await fresh.exec('create table grids (id int)'); // collides with migration 004
      await expect(migrate(fresh)).rejects.toThrow();
      const r = await fresh.query<{ n: number }>(
        `select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name in ('admin_areas', 'schema_migrations', 'departments')`,
      );
      expect(r.rows[0]!.n).toBe(0);
    } finally {
      await fresh.dispose();
    }
  });
});
