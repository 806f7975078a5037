// The residents' report page on a phone (390×844, touch, location granted inside the
// city), never signed in: a QR link names the community, the resident picks a type,
// takes the phone's position, adds a large photo (shrunk in the page below the
// server's limit), sends, gets a tracking code and follows it; staff close the case
// through the API; the resident rates it once. Prints the time from opening the QR
// link to the filed report. Then a refused location (a clear message, the pin at the
// community's centre), the rate limit's message, and the staff's poster sheets.
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { gridsOf, pointInGrid, type GridPoint } from '../server/components/points.ts';
import { NO_BROWSER, screenshot, startWeb, type WebFixture } from './browser.ts';

/** A loaded shared machine can hold the page for many seconds: poll generously. */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 60_000, interval: 200 });

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' };

describe.skipIf(NO_BROWSER)(`residents' report by QR code in Chromium (${BACKEND})`, () => {
  let web: WebFixture;
  let p: GridPoint;
  let community: { code: string; name: string };
  let tracking: string;
  let photoJpeg: Buffer;

  beforeAll(async () => {
    // Two reports an hour per address here, so the third shows the rate limit.
    web = await startWeb(inject('seededStore'), { publicReportsPerHour: 2 });
    p = await pointInGrid(web.db, (await gridsOf(web.db, 'chief01'))[0]!);
    community = (await web.db.query<{ code: string; name: string }>(
      'select a.code, a.name from grids g join admin_areas a on a.id = g.community_id where g.id = $1', [p.grid])).rows[0]!;
    // A phone-sized photo: 4000 × 3000, a sky-to-street gradient with sensor-like grain, a JPEG of several MB (over the server's 2 MiB).
    const maker = await web.browser.newPage();
    const b64 = await maker.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 4000;
      c.height = 3000;
      const g = c.getContext('2d')!;
      const img = g.createImageData(4000, 3000);
      let s = 7;
      for (let i = 0; i < img.data.length; i++) {
        s = (s * 1103515245 + 12345) & 0x7fffffff;
        const px = i >> 2;
        const y = Math.floor(px / 4000);
        const x = px % 4000;
        const base = [120 + (y >> 5), 160 - (y >> 5) + (x >> 6), 210 - (y >> 4)][i & 3] ?? 255;
        img.data[i] = (i & 3) === 3 ? 255 : Math.max(0, Math.min(255, base + ((s >> 8) % 41) - 20));
      }
      g.putImageData(img, 0, 0);
      const blob = await new Promise<Blob>((r) => c.toBlob((x) => r(x!), 'image/jpeg', 0.95));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let out = '';
      for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(out);
    });
    await maker.close();
    photoJpeg = Buffer.from(b64, 'base64');
  });
  afterAll(async () => {
    await web?.close();
  });

  async function phonePage(geolocation: boolean): Promise<Page> {
    const context = await web.browser.newContext({
      ...PHONE,
      ...(geolocation ? { geolocation: { longitude: p.lon, latitude: p.lat, accuracy: 10 }, permissions: ['geolocation'] } : {}),
    });
    context.setDefaultTimeout(90_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    return page;
  }

  it('files a report with a photo from a QR link, follows it, and rates it once closed', async () => {
    expect(photoJpeg.length).toBeGreaterThan(2 * 1024 * 1024);
    const page = await phonePage(true);

    const t0 = performance.now();
    await page.goto(`${web.app.url}/report?c=${community.code}`);
    const laps: string[] = [];
    let last = t0;
    const lap = (what: string) => {
      const now = performance.now();
      laps.push(`${what} ${Math.round(now - last)}`);
      last = now;
    };
    await poll(() => page.locator('[data-testid="place-name"]').textContent()).toBe(community.name);
    lap('page and place named');
    await page.locator('[data-type="litter"]').click();
    await page.locator('[data-action="locate"]').click();
    await poll(() => page.locator('[data-pin-by]').getAttribute('data-pin-by')).toBe('me');
    lap('type and position');
    await page.locator('[data-testid="photo-input"]').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photoJpeg });
    await page.locator('.report-photos figure').first().waitFor();
    lap('photo shrunk');
    await page.locator('textarea').fill('小区门口垃圾堆了三天');
    await page.locator('[data-action="submit"]').click();
    const codeEl = page.locator('[data-testid="tracking-code"]');
    await codeEl.waitFor();
    lap('sent');
    const filedMs = performance.now() - t0;
    tracking = (await codeEl.textContent())!.trim();
    console.log(`[report ${BACKEND}] QR link opened to report filed (place named, type, phone position, a ${(photoJpeg.length / 1048576).toFixed(1)} MB 4000×3000 photo shrunk, sent): ${Math.round(filedMs)} ms (${laps.join(', ')} ms)`);
    expect(tracking).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(await page.locator('[data-testid="tracking-code"]').evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(32);

    // The case as filed: on qr_scan, the phone's position, the QR code's community, one photo under the limit.
    const k = await web.db.transaction(async (tx) => {
      await tx.query(`select set_config('app.role', 'system', true)`);
      return (await tx.query<{ id: string; code: string; channel: string; type_code: string; lon: number; lat: number; grid_id: number; community: string; photo_bytes: number; description: string }>(
        `select c.id, c.code, c.channel, c.type_code, st_x(c.geom) as lon, st_y(c.geom) as lat, c.grid_id, r.community, c.description,
                (select max(length(ph.bytes)) from report_photos ph where ph.case_id = c.id)::int as photo_bytes
           from public_reports r join cases c on c.id = r.case_id where r.tracking_code = $1`, [tracking])).rows[0]!;
    });
    expect(k).toMatchObject({ channel: 'qr_scan', type_code: '01010101', grid_id: p.grid, community: community.code, description: '小区门口垃圾堆了三天' });
    expect(k.lon).toBeCloseTo(p.lon, 5);
    expect(k.lat).toBeCloseTo(p.lat, 5);
    expect(k.photo_bytes).toBeGreaterThan(10_000);
    expect(k.photo_bytes).toBeLessThan(1_500_000);
    console.log(`[report ${BACKEND}] photo: ${photoJpeg.length} bytes chosen, ${k.photo_bytes} bytes stored`);
    await screenshot(page, 'report-filed');

    // Follow it: the timeline in plain words, the deadline, no rating yet.
    await page.locator('[data-action="follow"]').click();
    await page.waitForURL(/\/track\?code=/);
    await poll(() => page.locator('[data-testid="timeline"] li').first().textContent()).toContain('我们收到了您的反映');
    expect(await page.locator('[data-testid="due"]').count()).toBe(1);
    expect(await page.locator('[data-action="rate"]').count()).toBe(0);
    expect(await page.locator('.track-case').textContent()).toContain('问题办结后可以评价');

    // Staff handle and close it through the API.
    const admin = await web.app.login('admin');
    for (const action of ['self_handle', 'check', 'close']) {
      const r = await web.app.request('POST', `/api/cases/${k.id}/transitions`, { token: admin, body: { action } });
      expect(r.status, `${action}: ${await r.clone().text()}`).toBe(200);
    }

    await page.reload();
    await poll(() => page.locator('[data-testid="timeline"] li').first().getAttribute('data-status')).toBe('closed');
    expect(await page.locator('[data-testid="timeline"] li').first().textContent()).toContain('问题已解决');
    await page.locator('[data-stars="4"]').click();
    await page.locator('.track-rate textarea').fill('处理很快');
    await screenshot(page, 'track');
    await page.locator('[data-action="rate"]').click();
    await poll(() => page.locator('.track-rated').getAttribute('data-rating')).toBe('4');
    expect(await page.locator('.track-rated').textContent()).toContain('谢谢您的评价');
    expect(await page.locator('[data-action="rate"]').count()).toBe(0);
    const after = (await (await web.app.get(`/api/public/reports/${tracking}`)).json()) as { rating: number; can_rate: boolean };
    expect(after).toMatchObject({ rating: 4, can_rate: false });
    expect((await web.app.request('POST', `/api/public/reports/${tracking}/rating`, { body: { rating: 1 } })).status).toBe(409);

    // The box finds it again by a typed code (lower case, with a space), in English.
    await page.goto(`${web.app.url}/track?lang=en`);
    await page.locator('[data-testid="code-input"]').fill(`${tracking.slice(0, 5).toLowerCase()} ${tracking.slice(5)}`);
    await page.locator('.track-box button').click();
    await poll(() => page.locator('.track-rated').textContent()).toContain('Your rating: 4 stars');
    await page.locator('[data-testid="code-input"]').fill('ABC');
    await page.locator('.track-box button').click();
    await poll(() => page.locator('[role="alert"]').textContent()).toContain('10 letters and digits');
    await page.context().close();
  });

  it('says clearly when the position is refused, files at the community centre, then shows the rate limit', async () => {
    const page = await phonePage(false);
    await page.goto(`${web.app.url}/report?c=${community.code}`);
    await poll(() => page.locator('[data-testid="place-name"]').textContent()).toBe(community.name);
    await poll(() => page.locator('[data-pin-by]').getAttribute('data-pin-by')).toBe('centre');
    await page.locator('[data-action="locate"]').click();
    await poll(() => page.locator('.geo-message').textContent()).toContain('定位权限被拒绝');
    // Sending without a type says what is missing.
    await page.locator('[data-action="submit"]').click();
    await poll(() => page.locator('.report-error').textContent()).toContain('请先选择问题类型');
    await page.locator('[data-type="lamp"]').click();
    await screenshot(page, 'report');
    await page.locator('[data-action="submit"]').click();
    await page.locator('[data-testid="tracking-code"]').waitFor();

    // The third report from this address within the hour.
    await page.goto(`${web.app.url}/report?c=${community.code}`);
    await page.locator('[data-type="bin"]').click();
    await poll(() => page.locator('[data-pin-by]').count()).toBe(1);
    await page.locator('[data-action="submit"]').click();
    await poll(() => page.locator('.report-error').textContent()).toMatch(/提交太频繁了，请 \d+ 分钟后再试/);
    await page.context().close();
  });

  it('shows the staff the QR posters of a street office, one A4 sheet each', async () => {
    const street = (await web.db.query<{ code: string }>(
      `select s.code from admin_areas a join admin_areas s on s.id = a.parent_id where a.code = $1`, [community.code])).rows[0]!.code;
    const officer = await web.app.login('officer');
    const api = (await (await web.app.get(`/api/posters?street=${street}`, { token: officer })).json()) as { count: number };
    const page = await web.open(`/posters?street=${street}`, { user: 'officer', map: false });
    await poll(() => page.locator('.poster-sheet').count()).toBe(api.count);
    await poll(() => page.locator(`.poster-sheet[data-code="${community.code}"]`).getAttribute('data-ready')).toBe('true');
    await page.locator('.poster-sheet img').first().evaluate((img: HTMLImageElement) => img.decode());
    await screenshot(page, 'posters');
    // Printed: no bar, each sheet one A4 page.
    await page.emulateMedia({ media: 'print' });
    const sheet = await page.locator('.poster-sheet').first().boundingBox();
    expect(await page.locator('.posters-bar').isVisible()).toBe(false);
    expect(Math.round(sheet!.width)).toBe(Math.round((210 / 25.4) * 96));
  });
});
