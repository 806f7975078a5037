-- basemap / admin: admin boundaries as lines, z10-18: the district and street offices
-- from z10, communities from z12. Each area gives its whole outline, so a border
-- between two areas comes once per area (draw the finer level below the coarser).
-- Contract (tiles/README.md): $1 z, $2 x, $3 y; no params. Returns geom (EPSG:4326),
-- id, level, code, name, name_en.
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
)
select st_boundary(a.geom) as geom, a.id, a.level, a.code, a.name, a.name_en
  from admin_areas a, tile
 where a.geom && tile.box
   and (a.level <> 'community' or $1::int >= 12)
