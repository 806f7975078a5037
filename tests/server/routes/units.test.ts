// The unit API: admin areas, grids, sub-grids and blocks as GeoJSON — lists with
// filters and paging, one feature with its version, history, roles, and errors with
// reasons. Writes are in tests/server/units/write.test.ts.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

type Collection = FeatureCollection<MultiPolygon> & { numberMatched: number; numberReturned: number; links: { rel: string; href: string }[] };

describe(`unit API (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let planner: string;
  let chief: string;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    planner = await app.login('planner');
    chief = await app.login('chief01');
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('GET /api/health names the backend, its PostGIS and the row counts', async () => {
    const r = await app.get('/api/health');
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({ status: 'ok', backend: BACKEND, h3CoverResolution: 12 });
    expect(body.postgis).toMatch(/^3\.\d+/);
    expect(body.counts).toMatchObject({ districts: 1, street_offices: 6, communities: 21, grids: 63, subgrids: 252, cases: 20000 });
  });

  it('GET /api/areas returns admin areas to anyone, filtered by level', async () => {
    const all = (await (await app.get('/api/areas')).json()) as FeatureCollection;
    expect(all.features).toHaveLength(28);
    const streets = await app.get('/api/areas?level=street');
    expect(streets.headers.get('content-type')).toMatch(/application\/geo\+json/);
    const body = (await streets.json()) as FeatureCollection<MultiPolygon>;
    expect(body.features).toHaveLength(6);
    for (const f of body.features) {
      expect(f.properties).toMatchObject({ level: 'street', parent_id: 1 });
      expect(f.properties!.name).toMatch(/街道$/);
    }
    const bad = await app.get('/api/areas?level=city');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toBe('level must be one of district, street, community');
  });

  it('lists the 63 grids with workload and team completeness for a planner', async () => {
    const r = await app.get('/api/grids', { token: planner });
    expect(r.headers.get('content-type')).toMatch(/application\/geo\+json/);
    const body = (await r.json()) as Collection;
    expect(body).toMatchObject({ type: 'FeatureCollection', numberMatched: 63, numberReturned: 63, links: [] });
    const p = body.features.map((f) => f.properties!);
    for (const g of p) {
      expect(g.code).toMatch(/^\d{15}$/);
      expect(g.name).toMatch(/网格$/);
      expect(g.version).toBe(1);
      expect(typeof g.team.complete).toBe('boolean');
    }
    expect(p.filter((g) => !g.team.complete)).toHaveLength(6);
    const open = await db.query<{ n: number }>(`select count(*)::int as n from cases where grid_id is not null and status not in ('closed', 'evaluated', 'cancelled')`);
    expect(p.reduce((s, g) => s + g.open_cases, 0)).toBe(open.rows[0]!.n);
    expect(p.reduce((s, g) => s + g.components, 0)).toBeGreaterThan(5900);
  });

  it('filters grids by bbox, community, street office and text, and pages with a next link', async () => {
    const g = await db.query<{ id: number; code: string; name: string; community_id: number; street_id: number; bbox: string }>(
      `select g.id, g.code, g.name, g.community_id, c.parent_id as street_id,
              concat_ws(',', st_xmin(b), st_ymin(b), st_xmax(b), st_ymax(b)) as bbox
         from grids g join admin_areas c on c.id = g.community_id, lateral (select st_envelope(st_pointonsurface(g.geom)) as b) x
        order by g.id limit 1`,
    );
    const first = g.rows[0]!;
    const byBbox = (await (await app.get(`/api/grids?bbox=${first.bbox}`, { token: planner })).json()) as Collection;
    expect(byBbox.features.map((f) => f.id)).toContain(first.id);
    expect(byBbox.numberMatched).toBeLessThan(5);
    const community = (await (await app.get(`/api/grids?community=${first.community_id}`, { token: planner })).json()) as Collection;
    const inCommunity = await db.query<{ n: number }>('select count(*)::int as n from grids where community_id = $1', [first.community_id]);
    expect(community.numberMatched).toBe(inCommunity.rows[0]!.n);
    const street = (await (await app.get(`/api/grids?street=${first.street_id}`, { token: planner })).json()) as Collection;
    expect(street.numberMatched).toBeGreaterThanOrEqual(community.numberMatched);
    const byCode = (await (await app.get(`/api/grids?q=${first.code}`, { token: planner })).json()) as Collection;
    expect(byCode.features.map((f) => f.id)).toEqual([first.id]);
    const byName = (await (await app.get(`/api/grids?q=${encodeURIComponent(first.name)}`, { token: planner })).json()) as Collection;
    expect(byName.features.map((f) => f.id)).toContain(first.id);
    const wildcard = (await (await app.get(`/api/grids?q=${encodeURIComponent('%')}`, { token: planner })).json()) as Collection;
    expect(wildcard.numberMatched).toBe(0);

    const seen: unknown[] = [];
    let next: string | undefined = '/api/grids?limit=25';
    while (next) {
      const page = (await (await app.get(next, { token: planner })).json()) as Collection;
      seen.push(...page.features.map((f) => f.id));
      next = page.links.find((l) => l.rel === 'next')?.href;
    }
    expect(seen).toHaveLength(63);
    expect(new Set(seen).size).toBe(63);
  });

  it('refuses bad list parameters with a reason', async () => {
    for (const [query, reason] of [
      ['bbox=1,2,3', /bbox/],
      ['bbox=112,27,111,28', /minimum before its maximum/],
      ['bbox=112,27,200,28', /within -180..180/],
      ['limit=0', /limit must be >= 1/],
      ['limit=abc', /limit must be integer/],
      ['colour=red', /unknown query parameter "colour"/],
      ['status=gone', /status must be one of active, draft/],
    ] as const) {
      const r = await app.get(`/api/grids?${query}`, { token: planner });
      expect(r.status, query).toBe(400);
      expect((await r.json()).error.message, query).toMatch(reason);
    }
  });

  it('scopes reads by role: a grid chief sees only their grid and its sub-grids and blocks', async () => {
    const me = await (await app.get('/api/auth/me', { token: chief })).json();
    const gridId = me.grids[0].id as number;
    const grids = (await (await app.get('/api/grids', { token: chief })).json()) as Collection;
    expect(grids.features.map((f) => f.id)).toEqual([gridId]);
    const subgrids = (await (await app.get('/api/subgrids', { token: chief })).json()) as Collection;
    expect(subgrids.features).toHaveLength(4);
    expect(subgrids.features.every((f) => f.properties!.grid_id === gridId)).toBe(true);
    const blocks = (await (await app.get('/api/blocks', { token: chief })).json()) as Collection;
    const expected = await db.query<{ n: number }>(
      `select count(*)::int as n from blocks b join grids g on g.id = $1 where st_relate(g.geom, b.geom, '2********')`,
      [gridId],
    );
    expect(blocks.features.length).toBe(expected.rows[0]!.n);
    expect(blocks.features.length).toBeGreaterThan(0);
    const other = await db.query<{ id: number }>('select id from grids where id <> $1 order by id limit 1', [gridId]);
    expect((await app.get(`/api/grids/${other.rows[0]!.id}`, { token: chief })).status).toBe(404);
    expect((await app.get(`/api/grids/${gridId}`, { token: chief })).status).toBe(200);
    // Without a token: sign in first; the public account: not for this role.
    expect((await app.get('/api/grids')).status).toBe(401);
    const publicUser = await app.login('public');
    const refused = await app.get('/api/grids', { token: publicUser });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/the public role may not use GET \/api\/grids/);
  });

  it('GET /api/{layer}/{id} returns one feature with its version as ETag', async () => {
    for (const layer of ['grids', 'subgrids', 'blocks']) {
      const id = (await db.query<{ id: number }>(`select min(id) as id from ${layer}`)).rows[0]!.id;
      const r = await app.get(`/api/${layer}/${id}`, { token: planner });
      expect(r.status).toBe(200);
      expect(r.headers.get('etag')).toBe('"v1"');
      const f = await r.json();
      expect(f).toMatchObject({ type: 'Feature', id, geometry: { type: 'MultiPolygon' } });
    }
    expect((await app.get('/api/grids/999999', { token: planner })).status).toBe(404);
    const bad = await app.get('/api/grids/abc', { token: planner });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/id must be integer/);
  });

  it('serves the sub-grids with their chief and the blocks with their two chiefs', async () => {
    const sub = (await (await app.get('/api/subgrids', { token: planner })).json()) as Collection;
    expect(sub.numberMatched).toBe(252);
    expect(sub.features.every((f) => typeof f.properties!.chief === 'string')).toBe(true);
    const blocks = (await (await app.get('/api/blocks?limit=5000', { token: planner })).json()) as Collection;
    expect(blocks.features.length).toBeGreaterThan(500);
    expect(blocks.features.filter((f) => f.properties!.block_chief).length).toBe(blocks.features.length);
    expect(blocks.features.filter((f) => f.properties!.environment_chief).length).toBeGreaterThan(blocks.features.length * 0.9);
  });

  it('serves a page at / saying how to build the web app when it is not built', async () => {
    const r = await app.get('/');
    expect(r.status).toBe(200);
    expect(await r.text()).toMatch(/npm run build:web/);
  });

  it('answers 404 with a reason for an unknown path and 405 for a wrong method', async () => {
    const missing = await app.get('/api/nowhere');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    const wrong = await app.request('PUT', '/api/grids', { token: planner });
    expect(wrong.status).toBe(405);
    expect((await wrong.json()).error.message).toBeTruthy();
  });
});
