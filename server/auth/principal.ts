// Who is asking: a signed-in user or the public, with their role and grid scope, and
// the transaction that carries that scope into the database's row-level security.
import type { Db, Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';

export const ROLES = ['admin', 'planner', 'command', 'officer', 'grid_chief', 'public'] as const;
/**
 * The roles of users, and `open311`: the role of a request made with an Open311
 * client's API key (never a user's; it files cases on its channel and reads only
 * those, schema/014.do.open311.sql).
 */
export type Role = (typeof ROLES)[number] | 'open311';

/** Roles that read the whole city (the policies' app.reads_all()). */
export const CITY_WIDE_ROLES: readonly Role[] = ['admin', 'planner', 'command', 'officer'];

export interface Principal {
  userId: number | null;
  username: string;
  role: Role;
  /** The grids a grid chief is scoped to (empty for the other roles). */
  grids: number[];
}

export const PUBLIC_PRINCIPAL: Principal = Object.freeze({ userId: null, username: 'public', role: 'public', grids: [] as number[] });

export const unauthorized = (message: string) => new AppError(401, 'unauthorized', message);

/**
 * Sets the request scope in the current transaction and drops to `gridcity_app`, the
 * non-owner role the row-level-security policies apply to. From here on the database
 * itself decides what the principal sees and may change.
 */
export async function applyScope(tx: Queryable, p: Principal): Promise<void> {
  await tx.query(
    `select set_config('app.role', $1, true), set_config('app.user', $2, true),
            set_config('app.user_id', $3, true), set_config('app.grids', $4, true)`,
    [p.role, p.username, p.userId === null ? '' : String(p.userId), `{${p.grids.join(',')}}`],
  );
  await tx.exec('set local role gridcity_app');
}

/** Runs `fn` in a transaction scoped to the principal. */
export function scopeTransaction<T>(db: Db, p: Principal, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await applyScope(tx, p);
    return fn(tx);
  });
}

/** A key shared by every principal that sees the same rows (for caches of query results). */
export function visibilityKey(p: Principal): string {
  if (p.role === 'grid_chief') return `grids:${p.grids.join(',')}`;
  return CITY_WIDE_ROLES.includes(p.role) ? 'city' : 'public';
}

/**
 * Runs `fn` with the system role inside a scoped transaction: the one way server code
 * updates data derived from a permitted write (the units of the points a moved
 * boundary now holds) that the principal could not write directly.
 */
export async function asSystem<T>(tx: Queryable, p: Principal, fn: () => Promise<T>): Promise<T> {
  await tx.query(`select set_config('app.role', 'system', true)`);
  // On an error the transaction rolls back, and the setting with it.
  const result = await fn();
  await tx.query(`select set_config('app.role', $1, true)`, [p.role]);
  return result;
}
