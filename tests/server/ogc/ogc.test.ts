// OGC API – Features at /ogc: the documents, paging, bbox and datetime filters checked
// against SQL counts, refusals with reasons, and what each role sees.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { Row } from '../../../server/db/types.ts';
import { PUBLIC_PRINCIPAL, scopeTransaction } from '../../../server/auth/principal.ts';
import { COLLECTIONS } from '../../../server/ogc/collections.ts';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

interface Link { href: string; rel: string; type?: string }
interface CollectionJson {
  id: string;
  title: string;
  description: string;
  itemType: string;
  crs: string[];
  extent: { spatial: { bbox: number[][] }; temporal?: { interval: string[][] } };
  links: Link[];
}
interface Items extends FeatureCollection {
  numberMatched: number;
  numberReturned: number;
  timeStamp: string;
  links: Link[];
}

const PUBLIC_IDS = ['admin_areas', 'service_points', 'roads', 'water_areas', 'green_areas', 'buildings', 'charging_sheds', 'vendor_zones'];
const ALL_IDS = ['admin_areas', 'grids', 'subgrids', 'blocks', 'components', 'cases', 'service_points', 'roads', 'water_areas', 'green_areas', 'buildings', 'charging_sheds', 'vendor_zones'];

describe(`OGC API – Features (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let command: string;
  let chief: string;
  let chiefGrids: number[];

  /** A query that sees every row (the maintenance role the seed uses). */
  const system = <R extends object = Row>(sql: string, params: unknown[] = []) =>
    db.transaction(async (tx) => {
      await tx.query(`select set_config('app.role', 'system', true)`);
      return (await tx.query<R>(sql, params)).rows;
    });
  const count = async (sql: string, params: unknown[] = []) => (await system<{ n: number }>(sql, params))[0]!.n;
  const json = async <T = Record<string, unknown>>(path: string, token?: string): Promise<T> => {
    const r = await app.get(path, token ? { token } : {});
    expect(r.status, `${path}: ${r.status}`).toBe(200);
    return (await r.json()) as T;
  };
  const refusal = async (path: string, status: number, token?: string) => {
    const r = await app.get(path, token ? { token } : {});
    expect(r.status, path).toBe(status);
    return ((await r.json()) as { error: { code: string; message: string; details?: unknown } }).error;
  };
  const relative = (href: string) => {
    expect(href.startsWith(`${app.url}/ogc`), href).toBe(true);
    return href.slice(app.url.length);
  };
  const link = (links: Link[], rel: string) => links.find((l) => l.rel === rel);

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db, { demo: true });
    command = await app.login('command');
    chief = await app.login('chief01');
    const me = (await (await app.get('/api/auth/me', { token: chief })).json()) as { grids: { id: number }[] };
    chiefGrids = me.grids.map((g) => g.id);
    expect(chiefGrids.length).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('serves the landing page with self, service-desc, conformance and data links', async () => {
    const r = await app.get('/ogc');
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const page = (await r.json()) as { title: string; links: Link[] };
    expect(page.title).toMatch(/OGC API/);
    for (const [rel, path, type] of [
      ['self', '/ogc', 'application/json'],
      ['service-desc', '/api/openapi.json', 'application/vnd.oai.openapi+json;version=3.1'],
      ['conformance', '/ogc/conformance', 'application/json'],
      ['data', '/ogc/collections', 'application/json'],
    ] as const) {
      const l = link(page.links, rel);
      expect(l, rel).toBeDefined();
      expect(l!.href).toBe(app.url + path);
      expect(l!.type).toBe(type);
    }
    // Every link resolves.
    for (const l of page.links) expect((await app.get(l.href.slice(app.url.length))).status, l.href).toBe(200);
    expect(await json('/ogc?f=json')).toEqual(page);
  });

  it('declares the core and GeoJSON conformance classes', async () => {
    const c = await json<{ conformsTo: string[] }>('/ogc/conformance');
    expect(c.conformsTo).toEqual(expect.arrayContaining([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
    ]));
  });

  it('describes every layer as a collection with title, Chinese description and the extent of its data', async () => {
    const body = await json<{ links: Link[]; collections: CollectionJson[] }>('/ogc/collections', command);
    expect(link(body.links, 'self')!.href).toBe(`${app.url}/ogc/collections`);
    expect(body.collections.map((c) => c.id)).toEqual(ALL_IDS);
    for (const c of body.collections) {
      const def = COLLECTIONS.find((d) => d.id === c.id)!;
      expect(c.title).toBe(def.title);
      expect(c.description).toMatch(/\p{Script=Han}/u);
      expect(c.itemType).toBe('feature');
      expect(c.crs).toEqual(['http://www.opengis.net/def/crs/OGC/1.3/CRS84']);
      const ext = (await system<{ xmin: number; ymin: number; xmax: number; ymax: number }>(
        `select st_xmin(e) as xmin, st_ymin(e) as ymin, st_xmax(e) as xmax, st_ymax(e) as ymax from (select st_extent(geom) as e from ${def.table}) x`,
      ))[0]!;
      const bbox = c.extent.spatial.bbox[0] as number[];
      expect(bbox, c.id).toHaveLength(4);
      [ext.xmin, ext.ymin, ext.xmax, ext.ymax].forEach((v, k) => expect(bbox[k]!, `${c.id} bbox[${k}]`).toBeCloseTo(Number(v), 7));
      expect(link(c.links, 'items')).toEqual(expect.objectContaining({ href: `${app.url}/ogc/collections/${c.id}/items`, type: 'application/geo+json' }));
      expect(link(c.links, 'self')!.href).toBe(`${app.url}/ogc/collections/${c.id}`);
      // The collection's own document says the same.
      expect(await json(`/ogc/collections/${c.id}`, command)).toEqual(c);
    }
    const cases = body.collections.find((c) => c.id === 'cases')!;
    const [t] = await system<{ t0: string; t1: string }>(`select min(reported_at) as t0, max(reported_at) as t1 from cases`);
    expect(cases.extent.temporal!.interval[0]!.map((s) => Date.parse(s))).toEqual([new Date(t!.t0).getTime(), new Date(t!.t1).getTime()]);
    expect(body.collections.find((c) => c.id === 'roads')!.extent.temporal).toBeUndefined();
  });

  it('serves items as GeoJSON with numberMatched, numberReturned, timeStamp and the exposed properties only', async () => {
    const r = await app.get('/ogc/collections/cases/items?limit=5', { token: command });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const page = (await r.json()) as Items;
    expect(page.type).toBe('FeatureCollection');
    expect(page.numberMatched).toBe(await count('select count(*)::int as n from cases'));
    expect(page.numberReturned).toBe(5);
    expect(page.features).toHaveLength(5);
    expect(Math.abs(Date.parse(page.timeStamp) - Date.now())).toBeLessThan(60_000);
    const def = COLLECTIONS.find((d) => d.id === 'cases')!;
    for (const f of page.features) {
      expect(f.type).toBe('Feature');
      expect(typeof f.id).toBe('number');
      expect(f.geometry.type).toBe('Point');
      expect(Object.keys(f.properties!).sort()).toEqual(def.properties.map((p) => p.name).sort());
      expect(f.properties!.reported_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    // Values match the table.
    const first = page.features[0] as Feature<Point>;
    const [row] = await system<{ code: string; status: string; reported_at: Date; lon: number; lat: number }>(
      'select code, status, reported_at, st_x(geom) as lon, st_y(geom) as lat from cases where id = $1', [first.id],
    );
    expect(first.properties).toMatchObject({ code: row!.code, status: row!.status, reported_at: row!.reported_at.toISOString() });
    expect(first.geometry.coordinates[0]).toBeCloseTo(row!.lon, 7);
    expect(first.geometry.coordinates[1]).toBeCloseTo(row!.lat, 7);
    expect(link(page.links, 'self')!.href).toBe(`${app.url}/ogc/collections/cases/items?limit=5`);
    expect(link(page.links, 'collection')!.href).toBe(`${app.url}/ogc/collections/cases`);
    expect(link(page.links, 'prev')).toBeUndefined();
    // Default and largest page size.
    expect((await json<Items>('/ogc/collections/roads/items')).numberReturned).toBe(100);
    const big = await json<Items>('/ogc/collections/cases/items?limit=10000&f=json', command);
    expect(big.numberReturned).toBe(10_000);
    // A deep page holds the rows SQL puts there.
    const deep = await json<Items>('/ogc/collections/cases/items?limit=100&offset=19950', command);
    const ids = (await system<{ id: string }>('select id from cases order by id offset 19950 limit 100')).map((r) => Number(r.id));
    expect(deep.features.map((f) => f.id)).toEqual(ids);
    expect(deep.numberReturned).toBe(ids.length);
  });

  it('never exposes the personal data of cases', async () => {
    const page = await json<Items>('/ogc/collections/cases/items?limit=200', command);
    const text = JSON.stringify(page);
    expect(text).not.toMatch(/reporter_name|reporter_phone|assignee/);
    const ids = page.features.map((f) => f.id);
    const personal = await system<{ reporter_name: string | null; reporter_phone: string | null }>(
      'select reporter_name, reporter_phone from cases where id = any($1::bigint[])', [ids],
    );
    const values = personal.flatMap((p) => [p.reporter_name, p.reporter_phone]).filter((v): v is string => !!v && v.length > 1);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(text.includes(v), v).toBe(false);
    const one = await json<Feature>(`/ogc/collections/cases/items/${ids[0]}`, command);
    expect(Object.keys(one.properties!)).not.toContain('reporter_phone');
  });

  it('walks every feature of a small collection exactly once through the next links, and back through prev', async () => {
    const all = (await system<{ id: number }>('select id from grids order by id')).map((r) => Number(r.id));
    const seen: number[] = [];
    const pages: Items[] = [];
    let path: string | null = '/ogc/collections/grids/items?limit=10';
    while (path) {
      const page: Items = await json<Items>(path, command);
      pages.push(page);
      expect(page.numberMatched).toBe(all.length);
      expect(page.numberReturned).toBe(page.features.length);
      seen.push(...page.features.map((f) => Number(f.id)));
      const next = link(page.links, 'next');
      expect(next?.type ?? 'application/geo+json').toBe('application/geo+json');
      path = next ? relative(next.href) : null;
      expect(pages.length).toBeLessThan(20);
    }
    expect(pages).toHaveLength(Math.ceil(all.length / 10));
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    // prev leads back page by page.
    let back: Link | undefined = link(pages.at(-1)!.links, 'prev');
    const backIds: number[][] = [];
    while (back) {
      const page: Items = await json<Items>(relative(back.href), command);
      backIds.push(page.features.map((f) => Number(f.id)));
      back = link(page.links, 'prev');
    }
    expect(backIds.reverse()).toEqual(pages.slice(0, -1).map((p) => p.features.map((f) => Number(f.id))));
    // Past the end: empty, with a way back.
    const past = await json<Items>('/ogc/collections/grids/items?limit=10&offset=500', command);
    expect(past).toMatchObject({ numberMatched: all.length, numberReturned: 0, features: [] });
    expect(link(past.links, 'next')).toBeUndefined();
    expect(relative(link(past.links, 'prev')!.href)).toBe(`/ogc/collections/grids/items?limit=10&offset=${all.length - 10}`);
  });

  it('filters by bbox as ST_Intersects with the box does, and keeps the bbox in the paging links', async () => {
    const [e] = await system<{ xmin: number; ymin: number; xmax: number; ymax: number }>(
      'select st_xmin(e) as xmin, st_ymin(e) as ymin, st_xmax(e) as xmax, st_ymax(e) as ymax from (select st_extent(geom) as e from grids) x',
    );
    const w = e!.xmin + (e!.xmax - e!.xmin) * 0.3;
    const s = e!.ymin + (e!.ymax - e!.ymin) * 0.3;
    const east = e!.xmin + (e!.xmax - e!.xmin) * 0.55;
    const n = e!.ymin + (e!.ymax - e!.ymin) * 0.5;
    const bbox = [w, s, east, n].join(',');
    for (const layer of ['cases', 'buildings', 'roads', 'grids', 'blocks']) {
      const table = COLLECTIONS.find((c) => c.id === layer)!.table;
      const expected = await count(`select count(*)::int as n from ${table} where st_intersects(geom, st_makeenvelope($1, $2, $3, $4, 4326))`, [w, s, east, n]);
      const total = await count(`select count(*)::int as n from ${table}`);
      expect(expected, layer).toBeGreaterThan(0);
      expect(expected, layer).toBeLessThan(total);
      const page = await json<Items>(`/ogc/collections/${layer}/items?bbox=${bbox}&limit=50`, command);
      expect(page.numberMatched, layer).toBe(expected);
      if (expected > 50) expect(relative(link(page.links, 'next')!.href)).toBe(`/ogc/collections/${layer}/items?bbox=${encodeURIComponent(bbox)}&limit=50&offset=50`);
    }
    const points = await json<Items>(`/ogc/collections/cases/items?bbox=${bbox}&limit=10000`, command);
    for (const f of points.features as Feature<Point>[]) {
      const [x, y] = f.geometry.coordinates as [number, number];
      expect(x >= w && x <= east && y >= s && y <= n, `${x},${y}`).toBe(true);
    }
    // Six numbers (heights ignored) give the same; far away gives nothing; across the antimeridian, west of 112 to east of -170, everything.
    expect((await json<Items>(`/ogc/collections/cases/items?bbox=${w},${s},-100,${east},${n},100&limit=1`, command)).numberMatched).toBe(points.numberMatched);
    expect((await json<Items>('/ogc/collections/cases/items?bbox=0,0,1,1', command)).numberMatched).toBe(0);
    expect((await json<Items>('/ogc/collections/cases/items?bbox=100,0,-170,60&limit=1', command)).numberMatched).toBe(await count('select count(*)::int as n from cases'));
    expect((await json<Items>('/ogc/collections/cases/items?bbox=120,0,-170,60&limit=1', command)).numberMatched).toBe(0);
  });

  it('filters cases by datetime on reported_at: intervals, open ends, dates', async () => {
    const between = (a: string, b: string) => count('select count(*)::int as n from cases where reported_at >= $1 and reported_at <= $2', [a, b]);
    const spring = await json<Items>('/ogc/collections/cases/items?datetime=2026-03-01T00:00:00Z/2026-03-31T23:59:59Z&limit=1', command);
    expect(spring.numberMatched).toBe(await between('2026-03-01T00:00:00Z', '2026-03-31T23:59:59Z'));
    expect(spring.numberMatched).toBeGreaterThan(0);
    expect(decodeURIComponent(link(spring.links, 'next')!.href)).toContain('datetime=2026-03-01T00:00:00Z/2026-03-31T23:59:59Z');
    const day = await json<Items>('/ogc/collections/cases/items?datetime=2026-03-02&limit=1', command);
    expect(day.numberMatched).toBe(await between('2026-03-02T00:00:00Z', '2026-03-02T23:59:59.999999Z'));
    const until = await json<Items>('/ogc/collections/cases/items?datetime=../2026-01-01T00:00:00Z&limit=1', command);
    expect(until.numberMatched).toBe(await count(`select count(*)::int as n from cases where reported_at <= '2026-01-01T00:00:00Z'`));
    const since = await json<Items>('/ogc/collections/cases/items?datetime=2026-01-01T00:00:00%2B08:00/..&limit=1', command);
    expect(since.numberMatched).toBe(await count(`select count(*)::int as n from cases where reported_at >= '2026-01-01T00:00:00+08:00'`));
    expect(until.numberMatched + since.numberMatched).toBeGreaterThanOrEqual(20_000);
    // An instant matches the cases reported at that very moment.
    const [one] = await system<{ id: string; at: Date }>('select id, reported_at as at from cases order by id limit 1');
    const instant = await json<Items>(`/ogc/collections/cases/items?datetime=${one!.at.toISOString()}`, command);
    expect(instant.features.map((f) => String(f.id))).toContain(String(one!.id));
    // With bbox too.
    const both = await json<Items>('/ogc/collections/cases/items?datetime=2026-01-01/..&bbox=111.9,27.7,112.0,27.74&limit=1', command);
    expect(both.numberMatched).toBe(await count(
      `select count(*)::int as n from cases where reported_at >= '2026-01-01T00:00:00Z' and st_intersects(geom, st_makeenvelope(111.9, 27.7, 112.0, 27.74, 4326))`,
    ));
  });

  it('serves one feature with its links, and 404 for an unknown id', async () => {
    const [g] = await system<{ id: number; code: string }>('select id, code from grids order by id desc limit 1');
    const r = await app.get(`/ogc/collections/grids/items/${g!.id}`, { token: command });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const f = (await r.json()) as Feature & { links: Link[] };
    expect(f).toMatchObject({ type: 'Feature', id: g!.id, properties: { code: g!.code } });
    expect(f.geometry.type).toBe('MultiPolygon');
    expect(link(f.links, 'self')!.href).toBe(`${app.url}/ogc/collections/grids/items/${g!.id}`);
    expect(link(f.links, 'collection')!.href).toBe(`${app.url}/ogc/collections/grids`);
    for (const bad of ['999999', 'abc', '1.5', '-1', '99999999999999999999']) {
      const e = await refusal(`/ogc/collections/grids/items/${bad}`, 404, command);
      expect(e.message).toBe(`no feature "${bad}" in the grids collection`);
    }
  });

  it('refuses bad parameters with 400 and a reason, unknown collections with 404 naming the known ones', async () => {
    const cases: [string, RegExp][] = [
      ['/ogc/collections/roads/items?bbox=1,2,3', /bbox must be 4 numbers/],
      ['/ogc/collections/roads/items?bbox=a,b,c,d', /bbox must hold finite numbers/],
      ['/ogc/collections/roads/items?bbox=0,-95,1,1', /latitudes must lie within -90..90/],
      ['/ogc/collections/roads/items?bbox=-200,0,1,1', /longitudes must lie within -180..180/],
      ['/ogc/collections/roads/items?bbox=0,2,1,1', /south edge below its north edge/],
      ['/ogc/collections/roads/items?limit=0', /limit must be >= 1/],
      ['/ogc/collections/roads/items?limit=10001', /limit must be <= 10000/],
      ['/ogc/collections/roads/items?limit=ten', /limit must be integer/],
      ['/ogc/collections/roads/items?offset=-1', /offset must be >= 0/],
      ['/ogc/collections/roads/items?offset=1e30', /offset must be <= 1000000000/],
      ['/ogc/collections/roads/items?colour=red', /unknown query parameter "colour"/],
      ['/ogc/collections/roads/items?bbox-crs=EPSG:4326', /unknown query parameter "bbox-crs"/],
      ['/ogc/collections/roads/items?datetime=2026-01-01', /roads collection has no time property/],
      ['/ogc/collections/cases/items?datetime=2026-02-30', /impossible date/],
      ['/ogc/collections/roads/items?f=html', /f=html is not offered: the only format is json/],
      ['/ogc?f=xml', /f=xml is not offered/],
      ['/ogc/collections?page=2', /unknown query parameter "page"/],
      ['/ogc/collections/roads/items/1?limit=5', /unknown query parameter "limit"/],
    ];
    for (const [path, reason] of cases) {
      const e = await refusal(path, 400, command);
      expect(e.code, path).toBe('invalid_query');
      expect(e.message, path).toMatch(reason);
    }
    for (const path of ['/ogc/collections/parcels', '/ogc/collections/parcels/items', '/ogc/collections/parcels/items/1']) {
      const e = await refusal(path, 404, command);
      expect(e.message).toBe(`no collection "parcels"; the collections are ${ALL_IDS.join(', ')}`);
      expect(e.details).toEqual({ collections: ALL_IDS });
    }
  });

  it('shows the public only the public layers, and says to sign in for the others', async () => {
    const body = await json<{ collections: { id: string }[] }>('/ogc/collections');
    expect(body.collections.map((c) => c.id)).toEqual(PUBLIC_IDS);
    const roads = await json<Items>('/ogc/collections/roads/items?limit=1');
    expect(roads.numberMatched).toBe(await count('select count(*)::int as n from roads'));
    for (const id of ['grids', 'subgrids', 'blocks', 'components', 'cases']) {
      for (const path of [`/ogc/collections/${id}`, `/ogc/collections/${id}/items`, `/ogc/collections/${id}/items/1`]) {
        const e = await refusal(path, 401);
        expect(e.message).toBe(`the ${id} collection is not public: sign in to read it`);
      }
    }
    const e404 = await refusal('/ogc/collections/parcels', 404);
    expect(e404.details).toEqual({ collections: PUBLIC_IDS });
    // A signed-in account with the public role is refused with 403.
    const publicUser = await app.login('public');
    expect((await json<{ collections: { id: string }[] }>('/ogc/collections', publicUser)).collections.map((c) => c.id)).toEqual(PUBLIC_IDS);
    expect((await refusal('/ogc/collections/cases/items', 403, publicUser)).message).toBe('the public role may not read the cases collection');
  });

  it('agrees with the database: the staff collections hold nothing for the public, the public ones everything', async () => {
    for (const c of COLLECTIONS) {
      const seen = await scopeTransaction(db, PUBLIC_PRINCIPAL, async (tx) => (await tx.query<{ n: number }>(`select count(*)::int as n from ${c.table}`)).rows[0]!.n);
      const total = await count(`select count(*)::int as n from ${c.table}`);
      expect(total, c.id).toBeGreaterThan(0);
      expect(seen, c.id).toBe(c.public ? total : 0);
    }
  });

  it('shows a grid chief only their grid\'s grids, cases and components; the command centre sees the city', async () => {
    const grids = await json<Items>('/ogc/collections/grids/items', chief);
    expect(grids.features.map((f) => f.id)).toEqual(chiefGrids);
    const mine = await count('select count(*)::int as n from cases where grid_id = any($1::int[])', [chiefGrids]);
    expect(mine).toBeGreaterThan(0);
    const cases = await json<Items>('/ogc/collections/cases/items?limit=10000', chief);
    expect(cases.numberMatched).toBe(mine);
    expect(cases.features.every((f) => chiefGrids.includes(f.properties!.grid_id as number))).toBe(true);
    const components = await json<Items>('/ogc/collections/components/items?limit=1', chief);
    expect(components.numberMatched).toBe(await count('select count(*)::int as n from components where grid_id = any($1::int[])', [chiefGrids]));
    const subgrids = await json<Items>('/ogc/collections/subgrids/items', chief);
    expect(subgrids.numberMatched).toBe(await count('select count(*)::int as n from subgrids where grid_id = any($1::int[])', [chiefGrids]));
    // Public layers are whole.
    expect((await json<Items>('/ogc/collections/roads/items?limit=1', chief)).numberMatched).toBe(await count('select count(*)::int as n from roads'));
    // Another grid's case is not there at all.
    const [other] = await system<{ id: string }>('select id from cases where not (grid_id = any($1::int[])) order by id limit 1', [chiefGrids]);
    await refusal(`/ogc/collections/cases/items/${other!.id}`, 404, chief);
    expect((await app.get(`/ogc/collections/cases/items/${other!.id}`, { token: command })).status).toBe(200);
    // The extent is that of what the chief sees.
    const col = await json<{ extent: { spatial: { bbox: number[][] } } }>('/ogc/collections/grids', chief);
    const [e] = await system<{ xmin: number; ymax: number }>(
      'select st_xmin(e) as xmin, st_ymax(e) as ymax from (select st_extent(geom) as e from grids where id = any($1::int[])) x', [chiefGrids],
    );
    expect(col.extent.spatial.bbox[0]![0]).toBeCloseTo(Number(e!.xmin), 7);
    expect(col.extent.spatial.bbox[0]![3]).toBeCloseTo(Number(e!.ymax), 7);
    // The command centre reads the whole city.
    expect((await json<Items>('/ogc/collections/grids/items?limit=1', command)).numberMatched).toBe(63);
    expect((await json<Items>('/ogc/collections/cases/items?limit=1', command)).numberMatched).toBe(await count('select count(*)::int as n from cases'));
  });

  it('recomputes an extent after a committed write is announced', async () => {
    const before = await json<{ extent: { spatial: { bbox: number[][] } } }>('/ogc/collections/charging_sheds');
    const east = before.extent.spatial.bbox[0]![2]!;
    const [shed] = await system<{ id: number; x: number; y: number }>('select id, st_x(geom) as x, st_y(geom) as y from charging_sheds order by id limit 1');
    await system('update charging_sheds set geom = st_setsrid(st_makepoint($2, $3), 4326) where id = $1', [shed!.id, east + 0.01, shed!.y]);
    try {
      app.app.deps.changes.notify('charging_sheds');
      const after = await json<{ extent: { spatial: { bbox: number[][] } } }>('/ogc/collections/charging_sheds');
      expect(after.extent.spatial.bbox[0]![2]).toBeCloseTo(east + 0.01, 7);
    } finally {
      await system('update charging_sheds set geom = st_setsrid(st_makepoint($2, $3), 4326) where id = $1', [shed!.id, shed!.x, shed!.y]);
      app.app.deps.changes.notify('charging_sheds');
    }
  });
});
