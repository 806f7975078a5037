// Residents' reports without an account: a case on channel qr_scan answered with a
// tracking code; following it shows public fields only (never the contact details);
// rating once closed, once; rate limit per address; validation.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { gridsOf, pointInGrid, type GridPoint } from '../components/points.ts';

describe(`public reports (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let p: GridPoint;

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db, { publicReportsPerHour: 3 });
    p = await pointInGrid(db, (await gridsOf(db, 'chief01'))[0]!);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const report = (extra: Record<string, unknown> = {}) => app.request('POST', '/api/public/reports', {
    body: { type_code: '01010101', lon: p.lon, lat: p.lat, description: '楼下垃圾堆了三天', community: 'C0101', name: '李四', phone: '13900001234', ...extra },
  });

  it('files a report without an account, answers a tracking code, and shows its progress without personal data; rating once closed', async () => {
    const r = await report();
    const text = await r.text();
    expect(r.status, text).toBe(201);
    const a = JSON.parse(text) as { tracking_code: string; case_code: string; status_url: string };
    expect(a.tracking_code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    const k = (await db.query<{ channel: string; grid_id: number; reporter_phone: string; status: string; id: string }>(
      'select id, channel, grid_id, reporter_phone, status from cases where code = $1', [a.case_code])).rows[0]!;
    expect(k).toMatchObject({ channel: 'qr_scan', grid_id: p.grid, reporter_phone: '13900001234', status: 'reported' });

    const g = await app.get(a.status_url);
    const gt = await g.text();
    expect(g.status, gt).toBe(200);
    expect(gt).not.toMatch(/13900001234|李四/);
    expect(JSON.parse(gt)).toMatchObject({ tracking_code: a.tracking_code, case_code: a.case_code, status: 'reported', rating: null, can_rate: false });
    // The problem's name in the page's language.
    const names = await db.query<{ name_zh: string; name_en: string }>('select name_zh, name_en from case_types where code = $1', ['01010101']);
    const zh = (await (await app.get(a.status_url)).json()) as { request: { service_name: string } };
    const en = (await (await app.get(`${a.status_url}?lang=en`)).json()) as { request: { service_name: string } };
    expect([zh.request.service_name, en.request.service_name]).toEqual([names.rows[0]!.name_zh, names.rows[0]!.name_en]);
    expect((await app.get(`${a.status_url}?lang=fr`)).status).toBe(400);
    expect((await app.get('/api/public/reports/ABCDEFGHJK')).status).toBe(404);
    expect((await app.get('/api/public/reports/abc')).status).toBe(400);

    const rate = (body: unknown) => app.request('POST', `${a.status_url}/rating`, { body });
    expect((await rate({ rating: 5 })).status).toBe(409);
    await db.transaction(async (tx) => {
      await tx.query(`select set_config('app.role', 'system', true)`);
      await tx.query(`update cases set status = 'closed', closed_at = now() where id = $1`, [k.id]);
    });
    expect(((await (await app.get(a.status_url)).json()) as { can_rate: boolean }).can_rate).toBe(true);
    expect((await rate({ rating: 9 })).status).toBe(422);
    const ok = await rate({ rating: 4, comment: '处理及时' });
    expect(ok.status, await ok.text()).toBe(200);
    expect((await rate({ rating: 1 })).status).toBe(409);
    expect(await (await app.get(a.status_url)).json()).toMatchObject({ rating: 4, can_rate: false });
  });

  it('keeps photos without their location metadata, for staff only', async () => {
    const gps = Buffer.from('Exif\0\0MM\0*GPSLatitude 27.7313');
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, gps.length + 2]), gps]);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), app1, Buffer.from([0xff, 0xda, 0, 4, 1, 2, 9, 9, 0xff, 0xd9])]);
    expect((await report({ photos: ['R0lGODlhAQABAAAAACw='] })).status).toBe(422);
    const r = await report({ photos: [`data:image/jpeg;base64,${jpeg.toString('base64')}`] });
    const text = await r.text();
    expect(r.status, text).toBe(201);
    const { case_code: code } = JSON.parse(text) as { case_code: string };
    const url = (await db.transaction(async (tx) => {
      await tx.query(`select set_config('app.role', 'system', true)`);
      return (await tx.query<{ photo_url: string }>('select e.photo_url from case_events e join cases c on c.id = e.case_id where c.code = $1 and e.from_status is null', [code])).rows[0]!.photo_url;
    }));
    expect(url).toMatch(/^\/api\/photos\/\d+$/);
    expect((await app.get(url)).status).toBe(401);
    const got = await app.get(url, { token: await app.login('officer') });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await got.arrayBuffer());
    expect(bytes.toString('latin1')).not.toMatch(/GPS|Exif/);
    expect([...bytes]).toEqual([0xff, 0xd8, 0xff, 0xda, 0, 4, 1, 2, 9, 9, 0xff, 0xd9]);
  });

  it('refuses bad reports and limits reports per address', async () => {
    expect((await report({ type_code: 'abc' })).status).toBe(422);
    expect((await report({ lat: 91 })).status).toBe(422);
    expect((await report({ photo_url: 'javascript:alert(1)' })).status).toBe(422);
    expect((await report({ lon: 0, lat: 0 })).status).toBe(400);
    // Three per hour in this test's configuration; two were filed above.
    expect((await report()).status).toBe(201);
    const limited = await report();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
