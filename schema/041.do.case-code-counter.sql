-- Case codes from a counter row per day (issue 9, ingest).
--
-- A case code is the report day (China time) and a six-digit sequence within it
-- (server/cases/rules.ts). Codes were handed out under a transaction-level advisory
-- lock held until the case's transaction committed, so every concurrent POST and
-- every import chunk waited for the one before it. Now a counter row per day is
-- bumped by one short statement that commits on its own, before the case's
-- transaction opens: a case that is then refused or rolled back leaves a gap in its
-- day's sequence (accepted: codes stay unique, not dense).
--
-- The counter starts from (and never falls below) the highest code of the day found
-- in cases, so cases written without it (the seed, an older server) are respected;
-- the unique index on cases.code stays the last word.

create table case_code_days (
  day  text primary key check (day ~ '^[0-9]{8}$'),
  last integer not null check (last between 0 and 999999)
);
comment on table case_code_days is
  'The last case-code sequence handed out per report day (YYYYMMDD, China time); bumped by next_case_codes() outside the case''s transaction.';

-- For each day, `n` more codes: the range (first, last) of sequences now reserved.
-- Read and written as the system (the highest code of a day is over every grid).
create function next_case_codes(p_days text[], p_counts integer[])
returns table (day text, first integer, last integer)
language plpgsql volatile security definer
set app.role = 'system'
set search_path = public, pg_temp
as $$
#variable_conflict use_column
declare
  i integer;
  top integer;
  l integer;
begin
  if coalesce(array_length(p_days, 1), 0) <> coalesce(array_length(p_counts, 1), 0) then
    raise exception 'next_case_codes: % days but % counts', array_length(p_days, 1), array_length(p_counts, 1);
  end if;
  for i in 1 .. coalesce(array_length(p_days, 1), 0) loop
    if p_counts[i] < 1 then
      raise exception 'next_case_codes: count % for day % is not positive', p_counts[i], p_days[i];
    end if;
    -- One backward step on the unique index of cases.code.
    select coalesce(substr(max(c.code), 9, 6)::integer, 0) into top
      from cases c where c.code between p_days[i] || '000000' and p_days[i] || '999999';
    insert into case_code_days as d (day, last) values (p_days[i], top + p_counts[i])
      on conflict on constraint case_code_days_pkey do update set last = greatest(d.last, top) + p_counts[i]
      returning d.last into l;
    day := p_days[i];
    first := l - p_counts[i] + 1;
    last := l;
    return next;
  end loop;
end
$$;
comment on function next_case_codes(text[], integer[]) is
  'Reserves p_counts[i] case-code sequences on day p_days[i]; returns each day''s range. Call it in a statement of its own, outside the case''s transaction: the day''s counter row stays locked until the caller commits.';

revoke all on function next_case_codes(text[], integer[]) from public;
grant execute on function next_case_codes(text[], integer[]) to gridcity_app;

-- The duplicate check of a new case looks for an open case of the same type within
-- a few tens of metres and hours. By type and time it read every open case of the
-- type reported in the window (hundreds at a busy hour, each tested by distance); by
-- place, among open cases only, it reads the handful within the box around the point.
create index cases_open_geom on cases using gist (geom)
  where status not in ('closed', 'evaluated', 'cancelled') and duplicate_of is null;
comment on index cases_open_geom is 'Open cases that are not duplicates, by place: the duplicate check of intake (server/cases/write.ts).';

-- Units, street office, owner and duplicate of new cases, for intake
-- (server/cases/write.ts), per point in input order, in one statement: with p_locate,
-- the grid, sub-grid and block through the H3 covers as server/locate/sql.ts finds them
-- (the cover-resolution parent of the point's resolution-15 cell looked up in h3_cover;
-- a boundary cell settled by ST_Covers; the lower id on a shared edge), else the units
-- given; the street office (the grid's, else the one covering the point, else the
-- nearest); the holder of the seat that owns the case's type in its grid; and the open
-- case of the same type nearest to it within p_radius metres and p_window hours (none
-- when p_radius is 0). As the system: the duplicate may lie in another grid, and
-- whoever files the case need not see the teams. PL/pgSQL keeps the plan between
-- calls, and run by its owner the box test (&&) can use the GiST index (under a policy
-- it may not: PostGIS operators are not leakproof).
create function intake_route(p_lon float8[], p_lat float8[], p_h3 bigint[], p_grid integer[], p_subgrid integer[], p_block integer[],
                             p_locate boolean, p_seat text[], p_type text[], p_reported timestamptz[], p_radius float8, p_window float8)
returns table (ord bigint, grid integer, subgrid integer, block integer, street integer, person_id integer, dup bigint, dup_code text)
language plpgsql stable security definer
set app.role = 'system'
set search_path = public, pg_temp
as $$
#variable_conflict use_column
declare
  v_res integer;
