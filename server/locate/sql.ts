// Derives grid, sub-grid and block of stored points through the H3 covers: the
// parent of the point's resolution-15 cell at the cover resolution is looked up in
// h3_cover; an interior cell answers at once, a boundary cell is settled with
// ST_Covers. Where a point lies exactly on a boundary shared by two features, the
// lower feature id wins (the same rule as `min(id) ... where ST_Covers`).
import type { Queryable } from '../db/types.ts';
import { parentCell } from '../spatial/h3cells.ts';

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

export interface PointRef {
  /** Stored cell (resolution 15), decimal string. */
  h3: string;
  lon: number;
  lat: number;
}

export interface Units {
  grid: number | null;
  subgrid: number | null;
  block: number | null;
}

/** Per layer: the smallest feature whose cover cell holds the point, exact on boundary cells. */
function unitColumns(pointExpr: string): string {
  return (Object.keys(LAYER_TABLE) as CoverLayer[])
    .map((layer) => `min(c.feature_id) filter (where c.layer = '${layer}' and (not c.boundary or st_covers(${layer}_f.geom, ${pointExpr}))) as ${layer}`)
    .join(',\n');
}

/** `parentExpr`: the cover-resolution parent of the point's cell. */
function unitJoins(parentExpr: string): string {
  return [
    `left join h3_cover c on c.layer in ('grid', 'subgrid', 'block') and c.cell = ${parentExpr}`,
    ...(Object.entries(LAYER_TABLE) as [CoverLayer, string][]).map(
      ([layer, table]) => `left join ${table} ${layer}_f on c.layer = '${layer}' and c.boundary and ${layer}_f.id = c.feature_id`,
    ),
  ].join('\n');
}

/**
 * Grid, sub-grid and block of points, in the order given. The parent cells are
 * computed here rather than with h3_parent() in SQL: under row-level security the
 * planner may not push a non-leakproof function into the index scan of h3_cover,
 * and a request scoped to gridcity_app then scanned every cover cell (seconds).
 */
export async function locatePoints(q: Queryable, points: readonly PointRef[], batchSize = 20_000): Promise<Units[]> {
  if (points.length === 0) return [];
  const res = await coverResolution(q);
  const out: Units[] = [];
  for (let start = 0; start < points.length; start += batchSize) {
    const batch = points.slice(start, start + batchSize);
    const r = await q.query<{ grid: number | null; subgrid: number | null; block: number | null }>(
      `select ${unitColumns('p.geom')}
         from (select parent, st_setsrid(st_makepoint(lon, lat), 4326) as geom, ord
                 from unnest($1::int8[], $2::float8[], $3::float8[]) with ordinality as u(parent, lon, lat, ord)) p
         ${unitJoins('p.parent')}
        group by p.ord
        order by p.ord`,
      [batch.map((b) => parentCell(b.h3, res)), batch.map((b) => b.lon), batch.map((b) => b.lat)],
      // Its plan (three cover layers, boundary cells settled by ST_Covers) takes longer to make than to run for a few points.
      { prepare: true },
    );
    out.push(...r.rows);
  }
  return out;
}

/**
 * Recomputes the derived units of stored rows of `table` (all rows, or those with
 * an id in `ids`) in one statement; rows whose units do not change are not
 * rewritten. Returns the number of rows updated.
 */
export async function locateRows(q: Queryable, table: LocatableTable, ids?: readonly (number | string)[]): Promise<number> {
  const spec = LOCATABLE[table];
  const res = await coverResolution(q);
  const layers: readonly CoverLayer[] = spec.layers;
  const changed = layers.map((l) => `t.${l}_id is distinct from m.${l}`).join(' or ');
  const r = await q.query(
    `update ${table} t set ${layers.map((l) => `${l}_id = m.${l}`).join(', ')}
       from (select x.id, ${unitColumns(`x.${spec.point}`)}
               from ${table} x
               ${unitJoins('h3_parent(x.h3, $1)')}
              ${ids ? 'where x.id = any($2)' : ''}
              group by x.id) m
      where m.id = t.id and (${changed})`,
    ids ? [res, ids] : [res],
  );
  return r.rowCount;
}
