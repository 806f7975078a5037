// The command centre's wall map in a real browser: signed in as command it draws the
// case heatmap (cells counted on the page and held by the deck layer, time to first
// heatmap printed), a case posted through the API shows in the live ticker within 2 s
// with a pulse on the map, an overdue case opens, and the layout holds from a 1366×768
// laptop to a 3840×2160 wall (type scales with the viewport, panels stay on screen).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { pointInGrid } from '../server/components/points.ts';
import { screenshot, startWeb, type WebFixture } from './browser.ts';

// The test city's cases end on 2026-06-30 (TEST_SEED): the wall is set to June.
const WALL = '/wall?from=2026-06-01&to=2026-06-30&tour=0';

async function heatmapDrawn(page: Page): Promise<{ cells: number; layerCells: number; ms: number }> {
  await page.locator('[data-testid="heat-cells"][data-drawn="true"]').waitFor({ timeout: 90_000 });
  const cells = Number(await page.locator('[data-testid="heat-cells"]').getAttribute('data-count'));
  const layerCells = await page.evaluate(() => {
    const deck = (window.__gridcityOverlay as unknown as { _deck?: { layerManager: { getLayers(): { id: string; props: { data: unknown[] } }[] } } })._deck;
    return deck?.layerManager.getLayers().find((l) => l.id === 'wall-heat')?.props.data.length ?? -1;
  });
  const ms = await page.evaluate(() => performance.getEntriesByName('wall-heatmap-drawn')[0]?.startTime ?? -1);
  // The wall fits the city on start: wait for the basemap tiles at that view too.
  await page.waitForFunction(() => window.__gridcityMap!.loaded() && !window.__gridcityMap!.isMoving(), undefined, { timeout: 90_000 });
  return { cells, layerCells, ms };
}

/** Every panel of the wall lies inside the viewport and the wall's type size. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const vw = innerWidth, vh = innerHeight;
    const out = [...document.querySelectorAll('.wall-panel, .wall-head')].filter((e) => e.getBoundingClientRect().width > 0).map((e) => {
      const r = e.getBoundingClientRect();
      return { cls: e.className, inside: r.left >= 0 && r.top >= 0 && r.right <= vw + 0.5 && r.bottom <= vh + 0.5 };
    });
    return { fontPx: parseFloat(getComputedStyle(document.querySelector('.wall')!).fontSize), panels: out, topbar: document.querySelectorAll('.topbar').length };
  });
}

describe(`wall map in Chromium (${BACKEND})`, () => {
  let web: WebFixture;
  let officer: string;
  beforeAll(async () => {
    web = await startWeb(inject('seededStore'), { duplicateRadiusM: 0 });
    officer = await web.app.login('officer');
  });
  afterAll(async () => {
    await web?.close();
  });

  it('draws the heatmap for command, then shows a case posted through the API in the ticker within 2 s', async () => {
    const page = await web.open(WALL, { user: 'command', viewport: { width: 1920, height: 1080 } });
    const drawn = await heatmapDrawn(page);
    console.log(`[wall ${BACKEND}] time to first heatmap (navigation start → heatmap drawn): ${drawn.ms.toFixed(0)} ms, ${drawn.cells} cells`);
    expect(drawn.cells).toBeGreaterThan(10);
    expect(drawn.layerCells).toBe(drawn.cells);
    expect(drawn.ms).toBeGreaterThan(0);
    // Bare: no top bar; the KPI panel and the overdue list have loaded.
    expect((await layout(page)).topbar).toBe(0);
    await expect.poll(() => page.locator('[data-testid="overdue"] li').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(async () => Number(await page.locator('[data-testid="hotspots"]').getAttribute('data-count'))).toBeGreaterThan(0);
    const api = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.name.includes('/api/'))
        .map((e) => `${new URL(e.name).pathname}${new URL(e.name).search.slice(0, 30)} ${e.startTime.toFixed(0)}+${e.duration.toFixed(0)}`),
    );
    console.log(`[wall ${BACKEND}] API calls (path start+duration ms):\n${api.join('\n')}`);

    await page.locator('[data-testid="ticker"][data-state="live"]').waitFor({ timeout: 30_000 });
    const at = await pointInGrid(web.db, 1);
    const body = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [at.lon, at.lat] },
      properties: { channel: 'hotline_12345', type_code: '01010101', description: '井盖缺失，存在安全隐患' },
    };
    const posted = Date.now();
    const r = await web.app.request('POST', '/api/cases', { token: officer, body });
    expect(r.status).toBe(201);
    const answered = Date.now();
    const code = ((await r.json()) as { properties: { code: string } }).properties.code;
    await page.locator(`[data-testid="ticker"] li[data-code="${code}"]`).waitFor({ timeout: 2_000 });
    console.log(`[wall ${BACKEND}] posted case in the ticker ${Date.now() - posted} ms after the POST was sent (${Date.now() - answered} ms after its answer)`);
    expect(await page.locator('[data-testid="pulse"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="live-today"]').textContent()).toMatch(/1/);
    await page.waitForTimeout(500);
    await screenshot(page, 'wall');

    // The most overdue case opens in the shared case drawer, read-only for command.
    const first = page.locator('[data-testid="overdue"] li button').first();
    const id = await first.getAttribute('data-case');
    await first.click();
    await page.locator(`[data-testid="case-drawer"][data-case="${id}"] [data-testid="case-timeline"]`).waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="case-drawer"] [data-testid="case-actions"]').count()).toBe(0);
  });

  it('fits a 3840×2160 wall and a 1366×768 laptop: type scales, every panel on screen', async () => {
    const wall = await web.open(WALL, { user: 'command', viewport: { width: 3840, height: 2160 } });
    await heatmapDrawn(wall);
    const big = await layout(wall);
    await screenshot(wall, 'wall-4k');
    const laptop = await web.open(`${WALL}&kpi=avg_response_minutes`, { user: 'command', viewport: { width: 1366, height: 768 } });
    await heatmapDrawn(laptop);
    const small = await layout(laptop);
    await screenshot(laptop, 'wall-laptop');
    expect(big.fontPx).toBeGreaterThan(small.fontPx * 1.8);
    for (const p of [...big.panels, ...small.panels]) expect(p.inside, p.cls).toBe(true);
  });
});
