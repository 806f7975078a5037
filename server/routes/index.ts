// The route table: every API route of the platform, in one list.
import type { AppDeps } from '../app.ts';
import type { RouteSpec } from '../http/route.ts';
import { authRoutes } from './auth.ts';
import { caseRoutes } from './cases.ts';
import { componentRoutes } from './components.ts';
import { eventRoutes } from './events.ts';
import { healthRoutes } from './health.ts';
import { importRoutes } from './imports.ts';
import { ogcRoutes } from './ogc.ts';
import { styleRoutes } from './styles.ts';
import { teamRoutes } from './team.ts';
import { tileRoutes } from './tiles.ts';
import { topologyRoutes } from './topology.ts';
import { unitRoutes } from './units.ts';

export function routeTable(deps: AppDeps): RouteSpec[] {
  return [
    ...healthRoutes(deps),
    ...authRoutes(deps),
    ...unitRoutes(deps),
    ...componentRoutes(deps),
    ...caseRoutes(deps),
    ...eventRoutes(deps),
    ...importRoutes(deps),
    ...ogcRoutes(deps),
    ...styleRoutes(deps),
    ...teamRoutes(deps),
    ...tileRoutes(deps),
    ...topologyRoutes(deps),
  ];
}
