-- Row-level security. The server runs every request in a transaction that sets
-- app.user, app.user_id, app.role and app.grids and then `SET LOCAL ROLE gridcity_app`:
-- a role that owns nothing and cannot bypass RLS. The tables force RLS, so even their
-- owner sees only what the policies allow; maintenance (migrations, the seed) runs
-- with app.role = 'system'. Policies fail closed: with no app.role set, nothing is
-- visible in a scoped table.
--
-- Roles: admin (everything), planner (reads all, edits boundaries and teams),
-- command (reads all, writes nothing), officer (reads all, edits cases, components and
-- plans), grid_chief (reads and works only the grids in app.grids), public (reads the
-- public layers only).

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'gridcity_app') then
    create role gridcity_app nologin noinherit nobypassrls;
  end if;
end $$;

-- The connecting user must be able to switch to the role (a no-op for a superuser).
do $$
begin
  if not exists (select 1 from pg_roles where rolname = current_user and rolsuper) then
    execute format('grant gridcity_app to %I', current_user);
  end if;
end $$;

create schema if not exists app;
comment on schema app is 'Functions that read the request scope for the row-level security policies.';

create function app.role() returns text language sql stable parallel safe as $$
  select coalesce(nullif(current_setting('app.role', true), ''), 'none')
$$;
create function app.user_id() returns integer language sql stable parallel safe as $$
  select nullif(current_setting('app.user_id', true), '')::integer
$$;
create function app.grids() returns integer[] language sql stable parallel safe as $$
  select coalesce(nullif(current_setting('app.grids', true), '')::integer[], '{}'::integer[])
$$;
/** Roles that read the whole city. */
create function app.reads_all() returns boolean language sql stable parallel safe as $$
  select app.role() in ('system', 'admin', 'planner', 'command', 'officer')
$$;
create function app.role_in(variadic roles text[]) returns boolean language sql stable parallel safe as $$
  select app.role() = 'system' or app.role() = any (roles)
$$;
comment on function app.role() is 'The request''s role (app.role), or none.';
comment on function app.grids() is 'The grids a grid chief''s request is scoped to (app.grids).';

grant usage on schema public, app to gridcity_app;
grant execute on all functions in schema app to gridcity_app;
grant select on all tables in schema public to gridcity_app;
grant insert, update, delete on grids, subgrids, blocks, admin_areas, boundary_history, h3_cover, app_settings,
  people, grid_seats, subgrid_members, block_chiefs, components, cases, case_events,
  service_points, charging_sheds, vendor_zones, buildings, app_users, user_grid_scopes to gridcity_app;
grant usage, select on all sequences in schema public to gridcity_app;

-- Reference tables, the basemap and the admin areas stay readable by every role
-- without policies; only the scoped and writable tables below have RLS.

-- Boundaries -------------------------------------------------------------------
alter table grids enable row level security;
alter table grids force row level security;
create policy grids_read on grids for select
  using ((select app.reads_all()) or id = any ((select app.grids())::integer[]));
create policy grids_write on grids for all
  using ((select app.role_in('admin', 'planner'))) with check ((select app.role_in('admin', 'planner')));

alter table subgrids enable row level security;
alter table subgrids force row level security;
create policy subgrids_read on subgrids for select
  using ((select app.reads_all()) or grid_id = any ((select app.grids())::integer[]));
create policy subgrids_write on subgrids for all
  using ((select app.role_in('admin', 'planner'))) with check ((select app.role_in('admin', 'planner')));

-- A grid chief sees the blocks that share area with their grids.
alter table blocks enable row level security;
alter table blocks force row level security;
create policy blocks_read on blocks for select
  using ((select app.reads_all())
         or exists (select 1 from grids g
                     where g.id = any ((select app.grids())::integer[])
                       and g.geom && blocks.geom and st_relate(g.geom, blocks.geom, '2********')));
create policy blocks_write on blocks for all
  using ((select app.role_in('admin', 'planner'))) with check ((select app.role_in('admin', 'planner')));

alter table admin_areas enable row level security;
alter table admin_areas force row level security;
create policy admin_areas_read on admin_areas for select using (true);
create policy admin_areas_write on admin_areas for all
  using ((select app.role_in('admin', 'planner'))) with check ((select app.role_in('admin', 'planner')));

alter table boundary_history enable row level security;
alter table boundary_history force row level security;
create policy boundary_history_read on boundary_history for select
  using ((select app.reads_all())
         or (layer = 'grid' and feature_id = any ((select app.grids())::integer[]))
         or (layer = 'subgrid' and exists (select 1 from subgrids s where s.id = boundary_history.feature_id)));
create policy boundary_history_write on boundary_history for insert
  with check ((select app.role_in('admin', 'planner')));

alter table h3_cover enable row level security;
alter table h3_cover force row level security;
create policy h3_cover_read on h3_cover for select
  using ((select app.reads_all())
         or (layer = 'grid' and feature_id = any ((select app.grids())::integer[]))
         or (layer = 'subgrid' and exists (select 1 from subgrids s where s.id = h3_cover.feature_id))
         or (layer = 'block' and exists (select 1 from blocks b where b.id = h3_cover.feature_id)));
create policy h3_cover_write on h3_cover for all
  using ((select app.role_in('admin', 'planner'))) with check ((select app.role_in('admin', 'planner')));

alter table app_settings enable row level security;
alter table app_settings force row level security;
create policy app_settings_read on app_settings for select using (true);
create policy app_settings_write on app_settings for all
  using ((select app.role_in('admin', 'planner'))) with check ((select app.role_in('admin', 'planner')));

