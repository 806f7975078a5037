// Derives grid, sub-grid and block of stored points through the H3 covers: the
// parent of the point's resolution-15 cell at the cover resolution is looked up in
// h3_cover; an interior cell answers at once, a boundary cell is settled with
// ST_Covers. Where a point lies exactly on a boundary shared by two features, the
// lower feature id wins (the same rule as `min(id) ... where ST_Covers`).
import type { Queryable } from '../db/types.ts';

export const LAYER_TABLE = { grid: 'grids', subgrid: 'subgrids', block: 'blocks' } as const;
export type CoverLayer = keyof typeof LAYER_TABLE;

/** Tables whose rows carry a point, an H3 cell and derived unit columns. */
export const LOCATABLE = {
  cases: { point: 'geom', layers: ['grid', 'subgrid', 'block'] },
  components: { point: 'geom', layers: ['grid', 'subgrid', 'block'] },
  buildings: { point: 'point', layers: ['grid', 'subgrid', 'block'] },
  service_points: { point: 'geom', layers: ['grid'] },
  charging_sheds: { point: 'geom', layers: ['grid'] },
} as const satisfies Record<string, { point: string; layers: readonly CoverLayer[] }>;
export type LocatableTable = keyof typeof LOCATABLE;

export async function coverResolution(q: Queryable): Promise<number> {
  const r = await q.query<{ value: number }>(`select value from app_settings where key = 'h3_cover_res'`);
  const res = r.rows[0]?.value;
  if (typeof res !== 'number') throw new Error('the H3 covers have not been built (app_settings h3_cover_res is missing)');
  return res;
}

/** The lookup of one layer for a row aliased `t` with point `pointExpr` and cell `t.h3`. */
export function coverLookupSql(layer: CoverLayer, pointExpr: string, resParam: string): string {
  return `(select min(c.feature_id) from h3_cover c
            left join ${LAYER_TABLE[layer]} f on c.boundary and f.id = c.feature_id
           where c.layer = '${layer}' and c.cell = h3_parent(t.h3, ${resParam})
             and (not c.boundary or st_covers(f.geom, ${pointExpr})))`;
}

/**
 * Recomputes the derived units of the rows of `table` (all rows, or those with an id
 * in `ids`). Returns the number of rows updated.
 */
export async function locateRows(q: Queryable, table: LocatableTable, ids?: readonly (number | string)[]): Promise<number> {
  const spec = LOCATABLE[table];
  const res = await coverResolution(q);
  const sets = spec.layers.map((layer) => `${layer}_id = ${coverLookupSql(layer, `t.${spec.point}`, '$1')}`);
  const where = ids ? 'where t.id = any($2)' : '';
  const params: unknown[] = ids ? [res, ids] : [res];
  const r = await q.query(`update ${table} t set ${sets.join(', ')} ${where}`, params);
  return r.rowCount;
}
