// Where a point lands: its stored H3 cell and the grid, sub-grid and block that hold
// it. Derived data, so it is looked up as the system (a grid chief's scope must not
// hide the grid a point really lies in); whether the caller may write a record
// there is then the row-level-security policies' decision.
import { asSystem, type Principal } from '../auth/principal.ts';
import type { Queryable } from '../db/types.ts';
import { AppError, toAppError } from '../errors.ts';
import { locatePoints, type Units } from '../locate/sql.ts';
import { formatLocation } from '../spatial/geojson/index.ts';
import { referenceErrorOf } from './references.ts';
import { pointCell } from '../spatial/h3cells.ts';

export interface Placed extends Units {
  lon: number;
  lat: number;
  /** Stored cell (resolution 15), decimal string. */
  h3: string;
}

export async function placePoints(tx: Queryable, principal: Principal, points: readonly { lon: number; lat: number }[]): Promise<Placed[]> {
  const refs = points.map((p) => ({ lon: p.lon, lat: p.lat, h3: pointCell(p.lon, p.lat) }));
  const units = await asSystem(tx, principal, () => locatePoints(tx, refs));
  return refs.map((r, i) => ({ ...r, ...units[i]! }));
}

/** The grid a grid chief may not write in (null when the caller may write there). */
export function outsideScope(principal: Principal, grid: number | null): boolean {
  return principal.role === 'grid_chief' && (grid === null || !principal.grids.includes(grid));
}

/**
 * The answer to a write of a point record the database refused: reference codes per
 * field (referenceErrorOf), and a row-level-security refusal with the place and the
 * caller's grids. Anything else is returned unchanged.
 */
export function explainWriteError(err: unknown, principal: Principal, placed: Placed | null, what: 'case' | 'component'): unknown {
  const ref = referenceErrorOf(err);
  if (ref) return ref;
  const e = toAppError(err);
  if (e.code === 'outside_scope' && placed) {
    const mine = principal.role === 'grid_chief' ? `your grid${principal.grids.length > 1 ? 's' : ''} (${principal.grids.join(', ') || 'none'})` : 'what you may edit';
    return new AppError(403, 'outside_scope', `the ${what} at ${formatLocation([placed.lon, placed.lat])} lies outside ${mine}; a grid chief records ${what}s only in their own grid`, {
      location: [placed.lon, placed.lat], grid: placed.grid, yourGrids: principal.grids,
    });
  }
  return err;
}
