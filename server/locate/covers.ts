// Builds the stored H3 covers of the polygon layers from their geometry.
import type { MultiPolygon, Polygon } from 'geojson';
import type { Queryable } from '../db/types.ts';
import { cellCover } from '../spatial/cover.ts';
import { cellToSql } from '../spatial/h3cells.ts';
import { LAYER_TABLE, type CoverLayer } from './sql.ts';

export interface CoverStats {
  layer: CoverLayer;
  features: number;
  cells: number;
  boundary: number;
}

/**
 * Replaces the cover of `layer` (whole layer, or the features in `ids`) with one
 * computed from the current geometry, at resolution `res`.
 */
export async function rebuildCover(
  q: Queryable,
  layer: CoverLayer,
  res: number,
  ids?: readonly number[],
  onFeature?: () => void,
): Promise<CoverStats> {
  const table = LAYER_TABLE[layer];
  const where = ids ? 'where id = any($1)' : '';
  const rows = await q.query<{ id: number; geom: Polygon | MultiPolygon }>(
    `select id, st_asgeojson(geom, 9)::json as geom from ${table} ${where} order by id`,
    ids ? [ids] : [],
  );
  if (ids) await q.query(`delete from h3_cover where layer = $1 and feature_id = any($2)`, [layer, ids]);
  else await q.query(`delete from h3_cover where layer = $1`, [layer]);
  const stats: CoverStats = { layer, features: rows.rows.length, cells: 0, boundary: 0 };
  let cells: string[] = [];
  let features: number[] = [];
  let boundary: boolean[] = [];
  const flush = async () => {
    if (cells.length === 0) return;
    await q.query(
      `insert into h3_cover (layer, cell, feature_id, boundary)
       select $1, cell, feature_id, boundary from unnest($2::int8[], $3::int[], $4::bool[]) as t(cell, feature_id, boundary)`,
      [layer, cells, features, boundary],
    );
    cells = [];
    features = [];
    boundary = [];
  };
  for (const row of rows.rows) {
    for (const c of cellCover(row.geom, res)) {
      cells.push(cellToSql(c.cell));
      features.push(row.id);
      boundary.push(c.boundary);
      stats.cells++;
      if (c.boundary) stats.boundary++;
    }
    if (cells.length >= 20_000) await flush();
    onFeature?.();
  }
  await flush();
  return stats;
}

export async function setCoverResolution(q: Queryable, res: number): Promise<void> {
  await q.query(
    `insert into app_settings (key, value) values ('h3_cover_res', to_jsonb($1::int))
     on conflict (key) do update set value = excluded.value`,
    [res],
  );
}
