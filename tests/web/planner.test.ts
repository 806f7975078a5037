// The planner's workbench in a real browser: sign in, Chinese then English, draw a grid
// across another and see the overlap refused, paint cells between two grids and see
// the workload bars change, save, reload and see it kept.
import { bbox, booleanPointInPolygon, centroid } from '@turf/turf';
import type { Feature, MultiPolygon, Position } from 'geojson';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { NO_BROWSER, screenshot, startWeb, waitForMap, type WebFixture } from './browser.ts';

type Grid = Feature<MultiPolygon, { code: string; name: string; version: number }> & { id: number };

/** Two grids sharing a boundary vertex, and that vertex. */
function neighbours(grids: Grid[]): { a: Grid; b: Grid; shared: Position } {
  const key = (p: Position) => `${p[0]},${p[1]}`;
  for (const a of grids) {
    const mine = new Set(a.geometry.coordinates.flat(2).map(key));
    for (const b of grids) {
      if (b.id <= a.id) continue;
      const shared = b.geometry.coordinates.flat(2).find((p) => mine.has(key(p)));
      if (shared) return { a, b, shared };
    }
  }
  throw new Error('no neighbouring grids');
}

async function fit(page: Page, box: number[], padding = 60) {
  await page.evaluate(([b, pad]) => window.__gridcityMap!.fitBounds([b[0]!, b[1]!, b[2]!, b[3]!], { padding: pad as number, duration: 0 }), [box, padding] as const);
  await page.waitForFunction(() => window.__gridcityMap!.loaded() && !window.__gridcityMap!.isMoving());
}

async function pixel(page: Page, p: Position): Promise<{ x: number; y: number }> {
  return page.evaluate(([lng, lat]) => {
    const map = window.__gridcityMap!;
    const q = map.project([lng!, lat!]);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + q.x, y: r.top + q.y };
  }, p);
}

const toward = (from: Position, to: Position, f: number): Position => [from[0]! + (to[0]! - from[0]!) * f, from[1]! + (to[1]! - from[1]!) * f];

