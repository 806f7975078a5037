// Geometry operations (POST /api/geometry/split, /api/geometry/merge): a polygon cut
// along a drawn line into pieces that cover it exactly, polygons sharing an edge merged
// into one, refusals with reasons (a line that does not cut, polygons that only meet
// at a corner), and the planner's whole round trip: split a block, save the pieces
// through the batch endpoint, merge them back.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import type { Queryable } from '../../../server/db/types.ts';
import { mergePolygons, splitPolygon, unconnected } from '../../../server/units/geometry-ops.ts';

const square = (x: number, y: number, d = 0.01): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });
const line = (...pts: [number, number][]) => ({ type: 'LineString', coordinates: pts });

describe(`geometry operations (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let planner: string;

  const split = (geometry: unknown, cut: unknown, token = planner) => app.request('POST', '/api/geometry/split', { token, body: { geometry, line: cut } });
  const merge = (geometries: unknown[], token = planner) => app.request('POST', '/api/geometry/merge', { token, body: { geometries } });
  /** Area in m² of a GeoJSON geometry, and of the overlap and union of several. */
  const measure = async (geoms: unknown[]) => {
    const r = await db.query<{ sum: number; union: number; overlap: number }>(
      `with g as (select (u.ord)::int as i, st_setsrid(st_geomfromgeojson(u.t), 4326) as geom from unnest($1::text[]) with ordinality as u(t, ord))
       select (select sum(st_area(geom::geography)) from g) as sum,
              (select st_area(st_union(geom)::geography) from g) as union,
              coalesce((select sum(st_area(st_intersection(a.geom, b.geom)::geography)) from g a join g b on a.i < b.i), 0) as overlap`,
      [geoms.map((g) => JSON.stringify(g))],
    );
    return r.rows[0]!;
  };

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    planner = await app.login('planner');
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('splits a polygon along a line into pieces that cover it with no overlap', async () => {
    const r = await split(square(112, 27.7), line([112.004, 27.69], [112.006, 27.72]));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/geo\+json/);
    const fc = (await r.json()) as FeatureCollection<Polygon>;
    expect(fc.features).toHaveLength(2);
    expect(fc.features.map((f) => f.geometry.type)).toEqual(['Polygon', 'Polygon']);
    expect((fc as unknown as { pieces: Polygon[] }).pieces).toEqual(fc.features.map((f) => f.geometry));
    const whole = await measure([square(112, 27.7)]);
    const parts = await measure(fc.features.map((f) => f.geometry));
    expect(parts.overlap).toBeLessThan(0.01);
    expect(Math.abs(parts.sum - whole.sum)).toBeLessThan(0.5);
    // Largest first, areas given.
    expect(fc.features[0]!.properties!.area_m2).toBeGreaterThan(fc.features[1]!.properties!.area_m2);
    // A line crossing twice cuts three pieces.
    const zigzag = await split(square(112, 27.7), line([112.002, 27.69], [112.005, 27.72], [112.008, 27.69]));
    expect(((await zigzag.json()) as FeatureCollection).features).toHaveLength(3);
  });

  it('refuses a line that does not cut through, and invalid input, with a reason', async () => {
    const miss = await split(square(112, 27.7), line([112.02, 27.69], [112.03, 27.72]));
    expect(miss.status).toBe(422);
    expect((await miss.json()).error).toMatchObject({ code: 'line_does_not_cross', message: expect.stringMatching(/does not cross/) });
    const halfway = await split(square(112, 27.7), line([112.005, 27.69], [112.005, 27.705]));
    expect(halfway.status).toBe(422);
    expect((await halfway.json()).error.message).toMatch(/does not cut through/);
    const bowtie = { type: 'Polygon', coordinates: [[[112, 27.7], [112.01, 27.71], [112.01, 27.7], [112, 27.71], [112, 27.7]]] };
    const invalid = await split(bowtie, line([112.005, 27.69], [112.005, 27.72]));
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.message).toMatch(/^geometry: self-intersection at/);
    const point = await split(square(112, 27.7), { type: 'Point', coordinates: [112, 27.7] });
    expect(point.status).toBe(422);
    expect((await point.json()).error.message).toMatch(/^line/);
    expect((await app.request('POST', '/api/geometry/split', { token: planner, body: { geometry: square(112, 27.7) } })).status).toBe(422);
  });

  it('merges polygons that share an edge into one polygon', async () => {
    const r = await merge([square(112, 27.7), square(112.01, 27.7), square(112.01, 27.71)]);
    expect(r.status).toBe(200);
    const f = (await r.json()) as Feature<Polygon>;
    expect(f.geometry.type).toBe('Polygon');
    expect(f.properties).toMatchObject({ merged: 3 });
    const sum = await measure([square(112, 27.7), square(112.01, 27.7), square(112.01, 27.71)]);
    expect(Math.abs(f.properties!.area_m2 - sum.sum)).toBeLessThan(1);
    // The union has no seams: one outer ring, no holes.
    expect(f.geometry.coordinates).toHaveLength(1);
  });

  it('refuses to merge polygons that meet only at a corner or not at all, naming them', async () => {
    const corner = await merge([square(112, 27.7), square(112.01, 27.71)]);
    expect(corner.status).toBe(422);
    expect((await corner.json()).error).toMatchObject({ code: 'not_adjacent', details: { apart: [1] }, message: expect.stringMatching(/geometries\[1\] shares no edge/) });
    const far = await merge([square(112, 27.7), square(112.01, 27.7), square(113, 28)]);
    expect((await far.json()).error.details.apart).toEqual([2]);
    expect((await merge([square(112, 27.7)])).status).toBe(422);
  });

  it('is for planners and admins only', async () => {
    for (const user of ['command', 'officer', 'chief01']) {
      expect((await split(square(112, 27.7), line([112.005, 27.69], [112.005, 27.72]), await app.login(user))).status, user).toBe(403);
    }
    expect((await merge([square(112, 27.7), square(112.01, 27.7)], '')).status).toBe(401);
    expect((await merge([square(112, 27.7), square(112.01, 27.7)], await app.login('admin'))).status).toBe(200);
  });

  it('round trip on a real block: split, save as update + create, merge back, save as update + delete', async () => {
    const b = await db.query<{ id: number; code: string; community_id: number; version: number; geom: Polygon; x: number; ymin: number; ymax: number }>(
      `select b.id, trim(b.code) as code, b.community_id, b.version, st_asgeojson(st_geometryn(b.geom, 1), 15)::json as geom,
              st_x(st_centroid(b.geom)) as x, st_ymin(b.geom) as ymin, st_ymax(b.geom) as ymax
         from blocks b where st_numgeometries(b.geom) = 1 order by st_area(b.geom) desc limit 1`,
    );
    const block = b.rows[0]!;
    const cut = await split(block.geom, line([block.x, block.ymin - 0.001], [block.x + 0.0001, block.ymax + 0.001]));
    expect(cut.status).toBe(200);
    const pieces = ((await cut.json()) as FeatureCollection<Polygon>).features.map((f) => f.geometry);
    expect(pieces).toHaveLength(2);
    const code = `${block.code.slice(0, 12)}9902`;
    const saved = await app.request('POST', '/api/blocks/changes', {
      token: planner,
      body: {
        updates: [{ id: block.id, version: block.version, geometry: pieces[0] }],
        creates: [{ properties: { code, name: '拆分街区', community_id: block.community_id, landuse: 'residential' }, geometry: pieces[1] }],
      },
    });
    expect(saved.status).toBe(200);
    const report = await saved.json();
    const newId = report.created[0].id as number;
    const joined = await merge(pieces);
    expect(joined.status).toBe(200);
    const whole = ((await joined.json()) as Feature<Polygon>).geometry;
    const back = await app.request('POST', '/api/blocks/changes', {
      token: planner,
      body: { updates: [{ id: block.id, version: block.version + 1, geometry: whole }], deletes: [{ id: newId, version: 1 }] },
    });
    expect(back.status).toBe(200);
    const diff = await db.query<{ d: number }>(
      `select st_area(st_symdifference(geom, st_setsrid(st_geomfromgeojson($2), 4326))::geography) as d from blocks where id = $1`,
      [block.id, JSON.stringify(block.geom)],
    );
    expect(diff.rows[0]!.d).toBeLessThan(0.5);
    expect((await db.query('select 1 from blocks where id = $1', [newId])).rows).toHaveLength(0);
  });

  it('retries on the inputs snapped to 1e-7 degrees when the geometry engine answers no row', async () => {
    // A store whose overlays silently answer nothing unless the inputs are snapped, as the embedded GEOS sometimes does.
    const seen: string[] = [];
    const flaky: Queryable = {
      exec: (sql) => db.exec(sql),
      async query(sql, params) {
        const overlay = /st_split|st_union|st_relate/.test(sql);
        if (overlay) seen.push(sql.includes('st_snaptogrid') ? 'snapped' : 'plain');
        if (overlay && !sql.includes('st_snaptogrid')) return { rows: [], rowCount: 0 };
        return db.query(sql, params);
      },
    } as Queryable;
    const pieces = await splitPolygon(flaky, square(112, 27.7), line([112.005, 27.69], [112.005, 27.72]), { maxVertices: 1000 });
    expect(pieces).toHaveLength(2);
    expect(seen).toEqual(['plain', 'snapped']);
    const merged = await mergePolygons(flaky, [square(112, 27.7), square(112.01, 27.7)], { maxVertices: 1000 });
    expect(merged.geometry.type).toBe('Polygon');
    // Still nothing when snapped: a 500 that says so, not an empty answer.
    const dead: Queryable = { exec: (sql) => db.exec(sql), query: (sql, params) => (/st_split/.test(sql) ? Promise.resolve({ rows: [], rowCount: 0 }) : db.query(sql, params)) } as Queryable;
    await expect(splitPolygon(dead, square(112, 27.7), line([112.005, 27.69], [112.005, 27.72]), { maxVertices: 1000 })).rejects.toMatchObject({ status: 500, code: 'geometry_operation_failed' });
  });

  it('finds the polygons not connected to the first (union-find)', () => {
    expect(unconnected(3, [[0, 1], [1, 2]])).toEqual([]);
    expect(unconnected(4, [[0, 1], [2, 3]])).toEqual([2, 3]);
    expect(unconnected(2, [])).toEqual([1]);
  });
});
