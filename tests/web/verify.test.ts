// The verification queue in a real browser: detections a camera network posts through
// the API (with a device key) become candidates; there is no case until the officer
// confirms one in the UI; then the case exists with the detections attached and opens
// in the case drawer; a rejected candidate (with a reason) makes no case; one below the
// threshold is not offered; the detector's precision reads 1 of 2.
import { pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { NO_BROWSER, screenshot, startWeb, type WebFixture } from './browser.ts';

type Grid = Feature<MultiPolygon, { code: string }> & { id: number };
const DETECTOR = 'verify-test-vision';
const FRAMES = 'https://camera.example.test/';

interface Ingested {
  candidate: { id: number; status: string; case_id: number | null };
}

describe.skipIf(NO_BROWSER)(`verification queue in Chromium (${BACKEND})`, () => {
  let web: WebFixture;
  let page: Page;
  let key: string;
  let officer: string;
  const ids = { a: 0, b: 0, low: 0 };

  beforeAll(async () => {
    web = await startWeb(inject('seededStore'), { duplicateRadiusM: 0 });
    const admin = await web.app.login('admin');
    officer = await web.app.login('officer');
    const made = await web.app.request('POST', '/api/open311/clients', { token: admin, body: { name: 'verify test cameras', channel: 'ai_camera' } });
    expect(made.status).toBe(201);
    key = ((await made.json()) as { api_key: string }).api_key;
    const grids = ((await (await web.app.get('/api/grids?limit=3', { token: admin })).json()) as { features: Grid[] }).features;
    const [p, q, r] = grids.map((g) => pointOnFeature(g).geometry.coordinates as [number, number]);
    const now = Date.now();
    const send = async (extra: Record<string, unknown>) => {
      const res = await web.app.request('POST', '/api/detections', {
        headers: { 'x-api-key': key },
        body: { source_kind: 'camera', detector: DETECTOR, detector_version: '1.0', detected_at: new Date(now - 60_000).toISOString(), ...extra },
      });
      expect(res.status, await res.clone().text()).toBeLessThanOrEqual(201);
      return ((await res.json()) as Ingested).candidate.id;
    };
    // A: exposed litter seen twice by one camera (merged into one candidate), B: vending, low: below the threshold.
    ids.a = await send({ source_id: 'cam-A', external_id: 'a1', type_code: '01010101', confidence: 0.82, image_url: `${FRAMES}a1.png`, lon: p![0], lat: p![1] });
    expect(await send({ source_id: 'cam-A', external_id: 'a2', type_code: '01010101', confidence: 0.91, image_url: `${FRAMES}a2.png`, lon: p![0] + 0.00005, lat: p![1] })).toBe(ids.a);
    ids.b = await send({ source_id: 'cam-B', external_id: 'b1', type_code: '02020101', confidence: 0.77, image_url: `${FRAMES}b1.png`, lon: q![0], lat: q![1] });
    ids.low = await send({ source_id: 'cam-C', external_id: 'c1', type_code: '01010102', confidence: 0.3, image_url: `${FRAMES}c1.png`, lon: r![0], lat: r![1] });
  });
  afterAll(async () => {
    await web?.close();
  });

  const candidate = async (id: number) =>
    (await web.db.query<{ status: string; case_id: string | null; reason: string | null }>('select status, case_id, reason from detection_candidates where id = $1', [id])).rows[0]!;
  const camCases = async () => (await web.db.query<{ n: number }>(`select count(*)::int as n from cases where channel = 'ai_camera' and description like $1`, [`%${DETECTOR}%`])).rows[0]!.n;

  it('offers the candidates above the threshold with their frames, and no case exists yet', async () => {
    expect(await camCases()).toBe(0);
    expect((await candidate(ids.a)).case_id).toBeNull();
    page = await web.open('/verify', { user: 'officer' });
    // The camera's frames, served to the browser from the "camera network".
    const painter = await page.context().newPage();
    await painter.setContent('<body style="margin:0"><div style="width:160px;height:120px;background:linear-gradient(160deg,#9fb3c8,#486581 60%,#334e68);position:relative"><div style="position:absolute;left:58px;top:70px;width:44px;height:26px;background:#b45309;border-radius:6px"></div></div></body>');
    const png = await painter.screenshot({ clip: { x: 0, y: 0, width: 160, height: 120 } });
    await painter.close();
    await page.route(`${FRAMES}**`, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: png }));
    await page.reload();
    const a = page.locator(`[data-candidate="${ids.a}"]`);
    await a.waitFor();
    expect(await page.locator(`[data-candidate="${ids.b}"]`).count()).toBe(1);
    expect(await page.locator(`[data-candidate="${ids.low}"]`).count()).toBe(0);
    expect(await a.textContent()).toContain('0.91');
    expect(await a.textContent()).toContain(DETECTOR);
    const imgs = a.locator('.frames img');
    expect(await imgs.count()).toBe(2);
    await expect.poll(() => imgs.first().evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
    await a.locator('button.link').click();
    await screenshot(page, 'verify');
  });

  it('shows the command centre the queue without the buttons to decide', async () => {
    const wall = await web.open('/verify', { user: 'command', map: false });
    await wall.locator(`[data-candidate="${ids.a}"]`).waitFor();
    expect(await wall.locator('[data-action="confirm"], [data-action="reject"]').count()).toBe(0);
    await wall.context().close();
  });

  it('confirming registers a case with the detections attached and opens it', async () => {
    await page.locator(`[data-candidate="${ids.a}"] [data-action="confirm"]`).click();
    const drawer = page.locator('[data-testid="case-drawer"]');
    await drawer.waitFor();
    const c = await candidate(ids.a);
    expect(c.status).toBe('confirmed');
    expect(c.case_id).not.toBeNull();
    expect(await drawer.getAttribute('data-case')).toBe(String(c.case_id));
    const code = (await web.db.query<{ code: string }>('select code from cases where id = $1', [c.case_id])).rows[0]!.code;
    await page.locator('[role="status"]', { hasText: code }).waitFor();
    const attach = await web.db.query<{ data: { detection_ids: number[]; candidate_id: number } }>(
      `select data from case_events where case_id = $1 and action = 'attach_detections'`, [c.case_id]);
    expect(attach.rows).toHaveLength(1);
    expect(attach.rows[0]!.data.candidate_id).toBe(ids.a);
    expect(attach.rows[0]!.data.detection_ids).toHaveLength(2);
    expect(await camCases()).toBe(1);
    // Gone from the queue.
    expect(await page.locator(`[data-candidate="${ids.a}"]`).count()).toBe(0);
    await screenshot(page, 'verify-confirmed');
    await drawer.locator('button', { hasText: /关闭|×/ }).first().click().catch(() => undefined);
  });

  it('rejecting with a reason makes no case; the precision reads 1 of 2', async () => {
    const b = page.locator(`[data-candidate="${ids.b}"]`);
    await b.locator('[data-action="reject"]').click();
    expect(await b.locator('[data-action="send-reject"]').isDisabled()).toBe(true);
    await b.locator('.reasons button').first().click();
    await b.locator('[data-action="send-reject"]').click();
    await expect.poll(async () => (await candidate(ids.b)).status).toBe('rejected');
    expect((await candidate(ids.b)).reason).toBe('误报');
    expect((await candidate(ids.b)).case_id).toBeNull();
    expect(await camCases()).toBe(1);
    await expect.poll(() => page.locator(`[data-candidate="${ids.b}"]`).count()).toBe(0);
    const row = page.locator(`[data-testid="precision"] tr[data-detector="${DETECTOR}"]`);
    await expect.poll(() => row.locator('td').allTextContents(), { timeout: 30_000 }).toEqual([DETECTOR, '50.0%', '1', '1', '1']);
    // The API agrees with the table.
    const p = (await (await web.app.get(`/api/detections/precision?detector=${DETECTOR}`, { token: officer })).json()) as { detectors: { precision: number }[] };
    expect(p.detectors[0]!.precision).toBe(0.5);
  });
});
