// The residents' maps API without a token: the nearest places of each kind equal a
// brute-force search (points by haversine in JS, areas by a plain distance over every
// row), areas measured to their edge (0 inside), boxes honoured, bad input refused with
// reasons, and nothing staff-only — a toilet not open to the public, a planned shed, a
// closed vendor zone — reaching an anonymous caller through the API, the tiles, OGC
// API – Features or the database itself.
import { PbfReader } from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PUBLIC_PRINCIPAL, scopeTransaction } from '../../../server/auth/principal.ts';
import type { Row } from '../../../server/db/types.ts';
import { NEAREST_SQL } from '../../../server/public/places.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

interface Place {
  kind: string;
  id: number;
  name: string;
  name_en: string | null;
  address: string | null;
  open_hours: string | null;
  details: Record<string, unknown> | null;
  point: [number, number];
  area: { type: string; coordinates: number[][][][] } | null;
}
interface NearPlace extends Place {
  distance_m: number;
  to: [number, number];
  bearing_deg: number | null;
}

/** Great-circle metres on PostGIS's sphere (mean radius of WGS 84), written apart from the code under test. */
function haversine([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const R = 6371008.7714;
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}

function tileAt(lon: number, lat: number, z: number): string {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return `${z}/${x}/${y}`;
}

describe(`public places API (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let officer: string;
  /** Where the staff-only rows were put: a point among the public toilets. */
  let here: [number, number];
  const hidden: { toilet: number; shed: number; zone: number; planned_zone: number } = { toilet: 0, shed: 0, zone: 0, planned_zone: 0 };

  const system = <R extends object = Row>(sql: string, params: unknown[] = []) =>
    db.transaction(async (tx) => {
      await tx.query(`select set_config('app.role', 'system', true)`);
      return (await tx.query<R>(sql, params)).rows;
    });
  const get = async <T>(path: string, token?: string): Promise<T> => {
    const r = await app.get(path, token ? { token } : {});
    expect(r.status, `${path}: ${await r.clone().text()}`).toBe(200);
    return (await r.json()) as T;
  };
  const nearest = (q: string, token?: string) => get<{ kind: string; from: [number, number]; places: NearPlace[] }>(`/api/public/nearest?${q}`, token);

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    officer = await app.login('officer');
    // A point 30 m east of a public toilet; the staff-only rows go right on it.
    const [t] = await system<{ lon: number; lat: number }>(
      `select st_x(geom) + 0.0003 as lon, st_y(geom) as lat from service_points where kind = 'public_toilet' order by id limit 1 offset 3`,
    );
    here = [t!.lon, t!.lat];
    const pt = `st_setsrid(st_makepoint(${here[0]}, ${here[1]}), 4326)`;
    const box = (d: number) => `st_multi(st_buffer(${pt}, ${d}, 'quad_segs=1'))`;
    // A staff-only toilet (the cell: the nearest toilet's, near enough for a test row).
    hidden.toilet = (await system<{ id: number }>(
      `insert into service_points (kind, name, name_en, public, geom, h3)
       select 'public_toilet', '环卫所内部厕所', 'Staff toilet', false, ${pt}, h3 from service_points where kind = 'public_toilet' order by geom <-> ${pt} limit 1 returning id`,
    ))[0]!.id;
    hidden.shed = (await system<{ id: number }>(
      `insert into charging_sheds (name, piles, status, geom, h3) select '规划中的充电棚', 8, 'planned', ${pt}, h3 from service_points order by geom <-> ${pt} limit 1 returning id`,
    ))[0]!.id;
    hidden.zone = (await system<{ id: number }>(`insert into vendor_zones (name, stalls, hours, status, geom) values ('已关闭疏导区', 10, '18:00-22:00', 'closed', ${box(0.0002)}) returning id`))[0]!.id;
    hidden.planned_zone = (await system<{ id: number }>(`insert into vendor_zones (name, stalls, hours, status, geom) values ('规划疏导区', 10, '18:00-22:00', 'planned', ${box(0.0001)}) returning id`))[0]!.id;
    app.app.deps.changes.notify('service_points', 'charging_sheds', 'vendor_zones');
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('finds the nearest public toilets in order, as a brute-force haversine search does, without the staff-only one', async () => {
    const a = await nearest(`kind=toilet&lon=${here[0]}&lat=${here[1]}&limit=5`);
    expect(a.kind).toBe('toilet');
    expect(a.from).toEqual(here);
    expect(a.places).toHaveLength(5);
    const all = await system<{ id: number; lon: number; lat: number }>(`select id, st_x(geom) as lon, st_y(geom) as lat from service_points where kind = 'public_toilet' and public`);
    const truth = all.map((p) => ({ id: p.id, d: haversine(here, [p.lon, p.lat]) })).sort((x, y) => x.d - y.d || x.id - y.id);
    expect(a.places.map((p) => p.id)).toEqual(truth.slice(0, 5).map((p) => p.id));
    a.places.forEach((p, i) => {
      expect(p.distance_m).toBeCloseTo(truth[i]!.d, 0);
      expect(p.to).toEqual(p.point);
      expect(p.name).toBeTruthy();
      expect(p.name_en).toBeTruthy();
      expect(p.open_hours).toMatch(/^\d\d:\d\d-\d\d:\d\d$/);
      expect(p.area).toBeNull();
    });
    expect(a.places.map((p) => p.id)).not.toContain(hidden.toilet);
    expect(a.places[0]!.distance_m).toBeGreaterThan(20);
    expect(a.places[0]!.distance_m).toBeLessThan(40);
    // East of the toilet: the way back points west.
    expect(a.places[0]!.bearing_deg).toBeGreaterThan(260);
    expect(a.places[0]!.bearing_deg).toBeLessThan(280);
    // A signed-in officer's public map shows the same: it is the residents' map.
    expect((await nearest(`kind=toilet&lon=${here[0]}&lat=${here[1]}&limit=5`, officer)).places).toEqual(a.places);
  });

  it('answers every kind, points and areas, with distances to the nearest edge', async () => {
    for (const kind of ['toilet', 'park', 'vendor_zone', 'service_station', 'charging_shed']) {
      const a = await nearest(`kind=${kind}&lon=${here[0]}&lat=${here[1]}`);
      expect(a.places.length, kind).toBe(5);
      const d = a.places.map((p) => p.distance_m);
      expect(d, kind).toEqual([...d].sort((x, y) => x - y));
      for (const p of a.places) expect(p.kind).toBe(kind);
    }
    const sheds = await nearest(`kind=charging_shed&lon=${here[0]}&lat=${here[1]}`);
    expect(sheds.places.map((p) => p.id)).not.toContain(hidden.shed);
    expect(sheds.places[0]!.details).toMatchObject({ piles: expect.any(Number) });

    // Areas: the same order and distances as a plain distance over every row, `to` on the edge.
    for (const [kind, sql] of [
      ['park', `select sp.id, st_distance(g.geom::geography, st_setsrid(st_makepoint($1, $2), 4326)::geography, false) as d
                 from green_areas g join service_points sp on sp.kind = 'park' and sp.name = g.name and st_covers(g.geom, sp.geom) where g.kind = 'park'`],
      ['vendor_zone', `select id, st_distance(geom::geography, st_setsrid(st_makepoint($1, $2), 4326)::geography, false) as d from vendor_zones where status = 'operating'`],
    ] as const) {
      const a = await nearest(`kind=${kind}&lon=${here[0]}&lat=${here[1]}&limit=3`);
      const truth = (await system<{ id: number; d: number }>(sql, here)).sort((x, y) => x.d - y.d || x.id - y.id);
      expect(a.places.map((p) => p.id), kind).toEqual(truth.slice(0, 3).map((t) => t.id));
      for (const [i, p] of a.places.entries()) {
        expect(p.distance_m).toBeCloseTo(truth[i]!.d, 0);
        expect(p.area?.type).toBe('MultiPolygon');
        // The nearest point of the edge is as far as the area is (within a metre or 1 %).
        expect(Math.abs(haversine(here, p.to) - p.distance_m)).toBeLessThan(Math.max(1, p.distance_m * 0.01));
      }
    }
    expect((await nearest(`kind=vendor_zone&lon=${here[0]}&lat=${here[1]}&limit=20`)).places.map((p) => p.id)).not.toEqual(
      expect.arrayContaining([hidden.zone]),
    );

    // Inside a park: 0 m, and the way there is where you stand.
    const [inside] = await system<{ lon: number; lat: number }>(`select st_x(p) as lon, st_y(p) as lat from (select st_pointonsurface(geom) as p from green_areas where kind = 'park' order by id limit 1) s`);
    const park = await nearest(`kind=park&lon=${inside!.lon}&lat=${inside!.lat}&limit=1`);
    expect(park.places[0]!.distance_m).toBe(0);
    expect(park.places[0]!.bearing_deg).toBeNull();
    expect(park.places[0]!.open_hours).toBe('05:30-22:30');
  });

  it('walks the geography index for the nearest points, parks and zones (KNN, no sort of the whole table)', async () => {
    const plan = async (kind: 'toilet' | 'park' | 'vendor_zone') =>
      scopeTransaction(db, PUBLIC_PRINCIPAL, async (tx) =>
        (await tx.query<{ 'QUERY PLAN': string }>(`explain ${NEAREST_SQL[kind]}`, [...here, 5])).rows.map((r) => r['QUERY PLAN']).join('\n'),
      );
    expect(await plan('toilet')).toMatch(/Index Scan using service_points_geog on service_points[\s\S]*Order By: \(\(geom\)::geography <->/);
    expect(await plan('park')).toMatch(/Index Scan using green_areas_geog on green_areas[\s\S]*Order By/);
    expect(await plan('vendor_zone')).toMatch(/Index Scan using vendor_zones_geog on vendor_zones[\s\S]*Order By/);
  });

  it('lists the places of a kind in a box, only the public ones', async () => {
    const [x1, y1, x2, y2] = [here[0] - 0.01, here[1] - 0.01, here[0] + 0.01, here[1] + 0.01];
    const a = await get<{ count: number; places: Place[] }>(`/api/public/places?kind=toilet&bbox=${x1},${y1},${x2},${y2}`);
    const [truth] = await system<{ n: number }>(
      `select count(*)::int as n from service_points where kind = 'public_toilet' and public and geom && st_makeenvelope($1, $2, $3, $4, 4326)`,
      [x1, y1, x2, y2],
    );
    expect(a.count).toBe(truth!.n);
    expect(a.count).toBeGreaterThan(1);
    for (const p of a.places) {
      expect(p.point[0]).toBeGreaterThanOrEqual(x1);
      expect(p.point[0]).toBeLessThanOrEqual(x2);
    }
    expect(a.places.map((p) => p.id)).not.toContain(hidden.toilet);
    const zones = await get<{ places: Place[] }>(`/api/public/places?kind=vendor_zone`);
    expect(zones.places.length).toBeGreaterThan(0);
    expect(zones.places.map((p) => p.id)).not.toContain(hidden.zone);
    expect(zones.places.map((p) => p.id)).not.toContain(hidden.planned_zone);
    expect(zones.places[0]!.details).toMatchObject({ stalls: expect.any(Number) });
    const parks = await get<{ places: Place[] }>(`/api/public/places?kind=park`);
    expect(parks.places.every((p) => p.area?.type === 'MultiPolygon' && p.name_en)).toBe(true);
  });

  it('refuses bad input with the reason', async () => {
    const bad = async (q: string, re: RegExp) => {
      const r = await app.get(`/api/public/${q}`);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect(r.status, q).toBe(400);
      expect(body.error.message, q).toMatch(re);
    };
    await bad('nearest?kind=bar&lon=112&lat=27.7', /kind must be one of toilet, park, vendor_zone, service_station, charging_shed/);
    await bad('nearest?kind=toilet&lon=200&lat=27.7', /lon must be <= 180/);
    await bad('nearest?kind=toilet&lon=112&lat=-91', /lat must be >= -90/);
    await bad('nearest?kind=toilet&lon=east&lat=27.7', /lon must be number/);
    await bad('nearest?kind=toilet&lat=27.7', /"lon" is required/);
    await bad('nearest?kind=toilet&lon=112&lat=27.7&limit=0', /limit must be >= 1/);
    await bad('nearest?kind=toilet&lon=112&lat=27.7&radius=3', /unknown query parameter "radius"/);
    await bad('places?kind=park&bbox=1,2,3', /bbox/);
    await bad('places?kind=park&bbox=113,27,112,28', /minimum before its maximum/);
    await bad('places?bbox=112,27,113,28', /"kind" is required/);
  });

  it('leaks nothing staff-only to an anonymous caller: tiles, OGC items, the database', async () => {
    const tile = async (token?: string) => {
      const r = await app.get(`/tiles/service_points/${tileAt(here[0], here[1], 16)}.mvt`, token ? { token } : {});
      expect(r.status).toBe(200);
      const layer = new VectorTile(new PbfReader(new Uint8Array(await r.arrayBuffer()))).layers.service_points!;
      return Array.from({ length: layer.length }, (_, i) => layer.feature(i));
    };
    const anon = await tile();
    expect(anon.length).toBeGreaterThan(0);
    expect(anon.map((f) => f.id)).not.toContain(hidden.toilet);
    expect(anon.every((f) => f.properties.public === true)).toBe(true);
    expect((await tile(officer)).map((f) => f.id)).toContain(hidden.toilet);

    const items = async (collection: string, token?: string) =>
      (await get<{ features: { id: number }[] }>(`/ogc/collections/${collection}/items?limit=1000`, token)).features.map((f) => Number(f.id));
    expect(await items('charging_sheds')).not.toContain(hidden.shed);
    expect(await items('charging_sheds', officer)).toContain(hidden.shed);
    expect(await items('vendor_zones')).not.toContain(hidden.zone);
    expect(await items('service_points')).not.toContain(hidden.toilet);

    // The database itself, whatever the route code does.
    const seen = await scopeTransaction(db, PUBLIC_PRINCIPAL, async (tx) => (await tx.query<{ sp: number; cs: number; vz: number }>(
      `select (select count(*)::int from service_points where not public) as sp,
              (select count(*)::int from charging_sheds where status <> 'operating') as cs,
              (select count(*)::int from vendor_zones where status <> 'operating') as vz`,
    )).rows[0]!);
    expect(seen).toEqual({ sp: 0, cs: 0, vz: 0 });
    const [all] = await system<{ sp: number; cs: number; vz: number }>(
      `select (select count(*)::int from service_points where not public) as sp,
              (select count(*)::int from charging_sheds where status <> 'operating') as cs,
              (select count(*)::int from vendor_zones where status <> 'operating') as vz`,
    );
    expect(all).toEqual({ sp: 1, cs: 1, vz: 2 });
  });
});
