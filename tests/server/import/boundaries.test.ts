// Importing a boundary set: a FeatureCollection that moves a shared edge between two
// grids lands as a whole; one that leaves an overlap or a gap, or edits a stale
// version, is refused with a report and writes nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

describe(`boundary import (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let planner: string;
  let pair: { a: number; b: number; aCode: string; bCode: string; aName: string; bName: string; community: number; bCommunity: number; aWith: unknown; bWithout: unknown };
  const feature = (id: number, geometry: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', id, geometry, properties });
  const post = (body: unknown, token = planner) =>
    app.request('POST', '/api/imports/grids', { token, body: JSON.stringify(body), headers: { 'content-type': 'application/geo+json' } });
  const versions = async () => (await db.query<{ v: string }>(`select string_agg(id || ':' || version, ',' order by id) as v from grids`)).rows[0]!.v;

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    planner = await app.login('planner');
    const r = await db.query<{ a: number; b: number; a_code: string; b_code: string; a_name: string; b_name: string; a_comm: number; b_comm: number; a_with: string; b_without: string }>(
      `with pairs as (
         select a.id as a, b.id as b, st_intersection(a.geom, b.geom) as edge
           from grids a join grids b on a.id < b.id and st_relate(a.geom, b.geom, 'F***1****')
          order by a.id desc, b.id desc limit 1),
       piece as (select p.a, p.b, st_multi(st_collectionextract(st_intersection(b.geom, st_buffer(st_pointonsurface(p.edge), 0.0006)), 3)) as geom
                   from pairs p join grids b on b.id = p.b)
       select p.a, p.b, a.code as a_code, b.code as b_code, a.name as a_name, b.name as b_name, a.community_id as a_comm, b.community_id as b_comm,
              st_asgeojson(st_multi(st_union(a.geom, p.geom)), 15) as a_with, st_asgeojson(st_multi(st_difference(b.geom, p.geom)), 15) as b_without
         from piece p join grids a on a.id = p.a join grids b on b.id = p.b`,
    );
    const x = r.rows[0]!;
    pair = { a: x.a, b: x.b, aCode: x.a_code, bCode: x.b_code, aName: x.a_name, bName: x.b_name, community: x.a_comm, bCommunity: x.b_comm, aWith: JSON.parse(x.a_with), bWithout: JSON.parse(x.b_without) };
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const aProps = (version: number) => ({ code: pair.aCode, name: pair.aName, community_id: pair.community, version });
  const bProps = (version: number) => ({ code: pair.bCode, name: pair.bName, community_id: pair.bCommunity, version });

  it('refuses a set that leaves an overlap, and one with a stale version, writing nothing', async () => {
    const before = await versions();
    const overlap = await post({ type: 'FeatureCollection', features: [feature(pair.a, pair.aWith, aProps(1))] });
    expect(overlap.status).toBe(422);
    const body = await overlap.json();
    expect(JSON.stringify(body.error)).toMatch(/overlap/);
    const stale = await post({ type: 'FeatureCollection', features: [feature(pair.a, pair.aWith, aProps(7)), feature(pair.b, pair.bWithout, bProps(1))] });
    expect(stale.status).toBe(422);
    expect(JSON.stringify((await stale.json()).error)).toMatch(/version_conflict/);
    const gap = await post({ type: 'FeatureCollection', features: [feature(pair.b, pair.bWithout, bProps(1))] });
    expect(gap.status).toBe(422);
    expect(JSON.stringify((await gap.json()).error)).toMatch(/gap/);
    expect(await versions()).toBe(before);
    const officer = await app.login('officer');
    expect((await post({ type: 'FeatureCollection', features: [feature(pair.a, pair.aWith, aProps(1))] }, officer)).status).toBe(403);
  });

  it('imports a set that moves a shared edge between two grids, as a whole', async () => {
    const r = await post({ type: 'FeatureCollection', features: [feature(pair.a, pair.aWith, aProps(1)), feature(pair.b, pair.bWithout, bProps(1))] });
    expect(r.status, await r.clone().text()).toBe(201);
    const v = await db.query<{ id: number; version: number }>('select id, version from grids where id = any($1::int[]) order by id', [[pair.a, pair.b]]);
    expect(v.rows.map((x) => x.version)).toEqual([2, 2]);
    const topology = await (await app.get('/api/topology', { token: planner })).json();
    expect(topology.summary).toMatchObject({ grid_overlap: 0, grid_gap: 0 });
  });
});
