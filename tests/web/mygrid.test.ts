// The grid chief's view in a real browser on a phone-sized screen: chief01 sees their
// own grid and no other — in the list, in the deck layers, in the vector tiles under
// the map, and in the API — opens a case, reads its timeline and deadline clock, takes
// a step (self-handle) and reports in to a whistle, and sees the timeline grow.
import { pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { NO_BROWSER, screenshot, startWeb, waitForMap, type WebFixture } from './browser.ts';

type Grid = Feature<MultiPolygon, { code: string; name: string }> & { id: number };
const PHONE = { width: 390, height: 844 };
const CHIEF_GRID_CODE = '431302001001001';

async function idle(page: Page) {
  await page.waitForFunction(() => window.__gridcityMap!.loaded() && !window.__gridcityMap!.isMoving(), undefined, { timeout: 60_000 });
}

/** The codes of the features a basemap style layer draws on screen now. */
const rendered = (page: Page, layer: string, prop: string) =>
  page.evaluate(
    ([l, p]) => [...new Set(window.__gridcityMap!.queryRenderedFeatures({ layers: [l!] }).map((f) => String(f.properties[p!])))].sort(),
    [layer, prop],
  );

/** The data of a deck layer by id: ids and a property of each object. */
const deckData = (page: Page, id: string, prop: string) =>
  page.evaluate(
    ([layerId, p]) => {
      // MapLibreOverlay keeps its props (the layers the view set) in _props.
      type Layers = { id: string; props: { data: unknown } }[];
      const overlay = window.__gridcityOverlay as unknown as { _props: { layers: Layers } };
      const layer = overlay._props.layers.find((l) => l.id === layerId);
      const data = (layer?.props.data ?? []) as { id: number; properties: Record<string, unknown> }[];
      return data.map((d) => ({ id: d.id, value: p === 'id' ? d.id : d.properties[p!] }));
    },
    [id, prop],
  );

describe.skipIf(NO_BROWSER)(`grid chief view in Chromium (${BACKEND})`, () => {
  let web: WebFixture;
  let chief: string;
  let grid: Grid;
  let other: Grid;
  let selfCase: number;
  let whistleCase: number;
  let dispatchCase: number;

  beforeAll(async () => {
    web = await startWeb(inject('seededStore'), { duplicateRadiusM: 0 });
    chief = await web.app.login('chief01');
    const me = (await (await web.app.get('/api/auth/me', { token: chief })).json()) as { grids: { id: number; code: string }[] };
    expect(me.grids).toHaveLength(1);
    expect(me.grids[0]!.code).toBe(CHIEF_GRID_CODE);
    grid = (await (await web.app.get(`/api/grids/${me.grids[0]!.id}`, { token: chief })).json()) as Grid;
    expect(grid.properties.code).toBe(CHIEF_GRID_CODE);
    const admin = await web.app.login('admin');
    const all = ((await (await web.app.get('/api/grids?limit=1000', { token: admin })).json()) as { features: Grid[] }).features;
    other = all.find((g) => g.id !== grid.id && (g.properties.code.startsWith(CHIEF_GRID_CODE.slice(0, 12))))!;
    expect(other).toBeDefined();
    // Two fresh cases in the chief's grid: exposed litter (self-handled on the spot),
    // and one the community whistles on.
    const at = pointOnFeature(grid).geometry.coordinates;
    const post = async (description: string, type = '01010101') => {
      const r = await web.app.request('POST', '/api/cases', {
        token: chief,
        body: { type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { channel: 'grid_patrol', type_code: type, description, address: '测试地址' } },
      });
      expect(r.status).toBe(201);
      return ((await r.json()) as { id: number }).id;
    };
    selfCase = await post('路边暴露垃圾（网格长自行处置测试）');
    whistleCase = await post('路边暴露垃圾（吹哨报到测试）');
    const w = await web.app.request('POST', `/api/cases/${whistleCase}/whistles`, { token: chief, body: { kind: 'community', note: '社区吹哨：请环卫到场' } });
    expect(w.status).toBe(201);
    // Accumulated refuse goes the dispatch route: verified by the chief, registered by the command centre.
    dispatchCase = await post('积存垃圾渣土（派遣测试）', '01010103');
    expect((await web.app.request('POST', `/api/cases/${dispatchCase}/transitions`, { token: chief, body: { action: 'verify' } })).status).toBe(200);
    const officer = await web.app.login('officer');
    expect((await web.app.request('POST', `/api/cases/${dispatchCase}/transitions`, { token: officer, body: { action: 'register' } })).status).toBe(200);
  });
  afterAll(async () => {
    await web?.close();
  });

  it('the API hides every other grid from the grid chief', async () => {
    expect((await web.app.get(`/api/grids/${other.id}`, { token: chief })).status).toBe(404);
    expect((await web.app.get(`/api/grids/${other.id}/team`, { token: chief })).status).toBe(404);
    const cases = (await (await web.app.get(`/api/cases?grid=${other.id}`, { token: chief })).json()) as { features: unknown[] };
    expect(cases.features).toHaveLength(0);
    const subgrids = (await (await web.app.get(`/api/subgrids?grid=${other.id}`, { token: chief })).json()) as { features: unknown[] };
    expect(subgrids.features).toHaveLength(0);
    const grids = (await (await web.app.get('/api/grids?limit=1000', { token: chief })).json()) as { features: Grid[] };
    expect(grids.features.map((g) => g.properties.code)).toEqual([CHIEF_GRID_CODE]);
    // The same other grid is there for the planner: the test is not vacuous.
    const planner = await web.app.login('planner');
    expect((await web.app.get(`/api/grids/${other.id}`, { token: planner })).status).toBe(200);
  });

  it('on a phone shows only their grid: list, deck layers and tiles; overdue cases first', async () => {
    const page = await web.open('/my-grid', { user: 'chief01', viewport: PHONE, map: false });
    await expect.poll(() => page.locator('[data-testid="grid-code"]').textContent(), { timeout: 30_000 }).toBe(CHIEF_GRID_CODE);
    // List first: the map is folded away on a phone until asked for.
    expect(await page.locator('[data-testid="map"]').count()).toBe(0);
    const items = page.locator('[data-testid="case-list"] .case-item');
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(2);
    const flags = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-overdue')));
    // Overdue first: no case on time comes before an overdue one.
    const rank = (f: string | null) => (f === 'true' ? 0 : 1);
    expect(flags).toEqual([...flags].sort((a, b) => rank(a) - rank(b)));
    // Every case listed is in the chief's grid.
    const ids = await items.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-case'))));
    const own = (await (await web.app.get(`/api/cases?grid=${grid.id}&limit=1000`, { token: chief })).json()) as { features: { id: number }[] };
    const ownIds = new Set(own.features.map((f) => f.id));
    for (const id of ids) expect(ownIds.has(id)).toBe(true);
    expect(ids).toContain(selfCase);

    await page.locator('[data-action="toggle-map"]').click();
    await waitForMap(page);
    await idle(page);
    // deck.gl draws this grid, its sub-grids and its cases only.
    expect((await deckData(page, 'my-grid', 'code')).map((d) => d.value)).toEqual([CHIEF_GRID_CODE]);
    const subgrids = await deckData(page, 'my-subgrids', 'grid_id');
    expect(subgrids.length).toBeGreaterThan(0);
    for (const s of subgrids) expect(s.value).toBe(grid.id);
    const cases = await deckData(page, 'my-cases', 'grid_id');
    expect(cases.length).toBe(ids.length);
    for (const c of cases) expect(c.value).toBe(grid.id);
    // The vector tiles under the map carry no other grid, even zoomed out over the district.
    expect(await rendered(page, 'grids-outline', 'code')).toEqual([CHIEF_GRID_CODE]);
    await screenshot(page, 'my-grid');
    await page.evaluate(() => window.__gridcityMap!.jumpTo({ zoom: 12 }));
    await idle(page);
    expect(await rendered(page, 'grids-outline', 'code')).toEqual([CHIEF_GRID_CODE]);
    const subgridTiles = await rendered(page, 'subgrids-outline', 'grid_code');
    expect(subgridTiles).toEqual([CHIEF_GRID_CODE]);
  });

  it('opens a case: timeline (with a correction of its address) and deadline clock; self-handles it and the timeline grows', async () => {
    const read = await web.app.get(`/api/cases/${selfCase}`, { token: chief });
    const corrected = await web.app.request('PATCH', `/api/cases/${selfCase}`, { token: chief, body: { type: 'Feature', properties: { address: '长乐路口东侧' } }, headers: { 'if-match': read.headers.get('etag')! } });
    expect(corrected.status).toBe(200);
    const page = await web.open('/my-grid', { user: 'chief01', viewport: PHONE, map: false });
    await page.locator(`.case-item[data-case="${selfCase}"]`).click();
    const drawer = page.locator('[data-testid="case-drawer"]');
    await drawer.waitFor();
    await expect.poll(() => drawer.locator('[data-testid="case-timeline"] li').count()).toBeGreaterThanOrEqual(1);
    expect(await drawer.locator('[data-testid="case-timeline"] li[data-action="report"] .note').textContent()).toBe('由 chief01 录入');
    expect(await drawer.locator('[data-testid="case-timeline"] li[data-action="edit"]').textContent()).toContain('更正登记信息');
    expect(await drawer.locator('[data-testid="edited-fields"]').textContent()).toBe('更正了：地址');
    const clock = drawer.locator('[data-testid="deadline-clock"]');
    expect(await clock.getAttribute('data-state')).toMatch(/^(ok|soon)$/);
    expect(await clock.textContent()).toMatch(/响应时限.*剩余 \d+分/);
    expect(await drawer.locator('[data-testid="case-status"]').textContent()).toBe('已上报');

    await drawer.locator('textarea').fill('已现场清理完毕');
    await drawer.locator('button[data-action="self_handle"]').click();
    await expect.poll(() => drawer.locator('[data-testid="case-timeline"] li[data-action="self_handle"]').count(), { timeout: 20_000 }).toBe(1);
    expect(await drawer.locator('[data-testid="case-status"]').textContent()).toBe('已处置');
    expect(await drawer.locator('[data-testid="case-timeline"] li[data-action="self_handle"] .note').textContent()).toBe('已现场清理完毕');
    // Handled: the next deadline is closing, run by the command centre.
    expect(await clock.textContent()).toContain('结案时限');
    await screenshot(page, 'case-drawer');
    const events = (await (await web.app.get(`/api/cases/${selfCase}/events`, { token: chief })).json()) as { action: string; actor: string }[];
    expect(events.map((e) => e.action)).toEqual(['report', 'edit', 'self_handle']);
    expect(events[1]!.actor).toBe('user:chief01');
    expect(events[2]!.actor).toBe('user:chief01');
    // Closed in the drawer, the case left the open list's state: it is no longer reported.
    await drawer.locator('button.close').click();
    await expect.poll(() => page.locator(`.case-item[data-case="${selfCase}"] .muted`).textContent()).toContain('已处置');
  });

  it('reports in to a whistle from the drawer: the call is answered and the timeline shows it', async () => {
    const page = await web.open('/my-grid', { user: 'chief01', viewport: PHONE, map: false });
    await expect.poll(() => page.locator(`[data-testid="open-whistles"] .case-item[data-case="${whistleCase}"]`).count(), { timeout: 30_000 }).toBe(1);
    await page.locator(`[data-testid="open-whistles"] .case-item[data-case="${whistleCase}"]`).click();
    const drawer = page.locator('[data-testid="case-drawer"]');
    await expect.poll(() => drawer.locator('[data-testid="case-timeline"] li[data-action="whistle"]').count()).toBe(1);
    await drawer.locator('button[data-action="acknowledge_whistle"]').click();
    await expect.poll(() => drawer.locator('[data-testid="case-timeline"] li[data-action="whistle_report"]').count(), { timeout: 20_000 }).toBe(1);
    expect(await drawer.locator('button[data-action="acknowledge_whistle"]').count()).toBe(0);
    const w = (await (await web.app.get(`/api/whistles?case=${whistleCase}`, { token: chief })).json()) as { whistles: { calls: { reported_at: string | null; late: boolean }[] }[] };
    expect(w.whistles[0]!.calls[0]!.reported_at).not.toBeNull();
    expect(w.whistles[0]!.calls[0]!.late).toBe(false);
    await drawer.locator('button.close').click();
    await expect.poll(() => page.locator('[data-testid="open-whistles"]').count()).toBe(0);
  });

  it('sends a registered case to a department chosen in the drawer', async () => {
    const page = await web.open('/my-grid', { user: 'chief01', viewport: PHONE, map: false });
    await page.locator(`.case-item[data-case="${dispatchCase}"]`).click();
    const drawer = page.locator('[data-testid="case-drawer"]');
    await drawer.locator('button[data-action="dispatch"]').waitFor();
    // Self-handling is not offered: this type goes the dispatch route.
    expect(await drawer.locator('button[data-action="self_handle"]').count()).toBe(0);
    const select = drawer.locator('select');
    await expect.poll(() => select.locator('option').count()).toBeGreaterThan(2);
    const chosen = (await select.locator('option').nth(2).getAttribute('value'))!;
    await select.selectOption(chosen);
    expect(await select.inputValue()).toBe(chosen);
    await drawer.locator('textarea').fill('请清运渣土');
    await drawer.locator('button[data-action="dispatch"]').click();
    await expect.poll(() => drawer.locator('[data-testid="case-timeline"] li[data-action="dispatch"]').count(), { timeout: 20_000 }).toBe(1);
    expect(await drawer.locator('[data-testid="case-status"]').textContent()).toBe('已派遣');
    const c = (await (await web.app.get(`/api/cases/${dispatchCase}`, { token: chief })).json()) as { properties: { status: string; department: string } };
    expect(c.properties).toMatchObject({ status: 'dispatched', department: chosen });
  });

  it('a case reported in the grid appears in the list without a reload (live feed)', async () => {
    const page = await web.open('/my-grid', { user: 'chief01', viewport: PHONE, map: false });
    const items = page.locator('[data-testid="case-list"] .case-item');
    await expect.poll(() => items.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const before = await items.count();
    const at = pointOnFeature(grid).geometry.coordinates;
    const r = await web.app.request('POST', '/api/cases', {
      token: chief,
      body: { type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { channel: 'hotline_12345', type_code: '01010102', description: '道路不洁（实时推送测试）' } },
    });
    expect(r.status).toBe(201);
    const id = ((await r.json()) as { id: number }).id;
    await expect.poll(() => page.locator(`.case-item[data-case="${id}"]`).count(), { timeout: 15_000 }).toBe(1);
    expect(await items.count()).toBe(before + 1);
  });
});
