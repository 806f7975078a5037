// Audit (issue 8, part 6): every boundary edit (grids, sub-grids, blocks: single,
// batch, import, planning apply, split and merge), every team change and every case
// transition is traceable to a user. Each action is done as a named user; the rows it
// wrote (boundary_history, team_history, case_events) must all carry that user's name
// and id and a time inside the request. Counted and printed: rows without their user 0.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { startApp, type TestServer } from '../helpers/http.ts';
import { seededDb, type TestDb } from '../helpers/store.ts';

type Log = 'boundary_history' | 'team_history' | 'case_events';

interface Row {
  id: string;
  actor: string;
  actor_id: number | null;
  at: Date;
}

describe(`audit (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const tokens: Record<string, string> = {};
  const ids: Record<string, number> = {};
  const figures = { actions: 0, rows: 0, rowsWithoutUser: 0 };
  const untraced: string[] = [];
  /** Grids whose shared edges an earlier edit moved (an exact shared edge is what the next move looks for). */
  const moved: number[] = [0];

  const last = async (log: Log) => Number((await db.query<{ n: string }>(`select coalesce(max(id), 0)::text as n from ${log}`)).rows[0]!.n);
  const now = async () => (await db.query<{ t: Date }>('select clock_timestamp() as t')).rows[0]!.t;

  /**
   * Does `act` as `user` and checks the rows it added to `logs`: at least `min` of them,
   * each with the user's name (case events: `user:name`, or the channel for a report)
   * and id, and a time between the request's start and end.
   */
  async function traced(what: string, user: string, logs: Log[], act: (token: string) => Promise<Response>, min = 1): Promise<Row[]> {
    const marks = await Promise.all(logs.map(last));
    const t0 = await now();
    const r = await act(tokens[user]!);
    const text = await r.text();
    expect(r.status, `${what}: ${text.slice(0, 400)}`).toBeLessThan(300);
    const t1 = await now();
    const rows: Row[] = [];
    for (const [k, log] of logs.entries()) {
      const added = await db.query<Row>(`select id::text, actor, actor_id, at from ${log} where id > $1 order by id`, [marks[k]]);
      rows.push(...added.rows);
    }
    figures.actions++;
    figures.rows += rows.length;
    expect(rows.length, `${what}: rows written`).toBeGreaterThanOrEqual(min);
    for (const row of rows) {
      const named = row.actor === user || row.actor === `user:${user}` || /^channel:/.test(row.actor);
      // Times: the database's clock; a case event carries the time of the step (or the report's).
      const inTime = row.at.getTime() >= t0.getTime() - 1000 && row.at.getTime() <= t1.getTime() + 1000;
      if (!named || row.actor_id !== ids[user] || !inTime) {
        figures.rowsWithoutUser++;
        untraced.push(`${what}: ${JSON.stringify(row)} (expected ${user} #${ids[user]})`);
      }
    }
    return rows;
  }

  const json = (token: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}) => app.request(method, path, { token, body, headers });

  /** Two neighbouring grids and the geometries that move a piece of b into a. */
  async function pieceMove(table: 'grids' | 'subgrids', where = 'true') {
    const r = await db.query<{ a: number; b: number; va: number; vb: number; a_with: string; b_without: string }>(
      `with pairs as (
         select a.id as a, b.id as b, a.version as va, b.version as vb, st_intersection(a.geom, b.geom) as edge
           from ${table} a join ${table} b on a.id < b.id and a.geom && b.geom and st_relate(a.geom, b.geom, 'F***1****')
          where ${where.replaceAll('X.', 'a.')} and ${where.replaceAll('X.', 'b.')}
          order by a.id desc, b.id desc limit 1),
       piece as (select p.*, st_intersection(b.geom, st_buffer(st_pointonsurface(p.edge), 0.0004)) as geom from pairs p join ${table} b on b.id = p.b)
       select p.a, p.b, p.va, p.vb, st_asgeojson(st_multi(st_union(a.geom, p.geom)), 15) as a_with,
              st_asgeojson(st_multi(st_collectionextract(st_difference(b.geom, p.geom), 3)), 15) as b_without
         from piece p join ${table} a on a.id = p.a join ${table} b on b.id = p.b`,
    );
    const x = r.rows[0]!;
    return { a: x.a, b: x.b, va: x.va, vb: x.vb, aWith: JSON.parse(x.a_with) as unknown, bWithout: JSON.parse(x.b_without) as unknown };
  }

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    for (const user of ['admin', 'planner', 'planner2', 'officer', 'command', 'chief01']) {
      tokens[user] = await app.login(user);
      ids[user] = (await db.query<{ id: number }>('select id from app_users where username = $1', [user])).rows[0]!.id;
    }
  });
  afterAll(async () => {
    console.log(`[audit ${BACKEND}] actions ${figures.actions}, rows ${figures.rows}, rows without their user ${figures.rowsWithoutUser}`);
    await app?.close();
    await db?.dispose();
  });

  it('grid, sub-grid and block edits, single and batch, name their user', async () => {
    const grid = (await db.query<{ id: number; version: number }>(`select id, version from grids where status = 'active' order by id limit 1`)).rows[0]!;
    await traced('PATCH grid', 'planner2', ['boundary_history'], (t) => json(t, 'PATCH', `/api/grids/${grid.id}`, { type: 'Feature', properties: { name: '审计网格' } }, { 'if-match': `"v${grid.version}"` }));
    // A draft grid created and deleted (drafts skip the cover checks).
    const community = (await db.query<{ id: number; code: string }>(`select id, code from admin_areas where level = 'community' order by id limit 1`)).rows[0]!;
    const square = { type: 'Polygon', coordinates: [[[112, 27.73], [112.001, 27.73], [112.001, 27.731], [112, 27.731], [112, 27.73]]] };
    let created = 0;
    await traced('POST grid (draft)', 'admin', ['boundary_history'], async (t) => {
      const r = await json(t, 'POST', '/api/grids', { type: 'Feature', geometry: square, properties: { code: `${community.code}977`, name: '审计草稿网格', community_id: community.id, status: 'draft' } });
      created = ((await r.clone().json()) as { id: number }).id;
      return r;
    });
    await traced('DELETE grid', 'planner', ['boundary_history'], (t) => json(t, 'DELETE', `/api/grids/${created}`, undefined, { 'if-match': '"v1"' }));
    const m = await pieceMove('grids', `X.status = 'active'`);
    moved.push(m.a, m.b);
    await traced('POST grids/changes (shared edge)', 'admin', ['boundary_history'], (t) =>
      json(t, 'POST', '/api/grids/changes', { updates: [{ id: m.a, version: m.va, geometry: m.aWith }, { id: m.b, version: m.vb, geometry: m.bWithout }] }), 2);
    const b = (await db.query<{ id: number; version: number }>('select id, version from blocks order by id desc limit 2')).rows;
    await traced('PATCH blocks (collection)', 'planner2', ['boundary_history'], (t) =>
      json(t, 'PATCH', '/api/blocks', { type: 'FeatureCollection', features: b.map((x, i) => ({ type: 'Feature', id: x.id, properties: { name: `审计街区${i}`, version: x.version } })) }), 2);
    const s = (await db.query<{ id: number; version: number }>('select id, version from subgrids order by id limit 1')).rows[0]!;
    await traced('PATCH sub-grid', 'planner', ['boundary_history'], (t) => json(t, 'PATCH', `/api/subgrids/${s.id}`, { type: 'Feature', properties: { name: '审计子网格' } }, { 'if-match': `"v${s.version}"` }));
  });

  it('split and merge (a sub-grid split in two and merged back) name their user', async () => {
    const s = (await db.query<{ id: number; version: number; grid_id: number; code: string; left: string; right: string; whole: string }>(
      `select s.id, s.version, s.grid_id, s.code, st_asgeojson(s.geom, 15) as whole,
              st_asgeojson(st_multi(st_collectionextract(st_intersection(s.geom, st_makeenvelope(-180, -90, st_x(c), 90, 4326)), 3)), 15) as left,
              st_asgeojson(st_multi(st_collectionextract(st_difference(s.geom, st_makeenvelope(-180, -90, st_x(c), 90, 4326)), 3)), 15) as right
         from subgrids s, lateral (select st_centroid(s.geom) as c) x order by s.id desc limit 1`,
    )).rows[0]!;
    let newId = 0;
    await traced('split (sub-grid update + create)', 'planner2', ['boundary_history'], async (t) => {
      const r = await json(t, 'POST', '/api/subgrids/changes', {
        updates: [{ id: s.id, version: s.version, geometry: JSON.parse(s.left) }],
        creates: [{ properties: { code: `${s.code.trim().slice(0, 15)}99`, name: '审计拆分子网格', grid_id: s.grid_id }, geometry: JSON.parse(s.right) }],
      });
      newId = ((await r.clone().json()) as { created: { id: number }[] }).created[0]?.id ?? 0;
      return r;
    }, 2);
    await traced('merge (sub-grid update + delete)', 'admin', ['boundary_history'], (t) =>
      json(t, 'POST', '/api/subgrids/changes', { updates: [{ id: s.id, version: s.version + 1, geometry: JSON.parse(s.whole) }], deletes: [{ id: newId, version: 1 }] }), 2);
  });

  it('an import of boundaries and a planning apply name their user', async () => {
    const m = await pieceMove('grids', `X.status = 'active' and X.id <> all('{${moved.join(',')}}'::int[])`);
    const codes = await db.query<{ id: number; code: string; name: string; community_id: number }>('select id, code, name, community_id from grids where id = any($1::int[])', [[m.a, m.b]]);
    const props = (id: number, version: number) => {
      const g = codes.rows.find((c) => c.id === id)!;
      return { code: g.code.trim(), name: g.name, community_id: g.community_id, version };
    };
    await traced('POST imports/grids', 'planner2', ['boundary_history'], (t) =>
      app.request('POST', '/api/imports/grids', {
        token: t,
        headers: { 'content-type': 'application/geo+json' },
        body: JSON.stringify({ type: 'FeatureCollection', features: [
          { type: 'Feature', id: m.a, geometry: m.aWith, properties: props(m.a, m.va) },
          { type: 'Feature', id: m.b, geometry: m.bWithout, properties: props(m.b, m.vb) },
        ] }),
      }), 2);
    const community = (await db.query<{ id: number }>(
      `select c.id from admin_areas c where c.level = 'community' and (select count(*) from grids g where g.community_id = c.id) >= 3 order by c.id desc limit 1`,
    )).rows[0]!.id;
    const proposal = (await (await json(tokens.planner!, 'POST', '/api/planning/propose', { unit: 'blocks', scope: { community }, geometry: false, stickiness: 0 })).json()) as {
      grids: { grid_id: number; version: number }[]; assignment: Record<string, number | string>;
    };
    const assignment = Object.fromEntries(Object.entries(proposal.assignment).map(([u, g]) => [u, Number(g)]));
    await traced('POST planning/apply', 'admin', ['boundary_history'], (t) =>
      json(t, 'POST', '/api/planning/apply', { unit: 'blocks', assignment, grids: proposal.grids.map((g) => ({ id: g.grid_id, version: g.version })) }), 2);
  });

  it('a team change names its user in team_history', async () => {
    const grid = (await db.query<{ id: number }>('select grid_id as id from grid_seats group by grid_id order by grid_id limit 1')).rows[0]!.id;
    const read = await app.get(`/api/grids/${grid}/team`, { token: tokens.planner! });
    const tag = read.headers.get('etag')!;
    const team = (await read.json()) as { seats: { seat_kind: string; holders: { person_id: number }[] }[] };
    const seats = team.seats.flatMap((s) => s.holders.map((h) => ({ seat_kind: s.seat_kind, person_id: h.person_id })));
    // One volunteer more (participant seat), from someone who holds no seat here.
    const other = (await db.query<{ id: number }>('select id from people where id <> all($1::int[]) order by id limit 1', [seats.map((s) => s.person_id)])).rows[0]!.id;
    const rows = await traced('PUT team', 'planner2', ['team_history'], (t) =>
      json(t, 'PUT', `/api/grids/${grid}/team`, { seats: [...seats, { seat_kind: 'participant', person_id: other }] }, { 'if-match': tag }));
    const added = await db.query<{ unit: string; unit_id: number; seat: string; person_id: number; op: string }>(
      'select unit, unit_id, seat, person_id, op from team_history where id = any($1::bigint[])', [rows.map((r) => r.id)]);
    expect(added.rows).toContainEqual({ unit: 'grid', unit_id: grid, seat: 'participant', person_id: other, op: 'add' });
  });

  it('a case reported, corrected, then each step of its loop, names its user in case_events', async () => {
    const chiefGrid = (await db.query<{ grid_id: number }>('select grid_id from user_grid_scopes s join app_users u on u.id = s.user_id where u.username = $1 order by grid_id limit 1', ['chief01'])).rows[0]!.grid_id;
    const p = (await db.query<{ lon: number; lat: number }>('select st_x(st_pointonsurface(geom)) as lon, st_y(st_pointonsurface(geom)) as lat from grids where id = $1', [chiefGrid])).rows[0]!;
    let caseId = 0;
    await traced('POST case', 'officer', ['case_events'], async (t) => {
      const r = await json(t, 'POST', '/api/cases', { type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { channel: 'hotline_12345', type_code: '03040101', description: '审计：路灯不亮' } });
      caseId = ((await r.clone().json()) as { id: number }).id;
      return r;
    });
    const read = await app.get(`/api/cases/${caseId}`, { token: tokens.chief01! });
    await traced('PATCH case', 'chief01', ['case_events'], (t) => json(t, 'PATCH', `/api/cases/${caseId}`, { type: 'Feature', properties: { address: '审计：更正地址' } }, { 'if-match': read.headers.get('etag')! }));
    for (const [action, user] of [['verify', 'chief01'], ['register', 'officer'], ['dispatch', 'officer'], ['start', 'chief01'], ['feedback', 'chief01']] as const) {
      await traced(`transition ${action}`, user, ['case_events'], (t) => json(t, 'POST', `/api/cases/${caseId}/transitions`, { action, ...(action === 'feedback' ? { note: '已修复' } : {}) }));
    }
    // The log the case drawer reads names them too.
    const log = (await (await app.get(`/api/cases/${caseId}/events`, { token: tokens.command! })).json()) as { actor: string }[];
    expect(log.map((e) => e.actor)).toEqual(['channel:hotline_12345', 'user:chief01', 'user:chief01', 'user:officer', 'user:officer', 'user:chief01', 'user:chief01']);
  });

  it('no row written in this file lacks its user', () => {
    expect(untraced).toEqual([]);
    expect(figures.rowsWithoutUser).toBe(0);
  });
});
