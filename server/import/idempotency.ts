// Idempotency-Key for imports (and single writes, server/http/idempotent.ts): the key, the target and the SHA-256 of the body of a
// committed import are stored with its answer, in the import's own transaction. The
// same key again with the same body gets the same answer without importing twice;
// with another body or target it is refused. Keys are per user; the same key sent
// twice at once is held by a transaction-level advisory lock, so it imports once.
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';

export const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export interface StoredImport {
  target: string;
  body_sha256: string;
  result: Record<string, unknown>;
}

export function checkKey(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (!KEY_PATTERN.test(raw)) {
    throw new AppError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 200 visible ASCII characters (a UUID is a good choice)');
  }
  return raw;
}

/**
 * Holds the key (per user) until the transaction ends, so that the same upload sent
 * twice at once runs once: the second waits, then finds the first's answer.
 */
export async function lockKey(q: Queryable, userId: number, key: string): Promise<void> {
  await q.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`import_key:${userId}:${key}`]);
}

export async function findImport(q: Queryable, userId: number, key: string): Promise<StoredImport | null> {
  const r = await q.query<StoredImport>('select target, body_sha256, result from import_keys where user_id = $1 and key = $2', [userId, key]);
  return r.rows[0] ?? null;
}

/** The stored answer when it is the same upload; 422 when the key was used for another. */
export function replayOf(stored: StoredImport, target: string, sha256: string, key: string): Record<string, unknown> {
  if (stored.target !== target || stored.body_sha256 !== sha256) {
    throw new AppError(422, 'idempotency_key_reused', `Idempotency-Key "${key}" was used for another request (${stored.target === target ? 'a different body' : `target ${stored.target}`}); use a new key for a new request`, {
      key, target: stored.target,
    });
  }
  return stored.result;
}

export async function storeImport(q: Queryable, userId: number, key: string, target: string, sha256: string, result: unknown): Promise<void> {
  try {
    await q.query('insert into import_keys (user_id, key, target, body_sha256, result) values ($1, $2, $3, $4, $5)', [userId, key, target, sha256, JSON.stringify(result)]);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      throw new AppError(409, 'idempotency_key_in_use', `a request with Idempotency-Key "${key}" was committed while this one ran; nothing was written twice: send the request again to get its answer`, { key });
    }
    throw err;
  }
}
