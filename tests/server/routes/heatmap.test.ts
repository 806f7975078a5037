// The heatmap API: counts per cell and per grid that equal a plain count of the same
// filter (cells taken with h3-js, not the SQL under test), hours across midnight and
// days of the week in local time, a grid chief held to their grid, Gi* hot spots over
// the study area, GeoJSON hexagons, and refusals of bad queries with reasons.
import type { FeatureCollection, Polygon } from 'geojson';
import { cellToLatLng, cellToParent, getResolution } from 'h3-js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getisOrdGiStar } from '../../../server/spatial/gistar.ts';
import { bigintToCell } from '../../../server/spatial/h3cells.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { gridsOf } from '../components/points.ts';

interface Cell { h3: string; count: number; z?: number; p?: number; class?: string; confidence?: number }
interface Answer {
  resolution: number;
  filter: Record<string, unknown>;
  total: number;
  cells: Cell[];
  grids: { grid_id: number | null; count: number }[];
  hotspots?: { k: number; fdr: boolean; cells: number; hot: Record<string, number>; cold: Record<string, number>; thresholds: Record<string, number> };
}

/** Local (China Standard Time) wall clock of a column, written differently from the code under test. */
const LOCAL = `(reported_at at time zone 'Asia/Shanghai')`;

describe(`heatmap API (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const tokens: Record<string, string> = {};
  let chiefGrids: number[];
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    for (const u of ['admin', 'command', 'officer', 'planner', 'chief01', 'public']) tokens[u] = await app.login(u);
    chiefGrids = await gridsOf(db, 'chief01');
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const heatmap = async (query: string, token = tokens.command) => {
    const r = await app.get(`/api/heatmap${query}`, { token });
    expect(r.status, await r.clone().text()).toBe(200);
    return (await r.json()) as Answer;
  };

  /** The truth for a filter: the cases' stored cells fetched with a plain query, their parents taken with h3-js. */
  const truth = async (where: string, params: unknown[], res: number) => {
    const r = await db.query<{ h3: string; grid_id: number | null }>(`select h3, grid_id from cases c where ${where}`, params);
    const cells = new Map<string, number>();
    const grids = new Map<number | null, number>();
    for (const row of r.rows) {
      const cell = cellToParent(bigintToCell(row.h3), res);
      cells.set(cell, (cells.get(cell) ?? 0) + 1);
      grids.set(row.grid_id, (grids.get(row.grid_id) ?? 0) + 1);
    }
    const n = (await db.query<{ n: number }>(`select count(*)::int as n from cases c where ${where}`, params)).rows[0]!.n;
    expect(n).toBe(r.rows.length);
    return { total: n, cells, grids };
  };
  const asMaps = (a: Answer) => ({
    cells: new Map(a.cells.filter((c) => c.count > 0).map((c) => [c.h3, c.count])),
    grids: new Map(a.grids.map((g) => [g.grid_id, g.count])),
  });

  it('counts per cell and per grid exactly what a plain count of the same filter finds', async () => {
    const grid = chiefGrids[0]!;
    const combos: [string, string, unknown[], number][] = [
      ['', 'true', [], 8],
      ['?type=01&res=9', `type_code like '01%'`, [], 9],
      ['?type=0201&status=closed,evaluated&res=7', `type_code like '0201%' and status in ('closed', 'evaluated')`, [], 7],
      ['?channel=hotline_12345,wechat&from=2026-03-01&to=2026-03-31', `channel in ('hotline_12345', 'wechat') and reported_at >= '2026-03-01T00:00:00+08:00' and reported_at < '2026-04-01T00:00:00+08:00'`, [], 8],
      ['?from=2026-06-01T00:00:00Z&to=2026-06-15T12:00:00Z&res=11', `reported_at >= '2026-06-01T00:00:00Z' and reported_at < '2026-06-15T12:00:00Z'`, [], 11],
      ['?hours=22-2&res=10', `extract(hour from ${LOCAL}) in (22, 23, 0, 1, 2)`, [], 10],
      ['?dow=6,7', `extract(isodow from ${LOCAL}) in (6, 7)`, [], 8],
      [`?grid=${grid}&res=11`, 'grid_id = $1', [grid], 11],
      ['?hours=7-9,17-19&dow=1-5&type=02&res=6', `extract(hour from ${LOCAL}) in (7, 8, 9, 17, 18, 19) and extract(isodow from ${LOCAL}) between 1 and 5 and type_code like '02%'`, [], 6],
      ['?status=handling&channel=grid_patrol&hours=0-23&dow=1-7', `status = 'handling' and channel = 'grid_patrol'`, [], 8],
    ];
    for (const [query, where, params, res] of combos) {
      const a = await heatmap(query);
      const t = await truth(where, params, res);
      expect(a.resolution, query).toBe(res);
      expect(a.total, query).toBe(t.total);
      expect(a.total, `${query} should match some cases`).toBeGreaterThan(0);
      expect(a.cells.every((c) => getResolution(c.h3) === res), query).toBe(true);
      const m = asMaps(a);
      expect(m.cells, query).toEqual(t.cells);
      expect(m.grids, query).toEqual(t.grids);
      expect(a.cells.reduce((s, c) => s + c.count, 0), query).toBe(a.total);
      // Most cases first.
      expect(a.cells.map((c) => c.count), query).toEqual(a.cells.map((c) => c.count).sort((x, y) => y - x));
    }
  });

  it('echoes the filter as understood; a wrapped hour range is the two ranges it spans', async () => {
    const a = await heatmap('?hours=22-2&dow=7-1&status=closed&channel=wechat&type=0101&from=2026-01-01&to=2026-01-31&res=9');
    expect(a.filter).toEqual({
      type: '0101', channel: ['wechat'], status: ['closed'], grid: null,
      from: '2025-12-31T16:00:00.000Z', to: '2026-01-31T16:00:00.000Z', hours: [0, 1, 2, 22, 23], dow: [1, 7],
    });
    const late = await heatmap('?hours=22-23');
    const early = await heatmap('?hours=0,1,2');
    const both = await heatmap('?hours=22-2');
    expect(both.total).toBe(late.total + early.total);
    expect(both.total).toBeLessThan((await heatmap('')).total);
  });

  it('shows a grid chief only the counts of their grid; the command centre sees the city', async () => {
    const mine = await heatmap('?res=10', tokens.chief01);
    const t = await truth('grid_id = any ($1::int[])', [chiefGrids], 10);
    expect(mine.total).toBe(t.total);
    expect(asMaps(mine).cells).toEqual(t.cells);
    expect(mine.grids.map((g) => g.grid_id).sort()).toEqual([...chiefGrids].sort());
    // Hours and days of the week read their own index; row-level security still holds a
    // grid chief to their grid there.
    const evenings = await heatmap('?res=9&hours=18-22&dow=1-5', tokens.chief01);
    const te = await truth(`grid_id = any ($1::int[]) and extract(hour from ${LOCAL}) between 18 and 22 and extract(isodow from ${LOCAL}) <= 5`, [chiefGrids], 9);
    expect(evenings.total).toBe(te.total);
    expect(evenings.total).toBeGreaterThan(0);
    expect(asMaps(evenings).cells).toEqual(te.cells);
    expect(asMaps(evenings).grids).toEqual(te.grids);
    const city = await heatmap('?res=10', tokens.command);
    expect(city.total).toBeGreaterThan(mine.total);
    expect((await heatmap('?res=9&hours=18-22&dow=1-5', tokens.command)).total).toBeGreaterThan(evenings.total);
    expect(city.grids.length).toBeGreaterThan(mine.grids.length);
    for (const role of ['admin', 'officer', 'planner']) expect((await heatmap('?res=10', tokens[role])).total).toBe(city.total);
    const other = await db.query<{ id: number }>('select id from grids where not (id = any ($1::int[])) order by id limit 1', [chiefGrids]);
    const r = await app.get(`/api/heatmap?grid=${other.rows[0]!.id}`, { token: tokens.chief01 });
    expect(r.status).toBe(404);
    expect((await r.json()).error.message).toMatch(/no grid \d+ among the grids you may see/);
  });

  it('refuses the public: 401 without a token, 403 with the public account', async () => {
    expect((await app.get('/api/heatmap')).status).toBe(401);
    expect((await app.get('/api/heatmap', { token: tokens.public })).status).toBe(403);
  });

  it('refuses bad queries with 400 and the reason', async () => {
    const cases: [string, RegExp][] = [
      ['?res=5', /res must be >= 6/],
      ['?res=12', /res must be <= 11/],
      ['?res=eight', /res must be integer/],
      ['?hours=25', /hours has 25; hours run from 0 to 23/],
      ['?hours=18-24', /hours has 24; hours run from 0 to 23/],
      ['?hours=evening', /hours has "evening"; give hours 0-23 or ranges like 18-22/],
      ['?hours=', /hours must list at least one hour/],
      ['?dow=8', /dow has 8; days run from 1 to 7/],
      ['?dow=0,1', /dow has 0; days run from 1 to 7/],
      ['?dow=mon', /dow has "mon"/],
      ['?from=2026-06-02&to=2026-06-01', /to must be after from/],
      ['?from=yesterday', /from must be a date \(YYYY-MM-DD\) or an ISO date-time with a time zone/],
      ['?status=open', /status has "open"; allowed: reported, verified/],
      ['?channel=pigeon', /channel has "pigeon"; allowed: .*hotline_12345/],
      ['?type=abc', /type must match/],
      ['?type=99', /type "99" is not a case type or category code/],
      ['?k=2', /k applies only with hotspots=true/],
      ['?fdr=false', /fdr applies only with hotspots=true/],
      ['?hotspots=true&k=9', /k must be <= 5/],
      ['?hotspots=maybe', /hotspots must be boolean/],
      ['?format=csv', /format must be one of json, geojson/],
      ['?bbox=1,2,3,4', /unknown query parameter "bbox"/],
    ];
    for (const [q, message] of cases) {
      const r = await app.get(`/api/heatmap${q}`, { token: tokens.admin });
      expect(r.status, q).toBe(400);
      expect((await r.json()).error.message, q).toMatch(message);
    }
  });

  it('adds Gi* hot spots over every cell covering the active grids, zero cells included', async () => {
    const a = await heatmap('?res=9&hotspots=true');
    const cover = await db.query<{ cell: string }>(
      `select distinct h3_parent(hc.cell, 9) as cell from h3_cover hc join grids g on g.id = hc.feature_id and g.status = 'active' where hc.layer = 'grid'`,
    );
    const area = cover.rows.map((r) => bigintToCell(r.cell));
    const counts = asMaps(a).cells;
    expect(a.total).toBe((await truth('true', [], 9)).total);
    const expected = getisOrdGiStar(Object.fromEntries(counts), area, { k: 1, fdr: true });
    expect(a.hotspots).toMatchObject({ k: 1, fdr: true, cells: expected.n });
    expect(a.cells).toHaveLength(expected.n);
    expect(a.cells.filter((c) => c.count === 0).length).toBeGreaterThan(0);
    const byCell = new Map(expected.cells.map((c) => [c.h3, c]));
    for (const c of a.cells) {
      const e = byCell.get(c.h3)!;
      expect(c.z).toBeCloseTo(e.z, 3);
      expect(c).toMatchObject({ class: e.class, confidence: e.confidence });
    }
    // The seeded city has hot spots (markets, schools): some cells are hot at 99 % after FDR.
    const hot = a.cells.filter((c) => c.class === 'hot' && c.confidence === 99);
    expect(hot.length).toBeGreaterThan(0);
    expect(a.hotspots!.hot['99']).toBe(hot.length);
    const mean = a.total / a.cells.length;
    expect(hot.reduce((s, c) => s + c.count, 0) / hot.length).toBeGreaterThan(2 * mean);
    // Without the correction, more cells pass.
    const significant = (x: Answer) => x.cells.filter((c) => c.class !== 'not_significant').length;
    const raw = await heatmap('?res=9&hotspots=true&fdr=false');
    expect(raw.hotspots).toMatchObject({ k: 1, fdr: false, thresholds: { 90: 0.1, 95: 0.05, 99: 0.01 } });
    expect(significant(raw)).toBeGreaterThan(significant(a));
    expect((await heatmap('?res=9&hotspots=true&k=2')).hotspots).toMatchObject({ k: 2, fdr: true, cells: expected.n });
  });

  it('runs a grid chief\'s hot spots over their grid only', async () => {
    // The city's study area first: what is kept for the command centre is not the chief's.
    const city = await heatmap('?res=10&hotspots=true');
    const a = await heatmap('?res=10&hotspots=true', tokens.chief01);
    expect(a.hotspots!.cells).toBeLessThan(city.hotspots!.cells / 10);
    const cover = await db.query<{ n: number }>(
      `select count(distinct h3_parent(cell, 10))::int as n from h3_cover where layer = 'grid' and feature_id = any ($1::int[])`,
      [chiefGrids],
    );
    const caseCells = await db.query<{ cell: string }>(
      `select distinct h3_parent(h3, 10) as cell from cases where grid_id = any ($1::int[])
       except select h3_parent(cell, 10) from h3_cover where layer = 'grid' and feature_id = any ($1::int[])`,
      [chiefGrids],
    );
    expect(a.hotspots!.cells).toBe(cover.rows[0]!.n + caseCells.rows.length);
    const one = await heatmap(`?res=10&hotspots=true&grid=${chiefGrids[0]}`, tokens.command);
    expect(one.hotspots!.cells).toBeLessThanOrEqual(a.hotspots!.cells);
  });

  it('answers GeoJSON hexagons with the same counts', async () => {
    const json = await heatmap('?res=8&type=02');
    const r = await app.get('/api/heatmap?res=8&type=02&format=geojson', { token: tokens.command });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const fc = (await r.json()) as FeatureCollection<Polygon, Cell> & Omit<Answer, 'cells'>;
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.total).toBe(json.total);
    expect(fc.grids).toEqual(json.grids);
    expect(fc.features.map((f) => f.properties)).toEqual(json.cells);
    for (const f of fc.features) {
      expect(f.id).toBe(f.properties.h3);
      const ring = f.geometry.coordinates[0]!;
      expect(ring).toHaveLength(7);
      expect(ring[0]).toEqual(ring[6]);
      // Counter-clockwise (positive shoelace area), around the cell's centre.
      let area = 0;
      for (let i = 0; i < 6; i++) area += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
      expect(area).toBeGreaterThan(0);
      const [lat, lng] = cellToLatLng(f.properties.h3);
      const lons = ring.map((p) => p[0]!);
      const lats = ring.map((p) => p[1]!);
      expect(lng).toBeGreaterThan(Math.min(...lons));
      expect(lng).toBeLessThan(Math.max(...lons));
      expect(lat).toBeGreaterThan(Math.min(...lats));
      expect(lat).toBeLessThan(Math.max(...lats));
    }
  });
});
