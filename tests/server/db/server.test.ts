// The server backend's pool under a lost connection: a backend terminated while a
// transaction holds its client between two statements (what a server shutdown does)
// must fail that transaction with a 503-mapped error, never crash the process with an
// unhandled 'error' event, and leave the pool serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAppError } from '../../../server/errors.ts';
import { BACKEND } from '../../helpers/options.ts';
import { emptyDb, type TestDb } from '../../helpers/store.ts';

describe.skipIf(BACKEND !== 'server')('server pool: a connection lost inside a transaction (server)', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await emptyDb();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('fails the transaction with database_unavailable, the process lives on, the pool serves', async () => {
    let reached = false;
    const failed = await db.transaction(async (tx) => {
      const pid = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      // Another connection ends this one while no statement of ours runs on it.
      await db.query('select pg_terminate_backend($1)', [pid]);
      await new Promise((r) => setTimeout(r, 300));
      await tx.query('select 1');
      reached = true;
    }).then(() => null, (err: unknown) => err);
    expect(reached).toBe(false);
    expect(failed).toBeTruthy();
    const e = toAppError(failed);
    expect([e.status, e.code]).toEqual([503, 'database_unavailable']);
    // The lost client is not handed out again.
    for (let i = 0; i < 10; i++) expect((await db.query<{ n: number }>('select 1 as n')).rows[0]!.n).toBe(1);
    expect(await db.transaction(async (tx) => (await tx.query<{ n: number }>('select 2 as n')).rows[0]!.n)).toBe(2);
  });
});
