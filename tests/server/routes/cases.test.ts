// The case API: lists with filters and paging, one case with its deadlines and
// version, registration with derived code, units, street and 30-minute response
// deadline, edits with If-Match, every role allowed and refused, and refusals of bad
// input with reasons.
import type { Feature, FeatureCollection, Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caseCodeDay } from '../../../server/cases/rules.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { gridsOf, pointInGrid, unitsByGeometry, type GridPoint } from '../components/points.ts';

type Collection = FeatureCollection<Point> & { numberMatched: number; numberReturned: number; links: { rel: string; href: string }[] };

const LEAF = '01010101';
const feature = (p: { lon: number; lat: number }, properties: Record<string, unknown>) => ({
  type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties,
});
const report = (extra: Record<string, unknown> = {}) => ({ channel: 'hotline_12345', type_code: LEAF, description: '井盖缺失，存在安全隐患', ...extra });

describe(`case API (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const tokens: Record<string, string> = {};
  let chiefGrid: number;
  let inside: GridPoint;
  let outside: GridPoint;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    for (const u of ['admin', 'planner', 'command', 'officer', 'chief01', 'public']) tokens[u] = await app.login(u);
    chiefGrid = (await gridsOf(db, 'chief01'))[0]!;
    inside = await pointInGrid(db, chiefGrid);
    outside = await pointInGrid(db, chiefGrid === 1 ? 2 : 1);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const count = async (where: string, params: unknown[] = []) =>
    (await db.query<{ n: number }>(`select count(*)::int as n from cases c where ${where}`, params)).rows[0]!.n;
  const list = async (query: string, token = tokens.command) => {
    const r = await app.get(`/api/cases${query}`, { token });
    expect(r.status, await r.clone().text()).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    return (await r.json()) as Collection;
  };

  it('lists a page with numberMatched and a cursor that walks through every match once', async () => {
    const first = await list('?status=reported,verified&limit=1000');
    const total = await count(`status in ('reported', 'verified')`);
    expect(first.numberMatched).toBe(total);
    const seen = new Set(first.features.map((f) => f.id));
    let next = first.links.find((l) => l.rel === 'next')?.href;
    while (next) {
      const page = (await (await app.get(next, { token: tokens.command })).json()) as Collection;
      for (const f of page.features) seen.add(f.id);
      next = page.links.find((l) => l.rel === 'next')?.href;
    }
    expect(seen.size).toBe(total);
    const p = first.features[0]!.properties!;
    expect(p.code).toMatch(/^\d{14}$/);
    expect(p.reported_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(typeof p.overdue).toBe('boolean');
    const def = await list('');
    expect(def.numberReturned).toBe(100);
  });

  it('filters by type or category, channel, report time, grid and bbox', async () => {
    const cat = await list('?type=0101&limit=1000');
    expect(cat.numberMatched).toBe(await count(`type_code like '0101%'`));
    expect(cat.features.every((f) => String(f.properties!.type_code).startsWith('0101'))).toBe(true);
    const ch = await list('?channel=wechat&from=2026-06-01&to=2026-06-30&limit=1000');
    expect(ch.numberMatched).toBe(await count(`channel = 'wechat' and reported_at >= '2026-06-01T00:00:00+08:00' and reported_at < '2026-07-01T00:00:00+08:00'`));
    expect(ch.numberMatched).toBeGreaterThan(0);
    const exact = await list('?from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z&limit=1000');
    for (const f of exact.features) expect(f.properties!.reported_at >= '2026-06-01' && f.properties!.reported_at < '2026-06-02').toBe(true);
    const grid = await list(`?grid=${chiefGrid}&limit=10`);
    expect(grid.numberMatched).toBe(await count('grid_id = $1', [chiefGrid]));
    const bbox = [inside.lon - 0.005, inside.lat - 0.005, inside.lon + 0.005, inside.lat + 0.005];
    const box = await list(`?bbox=${bbox.join(',')}&limit=1000`);
    expect(box.numberMatched).toBe(await count('c.geom && st_makeenvelope($1, $2, $3, $4, 4326)', bbox));
  });

  it('refuses bad queries with the parameter named', async () => {
    const cases: [string, RegExp][] = [
      ['?status=open', /status has "open"; allowed: reported, verified/],
      ['?type=abc', /type must match/],
      ['?from=yesterday', /from must be a date \(YYYY-MM-DD\) or an ISO date-time with a time zone/],
      ['?from=2026-06-01T00:00:00', /from must be a date/],
      ['?from=2026-06-02&to=2026-06-01', /to must be after from/],
      ['?bbox=3,3,1,1', /bbox must have its minimum before its maximum/],
      ['?limit=0', /limit must be >= 1/],
      ['?after=-1', /after must be >= 0/],
      ['?sort=code', /unknown query parameter "sort"/],
    ];
    for (const [q, message] of cases) {
      const r = await app.get(`/api/cases${q}`, { token: tokens.admin });
      expect(r.status, q).toBe(400);
      expect((await r.json()).error.message, q).toMatch(message);
    }
  });

  it('shows a grid chief only the cases of their grid; the public none', async () => {
    const mine = await list('?limit=1000', tokens.chief01);
    expect(mine.numberMatched).toBe(await count('grid_id = $1', [chiefGrid]));
    expect(mine.features.every((f) => f.properties!.grid_id === chiefGrid)).toBe(true);
    const other = await db.query<{ id: string }>('select id from cases where grid_id <> $1 limit 1', [chiefGrid]);
    expect((await app.get(`/api/cases/${other.rows[0]!.id}`, { token: tokens.chief01 })).status).toBe(404);
    const one = await app.get(`/api/cases/${other.rows[0]!.id}`, { token: tokens.planner });
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toMatch(/^"v\d+"$/);
    expect((await app.get('/api/cases')).status).toBe(401);
    expect((await app.get('/api/cases', { token: tokens.public })).status).toBe(403);
    expect((await app.get('/api/cases/1', { token: tokens.public })).status).toBe(403);
  });

  it('registers a case: code of the report day, units, street, 30-minute response deadline, first event', async () => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const r = await app.request('POST', '/api/cases', {
      token: tokens.officer,
      body: feature(inside, report({ reported_at: at, address: '测试路1号', reporter_name: '张三', reporter_phone: '138 0000 0000' })),
    });
    expect(r.status, await r.clone().text()).toBe(201);
    expect(r.headers.get('etag')).toBe('"v1"');
    const f = (await r.json()) as Feature<Point>;
    expect(r.headers.get('location')).toBe(`/api/cases/${f.id}`);
    const truth = await unitsByGeometry(db, inside.lon, inside.lat);
    expect(f.properties).toMatchObject({
      status: 'reported', channel: 'hotline_12345', type_code: LEAF, address: '测试路1号', reporter_phone: '138 0000 0000',
      grid_id: truth.grid, subgrid_id: truth.subgrid, block_id: truth.block, version: 1, overdue: true,
      handle_due: null, close_due: null, responded_at: null,
    });
    expect(f.properties!.code.slice(0, 8)).toBe(caseCodeDay(Date.parse(at)));
    expect(Date.parse(f.properties!.respond_due) - Date.parse(f.properties!.reported_at)).toBe(30 * 60_000);
    expect(Date.parse(f.properties!.reported_at)).toBe(Date.parse(at));
    const street = await db.query<{ street: number }>('select c.parent_id as street from grids g join admin_areas c on c.id = g.community_id where g.id = $1', [truth.grid]);
    expect(f.properties!.street_id).toBe(street.rows[0]!.street);
    const events = await db.query('select actor, from_status, to_status, note from case_events where case_id = $1', [f.id]);
    expect(events.rows).toEqual([{ actor: 'channel:hotline_12345', from_status: null, to_status: 'reported', note: 'recorded by officer' }]);
    // Without reported_at: now, and not yet overdue; the next code of the day.
    const now = (await (await app.request('POST', '/api/cases', { token: tokens.admin, body: feature(inside, report()) })).json()) as Feature;
    expect(Math.abs(Date.parse(now.properties!.reported_at) - Date.now())).toBeLessThan(60_000);
    expect(now.properties!.overdue).toBe(false);
    const day = now.properties!.code.slice(0, 8);
    const max = await db.query<{ code: string }>(`select max(code) as code from cases where code like $1 || '%' and id <> $2`, [day, now.id]);
    // The first case of the day (just after midnight, China time) starts the sequence at 1.
    expect(Number(now.properties!.code.slice(8))).toBe(Number(max.rows[0]!.code?.slice(8) ?? 0) + 1);
  });

  it('gives 24 cases posted at once 24 distinct codes of their day, past codes written without the counter', async () => {
    const day = caseCodeDay(Date.now());
    // A case of today written straight into the table (as the seed or an older server does), above every code so far.
    const top = await db.query<{ code: string | null }>(`select max(code) as code from cases where code like $1 || '%'`, [day]);
    const planted = `${day}${String(Number(top.rows[0]!.code?.slice(8) ?? 0) + 500).padStart(6, '0')}`;
    await db.query(
      `insert into cases (code, channel, type_code, description, geom, h3, status, reported_at, respond_due)
       select $1, 'hotline_12345', $2, 'planted', st_setsrid(st_makepoint($3, $4), 4326), h3, 'closed', now(), now() from cases limit 1`,
      [planted, LEAF, inside.lon, inside.lat],
    );
    const who = ['admin', 'officer', 'chief01'];
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) =>
      app.request('POST', '/api/cases', { token: tokens[who[i % who.length]!], body: feature(inside, report({ description: `同时上报 ${i}` })) })));
    const codes: string[] = [];
    for (const r of answers) {
      expect(r.status, await r.clone().text()).toBe(201);
      codes.push(((await r.json()) as Feature).properties!.code as string);
    }
    expect(new Set(codes).size).toBe(24);
    for (const c of codes) {
      expect(c).toMatch(/^\d{14}$/);
      expect(c.slice(0, 8)).toBe(day);
      expect(c > planted, `${c} after ${planted}`).toBe(true);
    }
    const stored = await db.query<{ n: number; distinct: number }>(
      `select count(*)::int as n, count(distinct code)::int as distinct from cases where description like '同时上报 %'`);
    expect(stored.rows[0]).toEqual({ n: 24, distinct: 24 });
    // A refused case leaves its code unused; the next one still gets a fresh code.
    const refused = await app.request('POST', '/api/cases', { token: tokens.chief01, body: feature(outside, report()) });
    expect(refused.status).toBe(403);
    const next = (await (await app.request('POST', '/api/cases', { token: tokens.officer, body: feature(inside, report()) })).json()) as Feature;
    expect(next.properties!.code > codes.sort().at(-1)!).toBe(true);
  });

  it('refuses bad points, unknown fields and codes that are not leaf types, with the field named', async () => {
    const component = await db.query<{ id: string }>('select id from components where grid_id <> $1 limit 1', [chiefGrid]);
    const cases: [unknown, number, string, RegExp, string?][] = [
      [feature({ lon: 200, lat: 27 }, report()), 422, 'invalid_geometry', /^geometry\.coordinates: longitude 200 is outside -180\.\.180/],
      [{ ...feature(inside, report()), geometry: { type: 'Point', coordinates: [Number.MAX_VALUE, 27] } }, 422, 'invalid_geometry', /longitude .* is outside/],
      [{ ...feature(inside, report()), geometry: null }, 422, 'invalid_geometry', /expected a GeoJSON geometry object, got null/],
      [feature(inside, report({ status: 'closed' })), 422, 'invalid_body', /unknown field "status"/],
      [feature(inside, report({ code: '20260101000001' })), 422, 'invalid_body', /unknown field "code"/],
      [feature(inside, report({ type_code: '0101' })), 422, 'invalid_reference', /^type_code 0101 is not a leaf case type \(it is a level-2 category; use a level-4 type such as 0101\d{4}\)/, 'properties.type_code'],
      [feature(inside, report({ type_code: '99999999' })), 422, 'invalid_reference', /type_code 99999999 is not a case type/, 'properties.type_code'],
      [feature(inside, report({ channel: 'carrier_pigeon' })), 422, 'invalid_reference', /channel carrier_pigeon is not an intake channel/, 'properties.channel'],
      [feature(inside, report({ component_id: 99999999 })), 422, 'invalid_reference', /component_id 99999999 is not a component you can see/, 'properties.component_id'],
      [feature(inside, report({ reported_at: '2099-01-01T00:00:00Z' })), 422, 'invalid_reference', /reported_at 2099-01-01T00:00:00Z is in the future/, 'properties.reported_at'],
      [feature(inside, report({ reported_at: 'yesterday' })), 422, 'invalid_body', /reported_at must match format "date-time"/],
      [feature(inside, report({ description: '' })), 422, 'invalid_body', /description must NOT have fewer than 1 characters/],
      [feature(inside, { channel: 'wechat', type_code: LEAF }), 422, 'invalid_body', /"description" is required/],
    ];
    for (const [body, status, code, message, field] of cases) {
      const r = await app.request('POST', '/api/cases', { token: tokens.admin, body });
      const e = (await r.json()).error;
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(e.code, JSON.stringify(body)).toBe(code);
      expect(e.message, JSON.stringify(body)).toMatch(message);
      if (field) expect(e.details.field).toBe(field);
    }
    // A component outside a grid chief's grid is invisible to them.
    const chiefRef = await app.request('POST', '/api/cases', { token: tokens.chief01, body: feature(inside, report({ component_id: Number(component.rows[0]!.id) })) });
    expect(chiefRef.status).toBe(422);
    expect(await count(`description = '' or type_code = '0101' or channel = 'carrier_pigeon'`)).toBe(0);
  });

  it('lets admin, officer and a grid chief (in their grid) register; refuses planner, command, public and the chief elsewhere', async () => {
    expect((await app.request('POST', '/api/cases', { token: tokens.admin, body: feature(outside, report()) })).status).toBe(201);
    expect((await app.request('POST', '/api/cases', { token: tokens.chief01, body: feature(inside, report()) })).status).toBe(201);
    for (const role of ['planner', 'command', 'public']) {
      const r = await app.request('POST', '/api/cases', { token: tokens[role], body: feature(inside, report()) });
      expect(r.status, role).toBe(403);
    }
    expect((await app.request('POST', '/api/cases', { body: feature(inside, report()) })).status).toBe(401);
    const before = await count('true');
    const r = await app.request('POST', '/api/cases', { token: tokens.chief01, body: feature(outside, report()) });
    expect(r.status).toBe(403);
    const e = (await r.json()).error;
    expect(e.code).toBe('outside_scope');
    expect(e.message).toBe(`the case at ${outside.lon}, ${outside.lat} lies outside your grid (${chiefGrid}); a grid chief records cases only in their own grid`);
    expect(await count('true')).toBe(before);
  });

  it('corrects registration data with the version read, re-locates a moved case, and logs each edit', async () => {
    const created = (await (await app.request('POST', '/api/cases', { token: tokens.admin, body: feature(inside, report({ reporter_phone: '13800001111' })) })).json()) as Feature;
    const url = `/api/cases/${created.id}`;
    const patch = (body: unknown, ifMatch?: string, token = tokens.admin) =>
      app.request('PATCH', url, { token, body, headers: ifMatch ? { 'if-match': ifMatch } : {} });
    expect((await patch({ type: 'Feature', properties: { address: 'x' } })).status).toBe(428);
    expect((await patch({ type: 'Feature', properties: { address: 'x' } }, 'v1')).status).toBe(400);
    const ok = await patch({ type: 'Feature', properties: { address: '新地址', reporter_phone: null, type_code: '01010102' } }, '"v1"');
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(ok.headers.get('etag')).toBe('"v2"');
    expect(((await ok.json()) as Feature).properties).toMatchObject({ address: '新地址', reporter_phone: null, type_code: '01010102', version: 2 });
    expect((await patch({ type: 'Feature', properties: { address: 'y' } }, '"v1"')).status).toBe(412);
    const leaf = await patch({ type: 'Feature', properties: { type_code: '010101' } }, '"v2"');
    expect(leaf.status).toBe(422);
    expect((await leaf.json()).error.message).toMatch(/type_code 010101 is not a leaf case type/);
    const status = await patch({ type: 'Feature', properties: { status: 'closed' } }, '"v2"');
    expect(status.status).toBe(422);
    const moved = await patch({ type: 'Feature', geometry: { type: 'Point', coordinates: [outside.lon, outside.lat] }, properties: {} }, '"v2"');
    expect(moved.status).toBe(200);
    const truth = await unitsByGeometry(db, outside.lon, outside.lat);
    expect(((await moved.json()) as Feature).properties).toMatchObject({ grid_id: truth.grid, subgrid_id: truth.subgrid, block_id: truth.block, version: 3 });
    // The case's log says what each edit changed; the reporter's phone only that it did.
    const events = (await (await app.request('GET', `${url}/events`, { token: tokens.admin })).json()) as { action: string; actor: string; from_status: string; to_status: string; data: Record<string, unknown> }[];
    const edits = events.filter((e) => e.action === 'edit');
    expect(edits).toHaveLength(2);
    const createdStatus = (created.properties as { status: string }).status;
    expect(edits[0]).toMatchObject({ actor: 'user:admin', from_status: createdStatus, to_status: createdStatus });
    expect(edits[0]!.data).toEqual({ fields: { address: { from: (created.properties as { address: string | null }).address ?? null, to: '新地址' }, reporter_phone: {}, type_code: { from: report().type_code, to: '01010102' } } });
    expect(JSON.stringify(events)).not.toContain('13800001111');
    expect(edits[1]!.data).toMatchObject({ fields: {}, moved: { from: { grid_id: (created.properties as { grid_id: number }).grid_id }, to: { lon: outside.lon, lat: outside.lat, grid_id: truth.grid, subgrid_id: truth.subgrid, block_id: truth.block } } });
    expect((await patch({ type: 'Feature', properties: { address: 'z' } }, '"v3"', tokens.command)).status).toBe(403);
    // Now outside the chief's grid: invisible to them.
    expect((await patch({ type: 'Feature', properties: { address: 'z' } }, '"v3"', tokens.chief01)).status).toBe(404);
  });

  it('keeps a grid chief from moving a case out of their grid', async () => {
    const created = (await (await app.request('POST', '/api/cases', { token: tokens.chief01, body: feature(inside, report()) })).json()) as Feature;
    const r = await app.request('PATCH', `/api/cases/${created.id}`, {
      token: tokens.chief01, body: { type: 'Feature', geometry: { type: 'Point', coordinates: [outside.lon, outside.lat] }, properties: {} }, headers: { 'if-match': '"v1"' },
    });
    expect(r.status).toBe(403);
    expect((await r.json()).error.code).toBe('outside_scope');
    const row = await db.query<{ grid_id: number; version: number }>('select grid_id, version from cases where id = $1', [created.id]);
    expect(row.rows[0]).toEqual({ grid_id: chiefGrid, version: 1 });
  });
});
