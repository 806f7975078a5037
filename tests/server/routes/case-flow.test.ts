// The case loop through the API on both backends: routing on arrival (grid, seat,
// person; the street office's queue outside every grid; duplicates linked), the whole
// loop step by step with its event log, the side paths, refusals with the open steps,
// grid chiefs kept to their grids, the due desk, whistles with their timing, and the
// calendar and deadline rules that are data.
import type { Feature, Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCalendar, loadDeadlineRules, ruleFor, workDeadlines } from '../../../server/cases/deadlines.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { dataOf, openSse } from '../../helpers/sse.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { gridsOf, pointInGrid, unitsByGeometry, type GridPoint } from '../components/points.ts';

type CaseFeature = Feature<Point, Record<string, unknown>>;

const LAMP = '03040101'; // a dark street lamp: dispatch route, the lighting seat
const LITTER = '01010101'; // exposed litter: self-handled by sanitation

describe(`case loop API (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const tokens: Record<string, string> = {};
  let chiefGrid: number;
  let inChief: GridPoint;
  let elsewhere: GridPoint;
  let offset = 0;
  let linking: TestServer;

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    // Reports in these tests repeat types close together: duplicate linking is tested on its own server.
    app = await startApp(db, { duplicateRadiusM: 0 });
    for (const u of ['admin', 'command', 'officer', 'chief01', 'planner']) tokens[u] = await app.login(u);
    chiefGrid = (await gridsOf(db, 'chief01'))[0]!;
    inChief = await pointInGrid(db, chiefGrid);
    elsewhere = await pointInGrid(db, chiefGrid === 1 ? 2 : 1);
  });
  afterAll(async () => {
    await linking?.close();
    await app?.close();
    await db?.dispose();
  });

  /** A new case near `p` (spread a little east so that the map shows them apart). */
  const report = async (p: GridPoint | { lon: number; lat: number }, type = LAMP, token = tokens.officer, shift = true, server = app) => {
    const lon = p.lon + (shift ? (offset++ % 5) * 0.0001 : 0);
    const r = await server.request('POST', '/api/cases', {
      token, body: { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, p.lat] }, properties: { channel: 'hotline_12345', type_code: type, description: '路灯不亮' } },
    });
    expect(r.status, await r.clone().text()).toBe(201);
    return (await r.json()) as CaseFeature;
  };
  const step = (id: unknown, body: Record<string, unknown>, token = tokens.officer, headers: Record<string, string> = {}) =>
    app.request('POST', `/api/cases/${id}/transitions`, { token, body, headers });
  const ok = async (id: unknown, body: Record<string, unknown>, token = tokens.officer) => {
    const r = await step(id, body, token);
    expect(r.status, await r.clone().text()).toBe(200);
    return (await r.json()) as { event: number; from: string; to: string; next: { action: string }[]; case: CaseFeature };
  };

  it('routes a new case on arrival: grid, sub-grid and block from the point, the owning seat and its holder', async () => {
    const c = await report(inChief);
    const truth = await unitsByGeometry(db, ...(c.geometry.coordinates as [number, number]));
    const holder = await db.query<{ person_id: number }>(
      `select min(person_id) as person_id from grid_seats where grid_id = $1 and seat_kind = 'spec_lighting'`, [truth.grid],
    );
    expect(c.properties).toMatchObject({
      status: 'reported', grid_id: truth.grid, subgrid_id: truth.subgrid, block_id: truth.block,
      owner_seat: 'spec_lighting', assignee_id: holder.rows[0]!.person_id, next_due: c.properties.respond_due, overdue: false,
    });
  });

  it('puts a case outside every grid in its street office\'s queue, with no assignee', async () => {
    const out = await db.query<{ lon: number; lat: number; street: number }>(
      `select st_x(p) as lon, st_y(p) as lat, s.id as street
         from (select st_setsrid(st_makepoint(st_xmax(st_extent(geom)) + 0.003, (st_ymin(st_extent(geom)) + st_ymax(st_extent(geom))) / 2), 4326) as p from grids) x
         cross join lateral (select id from admin_areas where level = 'street' order by geom <-> x.p, id limit 1) s`,
    );
    const p = out.rows[0]!;
    const c = await report({ lon: p.lon, lat: p.lat }, LAMP, tokens.officer, false);
    expect(c.properties).toMatchObject({ grid_id: null, assignee_id: null, street_id: p.street });
    const queue = await (await app.get(`/api/cases?queue=true&street=${p.street}`, { token: tokens.command })).json();
    expect(queue.features.map((f: CaseFeature) => f.id)).toContain(c.id);
    expect(queue.features.every((f: CaseFeature) => f.properties.grid_id === null)).toBe(true);
  });

  it('links a second report of the same problem to the open case instead of duplicating it', async () => {
    linking = await startApp(db, { duplicateRadiusM: 30, duplicateWindowH: 24 });
    const officer = await linking.login('officer');
    const first = await report(elsewhere, '01020101', officer, false, linking);
    const [lon, lat] = first.geometry.coordinates as [number, number];
    const second = await report({ lon: lon + 0.0001, lat }, '01020101', officer, false, linking); // ~10 m away
    expect(second.properties).toMatchObject({ duplicate_of: first.id, status: 'cancelled' });
    const other = await report({ lon: lon + 0.0001, lat }, '01020102', officer, false, linking); // another type: its own case
    expect(other.properties).toMatchObject({ duplicate_of: null, status: 'reported' });
    const far = await report({ lon: lon + 0.001, lat }, '01020101', officer, false, linking); // ~100 m: its own case
    expect(far.properties.duplicate_of).toBeNull();
    const log = await (await app.get(`/api/cases/${first.id}/events`, { token: tokens.command })).json();
    expect(log.map((e: { action: string }) => e.action)).toEqual(['report', 'duplicate_linked']);
    expect(log[1].data).toMatchObject({ duplicate: second.id, duplicate_code: second.properties.code });
    const dupLog = await (await app.get(`/api/cases/${second.id}/events`, { token: tokens.command })).json();
    expect(dupLog.map((e: { action: string }) => e.action)).toEqual(['report', 'link_duplicate']);
  });

  it('marks a report of a problem that came back after its case was closed: same type, within 50 m, within 30 days', async () => {
    // In May 2020, where the seeded city has no cases: one closed case, then new reports around it.
    const TYPE = '01020101';
    const [lon, lat] = [elsewhere.lon + 0.0007, elsewhere.lat];
    const closed = await db.transaction(async (tx) => {
      await tx.query(`select set_config('app.role', 'system', true)`);
      const r = await tx.query<{ id: string }>(
        `insert into cases (code, channel, type_code, description, geom, h3, grid_id, status, reported_at, respond_due, closed_at)
         select '20200501999901', 'hotline_12345', $1, '重复问题：已结案', st_setsrid(st_makepoint($2, $3), 4326), h3, grid_id, 'closed',
                '2020-05-01T09:00:00+08:00', '2020-05-01T09:30:00+08:00', '2020-05-10T18:00:00+08:00'
           from cases where grid_id is not null limit 1 returning id`,
        [TYPE, lon, lat],
      );
      return Number(r.rows[0]!.id);
    });
    const at = async (dLon: number, reported: string, type = TYPE) => {
      const r = await app.request('POST', '/api/cases', {
        token: tokens.officer,
        body: { type: 'Feature', geometry: { type: 'Point', coordinates: [lon + dLon, lat] }, properties: { channel: 'wechat', type_code: type, description: '又出现了', reported_at: reported } },
      });
      expect(r.status, await r.clone().text()).toBe(201);
      return ((await r.json()) as CaseFeature).properties.repeat_of;
    };
    expect(await at(0.0001, '2020-05-20T10:00:00+08:00')).toBe(closed); // ~10 m, 10 days after it was closed
    expect(await at(0.0006, '2020-05-20T10:00:00+08:00')).toBeNull(); // ~60 m
    expect(await at(0.0001, '2020-05-20T10:00:00+08:00', '01020102')).toBeNull(); // another type
    expect(await at(0.0001, '2020-06-12T10:00:00+08:00')).toBeNull(); // 32 days after
    expect(await at(0.0001, '2020-05-08T10:00:00+08:00')).toBeNull(); // before it was closed
  });

  it('runs the whole loop, each step one event with who, when, from and to', async () => {
    const c = await report(inChief);
    const steps: [string, Record<string, unknown>, string, string][] = [
      ['verify', {}, 'reported', 'verified'],
      ['register', {}, 'verified', 'registered'],
      ['dispatch', {}, 'registered', 'dispatched'],
      ['start', { note: '已到场' }, 'dispatched', 'handling'],
      ['feedback', { note: '已更换灯泡', photo_url: 'https://photos.example.cn/lamp-after.jpg' }, 'handling', 'handled'],
      ['check', {}, 'handled', 'checked'],
      ['close', {}, 'checked', 'closed'],
      ['evaluate', { satisfaction: 5 }, 'closed', 'evaluated'],
    ];
    for (const [action, extra, from, to] of steps) {
      const r = await ok(c.id, { action, ...extra }, action === 'start' || action === 'feedback' ? tokens.chief01 : tokens.officer);
      expect([r.from, r.to, r.case.properties.status]).toEqual([from, to, to]);
    }
    const done = (await ok(c.id, { action: 'evaluate', satisfaction: 5 }).catch(() => null)) as null;
    expect(done).toBeNull();
    const f = (await (await app.get(`/api/cases/${c.id}`, { token: tokens.command })).json()) as CaseFeature;
    expect(f.properties).toMatchObject({ route: 'dispatch', department: 'lighting', satisfaction: 5, next_due: null, overdue: false });
    for (const t of ['responded_at', 'registered_at', 'handled_at', 'closed_at', 'handle_due', 'close_due']) expect(f.properties[t], t).not.toBeNull();
    const log = await (await app.get(`/api/cases/${c.id}/events`, { token: tokens.command })).json();
    expect(log.map((e: { action: string }) => e.action)).toEqual(['report', ...steps.map((s) => s[0])]);
    expect(log.slice(1).map((e: { from_status: string; to_status: string }) => [e.from_status, e.to_status])).toEqual(steps.map((s) => [s[2], s[3]]));
    expect(log[4]).toMatchObject({ actor: 'user:chief01', note: '已到场' });
    expect(log[5]).toMatchObject({ photo_url: 'https://photos.example.cn/lamp-after.jpg' });
    const db8 = await db.query<{ n: number }>('select count(*)::int as n from case_events where case_id = $1', [c.id]);
    expect(db8.rows[0]!.n).toBe(steps.length + 1);
  });

  it('refuses an illegal step with 409 naming the open steps, and a step the role may not take with 403', async () => {
    const c = await report(inChief);
    const r = await step(c.id, { action: 'close' });
    expect(r.status).toBe(409);
    const body = await r.json();
    expect(body.error.message).toMatch(/next steps from reported are verify, cancel/);
    expect(body.error.details.allowed.map((s: { action: string }) => s.action)).toEqual(['verify', 'cancel']);
    await ok(c.id, { action: 'verify' }, tokens.chief01);
    const reg = await step(c.id, { action: 'register' }, tokens.chief01);
    expect(reg.status).toBe(403);
    expect((await reg.json()).error.message).toMatch(/admin, officer may/);
    expect((await step(c.id, { action: 'verify' }, tokens.command)).status).toBe(403);
    expect((await step(c.id, { action: 'cancel' })).status).toBe(422); // a cancel says why
    expect((await step(c.id, { action: 'fly' })).status).toBe(422);
    expect((await step(c.id, { action: 'register', extra: 1 })).status).toBe(422);
    const steps = await (await app.get(`/api/cases/${c.id}/transitions`, { token: tokens.chief01 })).json();
    expect(steps).toMatchObject({ status: 'verified', mine: [], all: [{ action: 'cancel' }, { action: 'register' }] });
  });

  it('keeps a grid chief to their own grids\' cases, and a stale If-Match gets 412', async () => {
    const theirs = await report(elsewhere);
    expect((await step(theirs.id, { action: 'verify' }, tokens.chief01)).status).toBe(404);
    expect((await app.get(`/api/cases/${theirs.id}/events`, { token: tokens.chief01 })).status).toBe(404);
    const mine = await report(inChief);
    expect((await step(mine.id, { action: 'verify' }, tokens.chief01, { 'if-match': '"v7"' })).status).toBe(412);
    const r = await step(mine.id, { action: 'verify' }, tokens.chief01, { 'if-match': '"v1"' });
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe('"v2"');
  });

  it('takes the side paths: send back, park and take up, extension requested and approved, rework', async () => {
    const c = await report(inChief);
    await ok(c.id, { action: 'verify' });
    const reg = await ok(c.id, { action: 'register' });
    await ok(c.id, { action: 'dispatch', department: 'municipal_works' });
    const back = await ok(c.id, { action: 'send_back', note: '路灯属路灯所管理' });
    expect(back.case.properties).toMatchObject({ status: 'registered', department: null });
    await ok(c.id, { action: 'dispatch' });
    const parked = await ok(c.id, { action: 'park', note: '待采购灯具' });
    expect(parked.next).toEqual([{ action: 'unpark', to: 'dispatched', roles: ['admin', 'officer'] }]);
    expect(parked.case.properties).toMatchObject({ next_due: null, overdue: false });
    expect((await ok(c.id, { action: 'unpark' })).to).toBe('dispatched');
    const closeDue = Date.parse(reg.case.properties.close_due as string) + 3 * 86_400_000;
    await ok(c.id, { action: 'request_extension', note: '需更换线路', close_due: new Date(closeDue).toISOString() }, tokens.chief01);
    expect((await step(c.id, { action: 'request_extension', note: '再延', close_due: new Date(closeDue + 1e7).toISOString() }, tokens.chief01)).status).toBe(409);
    const approved = await ok(c.id, { action: 'approve_extension', note: '同意' });
    expect(Date.parse(approved.case.properties.close_due as string)).toBe(closeDue);
    expect(approved.case.properties.extension_count).toBe(1);
    const ext = await db.query<{ status: string; decided_by: string }>('select status, decided_by from case_extensions where case_id = $1', [c.id]);
    expect(ext.rows).toEqual([{ status: 'approved', decided_by: 'user:officer' }]);
    await ok(c.id, { action: 'start' }, tokens.chief01);
    await ok(c.id, { action: 'feedback' }, tokens.chief01);
    const rework = await ok(c.id, { action: 'rework', note: '灯仍闪烁' });
    expect(rework.case.properties).toMatchObject({ status: 'handling', rework_count: 1, handled_at: null });
  });

  it('self-handles a self-route case on the spot and lets a grid chief send one to a department', async () => {
    const c = await report(inChief, LITTER, tokens.chief01);
    const r = await ok(c.id, { action: 'self_handle', note: '已清理', photo_url: 'https://photos.example.cn/clean.jpg' }, tokens.chief01);
    expect(r.case.properties).toMatchObject({ status: 'handled', route: 'self' });
    expect(r.case.properties.registered_at).toBe(r.case.properties.handled_at);
    const lamp = await report(inChief, LAMP, tokens.chief01);
    expect((await step(lamp.id, { action: 'self_handle' }, tokens.chief01)).status).toBe(409);
  });

  it('lists the due desk with the most overdue first, and the overdue filter agrees with next_due', async () => {
    const r = await app.get('/api/cases/due?due=overdue&limit=50', { token: tokens.command });
    expect(r.status).toBe(200);
    const page = await r.json();
    const n = await db.query<{ n: number }>(
      `select count(*)::int as n from cases where case_next_due(status, respond_due, handle_due, progress_due, progressed_at, close_due) < now()`,
    );
    expect(page.numberMatched).toBe(n.rows[0]!.n);
    expect(page.numberMatched).toBeGreaterThan(0);
    const dues = page.features.map((f: CaseFeature) => Date.parse(f.properties.next_due as string));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(page.features.every((f: CaseFeature) => f.properties.overdue === true)).toBe(true);
    const list = await (await app.get(`/api/cases?due=overdue&grid=${chiefGrid}&limit=1000`, { token: tokens.chief01 })).json();
    expect(list.features.every((f: CaseFeature) => f.properties.overdue === true && f.properties.grid_id === chiefGrid)).toBe(true);
    const soon = await (await app.get('/api/cases/due?due=soon&within=60', { token: tokens.command })).json();
    const now = Date.now();
    for (const f of soon.features as CaseFeature[]) {
      const due = Date.parse(f.properties.next_due as string);
      expect(due).toBeGreaterThanOrEqual(now - 5000);
      expect(due).toBeLessThanOrEqual(now + 3_600_000 + 5000);
    }
    expect((await app.get('/api/cases/due?due=late', { token: tokens.command })).status).toBe(400);
  });

  it('blows whistles, times the reports, and refuses malformed ones', async () => {
    const c = await report(inChief);
    const blow = await app.request('POST', `/api/cases/${c.id}/whistles`, { token: tokens.chief01, body: { kind: 'community', note: '路灯不亮影响夜间出行，请城管报到' } });
    expect(blow.status, await blow.clone().text()).toBe(201);
    const w = await blow.json();
    expect(w.calls).toHaveLength(1);
    expect(w.calls[0]).toMatchObject({ department: 'lighting', reported_at: null, late: false });
    expect(Date.parse(w.calls[0].due_at) - Date.parse(w.blown_at)).toBe(30 * 60_000);
    const rep = await app.request('POST', `/api/whistles/${w.id}/reports`, { token: tokens.officer, body: { department: 'lighting', note: '已到场' } });
    expect(rep.status, await rep.clone().text()).toBe(200);
    expect((await rep.json()).calls[0]).toMatchObject({ reported_by: 'user:officer', late: false });
    expect((await app.request('POST', `/api/whistles/${w.id}/reports`, { token: tokens.officer, body: { department: 'lighting' } })).status).toBe(409);
    expect((await app.request('POST', `/api/whistles/${w.id}/reports`, { token: tokens.officer, body: { department: 'housing' } })).status).toBe(422);

    const cross = await app.request('POST', `/api/cases/${c.id}/whistles`, { token: tokens.officer, body: { kind: 'cross_department', departments: ['power', 'lighting', 'municipal_works'], note: '线路老化，需多部门会商' } });
    expect(cross.status).toBe(201);
    expect((await cross.json()).calls.map((k: { department: string }) => k.department)).toEqual(['lighting', 'municipal_works', 'power']);
    const bad = [
      { kind: 'cross_department', departments: ['power'], note: 'x' },
      { kind: 'community', departments: ['power', 'lighting'], note: 'x' },
      { kind: 'cross_department', departments: ['power', 'nobody'], note: 'x' },
    ];
    for (const b of bad) expect((await app.request('POST', `/api/cases/${c.id}/whistles`, { token: tokens.officer, body: b })).status).toBe(422);
    expect((await app.request('POST', `/api/cases/${c.id}/whistles`, { token: tokens.command, body: bad[0] })).status).toBe(403);

    const list = await (await app.get(`/api/whistles?case=${c.id}`, { token: tokens.command })).json();
    expect(list.summary).toMatchObject({ whistles: 2, calls: 4, reported: 1, reported_on_time: 1, late: 0 });
    expect(list.whistles.map((x: { kind: string }) => x.kind)).toEqual(['cross_department', 'community']);
    const log = await (await app.get(`/api/cases/${c.id}/events`, { token: tokens.command })).json();
    expect(log.map((e: { action: string }) => e.action)).toEqual(['report', 'whistle', 'whistle_report', 'whistle']);
    const theirs = await report(elsewhere);
    expect((await app.request('POST', `/api/cases/${theirs.id}/whistles`, { token: tokens.chief01, body: { kind: 'community', note: 'x' } })).status).toBe(404);
  });

  it('sends each step and whistle to the live feed, a chief\'s stream only for their grids', async () => {
    const command = await openSse(`${app.url}/api/events`, { authorization: `Bearer ${tokens.command}` });
    const chief = await openSse(`${app.url}/api/events`, { authorization: `Bearer ${tokens.chief01}` });
    try {
      await Promise.all([command, chief].map((s) => s.comment((c) => c.startsWith('gridcity live feed'))));
      const mine = await report(inChief);
      const theirs = await report(elsewhere);
      await ok(mine.id, { action: 'verify' }, tokens.chief01);
      await ok(theirs.id, { action: 'verify' });
      const blow = await app.request('POST', `/api/cases/${mine.id}/whistles`, { token: tokens.chief01, body: { kind: 'community', note: '请报到' } });
      expect(blow.status).toBe(201);
      const step = await chief.next((m) => m.event === 'case.transition' && dataOf(m).id === mine.id);
      expect(dataOf(step)).toMatchObject({ status: 'verified', from_status: 'reported', grid_id: chiefGrid });
      const whistle = await chief.next((m) => m.event === 'whistle.blown');
      expect(dataOf(whistle)).toMatchObject({ case_id: mine.id, grid_id: chiefGrid, code: mine.properties.code });
      await command.next((m) => m.event === 'case.transition' && dataOf(m).id === theirs.id);
      expect(chief.messages.some((m) => dataOf(m).id === theirs.id || dataOf(m).case_id === theirs.id)).toBe(false);
    } finally {
      command.close();
      chief.close();
    }
  });

  it('computes deadlines from the calendar and rules in the database, which an admin edits', async () => {
    const [rules, calendar] = await Promise.all([loadDeadlineRules(db), loadCalendar(db)]);
    expect(calendar.holidays!.has('2026-02-16') && calendar.workdays!.has('2026-02-14')).toBe(true);
    const due = workDeadlines(Date.parse('2026-02-13T10:00:00+08:00'), ruleFor(rules, '03030101', 'simple'), calendar);
    expect(due.handleDue - Date.parse('2026-02-13T10:00:00+08:00')).toBe(4 * 3_600_000); // the manhole override
    const put = await app.request('PUT', `/api/deadline-rules/${LAMP}`, {
      token: tokens.admin, body: { respond_minutes: 30, handle_amount: 2, handle_unit: 'hours', close_amount: 1, close_unit: 'working_days' },
    });
    expect(put.status, await put.clone().text()).toBe(200);
    expect((await app.request('PUT', `/api/deadline-rules/${LAMP}`, { token: tokens.officer, body: {} })).status).toBe(403);
    const c = await report(inChief);
    await ok(c.id, { action: 'verify' });
    const reg = await ok(c.id, { action: 'register' });
    expect(Date.parse(reg.case.properties.handle_due as string) - Date.parse(reg.case.properties.registered_at as string)).toBe(2 * 3_600_000);
    expect((await app.request('PUT', '/api/calendar/2027-02-30', { token: tokens.admin, body: { kind: 'holiday', name: '无' } })).status).toBe(400);
    expect((await app.request('PUT', '/api/calendar/2027-02-11', { token: tokens.admin, body: { kind: 'holiday', name: '春节' } })).status).toBe(200);
    expect((await (await app.get('/api/calendar?year=2027')).json())).toEqual([{ day: '2027-02-11', kind: 'holiday', name: '春节' }]);
    const types = await (await app.get('/api/reference/case-types')).json();
    expect(types.find((t: { code: string }) => t.code === LAMP).deadline_rule).toMatchObject({ handle: '2 hours', from: LAMP });
  });
});
