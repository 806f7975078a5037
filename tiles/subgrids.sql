-- subgrids: sub-grids of the grids (polygons), z12-18.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y; no params. Returns geom (EPSG:4326),
-- id, code, name, grid_id, grid_code, version, open_cases.
-- Row-level security decides which sub-grids and cases the caller sees.
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
),
open_cases as (
  select k.subgrid_id, count(*)::int as n
    from cases k
   where k.status not in ('closed', 'evaluated', 'cancelled')
   group by k.subgrid_id
)
select s.geom, s.id, s.code::text as code, s.name, s.grid_id, g.code::text as grid_code, s.version,
       coalesce(o.n, 0) as open_cases
  from subgrids s
  join tile on s.geom && tile.box
  join grids g on g.id = s.grid_id
  left join open_cases o on o.subgrid_id = s.id