begin
  if p_locate then
    select (value #>> '{}')::integer into v_res from app_settings where key = 'h3_cover_res';
    if v_res is null then
      raise exception 'the H3 covers have not been built (app_settings h3_cover_res is missing)';
    end if;
  end if;
  return query
  select t.ord, u.grid, u.subgrid, u.block,
         coalesce(
           (select c.parent_id from grids g join admin_areas c on c.id = g.community_id where g.id = u.grid),
           (select min(s.id) from admin_areas s where s.level = 'street' and st_covers(s.geom, p.geom)),
           (select s.id from admin_areas s where s.level = 'street' order by s.geom <-> p.geom, s.id limit 1))::integer,
         (select min(s.person_id) from grid_seats s where s.grid_id = u.grid and s.seat_kind = t.seat)::integer,
         d.id::bigint, d.code::text
    from unnest(p_lon, p_lat, p_h3, p_grid, p_subgrid, p_block, p_seat, p_type, p_reported)
           with ordinality as t(lon, lat, h3, grid, subgrid, block, seat, type_code, reported, ord)
   cross join lateral (select st_setsrid(st_makepoint(t.lon, t.lat), 4326) as geom,
                              (t.h3 & ~(15::bigint << 52)) | (v_res::bigint << 52) | ((1::bigint << (3 * (15 - v_res))) - 1) as parent) p
   cross join lateral (
           select case when p_locate then l.grid else t.grid end as grid,
                  case when p_locate then l.subgrid else t.subgrid end as subgrid,
                  case when p_locate then l.block else t.block end as block
             from (select min(c.feature_id) filter (where c.layer = 'grid' and (not c.boundary or st_covers(gf.geom, p.geom))) as grid,
                          min(c.feature_id) filter (where c.layer = 'subgrid' and (not c.boundary or st_covers(sf.geom, p.geom))) as subgrid,
                          min(c.feature_id) filter (where c.layer = 'block' and (not c.boundary or st_covers(bf.geom, p.geom))) as block
                     from h3_cover c
                     left join grids gf on c.layer = 'grid' and c.boundary and gf.id = c.feature_id
                     left join subgrids sf on c.layer = 'subgrid' and c.boundary and sf.id = c.feature_id
                     left join blocks bf on c.layer = 'block' and c.boundary and bf.id = c.feature_id
                    where p_locate and c.layer in ('grid', 'subgrid', 'block') and c.cell = p.parent) l) u
    left join lateral (
           -- Open cases in the box around the point first (in degrees: the radius over the metres of a degree of
           -- longitude at the point, with 1 % to spare), on cases_open_geom; "offset 0" keeps the planner from
           -- reading every open case of the type in the window instead.
           select c.id, c.code
             from (select o.id, o.code, o.geom, o.type_code, o.reported_at from cases o
                    where o.status not in ('closed', 'evaluated', 'cancelled') and o.duplicate_of is null
                      and o.geom && st_expand(p.geom, p_radius / 110000.0 / greatest(cos(radians(abs(t.lat) + 0.01)), 0.01))
                   offset 0) c
            where c.type_code = t.type_code
              and c.reported_at between t.reported - p_window * interval '1 hour' and t.reported + p_window * interval '1 hour'
              and st_dwithin(c.geom::geography, p.geom::geography, p_radius)
            order by c.geom <-> p.geom, c.id limit 1) d on p_radius > 0
   order by t.ord;
end
$$;
comment on function intake_route(float8[], float8[], bigint[], integer[], integer[], integer[], boolean, text[], text[], timestamptz[], float8, float8) is
  'Units (optionally), street office, seat holder and open duplicate of new cases (intake), read as the system.';
revoke all on function intake_route(float8[], float8[], bigint[], integer[], integer[], integer[], boolean, text[], text[], timestamptz[], float8, float8) from public;
grant execute on function intake_route(float8[], float8[], bigint[], integer[], integer[], integer[], boolean, text[], text[], timestamptz[], float8, float8) to gridcity_app;

-- The event on the original of each duplicate linked at intake ("a new report of the
-- same problem was linked"), written as the system: the original may lie in a grid the
-- filer cannot see.
create function intake_link_duplicates(p_original bigint[], p_duplicate bigint[], p_code text[], p_at timestamptz)
returns void
language sql volatile security definer
set app.role = 'system'
set search_path = public, pg_temp
as $$
  insert into case_events (case_id, at, actor, from_status, to_status, action, note, data)
  select o, p_at, 'system:intake', c.status, c.status, 'duplicate_linked', '同一问题的新报告已关联：案件 ' || k,
         jsonb_build_object('duplicate', d, 'duplicate_code', k)
    from unnest(p_original, p_duplicate, p_code) as t(o, d, k) join cases c on c.id = t.o
$$;
comment on function intake_link_duplicates(bigint[], bigint[], text[], timestamptz) is
  'Notes on each original the duplicate linked to it at intake (as the system).';
revoke all on function intake_link_duplicates(bigint[], bigint[], text[], timestamptz) from public;
grant execute on function intake_link_duplicates(bigint[], bigint[], text[], timestamptz) to gridcity_app;