describe.skipIf(NO_BROWSER)(`planner workbench in Chromium (${BACKEND})`, () => {
  let web: WebFixture;
  let grids: Grid[];
  beforeAll(async () => {
    web = await startWeb(inject('seededStore'), { duplicateRadiusM: 0 });
    const token = await web.app.login('planner');
    grids = ((await (await web.app.get('/api/grids?limit=1000', { token })).json()) as { features: Grid[] }).features;
  });
  afterAll(async () => {
    await web?.close();
  });

  it('signs in from the demo accounts, speaks Chinese by default and English on the switch', async () => {
    const page = await web.open('/login', { map: false });
    await page.locator('button[data-user="planner"]').click();
    await page.waitForURL(/\/planner$/);
    await waitForMap(page);
    await expect.poll(() => page.locator('.topbar nav a.active').textContent()).toBe('网格规划');
    await expect.poll(() => page.locator('[data-action="save"]').textContent()).toContain('保存');
    await page.locator('.topbar .lang-switch').click();
    await expect.poll(() => page.locator('.topbar nav a.active').textContent()).toBe('Grid planning');
    await expect.poll(() => page.locator('[data-action="save"]').textContent()).toContain('Save');
    await screenshot(page, 'planner-en');
    await page.locator('.topbar .lang-switch').click();
    await expect.poll(() => page.locator('.topbar nav a.active').textContent()).toBe('网格规划');
    await screenshot(page, 'planner');
  });

  it('refuses a grid drawn across an existing one: the overlap is shown and saving is blocked', async () => {
    const page = await web.open('/planner', { user: 'planner' });
    const { a, b, shared } = neighbours(grids);
    const [w, s, e, n] = bbox({ type: 'FeatureCollection', features: [a, b] });
    await fit(page, [w!, s!, e!, n!]);
    await page.locator('[data-mode="draw"]').click();
    // A square around the shared vertex: part in each grid.
    const d = 0.0012;
    const ring: Position[] = [
      [shared[0]! - d, shared[1]! - d],
      [shared[0]! + d, shared[1]! - d],
      [shared[0]! + d, shared[1]! + d],
      [shared[0]! - d, shared[1]! + d],
    ];
    for (const p of ring) {
      const q = await pixel(page, p);
      await page.mouse.click(q.x, q.y);
      await page.waitForTimeout(150);
    }
    const first = await pixel(page, ring[0]!);
    await page.mouse.click(first.x, first.y);
    await expect.poll(() => page.locator('[data-testid="checks"] .issues li').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.locator('[role="alert"].toast').textContent()).toContain('存在重叠，不能保存');
    expect(await page.locator('[data-action="save"]').isDisabled()).toBe(true);
    await screenshot(page, 'planner-overlap');
    // Undo takes the drawing back: nothing to check, nothing to save.
    await page.locator('[data-action="undo"]').click();
    await expect.poll(() => page.locator('[data-testid="checks"] .ok-text').count()).toBe(1);
  });

  it('paints cells from one grid into its neighbour: the bars change; saved, reloaded, kept', async () => {
    const page = await web.open('/planner', { user: 'planner' });
    const { a: receiver, b: donor, shared } = neighbours(grids);
    const [w, s, e, n] = bbox({ type: 'FeatureCollection', features: [receiver, donor] });
    await fit(page, [w!, s!, e!, n!]);
    // Select the receiver by clicking inside it.
    const inside = toward(shared, centroid(receiver).geometry.coordinates, 0.5);
    expect(booleanPointInPolygon(inside, receiver)).toBe(true);
    const q = await pixel(page, inside);
    await page.mouse.click(q.x, q.y);
    await expect.poll(() => page.locator('[data-testid="selection"] h2').textContent()).toBe(receiver.properties.name);
    const bar = (id: number) => page.locator(`[data-testid="workload-chart"] rect[data-grid="${id}"]`).getAttribute('data-value');
    const before = { r: Number(await bar(receiver.id)), d: Number(await bar(donor.id)) };

    await page.locator('[data-mode="paint"]').click();
    // Drag the brush through the donor, near the shared vertex.
    const path = [0.15, 0.25, 0.35].map((f) => toward(shared, centroid(donor).geometry.coordinates, f));
    const start = await pixel(page, path[0]!);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (const p of path.slice(1)) {
      const t = await pixel(page, p);
      await page.mouse.move(t.x, t.y, { steps: 5 });
    }
    await page.mouse.up();
    await expect.poll(async () => Number(await bar(receiver.id)), { timeout: 20_000 }).toBeGreaterThan(before.r);
    expect(Number(await bar(donor.id))).toBeLessThan(before.d);
    // No overlap and no gap; the donor's sub-grids that now reach into the receiver are flagged.
    await expect.poll(() => page.locator('[data-testid="checks"] li[data-kind="outside"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="checks"] li[data-kind="overlap"], [data-testid="checks"] li[data-kind="gap"]').count()).toBe(0);
    await screenshot(page, 'planner-paint');

    await page.locator('[data-action="save"]').click();
    await expect.poll(() => page.locator('.toast').textContent(), { timeout: 60_000 }).toMatch(/已保存 \d+ 处修改/);
    const token = await web.app.login('planner');
    const saved = (await (await web.app.get(`/api/grids/${receiver.id}`, { token })).json()) as Grid;
    expect(saved.properties.version).toBe(receiver.properties.version + 1);

    await page.reload();
    await waitForMap(page);
    await fit(page, [w!, s!, e!, n!]);
    const again = await pixel(page, inside);
    await page.mouse.click(again.x, again.y);
    await expect.poll(() => page.locator('[data-testid="selection"] h2').textContent()).toBe(receiver.properties.name);
    await expect.poll(() => page.locator('[data-testid="selection"] tr:last-child td').textContent()).toBe(String(receiver.properties.version + 1));
    // The saved workload is the server's, counted again from the new boundary.
    expect(Number(await bar(receiver.id))).toBeGreaterThan(before.r);
  });

  it('splits a grid along a drawn line into two grids that still cover it', async () => {
    const page = await web.open('/planner', { user: 'planner' });
    const grid = grids.find((g) => g.id === 40) ?? grids[grids.length - 1]!;
    const [w, s, e, n] = bbox(grid);
    // Room around the grid for the line's ends, which must fall on the map, outside the grid.
    await fit(page, [w!, s!, e!, n!], 160);
    const c = centroid(grid).geometry.coordinates;
    const q = await pixel(page, c);
    await page.mouse.click(q.x, q.y);
    await expect.poll(() => page.locator('[data-testid="selection"] h2').textContent()).toBe(grid.properties.name);
    await page.locator('[data-mode="split"]').click();
    const dy = (n! - s!) * 0.1;
    const from = await pixel(page, [w! - (e! - w!) * 0.08, c[1]! - dy]);
    const to = await pixel(page, [e! + (e! - w!) * 0.08, c[1]! + dy]);
    await page.mouse.click(from.x, from.y);
    await page.waitForTimeout(200);
    await page.mouse.click(to.x, to.y);
    await page.waitForTimeout(200);
    await page.mouse.click(to.x, to.y);
    await expect.poll(() => page.locator('[data-action="save"]').textContent(), { timeout: 20_000 }).toContain('(2)');
    expect(await page.locator('[data-testid="checks"] li[data-kind="overlap"], [data-testid="checks"] li[data-kind="gap"]').count()).toBe(0);
    await screenshot(page, 'planner-split');
    await page.locator('[data-action="save"]').click();
    await expect.poll(() => page.locator('.toast').textContent(), { timeout: 60_000 }).toMatch(/已保存 2 处修改/);
    const token = await web.app.login('planner');
    const after = (await (await web.app.get('/api/grids?limit=1000', { token })).json()) as { features: Grid[] };
    expect(after.features).toHaveLength(grids.length + 1);
    const topo = (await (await web.app.get('/api/topology', { token })).json()) as { summary: { grid_overlap: number; grid_gap: number } };
    expect(topo.summary).toMatchObject({ grid_overlap: 0, grid_gap: 0 });
  });

  it('proposes a balanced cover, shows the spread before and after, and accepts it', async () => {
    const page = await web.open('/planner', { user: 'planner' });
    // One community: select a grid of it, then narrow the proposal's scope to it.
    const grid = grids[0]!;
    const [w, s, e, n] = bbox(grid);
    await fit(page, [w!, s!, e!, n!]);
    const q = await pixel(page, centroid(grid).geometry.coordinates);
    await page.mouse.click(q.x, q.y);
    await expect.poll(() => page.locator('[data-testid="selection"] h2').textContent()).toBe(grid.properties.name);
    await page.locator('[data-testid="propose"] select').nth(1).selectOption('community');
    await page.locator('[data-action="propose"]').click();
    await page.locator('[data-testid="proposal"]').waitFor({ timeout: 120_000 });
    const text = (await page.locator('[data-testid="proposal"]').textContent())!;
    // Before, then after: the search never makes the spread worse.
    const inBand = [...text.matchAll(/区间内 (\d+)\/(\d+)/g)].map((m) => Number(m[1]));
    const cv = [...text.matchAll(/变异系数 ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(inBand).toHaveLength(2);
    expect(inBand[1]!).toBeGreaterThanOrEqual(inBand[0]!);
    expect(cv[1]!).toBeLessThanOrEqual(cv[0]!);
    await screenshot(page, 'planner-propose');
    await page.locator('[data-action="accept"]').click();
    // Accepted: the proposal closes and the redrawn grids are saved as new versions.
    await page.locator('[data-testid="proposal"]').waitFor({ state: 'detached', timeout: 240_000 });
    const token = await web.app.login('planner');
    await expect.poll(async () => ((await (await web.app.get(`/api/grids/${grid.id}`, { token })).json()) as Grid).properties.version, { timeout: 60_000 }).toBeGreaterThan(grid.properties.version);
    // The grids still cover the city without overlaps or gaps (sub-grids left outside by
    // the earlier paint and split tests in this store are not the proposal's).
    const topo = (await (await web.app.get('/api/topology', { token })).json()) as { summary: { grid_overlap: number; grid_gap: number } };
    expect(topo.summary).toMatchObject({ grid_overlap: 0, grid_gap: 0 });
  }, 300_000);
});
