// Field reporting on a phone (390×844, touch, geolocation granted inside the chief's
// grid): chief01 files a report in three taps (type, photo, send) and the case is on
// the server with its photo; a self-handled one goes straight to handled; then with the
// connection cut a report waits in the outbox, nothing reaches the server, and when the
// connection returns it is sent — the first answer lost on the way back — and the
// server holds exactly one such case.
import { pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { NO_BROWSER, screenshot, startWeb, waitForMap, type WebFixture } from './browser.ts';

type Grid = Feature<MultiPolygon, { code: string }> & { id: number };
const PHONE = { width: 390, height: 844 };

describe.skipIf(NO_BROWSER)(`field reporting on a phone in Chromium (${BACKEND})`, () => {
  let web: WebFixture;
  let page: Page;
  let at: [number, number];
  let since: Date;

  beforeAll(async () => {
    // Duplicate linking off: each report here is a case of its own.
    web = await startWeb(inject('seededStore'), { duplicateRadiusM: 0 });
    const chief = await web.app.login('chief01');
    const me = (await (await web.app.get('/api/auth/me', { token: chief })).json()) as { grids: { id: number }[] };
    const grid = (await (await web.app.get(`/api/grids/${me.grids[0]!.id}`, { token: chief })).json()) as Grid;
    at = pointOnFeature(grid).geometry.coordinates as [number, number];
    since = new Date(Date.now() - 1000);
    page = await web.open('/field', {
      user: 'chief01',
      viewport: PHONE,
      map: false,
      context: { isMobile: true, hasTouch: true, deviceScaleFactor: 2, geolocation: { longitude: at[0], latitude: at[1], accuracy: 8 }, permissions: ['geolocation'] },
    });
  });
  afterAll(async () => {
    await web?.close();
  });

  /** Cases chief01 filed in this test, of a type. */
  const filed = async (type: string) =>
    (await web.db.query<{ id: string; code: string; status: string; photos: number }>(
      `select c.id, c.code, c.status, (select count(*)::int from report_photos p where p.case_id = c.id) as photos
         from cases c join case_events e on e.case_id = c.id and e.from_status is null
        where c.type_code = $1 and c.reported_at >= $2 and e.note = 'recorded by chief01' order by c.id`,
      [type, since],
    )).rows;

  /** A real image for the camera input: a screenshot of the page itself. */
  const photo = async () => ({ name: 'scene.png', mimeType: 'image/png', buffer: await page.screenshot({ clip: { x: 0, y: 0, width: 390, height: 300 } }) });

  const outboxItem = (state: string) => page.locator(`[data-testid="outbox"] .outbox-item[data-state="${state}"]`);

  it('finds the position from the phone and shows it on the map', async () => {
    const where = page.locator('[data-testid="position"][data-source="gps"]');
    await where.waitFor({ timeout: 60_000 });
    expect(Number(await where.getAttribute('data-lon'))).toBeCloseTo(at[0], 6);
    expect(Number(await where.getAttribute('data-lat'))).toBeCloseTo(at[1], 6);
    await waitForMap(page);
    const center = await page.evaluate(() => window.__gridcityMap!.getCenter().toArray());
    expect(center[0]).toBeCloseTo(at[0], 4);
    expect(center[1]).toBeCloseTo(at[1], 4);
  });

  it('files a report in three taps: type, photo, send', async () => {
    await page.locator('[data-type="01010101"]').tap();
    await page.locator('[data-testid="camera"]').setInputFiles(await photo());
    await page.locator('[data-testid="photo-preview"]').waitFor();
    await screenshot(page, 'field');
    await page.locator('[data-action="send"]').tap();
    // Sent in two steps (the case, then its photo): done when both are there.
    await expect.poll(async () => (await filed('01010101'))[0]?.photos, { timeout: 30_000 }).toBe(1);
    const cs = await filed('01010101');
    expect(cs).toHaveLength(1);
    const c = cs[0];
    expect(c!.status).toBe('reported');
    expect(c!.photos).toBe(1);
    await page.locator('[role="status"]', { hasText: c!.code }).waitFor();
    // The case is at the phone's position.
    const g = await web.db.query<{ lon: number; lat: number }>('select st_x(geom) as lon, st_y(geom) as lat from cases where id = $1', [c!.id]);
    expect(g.rows[0]!.lon).toBeCloseTo(at[0], 6);
    expect(g.rows[0]!.lat).toBeCloseTo(at[1], 6);
  });

  it('self-handles on the spot when the type allows it, and not when it does not', async () => {
    await page.locator('[data-type="02020101"]').tap();
    // Street vending goes to enforcement: no self-handling offered.
    expect(await page.locator('[data-testid="self-handle"]').count()).toBe(0);
    await page.locator('[data-type="01010102"]').tap();
    await page.locator('[data-testid="self-handle"]').check();
    await page.locator('[data-testid="camera"]').setInputFiles(await photo());
    await page.locator('[data-testid="photo-preview"]').waitFor();
    await page.locator('[data-action="send"]').tap();
    await expect.poll(async () => (await filed('01010102'))[0]?.status, { timeout: 30_000 }).toBe('handled');
    const ev = await web.db.query<{ action: string; photo_url: string | null }>(
      `select action, photo_url from case_events where case_id = $1 order by id`, [(await filed('01010102'))[0]!.id]);
    const handled = ev.rows.find((e) => e.action === 'self_handle');
    expect(handled).toBeDefined();
    expect(handled!.photo_url).toMatch(/\/api\/photos\/\d+$/);
  });

  it('queues a report made offline and sends it once when the connection returns, through a lost answer', async () => {
    const context = page.context();
    await context.setOffline(true);
    await page.locator('[data-testid="offline"]').waitFor();
    await page.locator('[data-type="02020101"]').tap();
    await page.locator('[data-testid="camera"]').setInputFiles(await photo());
    await page.locator('[data-testid="photo-preview"]').waitFor();
    await page.locator('[data-action="send"]').tap();
    await page.locator('[data-tab="outbox"]').tap();
    await outboxItem('queued').waitFor();
    const queuedId = await outboxItem('queued').getAttribute('data-id');
    expect(await page.locator('[data-testid="outbox-count"]').textContent()).toBe('1');
    await screenshot(page, 'field-outbox');
    // Nothing reached the server while offline, however long the page tries.
    await page.waitForTimeout(3_000);
    expect(await filed('02020101')).toHaveLength(0);
    // The report survives a reload (IndexedDB), as it would a closed tab: checked in the store itself.
    const stored = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const req = indexedDB.open('gridcity-field');
          req.onsuccess = () => {
            const get = req.result.transaction('outbox').objectStore('outbox').getAll();
            get.onsuccess = () => resolve((get.result as { state: string }[]).filter((i) => i.state === 'queued').length);
          };
        }),
    );
    expect(stored).toBe(1);

    // Back online, the first answer to the case POST is lost: the server files the case,
    // the phone sees the connection drop and sends again with the same key.
    let lost = 0;
    let posts = 0;
    await page.route('**/api/cases', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posts += 1;
      if (lost === 0) {
        lost += 1;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await context.setOffline(false);
    const item = page.locator(`[data-testid="outbox"] .outbox-item[data-id="${queuedId}"]`);
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 60_000 }).toBe('sent');
    expect(lost).toBe(1);
    expect(posts).toBeGreaterThanOrEqual(2);
    const cases = await filed('02020101');
    expect(cases).toHaveLength(1);
    expect(cases[0]!.photos).toBe(1);
    expect(await item.textContent()).toContain(cases[0]!.code);
    expect(await page.locator('[data-testid="outbox-count"]').count()).toBe(0);
    await page.unroute('**/api/cases');
  });

  it('moves the point where the map is tapped, and back to the phone\'s position', async () => {
    const where = page.locator('[data-testid="position"]');
    const box = (await page.locator('[data-testid="map"]').boundingBox())!;
    // A spot up and left of the phone's point, clear of the case dots (a tap on a dot opens the case).
    const spot = await page.evaluate(([lon0, lat0]) => {
      const map = window.__gridcityMap!;
      type Layers = { id: string; props: { data: unknown } }[];
      const overlay = window.__gridcityOverlay as unknown as { _props: { layers: Layers } };
      const data = (overlay._props.layers.find((l) => l.id === 'field-nearby')?.props.data ?? []) as { c: { geometry: { coordinates: [number, number] } } }[];
      const dots = data.map((d) => map.project(d.c.geometry.coordinates));
      const me = map.project([lon0!, lat0!]);
      const { width, height } = map.getCanvas().getBoundingClientRect();
      for (const fy of [0.25, 0.35, 0.2, 0.15, 0.4]) {
        for (const fx of [0.2, 0.3, 0.15, 0.4, 0.1]) {
          const x = width * fx;
          const y = height * fy;
          if (x < me.x - 20 && y < me.y - 20 && dots.every((p) => Math.hypot(p.x - x, p.y - y) > 30)) return { x, y };
        }
      }
      return null;
    }, at);
    expect(spot).not.toBeNull();
    await page.touchscreen.tap(box.x + spot!.x, box.y + spot!.y);
    await expect.poll(() => where.getAttribute('data-source')).toBe('manual');
    const lon = Number(await where.getAttribute('data-lon'));
    const lat = Number(await where.getAttribute('data-lat'));
    expect(lon).toBeLessThan(at[0]);
    expect(lat).toBeGreaterThan(at[1]);
    await where.locator('button').tap();
    await expect.poll(() => where.getAttribute('data-source')).toBe('gps');
    expect(Number(await where.getAttribute('data-lon'))).toBeCloseTo(at[0], 6);
  });

  it('lists the open cases around the position, nearest first, and opens one', async () => {
    await page.locator('[data-tab="nearby"]').tap();
    const rows = page.locator('[data-testid="nearby"] li[data-case]');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const ids = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-case'))));
    const mine = [...(await filed('01010101')), ...(await filed('02020101'))].map((c) => Number(c.id));
    for (const id of mine) expect(ids).toContain(id);
    // The self-handled case is no longer open: not listed.
    expect(ids).not.toContain(Number((await filed('01010102'))[0]!.id));
    const metres = await rows.locator('.dist').allTextContents();
    const values = metres.map((m) => Number(m.replace(/[^0-9]/g, '')));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values[values.length - 1]).toBeLessThanOrEqual(500);
    await rows.first().locator('button').tap();
    await page.locator('.case-drawer').waitFor();
    await screenshot(page, 'field-nearby');
  });
});
