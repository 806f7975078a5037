-- Residents' reports (码上反映, no account): a case filed through the public reporting
-- client (an Open311 client on channel qr_scan, made on first use), found again by an
-- unguessable tracking code, rated by the resident once it is closed. The public role
-- reads no row of public_reports or cases: two SECURITY DEFINER functions answer
-- a tracking code with the case code (whose public fields open311_requests gives) and
-- take the rating.
create table public_reports (
  tracking_code  text primary key check (tracking_code ~ '^[0-9A-HJKMNP-TV-Z]{10}$'),
  case_id        bigint not null unique references cases (id) on delete cascade,
  community      text check (length(community) <= 40),
  created_at     timestamptz not null default now(),
  rating         smallint check (rating between 1 and 5),
  rating_comment text check (length(rating_comment) <= 500),
  rated_at       timestamptz,
  check ((rating is null) = (rated_at is null))
);
comment on table public_reports is
  'Residents'' reports: the tracking code of a case filed from the public reporting page, the community of the QR code, and the resident''s rating once closed.';

grant select, insert on public_reports to gridcity_app;
alter table public_reports enable row level security;
alter table public_reports force row level security;
create policy public_reports_read on public_reports for select
  using ((select app.reads_all()) or exists (select 1 from cases c where c.id = public_reports.case_id));
create policy public_reports_insert on public_reports for insert
  with check ((select app.role()) = 'open311' and exists (select 1 from cases c where c.id = public_reports.case_id));
-- Ratings are written only through public_report_rate (as the system).
create policy public_reports_rate on public_reports for update
  using ((select app.role()) = 'system') with check ((select app.role()) = 'system');

create function public_report(p_code text)
returns table (case_code text, status text, rating smallint, rated_at timestamptz)
language sql stable security definer
set app.role = 'system'
set search_path = public, pg_temp
as $$
  select c.code, c.status, r.rating, r.rated_at from public_reports r join cases c on c.id = r.case_id where r.tracking_code = p_code
$$;
comment on function public_report(text) is 'A tracking code''s case code, status and rating (public: nothing personal).';

-- 'rated', 'not_found', 'not_closed' or 'already_rated'.
create function public_report_rate(p_code text, p_rating smallint, p_comment text)
returns text
language plpgsql security definer
set app.role = 'system'
set search_path = public, pg_temp
as $$
declare
  r record;
begin
  select p.rating, c.status into r from public_reports p join cases c on c.id = p.case_id where p.tracking_code = p_code for update of p;
  if not found then return 'not_found'; end if;
  if r.status not in ('closed', 'evaluated') then return 'not_closed'; end if;
  if r.rating is not null then return 'already_rated'; end if;
  update public_reports set rating = p_rating, rating_comment = p_comment, rated_at = now() where tracking_code = p_code;
  return 'rated';
end
$$;
comment on function public_report_rate(text, smallint, text) is 'The resident rates a closed case once, by its tracking code.';

revoke all on function public_report(text), public_report_rate(text, smallint, text) from public;
grant execute on function public_report(text), public_report_rate(text, smallint, text) to gridcity_app;
