// Concurrency, shown with figures (issue 8, part 3). N planners save the same grid at
// the same moment, all with the version they read: exactly one wins, the others get
// 412, the stored grid is the winner's (no lost update) and the history holds one row
// per unit the winner wrote. Then K boundary moves between neighbouring grids, each a
// change set that keeps its own pair consistent (a piece of one grid handed to its
// neighbour), picked at random in a cluster of grids so that many share a grid, all
// sent at once: afterwards the cover has no overlap and no gap (measured in PostGIS
// over the whole district), and every refusal is a 412 or a 409 with a reason.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { startApp, type TestServer } from '../helpers/http.ts';
import { seededDb, type TestDb } from '../helpers/store.ts';
import { mulberry32 } from '../../server/spatial/facility/random.ts';

const N_WRITERS = 24;
const K_ROUNDS = 2;
const K_PER_ROUND = 14;
/** Grids around the busiest corner of the cover the random edits are picked in. */
const CLUSTER = 10;
/** Below this many m² a sliver is rounding, not an overlap or a gap. */
const TOLERANCE_M2 = 1;

interface Cover {
  overlapPairs: number;
  overlapM2: number;
  gapM2: number;
}

describe(`concurrency (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const tokens: string[] = [];
  const figures: Record<string, number | string> = {};

  const version = async (id: number) => (await db.query<{ version: number }>('select version from grids where id = $1', [id])).rows[0]!.version;
  const historyOf = async (ids: number[]) =>
    (await db.query<{ n: number }>(`select count(*)::int as n from boundary_history where layer = 'grid' and feature_id = any($1::int[])`, [ids])).rows[0]!.n;

  /**
   * Overlaps (pairs of active grids sharing area, and that area) and the gap (district
   * area no active grid covers), over the whole cover. `replace` measures a cover with
   * one grid's geometry swapped, without writing it (the measure's own check).
   */
  async function measure(replace?: { id: number; geojson: string }): Promise<Cover> {
    const r = await db.query<{ pairs: number; overlap_m2: number; gap_m2: number }>(
      `with g as (
         select id, case when id = $1::int then st_multi(st_setsrid(st_geomfromgeojson($2::text), 4326)) else geom end as geom
           from grids where status = 'active'),
       o as (
         select st_area(st_intersection(a.geom, b.geom)::geography) as m2
           from g a join g b on a.id < b.id and a.geom && b.geom and st_relate(a.geom, b.geom, '2********')),
       d as (select st_union(geom) as geom from admin_areas where level = 'district')
       select (select count(*) from o where m2 > $3)::int as pairs,
              (select coalesce(sum(m2), 0) from o)::float8 as overlap_m2,
              (select st_area(st_difference(d.geom, (select st_union(geom) from g))::geography) from d)::float8 as gap_m2`,
      [replace?.id ?? null, replace?.geojson ?? null, TOLERANCE_M2],
    );
    const row = r.rows[0]!;
    return { overlapPairs: row.pairs, overlapM2: row.overlap_m2, gapM2: row.gap_m2 };
  }

  /** A piece of `from` along its shared edge with `to` (a disc of `radius` degrees at `at` along the edge, clipped to `from`), and both grids after the move. */
  async function move(to: number, from: number, at: number, radius: number) {
    const r = await db.query<{ to_after: string | null; from_after: string | null; piece_m2: number | null }>(
      `with e as (
         select st_linemerge(st_collectionextract(st_intersection(t.geom, f.geom), 2)) as edge, t.geom as tg, f.geom as fg
           from grids t, grids f where t.id = $1 and f.id = $2),
       p as (select st_intersection(e.fg, st_buffer(st_lineinterpolatepoint(st_geometryn(e.edge, 1), $3), $4)) as piece, e.tg, e.fg from e)
       select st_asgeojson(st_multi(st_union(p.tg, p.piece)), 15) as to_after,
              st_asgeojson(st_multi(st_collectionextract(st_difference(p.fg, p.piece), 3)), 15) as from_after,
              st_area(p.piece::geography) as piece_m2
         from p`,
      [to, from, at, radius],
    );
    const row = r.rows[0]!;
    if (!row.to_after || !row.from_after || !(row.piece_m2! > 100)) throw new Error(`no piece to move from grid ${from} to ${to}`);
    return { to: JSON.parse(row.to_after) as unknown, from: JSON.parse(row.from_after) as unknown, pieceM2: row.piece_m2! };
  }

  let pair: { a: number; b: number };
  let cluster: { a: number; b: number }[];

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    tokens.push(await app.login('planner'), await app.login('planner2'), await app.login('admin'));
    // Neighbouring active grids (sharing an edge, not a corner).
    const pairs = await db.query<{ a: number; b: number }>(
      `select a.id as a, b.id as b from grids a join grids b on a.id < b.id and a.geom && b.geom and st_relate(a.geom, b.geom, 'F***1****')
        where a.status = 'active' and b.status = 'active' order by a.id, b.id`,
    );
    pair = pairs.rows[0]!;
    // The cluster: the grids nearest the centre of the cover, and the neighbour pairs among them.
    const near = await db.query<{ id: number }>(
      `select g.id from grids g, (select st_centroid(st_union(geom)) as c from grids where status = 'active') x
        where g.status = 'active' order by g.geom <-> x.c, g.id limit $1`,
      [CLUSTER],
    );
    const ids = new Set(near.rows.map((r) => r.id));
    cluster = pairs.rows.filter((p) => ids.has(p.a) && ids.has(p.b));
  });
  afterAll(async () => {
    console.log(`[concurrency ${BACKEND}] ${Object.entries(figures).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    await app?.close();
    await db?.dispose();
  });

  it('the measure sees an overlap and a gap when there is one', async () => {
    const before = await measure();
    const m = await move(pair.a, pair.b, 0.5, 0.0006);
    // Grid a grown over a piece of b (b unchanged): an overlap of the piece.
    const grown = await measure({ id: pair.a, geojson: JSON.stringify(m.to) });
    expect(grown.overlapPairs).toBeGreaterThan(before.overlapPairs);
    expect(grown.overlapM2 - before.overlapM2).toBeCloseTo(m.pieceM2, -1);
    // Grid b shrunk (a unchanged): a gap of the piece.
    const shrunk = await measure({ id: pair.b, geojson: JSON.stringify(m.from) });
    expect(shrunk.gapM2 - before.gapM2).toBeCloseTo(m.pieceM2, -1);
    figures['seeded cover: overlapping pairs'] = before.overlapPairs;
    figures['gap m²'] = before.gapM2.toFixed(1);
  });

  it(`${N_WRITERS} writers with the same If-Match: one wins, the rest 412, no lost update`, async () => {
    // Round 1: PATCH /api/grids/{id} with the ETag, each writer its own name.
    const v = await version(pair.a);
    const history = await historyOf([pair.a, pair.b]);
    const patches = await Promise.all(
      Array.from({ length: N_WRITERS }, (_, i) =>
        app.request('PATCH', `/api/grids/${pair.a}`, {
          token: tokens[i % tokens.length]!,
          headers: { 'if-match': `"v${v}"` },
          body: { type: 'Feature', properties: { name: `并发写者${i}网格` } },
        }),
      ),
    );
    const statuses = patches.map((r) => r.status);
    const winners = statuses.flatMap((s, i) => (s === 200 ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(N_WRITERS - 1);
    for (const r of patches.filter((x) => x.status === 412)) {
      const e = (await r.json()).error;
      expect(e.code).toBe('version_conflict');
      expect(e.details.currentVersion).toBe(v + 1);
    }
    const stored = (await db.query<{ name: string; version: number }>('select name, version from grids where id = $1', [pair.a])).rows[0]!;
    const won = (await patches[winners[0]!]!.json()) as { properties: { name: string } };
    expect(stored).toEqual({ name: `并发写者${winners[0]}网格`, version: v + 1 });
    expect(won.properties.name).toBe(stored.name);
    expect(patches[winners[0]!]!.headers.get('etag')).toBe(`"v${v + 1}"`);
    const rows1 = (await historyOf([pair.a, pair.b])) - history;
    expect(rows1).toBe(1);

    // Round 2: POST /api/grids/changes, each writer moving a different piece of b into a (a shared edge moved).
    const va = await version(pair.a);
    const vb = await version(pair.b);
    const moves = [];
    for (let i = 0; i < N_WRITERS; i++) moves.push(await move(pair.a, pair.b, 0.2 + (0.6 * i) / N_WRITERS, 0.0004));
    const sets = await Promise.all(
      moves.map((m, i) =>
        app.request('POST', '/api/grids/changes', {
          token: tokens[i % tokens.length]!,
          body: { updates: [{ id: pair.a, version: va, geometry: m.to }, { id: pair.b, version: vb, geometry: m.from }] },
        }),
      ),
    );
    const statuses2 = sets.map((r) => r.status);
    const winners2 = statuses2.flatMap((s, i) => (s === 200 ? [i] : []));
    expect(winners2, `statuses ${statuses2.join(',')}`).toHaveLength(1);
    expect(statuses2.filter((s) => s === 412)).toHaveLength(N_WRITERS - 1);
    // The stored geometries are the winner's, to the precision of the GeoJSON sent.
    const w = moves[winners2[0]!]!;
    const same = await db.query<{ a: number; b: number }>(
      `select st_hausdorffdistance(a.geom, st_setsrid(st_geomfromgeojson($3), 4326)) as a, st_hausdorffdistance(b.geom, st_setsrid(st_geomfromgeojson($4), 4326)) as b
         from grids a, grids b where a.id = $1 and b.id = $2`,
      [pair.a, pair.b, JSON.stringify(w.to), JSON.stringify(w.from)],
    );
    expect(same.rows[0]!.a).toBeLessThan(1e-9);
    expect(same.rows[0]!.b).toBeLessThan(1e-9);
    expect([await version(pair.a), await version(pair.b)]).toEqual([va + 1, vb + 1]);
    const rows2 = (await historyOf([pair.a, pair.b])) - history - rows1;
    // One history row per unit the winning set wrote (two grids).
    expect(rows2).toBe(2);

    const cover = await measure();
    expect(cover.overlapPairs).toBe(0);
    figures.writers = `${N_WRITERS} × 2 rounds (PATCH, changes)`;
    figures.winners = `${winners.length} + ${winners2.length}`;
    figures['412s'] = `${N_WRITERS - 1} + ${statuses2.filter((s) => s === 412).length}`;
    figures['lost updates'] = 0;
    figures['history rows'] = `${rows1} + ${rows2} (1 unit + 2 units written)`;
  });

  it(`${K_ROUNDS * K_PER_ROUND} random concurrent boundary moves between neighbours: no overlap, no gap`, async () => {
    expect(cluster.length).toBeGreaterThanOrEqual(8);
    const rng = mulberry32(8);
    const before = await measure();
    const refused: Record<string, number> = {};
    let accepted = 0;
    let edits = 0;
    for (let round = 0; round < K_ROUNDS; round++) {
      // Each edit read at the same moment: the versions and geometries of this round's start.
      const sets = [];
      for (let k = 0; k < K_PER_ROUND; k++) {
        const p = cluster[Math.floor(rng() * cluster.length)]!;
        const [to, from] = rng() < 0.5 ? [p.a, p.b] : [p.b, p.a];
        const m = await move(to, from, 0.1 + 0.8 * rng(), 0.0003 + 0.0005 * rng());
        sets.push({ updates: [{ id: to, version: await version(to), geometry: m.to }, { id: from, version: await version(from), geometry: m.from }] });
      }
      const answers = await Promise.all(sets.map((body, i) => app.request('POST', '/api/grids/changes', { token: tokens[i % tokens.length]!, body })));
      for (const r of answers) {
        edits++;
        if (r.status === 200) {
          accepted++;
          await r.body?.cancel();
          continue;
        }
        const e = (await r.json()) as { error: { code: string; message: string } };
        expect([409, 412], `${r.status} ${e.error.message}`).toContain(r.status);
        expect(e.error.message.length).toBeGreaterThan(10);
        refused[`${r.status} ${e.error.code}`] = (refused[`${r.status} ${e.error.code}`] ?? 0) + 1;
      }
    }
    const after = await measure();
    expect(accepted).toBeGreaterThan(0);
    expect(after.overlapPairs).toBe(0);
    expect(after.overlapM2).toBeLessThan(TOLERANCE_M2);
    expect(after.gapM2).toBeLessThanOrEqual(before.gapM2 + TOLERANCE_M2);
    // The topology report the planners see agrees.
    const topo = await app.get('/api/topology', { token: tokens[0]! });
    expect(topo.status).toBe(200);
    const summary = ((await topo.json()) as { summary: Record<string, number> }).summary;
    expect([summary.grid_overlap, summary.grid_gap]).toEqual([0, 0]);
    figures.edits = edits;
    figures.accepted = accepted;
    figures.refused = Object.entries(refused).map(([k, n]) => `${n}× ${k}`).join(' + ') || '0';
    figures.overlaps = `${after.overlapPairs} pairs, ${after.overlapM2.toFixed(2)} m²`;
    figures['gap m² after'] = after.gapM2.toFixed(1);
  });
});
