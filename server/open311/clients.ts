// Open311 clients and their API keys. A key is 32 random bytes (base64url) behind a
// recognisable prefix; only its SHA-256 is stored (a key that long needs no slow
// hash), with its first characters to tell keys apart. An administrator makes a
// client and sees its key once; revoking keeps the client (its cases name it).
// In demo mode the documented DEMO_KEY files as the client "gridcity demo".
import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../auth/principal.ts';
import { isoSql } from '../components/collection.ts';
import type { Db, Queryable } from '../db/types.ts';
import { AppError, notFound } from '../errors.ts';
import type { Publish } from '../feed/events.ts';
import type { Feed } from '../feed/feed.ts';
import { withFeed } from '../http/route.ts';

/** The API key of the demo client; accepted only in demo mode (DEMO=1). */
export const DEMO_KEY = 'gridcity-open311-demo';
const DEMO_CLIENT = 'gridcity demo';

const KEY_PREFIX = 'gc311_';
const HINT_LENGTH = 10;

export interface Client {
  id: number;
  name: string;
  channel: string;
}

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export function newKey(): { key: string; hash: string; hint: string } {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashKey(key), hint: key.slice(0, HINT_LENGTH) };
}

const forbidden = (message: string) => new AppError(403, 'invalid_api_key', message);

async function demoClient(db: Db): Promise<Client> {
  const hash = hashKey(DEMO_KEY);
  await db.query(
    `insert into open311_clients (name, key_hash, key_hint, created_by) values ($1, $2, $3, 'system')
     on conflict do nothing`,
    [DEMO_CLIENT, hash, DEMO_KEY.slice(0, HINT_LENGTH)],
  );
  const r = await db.query<Client>('select id, name, channel from open311_clients where key_hash = $1 and revoked_at is null', [hash]);
  if (!r.rows[0]) throw forbidden('the demo api_key has been revoked (or its client name is taken); ask an administrator for a key');
  return r.rows[0];
}

/**
 * The client of an API key, or 403. Runs outside any request scope (as the system,
 * like the sign-in), before anything else of the request is looked at.
 */
export async function clientOfKey(db: Db, demo: boolean, key: string | undefined): Promise<Client> {
  if (!key) throw forbidden('api_key is required to file a request; ask the platform\'s administrator for a key');
  if (key === DEMO_KEY) {
    if (!demo) throw forbidden('the demo api_key is accepted only in demo mode');
    return demoClient(db);
  }
  if (key.length > 200) throw forbidden('invalid api_key');
  const r = await db.query<Client>('select id, name, channel from open311_clients where key_hash = $1 and revoked_at is null', [hashKey(key)]);
  if (!r.rows[0]) throw forbidden('invalid api_key: it is unknown or has been revoked');
  return r.rows[0];
}

/** The principal of a client's requests (the open311 role of the policies). */
export function clientPrincipal(c: Client): Principal {
  return Object.freeze({ userId: null, username: `open311:${c.name}`, role: 'open311', grids: [] as number[] });
}

/** Runs `fn` in a transaction scoped to the client: its role and its id (app.open311_client). */
export function asClient<T>(deps: { db: Db; feed: Feed }, c: Client, fn: (tx: Queryable, principal: Principal, publish: Publish) => Promise<T>): Promise<T> {
  const principal = clientPrincipal(c);
  return withFeed(deps, principal, async (tx, publish) => {
    await tx.query(`select set_config('app.open311_client', $1, true)`, [String(c.id)]);
    return fn(tx, principal, publish);
  });
}

// Administration (an admin's scoped transaction) ------------------------------------

export interface ClientRecord {
  id: number;
  name: string;
  key_hint: string;
  channel: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
  requests: number;
}

const RECORD = `c.id, c.name, c.key_hint, c.channel, ${isoSql('c.created_at')} as created_at, c.created_by,
  ${isoSql('c.revoked_at')} as revoked_at, c.revoked_by,
  (select count(*)::int from cases k where k.open311_client_id = c.id) as requests`;

async function checkChannel(tx: Queryable, channel: string): Promise<void> {
  const r = await tx.query('select 1 from channels where code = $1', [channel]);
  if (!r.rows.length) {
    throw new AppError(422, 'invalid_reference', `channel ${channel} is not an intake channel`, {
      field: 'channel', reason: 'unknown_code', problems: [{ in: 'body', path: '/channel', message: `channel ${channel} is not an intake channel` }],
    });
  }
}

export async function listClients(tx: Queryable): Promise<ClientRecord[]> {
  return (await tx.query<ClientRecord>(`select ${RECORD} from open311_clients c order by c.id`)).rows;
}

export async function getClient(tx: Queryable, id: number): Promise<ClientRecord> {
  const r = await tx.query<ClientRecord>(`select ${RECORD} from open311_clients c where c.id = $1`, [id]);
  if (!r.rows[0]) throw notFound(`no Open311 client ${id}`);
  return r.rows[0];
}

/** Makes a client; the answer holds its key, which is never shown again. */
export async function createClient(tx: Queryable, p: { name: string; channel?: string }): Promise<ClientRecord & { api_key: string }> {
  if (p.channel !== undefined) await checkChannel(tx, p.channel);
  const k = newKey();
  const r = await tx.query<{ id: number }>(
    `insert into open311_clients (name, key_hash, key_hint, channel) values ($1, $2, $3, coalesce($4, 'hotline_12345')) returning id`,
    [p.name, k.hash, k.hint, p.channel ?? null],
  );
  return { ...(await getClient(tx, r.rows[0]!.id)), api_key: k.key };
}

export async function updateClient(tx: Queryable, id: number, p: { name?: string; channel?: string }): Promise<ClientRecord> {
  if (p.channel !== undefined) await checkChannel(tx, p.channel);
  const r = await tx.query('update open311_clients set name = coalesce($2, name), channel = coalesce($3, channel) where id = $1', [id, p.name ?? null, p.channel ?? null]);
  if (!r.rowCount) throw notFound(`no Open311 client ${id}`);
  return getClient(tx, id);
}

/** Revokes a client's key (again: no change). Its cases stay. */
export async function revokeClient(tx: Queryable, id: number): Promise<ClientRecord> {
  const r = await tx.query(
    `update open311_clients set revoked_at = coalesce(revoked_at, now()),
            revoked_by = coalesce(revoked_by, nullif(current_setting('app.user', true), ''), 'system')
      where id = $1`,
    [id],
  );
  if (!r.rowCount) throw notFound(`no Open311 client ${id}`);
  return getClient(tx, id);
}
