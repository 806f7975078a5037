-- Repeat problems (重复问题): the "repeat-problem rate" the city reports (DOMAIN.md,
-- measures). A problem has come back when a new report, not a linked duplicate, is of
-- the same type as a case closed within 50 m in the 30 days before it was reported:
-- the earlier case was closed, and the problem is there again. A duplicate is the
-- same problem reported twice while it is still open (duplicate_of); a repeat is the
-- same problem again after it was closed.
--
-- repeat_of is set when a case is written (server/cases/write.ts, through
-- case_repeat_of(), read as the system: the earlier case may lie in a grid the filer
-- cannot see) and filled in here for the cases already stored. An import compares
-- each row with the cases stored before its chunk, not with the rows beside it.

alter table cases add column repeat_of bigint references cases (id) on delete set null;
comment on column cases.repeat_of is
  'The case of the same type closed within 50 m in the 30 days before this one was reported: the problem came back (null: not a repeat; never set on a linked duplicate).';
create index cases_repeat_of on cases (repeat_of) where repeat_of is not null;

-- The latest case closed before p_reported (within 30 days) of type p_type within 50 m of
-- the point; null when there is none. The box (in degrees, with a margin) finds the
-- candidates on cases_geom; ST_DWithin on the spheroid decides.
create function case_repeat_of(p_type text, p_lon float8, p_lat float8, p_reported timestamptz)
returns bigint
language sql stable security definer
set app.role = 'system'
set search_path = public, pg_temp
as $$
  select o.id
    from cases o
   where o.geom && st_expand(st_setsrid(st_makepoint(p_lon, p_lat), 4326), 50 / 110000.0 / greatest(cos(radians(abs(p_lat) + 0.01)), 0.01))
     and o.type_code = p_type
     and o.duplicate_of is null
     and o.status in ('closed', 'evaluated')
     and o.closed_at < p_reported
     and o.closed_at >= p_reported - interval '30 days'
     and st_dwithin(o.geom::geography, st_setsrid(st_makepoint(p_lon, p_lat), 4326)::geography, 50)
   order by o.closed_at desc, o.id desc
   limit 1
$$;
comment on function case_repeat_of(text, float8, float8, timestamptz) is
  'The case a new report repeats: same type, closed within 50 m in the 30 days before the report (as the system); null when none.';
revoke all on function case_repeat_of(text, float8, float8, timestamptz) from public;
grant execute on function case_repeat_of(text, float8, float8, timestamptz) to gridcity_app;

-- Fills repeat_of in for every stored case that is a repeat (the seed calls it after
-- writing its cases, in any order); the number of cases marked.
create function fill_repeat_of() returns integer
language plpgsql volatile
set search_path = public, pg_temp
as $$
declare
  n integer;
begin
  update cases c set repeat_of = r.rep
    from (select id, case_repeat_of(type_code, st_x(geom), st_y(geom), reported_at) as rep from cases where duplicate_of is null) r
   where r.id = c.id and r.rep is not null and c.repeat_of is distinct from r.rep;
  get diagnostics n = row_count;
  return n;
end
$$;
comment on function fill_repeat_of() is 'Sets repeat_of on every stored case that repeats an earlier closed one (for the seed and this migration); returns how many were set.';
revoke all on function fill_repeat_of() from public;

select fill_repeat_of();
