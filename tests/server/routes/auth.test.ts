// Sign-in, tokens, demo accounts, and the database scoping every request by role.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { SignJWT } from 'jose';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

describe(`sign-in and roles (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db, { authSecret: SECRET, demo: true, loginAttempts: 3 });
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('signs in with the demo password and says who the token is', async () => {
    const r = await app.request('POST', '/api/auth/login', { body: { username: 'planner', password: 'gridcity' } });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({ tokenType: 'Bearer', user: { username: 'planner', role: 'planner', grids: [] } });
    expect(new Date(body.expiresAt).getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
    const me = await (await app.get('/api/auth/me', { token: body.token })).json();
    expect(me).toMatchObject({ username: 'planner', role: 'planner' });
  });

  it('refuses a wrong password, an unknown user, and a body with extra fields', async () => {
    const wrong = await app.request('POST', '/api/auth/login', { body: { username: 'command', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).toMatch(/wrong user name or password/);
    const unknown = await app.request('POST', '/api/auth/login', { body: { username: 'nobody', password: 'gridcity' } });
    expect(unknown.status).toBe(401);
    const extra = await app.request('POST', '/api/auth/login', { body: { username: 'admin', password: 'gridcity', role: 'admin' } });
    expect(extra.status).toBe(422);
    expect((await extra.json()).error.message).toMatch(/unknown field "role"/);
    const text = await app.request('POST', '/api/auth/login', { body: 'username=admin', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const broken = await app.request('POST', '/api/auth/login', { body: '{"username": ', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe('malformed_json');
  });

  it('rate-limits failed sign-ins per user name', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await app.request('POST', '/api/auth/login', { body: { username: 'officer', password: 'x' } })).status).toBe(401);
    }
    const limited = await app.request('POST', '/api/auth/login', { body: { username: 'officer', password: 'gridcity' } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account is not affected.
    expect((await app.request('POST', '/api/auth/login', { body: { username: 'command', password: 'gridcity' } })).status).toBe(200);
  });

  it('refuses tampered, expired, foreign and wrong-algorithm tokens', async () => {
    const token = await app.login('admin');
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: String(Number(claims.sub) + 1), name: 'planner' })).toString('base64url')}.${s}`;
    const key = new TextEncoder().encode(SECRET);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('gridcity').setSubject('1')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(key);
    const foreign = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('gridcity').setSubject('1')
      .setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-of-sufficient-length-000000'));
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const hs512 = await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setIssuer('gridcity').setSubject('1').setExpirationTime('1h').sign(key);
    for (const [bad, reason] of [[forged, /not valid/], [expired, /expired/], [foreign, /not valid/], [none, /not valid|HS256/], [hs512, /HS256/]] as const) {
      const r = await app.get('/api/auth/me', { token: bad });
      expect(r.status).toBe(401);
      expect((await r.json()).error.message).toMatch(reason);
    }
    expect((await app.get('/api/auth/me', { headers: { authorization: 'Basic YWRtaW46Z3JpZGNpdHk=' } })).status).toBe(401);
    expect((await app.get('/api/auth/me')).status).toBe(401);
  });

  it('renews a token before it expires: same account, role and grids, a later expiry', async () => {
    const login = await (await app.request('POST', '/api/auth/login', { body: { username: 'chief01', password: 'gridcity' } })).json();
    // A token that would expire in ten minutes, as one signed in fifty minutes ago.
    const key = new TextEncoder().encode(SECRET);
    const now = Math.floor(Date.now() / 1000);
    const ageing = await new SignJWT({ name: 'chief01' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer('gridcity').setSubject(String(login.user.id))
      .setIssuedAt(now - 3000).setExpirationTime(now + 600).sign(key);
    const r = await app.request('POST', '/api/auth/refresh', { token: ageing });
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({ tokenType: 'Bearer', user: { id: login.user.id, username: 'chief01', role: 'grid_chief', grids: login.user.grids } });
    expect(body.token).not.toBe(ageing);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan((now + 600) * 1000 + 45 * 60_000);
    const me = await (await app.get('/api/auth/me', { token: body.token })).json();
    expect(me).toMatchObject({ username: 'chief01', role: 'grid_chief', grids: [{ id: login.user.grids[0] }] });
    // Renewing right after sign-in still gives a new token.
    const again = await (await app.request('POST', '/api/auth/refresh', { token: login.token })).json();
    expect(again.token).not.toBe(login.token);
  });

  it('renews a sign-in for at most the longest session, then asks to sign in again', async () => {
    const key = new TextEncoder().encode(SECRET);
    const now = Math.floor(Date.now() / 1000);
    const login = await (await app.request('POST', '/api/auth/login', { body: { username: 'chief01', password: 'gridcity' } })).json();
    const signedAt = (s: number) => new SignJWT({ name: 'chief01', auth_time: s }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer('gridcity')
      .setSubject(String(login.user.id)).setIssuedAt(now - 60).setExpirationTime(now + 600).sign(key);
    const max = 12 * 3600;
    // Signed in 11.5 hours ago: renewed, but only up to 12 hours after the sign-in.
    const late = await app.request('POST', '/api/auth/refresh', { token: await signedAt(now - max + 1800) });
    expect(late.status).toBe(200);
    const renewed = await late.json();
    expect(Math.abs(new Date(renewed.expiresAt).getTime() / 1000 - (now + 1800))).toBeLessThan(5);
    // The renewed token carries the original sign-in, so renewing it cannot extend the session.
    const claims = JSON.parse(Buffer.from(renewed.token.split('.')[1], 'base64url').toString());
    expect(claims.auth_time).toBe(now - max + 1800);
    // Signed in 12 hours ago: refused.
    const over = await app.request('POST', '/api/auth/refresh', { token: await signedAt(now - max - 5) });
    expect(over.status).toBe(401);
    expect((await over.json()).error.message).toMatch(/sign in again/);
  });

  it('refuses to renew an expired, tampered or missing token, or one of a disabled account', async () => {
    const key = new TextEncoder().encode(SECRET);
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('gridcity').setSubject('1').setIssuedAt(now - 7200).setExpirationTime(now - 60).sign(key);
    const token = await app.login('planner2');
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString('base64url')}.${s}`;
    for (const [bad, reason] of [[expired, /expired/], [tampered, /not valid/]] as const) {
      const r = await app.request('POST', '/api/auth/refresh', { token: bad });
      expect(r.status).toBe(401);
      expect((await r.json()).error.message).toMatch(reason);
    }
    expect((await app.request('POST', '/api/auth/refresh')).status).toBe(401);
    await db.query(`update app_users set active = false where username = 'planner2'`);
    try {
      const r = await app.request('POST', '/api/auth/refresh', { token });
      expect(r.status).toBe(401);
      expect((await r.json()).error.message).toMatch(/disabled/);
    } finally {
      await db.query(`update app_users set active = true where username = 'planner2'`);
    }
  });

  it('lists the demo accounts in demo mode only', async () => {
    const r = await (await app.get('/api/auth/demo-users')).json();
    expect(r.password).toBe('gridcity');
    const roles = new Set(r.users.map((u: { role: string }) => u.role));
    expect([...roles].sort()).toEqual(['admin', 'command', 'grid_chief', 'officer', 'planner', 'public']);
    const chief = r.users.find((u: { role: string }) => u.role === 'grid_chief');
    expect(chief.grids.length).toBeGreaterThan(0);
    const production = await startApp(db, { demo: false });
    try {
      expect((await production.get('/api/auth/demo-users')).status).toBe(404);
    } finally {
      await production.close();
    }
  });

  it('scopes reads in the database: a grid chief sees only their grid; the public must sign in', async () => {
    const chief = await app.login('chief01');
    const me = await (await app.get('/api/auth/me', { token: chief })).json();
    expect(me.role).toBe('grid_chief');
    expect(me.grids.length).toBe(1);
    const grids = (await (await app.get('/api/grids', { token: chief })).json()) as FeatureCollection;
    expect(grids.features.map((f) => f.id)).toEqual(me.grids.map((g: { id: number }) => g.id));
    const sub = (await (await app.get('/api/subgrids', { token: chief })).json()) as FeatureCollection;
    expect(sub.features.length).toBe(4);
    expect(sub.features.every((f) => f.properties!.grid_id === me.grids[0].id)).toBe(true);
    expect((await app.get('/api/grids')).status).toBe(401);
    const command = await app.login('command');
    expect(((await (await app.get('/api/grids', { token: command })).json()) as FeatureCollection).features).toHaveLength(63);
  });

  it('runs the requests as a role that cannot bypass row-level security', async () => {
    const r = await db.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `select relname, relrowsecurity, relforcerowsecurity from pg_class
        where relname in ('grids', 'subgrids', 'blocks', 'cases', 'case_events', 'components', 'people', 'grid_seats', 'h3_cover', 'app_users')`,
    );
    expect(r.rows).toHaveLength(10);
    for (const row of r.rows) expect(row, row.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
    const role = await db.query<{ rolbypassrls: boolean; rolsuper: boolean }>(`select rolbypassrls, rolsuper from pg_roles where rolname = 'gridcity_app'`);
    expect(role.rows[0]).toEqual({ rolbypassrls: false, rolsuper: false });
    // With no scope set, the app role sees nothing in a scoped table (fails closed).
    const seen = await db.transaction(async (tx) => {
      await tx.query(`select set_config('app.role', '', true)`);
      await tx.exec('set local role gridcity_app');
      return (await tx.query<{ n: number }>('select count(*)::int as n from cases')).rows[0]!.n;
    });
    expect(seen).toBe(0);
  });
});
