-- basemap / green: parks, squares, green belts and sports grounds (polygons), z10-18.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y; no params. Returns geom (EPSG:4326),
-- id, kind, name for the features whose box meets the buffered tile.
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
)
select g.geom, g.id, g.kind, g.name
  from green_areas g, tile
 where g.geom && tile.box
