// Bulk imports: GeoJSON and CSV, all or nothing, a report naming every refused
// feature (index or line, id, field, reason), byte and feature limits, media types,
// malformed bodies with their position, Idempotency-Key, and each role.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { gridsOf } from '../components/points.ts';

interface Pt {
  lon: number;
  lat: number;
  grid: number | null;
}

const GEOJSON = { 'content-type': 'application/geo+json' };
const CSV = { 'content-type': 'text/csv; charset=utf-8' };
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const pointFeature = (p: { lon: number; lat: number }, properties: Record<string, unknown>, id?: string | number) => ({
  type: 'Feature', ...(id === undefined ? {} : { id }), geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties,
});
const CASE = { channel: 'grid_patrol', type_code: '01010101', description: '巡查发现井盖破损' };

describe(`bulk imports (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const tokens: Record<string, string> = {};
  let points: Pt[];
  let chiefGrid: number;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    for (const u of ['admin', 'planner', 'command', 'officer', 'chief01', 'public']) tokens[u] = await app.login(u);
    chiefGrid = (await gridsOf(db, 'chief01'))[0]!;
    // Where the census already stands: points known to lie in the city, with their grid.
    const r = await db.query<Pt>('select st_x(geom) as lon, st_y(geom) as lat, grid_id as grid from components order by id');
    points = r.rows;
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    (await db.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params)).rows[0]!.n;
  const post = (target: string, body: string | Buffer, headers: Record<string, string>, token = tokens.admin) =>
    app.request('POST', `/api/imports/${target}`, { token, body, headers });

  it('imports components from GeoJSON: codes, units and owners derived, in one go', async () => {
    const before = await count('components');
    const features = points.slice(0, 300).map((p, i) => pointFeature(p, { class_code: i % 2 ? '0101' : '0301', status: 'intact', installed_on: '2025-01-02' }, `k${i}`));
    const r = await post('components', fc(features), GEOJSON);
    const body = await r.json();
    expect(r.status, JSON.stringify(body).slice(0, 500)).toBe(201);
    expect(body).toMatchObject({ target: 'components', imported: 300, received: 300, format: 'geojson' });
    expect(body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await count('components')).toBe(before + 300);
    const wrong = await db.query<{ n: number }>(
      `select count(*)::int as n from components k
        where k.id > (select max(id) - 300 from components)
          and (k.grid_id is distinct from (select min(g.id) from grids g where st_covers(g.geom, k.geom))
               or k.owner_dept is distinct from (select owner_dept from component_classes c where c.code = k.class_code)
               or substr(k.code, 7, 4) <> k.class_code)`,
    );
    expect(wrong.rows[0]!.n).toBe(0);
    expect(await count('(select code from components group by code having count(*) > 1) d')).toBe(0);
  });

  it('imports cases from CSV with quoted text and blank optional cells', async () => {
    const before = await count('cases');
    const lines = ['lon,lat,id,channel,type_code,description,address,reported_at,component_id'];
    for (let i = 0; i < 40; i++) {
      const p = points[1000 + i]!;
      lines.push(`${p.lon},${p.lat},c${i},wechat,01010102,"井盖松动, 有响声 ""咚咚""",${i % 2 ? '' : '人民路'},${i % 3 ? '' : '2026-06-01T09:30:00+08:00'},${i === 0 ? 1 : ''}`);
    }
    const r = await post('cases', `${lines.join('\r\n')}\r\n`, CSV);
    const body = await r.json();
    expect(r.status, JSON.stringify(body).slice(0, 800)).toBe(201);
    expect(body).toMatchObject({ target: 'cases', imported: 40, received: 40, format: 'csv' });
    expect(await count('cases')).toBe(before + 40);
    const row = await db.query<{ description: string; address: string | null; status: string; due_min: number; component_id: string | null; code: string }>(
      `select description, address, status, extract(epoch from respond_due - reported_at)::int / 60 as due_min, component_id, code
         from cases where reported_at = '2026-06-01T09:30:00+08:00' and description like '井盖松动%' order by id limit 1`,
    );
    expect(row.rows[0]).toMatchObject({ description: '井盖松动, 有响声 "咚咚"', address: '人民路', status: 'reported', due_min: 30, component_id: '1' });
    expect(row.rows[0]!.code.slice(0, 8)).toBe('20260601');
    expect(await count('case_events', `note = 'recorded by admin'`)).toBeGreaterThanOrEqual(40);
  });

  it('refuses the whole import when any feature is bad, and reports every one with where and why', async () => {
    const before = await count('cases');
    const p = points[2000]!;
    const features: unknown[] = [
      pointFeature(p, CASE, 'ok-0'),
      pointFeature({ lon: p.lon, lat: 200 }, CASE, 'lat'),
      pointFeature(p, { ...CASE, type_code: '0101' }, 'category'),
      pointFeature(p, { ...CASE, channel: 'fax' }, 'channel'),
      pointFeature(p, { ...CASE, status: 'closed' }, 'extra'),
      pointFeature(p, { channel: 'wechat', type_code: '01010101' }, 'no-description'),
      { type: 'Feature', id: '3d', geometry: { type: 'Point', coordinates: [p.lon, p.lat, 12] }, properties: CASE },
      { type: 'Feature', id: 'polygon', geometry: { type: 'Polygon', coordinates: [[[p.lon, p.lat], [p.lon + 0.001, p.lat], [p.lon, p.lat + 0.001], [p.lon, p.lat]]] }, properties: CASE },
      pointFeature(p, { ...CASE, component_id: 99999999 }, 'component'),
      pointFeature(p, { ...CASE, reported_at: '2099-01-01T00:00:00Z' }, 'future'),
      'not a feature',
      pointFeature(p, CASE, 'ok-11'),
    ];
    const r = await post('cases', fc(features), GEOJSON);
    expect(r.status).toBe(422);
    const e = (await r.json()).error;
    expect(e.code).toBe('import_rejected');
    expect(e.message).toMatch(/^10 of 12 features were refused; nothing was imported\. First: feature 1: geometry\.coordinates: latitude 200/);
    expect(e.details).toMatchObject({ target: 'cases', received: 12, rejected: 10, truncated: false });
    const got = e.details.problems.map((x: { index: number; id?: string; field: string; reason: string }) => [x.index, x.id, x.field, x.reason]);
    expect(got).toEqual([
      [1, 'lat', 'geometry.coordinates', 'latitude_out_of_range'],
      [2, 'category', 'properties.type_code', 'not_a_leaf'],
      [3, 'channel', 'properties.channel', 'unknown_code'],
      [4, 'extra', 'properties.status', 'unknown_field'],
      [5, 'no-description', 'properties.description', 'required'],
      [6, '3d', 'geometry.coordinates', 'too_many_dimensions'],
      [7, 'polygon', 'geometry.type', 'type_not_allowed'],
      [8, 'component', 'properties.component_id', 'unknown_component'],
      [9, 'future', 'properties.reported_at', 'in_the_future'],
      [10, undefined, 'feature', 'feature_not_an_object'],
    ]);
    expect(await count('cases')).toBe(before);
  });

  it('rolls back chunks already written when a late feature is bad', async () => {
    const before = await count('components');
    const features = points.slice(0, 4500).map((p) => pointFeature(p, { class_code: '0401' }));
    features.push(pointFeature(points[0]!, { class_code: '9999' }, 'late'));
    const r = await post('components', fc(features), GEOJSON);
    expect(r.status).toBe(422);
    const e = (await r.json()).error;
    expect(e.details).toMatchObject({ received: 4501, rejected: 1, problems: [{ index: 4500, id: 'late', field: 'properties.class_code', reason: 'unknown_code' }] });
    expect(await count('components')).toBe(before);
  });

  it('caps the listed problems but counts them all', async () => {
    const features = Array.from({ length: 1500 }, (_, i) => pointFeature({ lon: 112, lat: 91 + (i % 5) }, { class_code: '0101' }));
    const r = await post('components', fc(features), GEOJSON);
    expect(r.status).toBe(422);
    const d = (await r.json()).error.details;
    expect(d).toMatchObject({ received: 1500, rejected: 1500, problemCount: 1500, listed: 1000, truncated: true });
    expect(d.problems).toHaveLength(1000);
  });

  it('reports CSV rows by line and column, and refuses unknown columns and malformed CSV', async () => {
    const p = points[3000]!;
    const csv = ['lon,lat,channel,type_code,description', `${p.lon},${p.lat},wechat,01010101,ok`, `abc,${p.lat},wechat,01010101,bad lon`,
      `${p.lon},,wechat,01010101,no lat`, `${p.lon},${p.lat},fax,01010101,bad channel`, `${p.lon},${p.lat},wechat,01010101,`].join('\n');
    const r = await post('cases', csv, CSV);
    expect(r.status).toBe(422);
    const d = (await r.json()).error.details;
    expect(d.problems.map((x: { line: number; field: string; reason: string }) => [x.line, x.field, x.reason])).toEqual([
      [3, 'lon', 'not_a_number'], [4, 'lat', 'missing_coordinate'], [5, 'channel', 'unknown_code'], [6, 'description', 'required'],
    ]);
    const header = await post('cases', 'lon,lat,channel,type_code,description,colour\n1,2,a,b,c\n', CSV);
    expect(header.status).toBe(422);
    expect((await header.json()).error).toMatchObject({ code: 'invalid_csv_header', message: expect.stringMatching(/has column "colour" that is not accepted/) });
    const noLat = await post('cases', 'lon,channel\n1,a\n', CSV);
    expect((await noLat.json()).error.message).toMatch(/needs a lon and a lat column/);
    const broken = await post('cases', `lon,lat,channel,type_code,description\n${p.lon},${p.lat},wechat,01010101,"unclosed\n`, CSV);
    expect(broken.status).toBe(400);
    expect((await broken.json()).error).toMatchObject({ code: 'malformed_csv', message: expect.stringMatching(/line/) });
    const ragged = await post('cases', `lon,lat,channel,type_code,description\n${p.lon},${p.lat},wechat\n`, CSV);
    expect(ragged.status).toBe(400);
  });

  it('answers malformed JSON with its line and column, and wrong collections with a reason', async () => {
    const before = await count('components');
    const text = `{"type": "FeatureCollection", "features": [\n  ${JSON.stringify(pointFeature(points[0]!, { class_code: '0101' }))},\n  {"type": "Feature" "geometry": null}\n]}`;
    const r = await post('components', text, GEOJSON);
    expect(r.status).toBe(400);
    const e = (await r.json()).error;
    expect(e.code).toBe('malformed_json');
    expect(e.details).toMatchObject({ line: 3 });
    expect(e.message).toMatch(/^the body is not valid JSON at line 3, column \d+ \(byte \d+\)/);
    expect(await count('components')).toBe(before);
    const single = await post('components', JSON.stringify(pointFeature(points[0]!, { class_code: '0101' })), GEOJSON);
    expect(single.status).toBe(422);
    expect((await single.json()).error.message).toMatch(/must be a GeoJSON FeatureCollection, its "type" is "Feature"/);
    const crs = await post('components', JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:3857' } }, features: [] }), GEOJSON);
    expect((await crs.json()).error.message).toMatch(/"crs" member/);
    const array = await post('components', '[]', { 'content-type': 'application/json' });
    expect(array.status).toBe(422);
    const empty = await post('components', fc([]), GEOJSON);
    expect(empty.status).toBe(422);
    expect((await empty.json()).error.message).toMatch(/holds no features/);
    const nothing = await post('components', '', GEOJSON);
    expect(nothing.status).toBe(400);
  });

  it('refuses other media types (415), and too many bytes or features (413)', async () => {
    const plain = await post('components', 'hello', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    const gz = await post('components', fc([]), { ...GEOJSON, 'content-encoding': 'gzip' });
    expect(gz.status).toBe(415);
    const small = await startApp(db, { importLimitBytes: 2048, importMaxFeatures: 3 });
    try {
      const token = await small.login('admin');
      const big = fc(points.slice(0, 100).map((p) => pointFeature(p, { class_code: '0101' })));
      const declared = await small.request('POST', '/api/imports/components', { token, body: big, headers: GEOJSON });
      expect(declared.status).toBe(413);
      expect((await declared.json()).error.message).toMatch(/larger than 2,048 bytes/);
      // Streamed without a length: refused once the limit is crossed.
      const stream = new ReadableStream({
        start(c) {
          for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode(big.slice(i * 1000, (i + 1) * 1000)));
          c.close();
        },
      });
      const chunked = await fetch(`${small.url}/api/imports/components`, {
        method: 'POST', headers: { ...GEOJSON, authorization: `Bearer ${token}` }, body: stream, duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      const four = await small.request('POST', '/api/imports/components', { token, body: fc(points.slice(0, 4).map((p) => pointFeature(p, { class_code: '0101' }))), headers: GEOJSON });
      expect(four.status).toBe(413);
      expect((await four.json()).error.code).toBe('too_many_features');
    } finally {
      await small.close();
    }
  });

  it('lands a retried import once with the same Idempotency-Key, and refuses the key for another upload', async () => {
    const before = await count('components');
    const body = fc(points.slice(10, 15).map((p) => pointFeature(p, { class_code: '0101' })));
    const headers = { ...GEOJSON, 'idempotency-key': 'import-7f3a' };
    const first = await post('components', body, headers);
    expect(first.status).toBe(201);
    const answer = await first.json();
    const again = await post('components', body, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(answer);
    expect(await count('components')).toBe(before + 5);
    const other = await post('components', fc(points.slice(20, 21).map((p) => pointFeature(p, { class_code: '0101' }))), headers);
    expect(other.status).toBe(422);
    expect((await other.json()).error.code).toBe('idempotency_key_reused');
    // Keys are per user: the officer's own first use imports.
    expect((await post('components', body, headers, tokens.officer)).status).toBe(201);
    expect(await count('components')).toBe(before + 10);
    const bad = await post('components', body, { ...GEOJSON, 'idempotency-key': 'has space' });
    expect(bad.status).toBe(400);
  });

  it('lets admin, officer and a grid chief import, the chief only within their grid; refuses the others', async () => {
    const mine = points.filter((p) => p.grid === chiefGrid).slice(0, 3);
    const theirs = points.find((p) => p.grid !== null && p.grid !== chiefGrid)!;
    const ok = await post('cases', fc(mine.map((p) => pointFeature(p, CASE))), GEOJSON, tokens.chief01);
    expect(ok.status).toBe(201);
    const before = await count('cases');
    const out = await post('cases', fc([...mine.map((p) => pointFeature(p, CASE)), pointFeature(theirs, CASE, 'elsewhere')]), GEOJSON, tokens.chief01);
    expect(out.status).toBe(422);
    const d = (await out.json()).error.details;
    expect(d.problems).toEqual([expect.objectContaining({ index: 3, id: 'elsewhere', field: 'geometry', reason: 'outside_scope', message: expect.stringMatching(/lies outside your grid/) })]);
    expect(await count('cases')).toBe(before);
    expect((await post('cases', fc([pointFeature(theirs, CASE)]), GEOJSON, tokens.officer)).status).toBe(201);
    for (const role of ['planner', 'command', 'public']) {
      expect((await post('cases', fc([pointFeature(theirs, CASE)]), GEOJSON, tokens[role])).status, role).toBe(403);
    }
    expect((await app.request('POST', '/api/imports/cases', { body: fc([]), headers: GEOJSON })).status).toBe(401);
    const unknown = await post('parks', fc([]), GEOJSON);
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.message).toMatch(/target must be one of components, cases/);
  });
});
