-- Let the query planner use indexes under row-level security. For the non-owner
-- request role, PostgreSQL evaluates the policies before any condition of the query
-- that is not LEAKPROOF, so a bounding-box test (`&&`, geometry_overlaps) could not
-- use the GiST index and every tile or bbox query scanned its table. The bounding-box
-- overlap of two geometries raises no error that depends on their values, so marking
-- it leakproof reveals nothing the policies hide. Only a superuser may mark a
-- function leakproof; elsewhere this step is skipped (queries stay correct, slower).
do $$
begin
  if exists (select 1 from pg_roles where rolname = current_user and rolsuper) then
    alter function geometry_overlaps(geometry, geometry) leakproof;
  else
    raise notice 'not a superuser: geometry_overlaps left as it is (bbox queries under RLS will not use the GiST indexes)';
  end if;
end $$;

-- Not STRICT, so the planner inlines it (a STRICT SQL function is called per row,
-- about 8x slower); the result for NULL input is NULL either way.
create or replace function h3_parent(cell bigint, p integer) returns bigint
  language sql immutable parallel safe
  return case
    when p < 0 or p > ((cell >> 52) & 15) then null
    else (cell & ~(15::bigint << 52)) | (p::bigint << 52) | ((1::bigint << (3 * (15 - p))) - 1)
  end;
