// Channel adapters over HTTP: a CSV batch on a batch channel and GeoReport v2 requests
// on the hotline become cases on their channel through the case write path; a batch
// sent again lands once; a batch with one bad record files nothing; media types,
// unknown channels and roles are refused.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { gridsOf, pointInGrid, type GridPoint } from '../components/points.ts';

interface Answer { channel: string; adapter: string; received: number; created: number; replayed: number; cases: { record: number; external_id: string; case_id: number; code: string; replay: boolean }[] }

describe(`intake channel adapters (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const tokens: Record<string, string> = {};
  let p: GridPoint;
  let q: GridPoint;

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    for (const u of ['officer', 'chief01']) tokens[u] = await app.login(u);
    const grids = await gridsOf(db, 'chief01');
    p = await pointInGrid(db, grids[0]!);
    q = await pointInGrid(db, grids[0]! + 1);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const caseCount = async () => (await db.query<{ n: number }>('select count(*)::int as n from cases')).rows[0]!.n;
  const post = (channel: string, body: string, type: string, token = tokens.officer) =>
    app.request('POST', `/api/intake/${channel}`, { token, body, headers: { 'content-type': type } });
  const csvFile = () => '工单编号,问题类型,问题描述,经度,纬度,上报时间,反映人,联系电话\n'
    + `WY-1,暴露垃圾,小区门口垃圾堆放,${p.lon},${p.lat},,张三,13800001111\n`
    + `WY-2,流动摊贩,,${q.lon},${q.lat},,,\n`;

  it('files a CSV batch as cases on the channel, and the same batch again lands once', async () => {
    const before = await caseCount();
    const r = await post('property_manager', csvFile(), 'text/csv; charset=utf-8');
    const text = await r.text();
    expect(r.status, text).toBe(201);
    const a = JSON.parse(text) as Answer;
    expect(a).toMatchObject({ channel: 'property_manager', adapter: 'csv', received: 2, created: 2, replayed: 0 });
    expect(await caseCount()).toBe(before + 2);
    const rows = (await db.query<{ channel: string; type_code: string; grid_id: number; description: string; reporter_name: string | null }>(
      'select channel, type_code, grid_id, description, reporter_name from cases where id = any($1::int8[]) order by id', [a.cases.map((c) => c.case_id)])).rows;
    expect(rows).toEqual([
      { channel: 'property_manager', type_code: '01010101', grid_id: p.grid, description: '小区门口垃圾堆放', reporter_name: '张三' },
      { channel: 'property_manager', type_code: '02020101', grid_id: q.grid, description: '流动摊贩', reporter_name: null },
    ]);
    const again = await post('property_manager', csvFile(), 'text/csv');
    expect(again.status).toBe(200);
    const b = (await again.json()) as Answer;
    expect(b).toMatchObject({ created: 0, replayed: 2 });
    expect(b.cases.map((c) => c.case_id)).toEqual(a.cases.map((c) => c.case_id));
    expect(await caseCount()).toBe(before + 2);
    // The same external id on another channel is another record.
    const other = await post('city_portal', csvFile(), 'text/csv');
    expect(((await other.json()) as Answer).created).toBe(2);
  });

  it('files hotline requests (GeoReport v2) through the Open311 adapter, once per work-order number', async () => {
    const before = await caseCount();
    const body = JSON.stringify([
      { 'attribute[external_id]': 'GD-9001', service_code: '01010101', lat: p.lat, long: p.lon, description: '路边暴露垃圾', phone: '13800003333' },
      { 'attribute[external_id]': 'GD-9001', service_code: '01010101', lat: p.lat, long: p.lon },
    ]);
    const r = await post('hotline_12345', body, 'application/json');
    const text = await r.text();
    expect(r.status, text).toBe(201);
    const a = JSON.parse(text) as Answer;
    expect(a).toMatchObject({ adapter: 'open311', received: 2, created: 1, replayed: 1 });
    expect(a.cases[0]!.case_id).toBe(a.cases[1]!.case_id);
    expect(await caseCount()).toBe(before + 1);
    const k = (await db.query<{ channel: string }>('select channel from cases where id = $1', [a.cases[0]!.case_id])).rows[0]!;
    expect(k.channel).toBe('hotline_12345');
  });

  it('refuses a batch with a bad record as a whole, naming every problem; wrong media type, unknown channel, role', async () => {
    const before = await caseCount();
    const bad = `工单编号,问题类型,经度,纬度\nOK-1,暴露垃圾,${p.lon},${p.lat}\nBAD-1,外星人,${p.lon},${p.lat}\nBAD-2,暴露垃圾,abc,${p.lat}\n`;
    const r = await post('property_manager', bad, 'text/csv');
    const text = await r.text();
    expect(r.status, text).toBe(422);
    const e = JSON.parse(text) as { error: { details: { problems: { line: number; field: string; reason: string }[] } } };
    expect(e.error.details.problems.map((x) => [x.line, x.field, x.reason])).toEqual([[3, '问题类型', 'unknown_type'], [4, '经度', 'not_a_number']]);
    const future = `工单编号,问题类型,经度,纬度,上报时间\nF-1,暴露垃圾,${p.lon},${p.lat},2099-01-01 08:00\n`;
    expect((await post('property_manager', future, 'text/csv')).status).toBe(422);
    expect(await caseCount()).toBe(before);
    expect((await post('property_manager', '{}', 'application/json')).status).toBe(415);
    expect((await post('hotline_12345', 'a,b', 'text/csv')).status).toBe(415);
    expect((await post('ai_camera', 'a', 'text/csv')).status).toBe(404);
    expect((await post('property_manager', csvFile(), 'text/csv', tokens.chief01)).status).toBe(403);
    const ch = await app.get('/api/intake/channels', { token: tokens.officer });
    expect(((await ch.json()) as { channels: { channel: string }[] }).channels.map((c) => c.channel)).toContain('property_manager');
  });
});
