// GET /api/health: which backend answers, its PostGIS, and how much city it holds.
import type { AppDeps } from '../app.ts';
import type { RouteSpec } from '../http/route.ts';

const COUNTS_SQL = `
  select (select count(*)::int from admin_areas where level = 'district') as districts,
         (select count(*)::int from admin_areas where level = 'street') as street_offices,
         (select count(*)::int from admin_areas where level = 'community') as communities,
         (select count(*)::int from grids) as grids,
         (select count(*)::int from subgrids) as subgrids,
         (select count(*)::int from blocks) as blocks,
         (select count(*)::int from buildings) as buildings,
         (select coalesce(sum(households), 0)::int from buildings) as households,
         (select count(*)::int from roads) as roads,
         (select count(*)::int from service_points) as service_points,
         (select count(*)::int from people) as people,
         (select count(*)::int from app_users) as users,
         (select count(*)::int from components) as components,
         (select count(*)::int from cases) as cases,
         (select count(*)::int from cases where status not in ('closed', 'evaluated', 'cancelled')) as open_cases,
         (select count(*)::int from case_events) as case_events,
         (select count(*)::int from h3_cover) as h3_cover_cells`;

export function healthRoutes({ db, config }: AppDeps): RouteSpec[] {
  return [{
    kind: 'raw',
    method: 'get',
    path: '/api/health',
    summary: 'Which backend answers, its PostGIS, and how much city it holds',
    tags: ['health'],
    roles: 'anyone',
    // Aggregate counts only: read as the maintenance role, not scoped.
    async handler({ ctx }) {
    const [info, counts, migration] = await Promise.all([
      db.query<{ postgis: string; postgres: string; cover_res: number | null }>(
        `select postgis_lib_version() as postgis, current_setting('server_version') as postgres,
                (select (value)::int from app_settings where key = 'h3_cover_res') as cover_res`,
      ),
      db.query<Record<string, number>>(COUNTS_SQL),
      db.query<{ version: string }>('select max(version)::text as version from schema_migrations'),
    ]);
    ctx.body = {
      status: 'ok',
      backend: db.kind,
      postgres: info.rows[0]!.postgres,
      postgis: info.rows[0]!.postgis,
      schemaVersion: Number(migration.rows[0]!.version),
      h3CoverResolution: info.rows[0]!.cover_res,
      demo: config.demo,
      counts: counts.rows[0],
    };
    },
  }];
}
