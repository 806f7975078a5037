// Open311 GeoReport v2: discovery, services and definitions with the spec's fields in
// JSON and XML; filing with an API key (a case in the right grid on the client's
// channel), following it; API keys made and revoked by an admin; refusals as Open311
// errors (400, 403, 404) that write nothing; the filters of GET requests; extended
// attributes; and no reporter's name or phone, e-mail, event actor or note in any answer.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_KEY } from '../../../server/open311/clients.ts';
import { w3 } from '../../../server/open311/format.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { childrenOf, childText, parseXml, type XmlElement } from '../../helpers/xml.ts';
import { gridsOf, pointInGrid, unitsByGeometry, type GridPoint } from '../components/points.ts';

const LEAF = '01010101';
const SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'];
const REQUEST_FIELDS = ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible',
  'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'];
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const W3 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;

type Json = Record<string, unknown>;

describe(`Open311 GeoReport v2 (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const tokens: Record<string, string> = {};
  let inside: GridPoint;

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    for (const u of ['admin', 'officer', 'public']) tokens[u] = await app.login(u);
    inside = await pointInGrid(db, (await gridsOf(db, 'chief01'))[0]!);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const get = (path: string) => app.get(`/open311/v2/${path}`);
  const post = (format: 'json' | 'xml', fields: Record<string, string>, server = app) =>
    server.request('POST', `/open311/v2/requests.${format}`, { body: new URLSearchParams(fields).toString(), headers: { 'content-type': FORM } });
  const json = async <T = Json[]>(r: Response, status = 200): Promise<T> => {
    const text = await r.text();
    expect(r.status, text).toBe(status);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return JSON.parse(text) as T;
  };
  const xml = async (r: Response, status = 200): Promise<XmlElement> => {
    const text = await r.text();
    expect(r.status, text).toBe(status);
    expect(r.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    return parseXml(text);
  };
  /** An Open311 error answer: [{code, description}] in JSON, <errors><error> in XML. */
  const expectErrors = async (r: Response, status: number, description: RegExp) => {
    if (r.headers.get('content-type')?.startsWith('text/xml')) {
      const root = await xml(r, status);
      expect(root.name).toBe('errors');
      const errors = childrenOf(root, 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(childText(e, 'code')).toBe(String(status));
      expect(errors.map((e) => childText(e, 'description')).join(' | ')).toMatch(description);
      return;
    }
    const body = await json<{ code: number; description: string }[]>(r, status);
    expect(Array.isArray(body)).toBe(true);
    for (const e of body) expect(Object.keys(e).sort()).toEqual(['code', 'description']);
    expect(body.every((e) => e.code === status)).toBe(true);
    expect(body.map((e) => e.description).join(' | ')).toMatch(description);
  };
  const caseCount = async () => (await db.query<{ n: number }>('select count(*)::int as n from cases')).rows[0]!.n;
  const fields = (extra: Record<string, string> = {}) => ({
    api_key: DEMO_KEY, service_code: LEAF, lat: String(inside.lat), long: String(inside.lon), description: '井盖缺失，存在安全隐患', ...extra,
  });
  /** The children of an XML element as {name: text} (checks each field appears once). */
  const xmlFields = (el: XmlElement, names: string[]) => Object.fromEntries(names.map((n) => [n, childText(el, n)]));

  it('answers discovery, services and a service definition with the spec\'s fields, in JSON and XML', async () => {
    const discovery = await json<Json>(await get('discovery.json'));
    const endpoint = (discovery.endpoints as Json[])[0]!;
    expect(endpoint).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] });
    expect(endpoint.url).toBe(`${app.url}/open311/v2`);
    expect(discovery.key_service).toContain(DEMO_KEY);
    const dx = await xml(await get('discovery.xml'));
    expect(childText(childrenOf(childrenOf(dx, 'endpoints')[0]!, 'endpoint')[0]!, 'specification')).toBe('http://wiki.open311.org/GeoReport_v2');

    const leaves = (await db.query<{ n: number }>('select count(*)::int as n from case_types where level = 4')).rows[0]!.n;
    const services = await json(await get('services.json'));
    expect(services).toHaveLength(leaves);
    for (const s of services) {
      expect(Object.keys(s).sort()).toEqual([...SERVICE_FIELDS].sort());
      expect(s).toMatchObject({ metadata: true, type: 'realtime' });
      expect(String(s.service_code)).toMatch(/^\d{8}$/);
    }
    expect(services.find((s) => s.service_code === LEAF)).toEqual({
      service_code: LEAF, service_name: '暴露垃圾', description: '环卫 › 道路与公共场所保洁 › 道路保洁 › 暴露垃圾', metadata: true, type: 'realtime',
      keywords: '道路保洁, 道路与公共场所保洁, 环卫', group: '环卫 › 道路与公共场所保洁',
    });
    const en = await json(await get('services.json?lang=en'));
    expect(en.find((s) => s.service_code === LEAF)).toMatchObject({ service_name: 'Exposed litter', group: 'Sanitation (city appearance and environmental hygiene) > Street and public-space cleaning' });
    expect((await json(await get('services.json?locale=en_US'))).find((s) => s.service_code === LEAF)!.service_name).toBe('Exposed litter');
    const sx = await xml(await get('services.xml'));
    expect(sx.name).toBe('services');
    const items = childrenOf(sx, 'service');
    expect(items).toHaveLength(leaves);
    expect(xmlFields(items.find((s) => childText(s, 'service_code') === LEAF)!, SERVICE_FIELDS)).toEqual({
      service_code: LEAF, service_name: '暴露垃圾', description: '环卫 › 道路与公共场所保洁 › 道路保洁 › 暴露垃圾', metadata: 'true', type: 'realtime',
      keywords: '道路保洁, 道路与公共场所保洁, 环卫', group: '环卫 › 道路与公共场所保洁',
    });

    const def = await json<Json>(await get(`services/${LEAF}.json`));
    expect(def).toEqual({
      service_code: LEAF,
      attributes: [{ variable: true, code: 'component_code', datatype: 'string', required: false, datatype_description: '16位数字', order: 1, description: expect.stringContaining('部件'), values: [] }],
    });
    const defx = await xml(await get(`services/${LEAF}.xml?lang=en`));
    expect(defx.name).toBe('service_definition');
    const attr = childrenOf(childrenOf(defx, 'attributes')[0]!, 'attribute')[0]!;
    expect(xmlFields(attr, ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order'])).toEqual({
      variable: 'true', code: 'component_code', datatype: 'string', required: 'false', datatype_description: '16 digits', order: '1',
    });

    await expectErrors(await get('services/0101.json'), 400, /service_code 0101 is a level-2 category, not a service; use one of the services below it, such as 0101\d{4}/);
    await expectErrors(await get('services/99999999.xml'), 404, /service_code 99999999 is not a service/);
    await expectErrors(await get('services.csv'), 400, /format must be one of json, xml/);
    await expectErrors(await get('services.xml?color=red'), 400, /unknown query parameter "color"/);
    await expectErrors(await get('services.json?lang=fr'), 400, /lang must match/);
    await expectErrors(await app.request('DELETE', '/open311/v2/services.json'), 405, /./);
    await expectErrors(await get('nothing.xml'), 404, /no resource at GET \/open311\/v2\/nothing\.xml/);
    // The rest of the API keeps its own error body.
    const api = await app.get('/api/nothing');
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('not_found');
  });

  it('files a request with the demo key: a case in the right grid on the client\'s channel, followed with GET requests/{id}', async () => {
    const component = (await db.query<{ id: string; code: string }>('select id, code from components order by id limit 1')).rows[0]!;
    const media = 'https://img.example.cn/reports/1.jpg?size=large&v=2';
    const r = await post('json', fields({
      address_string: '乐坪街道建设路125号', media_url: media, first_name: '三', last_name: '张', phone: '138 0000 0000', email: 'zhangsan@example.cn',
      device_id: 'device-9', account_id: 'acct-7', jurisdiction_id: 'loudi.gov.cn', 'attribute[component_code]': component.code.trim(),
    }));
    const answer = await json(r, 201);
    expect(answer).toHaveLength(1);
    expect(Object.keys(answer[0]!).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
    const id = answer[0]!.service_request_id as string;
    expect(id).toMatch(/^\d{14}$/);
    expect(answer[0]).toMatchObject({ account_id: 'acct-7', service_notice: '30分钟内响应，24小时内处置完毕。' });
    expect(r.headers.get('location')).toBe(`/open311/v2/requests/${id}.json`);

    // In the database: located like any other case, on the demo client's channel.
    const row = (await db.query<Json>(
      `select c.id, c.channel, c.type_code, c.status, c.grid_id, c.subgrid_id, c.block_id, c.reporter_name, c.reporter_phone, c.address,
              c.component_id, k.name as client, st_x(c.geom) as lon, st_y(c.geom) as lat
         from cases c join open311_clients k on k.id = c.open311_client_id where c.code = $1`, [id])).rows[0]!;
    const truth = await unitsByGeometry(db, inside.lon, inside.lat);
    expect(truth.grid).toBe(inside.grid);
    expect(row).toMatchObject({
      channel: 'hotline_12345', type_code: LEAF, status: 'reported', grid_id: truth.grid, subgrid_id: truth.subgrid, block_id: truth.block,
      reporter_name: '张三', reporter_phone: '138 0000 0000', address: '乐坪街道建设路125号', component_id: component.id, client: 'gridcity demo',
      lon: inside.lon, lat: inside.lat,
    });
    const events = await db.query('select actor, from_status, to_status, note, photo_url from case_events where case_id = $1', [row.id]);
    expect(events.rows).toEqual([{ actor: 'channel:hotline_12345', from_status: null, to_status: 'reported', note: 'recorded by open311:gridcity demo', photo_url: media }]);
    const kept = await db.query('select account_id, device_id, email from open311_submissions where case_id = $1', [row.id]);
    expect(kept.rows).toEqual([{ account_id: 'acct-7', device_id: 'device-9', email: 'zhangsan@example.cn' }]);

    // Followed as a service request, in JSON and XML, with every field of the spec.
    const one = await json(await get(`requests/${id}.json`));
    expect(one).toHaveLength(1);
    const req = one[0]!;
    expect(Object.keys(req).sort()).toEqual([...REQUEST_FIELDS].sort());
    expect(req).toMatchObject({
      service_request_id: id, status: 'open', status_notes: '已上报，待核实', service_name: '暴露垃圾', service_code: LEAF, description: '井盖缺失，存在安全隐患',
      agency_responsible: '环境卫生管理处', service_notice: '30分钟内响应，24小时内处置完毕。', address: '乐坪街道建设路125号', address_id: null, zipcode: null,
      lat: inside.lat, long: inside.lon, media_url: media,
    });
    for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(req[k], k).toMatch(W3);
    expect(Date.parse(req.expected_datetime as string) - Date.parse(req.requested_datetime as string)).toBe(24 * 3_600_000);
    const x = await xml(await get(`requests/${id}.xml`));
    expect(x.name).toBe('service_requests');
    const xr = childrenOf(x, 'request');
    expect(xr).toHaveLength(1);
    expect(xmlFields(xr[0]!, REQUEST_FIELDS)).toEqual(Object.fromEntries(REQUEST_FIELDS.map((k) => [k, req[k] === null ? '' : String(req[k])])));

    // Filed in XML: the answer in XML.
    const px = await xml(await post('xml', fields({ description: 'XML 客户端' })), 201);
    expect(px.name).toBe('service_requests');
    const created = childrenOf(px, 'request')[0]!;
    expect(childText(created, 'service_request_id')).toMatch(/^\d{14}$/);
    expect(childText(created, 'account_id')).toBe('');
    expect((await json(await get(`requests/${childText(created, 'service_request_id')}.json`)))[0]!.description).toBe('XML 客户端');

    await expectErrors(await get('requests/20990101000001.json'), 404, /no service request 20990101000001/);
    await expectErrors(await get('requests/abc.xml'), 400, /service_request_id must match/);
  });

  it('makes and revokes API keys (admins only); a client files on its own channel, also with a JSON body', async () => {
    const made = await app.request('POST', '/api/open311/clients', { token: tokens.admin, body: { name: 'WeChat mini program', channel: 'wechat' } });
    expect(made.status, await made.clone().text()).toBe(201);
    const client = (await made.json()) as Json;
    expect(client).toMatchObject({ name: 'WeChat mini program', channel: 'wechat', created_by: 'admin', revoked_at: null, requests: 0 });
    const key = client.api_key as string;
    expect(key).toMatch(/^gc311_[A-Za-z0-9_-]{43}$/);
    expect(client.key_hint).toBe(key.slice(0, 10));
    const stored = await db.query<{ key_hash: string }>('select key_hash from open311_clients where id = $1', [client.id]);
    expect(stored.rows[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored.rows)).not.toContain(key);

    const r = await app.request('POST', '/open311/v2/requests.json', {
      body: { api_key: key, service_code: '01010102', lat: inside.lat, long: inside.lon, description: '道路不洁', account_id: 'wx-1' },
    });
    const [filed] = await json(r, 201);
    const channel = async (code: unknown) => (await db.query<{ channel: string }>('select channel from cases where code = $1', [code])).rows[0]!.channel;
    expect(await channel(filed!.service_request_id)).toBe('wechat');

    const patched = await app.request('PATCH', `/api/open311/clients/${client.id}`, { token: tokens.admin, body: { channel: 'city_app' } });
    expect(patched.status).toBe(200);
    const [again] = await json(await post('json', fields({ api_key: key })), 201);
    expect(await channel(again!.service_request_id)).toBe('city_app');
    expect((await app.request('PATCH', `/api/open311/clients/${client.id}`, { token: tokens.admin, body: { channel: 'pigeon' } })).status).toBe(422);
    expect((await app.request('POST', '/api/open311/clients', { token: tokens.admin, body: { name: 'WeChat mini program' } })).status).toBe(409);
    expect((await app.request('POST', '/api/open311/clients', { token: tokens.admin, body: { name: 'x', key_hash: 'f'.repeat(64) } })).status).toBe(422);

    const list = (await (await app.get('/api/open311/clients', { token: tokens.admin })).json()) as { clients: Json[] };
    expect(list.clients.find((c) => c.id === client.id)).toMatchObject({ channel: 'city_app', requests: 2 });
    expect(JSON.stringify(list)).not.toContain(key);

    for (const [token, status] of [[tokens.officer, 403], [tokens.public, 403], [undefined, 401]] as const) {
      expect((await app.get('/api/open311/clients', { token })).status).toBe(status);
      expect((await app.request('POST', '/api/open311/clients', { token, body: { name: 'sneaky' } })).status).toBe(status);
      expect((await app.request('POST', `/api/open311/clients/${client.id}/revoke`, { token })).status).toBe(status);
    }

    const revoked = await app.request('POST', `/api/open311/clients/${client.id}/revoke`, { token: tokens.admin });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()) as Json).toMatchObject({ revoked_by: 'admin', revoked_at: expect.stringMatching(/Z$/) });
    const before = await caseCount();
    await expectErrors(await post('json', fields({ api_key: key })), 403, /invalid api_key: it is unknown or has been revoked/);
    expect(await caseCount()).toBe(before);
    expect((await app.request('POST', '/api/open311/clients/999999/revoke', { token: tokens.admin })).status).toBe(404);
  });

  it('refuses a missing or unknown key with 403 before looking at the request, and the demo key outside demo mode', async () => {
    const before = await caseCount();
    await expectErrors(await post('json', fields({ api_key: '' })), 403, /api_key is required/);
    await expectErrors(await post('xml', { service_code: LEAF }), 403, /api_key is required/);
    await expectErrors(await post('json', { api_key: 'gc311_nope', lat: 'abc' }), 403, /invalid api_key/);
    const production = await startApp(db, { demo: false });
    try {
      await expectErrors(await post('xml', fields(), production), 403, /the demo api_key is accepted only in demo mode/);
      const d = await json<Json>(await production.get('/open311/v2/discovery.json'));
      expect(d.key_service).not.toContain(DEMO_KEY);
    } finally {
      await production.close();
    }
    expect(await caseCount()).toBe(before);
  });

  it('refuses bad requests with Open311 errors (400, 404, 415) and writes nothing', async () => {
    const before = await caseCount();
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ api_key: DEMO_KEY }, 400, /service_code is required .*\| a location is required: send lat and long/],
      [fields({ service_code: '' }), 400, /service_code is required/],
      [fields({ long: '' }), 400, /lat and long must be sent together; long is missing/],
      [fields({ lat: 'north' }), 400, /lat must be a decimal number of degrees \(WGS84\), got "north"/],
      [fields({ lat: '95' }), 400, /lat 95 is outside -90\.\.90/],
      [fields({ lat: '', long: '', address_string: '建设路125号' }), 400, /cannot locate address_string yet \(it has no geocoder\); send lat and long/],
      [fields({ lat: '0', long: '0' }), 400, /lat 0, long 0 lies outside the area this service covers: 娄星区 \(Louxing District\)/],
      [fields({ service_code: '0101' }), 400, /service_code 0101 is a level-2 category, not a service/],
      [fields({ service_code: '010101' }), 400, /service_code 010101 is a level-3 category, not a service; use one of the services below it, such as 01010101/],
      [fields({ service_code: '99999999' }), 404, /service_code 99999999 is not a service/],
      [fields({ status: 'closed' }), 400, /unknown field "status"/],
      [fields({ reporter_name: 'x' }), 400, /unknown field "reporter_name"/],
      [fields({ media_url: 'file:///etc/passwd' }), 400, /media_url must be an http or https URL/],
      [fields({ email: 'not-an-address' }), 400, /email "not-an-address" is not an e-mail address/],
      [fields({ phone: '<script>' }), 400, /phone may hold only digits/],
      [fields({ 'attribute[colour]': 'red' }), 400, /attribute\[colour\] is not an attribute of this service/],
      [fields({ 'attribute[component_code]': '9999999999999999' }), 400, /attribute\[component_code\] 9999999999999999 is not a component of the city census/],
      [fields({ description: 'bell\u0007' }), 400, /description must not hold control characters/],
    ];
    for (const [form, status, message] of cases) {
      for (const format of ['json', 'xml'] as const) await expectErrors(await post(format, form), status, message);
    }
    await expectErrors(await app.request('POST', '/open311/v2/requests.xml', { body: 'service_code=1', headers: { 'content-type': 'text/plain' } }), 415, /send the request as application\/x-www-form-urlencoded or application\/json/);
    await expectErrors(await app.request('POST', '/open311/v2/requests.json', { body: '{"api_key":', headers: { 'content-type': 'application/json' } }), 400, /the body is not a valid JSON object/);
    await expectErrors(await app.request('POST', '/open311/v2/requests.json', { body: [1, 2] }), 400, /the body must be an object of fields/);
    expect(await caseCount()).toBe(before);
  });

  it('lists requests by report time, status, service code and id: at most 1000, newest first, within 90 days', async () => {
    const count = async (where: string, params: unknown[] = []) => (await db.query<{ n: number }>(`select count(*)::int as n from cases c where ${where}`, params)).rows[0]!.n;
    const week = 'start_date=2026-06-24&end_date=2026-06-30';
    const inWeek = `reported_at >= '2026-06-24T00:00:00+08:00' and reported_at < '2026-07-01T00:00:00+08:00'`;
    const all = await json(await get(`requests.json?${week}`));
    expect(all).toHaveLength(await count(inWeek));
    expect(all.length).toBeGreaterThan(100);
    for (const r of all) {
      expect(Object.keys(r).sort()).toEqual([...REQUEST_FIELDS].sort());
      const at = r.requested_datetime as string;
      expect(at >= '2026-06-24T00:00:00+08:00' && at < '2026-07-01T00:00:00+08:00').toBe(true);
    }
    const times = all.map((r) => Date.parse(r.requested_datetime as string));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const open = await json(await get(`requests.json?${week}&status=open`));
    expect(open).toHaveLength(await count(`${inWeek} and status not in ('closed', 'evaluated', 'cancelled')`));
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((r) => r.status === 'open')).toBe(true);
    const closed = await json(await get(`requests.json?${week}&status=closed`));
    expect(closed.length + open.length).toBe(all.length);
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    expect(await json(await get(`requests.json?${week}&status=open&status=closed`))).toHaveLength(all.length);

    const typed = await json(await get(`requests.json?${week}&service_code=${LEAF},01010102`));
    expect(typed).toHaveLength(await count(`${inWeek} and type_code in ('01010101', '01010102')`));
    expect(typed.every((r) => [LEAF, '01010102'].includes(r.service_code as string))).toBe(true);

    // Ids override every other filter.
    const picked = [all[0]!.service_request_id, all[all.length - 1]!.service_request_id];
    const byId = await json(await get(`requests.json?service_request_id=${picked.join(',')}&start_date=2020-01-01&status=open`));
    expect(byId.map((r) => r.service_request_id).sort()).toEqual([...picked].sort());

    // 90 days of the seeded year hold more than 1000: the newest 1000.
    const window = await json(await get('requests.json?start_date=2026-04-02&end_date=2026-06-30'));
    expect(await count(`reported_at >= '2026-04-02T00:00:00+08:00'`)).toBeGreaterThan(1000);
    expect(window).toHaveLength(1000);
    const newest = await db.query<{ code: string }>(`select code from cases where reported_at < '2026-07-01T00:00:00+08:00' order by reported_at desc, id desc limit 1000`);
    expect(window.map((r) => r.service_request_id)).toEqual(newest.rows.map((r) => r.code));

    // Without dates: the last 90 days (here only what the tests filed today).
    const recent = await json(await get('requests.json'));
    expect(recent.length).toBe(await count(`reported_at >= now() - interval '90 days'`));
    expect(recent.every((r) => Date.parse(r.requested_datetime as string) >= Date.now() - 90 * 86_400_000 - 60_000)).toBe(true);

    const xl = await xml(await get(`requests.xml?${week}&status=open`));
    expect(childrenOf(xl, 'request')).toHaveLength(open.length);
    for (const r of childrenOf(xl, 'request')) xmlFields(r, REQUEST_FIELDS);

    await expectErrors(await get('requests.json?start_date=2026-01-01&end_date=2026-06-30'), 400, /end_date may not be more than 90 days after start_date/);
    await expectErrors(await get('requests.xml?start_date=2026-06-02&end_date=2026-06-01'), 400, /end_date must be after start_date/);
    await expectErrors(await get('requests.json?status=pending'), 400, /status has "pending"; allowed: open, closed/);
    await expectErrors(await get('requests.json?start_date=June'), 400, /start_date must be a date/);
    await expectErrors(await get('requests.json?page=2'), 400, /unknown query parameter "page"/);
  });

  it('adds the detailed status, grid, deadlines, duplicate and history as extended_attributes on request', async () => {
    const c = (await db.query<{ id: string; code: string; status: string; grid: string; respond_due: Date; closed_at: Date; dup: string }>(
      `select c.id, c.code, c.status, g.code as grid, c.respond_due, c.closed_at, d.code as dup
         from cases c join grids g on g.id = c.grid_id join cases d on d.id = c.duplicate_of
        where c.status = 'cancelled' and c.reported_at >= '2026-06-01' order by c.id limit 1`)).rows[0]!;
    const events = await db.query<{ to_status: string; from_status: string | null; at: Date }>('select to_status, from_status, at from case_events where case_id = $1 order by at, id', [c.id]);
    const [plain] = await json(await get(`requests/${c.code}.json`));
    expect(plain!.extended_attributes).toBeUndefined();
    expect(plain).toMatchObject({ status: 'closed', status_notes: `已作废（与 ${c.dup} 重复）` });
    const [ext] = await json(await get(`requests/${c.code}.json?extensions=true&lang=en`));
    expect(ext!.status_notes).toBe(`Cancelled (duplicate of ${c.dup})`);
    expect(ext!.extended_attributes).toMatchObject({
      detailed_status: 'cancelled', detailed_status_name: 'Cancelled', grid_code: c.grid, respond_due: w3(c.respond_due), overdue: false, duplicate_of: c.dup,
    });
    const history = (ext!.extended_attributes as { history: Json[] }).history;
    expect(history).toEqual(events.rows.map((e) => ({ datetime: w3(e.at), from_status: e.from_status, status: e.to_status, status_notes: expect.any(String) })));
    expect(Object.keys(ext!.extended_attributes as Json).sort()).toEqual(
      ['channel', 'close_due', 'detailed_status', 'detailed_status_name', 'duplicate_of', 'grid_code', 'handle_due', 'history', 'overdue', 'respond_due']);

    const x = await xml(await get(`requests/${c.code}.xml?extensions=true`));
    const ea = childrenOf(childrenOf(x, 'request')[0]!, 'extended_attributes')[0]!;
    expect(childText(ea, 'grid_code')).toBe(c.grid);
    expect(childrenOf(childrenOf(ea, 'history')[0]!, 'event').map((e) => childText(e, 'status'))).toEqual(events.rows.map((e) => e.to_status));

    // A closed case: updated when it was closed.
    const done = (await db.query<{ code: string; closed_at: Date }>(`select code, closed_at from cases where status = 'closed' and closed_at is not null order by id limit 1`)).rows[0]!;
    const [closed] = await json(await get(`requests/${done.code}.json`));
    expect(closed).toMatchObject({ status: 'closed', status_notes: '已结案', updated_datetime: w3(done.closed_at) });
  });

  it('escapes what a reporter wrote and keeps it whole in both formats', async () => {
    const text = `<b>"井盖" & 'manhole'</b> ]]> 😀\n第二行\ttab`;
    const [filed] = await json(await post('json', fields({ description: text, address_string: 'A&B <路>' })), 201);
    const id = filed!.service_request_id as string;
    const [j] = await json(await get(`requests/${id}.json`));
    expect(j).toMatchObject({ description: text, address: 'A&B <路>' });
    const raw = await (await get(`requests/${id}.xml`)).text();
    expect(raw).not.toContain('<b>');
    const x = childrenOf(parseXml(raw), 'request')[0]!;
    expect(childText(x, 'description')).toBe(text);
    expect(childText(x, 'address')).toBe('A&B <路>');
  });

  it('never shows a reporter\'s name or phone, the submitter\'s e-mail, an event\'s actor or note', async () => {
    await json(await post('json', fields({ first_name: '小明', last_name: '欧阳', phone: '(0738) 555-0199', email: 'secret@example.cn' })), 201);
    const range = 'start_date=2026-06-24&end_date=2026-06-30';
    const bodies: string[] = [];
    for (const q of [`requests.json?${range}&extensions=true`, `requests.xml?${range}&extensions=true`, 'requests.json?extensions=true', 'requests.xml?extensions=true']) {
      const r = await get(q);
      expect(r.status).toBe(200);
      bodies.push(await r.text());
    }
    const all = bodies.join('\n');
    const personal = await db.query<{ name: string | null; phone: string | null }>(
      `select reporter_name as name, reporter_phone as phone from cases
        where (reported_at >= '2026-06-24T00:00:00+08:00' and reported_at < '2026-07-01T00:00:00+08:00') or reported_at >= now() - interval '1 day'`);
    const phones = personal.rows.map((p) => p.phone).filter((p): p is string => !!p);
    const names = personal.rows.map((p) => p.name).filter((n): n is string => !!n && [...n].length >= 3);
    expect(phones.length).toBeGreaterThan(50);
    expect(names.length).toBeGreaterThan(20);
    expect(phones.filter((p) => all.includes(p))).toEqual([]);
    expect(names.filter((n) => all.includes(n))).toEqual([]);
    for (const secret of ['欧阳小明', '(0738) 555-0199', 'secret@example.cn', 'recorded by', 'person:', 'resident', '满意度', 'reporter', 'email']) {
      expect(all.includes(secret), secret).toBe(false);
    }
  });
});
