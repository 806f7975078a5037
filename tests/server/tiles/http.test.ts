// The tile routes over HTTP: TileJSON, tile addresses and filters refused with a
// reason, 204 for empty tiles, ETag and 304, Cache-Control, gzip, the cache and its
// invalidation by an edit, the statement timeout, roles through row-level security,
// and GDAL reading a tile (server backend).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { tileAt } from './decode.ts';

const run = promisify(execFile);
const OGRINFO = ['/usr/bin/ogrinfo', '/usr/local/bin/ogrinfo'].find((p) => existsSync(p));

interface Decoded {
  status: number;
  headers: Headers;
  layers: Record<string, VectorTileLayer>;
}

function features(layer: VectorTileLayer | undefined): { id: number | undefined; properties: Record<string, string | number | boolean> }[] {
  if (!layer) return [];
  return Array.from({ length: layer.length }, (_, i) => {
    const f = layer.feature(i);
    return { id: f.id, properties: f.properties };
  });
}

describe(`tile routes (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let command: string;
  let chief: string;
  let chiefGrids: number[];
  /** The city's centre and a case's tile at z15. */
  let centre: [number, number];
  let caseTile: { z: number; x: number; y: number; id: number };

  const tile = async (p: string, token?: string, headers: Record<string, string> = {}): Promise<Decoded> => {
    const r = await app.get(p, { ...(token ? { token } : {}), headers });
    const buf = new Uint8Array(await r.arrayBuffer());
    const layers = r.status === 200 ? new VectorTile(new PbfReader(buf)).layers : {};
    return { status: r.status, headers: r.headers, layers };
  };

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    command = await app.login('command');
    chief = await app.login('chief01');
    const me = await (await app.get('/api/auth/me', { token: chief })).json();
    chiefGrids = me.grids.map((g: { id: number }) => g.id);
    const c = (await db.query<{ lon: number; lat: number }>(
      `select (st_xmin(e) + st_xmax(e)) / 2 as lon, (st_ymin(e) + st_ymax(e)) / 2 as lat
         from (select st_extent(geom) as e from admin_areas where level = 'district') s`,
    )).rows[0]!;
    centre = [c.lon, c.lat];
    const k = (await db.query<{ id: string; lon: number; lat: number }>(
      `select id, st_x(geom) as lon, st_y(geom) as lat from cases where status = 'handling' and grid_id = $1 order by id limit 1`,
      [chiefGrids[0]],
    )).rows[0]!;
    caseTile = { ...tileAt(k.lon, k.lat, 15), id: Number(k.id) };
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('serves TileJSON 3.0.0 with absolute tile URLs, zooms, the city bounds and the layers with their fields', async () => {
    const r = await app.get('/tiles/basemap.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    const tj = await r.json();
    expect(tj).toMatchObject({ tilejson: '3.0.0', scheme: 'xyz', minzoom: 10, maxzoom: 18 });
    expect(tj.tiles).toEqual([`${app.url}/tiles/basemap/{z}/{x}/{y}.mvt`]);
    const [w, s, e, n] = tj.bounds;
    expect(w).toBeLessThan(centre[0]);
    expect(e).toBeGreaterThan(centre[0]);
    expect(s).toBeLessThan(centre[1]);
    expect(n).toBeGreaterThan(centre[1]);
    expect(tj.center[0]).toBeCloseTo(centre[0], 5);
    expect(tj.center[2]).toBeGreaterThanOrEqual(10);
    const ids = tj.vector_layers.map((l: { id: string }) => l.id);
    expect(ids).toEqual(['water', 'green', 'blocks', 'roads', 'buildings', 'admin', 'labels']);
    const roads = tj.vector_layers.find((l: { id: string }) => l.id === 'roads');
    expect(Object.keys(roads.fields)).toEqual(['class', 'name', 'name_en']);
    expect(roads.fields.class).toMatch(/^String: .*arterial/);
    expect(tj.vector_layers.find((l: { id: string }) => l.id === 'buildings').minzoom).toBe(14);

    const cases = await (await app.get('/tiles/cases.json?status=parked,handling&from=2026-01-01')).json();
    expect(cases.tiles).toEqual([`${app.url}/tiles/cases/{z}/{x}/{y}.mvt?from=2026-01-01&status=handling,parked`]);
    expect(cases.vector_layers.map((l: { id: string; minzoom: number; maxzoom: number }) => [l.id, l.minzoom, l.maxzoom])).toEqual([['case_cells', 10, 14], ['cases', 15, 18]]);
    const both = await (await app.get('/tiles/basemap,grids.json')).json();
    expect(both.tiles).toEqual([`${app.url}/tiles/basemap,grids/{z}/{x}/{y}.mvt`]);
    expect(both.vector_layers.map((l: { id: string }) => l.id)).toContain('grids');

    const unknown = await app.get('/tiles/parcels.json');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toMatch(/no tile layer named "parcels"; the layers are basemap, grids, subgrids, blocks, components, cases, service_points/);
    expect((await app.get('/tiles/cases.json?status=lost')).status).toBe(400);
    const etag = r.headers.get('etag')!;
    expect((await app.get('/tiles/basemap.json', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('refuses what is not a tile address with 400 and a zoom outside the range with 404, saying why', async () => {
    const cases: [string, number, RegExp][] = [
      ['/tiles/grids/14/abc/6877.mvt', 400, /x must be an integer from 0 to 16383 at zoom 14, got "abc"/],
      ['/tiles/grids/14/16384/6877.mvt', 400, /x must be an integer from 0 to 16383 at zoom 14, got "16384"/],
      ['/tiles/grids/14/13289/-1.mvt', 400, /y must be an integer from 0 to 16383/],
      ['/tiles/grids/14.5/1/1.mvt', 400, /zoom must be an integer from 0 to 30, got "14.5"/],
      ['/tiles/grids/31/1/1.mvt', 400, /zoom must be an integer/],
      ['/tiles/grids/3/8/0.mvt', 400, /x must be an integer from 0 to 7 at zoom 3/],
      ['/tiles/grids/9/415/214.mvt', 404, /no tiles at zoom 9: tiles exist at zooms 10-18/],
      ['/tiles/grids/19/0/0.mvt', 404, /no tiles at zoom 19: tiles exist at zooms 10-18/],
      ['/tiles/components,subgrids/11/0/0.mvt', 404, /the layers have tiles at zooms components 14-18, subgrids 12-18/],
      ['/tiles/parcels/14/1/1.mvt', 404, /no tile layer named "parcels"; the layers are basemap, grids/],
      ['/tiles/grids,grids/14/1/1.mvt', 400, /grids is named twice/],
      ['/tiles/basemap,blocks/14/1/1.mvt', 400, /basemap and blocks both hold a layer named blocks/],
    ];
    for (const [p, status, message] of cases) {
      const r = await app.get(p, { token: command });
      expect(r.status, p).toBe(status);
      const body = await r.json();
      expect(body.error.message, p).toMatch(message);
    }
  });

  it('takes the filters the layers declare, bound as values, and refuses others with the reason', async () => {
    const { z, x, y } = caseTile;
    const bad: [string, RegExp][] = [
      [`/tiles/cases/${z}/${x}/${y}.mvt?colour=red`, /unknown query parameter "colour"/],
      [`/tiles/grids/${z}/${x}/${y}.mvt?status=handling`, /unknown query parameter "status" for grids: they take no filters/],
      [`/tiles/cases/${z}/${x}/${y}.mvt?status=handling,lost`, /status must be one of reported, verified.*got "lost"/],
      [`/tiles/cases/${z}/${x}/${y}.mvt?type=1`, /type "1" is not in the expected form/],
      [`/tiles/cases/${z}/${x}/${y}.mvt?from=2026-02-30`, /from must be a date as YYYY-MM-DD, got "2026-02-30"/],
      [`/tiles/cases/${z}/${x}/${y}.mvt?from=2026-03-01&to=2026-02-01`, /to \(2026-02-01\) lies before from \(2026-03-01\)/],
      [`/tiles/cases/${z}/${x}/${y}.mvt?grid=abc`, /grid must be an integer, got "abc"/],
      [`/tiles/cases/${z}/${x}/${y}.mvt?grid=1&grid=2`, /grid takes one value, got 2/],
      [`/tiles/cases/${z}/${x}/${y}.mvt?channel=x'%3B drop table cases`, /channel .* is not in the expected form/],
      [`/tiles/components/${z}/${x}/${y}.mvt?class=031`, /class "031" is not in the expected form/],
    ];
    for (const [p, message] of bad) {
      const r = await app.get(p, { token: command });
      expect(r.status, p).toBe(400);
      expect((await r.json()).error.message, p).toMatch(message);
    }
    const all = features((await tile(`/tiles/cases/${z}/${x}/${y}.mvt`, command)).layers.cases);
    const handling = features((await tile(`/tiles/cases/${z}/${x}/${y}.mvt?status=handling`, command)).layers.cases);
    expect(handling.length).toBeGreaterThan(0);
    expect(handling.length).toBeLessThan(all.length);
    expect(handling.every((f) => f.properties.status === 'handling')).toBe(true);
    expect(handling.map((f) => f.id)).toContain(caseTile.id);
    const two = features((await tile(`/tiles/cases/${z}/${x}/${y}.mvt?status=handling&status=closed`, command)).layers.cases);
    expect(new Set(two.map((f) => f.properties.status))).toEqual(new Set(['handling', 'closed']));
    const type = String(all[0]!.properties.type_code).slice(0, 4);
    const typed = features((await tile(`/tiles/cases/${z}/${x}/${y}.mvt?type=${type}`, command)).layers.cases);
    expect(typed.length).toBeGreaterThan(0);
    expect(typed.every((f) => String(f.properties.type_code).startsWith(type))).toBe(true);
    expect(typed.length).toBe(all.filter((f) => String(f.properties.type_code).startsWith(type)).length);
    // Days are China Standard Time: 2026-03-01 starts at 2026-02-28T16:00Z.
    const march = features((await tile(`/tiles/cases/${z}/${x}/${y}.mvt?from=2026-03-01&to=2026-03-31`, command)).layers.cases);
    const lo = Date.parse('2026-02-28T16:00:00Z') / 1000;
    const hi = Date.parse('2026-03-31T16:00:00Z') / 1000;
    expect(march.length).toBe(all.filter((f) => (f.properties.reported_at as number) >= lo && (f.properties.reported_at as number) < hi).length);
    expect(march.length).toBeGreaterThan(0);
    const byGrid = features((await tile(`/tiles/cases/${z}/${x}/${y}.mvt?grid=${chiefGrids[0]}`, command)).layers.cases);
    const inGrid = await db.query<{ id: string }>('select id from cases where grid_id = $1 and id = any($2::bigint[])', [chiefGrids[0], all.map((f) => f.id)]);
    expect(byGrid.map((f) => f.id).sort()).toEqual(inGrid.rows.map((r) => Number(r.id)).sort());
    // Several sources, each with its own status filter.
    const mixed = await tile(`/tiles/components,cases/${z}/${x}/${y}.mvt?cases.status=handling&components.status=intact`, command);
    expect(features(mixed.layers.cases).map((f) => f.id).sort()).toEqual(handling.map((f) => f.id).sort());
    expect(features(mixed.layers.components).every((f) => f.properties.status === 'intact')).toBe(true);
    expect((await app.get(`/tiles/components,cases/${z}/${x}/${y}.mvt?status=handling`, { token: command })).status).toBe(400);
    const comps = await tile(`/tiles/components/${z}/${x}/${y}.mvt?class=03&status=intact,damaged`, command);
    const c = features(comps.layers.components);
    expect(c.length).toBeGreaterThan(0);
    expect(c.every((f) => f.properties.major === '03' && ['intact', 'damaged'].includes(f.properties.status as string))).toBe(true);
  });

  it('answers 204 for an empty tile, ETag and 304 for a current copy, gzip only to clients that take it', async () => {
    const far = await app.get('/tiles/basemap/14/0/0.mvt');
    expect(far.status).toBe(204);
    expect(await far.text()).toBe('');
    const { z, x, y } = tileAt(centre[0], centre[1], 14);
    const p = `/tiles/basemap/${z}/${x}/${y}.mvt`;
    const gz = await app.get(p, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect(gz.headers.get('cache-control')).toBe('public, max-age=300');
    const gzTag = gz.headers.get('etag')!;
    const gzBody = new Uint8Array(await gz.arrayBuffer());
    const plain = await app.get(p, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const plainTag = plain.headers.get('etag')!;
    const plainBody = new Uint8Array(await plain.arrayBuffer());
    expect(plainTag).toMatch(/^"[\w-]+"$/);
    expect(gzTag).not.toBe(plainTag);
    // fetch inflates the gzip answer: the same tile either way.
    expect(Buffer.from(gzBody).equals(Buffer.from(plainBody))).toBe(true);
    expect(Number(plain.headers.get('content-length'))).toBe(plainBody.length);
    expect(Object.keys(new VectorTile(new PbfReader(plainBody)).layers)).toEqual(expect.arrayContaining(['roads', 'buildings', 'water']));
    const again = await app.get(p, { headers: { 'accept-encoding': 'identity', 'if-none-match': plainTag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(plainTag);
    expect((await app.get(p, { headers: { 'accept-encoding': 'gzip', 'if-none-match': `"other", ${gzTag}` } })).status).toBe(304);
    expect((await app.get(p, { headers: { 'accept-encoding': 'gzip', 'if-none-match': plainTag } })).status).toBe(200);
    // Signed-in callers get private answers that revalidate.
    const grids = await app.get(`/tiles/grids/${z}/${x}/${y}.mvt`, { token: command });
    expect(grids.headers.get('cache-control')).toBe('private, no-cache');
    expect(grids.headers.get('vary')).toMatch(/Authorization/);
  });

  it('caches tiles per caller scope, and an edit drops the tiles of the tables it changed', async () => {
    const { z, x, y, id } = caseTile;
    const p = `/tiles/cases/${z}/${x}/${y}.mvt`;
    const statusOf = (d: Decoded) => features(d.layers.cases).find((f) => f.id === id)?.properties.status;
    const first = await tile(p, command);
    expect(statusOf(first)).toBe('handling');
    const second = await tile(p, command);
    expect(second.headers.get('x-tile-cache')).toBe('hit');
    // Filters are part of the key, however they are spelled.
    expect((await tile(`${p}?status=handling,parked`, command)).headers.get('x-tile-cache')).toBe('miss');
    expect((await tile(`${p}?status=parked&status=handling`, command)).headers.get('x-tile-cache')).toBe('hit');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    // Another role with the same view shares the entry; a grid chief has their own.
    expect((await tile(p, await app.login('planner'))).headers.get('x-tile-cache')).toBe('hit');
    expect((await tile(p, chief)).headers.get('x-tile-cache')).toBe('miss');
    const basemap = `/tiles/basemap/${z}/${x}/${y}.mvt`;
    const grids = `/tiles/grids/${z}/${x}/${y}.mvt`;
    await tile(basemap);
    await tile(grids, command);
    expect((await tile(grids, command)).headers.get('x-tile-cache')).toBe('hit');
    // A write to another table leaves the case tile cached.
    app.app.deps.changes.notify('roads');
    expect((await tile(p, command)).headers.get('x-tile-cache')).toBe('hit');
    expect((await tile(basemap)).headers.get('x-tile-cache')).toBe('miss');
    // The write, committed, then announced as the API does after its transaction.
    await db.query(`update cases set status = 'handled', handled_at = now() where id = $1`, [id]);
    app.app.deps.changes.notify('cases');
    const after = await tile(p, command);
    expect(after.headers.get('x-tile-cache')).toBe('miss');
    expect(statusOf(after)).toBe('handled');
    expect(after.headers.get('etag')).not.toBe(first.headers.get('etag'));
    expect((await app.get(p, { token: command, headers: { 'if-none-match': first.headers.get('etag')! } })).status).toBe(200);
    // The grids' open-case counts read cases too.
    expect((await tile(grids, command)).headers.get('x-tile-cache')).toBe('miss');
  });

  it('answers a cached tile without the database, and still refuses a bad token, a disabled account and another scope', async () => {
    const { z, x, y } = tileAt(centre[0], centre[1], 14);
    const p = `/tiles/grids/${z}/${x}/${y}.mvt`;
    const planner = await app.login('planner');
    const made = await app.get(p, { token: planner, headers: { 'accept-encoding': 'gzip' } });
    expect(made.status).toBe(200);
    const etag = made.headers.get('etag')!;
    const body = Buffer.from(await made.arrayBuffer());
    const publicMade = await app.get(p.replace('/grids/', '/basemap/'), { headers: { 'accept-encoding': 'gzip' } });
    const publicTag = publicMade.headers.get('etag')!;
    await publicMade.arrayBuffer();
    // Cached: no transaction for the tile (the principal is cached as well).
    const transaction = app.app.deps.db.transaction.bind(app.app.deps.db);
    let transactions = 0;
    app.app.deps.db.transaction = ((fn: Parameters<typeof transaction>[0]) => {
      transactions++;
      return transaction(fn);
    }) as typeof transaction;
    try {
      const hit = await app.get(p, { token: planner, headers: { 'accept-encoding': 'gzip' } });
      expect(hit.status).toBe(200);
      expect(hit.headers.get('x-tile-cache')).toBe('hit');
      expect(hit.headers.get('etag')).toBe(etag);
      expect(hit.headers.get('content-encoding')).toBe('gzip');
      expect(hit.headers.get('cache-control')).toBe('private, no-cache');
      expect(hit.headers.get('vary')).toMatch(/Accept-Encoding.*Authorization|Authorization.*Accept-Encoding/);
      expect(Buffer.from(await hit.arrayBuffer()).equals(body)).toBe(true);
      expect((await app.get(p, { token: planner, headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } })).status).toBe(304);
      // Answered ahead of Koa (plain gzip) or by the Koa middleware (a q-value): the same answer.
      const viaKoa = await app.get(p, { token: planner, headers: { 'accept-encoding': 'gzip;q=1' } });
      const headersOf = (r: Response) => [...r.headers].filter(([k]) => !['date', 'keep-alive', 'connection'].includes(k)).sort();
      expect(headersOf(viaKoa)).toEqual(headersOf(hit));
      expect(Buffer.from(await viaKoa.arrayBuffer()).equals(body)).toBe(true);
      for (const encoding of ['gzip', 'gzip;q=1']) {
        const r = await app.get(p.replace('/grids/', '/basemap/'), { headers: { 'accept-encoding': encoding, 'if-none-match': publicTag } });
        expect(r.status).toBe(304);
        expect(r.headers.get('cache-control')).toBe('public, max-age=300');
      }
      // Spelled with an escaped letter, the same tile; without gzip, the same tile inflated.
      const plain = await app.get(p.replace('/grids/', '/grid%73/'), { token: planner, headers: { 'accept-encoding': 'identity' } });
      expect(plain.status).toBe(200);
      expect(plain.headers.get('x-tile-cache')).toBe('hit');
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(Buffer.from(await plain.arrayBuffer()).equals(body)).toBe(true);
      expect(transactions).toBe(0);
    } finally {
      app.app.deps.db.transaction = transaction;
    }
    // A tampered or missing token never gets the cached tile.
    const tampered = `${planner.slice(0, -3)}${planner.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const refused = await app.get(p, { token: tampered });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthorized');
    expect((await app.get(p, { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    expect((await app.get(p)).status).toBe(204);
    // A grid chief does not share the planner's entry: only their own grids.
    const mine = await tile(p, chief);
    expect(mine.headers.get('x-tile-cache')).toBe('miss');
    expect(features(mine.layers.grids).every((f) => chiefGrids.includes(f.id!))).toBe(true);
    // A disabled account loses its cached tiles as soon as the principal is read again.
    await db.query(`update app_users set active = false where username = 'planner'`);
    try {
      app.app.deps.principals.forget();
      expect((await app.get(p, { token: planner })).status).toBe(401);
    } finally {
      await db.query(`update app_users set active = true where username = 'planner'`);
      app.app.deps.principals.forget();
    }
    // A bad filter on a cached tile is still refused with the reason.
    const bad = await app.get(`${p}?status=open`, { token: planner });
    expect(bad.status).toBe(400);
  });

  it('answers a tile that outlasts the statement timeout with 503 and a message', async () => {
    const slow = await startApp(db, { statementTimeoutMs: 1 });
    try {
      const { z, x, y } = tileAt(centre[0], centre[1], 10);
      const r = await slow.get(`/tiles/cases,basemap/${z}/${x}/${y}.mvt`, { token: await slow.login('command') });
      expect(r.status).toBe(503);
      const body = await r.json();
      expect(body.error.code).toBe('statement_timeout');
      expect(body.error.message).toMatch(new RegExp(`tile cases,basemap/${z}/${x}/${y} took longer than the statement timeout of 1 ms`));
    } finally {
      await slow.close();
    }
    // The store answers the next tile normally.
    const { z, x, y } = tileAt(centre[0], centre[1], 12);
    expect((await app.get(`/tiles/grids/${z}/${x}/${y}.mvt`, { token: command })).status).toBe(200);
  });

  it('shows each role what row-level security lets it see', async () => {
    const { z, x, y } = tileAt(centre[0], centre[1], 10);
    const cells = async (token?: string) => features((await tile(`/tiles/cases/${z}/${x}/${y}.mvt`, token)).layers.case_cells);
    const total = (await db.query<{ n: number }>('select count(*)::int as n from cases')).rows[0]!.n;
    const sum = (fs: Awaited<ReturnType<typeof cells>>) => fs.reduce((s, f) => s + (f.properties.count as number), 0);
    expect(sum(await cells(command))).toBe(total);
    const mine = (await db.query<{ n: number }>('select count(*)::int as n from cases where grid_id = any($1)', [chiefGrids])).rows[0]!.n;
    expect(mine).toBeGreaterThan(0);
    expect(sum(await cells(chief))).toBe(mine);
    const grids = await tile(`/tiles/grids/${z}/${x}/${y}.mvt`, chief);
    expect(features(grids.layers.grids).map((f) => f.id)).toEqual(chiefGrids);
    expect(features((await tile(`/tiles/grids/${z}/${x}/${y}.mvt`, command)).layers.grids)).toHaveLength(63);
    // The public: nothing of grids, cases or components (empty tiles), the basemap and service points.
    for (const source of ['grids', 'cases']) expect((await tile(`/tiles/${source}/${z}/${x}/${y}.mvt`)).status).toBe(204);
    const t14 = tileAt(centre[0], centre[1], 14);
    const at14 = `${t14.z}/${t14.x}/${t14.y}`;
    expect((await tile(`/tiles/components/${at14}.mvt`)).status).toBe(204);
    expect(features((await tile(`/tiles/components/${at14}.mvt`, command)).layers.components).length).toBeGreaterThan(0);
    const publicBasemap = await tile(`/tiles/basemap/${at14}.mvt`);
    expect(publicBasemap.status).toBe(200);
    expect(Object.keys(publicBasemap.layers).sort()).toEqual(expect.arrayContaining(['admin', 'buildings', 'roads']));
    expect(publicBasemap.layers.blocks).toBeUndefined();
    expect((await tile(`/tiles/basemap/${at14}.mvt`, command)).layers.blocks!.length).toBeGreaterThan(0);
    expect(features((await tile(`/tiles/service_points/${at14}.mvt`)).layers.service_points).length).toBeGreaterThan(0);
  });

  it.runIf(BACKEND === 'server' && (OGRINFO !== undefined || process.env.CI !== undefined))('GDAL reads a grids tile over HTTP', async () => {
    const { z, x, y } = tileAt(centre[0], centre[1], 14);
    const dir = mkdtempSync(path.join(tmpdir(), 'gridcity-gdal-'));
    try {
      // GDAL sends the sign-in token from a header file (the public sees no grids).
      const headers = path.join(dir, 'headers.txt');
      writeFileSync(headers, `Authorization: Bearer ${await app.login('planner')}\n`);
      const url = `/vsicurl/${app.url}/tiles/grids/${z}/${x}/${y}.mvt`;
      const { stdout } = await run(OGRINFO ?? 'ogrinfo', ['-ro', '-al', '-so', url], {
        env: { ...process.env, GDAL_HTTP_HEADER_FILE: headers, CPL_VSIL_CURL_ALLOWED_EXTENSIONS: '.mvt', GDAL_DISABLE_READDIR_ON_OPEN: 'EMPTY_DIR' },
      });
      const expected = features((await tile(`/tiles/grids/${z}/${x}/${y}.mvt`, command)).layers.grids).length;
      expect(stdout).toMatch(/Layer name: grids/);
      expect(stdout).toMatch(new RegExp(`Feature Count: ${expected}\\b`));
      expect(stdout).toMatch(/Geometry: Multi Polygon|Geometry: Polygon/);
      for (const field of ['code', 'name', 'status', 'community', 'open_cases', 'households']) expect(stdout).toMatch(new RegExp(`^${field}: `, 'm'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
