// QR posters and what the residents' report page reads: the plain-language types are
// leaf case types; a QR code's community or grid is named to anyone (public fields
// only); posters are staff-only A4 SVGs whose QR code holds PUBLIC_BASE_URL (or the
// request's origin) + /report?c=<code>; a grid chief gets their own grids' posters only.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { qrPath } from '../../../server/posters/svg.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { gridsOf } from '../components/points.ts';

interface Poster { kind: string; code: string; name: string; street_code: string; report_url: string; svg: string }

describe(`QR posters and the report page's data (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let other: TestServer;
  let community: { code: string; name: string; street: string };
  let chiefGrid: { code: string; name: string };
  let foreignGrid: string;

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    other = await startApp(db, { publicBaseUrl: 'https://city.example.cn/gc' });
    community = (await db.query<{ code: string; name: string; street: string }>(
      `select a.code, a.name, s.code as street from admin_areas a join admin_areas s on s.id = a.parent_id where a.level = 'community' order by a.code limit 1`)).rows[0]!;
    const mine = await gridsOf(db, 'chief01');
    chiefGrid = (await db.query<{ code: string; name: string }>('select trim(code) as code, name from grids where id = $1', [mine[0]])).rows[0]!;
    foreignGrid = (await db.query<{ code: string }>(`select trim(code) as code from grids where status = 'active' and not (id = any ($1::int[])) order by code limit 1`, [mine])).rows[0]!.code;
  });
  afterAll(async () => {
    await other?.close();
    await app?.close();
    await db?.dispose();
  });

  it('offers a short list of plain-language types, each a leaf case type', async () => {
    const r = await app.get('/api/public/report-types');
    expect(r.status).toBe(200);
    const { types } = (await r.json()) as { types: { key: string; type_code: string; name_zh: string; name_en: string }[] };
    expect(types.length).toBeGreaterThanOrEqual(5);
    expect(types.length).toBeLessThanOrEqual(12);
    expect(new Set(types.map((t) => t.key)).size).toBe(types.length);
    const leaves = await db.query<{ code: string }>('select code from case_types where level = 4 and code = any ($1::text[])', [types.map((t) => t.type_code)]);
    expect(leaves.rows.map((x) => x.code).sort()).toEqual(types.map((t) => t.type_code).sort());
  });

  it('names a QR code\'s community or grid to anyone, with a point inside it', async () => {
    const c = await app.get(`/api/public/report-places/${community.code}`);
    expect(c.status, await c.clone().text()).toBe(200);
    const cp = (await c.json()) as { kind: string; name: string; centre: [number, number]; bbox: number[] };
    expect(cp).toMatchObject({ kind: 'community', name: community.name });
    const inside = await db.query<{ ok: boolean }>(`select st_covers(geom, st_setsrid(st_makepoint($2, $3), 4326)) as ok from admin_areas where code = $1`, [community.code, ...cp.centre]);
    expect(inside.rows[0]!.ok).toBe(true);

    const g = await app.get(`/api/public/report-places/${chiefGrid.code}`);
    const gt = await g.text();
    expect(g.status, gt).toBe(200);
    expect(JSON.parse(gt)).toMatchObject({ kind: 'grid', code: chiefGrid.code, name: chiefGrid.name });
    expect(Object.keys(JSON.parse(gt) as object).sort()).toEqual(['bbox', 'centre', 'code', 'community', 'community_en', 'kind', 'name', 'name_en', 'street', 'street_en']);

    expect((await app.get('/api/public/report-places/999999999999')).status).toBe(404);
    expect((await app.get('/api/public/report-places/12345')).status).toBe(400);
  });

  it('serves an A4 SVG poster per community and grid to staff, its QR code holding the report link', async () => {
    const officer = await app.login('officer');
    expect((await app.get(`/api/posters/community/${community.code}.svg`)).status).toBe(401);
    const r = await app.get(`/api/posters/community/${community.code}.svg`, { token: officer });
    const svg = await r.text();
    expect(r.status, svg).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const url = `${app.url}/report?c=${community.code}`;
    expect(svg).toContain(`d="${qrPath(url).d}"`);
    expect(svg).toContain(community.name);

    // The configured public base URL wins over the request's address.
    const o = await other.get(`/api/posters/grid/${chiefGrid.code}.svg?download=true`, { token: await other.login('officer') });
    const osvg = await o.text();
    expect(o.status, osvg).toBe(200);
    expect(o.headers.get('content-disposition')).toBe(`attachment; filename="poster-${chiefGrid.code}.svg"`);
    expect(osvg).toContain(`d="${qrPath(`https://city.example.cn/gc/report?c=${chiefGrid.code}`).d}"`);

    expect((await app.get(`/api/posters/grid/${community.code}.svg`, { token: officer })).status).toBe(400);
    expect((await app.get('/api/posters/community/999999999999.svg', { token: officer })).status).toBe(404);
  });

  it('lists the posters of a street office or the city; a grid chief gets only their grids', async () => {
    const officer = await app.login('officer');
    const all = (await (await app.get('/api/posters', { token: officer })).json()) as { count: number; posters: Poster[] };
    const n = await db.query<{ c: number; g: number }>(`select (select count(*)::int from admin_areas where level = 'community') as c, (select count(*)::int from grids where status = 'active') as g`);
    expect(all.posters.filter((p) => p.kind === 'community')).toHaveLength(n.rows[0]!.c);
    expect(all.posters.filter((p) => p.kind === 'grid')).toHaveLength(n.rows[0]!.g);
    const one = all.posters.find((p) => p.code === community.code)!;
    expect(one).toMatchObject({ report_url: `${app.url}/report?c=${community.code}`, svg: `/api/posters/community/${community.code}.svg` });

    const street = (await (await app.get(`/api/posters?street=${community.street}`, { token: officer })).json()) as { street: { code: string }; posters: Poster[] };
    expect(street.street.code).toBe(community.street);
    expect(street.posters.length).toBeGreaterThan(0);
    expect(street.posters.every((p) => p.street_code === community.street)).toBe(true);
    expect(street.posters.length).toBeLessThan(all.posters.length);
    expect((await app.get('/api/posters?street=999999999', { token: officer })).status).toBe(404);
    expect((await app.get('/api/posters?street=abc', { token: officer })).status).toBe(400);

    const chief = await app.login('chief01');
    const theirs = (await (await app.get('/api/posters?kind=grid', { token: chief })).json()) as { posters: Poster[] };
    const mine = (await db.query<{ code: string }>('select trim(code) as code from grids where id = any ($1::int[]) order by 1', [await gridsOf(db, 'chief01')])).rows.map((x) => x.code);
    expect(theirs.posters.map((p) => p.code).sort()).toEqual(mine);
    expect((await app.get(`/api/posters/grid/${chiefGrid.code}.svg`, { token: chief })).status).toBe(200);
    expect((await app.get(`/api/posters/grid/${foreignGrid}.svg`, { token: chief })).status).toBe(404);
  });
});
