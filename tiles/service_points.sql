-- service_points: service and public points, z12-18.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y; no params. Returns geom (EPSG:4326),
-- id, kind, name, name_en, public.
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
)
select p.geom, p.id, p.kind, p.name, p.name_en, p.public
  from service_points p, tile
 where p.geom && tile.box
