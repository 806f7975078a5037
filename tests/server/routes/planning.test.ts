// The planner's workbench: units with workload and adjacency (blocks and H3 cells) that
// add up to the grid list's figures, a proposal that balances a street office's grids
// without writing, validation and roles, and applying a community's proposal through
// the unit write path (versions bumped, history, no gap or overlap; a stale version
// refused with 412, a bad assignment with 422, both writing nothing).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

interface Unit {
  id: string;
  grid_id: number;
  workload: number;
  households: number;
  components: number;
  open_cases: number;
  cases_last_365d: number;
  centroid: [number, number];
  area: number;
}
interface UnitsBody {
  unit: string;
  res: number | null;
  grids: { id: number; code: string; version: number }[];
  units: Unit[];
  adjacency: [string, string][];
}
interface SpreadOut {
  n: number;
  mean: number;
  min: number;
  max: number;
  maxMinRatio: number | null;
  cv: number;
  inBand: number;
}
interface ProposeBody {
  n: number;
  units: number;
  assignment: Record<string, string>;
  grids: { grid_id: number | null; key: string; version: number | null; before: { workload: number } | null; after: { workload: number; pieces: number; in_band: boolean } }[];
  spread: { before: SpreadOut; after: SpreadOut };
  scope: { grids: number[] };
  geometry: FeatureCollection<MultiPolygon> | null;
  started_from: string;
  units_moved: number;
}

