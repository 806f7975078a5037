-- basemap / buildings: building footprints (polygons), z14-18.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y; no params. Returns geom (EPSG:4326),
-- id, use, floors, households.
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
)
select b.geom, b.id, b.use, b.floors::int as floors, b.households
  from buildings b, tile
 where b.geom && tile.box
   and $1::int >= 14
