// Planning scenarios: a preview of demand hexes and excluded candidates, an MCLP run for
// charging sheds in a worker thread with coverage and households per pile, a long run
// reporting progress and cancelled, validation and roles, the GeoJSON export, and
// accepted sites written to the city model's tables (read by the public map).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { localDistance } from '../../../server/spatial/planning/constraints.ts';

interface Scenario {
  id: number;
  status: string;
  problem: string;
  facility: string;
  progress: { fraction: number; seconds: number; objective: number | null } | null;
  error: string | null;
  summary: { objective: number; gap: number | null; covered_pct: number; sites_chosen: number } | null;
  params: { radius_m: number; exclusions: { spacing_m: number; arterial_m: number }; grids: number[] };
  results: {
    objective: number;
    covered_pct: number;
    total_demand: number;
    sites: FeatureCollection<Point, { index: number; households: number; piles: number | null; households_per_pile: number | null; existing: boolean }>;
    catchments: FeatureCollection;
    hotspots: { h3: string; weight: number }[];
    demand: { h3: string; weight: number }[];
    candidates: { index: number; lon: number; lat: number; status: string | null }[];
    excluded: Record<string, number>;
  } | null;
  accepted: { site: number; table: string; id: number }[];
}

describe(`plans API (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let officer: string;
  let community: number;
  let street: number;

  const post = (path: string, body: unknown, token = officer) => app.request('POST', path, { token, body });
  const poll = async (id: number, until: (s: Scenario) => boolean, ms = 60_000): Promise<Scenario> => {
    const end = Date.now() + ms;
    for (;;) {
      const s = (await (await app.get(`/api/plans/${id}`, { token: officer })).json()) as Scenario;
      if (until(s) || Date.now() > end) return s;
      await new Promise((r) => setTimeout(r, 150));
    }
  };

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    officer = await app.login('officer');
    const r = await db.query<{ street: number; community: number }>(
      `select c.parent_id as street, c.id as community from admin_areas c where c.level = 'community'
        and (select count(*) from grids g where g.community_id = c.id) >= 3 order by c.id limit 1`,
    );
    community = r.rows[0]!.community;
    street = r.rows[0]!.street;
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('previews charging demand as hexes (households × 0.6 + 5 × flying-wire cases) and candidates with the rule excluding each', async () => {
    const r = await post('/api/plans/preview', { facility: 'charging_shed', scope: { community } });
    expect(r.status).toBe(200);
    const b = (await r.json()) as {
      res: number;
      grids: number[];
      total_demand: number;
      demand: { h3: string; weight: number; households: number; cases: number; parts: Record<string, number> }[];
      candidates: { index: number; lon: number; lat: number; status: string; reason: string | null; kind: string }[];
      existing: { lon: number; lat: number }[];
      exclusions: { spacing_m: number };
    };
    expect(b.res).toBe(10);
    for (const c of b.demand) {
      expect(c.h3).toMatch(/^8a[0-9a-f]{13}$/);
      expect(c.weight).toBeCloseTo(c.households * 0.6 + c.cases * 5, 4);
    }
    const figures = await db.query<{ households: number; wires: number }>(
      `select (select coalesce(sum(households), 0)::int from buildings where grid_id = any($1::int[])) as households,
              (select count(*)::int from cases where grid_id = any($1::int[]) and type_code = '02070101') as wires`,
      [b.grids],
    );
    const f = figures.rows[0]!;
    expect(f.wires).toBeGreaterThan(0);
    expect(b.demand.reduce((s, c) => s + c.households, 0)).toBe(f.households);
    expect(b.demand.reduce((s, c) => s + c.cases, 0)).toBe(f.wires);
    expect(b.total_demand).toBeCloseTo(f.households * 0.6 + f.wires * 5, 1);
    // Every candidate cell is excluded for a reason or free; spacing means near an existing shed.
    const reasons = new Set(b.candidates.map((c) => c.reason));
    expect(reasons.has(null)).toBe(true);
    expect([...reasons].filter((x) => x !== null).length).toBeGreaterThanOrEqual(2);
    for (const c of b.candidates.filter((x) => x.reason === 'spacing')) {
      expect(Math.min(...b.existing.map((e) => localDistance([c.lon, c.lat], [e.lon, e.lat])))).toBeLessThan(b.exclusions.spacing_m);
    }
    for (const c of b.candidates) expect(c.status === 'excluded').toBe(c.reason !== null);
    // Heavier flying-wire weight: more demand where the cases are.
    const heavy = (await (await post('/api/plans/preview', { facility: 'charging_shed', scope: { community }, weights: { flying_wire: 50 } })).json()) as typeof b;
    expect(heavy.total_demand).toBeCloseTo(f.households * 0.6 + f.wires * 50, 1);
  });

  it('previews vending demand weighted by the hour of day', async () => {
    const evening = (await (await post('/api/plans/preview', { facility: 'vendor_zone', scope: { street_office: street }, hours: [18, 19, 20] })).json()) as { demand: { parts: Record<string, number> }[]; hours: number[] };
    const morning = (await (await post('/api/plans/preview', { facility: 'vendor_zone', scope: { street_office: street }, hours: [7] })).json()) as typeof evening;
    expect(evening.hours).toEqual([18, 19, 20]);
    const sum = (b: typeof evening, k: string) => b.demand.reduce((s, c) => s + (c.parts[k] ?? 0), 0);
    expect(sum(evening, 'cases')).toBeGreaterThan(0);
    // Schools draw people at 7, hardly at 18-20; households the other way round.
    expect(sum(morning, 'school')).toBeGreaterThan(sum(evening, 'school'));
    expect(sum(evening, 'households')).toBeGreaterThan(sum(morning, 'households'));
  });

  it('runs an MCLP for charging sheds in a worker: sites, coverage, households per pile, hot spots; exports and accepts them', async () => {
    const r = await post('/api/plans', { name: 'MCLP 4 sheds', problem: 'mclp', facility: 'charging_shed', p: 4, scope: { community }, wait: true, time_limit_s: 2 });
    expect(r.status).toBe(201);
    const s = (await r.json()) as Scenario;
    expect(s.status).toBe('done');
    const res = s.results!;
    expect(res.sites.features).toHaveLength(4);
    expect(s.summary!.sites_chosen).toBe(4);
    expect(res.covered_pct).toBeGreaterThan(0);
    expect(res.covered_pct).toBeLessThanOrEqual(100);
    expect(res.covered_pct).toBeCloseTo((res.objective / res.total_demand) * 100, 1);
    expect(res.catchments.features).toHaveLength(4);
    const byIndex = new Map(res.candidates.map((c) => [c.index, c]));
    for (const f of res.sites.features) {
      expect(byIndex.get(f.properties.index)!.status).not.toBe('excluded');
      expect(f.properties.piles).toBe(Math.max(1, Math.ceil(f.properties.households / 20)));
      expect(f.properties.households_per_pile!).toBeLessThanOrEqual(20);
    }
    const weights = res.hotspots.map((h) => h.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(res.hotspots.length).toBeGreaterThan(0);

    const list = (await (await app.get('/api/plans', { token: officer })).json()) as { scenarios: Scenario[] };
    expect(list.scenarios.map((x) => x.id)).toContain(s.id);

    const geo = await app.get(`/api/plans/${s.id}/sites.geojson`, { token: officer });
    expect(geo.status).toBe(200);
    expect(geo.headers.get('content-type')).toMatch(/application\/geo\+json/);
    expect(((await geo.json()) as FeatureCollection).features).toHaveLength(4);

    const site = res.sites.features[0]!.properties.index;
    const acc = await post(`/api/plans/${s.id}/accept`, { sites: [site] });
    expect(acc.status).toBe(201);
    const created = ((await acc.json()) as { created: { table: string; id: number }[] }).created[0]!;
    expect(created.table).toBe('charging_sheds');
    const shed = await db.query<{ status: string; piles: number; grid_id: number | null; lon: number }>(
      'select status, piles, grid_id, st_x(geom) as lon from charging_sheds where id = $1', [created.id]);
    expect(shed.rows[0]).toMatchObject({ status: 'operating', piles: res.sites.features[0]!.properties.piles });
    expect(shed.rows[0]!.grid_id).not.toBeNull();
    expect((await post(`/api/plans/${s.id}/accept`, { sites: [site] })).status).toBe(409);
    const notChosen = res.candidates.find((c) => !res.sites.features.some((f) => f.properties.index === c.index))!.index;
    const bad = await post(`/api/plans/${s.id}/accept`, { sites: [notChosen] });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.message).toMatch(/not among the chosen sites/);
    const again = (await (await app.get(`/api/plans/${s.id}`, { token: officer })).json()) as Scenario;
    expect(again.accepted).toEqual([{ site, table: 'charging_sheds', id: created.id }]);
  });

  it('accepts a vendor zone as a small polygon in vendor_zones', async () => {
    const r = await post('/api/plans', { problem: 'pmedian', facility: 'vendor_zone', p: 2, scope: { community }, wait: true, time_limit_s: 1, hours: [17, 18, 19, 20] });
    expect(r.status).toBe(201);
    const s = (await r.json()) as Scenario;
    expect(s.status).toBe('done');
    const site = s.results!.sites.features[1]!.properties.index;
    expect((await post(`/api/plans/${s.id}/accept`, { sites: [site], status: 'building' })).status).toBe(422);
    const acc = await post(`/api/plans/${s.id}/accept`, { sites: [site], names: ['测试疏导区'], stalls: 12, status: 'planned' });
    expect(acc.status).toBe(201);
    const id = ((await acc.json()) as { created: { id: number }[] }).created[0]!.id;
    const z = await db.query<{ name: string; stalls: number; status: string; ok: boolean; inside: boolean }>(
      `select name, stalls, status, st_isvalid(geom) as ok, st_dwithin(geom::geography, st_setsrid(st_makepoint($2, $3), 4326)::geography, 1) as inside from vendor_zones where id = $1`,
      [id, ...s.results!.sites.features[1]!.geometry.coordinates],
    );
    expect(z.rows[0]).toEqual({ name: '测试疏导区', stalls: 12, status: 'planned', ok: true, inside: true });
  });

  it('sites from open spaces and parking, or drawn ones, with the existing sheds fixed in (LSCP)', async () => {
    const prev = (await (await post('/api/plans/preview', { facility: 'charging_shed', scope: { street_office: street }, candidates: 'open_spaces', fixed_existing: true })).json()) as {
      candidates: { kind: string; status: string; reason: string | null }[];
      existing: unknown[];
    };
    expect(prev.existing.length).toBeGreaterThan(0);
    expect(prev.candidates.filter((c) => c.status === 'existing')).toHaveLength(prev.existing.length);
    // The existing sheds themselves are never excluded for spacing.
    expect(prev.candidates.filter((c) => c.kind === 'existing').every((c) => c.reason === null)).toBe(true);
    expect(new Set(prev.candidates.map((c) => c.kind))).toEqual(new Set(['existing', 'open_space', 'parking']));
    const r = await post('/api/plans', { problem: 'lscp', facility: 'charging_shed', scope: { street_office: street }, candidates: 'open_spaces', fixed_existing: true, radius_m: 400, wait: true, time_limit_s: 2 });
    expect(r.status).toBe(201);
    const s = (await r.json()) as Scenario;
    expect(s.status).toBe('done');
    const existing = s.results!.sites.features.filter((f) => f.properties.existing);
    expect(existing).toHaveLength(prev.existing.length);
    const bad = await post(`/api/plans/${s.id}/accept`, { sites: [existing[0]!.properties.index] });
    expect(bad.status).toBe(422);
    // Drawn sites: two points, p = 1.
    const centre = await db.query<{ lon: number; lat: number }>(
      `select st_x(st_centroid(st_union(geom))) as lon, st_y(st_centroid(st_union(geom))) as lat from grids where community_id = $1`, [community]);
    const { lon, lat } = centre.rows[0]!;
    const d = await post('/api/plans', { problem: 'pmedian', facility: 'charging_shed', scope: { community }, candidates: 'drawn', drawn_sites: [[lon, lat], [lon + 0.003, lat + 0.002]], p: 1, exclusions: { arterial_m: 0, fire_lane_m: 0, gate_m: 0, spacing_m: 0 }, wait: true, time_limit_s: 1 });
    expect(d.status).toBe(201);
    const ds = (await d.json()) as Scenario;
    expect(ds.results!.sites.features).toHaveLength(1);
    expect(ds.results!.candidates.map((c) => c.index)).toEqual([0, 1]);
  });

  it('reports the progress of a long run and cancels it with the best answer so far', async () => {
    const r = await post('/api/plans', { problem: 'pmedian', facility: 'vendor_zone', p: 25, time_limit_s: 60 });
    expect(r.status).toBe(202);
    const s = (await r.json()) as Scenario;
    expect(s.status).toBe('running');
    expect(r.headers.get('location')).toBe(`/api/plans/${s.id}`);
    const moving = await poll(s.id, (x) => x.status !== 'running' || (x.progress?.objective ?? null) !== null, 30_000);
    expect(moving.status).toBe('running');
    expect(moving.progress!.fraction).toBeGreaterThanOrEqual(0);
    expect(moving.progress!.fraction).toBeLessThan(1);
    const t = Date.now();
    const c = await post(`/api/plans/${s.id}/cancel`, {});
    expect(c.status).toBe(200);
    const done = (await c.json()) as Scenario;
    expect(Date.now() - t).toBeLessThan(6000);
    expect(done.status).toBe('cancelled');
    expect(done.results!.sites.features).toHaveLength(25);
    expect((await post(`/api/plans/${s.id}/cancel`, {})).status).toBe(409);
    expect((await app.request('DELETE', `/api/plans/${s.id}`, { token: officer })).status).toBe(204);
    expect((await app.get(`/api/plans/${s.id}`, { token: officer })).status).toBe(404);
  });

  it('refuses bad requests with reasons, and other roles', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ problem: 'mclp', facility: 'charging_shed', scope: { community } }, 422, /needs p/],
      [{ problem: 'mclp', facility: 'charging_shed', p: 2, weights: { market: 3 }, scope: { community } }, 400, /do not apply to charging_shed/],
      [{ problem: 'mclp', facility: 'charging_shed', p: 2, colour: 'red' }, 422, /unknown field .+colour/],
      [{ problem: 'mclp', facility: 'charging_shed', p: 2, candidates: 'drawn', scope: { community } }, 422, /drawn_sites/],
      [{ problem: 'mclp', facility: 'charging_shed', p: 2, candidates: 'drawn', drawn_sites: [[200, 27]] }, 422, /drawn_sites/],
      [{ problem: 'pmedian', facility: 'charging_shed', p: 999, scope: { community } }, 422, /exceeds the \d+ candidate sites/],
      [{ problem: 'center', facility: 'charging_shed', p: 2 }, 422, /problem must be one of/],
    ];
    for (const [body, status, message] of cases) {
      const r = await post('/api/plans', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(await r.json()), JSON.stringify(body)).toMatch(message);
    }
    const command = await app.login('command');
    expect((await app.get('/api/plans', { token: command })).status).toBe(200);
    expect((await post('/api/plans', { problem: 'lscp', facility: 'charging_shed' }, command)).status).toBe(403);
    expect((await app.get('/api/plans', { token: await app.login('chief01') })).status).toBe(403);
    expect((await app.get('/api/plans')).status).toBe(401);
    // Row-level security: a grid chief's transaction sees no scenario even if a route let it through.
    const rows = await db.transaction(async (tx) => {
      await tx.query(`select set_config('app.role', 'grid_chief', true)`);
      await tx.exec('set local role gridcity_app');
      return (await tx.query<{ n: number }>('select count(*)::int as n from plan_scenarios')).rows[0]!.n;
    });
    expect(rows).toBe(0);
  });
});
