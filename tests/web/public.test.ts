// The residents' map in a real browser, never signed in: on a phone and on a desktop,
// choose toilets, tap a point on the map, see the nearest toilet listed first with its
// distance and drawn on the map — the same as the API answers and as a brute-force
// search over every toilet finds — then English; "near me" with the location refused
// (a clear message) and granted.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { NO_BROWSER, screenshot, startWeb, waitForMap, type WebFixture } from './browser.ts';

interface NearPlace {
  id: number;
  name: string;
  name_en: string | null;
  point: [number, number];
  distance_m: number;
  to: [number, number];
}

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

function haversine([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371008.7714 * Math.asin(Math.sqrt(a));
}

async function settle(page: Page) {
  await page.waitForFunction(() => window.__gridcityMap!.loaded() && !window.__gridcityMap!.isMoving());
}

/** A pixel of the map, in the part the panel leaves free, where no place is drawn (so the tap is a point, not a place). */
async function emptyPixel(page: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ([fx, fy]) => {
      const map = window.__gridcityMap!;
      const r = map.getCanvas().getBoundingClientRect();
      for (let i = 0; i < 40; i++) {
        const x = Math.round(r.width * fx! + (i % 7) * 17);
        const y = Math.round(r.height * fy! + Math.floor(i / 7) * 17);
        if (!window.__gridcityOverlay!.pickObject({ x, y, radius: 12 })) return { x: r.left + x, y: r.top + y };
      }
      throw new Error('no empty pixel');
    },
    [fx, fy],
  );
}

