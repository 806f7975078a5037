-- basemap / roads: road centrelines by class (lines), z10-18: arterial from z10,
-- secondary from z11, branch from z12, lanes from z14.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y; no params. Returns geom (EPSG:4326),
-- id, class, name, name_en.
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
)
select r.geom, r.id, r.class, r.name, r.name_en
  from roads r, tile
 where r.geom && tile.box
   and $1::int >= case r.class when 'arterial' then 10 when 'secondary' then 11 when 'branch' then 12 else 14 end
