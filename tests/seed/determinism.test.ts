import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from '../../server/db/migrate.ts';
import { seedCity } from '../../seed/index.ts';
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
});
