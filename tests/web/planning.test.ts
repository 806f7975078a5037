// The planning workspace in a real browser: an officer signs in and lands on it, runs an
// MCLP for charging sheds over a street office, sees the sites on the map and the
// coverage figure, accepts one and finds it in the charging sheds table, operating (the
// public map's source, and /api/public/places where that route exists); a second run is compared with the first side by side.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { screenshot, startWeb, waitForMap, type WebFixture } from './browser.ts';

describe(`planning workspace in Chromium (${BACKEND})`, () => {
  let web: WebFixture;
  beforeAll(async () => {
    web = await startWeb(inject('seededStore'));
  });
  afterAll(async () => {
    await web?.close();
  });

  it('runs an MCLP for charging sheds, shows sites and coverage, accepts one, compares two scenarios', async () => {
    const page = await web.open('/login', { map: false });
    await page.locator('button[data-user="officer"]').click();
    await page.waitForURL(/\/planning$/);
    await waitForMap(page);
    await expect.poll(() => page.locator('.topbar nav a.active').textContent()).toBe('选址规划');

    // A street office keeps the run short.
    const scope = page.locator('select[data-field="scope"]');
    await expect.poll(() => scope.locator('option').count()).toBeGreaterThan(1);
    const street = await scope.locator('option').nth(1).getAttribute('value');
    await scope.selectOption(street!);
    await page.locator('input[data-field="p"]').fill('5');
    await page.locator('input[data-field="time"]').fill('2');
    await page.locator('[data-action="preview"]').click();
    await expect.poll(() => page.locator('[data-testid="plan-preview"]').textContent(), { timeout: 60_000 }).toMatch(/需求单元 \d+ 个/);

    await page.locator('[data-action="run"]').click();
    await page.locator('[data-testid="plan-results"][data-status="done"]').waitFor({ timeout: 90_000 });
    const coverage = await page.locator('[data-testid="plan-coverage"]').textContent();
    expect(coverage).toMatch(/^\d+(\.\d+)?%$/);
    const covered = parseFloat(coverage!);
    expect(covered).toBeGreaterThan(0);
    expect(covered).toBeLessThanOrEqual(100);
    await expect.poll(() => page.locator('[data-testid="plan-site"]').count()).toBe(5);
    // The sites are on the map: a deck layer with the five points.
    const onMap = await page.evaluate(() => {
      const layers = (window.__gridcityOverlay as unknown as { _props?: { layers?: { id: string; props: { data: unknown[] } }[] }; props?: { layers?: { id: string; props: { data: unknown[] } }[] } });
      const list = layers.props?.layers ?? layers._props?.layers ?? [];
      return Object.fromEntries(list.map((l) => [l.id, Array.isArray(l.props.data) ? l.props.data.length : -1]));
    });
    expect(onMap['plan-sites']).toBe(5);
    expect(onMap['plan-demand']).toBeGreaterThan(0);
    expect(onMap['plan-catchments']).toBe(-1);
    await page.waitForTimeout(500);
    await screenshot(page, 'planning');

    // Accept the first site: a planned charging shed in the city model.
    const before = (await web.db.query<{ n: number }>(`select count(*)::int as n from charging_sheds where status = 'operating'`)).rows[0]!.n;
    const first = page.locator('[data-testid="plan-site"]').first();
    const index = Number(await first.getAttribute('data-index'));
    await first.locator('input[type="checkbox"]').check();
    await page.locator('[data-action="accept"]').click();
    await expect.poll(() => page.locator('.toast').textContent()).toMatch(/已新增 1 处集中充电棚/);
    await expect.poll(async () => (await web.db.query<{ n: number }>(`select count(*)::int as n from charging_sheds where status = 'operating'`)).rows[0]!.n).toBe(before + 1);
    await expect.poll(() => first.textContent()).toContain('已采纳');
    const token = await web.app.login('officer');
    const scenarios = (await (await web.app.get('/api/plans', { token })).json()) as { scenarios: { id: number; accepted: { site: number }[] }[] };
    expect(scenarios.scenarios[0]!.accepted.map((a) => a.site)).toEqual([index]);
    const publicPlaces = await web.app.get('/api/public/places?kind=charging_shed&limit=2000');
    if (publicPlaces.status === 200) expect(JSON.stringify(await publicPlaces.json())).toContain(`规划充电棚 ${scenarios.scenarios[0]!.id}-${index}`);

    // A second scenario with fewer sites, compared with the first.
    await page.locator('input[data-field="p"]').fill('3');
    await page.locator('[data-action="run"]').click();
    await expect.poll(() => page.locator('[data-testid="scenario"]').count(), { timeout: 90_000 }).toBe(2);
    await page.locator('[data-testid="plan-results"][data-status="done"]').waitFor({ timeout: 90_000 });
    await expect.poll(() => page.locator('[data-testid="plan-site"]').count()).toBe(3);
    for (const box of await page.locator('[data-testid="scenario"] input[type="checkbox"]').all()) await box.check();
    const table = page.locator('[data-testid="compare"]');
    await table.waitFor();
    expect(await table.locator('thead th').count()).toBe(3);
    expect(await table.textContent()).toMatch(/覆盖需求/);
    await table.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await screenshot(page, 'planning-compare');
  });
});
