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

-- The cases a repeat is looked for among, by type, a square of 0.001° of longitude by
-- 0.0005° of latitude (at least 55 m on a side up to 60° N) and the time they were
-- closed: the 3 × 3 squares around a point hold every case within 50 m of it.
create index cases_repeat_key on cases (type_code, (floor(st_x(geom) / 0.001)::integer), (floor(st_y(geom) / 0.0005)::integer), closed_at)
  where closed_at is not null and duplicate_of is null;

-- The latest case closed before p_reported (within 30 days) of type p_type within 50 m of
-- the point; null when there is none. The nine squares around the point find the
-- candidates on cases_repeat_key; ST_DWithin on the spheroid decides.
create function case_repeat_of(p_type text, p_lon float8, p_lat float8, p_reported timestamptz)
returns bigint
language sql stable security definer
set app.role = 'system'
set search_path = public, pg_temp
as $$
  select o.id
    from generate_series(-1, 1) dx, generate_series(-1, 1) dy,
         lateral (select o.id, o.geom, o.closed_at from cases o
                   where o.type_code = p_type
                     and floor(st_x(o.geom) / 0.001)::integer = floor(p_lon / 0.001)::integer + dx
                     and floor(st_y(o.geom) / 0.0005)::integer = floor(p_lat / 0.0005)::integer + dy
                     and o.closed_at >= p_reported - interval '30 days' and o.closed_at < p_reported
                     and o.duplicate_of is null and o.status in ('closed', 'evaluated')) o
   where st_dwithin(o.geom::geography, st_setsrid(st_makepoint(p_lon, p_lat), 4326)::geography, 50)
   order by o.closed_at desc, o.id desc
   limit 1
$$;
comment on function case_repeat_of(text, float8, float8, timestamptz) is
  'The case a new report repeats: same type, closed within 50 m in the 30 days before the report (as the system); null when none.';
revoke all on function case_repeat_of(text, float8, float8, timestamptz) from public;
grant execute on function case_repeat_of(text, float8, float8, timestamptz) to gridcity_app;

-- Fills repeat_of in for the stored cases with ids in [p_first, p_last] (all when null)
-- that are repeats; the number of cases marked. The seed calls it over id ranges after
-- writing its cases (in any order), a statement within the statement timeout each.
create function fill_repeat_of(p_first bigint default null, p_last bigint default null) returns integer
language plpgsql volatile
set search_path = public, pg_temp
as $$
declare
  n integer;
begin
  update cases c set repeat_of = r.rep
    from (select id, case_repeat_of(type_code, st_x(geom), st_y(geom), reported_at) as rep
            from cases
           where duplicate_of is null and id >= coalesce(p_first, id) and id <= coalesce(p_last, id)) r
   where r.id = c.id and r.rep is not null and c.repeat_of is distinct from r.rep;
  get diagnostics n = row_count;
  return n;
end
$$;
comment on function fill_repeat_of(bigint, bigint) is
  'Sets repeat_of on the stored cases (ids p_first..p_last, all when null) that repeat an earlier closed one; returns how many were set.';
revoke all on function fill_repeat_of(bigint, bigint) from public;

-- On a store of a million cases this takes minutes (each repeat is rewritten through every
-- index of cases): longer than the pool's statement timeout.
set local statement_timeout = 0;
select fill_repeat_of();
