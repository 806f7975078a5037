// Sign-in: POST /api/auth/login returns a short-lived signed token; GET /api/auth/me
// says who the token is; GET /api/auth/demo-users lists the seeded demo accounts, only
// when the server runs in demo mode.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { verifyPassword } from '../auth/password.ts';
import { unauthorized } from '../auth/principal.ts';
import { signToken, type VerifiedToken } from '../auth/token.ts';
import { AppError, notFound } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';

/** The password every seeded demo account has. */
export const DEMO_PASSWORD = 'gridcity';

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export function authRoutes({ db, config, keys, limiter, principals }: AppDeps): RouteSpec[] {
  return [
    {
      // Runs unscoped: the account is read before anyone is signed in.
      kind: 'raw',
      method: 'post',
      path: '/api/auth/login',
      summary: 'Sign in with a user name and password; returns a bearer token',
      tags: ['auth'],
      roles: 'anyone',
      body: LoginBody,
      responses: { 200: { description: 'The token and the account' }, 401: { description: 'Wrong user name or password' }, 429: { description: 'Too many failed attempts' } },
      async handler({ ctx, body }) {
        const { username, password } = body as { username: string; password: string };
        const key = `${ctx.ip}|${username.toLowerCase()}`;
        const wait = limiter.retryAfter(key);
        if (wait > 0) {
          ctx.set('Retry-After', String(wait));
          throw new AppError(429, 'too_many_attempts', `too many failed sign-ins for "${username}"; try again in ${wait} s`, { retryAfterS: wait });
        }
        const r = await db.query<{ id: number; username: string; display_name: string; role: string; password_hash: string; active: boolean }>(
          'select id, username, display_name, role, password_hash, active from app_users where username = $1',
          [username.toLowerCase()],
        );
        const user = r.rows[0];
        // Verify against a dummy hash when the user is unknown, so timing does not tell.
        const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
        if (!user || !ok || !user.active) {
          limiter.fail(key);
          throw new AppError(401, 'bad_credentials', user && ok ? 'this account is disabled' : 'wrong user name or password');
        }
        limiter.reset(key);
        principals.forget(user.id);
        const principal = await principals.get(user.id);
        const { token, expiresAt } = await signToken(keys, user.id, user.username);
        ctx.body = {
          token,
          tokenType: 'Bearer',
          expiresAt: expiresAt.toISOString(),
          user: { id: user.id, username: user.username, displayName: user.display_name, role: principal.role, grids: principal.grids },
        };
      },
    },
    {
      // Runs unscoped: the account is read as at sign-in. The token was verified (and the
      // account found active) before the handler runs.
      kind: 'raw',
      method: 'post',
      path: '/api/auth/refresh',
      summary: 'Renew the bearer token before it expires: the same account, role and grids, a new expiry',
      tags: ['auth'],
      roles: ['admin', 'planner', 'command', 'officer', 'grid_chief', 'public'],
      responses: { 200: { description: 'A new token and the account, as at sign-in' }, 401: { description: 'No token, or an expired, tampered or foreign one, or a disabled account' } },
      async handler({ ctx, principal }) {
        if (principal.userId === null) throw unauthorized('send the token to renew as "Authorization: Bearer <token>"');
        const r = await db.query<{ username: string; display_name: string }>('select username, display_name from app_users where id = $1 and active', [principal.userId]);
        const user = r.rows[0];
        if (!user) throw unauthorized('the account of this token no longer exists or is disabled; sign in again');
        const signedInAt = (ctx.state.token as VerifiedToken | undefined)?.signedInAt ?? undefined;
        const { token, expiresAt } = await signToken(keys, principal.userId, user.username, signedInAt);
        ctx.body = {
          token,
          tokenType: 'Bearer',
          expiresAt: expiresAt.toISOString(),
          user: { id: principal.userId, username: user.username, displayName: user.display_name, role: principal.role, grids: principal.grids },
        };
      },
    },
    {
      method: 'get',
      path: '/api/auth/me',
      summary: 'The signed-in account, its role and grid scope',
      tags: ['auth'],
      roles: ['admin', 'planner', 'command', 'officer', 'grid_chief'],
      async handler({ ctx, tx, principal }) {
        const r = await tx.query<{ display_name: string; person_id: number | null }>('select display_name, person_id from app_users where id = $1', [principal.userId]);
        const grids = await tx.query<{ id: number; code: string; name: string }>('select id, code, name from grids where id = any($1::int[]) order by id', [principal.grids]);
        ctx.body = {
          id: principal.userId,
          username: principal.username,
          displayName: r.rows[0]?.display_name ?? principal.username,
          role: principal.role,
          personId: r.rows[0]?.person_id ?? null,
          grids: grids.rows,
        };
      },
    },
    {
      // Runs unscoped: the list is offered before anyone is signed in.
      kind: 'raw',
      method: 'get',
      path: '/api/auth/demo-users',
      summary: 'The demo accounts (demo mode only), offered on the sign-in page',
      tags: ['auth'],
      roles: 'anyone',
      responses: { 200: { description: 'The demo accounts and their password' }, 404: { description: 'Not in demo mode' } },
      async handler({ ctx }) {
        if (!config.demo) throw notFound('demo accounts are offered only in demo mode (DEMO=1)');
        const r = await db.query<{ username: string; display_name: string; role: string; grids: string[] }>(
          `select u.username, u.display_name, u.role,
                  coalesce((select array_agg(g.code order by g.code) from user_grid_scopes s join grids g on g.id = s.grid_id where s.user_id = u.id), '{}') as grids
             from app_users u where u.active
            order by array_position(array['admin','planner','command','officer','grid_chief','public'], u.role), u.username`,
        );
        ctx.body = { password: DEMO_PASSWORD, users: r.rows.map((u) => ({ username: u.username, displayName: u.display_name, role: u.role, grids: u.grids })) };
      },
    },
  ];
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
