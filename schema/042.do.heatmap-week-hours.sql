-- Heatmaps by hour of the day and day of the week, fast under row-level security.
--
-- 1. app.local_week_hour(t): the local (China Standard Time, UTC+8, no daylight
--    saving) hour of the week, 0 = Monday 00:00-00:59 … 167 = Sunday 23:00-23:59.
--    Every filter on hours of the day and days of the week is a list of these values
--    (hours 18-22 on every day: 35 of them), so one B-tree on it serves either filter
--    and both together. The arithmetic runs on the local epoch of
--    `t at time zone interval '+08:00'` (timezone(interval, timestamptz) and
--    date_part(text, timestamp) are immutable: no session setting enters), so the
--    function is truly IMMUTABLE and can be indexed.
--
--    It is PL/pgSQL on purpose, and LEAKPROOF: under row-level security PostgreSQL
--    uses a condition of the query as an index condition only when it is leakproof
--    (otherwise the policy must run first, on every row). A SQL function would be
--    inlined into date_part and timezone calls, which are not leakproof, and the
--    index would never be used for a request. The function returns a value for every
--    finite time and NULL otherwise (infinite times, NULL): it raises no error and has
--    no side effect, so marking it leakproof reveals nothing the policies hide.
--    Only a superuser may mark a function leakproof. Elsewhere the same arithmetic is
--    a plain SQL function instead, which the planner inlines: requests then test the
--    hour of every case as before (about 0.1 µs a case, where a PL/pgSQL call costs
--    about 1 µs), and the indexes serve only the owner role.
--
-- 2. The covering heatmap indexes carry open311_client_id. The read policy on cases
--    tests it (an Open311 client reads the cases it filed), so without it no request
--    could count from an index alone: every request read the case rows (as the owner
--    role, which the policies skip, the index sufficed). NULL in almost every row, it
--    costs a bit in the null bitmap.
--
-- 3. cases_heatmap_grid (a grid chief's or one grid's heatmap) gets the hour of the
--    week between the grid and the report time: a chief's evenings are 35 short runs
--    per grid instead of every case of the grid with the function called on each (PL/
--    pgSQL, about 1 µs a call). A time range without hours is then tested on each
--    index entry of the grid (a comparison, no call): a grid holds a few thousand to a
--    few tens of thousands of cases a year.
--
-- 4. cases_heatmap_week_hour: the hour of the week and the report time, with the
--    columns heatmaps filter and group by. `hours=18-22` reads the 35 runs of its
--    week hours (a quarter of the cases) instead of testing every case; with a time
--    range each run is bounded by the report time too. The report time is a key
--    column also because PostgreSQL plans an index-only scan of an expression index
--    only when the column inside the expression is in the index.
do $$
begin
  if exists (select 1 from pg_roles where rolname = current_user and rolsuper) then
    create function app.local_week_hour(t timestamptz) returns integer
      language plpgsql immutable strict leakproof parallel safe as $f$
    declare
      s bigint;
    begin
      if not isfinite(t) then
        return null;
      end if;
      -- Seconds since 1970-01-01 00:00 local time (a Thursday); shifted by three days
      -- they count from the Monday before, and the week hour is their floor modulo.
      s := floor(date_part('epoch', t at time zone interval '+08:00'))::bigint + 259200;
      return ((s % 604800 + 604800) % 604800 / 3600)::integer;
    end
    $f$;
  else
    raise notice 'not a superuser: app.local_week_hour is a plain SQL function (heatmaps filtered by hour under RLS test every case; the week-hour indexes serve the owner role only)';
    -- Not STRICT, so that the planner inlines it.
    create function app.local_week_hour(t timestamptz) returns integer
      language sql immutable parallel safe
      return case when isfinite(t)
        then (((floor(date_part('epoch', t at time zone interval '+08:00'))::bigint + 259200) % 604800 + 604800) % 604800 / 3600)::integer
      end;
  end if;
end $$;
comment on function app.local_week_hour(timestamptz) is
  'Local (UTC+8) hour of the week of a time: (ISO day of week - 1) * 24 + hour of day, 0-167; NULL for an infinite time. Immutable (and leakproof where a superuser migrated), for the heatmap indexes.';

drop index cases_heatmap;
drop index cases_heatmap_grid;
create index cases_heatmap on cases (reported_at) include (h3, grid_id, open311_client_id, type_code, channel, status);
create index cases_heatmap_grid on cases (grid_id, app.local_week_hour(reported_at), reported_at)
  include (h3, open311_client_id, type_code, channel, status);
create index cases_heatmap_week_hour on cases (app.local_week_hour(reported_at), reported_at)
  include (h3, grid_id, open311_client_id, type_code, channel, status);
comment on index cases_heatmap is
  'Report time with the columns heatmaps filter and group by and the read policy tests (cell, grid, Open311 client, type, channel, status), for index-only counts.';
comment on index cases_heatmap_grid is
  'Grid, local hour of the week and report time with the columns heatmaps filter and group by and the read policy tests, for index-only counts of one grid or a grid chief''s grids.';
comment on index cases_heatmap_week_hour is
  'Local hour of the week and report time with the columns heatmaps filter and group by and the read policy tests, for index-only counts by hour of the day and day of the week.';

-- Statistics of the new expression, so that the planner knows how many cases a list
-- of week hours keeps.
analyze cases;