describe.skipIf(NO_BROWSER)(`public map in Chromium, no sign-in (${BACKEND})`, () => {
  let web: WebFixture;
  let toilets: { id: number; point: [number, number] }[];
  beforeAll(async () => {
    web = await startWeb(inject('seededStore'));
    toilets = ((await (await web.app.get('/api/public/places?kind=toilet&limit=2000')).json()) as { places: { id: number; point: [number, number] }[] }).places;
  });
  afterAll(async () => {
    await web?.close();
  });

  /** Opens /public without a session, picks toilets, taps an empty point; returns the point and the list. */
  async function findNearestToilet(viewport: { width: number; height: number }, fx: number, fy: number) {
    const page = await web.open('/public', { viewport, map: false });
    await waitForMap(page);
    expect(await page.evaluate(() => sessionStorage.getItem('gridcity.session'))).toBeNull();
    await expect.poll(() => page.locator('.public-header .brand').textContent()).toBe('便民地图');
    expect(await page.locator('.public-header a.sign-in').textContent()).toBe('登录');
    // Another kind first, then toilets: the map follows the choice.
    await page.locator('[data-kind="park"]').click();
    await expect.poll(() => page.locator('[data-kind="park"]').getAttribute('aria-checked')).toBe('true');
    await page.locator('[data-kind="toilet"]').click();
    await expect.poll(() => page.locator('.public-panel .count').textContent()).toBe(`地图上共 ${toilets.length} 处公厕`);
    await settle(page);
    const at = await emptyPixel(page, fx, fy);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => page.locator('.public-results li').count(), { timeout: 20_000 }).toBe(5);
    const from = (await page.locator('.public-panel').getAttribute('data-from'))!.split(',').map(Number) as [number, number];
    await settle(page);
    return { page, from };
  }

  async function checkAgainstApi(page: Page, from: [number, number]) {
    expect(await page.locator('.results-title').textContent()).toBe('离所选位置最近的公厕');
    const first = page.locator('.public-results li').first();
    const shownId = Number(await first.getAttribute('data-place-id'));
    const shownDistance = Number(await first.getAttribute('data-distance'));
    // The API for the same point.
    const api = ((await (await web.app.get(`/api/public/nearest?kind=toilet&lon=${from[0]}&lat=${from[1]}&limit=5`)).json()) as { places: NearPlace[] }).places;
    expect(shownId).toBe(api[0]!.id);
    expect(shownDistance).toBe(api[0]!.distance_m);
    const ids = await page.locator('.public-results li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-place-id'))));
    expect(ids).toEqual(api.map((p) => p.id));
    // And a brute-force search over every toilet.
    const truth = toilets.map((p) => ({ id: p.id, d: haversine(from, p.point) })).sort((a, b) => a.d - b.d)[0]!;
    expect(shownId).toBe(truth.id);
    expect(Math.abs(shownDistance - truth.d)).toBeLessThan(1);
    // The distance as shown: whole metres, or km with one decimal.
    const text = (await first.locator('.distance').textContent())!;
    expect(text).toBe(shownDistance < 1000 ? `${Math.round(shownDistance)} 米` : `${(shownDistance / 1000).toFixed(1)} 公里`);
    expect(await first.locator('.name').textContent()).toBe(api[0]!.name);
    // Drawn on the map: the nearest toilet's marker is there to pick at its pixel, the point too.
    const picked = await page.evaluate((p) => {
      const map = window.__gridcityMap!;
      const q = map.project(p);
      const o = window.__gridcityOverlay!.pickObject({ x: q.x, y: q.y, radius: 2, layerIds: ['public-results'] });
      const inView = map.getBounds().contains(p);
      return { id: (o?.object as { id?: number } | undefined)?.id ?? null, index: o?.index ?? null, inView };
    }, api[0]!.point);
    expect(picked).toEqual({ id: api[0]!.id, index: 0, inView: true });
    const fromPicked = await page.evaluate((p) => {
      const map = window.__gridcityMap!;
      const q = map.project(p);
      return window.__gridcityOverlay!.pickObject({ x: q.x, y: q.y, radius: 2, layerIds: ['public-from'] }) !== null;
    }, from);
    expect(fromPicked).toBe(true);
    return api;
  }

  it('on a phone: taps a point, lists the nearest toilet first with its distance, draws it, then speaks English', async () => {
    const { page, from } = await findNearestToilet(PHONE, 0.35, 0.22);
    const api = await checkAgainstApi(page, from);
    // The nearest toilet's details.
    await page.locator('.public-results li').first().locator('button').click();
    await expect.poll(() => page.locator('.place-details h2').textContent()).toContain(api[0]!.name);
    expect(await page.locator('.place-details .hours').textContent()).toMatch(/^\d\d:\d\d-\d\d:\d\d$/);
    await page.locator('.place-details .back').click();
    await settle(page);
    await screenshot(page, 'public');

    await page.locator('.public-header .lang-switch').click();
    await expect.poll(() => page.locator('.public-header .brand').textContent()).toBe('Public map');
    expect(await page.locator('[data-kind="toilet"]').textContent()).toBe('Toilets');
    expect(await page.locator('.results-title').textContent()).toBe('Toilets nearest to the chosen point');
    expect(await page.locator('.public-header a.sign-in').textContent()).toBe('Sign in');
    const first = page.locator('.public-results li').first();
    expect(await first.locator('.name').textContent()).toBe(api[0]!.name_en);
    expect(await first.locator('.distance').textContent()).toMatch(/^\d+ m$|^\d+\.\d km$/);
    expect(await first.locator('.way').textContent()).toMatch(/^(north|south|east|west|north-east|north-west|south-east|south-west), about \d+ min on foot$/);
    await screenshot(page, 'public-en');
  });

  it('on a desktop: the same search, the panel beside the map', async () => {
    const { page, from } = await findNearestToilet(DESKTOP, 0.55, 0.4);
    await checkAgainstApi(page, from);
    await screenshot(page, 'public-desktop');
  });

  it('"near me": a clear message when the location is refused, the nearest to me when it is given', async () => {
    const page = await web.open('/public', { viewport: PHONE, map: false });
    await waitForMap(page);
    await page.locator('[data-action="near-me"]').click();
    await expect.poll(() => page.locator('.geo-message').textContent(), { timeout: 20_000 }).toContain('定位权限被拒绝');
    const me: [number, number] = toilets[10]!.point;
    await page.context().grantPermissions(['geolocation']);
    await page.context().setGeolocation({ longitude: me[0] + 0.001, latitude: me[1] });
    await page.locator('[data-action="near-me"]').click();
    await expect.poll(() => page.locator('.public-results li').count(), { timeout: 20_000 }).toBe(5);
    expect(await page.locator('.results-title').textContent()).toBe('离我最近的公厕');
    expect(await page.locator('.geo-message').count()).toBe(0);
  });

  it('is linked from the sign-in page', async () => {
    const page = await web.open('/login', { map: false });
    await page.locator('.public-link a').click();
    await page.waitForURL(/\/public$/);
    await waitForMap(page);
    expect(await page.locator('.topbar nav').count()).toBe(0);
  });
});
