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

grant execute on function next_case_codes(text[], integer[]) to gridcity_app;
