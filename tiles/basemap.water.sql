-- basemap / water: rivers, lakes and ponds (polygons), z10-18.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y; no params. Returns geom (EPSG:4326),
-- id, kind, name for the features whose box meets the tile widened by its buffer
-- (64 of 4096 units: margin 0.015625).
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
)
select w.geom, w.id, w.kind, w.name
  from water_areas w, tile
 where w.geom && tile.box
