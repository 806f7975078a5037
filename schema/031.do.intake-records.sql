-- Channel adapters (server/intake/): the source record behind a case, by channel and
-- the source's own id (a hotline work-order number, a row id of a batch file), so a
-- record sent again lands once.
create table intake_records (
  channel     text not null references channels (code),
  external_id text not null check (external_id ~ '\S' and length(external_id) <= 200),
  case_id     bigint not null references cases (id) on delete cascade,
  adapter     text not null check (adapter in ('open311', 'csv')),
  received_at timestamptz not null default now(),
  received_by text not null default coalesce(nullif(current_setting('app.user', true), ''), 'system'),
  primary key (channel, external_id)
);
create index intake_records_case on intake_records (case_id);
comment on table intake_records is
  'The source record of a case that came through a channel adapter: channel and the source''s id (unique: a re-sent record lands once), the adapter, when and by whom.';

grant select, insert on intake_records to gridcity_app;

alter table intake_records enable row level security;
alter table intake_records force row level security;
create policy intake_records_read on intake_records for select
  using ((select app.reads_all()) or exists (select 1 from cases c where c.id = intake_records.case_id));
create policy intake_records_insert on intake_records for insert
  with check ((select app.role_in('admin', 'officer')) and exists (select 1 from cases c where c.id = intake_records.case_id));
