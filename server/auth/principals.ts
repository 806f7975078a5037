// The principal behind a verified token: the account's role, active flag and grid
// scope read from the database, kept for a moment so that a burst of requests (tiles)
// does not read it each time. A disabled account or a changed scope takes effect
// within `ttlMs`.
import type { Db } from '../db/types.ts';
import { PUBLIC_PRINCIPAL, type Principal, type Role, unauthorized } from './principal.ts';

export class Principals {
  private readonly cache = new Map<number, { at: number; principal: Principal }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 2_000,
  ) {}

  public(): Principal {
    return PUBLIC_PRINCIPAL;
  }

  /** The cached principal while it is fresh, else undefined (never reads the database). */
  peek(userId: number): Principal | undefined {
    const hit = this.cache.get(userId);
    return hit && Date.now() - hit.at < this.ttlMs ? hit.principal : undefined;
  }

  async get(userId: number): Promise<Principal> {
    const now = Date.now();
    const hit = this.cache.get(userId);
    if (hit && now - hit.at < this.ttlMs) return hit.principal;
    // Read as the maintenance role: the account table is not visible to a request
    // before its scope is known.
    const r = await this.db.query<{ username: string; role: Role; grids: number[] }>(
      `select u.username, u.role,
              coalesce((select array_agg(s.grid_id order by s.grid_id) from user_grid_scopes s where s.user_id = u.id), '{}') as grids
         from app_users u where u.id = $1 and u.active`,
      [userId],
    );
    const row = r.rows[0];
    if (!row) {
      this.cache.delete(userId);
      throw unauthorized('the account of this token no longer exists or is disabled; sign in again');
    }
    const principal: Principal = Object.freeze({
      userId,
      username: row.username,
      role: row.role,
      grids: row.role === 'grid_chief' ? row.grids.map(Number) : [],
    });
    this.cache.set(userId, { at: now, principal });
    if (this.cache.size > 10_000) this.cache.clear();
    return principal;
  }

  /** Forgets a user (after their account or scope changed). */
  forget(userId?: number): void {
    if (userId === undefined) this.cache.clear();
    else this.cache.delete(userId);
  }
}
