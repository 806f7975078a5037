// Access control, shown with figures (issue 8, part 2): every role against every
// route of the route table and every tile source of tiles/manifest.json, generated
// from the table, so a new route is covered without a line here: a role the route
// declares is never answered 401/403, any other role always is. Then a grid chief
// against another grid's data everywhere (API lists and items, tiles, KPIs and their
// CSV export, heatmap, writes): leaks counted and printed (0).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { startApp, type TestServer } from '../helpers/http.ts';
import { seededDb, type TestDb } from '../helpers/store.ts';
import { summarizeTile, tileAt } from '../server/tiles/decode.ts';
import { dataOf, openSse } from '../helpers/sse.ts';
import { concretePath, loadFixtures, type Fixtures } from '../reliability/targets.ts';
import { IMPORT_TARGETS } from '../../server/import/targets/index.ts';
import { COLLECTIONS } from '../../server/ogc/collections.ts';
import type { RouteSpec } from '../../server/http/route.ts';

const USERS = { admin: 'admin', planner: 'planner', command: 'command', officer: 'officer', grid_chief: 'chief01', public: 'public', anonymous: null } as const;
type Who = keyof typeof USERS;

interface Manifest { sources: Record<string, { minzoom: number; maxzoom: number }> }
const manifest = JSON.parse(readFileSync(new URL('../../tiles/manifest.json', import.meta.url), 'utf8')) as Manifest;

/** Whether the route table lets `who` call `spec` (what the server must do). */
function declared(spec: RouteSpec, who: Who, path: string): boolean {
  if (spec.roles === 'anyone') return true;
  if (who === 'anonymous') return false;
  if (!spec.roles.includes(who)) return false;
  // An import's target narrows the route's roles (the table's import targets).
  const target = /^\/api\/imports\/([a-z]+)/.exec(path)?.[1];
  if (target) return IMPORT_TARGETS.find((t) => t.name === target)!.roles.includes(who);
  return true;
}

/** Second-level declarations inside 'anyone' routes, from their own tables. */
function refined(spec: RouteSpec, who: Who, path: string): boolean {
  if (!declared(spec, who, path)) return false;
  // An OGC collection that is not public is for signed-in staff (server/ogc/collections.ts).
  const collection = /^\/ogc\/collections\/([a-z_]+)/.exec(path)?.[1];
  if (collection) return COLLECTIONS.find((c) => c.id === collection)!.public || (who !== 'anonymous' && who !== 'public');
  // Filing an Open311 request takes a client's api_key, never a user's token (no user role files one).
  if (spec.method === 'post' && spec.path.startsWith('/open311/')) return false;
  return true;
}

/** The paths to try for a route: one per OGC collection on the collection routes. */
function pathsOf(spec: RouteSpec, fx: Fixtures): string[] {
  const path = concretePath(spec, fx);
  if (!spec.path.includes(':collectionId')) return [path];
  return COLLECTIONS.map((c) => path.replace('/collections/grids', `/collections/${c.id}`).replace(/\/items\/\d+$/, '/items/1'));
}

async function settle(r: Response): Promise<{ status: number; code?: string }> {
  if ((r.headers.get('content-type') ?? '').includes('text/event-stream')) {
    await r.body?.cancel();
    return { status: r.status };
  }
  const text = await r.text();
  try {
    return { status: r.status, code: (JSON.parse(text) as { error?: { code?: string } }).error?.code };
  } catch {
    return { status: r.status };
  }
}

