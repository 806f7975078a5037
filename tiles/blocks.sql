-- blocks: street blocks (polygons), z13-18, with households and open cases.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y; no params. Returns geom (EPSG:4326),
-- id, code, name, landuse, version, households, open_cases.
-- Row-level security decides which blocks and cases the caller sees.
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
),
open_cases as (
  select k.block_id, count(*)::int as n
    from cases k
   where k.status not in ('closed', 'evaluated', 'cancelled')
   group by k.block_id
)
select bl.geom, bl.id, bl.code, bl.name, bl.landuse, bl.version,
       coalesce((select sum(b.households)::int from buildings b
                  where b.geom && bl.geom and b.block_id = bl.id), 0) as households,
       coalesce(o.n, 0) as open_cases
  from blocks bl
  join tile on bl.geom && tile.box
  left join open_cases o on o.block_id = bl.id
