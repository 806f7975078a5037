// The accepted edits of one grid, sub-grid or block, newest first.
import type { Queryable } from '../db/types.ts';
import { notFound } from '../errors.ts';
import type { UnitLayer } from './layers.ts';

export async function unitHistory(q: Queryable, layer: UnitLayer, id: number, limit: number, offset: number) {
  const r = await q.query<{
    version: number;
    op: string;
    actor: string;
    at: Date;
    before_geom: unknown;
    after_geom: unknown;
    before_attrs: Record<string, unknown> | null;
    after_attrs: Record<string, unknown> | null;
    total: number;
  }>(
    `select version, op, actor, at, st_asgeojson(before_geom, 7)::json as before_geom, st_asgeojson(after_geom, 7)::json as after_geom,
            before_attrs, after_attrs, count(*) over ()::int as total
       from boundary_history where layer = $1 and feature_id = $2
      order by version desc, id desc limit $3 offset $4`,
    [layer, id, limit, offset],
  );
  if (r.rows.length === 0 && offset === 0) throw notFound(`no history for ${layer} ${id}`);
  const changedKeys = (a: Record<string, unknown> | null, b: Record<string, unknown> | null) =>
    Object.keys({ ...a, ...b }).filter((k) => k !== 'version' && k !== 'updated_by' && JSON.stringify(a?.[k]) !== JSON.stringify(b?.[k]));
  return {
    layer,
    id,
    total: r.rows[0]?.total ?? 0,
    entries: r.rows.map((e) => ({
      version: e.version,
      op: e.op,
      actor: e.actor,
      at: e.at,
      changed: changedKeys(e.before_attrs, e.after_attrs),
      geometryChanged: JSON.stringify(e.before_geom) !== JSON.stringify(e.after_geom),
      before: e.before_geom || e.before_attrs ? { geometry: e.before_geom, properties: e.before_attrs } : null,
      after: e.after_geom || e.after_attrs ? { geometry: e.after_geom, properties: e.after_attrs } : null,
    })),
  };
}
