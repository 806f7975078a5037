// The component API: lists with filters and paging, one feature with its version,
// creation with derived code and units, edits with If-Match, every role allowed and
// refused, and refusals of bad input with reasons.
import type { Feature, FeatureCollection, Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pointCell } from '../../../server/spatial/h3cells.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { gridsOf, pointInGrid, unitsByGeometry, type GridPoint } from '../components/points.ts';

type Collection = FeatureCollection<Point> & { numberMatched: number; numberReturned: number; links: { rel: string; href: string }[] };

const feature = (p: { lon: number; lat: number }, properties: Record<string, unknown>) => ({
  type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties,
});

describe(`component API (${BACKEND})`, () => {
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

  const list = async (query: string, token = tokens.admin) => {
    const r = await app.get(`/api/components${query}`, { token });
    expect(r.status, await r.clone().text()).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    return (await r.json()) as Collection;
  };

  it('lists a page with the count of all that match and a next link that continues after the last id', async () => {
    const first = await list('');
    expect(first).toMatchObject({ type: 'FeatureCollection', numberMatched: 6000, numberReturned: 100 });
    const p = first.features[0]!.properties!;
    expect(p.code).toMatch(/^\d{16}$/);
    expect(p.code.slice(6, 10)).toBe(p.class_code);
    expect(p.h3).toMatch(/^[0-9a-f]{15}$/);
    expect(p).toHaveProperty('version', 1);
    const next = first.links.find((l) => l.rel === 'next')!;
    expect(next.href).toMatch(/after=\d+/);
    const second = (await (await app.get(next.href, { token: tokens.admin })).json()) as Collection;
    expect(Number(second.features[0]!.id)).toBeGreaterThan(Number(first.features[99]!.id));
    const tail = await list('?limit=1000&offset=5500');
    expect(tail.numberReturned).toBe(500);
    expect(tail.links).toEqual([]);
  });

  it('filters by bbox, grid, class or major class, and status', async () => {
    const bbox = [inside.lon - 0.01, inside.lat - 0.01, inside.lon + 0.01, inside.lat + 0.01];
    const inBox = await list(`?bbox=${bbox.join(',')}&limit=1000`);
    expect(inBox.numberReturned).toBeGreaterThan(0);
    for (const f of inBox.features) {
      const [x, y] = f.geometry.coordinates as [number, number];
      expect(x >= bbox[0]! && x <= bbox[2]! && y >= bbox[1]! && y <= bbox[3]!).toBe(true);
    }
    const grid = await list(`?grid=${chiefGrid}&limit=1000`);
    expect(grid.numberMatched).toBeGreaterThan(0);
    expect(grid.features.every((f) => f.properties!.grid_id === chiefGrid)).toBe(true);
    const major = await list('?class=01&status=damaged,missing&limit=1000');
    expect(major.numberMatched).toBeGreaterThan(0);
    for (const f of major.features) {
      expect(f.properties!.class_code).toMatch(/^01/);
      expect(['damaged', 'missing']).toContain(f.properties!.status);
    }
    const n = await db.query<{ n: number }>(`select count(*)::int as n from components where class_code like '01%' and status in ('damaged', 'missing')`);
    expect(major.numberMatched).toBe(n.rows[0]!.n);
  });

  it('refuses bad queries with the parameter named', async () => {
    const cases: [string, RegExp][] = [
      ['?bbox=1,2,3', /bbox/],
      ['?bbox=200,0,201,1', /bbox must lie within/],
      ['?status=broken', /status has "broken"; allowed: intact, damaged, missing, occupied/],
      ['?class=1', /class must match/],
      ['?limit=1001', /limit must be <= 1000/],
      ['?color=red', /unknown query parameter "color"/],
    ];
    for (const [q, message] of cases) {
      const r = await app.get(`/api/components${q}`, { token: tokens.admin });
      expect(r.status, q).toBe(400);
      expect((await r.json()).error.message, q).toMatch(message);
    }
  });

  it('shows a grid chief only their grid, in lists and one by one', async () => {
    const mine = await list('?limit=1000', tokens.chief01);
    const n = await db.query<{ n: number }>('select count(*)::int as n from components where grid_id = $1', [chiefGrid]);
    expect(mine.numberMatched).toBe(n.rows[0]!.n);
    expect(mine.features.every((f) => f.properties!.grid_id === chiefGrid)).toBe(true);
    const other = await db.query<{ id: string }>('select id from components where grid_id <> $1 limit 1', [chiefGrid]);
    expect((await app.get(`/api/components/${other.rows[0]!.id}`, { token: tokens.chief01 })).status).toBe(404);
    expect((await app.get(`/api/components/${other.rows[0]!.id}`, { token: tokens.command })).status).toBe(200);
  });

  it('refuses the public', async () => {
    expect((await app.get('/api/components')).status).toBe(401);
    const r = await app.get('/api/components', { token: tokens.public });
    expect(r.status).toBe(403);
    expect((await r.json()).error.message).toMatch(/the public role may not use GET \/api\/components/);
  });

  it('creates a component: code, cell, grid, sub-grid and block from the point; owners from its class', async () => {
    const r = await app.request('POST', '/api/components', { token: tokens.officer, body: feature(inside, { class_code: '0101', installed_on: '2024-05-01' }) });
    expect(r.status, await r.clone().text()).toBe(201);
    expect(r.headers.get('etag')).toBe('"v1"');
    const f = (await r.json()) as Feature<Point>;
    expect(r.headers.get('location')).toBe(`/api/components/${f.id}`);
    const truth = await unitsByGeometry(db, inside.lon, inside.lat);
    expect(f.properties).toMatchObject({
      class_code: '0101', status: 'intact', owner_dept: 'water_supply', maintainer_dept: 'water_supply', installed_on: '2024-05-01',
      grid_id: truth.grid, subgrid_id: truth.subgrid, block_id: truth.block, version: 1,
    });
    expect(truth.grid).toBe(chiefGrid);
    expect(BigInt(`0x${f.properties!.h3}`).toString()).toBe(pointCell(inside.lon, inside.lat));
    const max = await db.query<{ code: string }>(`select max(code) as code from components where class_code = '0101' and id <> $1`, [f.id]);
    expect(f.properties!.code).toBe(`431302${'0101'}${String(Number(max.rows[0]!.code.slice(10)) + 1).padStart(6, '0')}`);
    expect(f.geometry.coordinates).toEqual([inside.lon, inside.lat]);
  });

  it('refuses bad points, unknown fields and unknown codes with reasons', async () => {
    const post = (body: unknown, token = tokens.admin) => app.request('POST', '/api/components', { token, body });
    const cases: [unknown, number, string, RegExp][] = [
      [{ ...feature(inside, { class_code: '0101' }), geometry: { type: 'Point', coordinates: [112, 200] } }, 422, 'invalid_geometry', /^geometry\.coordinates: latitude 200 is outside -90\.\.90/],
      [{ ...feature(inside, { class_code: '0101' }), geometry: { type: 'Polygon', coordinates: [] } }, 422, 'invalid_geometry', /a Polygon is not accepted here; send one of Point/],
      [{ ...feature(inside, { class_code: '0101' }), geometry: { type: 'Point', coordinates: [112, 27, 30] } }, 422, 'invalid_geometry', /3D/],
      [feature(inside, { class_code: '0101', code: '4313020101999999' }), 422, 'invalid_body', /unknown field "code"/],
      [feature(inside, { class_code: '0101', grid_id: 5 }), 422, 'invalid_body', /unknown field "grid_id"/],
      [feature(inside, {}), 422, 'invalid_body', /"class_code" is required/],
      [feature(inside, { class_code: '0199' }), 422, 'invalid_reference', /^class_code 0199 is not a component class; major class 01 has 0101\.\./],
      [feature(inside, { class_code: '0101', owner_dept: 'nobody' }), 422, 'invalid_reference', /owner_dept nobody is not a department code/],
      [feature(inside, { class_code: '0101', status: 'broken' }), 422, 'invalid_body', /status must be one of intact, damaged, missing, occupied/],
      [{ ...feature(inside, { class_code: '0101' }), extra: 1 }, 422, 'invalid_body', /unknown field "extra"/],
    ];
    for (const [body, status, code, message] of cases) {
      const r = await post(body);
      const e = (await r.json()).error;
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(e.code, JSON.stringify(body)).toBe(code);
      expect(e.message, JSON.stringify(body)).toMatch(message);
    }
    const ref = await (await post(feature(inside, { class_code: '0199' }))).json();
    expect(ref.error.details).toMatchObject({ field: 'properties.class_code', reason: 'unknown_code' });
    const text = await app.request('POST', '/api/components', { token: tokens.admin, body: 'class=0101', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const broken = await app.request('POST', '/api/components', { token: tokens.admin, body: '{"type": "Feature",', headers: { 'content-type': 'application/geo+json' } });
    expect(broken.status).toBe(400);
    const n = await db.query<{ n: number }>(`select count(*)::int as n from components where class_code = '0199' or owner_dept = 'nobody'`);
    expect(n.rows[0]!.n).toBe(0);
  });

  it('lets admin, officer and a grid chief (in their grid) create; refuses planner, command and the chief elsewhere', async () => {
    const body = (p: { lon: number; lat: number }) => feature(p, { class_code: '0301' });
    expect((await app.request('POST', '/api/components', { token: tokens.admin, body: body(outside) })).status).toBe(201);
    expect((await app.request('POST', '/api/components', { token: tokens.chief01, body: body(inside) })).status).toBe(201);
    for (const role of ['planner', 'command']) {
      const r = await app.request('POST', '/api/components', { token: tokens[role], body: body(inside) });
      expect(r.status, role).toBe(403);
      expect((await r.json()).error.code).toBe('forbidden');
    }
    const before = await db.query<{ n: number }>('select count(*)::int as n from components');
    const r = await app.request('POST', '/api/components', { token: tokens.chief01, body: body(outside) });
    expect(r.status).toBe(403);
    const e = (await r.json()).error;
    expect(e.code).toBe('outside_scope');
    expect(e.message).toMatch(new RegExp(`^the component at ${outside.lon}, ${outside.lat} lies outside your grid \\(${chiefGrid}\\)`));
    expect(e.details).toMatchObject({ location: [outside.lon, outside.lat], grid: outside.grid, yourGrids: [chiefGrid] });
    const after = await db.query<{ n: number }>('select count(*)::int as n from components');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('edits with the version read: 428 without, 412 when stale, moved points re-located', async () => {
    const created = (await (await app.request('POST', '/api/components', { token: tokens.admin, body: feature(inside, { class_code: '0401' }) })).json()) as Feature;
    const url = `/api/components/${created.id}`;
    const patch = (body: unknown, ifMatch?: string, token = tokens.admin) =>
      app.request('PATCH', url, { token, body, headers: ifMatch ? { 'if-match': ifMatch } : {} });
    const missing = await patch({ type: 'Feature', properties: { status: 'damaged' } });
    expect(missing.status).toBe(428);
    const ok = await patch({ type: 'Feature', properties: { status: 'damaged', checked_at: '2026-06-01T08:00:00+08:00' } }, '"v1"');
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(ok.headers.get('etag')).toBe('"v2"');
    expect(((await ok.json()) as Feature).properties).toMatchObject({ status: 'damaged', checked_at: '2026-06-01T00:00:00.000Z', version: 2 });
    const stale = await patch({ type: 'Feature', properties: { status: 'intact' } }, '"v1"');
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.details).toMatchObject({ currentVersion: 2, yourVersion: 1 });
    const unknown = await patch({ type: 'Feature', properties: { class_code: '0101' } }, '"v2"');
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.message).toMatch(/unknown field "class_code"/);
    const dept = await patch({ type: 'Feature', properties: { maintainer_dept: 'nobody' } }, '"v2"');
    expect(dept.status).toBe(422);
    expect((await dept.json()).error.details.field).toBe('properties.maintainer_dept');
    const moved = await patch({ type: 'Feature', geometry: { type: 'Point', coordinates: [outside.lon, outside.lat] }, properties: {} }, '"v2"');
    expect(moved.status).toBe(200);
    const truth = await unitsByGeometry(db, outside.lon, outside.lat);
    expect(((await moved.json()) as Feature).properties).toMatchObject({ grid_id: truth.grid, subgrid_id: truth.subgrid, block_id: truth.block, version: 3 });
    expect((await patch({ type: 'Feature', properties: { status: 'intact' } }, '"v3"', tokens.command)).status).toBe(403);
    expect((await app.request('PATCH', '/api/components/99999999', { token: tokens.admin, body: { type: 'Feature', properties: {} }, headers: { 'if-match': '"v1"' } })).status).toBe(404);
  });

  it('lets a grid chief edit in their grid but not move a component out of it', async () => {
    const created = (await (await app.request('POST', '/api/components', { token: tokens.chief01, body: feature(inside, { class_code: '0401' }) })).json()) as Feature;
    const url = `/api/components/${created.id}`;
    const ok = await app.request('PATCH', url, { token: tokens.chief01, body: { type: 'Feature', properties: { status: 'occupied' } }, headers: { 'if-match': '"v1"' } });
    expect(ok.status).toBe(200);
    const out = await app.request('PATCH', url, {
      token: tokens.chief01, body: { type: 'Feature', geometry: { type: 'Point', coordinates: [outside.lon, outside.lat] }, properties: {} }, headers: { 'if-match': '"v2"' },
    });
    expect(out.status).toBe(403);
    expect((await out.json()).error.code).toBe('outside_scope');
    const row = await db.query<{ grid_id: number; version: number }>('select grid_id, version from components where id = $1', [created.id]);
    expect(row.rows[0]).toEqual({ grid_id: chiefGrid, version: 2 });
  });
});
