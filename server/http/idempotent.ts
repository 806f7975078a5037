// Idempotency-Key for single writes (a case filed from the field, a photo attached to
// it): the key, what it was for and the SHA-256 of the body are kept with the answer
// in import_keys, in the write's own transaction. A retry after a lost answer finds
// the key and gets the first answer back; nothing is written twice. The same key with
// another body is refused (422). Two requests with one key at once: the second waits
// on the key's row and is answered 409 once the first commits (send it again).
import { createHash } from 'node:crypto';
import type { RouterContext } from '@koa/router';
import type { Principal } from '../auth/principal.ts';
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { checkKey, findImport, replayOf, storeImport } from '../import/idempotency.ts';

export const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  description: 'any unique string per write (a UUID): the same request sent again with it is done once and answered with the first answer',
} as const;

export interface IdempotentWrite {
  key: string;
  userId: number;
  target: string;
  sha256: string;
}

/** The request's Idempotency-Key for `target`, or null when it sends none. */
export function idempotencyOf(ctx: RouterContext, principal: Principal, target: string, body: unknown): IdempotentWrite | null {
  const key = checkKey(ctx.get('idempotency-key') || undefined);
  if (!key) return null;
  if (principal.userId === null) throw new AppError(400, 'invalid_idempotency_key', 'Idempotency-Key needs a signed-in user');
  const sha256 = createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');
  return { key, userId: principal.userId, target, sha256 };
}

/** The first answer to this write, when it was done before; 422 when the key was used for another. */
export async function earlierAnswer(tx: Queryable, w: IdempotentWrite): Promise<Record<string, unknown> | null> {
  const stored = await findImport(tx, w.userId, w.key);
  return stored ? replayOf(stored, w.target, w.sha256, w.key) : null;
}

/** Keeps the answer with the key, in the write's transaction. */
export function rememberAnswer(tx: Queryable, w: IdempotentWrite, answer: Record<string, unknown>): Promise<void> {
  return storeImport(tx, w.userId, w.key, w.target, w.sha256, answer);
}
