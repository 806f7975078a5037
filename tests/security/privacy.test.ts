// Privacy (issue 8, part 6): contact data of people (team members' phones) and of
// reporters (a case's reporter name and phone) reaches only the roles that need it
// (schema/040; RELIABILITY.md "Audit and privacy"):
//   reporter name and phone: admin, officer (the command centre's case work), the grid
//     chief of the case's grid (row-level security shows them no other), the person the
//     case is assigned to; masked for planners and the command role (the wall map);
//   team members' phones: admin, planner, officer, grid chief (their teams); masked
//     for the command role.
// Every role is run against every GET route of the route table (so a new route is
// covered without a line here; OGC once per collection), the tiles of every source at
// the case, the live feed (SSE), the KPI CSV, Open311 and the public report page; every
// response is searched for full phone numbers of people and reporters and for the
// reporters' names. Counted and printed: unmasked exposures to roles that do not need
// them (0); the roles that need them are shown to get them (so the search can fail).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { startApp, type TestServer } from '../helpers/http.ts';
import { seededDb, type TestDb } from '../helpers/store.ts';
import { dataOf, openSse, type SseStream } from '../helpers/sse.ts';
import { tileAt } from '../server/tiles/decode.ts';
import { concretePath, loadFixtures, type Fixtures } from '../reliability/targets.ts';
import { COLLECTIONS } from '../../server/ogc/collections.ts';

const USERS = { admin: 'admin', planner: 'planner', command: 'command', officer: 'officer', grid_chief: 'chief01', public: 'public', anonymous: null } as const;
type Who = keyof typeof USERS;

/** Roles that read a case's reporter in full (the grid chief: of their own grids' cases, the only ones they see). */
const SEES_REPORTER: readonly Who[] = ['admin', 'officer', 'grid_chief'];
/** Roles that read team members' phones in full. */
const SEES_TEAM_PHONES: readonly Who[] = ['admin', 'planner', 'officer', 'grid_chief'];
const FEED_ROLES: readonly Who[] = ['admin', 'planner', 'command', 'officer', 'grid_chief'];

const REPORTER = { name: '测试报告人甲', phone: '13912345678' };
const PUBLIC_REPORTER = { name: '测试报告人乙', phone: '13987654321' };
const PHONE = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g;

interface Manifest { sources: Record<string, { minzoom: number; maxzoom: number }> }
const manifest = JSON.parse(readFileSync(new URL('../../tiles/manifest.json', import.meta.url), 'utf8')) as Manifest;

