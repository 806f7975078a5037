// Machine detections: merging (same type within the radius and window → one
// candidate; another type, farther or later → separate), the confidence threshold of
// the verification queue, confirming (exactly one case on the camera channel with the
// detections attached) and rejecting (the detector's precision), a re-sent detection
// landing once, device keys, roles and row-level security, and validation errors.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { gridsOf, pointInGrid, type GridPoint } from '../components/points.ts';

type Json = Record<string, unknown>;
interface Candidate {
  id: number; status: string; detections: number; max_confidence: number; first_seen: string; last_seen: string; queued: boolean;
  case_id: number | null; source_kind: string; grid_id: number | null;
}
interface Ingested { detection_id: number; replay: boolean; merged: boolean; candidate: Candidate }

const T1 = '01010101';
const M_LAT = 1 / 111_320;

describe(`detections (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const tokens: Record<string, string> = {};
  let key = '';
  let hotlineKey = '';
  let T2 = '';
  let p: GridPoint;
  let far: GridPoint;
  const t0 = Date.now() - 3 * 3_600_000;
  const at = (min: number) => new Date(t0 + min * 60_000).toISOString();

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db, { detectionMergeRadiusM: 50, detectionMergeWindowMin: 60, detectionQueueConfidence: 0.6 });
    for (const u of ['admin', 'officer', 'command', 'chief01', 'public']) tokens[u] = await app.login(u);
    const grids = await gridsOf(db, 'chief01');
    p = await pointInGrid(db, grids[0]!);
    const other = (await db.query<{ id: number }>('select id from grids where id <> all($1::int[]) order by id limit 1', [grids])).rows[0]!.id;
    far = await pointInGrid(db, other);
    T2 = (await db.query<{ code: string }>(`select code from case_types where level = 4 and code <> $1 order by code limit 1`, [T1])).rows[0]!.code;
    const mk = async (name: string, channel: string) => {
      const r = await app.request('POST', '/api/open311/clients', { token: tokens.admin, body: { name, channel } });
      expect(r.status).toBe(201);
      return ((await r.json()) as { api_key: string }).api_key;
    };
    key = await mk('camera network', 'ai_camera');
    hotlineKey = await mk('hotline desk', 'hotline_12345');
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const body = (extra: Json = {}): Json => ({
    source_id: 'cam-0001', source_kind: 'camera', detector: 'vision-x', detector_version: '2.1', type_code: T1, confidence: 0.5,
    image_url: 'https://img.example/cam-0001/1.jpg', lon: p.lon, lat: p.lat, detected_at: at(0), ...extra,
  });
  const send = (b: Json, headers: Record<string, string> = { 'x-api-key': key }, token?: string) =>
    app.request('POST', '/api/detections', { body: b, headers, ...(token ? { token } : {}) });
  const ok = async (b: Json, status = 201): Promise<Ingested> => {
    const r = await send(b);
    const text = await r.text();
    expect(r.status, text).toBe(status);
    return JSON.parse(text) as Ingested;
  };
  const queue = async (token = tokens.officer) => {
    const r = await app.get('/api/detections/queue?limit=500', { token });
    expect(r.status).toBe(200);
    return (await r.json()) as { threshold: number; total: number; candidates: (Candidate & { detection_list: Json[] })[] };
  };
  const counts = async () => (await db.query<{ d: number; c: number; k: number }>(
    'select (select count(*)::int from detections) as d, (select count(*)::int from detection_candidates) as c, (select count(*)::int from cases) as k')).rows[0]!;

  let a: Candidate;
  let low: Candidate;

  it('merges detections of one type near one place within the window into one candidate; another type, farther or later make their own', async () => {
    const first = await ok(body({ confidence: 0.55 }));
    expect(first).toMatchObject({ replay: false, merged: false });
    expect(first.candidate).toMatchObject({ detections: 1, status: 'open', source_kind: 'camera', grid_id: p.grid, queued: false });
    const second = await ok(body({ source_id: 'bus-88', source_kind: 'vehicle', confidence: 0.82, lat: p.lat + 20 * M_LAT, detected_at: at(10) }));
    expect(second.merged).toBe(true);
    expect(second.candidate.id).toBe(first.candidate.id);
    expect(second.candidate).toMatchObject({ detections: 2, max_confidence: expect.closeTo(0.82, 5), first_seen: at(0), last_seen: at(10), queued: true });
    // Out of order: an earlier detection moves first_seen back.
    const third = await ok(body({ confidence: 0.4, detected_at: at(-5) }));
    expect(third.candidate).toMatchObject({ id: first.candidate.id, detections: 3, first_seen: at(-5), last_seen: at(10) });
    expect(third.candidate.max_confidence).toBeCloseTo(0.82, 5);
    a = third.candidate;

    const farther = await ok(body({ lat: p.lat + 200 * M_LAT, confidence: 0.3 }));
    const otherType = await ok(body({ type_code: T2 }));
    const later = await ok(body({ detected_at: at(10 + 61) }));
    const ids = [a.id, farther.candidate.id, otherType.candidate.id, later.candidate.id];
    expect(new Set(ids).size).toBe(4);
    for (const x of [farther, otherType, later]) expect(x).toMatchObject({ merged: false, candidate: { detections: 1 } });
    low = farther.candidate;
  });

  it('queues candidates whose highest confidence reaches the threshold, most confident first', async () => {
    let q = await queue();
    expect(q.threshold).toBe(0.6);
    const ids = q.candidates.map((c) => c.id);
    expect(ids).toContain(a.id);
    expect(ids).not.toContain(low.id);
    expect(q.candidates.every((c) => c.max_confidence >= 0.6 && c.status === 'open')).toBe(true);
    const confs = q.candidates.map((c) => c.max_confidence);
    expect(confs).toEqual([...confs].sort((x, y) => y - x));
    const entry = q.candidates.find((c) => c.id === a.id)!;
    expect(entry.detection_list).toHaveLength(3);
    expect(entry.detection_list[0]).toMatchObject({ source_id: 'bus-88', confidence: expect.closeTo(0.82, 5) });
    // A more confident sighting lifts the low candidate into the queue.
    const up = await ok(body({ lat: p.lat + 210 * M_LAT, confidence: 0.9, detected_at: at(20) }));
    expect(up.candidate).toMatchObject({ id: low.id, detections: 2, queued: true });
    q = await queue();
    expect(q.candidates.map((c) => c.id)).toContain(low.id);
    // A grid chief sees the candidates of their grids only (row-level security); the public none.
    const far1 = await ok(body({ lon: far.lon, lat: far.lat, confidence: 0.95 }));
    const chief = await queue(tokens.chief01);
    expect(chief.candidates.map((c) => c.id)).toContain(a.id);
    expect(chief.candidates.map((c) => c.id)).not.toContain(far1.candidate.id);
    expect((await queue()).candidates.map((c) => c.id)).toContain(far1.candidate.id);
    expect((await app.get('/api/detections/queue')).status).toBe(401);
  });

  it('lands a re-sent detection (same source and external id) once', async () => {
    const before = await counts();
    const one = await ok(body({ external_id: 'evt-42', lon: p.lon + 0.002, detected_at: at(30) }));
    const again = await ok(body({ external_id: 'evt-42', lon: p.lon + 0.002, detected_at: at(30) }), 200);
    expect(again).toMatchObject({ replay: true, detection_id: one.detection_id, candidate: { id: one.candidate.id, detections: 1 } });
    // Another device may use the same external id.
    const other = await ok(body({ source_id: 'cam-0002', external_id: 'evt-42', lon: p.lon + 0.002, detected_at: at(31) }));
    expect(other.candidate).toMatchObject({ id: one.candidate.id, detections: 2 });
    const after = await counts();
    expect(after.d - before.d).toBe(2);
    expect(after.c - before.c).toBe(1);
  });

  it('refuses bad detections with reasons and writes nothing', async () => {
    const before = await counts();
    const expectError = async (r: Response, status: number, re: RegExp) => {
      const text = await r.text();
      expect(r.status, text).toBe(status);
      expect(text).toMatch(re);
    };
    await expectError(await send(body({ confidence: 1.5 })), 422, /confidence/);
    await expectError(await send(body({ lat: 95 })), 422, /lat/);
    await expectError(await send(body({ source_kind: 'drone' })), 422, /source_kind/);
    await expectError(await send(body({ detected_at: 'yesterday' })), 422, /detected_at/);
    await expectError(await send(body({ image_url: 'file:///etc/passwd' })), 422, /image_url/);
    await expectError(await send(body({ extra: 1 })), 422, /extra/);
    const { detector: _d, ...noDetector } = body();
    await expectError(await send(noDetector), 422, /detector/);
    await expectError(await send(body({ type_code: '99999999' })), 422, /type_code 99999999 is not a case type/);
    await expectError(await send(body({ detected_at: new Date(Date.now() + 3_600_000).toISOString() })), 422, /in the future/);
    await expectError(await send(body({ detected_at: new Date(Date.now() - 8 * 86_400_000).toISOString() })), 422, /7 days/);
    // Who may send: a device key of a device channel, or an admin's or officer's token.
    await expectError(await send(body(), {}), 401, /X-Api-Key/);
    await expectError(await send(body(), { 'x-api-key': 'gc311_nope' }), 403, /invalid api_key/);
    await expectError(await send(body(), { 'x-api-key': hotlineKey }), 403, /not a device channel/);
    await expectError(await send(body(), {}, tokens.chief01), 403, /grid_chief/);
    expect(await counts()).toEqual(before);
    const byOfficer = await send(body({ source_id: 'manual-1', lon: p.lon - 0.002 }), {}, tokens.officer);
    expect(byOfficer.status).toBe(201);
  });

  it('confirms a candidate into exactly one case on the camera channel with the detections attached; later sightings join it', async () => {
    const before = await counts();
    expect((await app.request('POST', `/api/detections/candidates/${a.id}/confirm`, { token: tokens.command, body: {} })).status).toBe(403);
    const r = await app.request('POST', `/api/detections/candidates/${a.id}/confirm`, { token: tokens.officer, body: {} });
    const text = await r.text();
    expect(r.status, text).toBe(201);
    const res = JSON.parse(text) as { case_id: number; case_code: string; candidate: Candidate };
    expect(res.candidate).toMatchObject({ status: 'confirmed', case_id: res.case_id, queued: false });
    expect((await counts()).k - before.k).toBe(1);
    const k = (await db.query<{ channel: string; type_code: string; grid_id: number; status: string }>(
      'select channel, type_code, grid_id, status from cases where id = $1', [res.case_id])).rows[0]!;
    // The candidate's first detection came from a fixed camera.
    expect(k).toEqual({ channel: 'ai_camera', type_code: T1, grid_id: p.grid, status: 'reported' });
    const ev = (await db.query<{ data: { candidate_id: number; detection_ids: number[] }; photo_url: string | null }>(
      `select data, photo_url from case_events where case_id = $1 and action = 'attach_detections'`, [res.case_id])).rows;
    expect(ev).toHaveLength(1);
    expect(ev[0]!.data.candidate_id).toBe(a.id);
    expect(ev[0]!.data.detection_ids).toHaveLength(3);
    expect(ev[0]!.photo_url).toBe('https://img.example/cam-0001/1.jpg');

    const again = await app.request('POST', `/api/detections/candidates/${a.id}/confirm`, { token: tokens.officer, body: {} });
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(res.case_code);
    expect((await queue()).candidates.map((c) => c.id)).not.toContain(a.id);
    // Seen again after confirmation: joins the confirmed candidate, no new case, not queued.
    const seen = await ok(body({ confidence: 0.99, detected_at: at(15) }));
    expect(seen.candidate).toMatchObject({ id: a.id, status: 'confirmed', detections: 4, queued: false });
    expect((await counts()).k - before.k).toBe(1);
    const detail = await app.get(`/api/detections/candidates/${a.id}`, { token: tokens.command });
    expect(((await detail.json()) as { detection_list: unknown[] }).detection_list).toHaveLength(4);
  });

  it('rejects a candidate with a reason; the detector\'s precision is confirmed / (confirmed + rejected)', async () => {
    expect((await app.request('POST', `/api/detections/candidates/${low.id}/reject`, { token: tokens.officer, body: {} })).status).toBe(422);
    const r = await app.request('POST', `/api/detections/candidates/${low.id}/reject`, { token: tokens.officer, body: { reason: '阴影误识别' } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { candidate: Candidate }).candidate).toMatchObject({ status: 'rejected', reason: '阴影误识别' });
    expect((await app.request('POST', `/api/detections/candidates/${low.id}/confirm`, { token: tokens.officer, body: {} })).status).toBe(409);
    // A rejected candidate is not merged into: the next sighting there is a new candidate.
    const next = await ok(body({ lat: p.lat + 200 * M_LAT, confidence: 0.7, detected_at: at(25) }));
    expect(next.candidate.id).not.toBe(low.id);

    const pr = await app.get('/api/detections/precision?detector=vision-x&bucket=day', { token: tokens.command });
    const text = await pr.text();
    expect(pr.status, text).toBe(200);
    const out = JSON.parse(text) as { detectors: { detector: string; confirmed: number; rejected: number; open: number; precision: number; series: { bucket: string; confirmed: number; rejected: number }[] }[] };
    expect(out.detectors).toHaveLength(1);
    const d = out.detectors[0]!;
    expect(d).toMatchObject({ detector: 'vision-x', confirmed: 1, rejected: 1, precision: 0.5 });
    expect(d.open).toBeGreaterThan(0);
    expect(d.series.reduce((s, x) => s + x.confirmed + x.rejected, 0)).toBe(2);
    expect(d.series.every((x) => /^\d{4}-\d\d-\d\d$/.test(x.bucket))).toBe(true);
    expect((await app.get('/api/detections/precision?bucket=year', { token: tokens.command })).status).toBe(400);
    expect((await app.get('/api/detections/precision', { token: tokens.chief01 })).status).toBe(403);
  });
});
