import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../../server/db/migrate.ts';
import { hasCity, seedCity, wipeCity } from '../../seed/index.ts';
import { tableHashes } from '../helpers/hash.ts';
import { BACKEND, TEST_SEED } from '../helpers/options.ts';
import { emptyDb, seededDb, type TestDb } from '../helpers/store.ts';

describe(`seed determinism (${BACKEND})`, () => {
  let reference: TestDb;
  let again: TestDb;
  beforeAll(async () => {
    reference = await seededDb(inject('seededStore'));
    again = await emptyDb();
    await migrate(again);
    await seedCity(again, TEST_SEED);
  });
  afterAll(async () => {
    await reference?.dispose();
    await again?.dispose();
  });

  it('gives identical rows for the same seed', async () => {
    const a = await tableHashes(reference);
    const b = await tableHashes(again);
    expect(Object.keys(a).length).toBeGreaterThan(15);
    expect(b).toEqual(a);
    // The hashes cover real content.
    expect(a.cases).toMatch(/^20000:/);
    expect(a.h3_cover!.split(':')[0]).not.toBe('0');
  });

  it('wipes the city, keeps the reference data, and restarts ids', async () => {
    expect(await hasCity(again)).toBe(true);
    await wipeCity(again);
    expect(await hasCity(again)).toBe(false);
    const left = await tableHashes(again);
    for (const [table, hash] of Object.entries(left)) expect(hash, table).toMatch(/^0:/);
    const ref = await again.query<{ n: number }>('select count(*)::int as n from case_types');
    expect(ref.rows[0]!.n).toBeGreaterThan(200);
    await again.query(`insert into people (name, title, kind) values ('测试', '测试', 'staff')`);
    const id = await again.query<{ id: number }>('select id from people');
    expect(id.rows[0]!.id).toBe(1);
  });
});
