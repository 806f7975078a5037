// Case codes from the per-day counter (server/cases/codes.ts, schema/041): reserved in a
// statement of their own outside any transaction, shared by the reservations asked for
// at the same moment, never below a code already in cases, unique under concurrency;
// on the embedded store a reservation asked for while another transaction is open
// waits for it instead of deadlocking.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { allocateCaseCodes, reserveCaseCodes } from '../../../server/cases/codes.ts';
import { caseCodeDay } from '../../../server/cases/rules.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

const DAY_MS = Date.parse('2031-03-04T04:00:00Z');
const DAY = caseCodeDay(DAY_MS);

describe(`case codes (${BACKEND})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('starts past the highest code of the day already stored, and hands out distinct codes to reservations made at once', async () => {
    // A case of that day written without the counter (as the seed does).
    await db.query(
      `insert into cases (code, channel, type_code, description, geom, h3, status, reported_at, respond_due)
       select $1, channel, type_code, 'planted', geom, h3, 'closed', reported_at, respond_due from cases order by id limit 1`,
      [`${DAY}000700`],
    );
    const batches = await Promise.all(Array.from({ length: 30 }, (_, i) => reserveCaseCodes(db, Array.from({ length: 1 + (i % 3) }, () => DAY_MS))));
    const codes = batches.flat();
    expect(codes).toHaveLength(60);
    expect(new Set(codes).size).toBe(60);
    for (const c of codes) {
      expect(c).toMatch(new RegExp(`^${DAY}\\d{6}$`));
      expect(Number(c.slice(8))).toBeGreaterThan(700);
    }
    // The next reservation continues after every code handed out (none is given twice).
    const [next] = await reserveCaseCodes(db, [DAY_MS]);
    expect(next! > codes.sort().at(-1)!).toBe(true);
  });

  it('reserves outside an open transaction without waiting on it for ever, and never reuses a code the transaction took', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    let inTx: string[] = [];
    const open = db.transaction(async (tx) => {
      inTx = await allocateCaseCodes(tx, [DAY_MS, DAY_MS]);
      await hold;
    });
    // Let the transaction take its codes and stay open.
    await new Promise((r) => setTimeout(r, 200));
    const outside = reserveCaseCodes(db, [DAY_MS]);
    let done = false;
    void outside.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 200));
    // Server: the counter row is locked by the open transaction, so the reservation waits; embedded: the one connection is busy.
    expect(done).toBe(false);
    release();
    await open;
    const [code] = await outside;
    expect(inTx).toHaveLength(2);
    expect(inTx).not.toContain(code);
    expect(code! > inTx.sort().at(-1)!).toBe(true);
  });
});
