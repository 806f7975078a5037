// GET /api/topology: gaps, overlaps and sub-grids outside their grid, with geometries.
import type { AppDeps } from '../app.ts';
import type { RouteSpec } from '../http/route.ts';
import { topologyReport } from '../units/report.ts';

export function topologyRoutes(_deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/topology',
      summary: 'Gaps and overlaps between active grids, sub-grids outside their grid, sub-grid overlaps and gaps (GeoJSON)',
      tags: ['units'],
      // City-wide roles only: a scoped view would report the rest of the city as a gap.
      roles: ['admin', 'planner', 'command', 'officer'],
      async handler({ ctx, tx }) {
        ctx.type = 'application/geo+json; charset=utf-8';
        ctx.body = await topologyReport(tx);
      },
    },
  ];
}
