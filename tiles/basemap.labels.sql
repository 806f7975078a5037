-- basemap / labels: one point per named thing, z10-18: street offices from z10,
-- communities and water from z12, arterial and secondary roads from z13 (at the middle
-- of the road), parks from z14. Polygons are labelled at a point on their surface.
-- rank orders placement: street 1, community 2, arterial 3, secondary 4, water 5, park 6.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y; no params. Returns geom (EPSG:4326),
-- kind, name, name_en (null where the source has none), rank; no feature id.
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
),
candidates as (
  select st_pointonsurface(a.geom) as geom, a.level as kind, a.name, a.name_en,
         case a.level when 'street' then 1 else 2 end as rank
    from admin_areas a, tile
   where a.geom && tile.box
     and (a.level = 'street' or (a.level = 'community' and $1::int >= 12))
  union all
  select st_lineinterpolatepoint(r.geom, 0.5), 'road', r.name, r.name_en,
         case r.class when 'arterial' then 3 else 4 end
    from roads r, tile
   where r.geom && tile.box
     and r.class in ('arterial', 'secondary')
     and $1::int >= 13
  union all
  select st_pointonsurface(w.geom), 'water', w.name, null::text, 5
    from water_areas w, tile
   where w.geom && tile.box
     and $1::int >= 12
  union all
  select st_pointonsurface(g.geom), 'park', g.name, null::text, 6
    from green_areas g, tile
   where g.geom && tile.box
     and g.kind = 'park'
     and $1::int >= 14
)
select c.geom, c.kind, c.name, c.name_en, c.rank
  from candidates c, tile
 where c.geom && tile.box