describe(`access matrix (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let fx: Fixtures;
  const tokens: Partial<Record<Who, string>> = {};
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    fx = await loadFixtures(db);
    for (const [who, user] of Object.entries(USERS)) if (user) tokens[who as Who] = await app.login(user);
  });
  afterAll(async () => {
    console.log(`[access matrix ${BACKEND}] ${JSON.stringify(figures)}`);
    await app?.close();
    await db?.dispose();
  });

  it('every role against every route: declared roles pass, others get 401/403', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const spec of app.app.routeSpecs) for (const path of pathsOf(spec, fx)) {
      for (const who of Object.keys(USERS) as Who[]) {
        cells++;
        const headers: Record<string, string> = { 'if-match': '"v999999"', 'content-type': 'application/json' };
        const body = spec.method === 'get' || spec.method === 'delete' ? undefined : '{}';
        const a = await settle(await app.request(spec.method.toUpperCase(), path, { ...(tokens[who] ? { token: tokens[who] } : {}), ...(body ? { body } : {}), headers }));
        const allowed = refined(spec, who, path);
        // Row-level security may still refuse an allowed role a particular row (403 outside_scope): that is scope, not role.
        const refused = a.status === 401 || (a.status === 403 && a.code !== 'outside_scope');
        if (allowed === refused) mismatches.push(`${who} ${spec.method.toUpperCase()} ${path}: ${a.status} ${a.code ?? ''} (declared ${allowed ? 'allowed' : 'refused'})`);
      }
    }
    figures.routeCells = cells;
    figures.routeMismatches = mismatches.length;
    expect(mismatches).toEqual([]);
  });

  it('every role against every tile source and its TileJSON: never 401/403 (rows are filtered by RLS)', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const [name, source] of Object.entries(manifest.sources)) {
      const z = Math.max(source.minzoom, 14);
      const t = tileAt(112.0, 27.73, z);
      for (const who of Object.keys(USERS) as Who[]) {
        for (const path of [`/tiles/${name}/${t.z}/${t.x}/${t.y}.mvt`, `/tiles/${name}.json`]) {
          cells++;
          const r = await app.get(path, tokens[who] ? { token: tokens[who] } : {});
          await r.arrayBuffer();
          if (r.status === 401 || r.status === 403 || r.status >= 500) mismatches.push(`${who} ${path}: ${r.status}`);
        }
      }
    }
    figures.tileCells = cells;
    expect(mismatches).toEqual([]);
  });

  it('a grid chief reads and writes nothing of another grid, anywhere: leaks 0', async () => {
    const chief = tokens.grid_chief!;
    const officer = tokens.officer!;
    const me = (await (await app.get('/api/auth/me', { token: chief })).json()) as { grids: { id: number }[] };
    const mine = new Set(me.grids.map((g) => g.id));
    expect(mine.size).toBeGreaterThan(0);
    const other = (await db.query<{ id: number; lon: number; lat: number }>(
      `select g.id::int, st_x(st_pointonsurface(g.geom)) as lon, st_y(st_pointonsurface(g.geom)) as lat from grids g where not (g.id = any($1::int[])) order by g.id limit 1`, [[...mine]])).rows[0]!;
    const otherCase = (await db.query<{ id: number; version: number }>('select id::int, version::int from cases where grid_id = $1 order by id limit 1', [other.id])).rows[0]!;
    const otherComponent = (await db.query<{ id: number; version: number }>('select id::int, version::int from components where grid_id = $1 order by id limit 1', [other.id])).rows[0]!;
    const leaks: string[] = [];
    let checks = 0;
    const foreign = (g: unknown) => g !== null && g !== undefined && !mine.has(Number(g));
    // Lists: every row's grid must be the chief's.
    for (const path of ['/api/cases?limit=5000', '/api/components?limit=5000', '/api/subgrids?limit=5000', `/api/cases?grid=${other.id}`, `/api/components?grid=${other.id}`, '/api/cases/due', `/api/subgrids?grid=${other.id}`]) {
      checks++;
      const body = (await (await app.get(path, { token: chief })).json()) as { features?: { properties: { grid_id?: number } }[]; items?: { grid_id?: number }[] };
      const rows = [...(body.features ?? []).map((f) => f.properties), ...(body.items ?? [])];
      const n = rows.filter((p) => foreign(p.grid_id)).length;
      if (n) leaks.push(`${path}: ${n} rows of other grids`);
    }
    // Items of the other grid: not found or refused.
    for (const path of [`/api/cases/${otherCase.id}`, `/api/components/${otherComponent.id}`, `/api/cases/${otherCase.id}/events`, `/api/cases/${otherCase.id}/transitions`, `/api/grids/${other.id}/team`]) {
      checks++;
      const r = await app.get(path, { token: chief });
      await r.arrayBuffer();
      if (r.status < 400) leaks.push(`${path}: ${r.status}`);
    }
    // KPIs (JSON and the CSV export) and the heatmap per grid.
    checks++;
    const kpis = (await (await app.get('/api/kpis?by=grid&from=2025-07-01&to=2026-06-30', { token: chief })).json()) as { rows: { key: number | null }[] };
    const kpiLeaks = kpis.rows.filter((r) => foreign(r.key)).length;
    if (kpiLeaks) leaks.push(`/api/kpis?by=grid: ${kpiLeaks} rows of other grids`);
    checks++;
    const all = (await (await app.get('/api/kpis?from=2025-07-01&to=2026-06-30', { token: officer })).json()) as { totals: { reported: number } };
    const own = (await (await app.get('/api/kpis?from=2025-07-01&to=2026-06-30', { token: chief })).json()) as { totals: { reported: number } };
    const ownCount = Number((await db.query<{ n: string }>("select count(*) as n from cases where grid_id = any($1::int[]) and reported_at >= '2025-06-30T16:00:00Z' and reported_at < '2026-06-30T16:00:00Z'", [[...mine]])).rows[0]!.n);
    if (own.totals.reported !== ownCount) leaks.push(`/api/kpis totals: chief sees ${own.totals.reported}, own grids hold ${ownCount} (city ${all.totals.reported})`);
    checks++;
    const csv = await (await app.get(`/api/kpis?by=grid&format=csv&lang=en&from=2025-07-01&to=2026-06-30&grid=${other.id}`, { token: chief })).text();
    const csvRows = csv.trim().split('\n').length;
    if (csvRows > 2) leaks.push(`/api/kpis csv for another grid: ${csvRows - 1} rows`);
    checks++;
    const heat = (await (await app.get('/api/heatmap?from=2025-07-01&to=2026-06-30', { token: chief })).json()) as { grids: { grid_id: number | null; count: number }[] };
    const heatLeaks = heat.grids.filter((g) => foreign(g.grid_id) && g.count > 0).length;
    if (heatLeaks) leaks.push(`/api/heatmap: ${heatLeaks} other grids counted`);
    // Tiles over the other grid: no case, component, sub-grid or block of it.
    for (const source of ['cases', 'components', 'subgrids']) {
      checks++;
      const t = tileAt(other.lon, other.lat, 15);
      const r = await app.get(`/tiles/${source}/${t.z}/${t.x}/${t.y}.mvt`, { token: chief });
      const buf = new Uint8Array(await r.arrayBuffer());
      if (r.status !== 200) continue;
      const summary = summarizeTile(buf);
      for (const [layer, features] of Object.entries(summary)) {
        const n = features.filter((f) => foreign((f.properties as Record<string, unknown>).grid_id)).length;
        if (n) leaks.push(`tile ${source}/${layer} over grid ${other.id}: ${n} features of other grids`);
      }
    }
    // The live feed: an officer files a case in the other grid and then one in the
    // chief's; the chief's stream carries the second and never the first.
    checks++;
    const minePoint = (await db.query<{ lon: number; lat: number }>('select st_x(st_pointonsurface(geom)) as lon, st_y(st_pointonsurface(geom)) as lat from grids where id = $1', [[...mine][0]])).rows[0]!;
    const chiefFeed = await openSse(`${app.url}/api/events?access_token=${encodeURIComponent(chief)}`);
    const officerFeed = await openSse(`${app.url}/api/events?access_token=${encodeURIComponent(officer)}`);
    try {
      const file = async (lon: number, lat: number) => {
        const r = await app.request('POST', '/api/cases', { token: officer, body: { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { channel: fx.channel, type_code: fx.typeCode, description: 'feed test' } } });
        expect(r.status).toBe(201);
        return ((await r.json()) as { id: number }).id;
      };
      const theirs = await file(other.lon, other.lat);
      const ours = await file(minePoint.lon, minePoint.lat);
      await officerFeed.next((m) => m.event === 'case.created' && dataOf<{ id: number }>(m).id === ours, 20_000);
      await chiefFeed.next((m) => m.event === 'case.created' && dataOf<{ id: number }>(m).id === ours, 20_000);
      const seen = chiefFeed.messages.filter((m) => m.data.startsWith('{')).map((m) => dataOf<{ id?: number; grid_id?: number | null }>(m));
      const n = seen.filter((e) => e.id === theirs || foreign(e.grid_id)).length;
      if (n) leaks.push(`/api/events: ${n} events of other grids`);
    } finally {
      chiefFeed.close();
      officerFeed.close();
    }
    // Writes into the other grid: refused.
    const point = { type: 'Point', coordinates: [other.lon, other.lat] };
    const writes: [string, string, unknown, Record<string, string>?][] = [
      ['POST', '/api/cases', { type: 'Feature', geometry: point, properties: { channel: fx.channel, type_code: fx.typeCode, description: 'leak test' } }],
      ['POST', '/api/components', { type: 'Feature', geometry: point, properties: { class_code: fx.classCode } }],
      ['PATCH', `/api/cases/${otherCase.id}`, { type: 'Feature', properties: { description: 'leak test' } }, { 'if-match': `"v${otherCase.version}"` }],
      ['PATCH', `/api/components/${otherComponent.id}`, { type: 'Feature', properties: { status: 'damaged' } }, { 'if-match': `"v${otherComponent.version}"` }],
      ['POST', `/api/cases/${otherCase.id}/transitions`, { action: 'verify' }],
      ['POST', `/api/cases/${otherCase.id}/whistles`, { departments: ['sanitation'] }],
      ['POST', '/api/imports/cases', { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: point, properties: { channel: fx.channel, type_code: fx.typeCode, description: 'leak test' } }] }],
    ];
    for (const [method, path, body, headers] of writes) {
      checks++;
      const r = await app.request(method, path, { token: chief, body, ...(headers ? { headers } : {}) });
      await r.arrayBuffer();
      if (r.status < 400) leaks.push(`${method} ${path}: ${r.status}`);
    }
    const wrote = Number((await db.query<{ n: string }>("select count(*) as n from cases where description = 'leak test'")).rows[0]!.n);
    if (wrote) leaks.push(`${wrote} cases written into another grid`);
    figures.chiefChecks = checks;
    figures.chiefLeaks = leaks.length;
    console.log(`[access matrix ${BACKEND}] grid chief: ${checks} checks, leaks ${leaks.length}`);
    expect(leaks).toEqual([]);
  });
});
