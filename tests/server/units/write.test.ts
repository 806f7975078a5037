// Editing boundaries: versions (If-Match, 412, 428), history, geometry refused with a
// reason, overlaps and gaps refused with the offending geometry, drafts, a shared edge
// moved between neighbours in one request, the H3 cover and the points following the
// new boundary, concurrent planners, and the topology report.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { locatePoints } from '../../../server/locate/sql.ts';
import { pointCell } from '../../../server/spatial/h3cells.ts';

interface Pair {
  a: number;
  b: number;
  /** A piece of b next to a (GeoJSON text), a's geometry with it and b's without it. */
  piece: string;
  aWith: unknown;
  bWithout: unknown;
  inside: [number, number];
}

describe(`boundary edits (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let planner: string;
  let planner2: string;
  let pair: Pair;

  const patch = (path: string, body: unknown, version: number | null, token = planner) =>
    app.request('PATCH', path, { token, body, headers: version === null ? {} : { 'if-match': `"v${version}"` } });
  const version = async (layer: string, id: number) => (await db.query<{ version: number }>(`select version from ${layer} where id = $1`, [id])).rows[0]!.version;

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    planner = await app.login('planner');
    planner2 = await app.login('planner2');
    // Two neighbouring active grids and a piece of b along their shared edge.
    const r = await db.query<{ a: number; b: number; piece: string; a_with: string; b_without: string; x: number; y: number }>(
      `with pairs as (
         select a.id as a, b.id as b, st_intersection(a.geom, b.geom) as edge
           from grids a join grids b on a.id < b.id and st_relate(a.geom, b.geom, 'F***1****')
          order by a.id, b.id limit 1),
       piece as (
         select p.a, p.b, st_multi(st_collectionextract(st_intersection(b.geom, st_buffer(st_pointonsurface(p.edge), 0.0006)), 3)) as geom
           from pairs p join grids b on b.id = p.b)
       select p.a, p.b, st_asgeojson(p.geom, 15) as piece,
              st_asgeojson(st_multi(st_union(a.geom, p.geom)), 15) as a_with,
              st_asgeojson(st_multi(st_difference(b.geom, p.geom)), 15) as b_without,
              st_x(st_pointonsurface(p.geom)) as x, st_y(st_pointonsurface(p.geom)) as y
         from piece p join grids a on a.id = p.a join grids b on b.id = p.b`,
    );
    const row = r.rows[0]!;
    pair = { a: row.a, b: row.b, piece: row.piece, aWith: JSON.parse(row.a_with), bWithout: JSON.parse(row.b_without), inside: [row.x, row.y] };
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('renames a grid with If-Match, bumps the version and records the edit in the history', async () => {
    const id = pair.a;
    const missing = await patch(`/api/grids/${id}`, { type: 'Feature', properties: { name: '新名字网格' } }, null);
    expect(missing.status).toBe(428);
    expect((await missing.json()).error.message).toMatch(/If-Match/);
    const stale = await patch(`/api/grids/${id}`, { type: 'Feature', properties: { name: '新名字网格' } }, 9);
    expect(stale.status).toBe(412);
    const staleBody = await stale.json();
    expect(staleBody.error.details).toMatchObject({ currentVersion: 1, yourVersion: 9, current: { type: 'Feature', id } });
    const ok = await patch(`/api/grids/${id}`, { type: 'Feature', properties: { name: '新名字网格' } }, 1);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"v2"');
    expect((await ok.json()).properties).toMatchObject({ name: '新名字网格', version: 2, updated_by: 'planner' });
    const again = await patch(`/api/grids/${id}`, { type: 'Feature', properties: { name: '又一个名字网格' } }, 1, planner2);
    expect(again.status).toBe(412);
    expect((await again.json()).error.message).toMatch(/changed by planner/);
    const history = await (await app.get(`/api/grids/${id}/history`, { token: planner })).json();
    expect(history.entries[0]).toMatchObject({ version: 2, op: 'update', actor: 'planner', changed: ['name'], geometryChanged: false });
    expect(history.entries[0].before.properties.name).not.toBe('新名字网格');
    expect(history.entries[0].after.properties.name).toBe('新名字网格');
    expect(history.entries.at(-1)).toMatchObject({ version: 1, op: 'create' });
  });

  it('refuses writes from roles that may not edit boundaries', async () => {
    for (const user of ['command', 'officer', 'chief01']) {
      const token = await app.login(user);
      const r = await patch(`/api/grids/${pair.b}`, { type: 'Feature', properties: { name: 'x网格' } }, 1, token);
      expect(r.status, user).toBe(403);
    }
    expect((await patch(`/api/grids/${pair.b}`, { type: 'Feature', properties: { name: 'x网格' } }, 1, '')).status).toBe(401);
    expect(await version('grids', pair.b)).toBe(1);
  });

  it('refuses bad bodies with a reason and writes nothing', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ type: 'Feature', properties: { colour: 'red' } }, 422, /unknown field "colour"/],
      [{ type: 'Feature', properties: { code: '12' } }, 422, /code must match pattern/],
      [{ type: 'Feature', properties: {} }, 422, /changes nothing/],
      [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[112, 27.7], [112.01, 27.71], [112.01, 27.7], [112, 27.71], [112, 27.7]]] } }, 422, /self-intersection|Self-intersection/i],
      [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [112, 27.7] } }, 422, /Polygon|MultiPolygon/],
      [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[112, 27.7], [112.01, 200], [112.01, 27.7], [112, 27.7]]] } }, 422, /latitude|range|-90/i],
    ];
    for (const [body, status, reason] of cases) {
      const r = await patch(`/api/grids/${pair.b}`, body, 1);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect((await r.json()).error.message, JSON.stringify(body)).toMatch(reason);
    }
    const broken = await app.request('PATCH', `/api/grids/${pair.b}`, { token: planner, body: '{"type":', headers: { 'content-type': 'application/json', 'if-match': '"v1"' } });
    expect(broken.status).toBe(400);
    const text = await app.request('PATCH', `/api/grids/${pair.b}`, { token: planner, body: 'name=x', headers: { 'content-type': 'text/plain', 'if-match': '"v1"' } });
    expect(text.status).toBe(415);
    expect(await version('grids', pair.b)).toBe(1);
  });

  it('refuses a grid that would overlap its neighbour, or leave a gap, with the offending geometry', async () => {
    const before = await version('grids', pair.a);
    const overlap = await patch(`/api/grids/${pair.a}`, { type: 'Feature', properties: {}, geometry: pair.aWith }, before);
    if (overlap.status !== 409) console.log("DEBUG", await overlap.clone().text());
    expect(overlap.status).toBe(409);
    const o = await overlap.json();
    expect(o.error.code).toBe('overlap');
    expect(o.error.details.problems[0]).toMatchObject({ kind: 'overlap', geometry: { type: expect.stringMatching(/Polygon/) } });
    expect(o.error.details.problems[0].area_m2).toBeGreaterThan(100);
    const gap = await patch(`/api/grids/${pair.b}`, { type: 'Feature', properties: {}, geometry: pair.bWithout }, 1);
    expect(gap.status).toBe(409);
    const g = await gap.json();
    expect(g.error.code).toBe('gap');
    expect(g.error.message).toMatch(/covered by no grid.*draft/);
    expect(g.error.details.problems[0].geometry.type).toBe('Polygon');
    expect(await version('grids', pair.a)).toBe(before);
    expect(await version('grids', pair.b)).toBe(1);
  });

  it('moves a shared edge between two grids in one request; the cover and the points follow', async () => {
    const va = await version('grids', pair.a);
    const r = await app.request('PATCH', '/api/grids', {
      token: planner,
      body: {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', id: pair.a, geometry: pair.aWith, properties: { version: va } },
          { type: 'Feature', id: pair.b, geometry: pair.bWithout, properties: { version: 1 } },
        ],
      },
    });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.features.map((f: { properties: { version: number } }) => f.properties.version)).toEqual([va + 1, 2]);
    // A point in the moved piece now belongs to a, through the H3 cover.
    const [lon, lat] = pair.inside;
    const [units] = await locatePoints(db, [{ h3: pointCell(lon, lat), lon, lat }]);
    expect(units!.grid).toBe(pair.a);
    // Components and open cases in the piece carry the new grid.
    const wrong = await db.query<{ n: number }>(
      `select count(*)::int as n from components where st_covers(st_setsrid(st_geomfromgeojson($1), 4326), geom) and grid_id is distinct from $2`,
      [pair.piece, pair.a],
    );
    expect(wrong.rows[0]!.n).toBe(0);
    const topology = await (await app.get('/api/topology', { token: planner })).json();
    expect(topology.summary).toMatchObject({ grid_overlap: 0, grid_gap: 0 });
    const history = await (await app.get(`/api/grids/${pair.b}/history`, { token: planner })).json();
    expect(history.entries[0]).toMatchObject({ version: 2, geometryChanged: true, actor: 'planner' });
  });

  it('saves a draft without the checks, and the topology report shows what it leaves', async () => {
    const id = pair.b;
    const v = await version('grids', id);
    const clean = await (await app.get('/api/topology', { token: planner })).json();
    expect(clean.summary.grid_gap).toBe(0);
    const draft = await patch(`/api/grids/${id}`, { type: 'Feature', properties: { status: 'draft' } }, v);
    expect(draft.status).toBe(200);
    const report = await (await app.get('/api/topology', { token: planner })).json();
    expect(report.summary.grid_gap).toBeGreaterThan(0);
    expect(report.summary.ok).toBe(false);
    expect(report.features.find((f: { properties: { problem: string } }) => f.properties.problem === 'grid_gap').geometry.type).toBe('Polygon');
    // Back to active: checked again, and fine.
    const active = await patch(`/api/grids/${id}`, { type: 'Feature', properties: { status: 'active' } }, v + 1);
    expect(active.status).toBe(200);
    expect((await (await app.get('/api/topology', { token: planner })).json()).summary.grid_gap).toBe(0);
    expect((await app.get('/api/topology', { token: await app.login('chief01') })).status).toBe(403);
  });

  it('lets only one of two planners take the same free area at the same moment', async () => {
    // A third grid saved as a draft leaves its area free; two planners each add a piece of it to their grid.
    const c = await db.query<{ id: number; x: string; a: number; b: number }>(
      `select c.id, st_asgeojson(st_multi(st_intersection(c.geom, st_buffer(st_pointonsurface(c.geom), 0.0004))), 15) as x,
              (select id from grids where id not in ($1, $2, c.id) order by id limit 1) as a,
              (select id from grids where id not in ($1, $2, c.id) order by id desc limit 1) as b
         from grids c where c.id not in ($1, $2) order by c.id desc limit 1`,
      [pair.a, pair.b],
    );
    const { id: cId, x, a, b } = c.rows[0]!;
    expect((await patch(`/api/grids/${cId}`, { type: 'Feature', properties: { status: 'draft' } }, await version('grids', cId))).status).toBe(200);
    const grow = async (id: number, token: string) => {
      const g = await db.query<{ geom: string }>(`select st_asgeojson(st_multi(st_union(geom, st_setsrid(st_geomfromgeojson($2), 4326))), 15) as geom from grids where id = $1`, [id, x]);
      return patch(`/api/grids/${id}`, { type: 'Feature', properties: {}, geometry: JSON.parse(g.rows[0]!.geom) }, await version('grids', id), token);
    };
    const [ra, rb] = await Promise.all([grow(a, planner), grow(b, planner2)]);
    if (ra.status === 500) console.log("DEBUG500", await ra.clone().text());
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const loser = ra.status === 409 ? ra : rb;
    expect((await loser.json()).error.code).toBe('overlap');
    const overlaps = await db.query<{ n: number }>(
      `select count(*)::int as n from grids p join grids q on p.id < q.id and p.status = 'active' and q.status = 'active'
        where st_relate(p.geom, q.geom, '2********') and st_area(st_intersection(p.geom, q.geom)::geography) > 1`,
    );
    expect(overlaps.rows[0]!.n).toBe(0);
  });

  it('creates a grid, refuses one on top of others, and deletes a draft', async () => {
    const community = (await db.query<{ id: number; code: string }>(`select id, code from admin_areas where level = 'community' order by id limit 1`)).rows[0]!;
    const far = { type: 'Polygon', coordinates: [[[113, 28], [113.01, 28], [113.01, 28.01], [113, 28.01], [113, 28]]] };
    const created = await app.request('POST', '/api/grids', {
      token: planner,
      body: { type: 'Feature', geometry: far, properties: { code: `${community.code}901`, name: '试验网格', community_id: community.id, status: 'draft' } },
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/api\/grids\/\d+$/);
    expect(created.headers.get('etag')).toBe('"v1"');
    const onTop = await app.request('POST', '/api/grids', {
      token: planner,
      body: { type: 'Feature', geometry: pair.aWith, properties: { code: `${community.code}902`, name: '重叠网格', community_id: community.id } },
    });
    expect(onTop.status).toBe(409);
    const dup = await app.request('POST', '/api/grids', {
      token: planner,
      body: { type: 'Feature', geometry: far, properties: { code: `${community.code}901`, name: '重复网格', community_id: community.id, status: 'draft' } },
    });
    expect(dup.status).toBe(409);
    expect((await app.request('DELETE', location, { token: planner })).status).toBe(428);
    expect((await app.request('DELETE', location, { token: planner, headers: { 'if-match': '"v1"' } })).status).toBe(204);
    expect((await app.get(location, { token: planner })).status).toBe(404);
    const withSubgrids = await app.request('DELETE', `/api/grids/${pair.a}`, { token: planner, headers: { 'if-match': `"v${await version('grids', pair.a)}"` } });
    expect(withSubgrids.status).toBe(409);
    expect((await withSubgrids.json()).error.code).toBe('has_subgrids');
  });

  it('keeps sub-grids inside their grid and without gaps', async () => {
    const s = await db.query<{ id: number; grid_id: number; bigger: string; smaller: string }>(
      `select s.id, s.grid_id,
              st_asgeojson(st_multi(st_buffer(s.geom, 0.002)), 15) as bigger,
              st_asgeojson(st_multi(st_buffer(s.geom, -0.0003)), 15) as smaller
         from subgrids s where s.grid_id not in ($1, $2) order by s.id limit 1`,
      [pair.a, pair.b],
    );
    const sub = s.rows[0]!;
    const outside = await patch(`/api/subgrids/${sub.id}`, { type: 'Feature', properties: {}, geometry: JSON.parse(sub.bigger) }, 1);
    expect(outside.status).toBe(409);
    const codes = (await outside.json()).error.details.problems.map((p: { kind: string }) => p.kind);
    expect(codes).toContain('outside_grid');
    const gap = await patch(`/api/subgrids/${sub.id}`, { type: 'Feature', properties: {}, geometry: JSON.parse(sub.smaller) }, 1);
    expect(gap.status).toBe(409);
    expect((await gap.json()).error.code).toBe('gap');
    expect(await version('subgrids', sub.id)).toBe(1);
  });
});
