-- Bulk imports and component versions.
-- import_keys: the Idempotency-Key of every committed import with its answer, so a
-- retried upload (same key, same bytes) lands once and gets the same answer; written
-- in the import's own transaction, so a refused import leaves no key behind.
-- components.version: edits carry the version they read (If-Match), as cases do.

create table import_keys (
  user_id     integer not null references app_users (id) on delete cascade,
  key         text not null check (length(key) between 1 and 200),
  target      text not null,
  body_sha256 text not null check (body_sha256 ~ '^[0-9a-f]{64}$'),
  result      jsonb not null,
  created_at  timestamptz not null default now(),
  primary key (user_id, key)
);
comment on table import_keys is
  'Idempotency keys of committed bulk imports: who, which target, the SHA-256 of the uploaded body and the answer given.';

grant select, insert on import_keys to gridcity_app;
alter table import_keys enable row level security;
alter table import_keys force row level security;
create policy import_keys_own on import_keys for all
  using (user_id = (select app.user_id()) or (select app.role()) = 'system')
  with check (user_id = (select app.user_id()));

alter table components add column version integer not null default 1;