-- People and teams ---------------------------------------------------------------
alter table grid_seats enable row level security;
alter table grid_seats force row level security;
create policy grid_seats_read on grid_seats for select
  using ((select app.reads_all()) or grid_id = any ((select app.grids())::integer[]));
create policy grid_seats_write on grid_seats for all
  using ((select app.role_in('admin', 'planner'))) with check ((select app.role_in('admin', 'planner')));

alter table subgrid_members enable row level security;
alter table subgrid_members force row level security;
create policy subgrid_members_read on subgrid_members for select
  using ((select app.reads_all()) or exists (select 1 from subgrids s where s.id = subgrid_members.subgrid_id));
create policy subgrid_members_write on subgrid_members for all
  using ((select app.role_in('admin', 'planner'))) with check ((select app.role_in('admin', 'planner')));

alter table block_chiefs enable row level security;
alter table block_chiefs force row level security;
create policy block_chiefs_read on block_chiefs for select
  using ((select app.reads_all()) or exists (select 1 from blocks b where b.id = block_chiefs.block_id));
create policy block_chiefs_write on block_chiefs for all
  using ((select app.role_in('admin', 'planner'))) with check ((select app.role_in('admin', 'planner')));

-- A grid chief sees the people of their own teams and themselves.
alter table people enable row level security;
alter table people force row level security;
create policy people_read on people for select
  using ((select app.reads_all())
         or exists (select 1 from grid_seats s where s.person_id = people.id)
         or exists (select 1 from subgrid_members m where m.person_id = people.id)
         or exists (select 1 from block_chiefs c where c.person_id = people.id)
         or exists (select 1 from app_users u where u.person_id = people.id));
create policy people_write on people for all
  using ((select app.role_in('admin', 'planner'))) with check ((select app.role_in('admin', 'planner')));

-- Components and cases -----------------------------------------------------------
alter table components enable row level security;
alter table components force row level security;
create policy components_read on components for select
  using ((select app.reads_all()) or grid_id = any ((select app.grids())::integer[]));
create policy components_insert on components for insert
  with check ((select app.role_in('admin', 'officer'))
              or ((select app.role()) = 'grid_chief' and grid_id = any ((select app.grids())::integer[])));
create policy components_update on components for update
  using ((select app.role_in('admin', 'officer'))
         or ((select app.role()) = 'grid_chief' and grid_id = any ((select app.grids())::integer[])))
  with check ((select app.role_in('admin', 'officer'))
              or ((select app.role()) = 'grid_chief' and grid_id = any ((select app.grids())::integer[])));
create policy components_delete on components for delete
  using ((select app.role_in('admin', 'officer')));

alter table cases enable row level security;
alter table cases force row level security;
create policy cases_read on cases for select
  using ((select app.reads_all()) or grid_id = any ((select app.grids())::integer[]));
create policy cases_insert on cases for insert
  with check ((select app.role_in('admin', 'officer'))
              or ((select app.role()) = 'grid_chief' and grid_id = any ((select app.grids())::integer[])));
create policy cases_update on cases for update
  using ((select app.role_in('admin', 'officer'))
         or ((select app.role()) = 'grid_chief' and grid_id = any ((select app.grids())::integer[])))
  with check ((select app.role_in('admin', 'officer'))
              or ((select app.role()) = 'grid_chief' and grid_id = any ((select app.grids())::integer[])));
create policy cases_delete on cases for delete
  using ((select app.role_in('admin')));

alter table case_events enable row level security;
alter table case_events force row level security;
create policy case_events_read on case_events for select
  using ((select app.reads_all()) or exists (select 1 from cases c where c.id = case_events.case_id));
create policy case_events_insert on case_events for insert
  with check ((select app.role_in('admin', 'officer'))
              or ((select app.role()) = 'grid_chief' and exists (select 1 from cases c where c.id = case_events.case_id)));

-- Buildings: the basemap everyone reads; their derived units follow boundary edits
-- (written as the system role), the census is edited by admins.
alter table buildings enable row level security;
alter table buildings force row level security;
create policy buildings_read on buildings for select using (true);
create policy buildings_write on buildings for all
  using ((select app.role_in('admin'))) with check ((select app.role_in('admin')));

-- Plans and public facilities: everyone reads, officers edit ------------------------
alter table service_points enable row level security;
alter table service_points force row level security;
create policy service_points_read on service_points for select using (true);
create policy service_points_write on service_points for all
  using ((select app.role_in('admin', 'officer'))) with check ((select app.role_in('admin', 'officer')));

alter table charging_sheds enable row level security;
alter table charging_sheds force row level security;
create policy charging_sheds_read on charging_sheds for select using (true);
create policy charging_sheds_write on charging_sheds for all
  using ((select app.role_in('admin', 'officer'))) with check ((select app.role_in('admin', 'officer')));

alter table vendor_zones enable row level security;
alter table vendor_zones force row level security;
create policy vendor_zones_read on vendor_zones for select using (true);
create policy vendor_zones_write on vendor_zones for all
  using ((select app.role_in('admin', 'officer'))) with check ((select app.role_in('admin', 'officer')));

-- Accounts: each user reads their own row and scope; admins manage accounts -------------
alter table app_users enable row level security;
alter table app_users force row level security;
create policy app_users_read on app_users for select
  using ((select app.role_in('admin')) or id = (select app.user_id()));
create policy app_users_write on app_users for all
  using ((select app.role_in('admin'))) with check ((select app.role_in('admin')));

alter table user_grid_scopes enable row level security;
alter table user_grid_scopes force row level security;
create policy user_grid_scopes_read on user_grid_scopes for select
  using ((select app.role_in('admin')) or user_id = (select app.user_id()));
create policy user_grid_scopes_write on user_grid_scopes for all
  using ((select app.role_in('admin'))) with check ((select app.role_in('admin')));
