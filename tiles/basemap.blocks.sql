-- basemap / blocks: street blocks with their land use (polygons), z13-18.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y; no params. Returns geom (EPSG:4326),
-- id, code, name, landuse. Row-level security decides which blocks the caller sees.
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
)
select b.geom, b.id, b.code, b.name, b.landuse
  from blocks b, tile
 where b.geom && tile.box
   and $1::int >= 13
