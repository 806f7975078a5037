// The generic wrappers around a layer's feature query (tiles/README.md), built once per
// layer: identifiers come from the checked manifest only, values are bound ($1 z, $2 x,
// $3 y, $4... the source's params).
//
// 'mvt' (PostGIS with protobuf): ST_AsMVTGeom + ST_AsMVT make the layer's bytes.
// 'js'  (the embedded PGlite, which has no ST_AsMVT): the same steps in plain SQL, as
//       ST_AsMVTGeom takes them (to tile coordinates, snap to the integer grid, drop
//       collinear points, clip to the buffered tile, snap again, polygons made valid),
//       returned as GeoJSON in tile coordinates for the JS encoder (mvt.ts).
import type { TileLayer } from './manifest.ts';

export type RenderMode = 'mvt' | 'js';

const quoteIdent = (name: string) => `"${name}"`;
const quoteLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

function columns(layer: TileLayer, from: string): string[] {
  return [...(layer.id ? ['id'] : []), ...Object.keys(layer.fields)].map((c) => `${from}.${quoteIdent(c)}`);
}

/** One row: `mvt`, the layer's bytes (empty when no feature is left). */
export function mvtSql(layer: TileLayer, extent: number, buffer: number): string {
  return `with f as (
${layer.query}
)
select coalesce(st_asmvt(t, ${quoteLiteral(layer.name)}, ${extent}, 'geom'${layer.id ? `, 'id'` : ''}), ''::bytea) as mvt
  from (select st_asmvtgeom(st_transform(f.geom, 3857), st_tileenvelope($1::int, $2::int, $3::int)::box2d, ${extent}, ${buffer}, true) as geom,
               ${columns(layer, 'f').join(', ')}
          from f) t
 where t.geom is not null`;
}

/** Rows of the id, the fields and `geojson`, the geometry in tile coordinates. */
export function featureSql(layer: TileLayer, extent: number, buffer: number): string {
  const lo = -buffer;
  const hi = extent + buffer;
  const box = `st_makeenvelope(${lo}, ${lo}, ${hi}, ${hi})`;
  // As ST_AsMVTGeom: a geometry inside the box (edges included) is kept whole.
  const clipped = `(case when g.geom @ ${box} then g.geom else st_clipbybox2d(g.geom, ${box}) end)`;
  // Clipping cuts edges at the box: snap the new vertices; polygons made valid again.
  const finished = layer.geometry === 'polygon'
    ? `st_collectionextract(st_makevalid(st_snaptogrid(${clipped}, 1)), 3)`
    : `st_snaptogrid(${clipped}, 1)`;
  return `with f as (
${layer.query}
),
k as (
  select ${extent} / (st_xmax(e) - st_xmin(e)) as fx, -(${extent} / (st_ymax(e) - st_ymin(e))) as fy,
         st_xmin(e) as x0, st_ymax(e) as y0
    from (select st_tileenvelope($1::int, $2::int, $3::int)::box2d as e) s
),
g as (
  select ${columns(layer, 'f').join(', ')},
         st_simplify(st_snaptogrid(st_affine(st_transform(f.geom, 3857), k.fx, 0, 0, k.fy, -k.x0 * k.fx, -k.y0 * k.fy), 1), 0, false) as geom
    from f, k
),
c as (
  select ${columns(layer, 'g').join(', ')}, ${finished} as geom
    from g
   where g.geom is not null and not st_isempty(g.geom)
     and g.geom && ${box}
)
select ${columns(layer, 'c').join(', ')}, st_asgeojson(c.geom, 0) as geojson
  from c
 where c.geom is not null and not st_isempty(c.geom)`;
}
