// Filing a case exactly once: POST /api/cases and POST /api/cases/{id}/photos with an
// Idempotency-Key land once however often they are sent — a retry after the answer
// was lost (the connection dropped after the request went out), two sends at once,
// the same key from another user (a different write), the same key with another body
// (refused), and a malformed key (refused).
import { randomUUID } from 'node:crypto';
import { connect, createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { gridsOf, pointInGrid, type GridPoint } from '../components/points.ts';

/** A minimal JPEG (SOI, SOS, EOI), as the public reports' test uses. */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 4, 1, 2, 9, 9, 0xff, 0xd9]).toString('base64');

describe(`idempotent case filing (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let chief: string;
  let officer: string;
  let at: GridPoint;

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    // No duplicate linking: every report here is a case of its own unless the key says otherwise.
    app = await startApp(db, { duplicateRadiusM: 0 });
    chief = await app.login('chief01');
    officer = await app.login('officer');
    at = await pointInGrid(db, (await gridsOf(db, 'chief01'))[0]!);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const body = (description: string) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [at.lon, at.lat] },
    properties: { channel: 'grid_patrol', type_code: '01010101', description },
  });
  const post = (token: string, key: string | null, b: unknown) =>
    app.request('POST', '/api/cases', { token, body: b, headers: key ? { 'idempotency-key': key } : {} });
  const count = async (description: string) =>
    (await db.query<{ n: number }>('select count(*)::int as n from cases where description = $1', [description])).rows[0]!.n;

  /**
   * Sends the request through a proxy that passes it on whole and swallows the answer:
   * the server files the case and answers, the client only sees the connection drop.
   */
  const sendAndLoseAnswer = async (token: string, key: string, b: unknown) => {
    const port = Number(new URL(app.url).port);
    let answered!: () => void;
    const lost = new Promise<void>((ok) => (answered = ok));
    const proxy = createServer((client) => {
      const upstream = connect(port, '127.0.0.1');
      client.on('data', (d) => upstream.write(d));
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
      upstream.on('data', () => {
        answered();
        upstream.destroy();
        client.destroy();
      });
    });
    await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
    const at = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/api/cases`;
    const sent = fetch(at, {
      method: 'POST', body: JSON.stringify(b),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    });
    await expect(sent).rejects.toThrow();
    await lost;
    await new Promise<void>((ok) => proxy.close(() => ok()));
  };

  /** Retries as the field outbox does: again while the first is still being written (409 in use). */
  const retry = async (token: string, key: string, b: unknown) => {
    for (let i = 0; i < 50; i++) {
      const r = await post(token, key, b);
      if (!(r.status === 409 && ((await r.clone().json()) as { error: { code: string } }).error.code === 'idempotency_key_in_use')) return r;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    throw new Error('key still in use after 50 tries');
  };

  it('answers a retry with the same case, written once', async () => {
    const key = randomUUID();
    const b = body(`幂等测试：重发 ${key}`);
    const first = await post(chief, key, b);
    expect(first.status, await first.clone().text()).toBe(201);
    const created = (await first.json()) as { id: number };
    const again = await post(chief, key, b);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(`/api/cases/${created.id}`);
    expect(((await again.json()) as { id: number }).id).toBe(created.id);
    expect(await count(b.properties.description)).toBe(1);
    // Without a key, the same body is a new case (the control: the key is what holds it to one).
    expect((await post(chief, null, b)).status).toBe(201);
    expect(await count(b.properties.description)).toBe(2);
  });

  it('lands once when the answer is lost and the client sends again', async () => {
    const key = randomUUID();
    const b = body(`幂等测试：应答丢失 ${key}`);
    await sendAndLoseAnswer(chief, key, b);
    // The server answered (into the void) after it committed: the case is there once.
    expect(await count(b.properties.description)).toBe(1);
    const r = await retry(chief, key, b);
    expect(r.status).toBe(200);
    expect(r.headers.get('idempotent-replayed')).toBe('true');
    const id = ((await r.json()) as { id: number }).id;
    const row = await db.query<{ id: string }>('select id from cases where description = $1', [b.properties.description]);
    expect(row.rows.map((x) => Number(x.id))).toEqual([id]);
  });

  it('writes one case when two sends with one key race', async () => {
    const key = randomUUID();
    const b = body(`幂等测试：并发 ${key}`);
    const answers = await Promise.all([post(chief, key, b), post(chief, key, b)]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses[0]).toBeLessThanOrEqual(201);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    for (const s of statuses) expect([200, 201, 409]).toContain(s);
    expect(await count(b.properties.description)).toBe(1);
    const settled = await retry(chief, key, b);
    expect(settled.status).toBe(200);
  });

  it('keeps keys per user, and refuses a key reused for another body or malformed', async () => {
    const key = randomUUID();
    const b = body(`幂等测试：每个用户 ${key}`);
    expect((await post(chief, key, b)).status).toBe(201);
    expect((await post(officer, key, b)).status).toBe(201);
    expect(await count(b.properties.description)).toBe(2);
    const other = await post(chief, key, body(`幂等测试：另一份 ${key}`));
    expect(other.status).toBe(422);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
    const bad = await post(chief, 'é'.repeat(3), b);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error.code).toBe('invalid_idempotency_key');
  });

  it('attaches a field photo once, to the first event, and only to a case the user may see', async () => {
    const key = randomUUID();
    const b = body(`幂等测试：照片 ${key}`);
    const id = ((await (await post(chief, randomUUID(), b)).json()) as { id: number }).id;
    const send = () => app.request('POST', `/api/cases/${id}/photos`, { token: chief, body: { photo: JPEG }, headers: { 'idempotency-key': key } });
    const first = await send();
    expect(first.status, await first.clone().text()).toBe(201);
    const photo = (await first.json()) as { id: number; url: string };
    const again = await send();
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: number }).id).toBe(photo.id);
    const n = await db.query<{ n: number }>('select count(*)::int as n from report_photos where case_id = $1', [id]);
    expect(n.rows[0]!.n).toBe(1);
    const ev = await db.query<{ photo_url: string }>('select photo_url from case_events where case_id = $1 and from_status is null', [id]);
    expect(ev.rows[0]!.photo_url).toBe(photo.url);
    const got = await app.get(photo.url, { token: officer });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    // Not an image: refused with a reason. Another grid's case: not the chief's to touch.
    const junk = await app.request('POST', `/api/cases/${id}/photos`, { token: chief, body: { photo: Buffer.from('not an image').toString('base64') } });
    expect(junk.status).toBe(422);
    const elsewhere = await db.query<{ id: string }>(`select id from cases where grid_id <> all ($1::int[]) and grid_id is not null limit 1`, [await gridsOf(db, 'chief01')]);
    const theirs = await app.request('POST', `/api/cases/${elsewhere.rows[0]!.id}/photos`, { token: chief, body: { photo: JPEG } });
    expect(theirs.status).toBe(404);
  });
});
