// The live feed, GET /api/events: a new case reaches a reader within a second of the
// write (the latency is printed), each reader sees only its scope (a grid chief no
// other grid's cases), events carry no personal data, Last-Event-ID replays what was
// missed, a bulk import past the cap becomes one summary, heartbeats, the stream ends
// when the token expires, a closed stream leaves nothing behind, and the public, no
// token and bad tokens are refused. On the server backend the listening connection
// is killed and comes back by itself.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signToken } from '../../../server/auth/token.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { dataOf, openSse, type SseStream } from '../../helpers/sse.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { gridsOf, pointInGrid, type GridPoint } from '../components/points.ts';

const FIELDS = ['at', 'channel', 'code', 'from_status', 'grid_id', 'id', 'lat', 'lon', 'status', 'street_id', 'subgrid_id', 'type', 'type_code'];
const PHONE = '13912345678';
const report = (p: { lon: number; lat: number }, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
  properties: { channel: 'hotline_12345', type_code: '01010101', description: '小区门口垃圾堆积，气味难闻', reporter_name: '王秀英', reporter_phone: PHONE, ...extra },
});
const waitUntil = async (test: () => boolean, timeoutMs = 3_000) => {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe(`live feed GET /api/events (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const tokens: Record<string, string> = {};
  let chiefGrid: number;
  let inside: GridPoint;
  let outside: GridPoint;
  const streams: SseStream[] = [];
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    // Reports repeat one type at one point: no duplicate linking here (tested in case-flow).
    app = await startApp(db, { feedHeartbeatMs: 300, feedImportCap: 2, duplicateRadiusM: 0 });
    for (const u of ['admin', 'command', 'officer', 'chief01', 'public']) tokens[u] = await app.login(u);
    const grids = await gridsOf(db, 'chief01');
    chiefGrid = grids[0]!;
    inside = await pointInGrid(db, chiefGrid);
    const other = (await db.query<{ id: number }>('select min(id) as id from grids where not (id = any($1))', [grids])).rows[0]!.id;
    outside = await pointInGrid(db, other);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await app?.close();
    await db?.dispose();
  });

  /** Opens a stream and waits for its opening lines (so it is subscribed). */
  const open = async (who: string, opts: { header?: boolean; lastEventId?: string; query?: string } = {}) => {
    const headers: Record<string, string> = {};
    let q = opts.query ?? '';
    if (opts.header) headers.authorization = `Bearer ${tokens[who]}`;
    else q += `${q ? '&' : '?'}access_token=${encodeURIComponent(tokens[who]!)}`;
    if (opts.lastEventId) headers['last-event-id'] = opts.lastEventId;
    const s = await openSse(`${app.url}/api/events${q}`, headers);
    streams.push(s);
    expect(s.status, s.raw()).toBe(200);
    await s.comment((c) => c.startsWith('gridcity live feed'));
    return s;
  };
  const post = async (p: { lon: number; lat: number }, token = tokens.officer) => {
    const r = await app.request('POST', '/api/cases', { token, body: report(p) });
    expect(r.status, await r.clone().text()).toBe(201);
    return Number(((await r.json()) as { id: number }).id);
  };
  const caseEvent = (s: SseStream, id: number, type = 'case.created') => s.next((m) => m.event === type && dataOf(m).id === id);

  it('delivers a new case to a reader within a second of the write, with only non-personal fields', async () => {
    const s = await open('command', { header: true });
    expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(s.headers.get('cache-control')).toMatch(/no-cache/);
    expect(s.headers.get('content-encoding')).toBeNull();
    expect(s.retry).toBe(3000);
    await caseEvent(s, await post(inside)); // warm-up: the first write plans its queries
    const delivery: number[] = [];
    const afterAnswer: number[] = [];
    const roundTrip: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const id = await post(inside);
      const answered = performance.now();
      const m = await caseEvent(s, id);
      // The server runs in this process: its clock is ours. `at` is stamped in the writing
      // transaction just before its commit.
      delivery.push(Date.now() - (performance.now() - m.at) - Date.parse(String(dataOf(m).at)));
      afterAnswer.push(m.at - answered);
      roundTrip.push(m.at - t0);
    }
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
    console.log(`[feed latency ${BACKEND}] write (commit) → SSE reader: ${fmt(delivery)} ms; `
      + `POST answered → event (negative: the event came first): ${fmt(afterAnswer)} ms; POST sent → event: ${fmt(roundTrip)} ms`);
    for (const l of delivery) expect(l).toBeLessThan(1000);
    for (const l of afterAnswer) expect(l).toBeLessThan(1000);

    const m = s.messages.at(-1)!;
    const e = dataOf(m);
    expect(Object.keys(e).sort()).toEqual(FIELDS);
    expect(m.id).toMatch(/^\d+-\d+$/);
    expect(e).toMatchObject({ type: 'case.created', status: 'reported', channel: 'hotline_12345', type_code: '01010101', grid_id: chiefGrid, from_status: null });
    expect(e.lon).toBeCloseTo(inside.lon, 5);
    expect(s.raw()).not.toContain(PHONE);
    expect(s.raw()).not.toContain('王秀英');
    expect(s.raw()).not.toContain('垃圾堆积');
    expect(new Set(s.messages.map((x) => x.id)).size).toBe(s.messages.length);
  });

  it('shows a grid chief only the events of their grids, the command centre all of them', async () => {
    const command = await open('command');
    const chief = await open('chief01');
    const first = await post(outside);
    const refused = await app.request('POST', '/api/cases', { token: tokens.officer, body: report(inside, { type_code: '99999999' }) });
    expect(refused.status).toBe(422);
    const second = await post(inside, tokens.chief01);
    // Updates travel too.
    const etag = (await app.get(`/api/cases/${second}`, { token: tokens.officer })).headers.get('etag')!;
    const patched = await app.request('PATCH', `/api/cases/${second}`, { token: tokens.officer, body: { type: 'Feature', properties: { address: '建设路12号' } }, headers: { 'if-match': etag } });
    expect(patched.status, await patched.clone().text()).toBe(200);
    await caseEvent(command, first);
    await caseEvent(command, second);
    await caseEvent(command, second, 'case.updated');
    await caseEvent(chief, second);
    await caseEvent(chief, second, 'case.updated');
    // Events arrive in commit order: had the chief been sent the first case, it would be here by now.
    expect(chief.messages.map((m) => dataOf(m).id)).not.toContain(first);
    for (const m of chief.messages) expect(dataOf(m).grid_id === chiefGrid || m.event === 'cases.imported').toBe(true);
    // The rolled-back write sent nothing: the command centre saw exactly the committed ones.
    const ids = command.messages.map((m) => `${m.event}:${dataOf(m).id}`);
    expect(ids).toEqual([`case.created:${first}`, `case.created:${second}`, `case.updated:${second}`]);
  });

  it('replays what a reconnecting client missed after its Last-Event-ID (header or query), and says reset when it cannot', async () => {
    const s = await open('command');
    const a = await post(inside);
    const seen = await caseEvent(s, a);
    s.close();
    const b = await post(outside);
    const c = await post(inside);
    const again = await open('command', { header: true, lastEventId: seen.id! });
    await caseEvent(again, c);
    expect(again.messages.map((m) => dataOf(m).id)).toEqual([b, c]);
    const byQuery = await open('command', { query: `?last_event_id=${seen.id}` });
    await caseEvent(byQuery, c);
    expect(byQuery.messages.map((m) => dataOf(m).id)).toEqual([b, c]);
    const chief = await open('chief01', { lastEventId: seen.id! });
    await caseEvent(chief, c);
    expect(chief.messages.map((m) => dataOf(m).id)).toEqual([c]);
    const lost = await open('command', { lastEventId: '1-1' });
    const reset = await lost.next((m) => m.event === 'reset');
    expect(reset.id).toBeUndefined();
    expect(dataOf(reset).reason).toBe('missed');
    const bad = await openSse(`${app.url}/api/events`, { authorization: `Bearer ${tokens.command}`, 'last-event-id': 'not an id' });
    expect(bad.status).toBe(400);
    const badQuery = await openSse(`${app.url}/api/events?last_event_id=${'9'.repeat(80)}`, { authorization: `Bearer ${tokens.command}` });
    expect(badQuery.status).toBe(400);
  });

  it('turns a bulk import past the cap into one summary event, cut to the chief\'s grids', async () => {
    const command = await open('command');
    const chief = await open('chief01');
    const at = (p: { lon: number; lat: number }, i: number) => ({ lon: p.lon + i * 0.00001, lat: p.lat });
    const features = [inside, outside, inside, outside, inside].map((p, i) => report(at(p, i), { description: `批量导入测试${i}` }));
    const r = await app.request('POST', '/api/imports/cases', { token: tokens.officer, body: JSON.stringify({ type: 'FeatureCollection', features }), headers: { 'content-type': 'application/geo+json' } });
    expect(r.status, await r.clone().text()).toBe(201);
    const summary = await command.next((m) => m.event === 'cases.imported');
    const created = command.messages.filter((m) => m.event === 'case.created');
    expect(created).toHaveLength(2);
    expect(dataOf(summary)).toMatchObject({ count: 3, by_grid: expect.arrayContaining([{ grid_id: chiefGrid, count: 2 }, { grid_id: outside.grid, count: 1 }]) });
    const mine = await chief.next((m) => m.event === 'cases.imported');
    expect(dataOf(mine)).toMatchObject({ count: 2, by_grid: [{ grid_id: chiefGrid, count: 2 }] });
    expect(chief.messages.filter((m) => m.event === 'case.created').map((m) => dataOf(m).grid_id)).toEqual([chiefGrid]);
  });

  it('sends heartbeat comments', async () => {
    const s = await open('officer');
    await s.comment((c) => c.startsWith('ping'), 3_000);
  });

  it('ends the stream with an expired event when the token runs out', async () => {
    const keys = app.app.deps.keys;
    const user = (await db.query<{ id: number }>(`select id from app_users where username = 'command'`)).rows[0]!.id;
    const { token } = await signToken({ ...keys, ttlS: 2 }, user, 'command');
    const s = await openSse(`${app.url}/api/events?access_token=${token}`);
    expect(s.status).toBe(200);
    const expired = await s.next((m) => m.event === 'expired', 5_000);
    expect(dataOf(expired).reason).toBe('token');
    await s.ended;
    const again = await openSse(`${app.url}/api/events?access_token=${token}`);
    expect(again.status).toBe(401);
  });

  it('leaves no listener behind when streams close', async () => {
    for (const s of streams) s.close();
    const feed = app.app.deps.feed;
    await waitUntil(() => feed.subscribers === 0);
    const opened = await Promise.all([open('command'), open('chief01'), open('admin', { header: true })]);
    expect(feed.subscribers).toBe(3);
    for (const s of opened) s.close();
    await waitUntil(() => feed.subscribers === 0);
    await Promise.all(opened.map((s) => s.ended));
    expect(feed.subscribers).toBe(0);
  });

  it('refuses the public, no token, a bad token, and the query token on other routes', async () => {
    const cases: [string, Record<string, string>, number, RegExp][] = [
      ['/api/events', {}, 401, /sign in/],
      [`/api/events?access_token=${tokens.public}`, {}, 403, /public role may not/],
      ['/api/events', { authorization: `Bearer ${tokens.public}` }, 403, /public role may not/],
      ['/api/events?access_token=not.a.token', {}, 401, /token is not valid/],
      [`/api/events?access_token=${tokens.command!.slice(0, -3)}abc`, {}, 401, /token is not valid/],
      ['/api/events', { authorization: 'Bearer garbage' }, 401, /token is not valid/],
      ['/api/events', { authorization: 'Basic abc' }, 401, /Bearer/],
      [`/api/events?access_token=${tokens.command}&access_token=${tokens.command}`, {}, 401, /access_token once/],
      [`/api/events?access_token=${tokens.command}&since=1`, {}, 400, /unknown query parameter "since"/],
      // Only the feed takes the token from the query: elsewhere it is no sign-in.
      [`/api/cases?access_token=${tokens.command}`, {}, 401, /sign in/],
    ];
    for (const [path, headers, status, message] of cases) {
      const r = await app.get(path, { headers });
      expect(r.status, path).toBe(status);
      expect(r.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect((await r.json()).error.message, path).toMatch(message);
    }
    expect(app.app.deps.feed.subscribers).toBe(0);
  });

  it('ends the stream when the account is disabled, and refuses streams past FEED_MAX_CLIENTS', async () => {
    const s = await open('admin');
    await db.query(`update app_users set active = false where username = 'admin'`);
    try {
      const expired = await s.next((m) => m.event === 'expired', 5_000);
      expect(dataOf(expired).reason).toBe('account');
      await s.ended;
    } finally {
      await db.query(`update app_users set active = true where username = 'admin'`);
    }
    // A second app on the same store, serving one stream at most.
    const small = await startApp(db, { feedMaxClients: 1 });
    try {
      const token = await small.login('command');
      const first = await openSse(`${small.url}/api/events?access_token=${token}`);
      expect(first.status).toBe(200);
      const second = await openSse(`${small.url}/api/events?access_token=${token}`);
      expect(second.status).toBe(503);
      expect(second.headers.get('retry-after')).toBe('10');
      first.close();
      await waitUntil(() => small.app.deps.feed.subscribers === 0);
      const third = await openSse(`${small.url}/api/events?access_token=${token}`);
      expect(third.status).toBe(200);
      third.close();
    } finally {
      await small.close();
    }
  });

  it.runIf(BACKEND === 'server')('hears events again after its listening connection is killed, and tells readers to reload', async () => {
    const feed = app.app.deps.feed;
    const listener = feed.pgListener!;
    expect(feed.transport).toBe('notify');
    const s = await open('command');
    const before = listener.connects;
    await db.query('select pg_terminate_backend($1)', [listener.pid]);
    const reset = await s.next((m) => m.event === 'reset', 10_000);
    expect(dataOf(reset).reason).toBe('gap');
    expect(listener.connects).toBe(before + 1);
    const id = await post(inside);
    await caseEvent(s, id);
  });
});