describe(`privacy (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let fx: Fixtures;
  const tokens: Partial<Record<Who, string>> = {};
  let peoplePhones: Set<string>;
  let reporterPhones: Set<string>;
  let reporterNames: Set<string>;
  let caseId: number;
  let grid: number;
  let tracking: string;
  let at: { lon: number; lat: number };
  const feeds = new Map<Who, SseStream>();
  /** Per role: unmasked values found that the role does not need (exposures), and that it needs (seen). */
  const exposures: string[] = [];
  const seen: Record<Who, { reporter: number; team: number; masked: number }> = Object.fromEntries(
    Object.keys(USERS).map((w) => [w, { reporter: 0, team: 0, masked: 0 }]),
  ) as Record<Who, { reporter: number; team: number; masked: number }>;
  let responses = 0;

  function scan(who: Who, where: string, text: string): void {
    responses++;
    const found = new Set(text.match(PHONE) ?? []);
    for (const phone of found) {
      if (reporterPhones.has(phone)) {
        if (SEES_REPORTER.includes(who)) seen[who].reporter++;
        else exposures.push(`${who} ${where}: reporter phone ${phone}`);
      }
      if (peoplePhones.has(phone)) {
        if (SEES_TEAM_PHONES.includes(who)) seen[who].team++;
        else exposures.push(`${who} ${where}: team member's phone ${phone}`);
      }
    }
    for (const name of [REPORTER.name, PUBLIC_REPORTER.name]) {
      if (!text.includes(name)) continue;
      if (SEES_REPORTER.includes(who)) seen[who].reporter++;
      else exposures.push(`${who} ${where}: reporter name ${name}`);
    }
    // Any reporter's name (of any case) in a reporter_name field.
    for (const m of text.matchAll(/"reporter_name"\s*:\s*"([^"]*)"/g)) {
      if (!reporterNames.has(m[1]!)) continue;
      if (SEES_REPORTER.includes(who)) seen[who].reporter++;
      else exposures.push(`${who} ${where}: reporter name ${m[1]}`);
    }
    if (/"(reporter_phone|phone)"\s*:\s*"1[3-9][0-9]\*{4}[0-9]{4}"/.test(text)) seen[who].masked++;
  }

  async function fetchText(who: Who, path: string): Promise<{ status: number; text: string }> {
    const r = await app.get(path, tokens[who] ? { token: tokens[who] } : {});
    if ((r.headers.get('content-type') ?? '').includes('text/event-stream')) {
      await r.body?.cancel();
      return { status: r.status, text: '' };
    }
    return { status: r.status, text: Buffer.from(await r.arrayBuffer()).toString('utf8') };
  }

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    for (const [who, user] of Object.entries(USERS)) if (user) tokens[who as Who] = await app.login(user);
    grid = (await db.query<{ grid_id: number }>(`select s.grid_id from user_grid_scopes s join app_users u on u.id = s.user_id where u.username = 'chief01' order by s.grid_id limit 1`)).rows[0]!.grid_id;
    at = (await db.query<{ lon: number; lat: number }>('select st_x(p) as lon, st_y(p) as lat from (select st_pointonsurface(geom) as p from grids where id = $1) x', [grid])).rows[0]!;
    peoplePhones = new Set((await db.query<{ phone: string }>('select phone from people where phone is not null')).rows.map((r) => r.phone));
    // Feeds open before the case is filed, so they carry its event.
    for (const who of FEED_ROLES) feeds.set(who, await openSse(`${app.url}/api/events?access_token=${encodeURIComponent(tokens[who]!)}`));
    const r = await app.request('POST', '/api/cases', {
      token: tokens.officer!,
      body: { type: 'Feature', geometry: { type: 'Point', coordinates: [at.lon, at.lat] }, properties: { channel: 'hotline_12345', type_code: '03040101', description: '隐私测试：路灯不亮', reporter_name: REPORTER.name, reporter_phone: REPORTER.phone } },
    });
    expect(r.status, await r.clone().text()).toBe(201);
    caseId = ((await r.json()) as { id: number }).id;
    const pub = await app.request('POST', '/api/public/reports', { body: { type_code: '03040101', lon: at.lon + 0.0002, lat: at.lat, description: '隐私测试：公众报告', name: PUBLIC_REPORTER.name, phone: PUBLIC_REPORTER.phone } });
    expect(pub.status, await pub.clone().text()).toBe(201);
    tracking = ((await pub.json()) as { tracking_code: string }).tracking_code;
    reporterPhones = new Set((await db.query<{ phone: string }>('select distinct reporter_phone as phone from cases where reporter_phone is not null')).rows.map((r) => r.phone));
    reporterNames = new Set((await db.query<{ name: string }>('select distinct reporter_name as name from cases where reporter_name is not null')).rows.map((r) => r.name));
    expect(reporterPhones.has(REPORTER.phone) && reporterPhones.has(PUBLIC_REPORTER.phone)).toBe(true);
    // The route table's paths, pointed at the test case and the chief's grid.
    fx = await loadFixtures(db);
    const g = (await db.query<{ id: number; version: number; community_id: number; code: string }>('select id, version, community_id, code from grids where id = $1', [grid])).rows[0]!;
    fx = { ...fx, grid: { ...g, code: g.code.trim() }, case: { id: caseId, version: 1 } };
  });
  afterAll(async () => {
    for (const f of feeds.values()) f.close();
    const need = Object.entries(seen).map(([w, s]) => `${w} ${s.reporter}/${s.team}/${s.masked}`).join(', ');
    console.log(`[privacy ${BACKEND}] responses ${responses}, unmasked exposures to roles that do not need them ${exposures.length}; full reporter/team values and masked values seen by role: ${need}`);
    await app?.close();
    await db?.dispose();
  });

  it('every role against every GET route, the case, team and people pages, KPIs CSV, Open311 and the public report: exposures 0', async () => {
    const paths = new Set<string>();
    for (const spec of app.app.routeSpecs) {
      if (spec.method !== 'get') continue;
      const path = concretePath(spec, fx);
      if (spec.path.includes(':collectionId')) {
        for (const c of COLLECTIONS) paths.add(path.replace('/collections/grids', `/collections/${c.id}`).replace(/\/items\/\d+$/, '/items?limit=1000'));
      } else paths.add(path);
    }
    const assignee = (await db.query<{ assignee_id: number | null }>('select assignee_id from cases where id = $1', [caseId])).rows[0]!.assignee_id;
    const teamName = (await db.query<{ name: string }>('select p.name from grid_seats s join people p on p.id = s.person_id where s.grid_id = $1 order by p.id limit 1', [grid])).rows[0]!.name;
    for (const p of [
      `/api/cases?grid=${grid}&limit=1000`, `/api/cases/${caseId}`, `/api/cases/${caseId}/events`, `/api/cases/${caseId}/transitions`, '/api/cases/due',
      `/api/grids/${grid}/team`, `/api/people?q=${encodeURIComponent(teamName.slice(0, 1))}&limit=200`, ...(assignee ? [`/api/people/${assignee}`] : []),
      '/api/kpis?format=csv', '/api/kpis?format=csv&by=grid', `/open311/v2/requests.json`, `/open311/v2/requests/${caseId}.json`, `/open311/v2/requests.xml`,
      `/api/public/reports/${tracking}`, `/ogc/collections/cases/items?bbox=${at.lon - 0.01},${at.lat - 0.01},${at.lon + 0.01},${at.lat + 0.01}`,
    ]) paths.add(p);
    // Every tile source at the case, at the first zoom that shows points.
    for (const [name, source] of Object.entries(manifest.sources)) {
      const t = tileAt(at.lon, at.lat, Math.min(Math.max(source.minzoom, 15), source.maxzoom));
      paths.add(`/tiles/${name}/${t.z}/${t.x}/${t.y}.mvt`);
    }
    let served = 0;
    for (const path of paths) {
      for (const who of Object.keys(USERS) as Who[]) {
        const r = await fetchText(who, path);
        if (r.status < 300) served++;
        scan(who, `GET ${path}`, r.text);
      }
    }
    expect(exposures).toEqual([]);
    expect(served).toBeGreaterThan(paths.size);
    // The search finds what the roles that need it get: reporter and team phones, and masks where masked.
    expect(seen.admin.reporter).toBeGreaterThan(0);
    expect(seen.officer.reporter).toBeGreaterThan(0);
    expect(seen.officer.team).toBeGreaterThan(0);
    expect(seen.grid_chief.reporter).toBeGreaterThan(0);
    expect(seen.planner.team).toBeGreaterThan(0);
    expect(seen.grid_chief.team).toBeGreaterThan(0);
    expect(seen.planner.masked).toBeGreaterThan(0);
    expect(seen.command.masked).toBeGreaterThan(0);
  });

  it('the live feed (SSE) carries no contact data to any role', async () => {
    for (const [who, feed] of feeds) {
      await feed.next((m) => m.event === 'case.created' && Number(dataOf<{ id: number }>(m).id) === caseId, 15_000);
      scan(who, 'SSE /api/events', feed.raw());
      // The feed needs none: not even the roles that may read the case see it there.
      expect(feed.raw()).not.toContain(REPORTER.phone);
      expect(feed.raw()).not.toContain(REPORTER.name);
    }
    expect(exposures).toEqual([]);
  });
});
