// The read API: health, admin areas, grids, sub-grids and blocks as GeoJSON, errors with reasons.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

describe(`read API (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('GET /api/health names the backend, its PostGIS and the row counts', async () => {
    const r = await app.get('/api/health');
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.status).toBe('ok');
    expect(body.backend).toBe(BACKEND);
    expect(body.postgis).toMatch(/^3\.\d+/);
    expect(body.h3CoverResolution).toBe(12);
    expect(body.counts).toMatchObject({ districts: 1, street_offices: 6, communities: 21, grids: 63, subgrids: 252, cases: 20000 });
    expect(body.counts.households).toBeGreaterThan(100_000);
  });

  it('GET /api/areas returns admin areas, filtered by level', async () => {
    const all = (await (await app.get('/api/areas')).json()) as FeatureCollection;
    expect(all.type).toBe('FeatureCollection');
    expect(all.features).toHaveLength(28);
    const streets = await app.get('/api/areas?level=street');
    expect(streets.headers.get('content-type')).toMatch(/application\/geo\+json/);
    const body = (await streets.json()) as FeatureCollection<MultiPolygon>;
    expect(body.features).toHaveLength(6);
    for (const f of body.features) {
      expect(f.properties).toMatchObject({ level: 'street', parent_id: 1 });
      expect(f.properties!.code).toMatch(/^431302\d{3}$/);
      expect(f.properties!.name).toMatch(/街道$/);
      expect(f.geometry.type).toBe('MultiPolygon');
    }
  });

  it('GET /api/grids returns the 63 grids with code, name, workload and team completeness', async () => {
    const body = (await (await app.get('/api/grids')).json()) as FeatureCollection<MultiPolygon>;
    expect(body.features).toHaveLength(63);
    const p = body.features.map((f) => f.properties!);
    for (const g of p) {
      expect(g.code).toMatch(/^\d{15}$/);
      expect(g.name).toMatch(/网格$/);
      expect(g.households).toBeGreaterThanOrEqual(0);
      expect(typeof g.components).toBe('number');
      expect(typeof g.open_cases).toBe('number');
      expect(typeof g.team.complete).toBe('boolean');
    }
    expect(p.reduce((s, g) => s + g.components, 0)).toBeGreaterThan(5900);
    expect(p.filter((g) => !g.team.complete)).toHaveLength(6);
    const withEmpty = p.filter((g) => g.team.empty_seats.length);
    expect(withEmpty.length).toBe(4);
    // The counts match the tables.
    const open = await db.query<{ n: number }>(
      `select count(*)::int as n from cases where grid_id is not null and status not in ('closed', 'evaluated', 'cancelled')`,
    );
    expect(p.reduce((s, g) => s + g.open_cases, 0)).toBe(open.rows[0]!.n);
  });

  it('GET /api/subgrids and /api/blocks return the sub-grids and blocks', async () => {
    const sub = (await (await app.get('/api/subgrids')).json()) as FeatureCollection;
    expect(sub.features).toHaveLength(252);
    expect(sub.features.every((f) => typeof f.properties!.chief === 'string')).toBe(true);
    const blocks = (await (await app.get('/api/blocks')).json()) as FeatureCollection;
    expect(blocks.features.length).toBeGreaterThan(500);
    expect(blocks.features.filter((f) => f.properties!.block_chief).length).toBe(blocks.features.length);
  });

  it('refuses unknown parameters and bad values with a reason', async () => {
    const bad = await app.get('/api/areas?level=city');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringMatching(/level must be one of/) } });
    const unknown = await app.get('/api/grids?colour=red');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.details.unknown).toEqual(['colour']);
  });

  it('serves a page at / saying how to build the web app when it is not built', async () => {
    const r = await app.get('/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(await r.text()).toMatch(/npm run build:web/);
  });

  it('answers 404 with a reason for an unknown path and 405 for a wrong method', async () => {
    const missing = await app.get('/api/nowhere');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    const wrong = await fetch(`${app.url}/api/grids`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect((await wrong.json()).error.message).toBeTruthy();
  });
});
