// Batch changes (POST /api/{grids,subgrids,blocks}/changes): a set of creates, updates
// and deletes checked as a whole; one bad change keeps the whole set out; a dry run
// reports and keeps nothing; two planners saving the same grid — the second is told
// which unit changed and its version; split (update one + create one) and merge
// (update one + delete the other) land with their history.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

interface Pair {
  a: number;
  b: number;
  aWith: unknown;
  bWithout: unknown;
}

interface Load {
  households: number;
  buildings: number;
  components: number;
  open_cases: number;
  area_m2: number;
}

interface Report {
  dry_run: boolean;
  ok: boolean;
  created: { index: number; id: number; code: string; version: number }[];
  updated: { id: number; code: string; version: number }[];
  deleted: { id: number; code: string; version: number }[];
  problems: { kind: string; with?: { id: number; code: string }[]; area_m2: number; geometry: { type: string } }[];
  workload: { id: number; code: string; before: Load | null; after: Load | null }[];
}

describe(`batch changes (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let planner: string;
  let planner2: string;
  let pair: Pair;

  const post = (layer: string, body: unknown, token = planner) => app.request('POST', `/api/${layer}/changes`, { token, body });
  const version = async (table: string, id: number) => (await db.query<{ version: number }>(`select version from ${table} where id = $1`, [id])).rows[0]?.version;
  const historyRows = async () => (await db.query<{ n: number }>('select count(*)::int as n from boundary_history')).rows[0]!.n;
  const count = async (table: string) => (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    planner = await app.login('planner');
    planner2 = await app.login('planner2');
    // Two neighbouring active grids and a piece of b along their shared edge.
    const r = await db.query<{ a: number; b: number; a_with: string; b_without: string }>(
      `with pairs as (
         select a.id as a, b.id as b, st_intersection(a.geom, b.geom) as edge
           from grids a join grids b on a.id < b.id and st_relate(a.geom, b.geom, 'F***1****')
          order by a.id, b.id limit 1),
       piece as (
         select p.a, p.b, st_multi(st_collectionextract(st_intersection(b.geom, st_buffer(st_pointonsurface(p.edge), 0.0006)), 3)) as geom
           from pairs p join grids b on b.id = p.b)
       select p.a, p.b, st_asgeojson(st_multi(st_union(a.geom, p.geom)), 15) as a_with,
              st_asgeojson(st_multi(st_difference(b.geom, p.geom)), 15) as b_without
         from piece p join grids a on a.id = p.a join grids b on b.id = p.b`,
    );
    const row = r.rows[0]!;
    pair = { a: row.a, b: row.b, aWith: JSON.parse(row.a_with), bWithout: JSON.parse(row.b_without) };
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('keeps a whole set out when one create overlaps a neighbour, naming the unit and the place', async () => {
    const community = (await db.query<{ id: number; code: string }>(`select id, code from admin_areas where level = 'community' order by id limit 1`)).rows[0]!;
    const grids = await count('grids');
    const history = await historyRows();
    const r = await post('grids', {
      // A harmless rename, and a new grid on top of grid a.
      updates: [{ id: pair.b, version: 1, properties: { name: '改名网格' } }],
      creates: [{ properties: { code: `${community.code}951`, name: '重叠网格', community_id: community.id }, geometry: pair.aWith }],
    });
    expect(r.status).toBe(409);
    const e = (await r.json()).error;
    expect(e.code).toBe('overlap');
    expect(e.message).toMatch(new RegExp(`${community.code}951`));
    expect(e.details.problems[0]).toMatchObject({ kind: 'overlap', geometry: { type: expect.stringMatching(/Polygon/) } });
    expect(e.details.problems[0].area_m2).toBeGreaterThan(100);
    // Nothing of the set was kept: not the rename, not the grid, not a history row.
    expect(await version('grids', pair.b)).toBe(1);
    expect(await count('grids')).toBe(grids);
    expect(await historyRows()).toBe(history);
    const name = (await db.query<{ name: string }>('select name from grids where id = $1', [pair.b])).rows[0]!.name;
    expect(name).not.toBe('改名网格');
  });

  it('refuses an invalid geometry naming the change and the place, and writes nothing', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[[112, 27.7], [112.01, 27.71], [112.01, 27.7], [112, 27.71], [112, 27.7]]] };
    const r = await post('grids', {
      updates: [
        { id: pair.a, version: 1, properties: { name: '好名字网格' } },
        { id: pair.b, version: 1, geometry: bowtie },
      ],
    });
    expect(r.status).toBe(422);
    const e = (await r.json()).error;
    expect(e.code).toBe('invalid_geometry');
    expect(e.message).toMatch(/^updates\[1\] \(grid \d+\): updates\[1\]\.geometry: self-intersection at 112\.005, 27\.705/);
    expect(e.details).toMatchObject({ op: 'update', index: 1, id: pair.b, path: 'updates[1].geometry' });
    expect(e.details.location[0]).toBeCloseTo(112.005, 9);
    expect(e.details.location[1]).toBeCloseTo(27.705, 9);
    expect(await version('grids', pair.a)).toBe(1);
    const empty = await post('grids', { creates: [], updates: [], deletes: [] });
    expect(empty.status).toBe(422);
    expect((await empty.json()).error.code).toBe('empty_changes');
    const twice = await post('grids', { updates: [{ id: pair.a, version: 1, properties: { name: 'x网格' } }], deletes: [{ id: pair.a, version: 1 }] });
    expect(twice.status).toBe(422);
    expect((await twice.json()).error.message).toMatch(/once per request/);
    const unknown = await post('grids', { updates: [{ id: pair.a, version: 1, properties: { colour: 'red' } }] });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.message).toMatch(/unknown field "colour"/);
    const missing = await post('grids', { deletes: [{ id: 999999, version: 1 }] });
    expect(missing.status).toBe(404);
    for (const user of ['command', 'officer', 'chief01']) {
      expect((await post('grids', { updates: [{ id: pair.a, version: 1, properties: { name: 'x网格' } }] }, await app.login(user))).status, user).toBe(403);
    }
  });

  it('dry-runs a moved shared edge: reports the new versions and workloads, keeps nothing', async () => {
    const history = await historyRows();
    const body = {
      updates: [
        { id: pair.a, version: 1, geometry: pair.aWith },
        { id: pair.b, version: 1, geometry: pair.bWithout },
      ],
      dry_run: true,
    };
    const r = await post('grids', body);
    expect(r.status).toBe(200);
    const report = (await r.json()) as Report;
    expect(report).toMatchObject({ dry_run: true, ok: true, problems: [], created: [], deleted: [] });
    expect(report.updated.map((u) => [u.id, u.version])).toEqual([[pair.a, 2], [pair.b, 2]]);
    const wa = report.workload.find((w) => w.id === pair.a)!;
    const wb = report.workload.find((w) => w.id === pair.b)!;
    // Grid a grows and b shrinks; together they hold what they held.
    expect(wa.after!.area_m2).toBeGreaterThan(wa.before!.area_m2);
    expect(wb.after!.area_m2).toBeLessThan(wb.before!.area_m2);
    expect(Math.abs(wa.after!.area_m2 + wb.after!.area_m2 - wa.before!.area_m2 - wb.before!.area_m2)).toBeLessThan(2);
    expect(wa.after!.households + wb.after!.households).toBe(wa.before!.households + wb.before!.households);
    // Nothing kept: versions, geometry, history.
    expect(await version('grids', pair.a)).toBe(1);
    expect(await version('grids', pair.b)).toBe(1);
    expect(await historyRows()).toBe(history);
    // A dry run of an overlapping set answers 200 with the problems, and keeps nothing either.
    const bad = await post('grids', { updates: [{ id: pair.a, version: 1, geometry: pair.aWith }], dry_run: true });
    expect(bad.status).toBe(200);
    const badReport = (await bad.json()) as Report;
    expect(badReport.ok).toBe(false);
    expect(badReport.problems[0]).toMatchObject({ kind: 'overlap', with: [{ id: pair.a }, { id: pair.b }] });
    expect(await version('grids', pair.a)).toBe(1);
    // The same set saved for real.
    const saved = await post('grids', { ...body, dry_run: false });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as Report).updated.map((u) => u.version)).toEqual([2, 2]);
    expect(await version('grids', pair.a)).toBe(2);
    expect(await historyRows()).toBe(history + 2);
    const h = await (await app.get(`/api/grids/${pair.b}/history`, { token: planner })).json();
    expect(h.entries[0]).toMatchObject({ version: 2, op: 'update', actor: 'planner', geometryChanged: true });
  });

  it('two planners saving the same grid: the second gets 412 naming the grid and its new version', async () => {
    const v = (await version('grids', pair.a))!;
    const [r1, r2] = await Promise.all([
      post('grids', { updates: [{ id: pair.a, version: v, properties: { name: '规划一网格' } }] }, planner),
      post('grids', { updates: [{ id: pair.a, version: v, properties: { name: '规划二网格' } }, { id: pair.b, version: (await version('grids', pair.b))!, properties: { name: '规划二乙网格' } }] }, planner2),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 412]);
    const loser = r1.status === 412 ? r1 : r2;
    const e = (await loser.json()).error;
    expect(e.code).toBe('version_conflict');
    expect(e.details.stale).toEqual([expect.objectContaining({ op: 'update', id: pair.a, yourVersion: v, currentVersion: v + 1 })]);
    expect(e.message).toMatch(/was changed by planner2? at .*now version/);
    expect(await version('grids', pair.a)).toBe(v + 1);
    // Only the winner's set was kept: when planner2 lost, its other edit (grid b) was not kept either.
    const names = await db.query<{ id: number; name: string }>('select id, name from grids where id = any($1::int[]) order by id', [[pair.a, pair.b]]);
    const name = (id: number) => names.rows.find((n) => n.id === id)!.name;
    if (loser === r2) {
      expect(name(pair.a)).toBe('规划一网格');
      expect(name(pair.b)).not.toBe('规划二乙网格');
    } else {
      expect([name(pair.a), name(pair.b)]).toEqual(['规划二网格', '规划二乙网格']);
    }
  });

  it('splits a block (update one, create one) and merges it back (update one, delete the other), with history', async () => {
    const s = await db.query<{ id: number; code: string; community_id: number; whole: string; left: string; right: string }>(
      `select b.id, b.code, b.community_id, st_asgeojson(b.geom, 15) as whole,
              st_asgeojson(st_multi(st_collectionextract(st_intersection(b.geom, st_makeenvelope(-180, -90, st_x(c), 90, 4326)), 3)), 15) as left,
              st_asgeojson(st_multi(st_collectionextract(st_difference(b.geom, st_makeenvelope(-180, -90, st_x(c), 90, 4326)), 3)), 15) as right
         from blocks b, lateral (select st_centroid(b.geom) as c) x
        where st_numgeometries(b.geom) = 1 order by st_area(b.geom) desc limit 1`,
    );
    const block = s.rows[0]!;
    const v = (await version('blocks', block.id))!;
    const code = `${block.code.trim().slice(0, 12)}9901`;
    const split = await post('blocks', {
      updates: [{ id: block.id, version: v, geometry: JSON.parse(block.left) }],
      creates: [{ properties: { code, name: '新街区', community_id: block.community_id, landuse: 'residential' }, geometry: JSON.parse(block.right) }],
    });
    expect(split.status).toBe(200);
    const report = (await split.json()) as Report;
    expect(report.created).toEqual([{ index: 0, id: expect.any(Number), code, version: 1 }]);
    expect(report.updated).toEqual([{ id: block.id, code: block.code.trim(), version: v + 1 }]);
    const newId = report.created[0]!.id;
    const w = report.workload.find((x) => x.id === newId)!;
    expect(w.before).toBeNull();
    expect(w.after!.area_m2).toBeGreaterThan(0);
    // Buildings in the new half now belong to the new block.
    const moved = await db.query<{ n: number }>('select count(*)::int as n from buildings where block_id = $1', [newId]);
    const inside = await db.query<{ n: number }>(`select count(*)::int as n from buildings b, blocks k where k.id = $1 and st_within(b.point, k.geom)`, [newId]);
    expect(moved.rows[0]!.n).toBe(inside.rows[0]!.n);

    // A stale merge is refused as a whole; the right one lands.
    const stale = await post('blocks', { updates: [{ id: block.id, version: v, geometry: JSON.parse(block.whole) }], deletes: [{ id: newId, version: 1 }] });
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.details.stale).toEqual([expect.objectContaining({ id: block.id, currentVersion: v + 1, yourVersion: v })]);
    expect(await version('blocks', newId)).toBe(1);
    const merge = await post('blocks', { updates: [{ id: block.id, version: v + 1, geometry: JSON.parse(block.whole) }], deletes: [{ id: newId, version: 1 }] });
    expect(merge.status).toBe(200);
    expect(((await merge.json()) as Report).deleted).toEqual([{ id: newId, code, version: 2 }]);
    expect(await version('blocks', newId)).toBeUndefined();
    const h = await (await app.get(`/api/blocks/${newId}/history`, { token: planner })).json();
    expect(h.entries.map((e: { op: string; actor: string }) => [e.op, e.actor])).toEqual([['delete', 'planner'], ['create', 'planner']]);
    // Deleting it again: someone (here: we) deleted it, so a 412 that says so.
    const again = await post('blocks', { deletes: [{ id: newId, version: 1 }] });
    expect(again.status).toBe(412);
    expect((await again.json()).error.details.stale).toEqual([expect.objectContaining({ id: newId, currentVersion: null, deleted: true })]);
  });

  it('keeps split sub-grids inside their grid', async () => {
    const s = await db.query<{ id: number; grid_id: number; code: string; left: string; right: string; beyond: string }>(
      `select s.id, s.grid_id, s.code,
              st_asgeojson(st_multi(st_collectionextract(st_intersection(s.geom, st_makeenvelope(-180, -90, st_x(c), 90, 4326)), 3)), 15) as left,
              st_asgeojson(st_multi(st_collectionextract(st_difference(s.geom, st_makeenvelope(-180, -90, st_x(c), 90, 4326)), 3)), 15) as right,
              st_asgeojson(st_multi(st_buffer(st_collectionextract(st_difference(s.geom, st_makeenvelope(-180, -90, st_x(c), 90, 4326)), 3), 0.002)), 15) as beyond
         from subgrids s, lateral (select st_centroid(s.geom) as c) x
        where s.grid_id not in ($1, $2) order by s.id limit 1`,
      [pair.a, pair.b],
    );
    const sub = s.rows[0]!;
    const v = (await version('subgrids', sub.id))!;
    const props = { code: `${sub.code.trim().slice(0, 15)}99`, name: '新子网格', grid_id: sub.grid_id };
    const outside = await post('subgrids', { updates: [{ id: sub.id, version: v, geometry: JSON.parse(sub.left) }], creates: [{ properties: props, geometry: JSON.parse(sub.beyond) }] });
    expect(outside.status).toBe(409);
    const kinds = (await outside.json()).error.details.problems.map((p: { kind: string }) => p.kind);
    expect(kinds).toContain('outside_grid');
    expect(await version('subgrids', sub.id)).toBe(v);
    const ok = await post('subgrids', { updates: [{ id: sub.id, version: v, geometry: JSON.parse(sub.left) }], creates: [{ properties: props, geometry: JSON.parse(sub.right) }] });
    expect(ok.status).toBe(200);
    const created = ((await ok.json()) as Report).created[0]!.id;
    // The grid's sub-grids still cover it exactly (grids a and b, edited above, have problems of their own).
    const topology = await (await app.get('/api/topology', { token: planner })).json();
    const here = topology.features.filter((f: { properties: { problem: string; ids: number[] } }) =>
      f.properties.problem.startsWith('subgrid') && f.properties.ids.some((id) => [sub.id, created, sub.grid_id].includes(id)));
    expect(here).toEqual([]);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await (await app.get('/api/openapi.json')).json();
    for (const layer of ['grids', 'subgrids', 'blocks']) expect(doc.paths[`/api/${layer}/changes`]?.post, layer).toBeDefined();
  });
});
