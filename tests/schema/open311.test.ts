// schema/014: row-level security for Open311. The public reads no case row but gets
// public columns through open311_requests(); an Open311 client (app.role open311)
// inserts cases only on its own channel and as itself, reads only the cases it filed
// and its own client row, and nothing once revoked; the submitters' details are for
// staff of the case's grid.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Queryable } from '../../server/db/types.ts';
import { BACKEND } from '../helpers/options.ts';
import { seededDb, type TestDb } from '../helpers/store.ts';

describe(`Open311 row-level security (${BACKEND})`, () => {
  let db: TestDb;
  let a: number;
  let b: number;
  let sample: { h3: string; lon: number; lat: number; grid: number };
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    const ins = async (name: string, channel: string) =>
      (await db.query<{ id: number }>(`insert into open311_clients (name, key_hash, key_hint, channel) values ($1, md5($1) || md5($1 || 'x'), 'gc311_test', $2) returning id`, [name, channel])).rows[0]!.id;
    a = await ins('client a', 'wechat');
    b = await ins('client b', 'city_app');
    const s = await db.query<{ h3: string; lon: number; lat: number; grid: number }>('select h3, st_x(geom) as lon, st_y(geom) as lat, grid_id as grid from cases where grid_id is not null order by id limit 1');
    sample = s.rows[0]!;
  });
  afterAll(async () => db?.dispose());

  /** Runs `fn` as a request of `role` (and Open311 client), as the server does. */
  const as = <T>(role: string, fn: (tx: Queryable) => Promise<T>, client?: number, grids: number[] = []) =>
    db.transaction(async (tx) => {
      await tx.query(`select set_config('app.role', $1, true), set_config('app.user', $2, true), set_config('app.grids', $3, true),
                             set_config('app.open311_client', $4, true)`, [role, `test:${role}`, `{${grids.join(',')}}`, client === undefined ? '' : String(client)]);
      await tx.exec('set local role gridcity_app');
      return fn(tx);
    });
  const count = async (tx: Queryable, sql: string, params: unknown[] = []) => (await tx.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params)).rows[0]!.n;
  let seq = 0;
  const insertCase = (tx: Queryable, channel: string, extra = '', extraValues: unknown[] = []) =>
    tx.query<{ id: string }>(
      `insert into cases (code, channel, type_code, description, geom, h3, grid_id, status, reported_at, respond_due${extra ? `, ${extra}` : ''})
       values ($1, $2, '01010101', 'test', st_setsrid(st_makepoint($3, $4), 4326), $5, $6, 'reported', now(), now() + interval '30 minutes'${extraValues.map((_, i) => `, $${7 + i}`).join('')})
       returning id`,
      [`2099010100${String(++seq).padStart(4, '0')}`, channel, sample.lon, sample.lat, sample.h3, sample.grid, ...extraValues],
    );

  it('gives the public no case row, but public columns of every case through open311_requests()', async () => {
    const total = (await db.query<{ n: number }>('select count(*)::int as n from cases')).rows[0]!.n;
    const r = await as('public', async (tx) => ({
      rows: await count(tx, 'cases'),
      events: await count(tx, 'case_events'),
      requests: await count(tx, 'open311_requests(null, null, null, null, null, 100000)'),
      columns: Object.keys((await tx.query('select * from open311_requests(null, null, null, null, null, 1)')).rows[0]!),
      history: await count(tx, 'open311_request_events(array[1, 2, 3]::bigint[])'),
      historyColumns: Object.keys((await tx.query('select * from open311_request_events(array[1]::bigint[])')).rows[0]!),
      clients: await count(tx, 'open311_clients'),
      role: (await tx.query<{ r: string }>(`select current_setting('app.role') as r`)).rows[0]!.r,
    }));
    expect(r).toMatchObject({ rows: 0, events: 0, requests: Math.min(total, 10000), clients: 0, role: 'public' });
    expect(r.history).toBeGreaterThan(3);
    expect(r.columns.filter((c) => /reporter|phone|name|email|note|actor/.test(c))).toEqual([]);
    expect(r.historyColumns.sort()).toEqual(['at', 'case_id', 'from_status', 'to_status']);
  });

  it('lets a client insert cases only as itself on its own channel, and read only those', async () => {
    const mine = await as('open311', async (tx) => {
      expect(await count(tx, 'cases')).toBe(0);
      const id = (await insertCase(tx, 'wechat')).rows[0]!.id;
      await tx.query(`insert into case_events (case_id, at, actor, to_status) values ($1, now(), 'channel:wechat', 'reported')`, [id]);
      await tx.query('update case_events set photo_url = $2 where case_id = $1 and from_status is null', [id, 'https://x.example/1.jpg']);
      await tx.query('insert into open311_submissions (case_id, email) values ($1, $2)', [id, 'a@example.cn']);
      expect(await count(tx, 'cases')).toBe(1);
      expect(await count(tx, 'case_events')).toBe(1);
      expect((await tx.query('select id, name, channel from open311_clients')).rows).toEqual([{ id: a, name: 'client a', channel: 'wechat' }]);
      return id;
    }, a);
    const row = await db.query('select open311_client_id, channel from cases where id = $1', [mine]);
    expect(row.rows[0]).toEqual({ open311_client_id: a, channel: 'wechat' });

    const refused: [string, (tx: Queryable) => Promise<unknown>][] = [
      ['another channel', (tx) => insertCase(tx, 'hotline_12345')],
      ['as another client', (tx) => insertCase(tx, 'wechat', 'open311_client_id', [b])],
      ['as no client', (tx) => insertCase(tx, 'wechat', 'open311_client_id', [null])],
      ['an event of a case it did not file', (tx) => tx.query(`insert into case_events (case_id, at, actor, to_status) values (1, now(), 'x', 'closed')`)],
      ['a submission of a case it did not file', (tx) => tx.query('insert into open311_submissions (case_id, email) values (1, $1)', ['x@y.cn'])],
      ['its own key', (tx) => tx.query(`update open311_clients set channel = 'hotline_12345' where id = $1 returning id`, [a]).then((r) => { if (!r.rowCount) throw new Error('row-level security: no row'); })],
    ];
    for (const [what, fn] of refused) {
      await expect(as('open311', fn, a), what).rejects.toThrow(/row-level security|violates/);
    }
    // Client b sees none of a's.
    expect(await as('open311', (tx) => count(tx, 'cases'), b)).toBe(0);
    expect(await as('open311', (tx) => count(tx, 'open311_submissions'), b)).toBe(0);
    // Staff see the submission; a grid chief only in their grid; the public never.
    expect(await as('officer', (tx) => count(tx, 'open311_submissions'))).toBe(1);
    expect(await as('grid_chief', (tx) => count(tx, 'open311_submissions'), undefined, [sample.grid])).toBe(1);
    expect(await as('grid_chief', (tx) => count(tx, 'open311_submissions'), undefined, [sample.grid === 1 ? 2 : 1])).toBe(0);
    expect(await as('public', (tx) => count(tx, 'open311_submissions'))).toBe(0);

    // Revoked: nothing more.
    await db.query('update open311_clients set revoked_at = now() where id = $1', [a]);
    await expect(as('open311', (tx) => insertCase(tx, 'wechat'), a)).rejects.toThrow(/row-level security/);
    expect(await as('open311', (tx) => count(tx, 'open311_clients'), a)).toBe(0);
  });

  it('lets only admins manage clients', async () => {
    expect(await as('admin', (tx) => count(tx, 'open311_clients'))).toBeGreaterThanOrEqual(2);
    for (const role of ['officer', 'command', 'planner', 'public']) {
      expect(await as(role, (tx) => count(tx, 'open311_clients')), role).toBe(0);
      await expect(as(role, (tx) => tx.query(`insert into open311_clients (name, key_hash, key_hint) values ('x', repeat('a', 64), 'gc311_x')`)), role).rejects.toThrow(/row-level security/);
    }
  });
});
