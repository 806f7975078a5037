// The database's own guard, checked in its catalogue (issue 8, part 2): every table
// with a scoping column has row-level security enabled and forced, no view bypasses
// it (security_invoker), no SECURITY DEFINER function is executable by PUBLIC. And
// the doors in front of it: tampered, expired and wrong-algorithm tokens refused,
// failed sign-ins rate-limited (429 with Retry-After), and (server) a pool of one
// connection shared by alternating users never carries one user's scope to the next.
import { generateKeyPair, SignJWT } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../helpers/options.ts';
import { startApp, type TestServer } from '../helpers/http.ts';
import { seededDb, type TestDb } from '../helpers/store.ts';
import { openServer } from '../../server/db/server.ts';

/** Columns that tie a row to a grid's scope. */
const SCOPING_COLUMNS = ['grid_id', 'subgrid_id', 'block_id'];

describe(`security catalogue and tokens (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db, { loginAttempts: 3, loginWindowS: 60 });
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('every table with a scoping column has row-level security enabled and forced', async () => {
    const r = await db.query<{ table: string; rls: boolean; force: boolean }>(
      `select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as force
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = any($1::text[]) and not a.attisdropped)
        order by 1`, [SCOPING_COLUMNS]);
    expect(r.rows.length).toBeGreaterThan(5);
    const open = r.rows.filter((t) => !t.rls || !t.force).map((t) => `${t.table} (rls ${t.rls}, force ${t.force})`);
    console.log(`[catalogue ${BACKEND}] scoped tables ${r.rows.length}, without RLS+FORCE ${open.length}`);
    expect(open).toEqual([]);
  });

  it('no view bypasses row-level security (every view is security_invoker)', async () => {
    const r = await db.query<{ view: string; options: string[] | null }>(
      `select c.relname as view, c.reloptions as options from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('v', 'm')
          and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
        order by 1`);
    const bypassing = r.rows.filter((v) => !(v.options ?? []).some((o) => /^security_invoker=(true|on|1)$/i.test(o))).map((v) => v.view);
    console.log(`[catalogue ${BACKEND}] views ${r.rows.length}, bypassing RLS ${bypassing.length}`);
    expect(bypassing).toEqual([]);
  });

  it('no SECURITY DEFINER function is executable by PUBLIC', async () => {
    const r = await db.query<{ fn: string; public: boolean }>(
      `select p.oid::regprocedure::text as fn, has_function_privilege('public', p.oid, 'execute') as public
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
          and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
        order by 1`);
    const open = r.rows.filter((f) => f.public).map((f) => f.fn);
    console.log(`[catalogue ${BACKEND}] SECURITY DEFINER functions ${r.rows.length}, executable by PUBLIC ${open.length}`);
    expect(open).toEqual([]);
  });

  it('refuses tampered, expired and wrong-algorithm tokens with 401', async () => {
    const good = await app.login('chief01');
    const me = async (token: string) => (await app.get('/api/auth/me', { token })).status;
    expect(await me(good)).toBe(200);
    const [h, p, s] = good.split('.') as [string, string, string];
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const key = app.app.deps.keys.key;
    const now = Math.floor(Date.now() / 1000);
    const rsa = await generateKeyPair('RS256');
    const bad: Record<string, string> = {
      'payload changed to admin (user 1), old signature': `${h}.${b64({ ...payload, sub: '1', name: 'admin' })}.${s}`,
      'signature flipped': `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`,
      'signature removed': `${h}.${p}.`,
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...payload, sub: '1' })}.`,
      'alg None': `${b64({ alg: 'None', typ: 'JWT' })}.${p}.`,
      'expired': await new SignJWT({ name: 'chief01' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('gridcity').setSubject(String(payload.sub)).setIssuedAt(now - 7200).setExpirationTime(now - 3600).sign(key),
      'HS512 with the right key': await new SignJWT({ name: 'chief01' }).setProtectedHeader({ alg: 'HS512' }).setIssuer('gridcity').setSubject(String(payload.sub)).setExpirationTime(now + 600).sign(key),
      'RS256 signed with a foreign RSA key': await new SignJWT({ name: 'admin' }).setProtectedHeader({ alg: 'RS256' }).setIssuer('gridcity').setSubject('1').setExpirationTime(now + 600).sign(rsa.privateKey),
      'RS256 header, HMAC signature (key confusion)': await (async () => {
        const body = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ ...payload, sub: '1' })}`;
        const { createHmac } = await import('node:crypto');
        return `${body}.${createHmac('sha256', Buffer.from(key)).update(body).digest('base64url')}`;
      })(),
      'another issuer': await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('elsewhere').setSubject('1').setExpirationTime(now + 600).sign(key),
      'no subject': await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('gridcity').setExpirationTime(now + 600).sign(key),
      'a user that does not exist': await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('gridcity').setSubject('999999').setExpirationTime(now + 600).sign(key),
      'not a JWT': 'hello',
      'empty segments': '..',
    };
    const accepted: string[] = [];
    for (const [name, token] of Object.entries(bad)) {
      const r = await app.get('/api/auth/me', { token });
      const body = (await r.json()) as { error?: { message?: string } };
      if (r.status !== 401 || !body.error?.message) accepted.push(`${name}: ${r.status}`);
      // Also where the token may come in the query (the live feed).
      const q = await app.get(`/api/events?access_token=${encodeURIComponent(token)}`);
      if (q.status !== 401) accepted.push(`${name} (access_token): ${q.status}`);
      await q.body?.cancel();
    }
    console.log(`[tokens ${BACKEND}] bad tokens ${Object.keys(bad).length}, accepted ${accepted.length}`);
    expect(accepted).toEqual([]);
  });

  it('rate-limits failed sign-ins: 429 with Retry-After, per user name', async () => {
    const login = (username: string, password: string) => app.request('POST', '/api/auth/login', { body: { username, password } });
    for (let i = 0; i < 3; i++) expect((await login('officer', 'wrong')).status).toBe(401);
    const limited = await login('officer', 'wrong');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/too many failed sign-ins/);
    // While limited, even the right password waits (no guessing through the limit).
    expect((await login('officer', 'gridcity')).status).toBe(429);
    // Another user name is not held up.
    expect((await login('command', 'gridcity')).status).toBe(200);
  });
});

describe.skipIf(BACKEND !== 'server')('a pool of one connection, alternating users (server)', () => {
  const name = `${new URL(process.env.DATABASE_URL ?? 'postgres://x/gc').pathname.slice(1).replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_tpool${process.pid}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  let app: TestServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    await admin(`create database "${name}" template "${inject('seededStore')}"`);
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    const db = await openServer({ connectionString: u.toString(), poolMax: 1 });
    app = await startApp(db);
    close = async () => {
      await app.close();
      await db.close();
      await admin(`drop database if exists "${name}" with (force)`);
    };
  });
  afterAll(async () => {
    await close?.();
  });

  it('the second user never sees the first one\'s scope', async () => {
    const chief = await app.login('chief01');
    const officer = await app.login('officer');
    const count = async (token?: string) => {
      const r = await app.get('/api/cases?limit=1', token ? { token } : {});
      return r.status === 200 ? ((await r.json()) as { numberMatched: number }).numberMatched : -r.status;
    };
    const cityWide = await count(officer);
    const own = await count(chief);
    expect(own).toBeGreaterThan(0);
    expect(own).toBeLessThan(cityWide);
    let leaks = 0;
    for (let i = 0; i < 20; i++) {
      // A refused write in between (a transaction that fails) must not leave its scope either.
      if (i % 5 === 0) await (await app.request('POST', '/api/cases', { token: chief, body: { type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} } })).arrayBuffer();
      const [a, b] = i % 2 ? [officer, chief] : [chief, officer];
      const first = await count(a);
      const second = await count(b);
      const anon = await count();
      if (first !== (a === chief ? own : cityWide)) leaks++;
      if (second !== (b === chief ? own : cityWide)) leaks++;
      if (anon !== -401) leaks++;
    }
    console.log(`[pool of one] 60 alternating requests, leaks ${leaks}`);
    expect(leaks).toBe(0);
  });
});
