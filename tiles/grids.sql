-- grids: responsibility grids (polygons), z10-18, with cheap workload figures.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y; no params. Returns geom (EPSG:4326),
-- id, code, name, status, version, community, open_cases, households.
-- Row-level security decides which grids, and which cases in open_cases, the caller sees.
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
),
open_cases as (
  select k.grid_id, count(*)::int as n
    from cases k
   where k.status not in ('closed', 'evaluated', 'cancelled')
   group by k.grid_id
)
select g.geom, g.id, g.code::text as code, g.name, g.status, g.version, c.name as community,
       coalesce(o.n, 0) as open_cases,
       coalesce((select sum(b.households)::int from buildings b where b.grid_id = g.id), 0) as households
  from grids g
  join tile on g.geom && tile.box
  join admin_areas c on c.id = g.community_id
  left join open_cases o on o.grid_id = g.id