describe(`planning API (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let planner: string;
  let street: number;
  let community: number;

  const post = (path: string, body: unknown, token = planner) => app.request('POST', path, { token, body });
  const count = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0]!.n;

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    planner = await app.login('planner');
    const r = await db.query<{ street: number; community: number }>(
      `select c.parent_id as street, c.id as community from admin_areas c where c.level = 'community'
        and (select count(*) from grids g where g.community_id = c.id) >= 3 order by c.id limit 1`,
    );
    street = r.rows[0]!.street;
    community = r.rows[0]!.community;
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('GET /api/planning/units: blocks whose figures add up to the grid list\'s, with edge adjacency', async () => {
    const r = await app.get('/api/planning/units?unit=blocks', { token: planner });
    expect(r.status).toBe(200);
    const body = (await r.json()) as UnitsBody;
    expect(body.unit).toBe('blocks');
    expect(body.grids).toHaveLength(63);
    expect(body.units).toHaveLength(await count('select count(*)::int as n from blocks'));
    const grids = (await (await app.get('/api/grids', { token: planner })).json()) as FeatureCollection;
    for (const f of grids.features) {
      const mine = body.units.filter((u) => u.grid_id === f.id);
      expect(mine.length, `grid ${f.id}`).toBeGreaterThan(0);
      for (const k of ['households', 'open_cases', 'cases_last_365d'] as const) {
        expect(mine.reduce((s, u) => s + u[k], 0), `grid ${f.id} ${k}`).toBe(f.properties![k]);
      }
      // A lamp on the street that is the boundary of two grids counts in the block that
      // holds it (the lower block id), which may lie in the other grid.
      expect(Math.abs(mine.reduce((s, u) => s + u.components, 0) - f.properties!.components), `grid ${f.id} components`).toBeLessThanOrEqual(5);
    }
    expect(body.units.reduce((s, u) => s + u.components, 0)).toBe(grids.features.reduce((s, f) => s + f.properties!.components, 0));
    // Default weights: a household 0.05, a component 1, an open case 5, a case of the year 1.
    const u = body.units.find((x) => x.households > 0 && x.open_cases > 0)!;
    expect(u.workload).toBeCloseTo(u.households * 0.05 + u.components + u.open_cases * 5 + u.cases_last_365d, 3);
    const ids = new Set(body.units.map((x) => x.id));
    const degree = new Map<string, number>();
    for (const [a, b] of body.adjacency) {
      expect(ids.has(a) && ids.has(b) && a !== b).toBe(true);
      degree.set(a, (degree.get(a) ?? 0) + 1);
      degree.set(b, (degree.get(b) ?? 0) + 1);
    }
    expect([...ids].every((id) => (degree.get(id) ?? 0) > 0)).toBe(true);
    // Two blocks that only touch at a corner are not neighbours.
    const corner = await db.query<{ a: number; b: number }>(
      `select a.id as a, b.id as b from blocks a join blocks b on a.id < b.id and st_touches(a.geom, b.geom)
        where st_dimension(st_intersection(a.geom, b.geom)) = 0 limit 1`,
    );
    for (const c of corner.rows) expect(body.adjacency).not.toContainEqual([String(c.a), String(c.b)]);
  });

  it('GET /api/planning/units: H3 cells of a street office with H3 neighbours, and the same totals', async () => {
    const r = await app.get(`/api/planning/units?unit=cells&res=9&street_office=${street}`, { token: planner });
    expect(r.status).toBe(200);
    const body = (await r.json()) as UnitsBody;
    expect(body.res).toBe(9);
    const gridIds = body.grids.map((g) => g.id);
    expect(gridIds.length).toBeGreaterThanOrEqual(9);
    for (const u of body.units) {
      expect(u.id).toMatch(/^89[0-9a-f]{13}$/);
      expect(gridIds).toContain(u.grid_id);
    }
    const households = await db.query<{ n: number }>('select coalesce(sum(households), 0)::int as n from buildings where grid_id = any($1::int[])', [gridIds]);
    expect(body.units.reduce((s, u) => s + u.households, 0)).toBe(households.rows[0]!.n);
    expect(body.adjacency.length).toBeGreaterThan(body.units.length);
  });

  it('refuses other roles and bad queries with a reason', async () => {
    for (const user of ['command', 'officer', 'chief01']) {
      const token = await app.login(user);
      expect((await app.get('/api/planning/units', { token })).status, user).toBe(403);
      expect((await post('/api/planning/propose', {}, token)).status, user).toBe(403);
    }
    expect((await app.get('/api/planning/units')).status).toBe(401);
    const bad = await app.get('/api/planning/units?unit=streets', { token: planner });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/unit must be one of blocks, cells/);
    expect((await app.get('/api/planning/units?unit=cells&res=13', { token: planner })).status).toBe(400);
    const none = await app.get('/api/planning/units?grids=999999', { token: planner });
    expect(none.status).toBe(422);
    expect((await none.json()).error.message).toMatch(/no active grid 999999/);
  });

  it('POST /api/planning/propose balances a street office\'s grids from blocks and writes nothing', async () => {
    const history = await count('select count(*)::int as n from boundary_history');
    const r = await post('/api/planning/propose', { unit: 'blocks', scope: { street_office: street } });
    expect(r.status).toBe(200);
    const body = (await r.json()) as ProposeBody;
    expect(body.started_from).toBe('current');
    expect(body.n).toBe(body.scope.grids.length);
    expect(Object.keys(body.assignment)).toHaveLength(body.units);
    expect(new Set(Object.values(body.assignment)).size).toBe(body.n);
    expect(body.spread.after.cv).toBeLessThanOrEqual(body.spread.before.cv);
    expect(body.spread.after.maxMinRatio!).toBeLessThanOrEqual(body.spread.before.maxMinRatio!);
    expect(body.spread.after.inBand).toBeGreaterThanOrEqual(body.spread.before.inBand);
    for (const g of body.grids) {
      expect(g.grid_id).not.toBeNull();
      expect(g.after.pieces).toBe(1);
    }
    // The proposed grids cover the street office's grids exactly.
    const fc = body.geometry!;
    expect(fc.features).toHaveLength(body.n);
    const area = await db.query<{ today: number; proposed: number; overlap: number }>(
      `with p as (select i, st_setsrid(st_geomfromgeojson(f->>'geometry'), 4326) as geom from json_array_elements($1::json->'features') with ordinality as x(f, i))
       select (select st_area(st_union(geom)::geography) from grids where id = any($2::int[])) as today,
              (select sum(st_area(geom::geography)) from p) as proposed,
              (select coalesce(sum(st_area(st_intersection(a.geom, b.geom)::geography)), 0) from p a, p b where a.i < b.i and st_relate(a.geom, b.geom, '2********')) as overlap`,
      [JSON.stringify(fc), body.scope.grids],
    );
    expect(area.rows[0]!.proposed).toBeCloseTo(area.rows[0]!.today, -1);
    expect(area.rows[0]!.overlap).toBeLessThan(1);
    expect(await count('select count(*)::int as n from boundary_history')).toBe(history);
    expect(await count(`select count(*)::int as n from grids where version <> 1`)).toBe(0);
  });

  it('POST /api/planning/propose from H3 cells, grown afresh, is the same for the same seed', async () => {
    const req = { unit: 'cells', res: 10, scope: { street_office: street }, n: 5, fresh: true, random_seed: 7, geometry: false };
    const a = (await (await post('/api/planning/propose', req)).json()) as ProposeBody;
    expect(a.started_from).toBe('fresh');
    expect(a.geometry).toBeNull();
    expect(a.grids).toHaveLength(5);
    // Grown grids take the ids of the grids they share most with.
    expect(a.grids.every((g) => g.grid_id !== null && a.scope.grids.includes(g.grid_id))).toBe(true);
    expect(a.spread.after.n).toBe(5);
    expect(a.spread.after.cv).toBeLessThan(0.15);
    const b = (await (await post('/api/planning/propose', req)).json()) as ProposeBody;
    expect(b.assignment).toEqual(a.assignment);
    // As many grids as today: every grown grid takes one of today's ids, none is dropped.
    const all = (await (await post('/api/planning/propose', { ...req, unit: 'blocks', n: undefined })).json()) as ProposeBody & { dropped: unknown[] };
    expect(all.dropped).toEqual([]);
    expect(new Set(all.grids.map((g) => g.grid_id))).toEqual(new Set(all.scope.grids));
  });

  it('refuses bad proposals with a reason', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ unit: 'blocks', n: 0 }, 422, /n must be >= 1/],
      [{ unit: 'blocks', colour: 'red' }, 422, /unknown field "colour"/],
      [{ unit: 'blocks', band: 2 }, 422, /band must be <= 1/],
      [{ unit: 'blocks', weights: { households: -1 } }, 422, /households must be >= 0/],
      [{ unit: 'blocks', scope: { grids: [999999] } }, 422, /no active grid 999999/],
      [{ unit: 'blocks', scope: { community }, n: 500 }, 422, /cannot make 500 districts/],
      [{ unit: 'blocks', scope: { community }, seed: { nope: 1 } }, 422, /not in the scope: nope/],
      [{ unit: 'blocks', scope: { community }, locked: ['nope'] }, 422, /locked unit nope/],
    ];
    for (const [body, status, reason] of cases) {
      const r = await post('/api/planning/propose', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect((await r.json()).error.message, JSON.stringify(body)).toMatch(reason);
    }
  });

  it('POST /api/planning/apply redraws a community\'s grids through the write path, all or nothing', async () => {
    const proposal = (await (await post('/api/planning/propose', { unit: 'blocks', scope: { community }, geometry: false, stickiness: 0 })).json()) as ProposeBody;
    const grids = proposal.grids.map((g) => ({ id: g.grid_id!, version: g.version! }));
    const assignment = Object.fromEntries(Object.entries(proposal.assignment).map(([u, g]) => [u, Number(g)]));
    const history = await count('select count(*)::int as n from boundary_history');

    // A bad assignment: one unit left out, one sent to a grid outside the list.
    const [first, second] = Object.keys(assignment);
    const { [first!]: _left, ...without } = assignment;
    const bad = await post('/api/planning/apply', { unit: 'blocks', assignment: { ...without, [second!]: 999999 }, grids });
    expect(bad.status).toBe(422);
    const badBody = await bad.json();
    expect(badBody.error.code).toBe('bad_assignment');
    expect(badBody.error.message).toMatch(/1 unit\(s\) of these grids have no grid.*1 unit\(s\) go to a grid not listed/);
    expect(badBody.error.details.missing).toEqual([first]);

    expect(proposal.units_moved).toBeGreaterThan(0);
    const ok = await post('/api/planning/apply', { unit: 'blocks', assignment, grids });
    if (ok.status !== 200) console.log(await ok.clone().text());
    expect(ok.status).toBe(200);
    const done = (await ok.json()) as { written: number[]; unchanged: number[]; grids: { id: number; version: number; changed: boolean }[]; subgrids: { id: number; version: number }[] };
    expect(done.written.length + done.unchanged.length).toBe(grids.length);
    expect(done.written.length).toBeGreaterThan(1);
    for (const g of done.grids) expect(g.version).toBe(g.changed ? 2 : 1);
    expect(await count('select count(*)::int as n from boundary_history')).toBe(history + done.written.length * 5);
    const topo = await (await app.get('/api/topology', { token: planner })).json();
    expect(topo.summary).toMatchObject({ grid_overlap: 0, grid_gap: 0, subgrid_outside: 0, subgrid_overlap: 0, subgrid_gap: 0, ok: true });
    // The changed grids' sub-grids were cut again: as many as before, versions bumped.
    const subs = await db.query<{ n: number; v: number }>('select count(*)::int as n, min(version)::int as v from subgrids where grid_id = any($1::int[])', [done.written]);
    expect(subs.rows[0]).toEqual({ n: done.written.length * 4, v: 2 });
    expect(done.subgrids).toHaveLength(done.written.length * 4);
    // The grids now hold the proposed blocks: the units read again match the assignment.
    const again = (await (await app.get(`/api/planning/units?community=${community}`, { token: planner })).json()) as UnitsBody;
    for (const u of again.units) expect(u.grid_id, u.id).toBe(assignment[u.id]);

    // The same versions again are stale now.
    const stale = await post('/api/planning/apply', { unit: 'blocks', assignment, grids });
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.details.stale[0]).toMatchObject({ yourVersion: 1, currentVersion: 2 });
    expect(await count('select count(*)::int as n from boundary_history')).toBe(history + done.written.length * 5);
  });

  it('POST /api/planning/apply from H3 cells keeps the cover clean', async () => {
    const other = (await db.query<{ id: number }>(`select id from admin_areas where level = 'community' and id <> $1 order by id desc limit 1`, [community])).rows[0]!.id;
    const proposal = (await (await post('/api/planning/propose', { unit: 'cells', res: 10, scope: { community: other }, geometry: false, stickiness: 0 })).json()) as ProposeBody;
    const grids = proposal.grids.map((g) => ({ id: g.grid_id!, version: g.version! }));
    const assignment = Object.fromEntries(Object.entries(proposal.assignment).map(([u, g]) => [u, Number(g)]));
    const ok = await post('/api/planning/apply', { unit: 'cells', res: 10, assignment, grids });
    if (ok.status !== 200) console.log(await ok.clone().text());
    expect(ok.status).toBe(200);
    const done = (await ok.json()) as { written: number[] };
    expect(done.written.length).toBeGreaterThan(0);
    const topo = await (await app.get('/api/topology', { token: planner })).json();
    expect(topo.summary).toMatchObject({ ok: true });
  });

  it('a block that shares no edge (drawn apart from its street) is a neighbour of the blocks across it', async () => {
    const lone = (await db.query<{ id: number; grid: number }>(
      `select b.id, g.id as grid from blocks b join grids g on st_covers(g.geom, st_pointonsurface(b.geom)) where g.community_id = $1 order by b.id limit 1`,
      [community],
    )).rows[0]!;
    const before = (await (await app.get(`/api/planning/units?grids=${lone.grid}`, { token: planner })).json()) as UnitsBody;
    const edges = before.adjacency.filter((p) => p.includes(String(lone.id)));
    expect(edges.length).toBeGreaterThan(0);
    // Pull the block 10 m back from every street (as the owner; blocks need not cover the city).
    await db.query(`update blocks set geom = st_multi(st_buffer(geom::geography, -10)::geometry) where id = $1`, [lone.id]);
    const after = (await (await app.get(`/api/planning/units?grids=${lone.grid}`, { token: planner })).json()) as UnitsBody;
    const near = after.adjacency.filter((p) => p.includes(String(lone.id)));
    expect(near.length).toBeGreaterThanOrEqual(edges.length);
  });
});
