// The feed against a real store: events staged in a transaction reach subscribers
// only when it commits (pg_notify on the server, the in-process bus on the embedded
// store), case events are read from the row under the writer's row-level security,
// a rolled-back transaction sends nothing, a foreign notification is ignored; on the
// server the listening connection retries with backoff while the database cannot be
// reached, and logs the loss and the recovery.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scopeTransaction, type Principal } from '../../../server/auth/principal.ts';
import type { FeedEvent } from '../../../server/feed/events.ts';
import { Feed, FEED_CHANNEL, type FeedSignal } from '../../../server/feed/feed.ts';
import { PgListener } from '../../../server/feed/listener.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

const logs: Record<string, unknown>[] = [];
const logger = pino({ level: 'info' }, new Writable({
  write(chunk, _enc, done) {
    logs.push(JSON.parse(String(chunk)) as Record<string, unknown>);
    done();
  },
}));
const waitUntil = async (test: () => boolean, timeoutMs = 5_000) => {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe(`the feed (${BACKEND})`, () => {
  let db: TestDb;
  let feed: Feed;
  const heard: FeedSignal[] = [];
  let unsubscribe: () => void;
  let chief: Principal;
  let chiefCase: number;
  let otherCase: number;
  const events = () => heard.flatMap((s) => (s.kind === 'event' ? [s.event] : []));
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    feed = new Feed(db, logger, { replay: 100, connectionTimeoutMs: 5_000 });
    expect(await feed.ready()).toBe(true);
    unsubscribe = feed.subscribe((s) => heard.push(s));
    const u = (await db.query<{ id: number; grid: number }>(
      `select u.id, s.grid_id as grid from app_users u join user_grid_scopes s on s.user_id = u.id where u.username = 'chief01' order by 2 limit 1`,
    )).rows[0]!;
    chief = { userId: u.id, username: 'chief01', role: 'grid_chief', grids: [u.grid] };
    chiefCase = Number((await db.query<{ id: string }>('select min(id) as id from cases where grid_id = $1', [u.grid])).rows[0]!.id);
    otherCase = Number((await db.query<{ id: string }>('select min(id) as id from cases where grid_id <> $1', [u.grid])).rows[0]!.id);
  });
  afterAll(async () => {
    unsubscribe?.();
    await feed?.close();
    await db?.dispose();
  });

  it(`delivers committed events through ${BACKEND === 'server' ? 'LISTEN/NOTIFY' : 'the in-process bus'}, nothing of a rolled-back transaction`, async () => {
    expect(feed.transport).toBe(BACKEND === 'server' ? 'notify' : 'local');
    await expect(scopeTransaction(db, chief, async (tx) => {
      const staged = await feed.stage(tx, [{ type: 'case.transition', case_id: chiefCase, from_status: 'handling' }]);
      expect(staged).toHaveLength(1);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    let staged: FeedEvent[] = [];
    await scopeTransaction(db, chief, async (tx) => {
      staged = await feed.stage(tx, [
        { type: 'case.transition', case_id: chiefCase, from_status: 'handling' },
        // Out of the chief's sight (row-level security): left out.
        { type: 'case.updated', case_id: otherCase },
        { type: 'case.updated', case_id: 999_999_999 },
        { type: 'whistle.raised', id: 17, grid_id: chief.grids[0]!, status: 'open', reporter_phone: '13900000000' } as never,
      ]);
    });
    // Embedded, the in-process bus waits for `committed`; on the server PostgreSQL delivers at
    // the commit itself, so the events may already be here (the rolled-back one never).
    if (BACKEND !== 'server') expect(heard).toHaveLength(0);
    feed.committed(staged);
    await waitUntil(() => heard.length >= 2);
    const got = events();
    expect(got.map((e) => e.type)).toEqual(['case.transition', 'whistle.raised']);
    expect(got[0]).toMatchObject({ id: chiefCase, from_status: 'handling', grid_id: chief.grids[0] });
    expect(got[1]).not.toHaveProperty('reporter_phone');
    expect(got[0]!.eid).not.toBe(got[1]!.eid);
    expect(got[0]!.eid.split('-')[0]).toBe(got[1]!.eid.split('-')[0]);
    expect(feed.since(got[0]!.eid)).toEqual([got[1]]);
  });

  it.runIf(BACKEND === 'server')('ignores a notification on its channel that is not a feed event', async () => {
    const before = heard.length;
    await db.query('select pg_notify($1, $2)', [FEED_CHANNEL, 'not json']);
    await db.transaction(async (tx) => feed.committed(await feed.stage(tx, [{ type: 'case.updated', case_id: otherCase }])));
    await waitUntil(() => heard.length > before);
    expect(heard.slice(before).map((s) => (s.kind === 'event' ? s.event.type : s.kind))).toEqual(['case.updated']);
    expect(logs.some((l) => /not a feed event/.test(String(l.msg)))).toBe(true);
  });

  it.runIf(BACKEND === 'server')('reconnects after its connection is killed, reports the gap and logs both', async () => {
    const listener = feed.pgListener!;
    const before = heard.length;
    await db.query('select pg_terminate_backend($1)', [listener.pid]);
    await waitUntil(() => heard.slice(before).some((s) => s.kind === 'gap'));
    expect(feed.since(events().at(-1)!.eid)).toBeNull();
    expect(logs.some((l) => /lost the listening connection/.test(String(l.msg)))).toBe(true);
    expect(logs.some((l) => /listening again/.test(String(l.msg)))).toBe(true);
  });

  it.runIf(BACKEND === 'server')('keeps retrying, and says so, while the database cannot be reached', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.port = '9'; // nothing listens there
    const mark = logs.length;
    const listener = new PgListener({
      connectionString: url.toString(), channel: FEED_CHANNEL, logger, onNotify: () => {}, onGap: () => {},
      connectionTimeoutMs: 500, minDelayMs: 20, maxDelayMs: 100,
    });
    listener.start();
    expect(await listener.ready(600)).toBe(false);
    expect(['connecting', 'waiting']).toContain(listener.state);
    const retries = logs.slice(mark).filter((l) => /cannot listen on the database yet/.test(String(l.msg)));
    expect(retries.length).toBeGreaterThan(0);
    await listener.close();
    expect(listener.state).toBe('closed');
    expect(await listener.ready(10)).toBe(false);
  });
});
