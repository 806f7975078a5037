-- Field reports (issue 10): staff who may file cases (admins, officers, grid chiefs)
-- attach photos taken on patrol to a case they can see, and the first photo goes on
-- the case's first event as a resident's does. A retried case creation lands once
-- through its Idempotency-Key, kept in import_keys (target 'case') in the same
-- transaction as the case.

create policy report_photos_insert_staff on report_photos for insert
  with check ((select app.role_in('admin', 'officer', 'grid_chief'))
              and exists (select 1 from cases c where c.id = report_photos.case_id));

create policy case_events_update_staff_photo on case_events for update
  using ((select app.role_in('admin', 'officer', 'grid_chief')) and from_status is null
         and exists (select 1 from cases c where c.id = case_events.case_id))
  with check ((select app.role_in('admin', 'officer', 'grid_chief')) and from_status is null
              and exists (select 1 from cases c where c.id = case_events.case_id));

comment on table report_photos is
  'Photos sent with a report (JPEG or PNG, location metadata stripped): residents'' through the public page, staff''s from the field (POST /api/cases/{id}/photos).';
