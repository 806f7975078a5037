-- Public places: what residents (the public role, and every request without a token)
-- may see of the service points, charging sheds and vendor zones, and the indexes the
-- "nearest to me" queries walk.
--
-- Until now every role read every row of these tables. Staff keep that; the public
-- (and an Open311 client) sees only the service points marked public and the charging
-- sheds and vendor zones in operation: a planned shed, a closed zone or a staff-only
-- point never reaches a public map, a tile or the API. A request with no role (no
-- app.role set) sees nothing, as everywhere else.

drop policy service_points_read on service_points;
create policy service_points_read on service_points for select
  using ((select app.reads_all()) or (select app.role()) = 'grid_chief'
         or ((select app.role()) in ('public', 'open311') and public));

drop policy charging_sheds_read on charging_sheds;
create policy charging_sheds_read on charging_sheds for select
  using ((select app.reads_all()) or (select app.role()) = 'grid_chief'
         or ((select app.role()) in ('public', 'open311') and status = 'operating'));

drop policy vendor_zones_read on vendor_zones;
create policy vendor_zones_read on vendor_zones for select
  using ((select app.reads_all()) or (select app.role()) = 'grid_chief'
         or ((select app.role()) in ('public', 'open311') and status = 'operating'));

-- Nearest-place queries order by `geom::geography <-> point` (KNN on the sphere, the
-- exact distance rechecked by the index scan): one GiST index per table on that
-- expression, on both backends.
create index service_points_geog on service_points using gist ((geom::geography));
create index charging_sheds_geog on charging_sheds using gist ((geom::geography));
create index vendor_zones_geog on vendor_zones using gist ((geom::geography));
create index green_areas_geog on green_areas using gist ((geom::geography));

comment on policy service_points_read on service_points is
  'Staff read every point; the public and Open311 clients only those marked public.';
comment on policy charging_sheds_read on charging_sheds is
  'Staff read every shed; the public and Open311 clients only the sheds in operation.';
comment on policy vendor_zones_read on vendor_zones is
  'Staff read every zone; the public and Open311 clients only the zones in operation.';
