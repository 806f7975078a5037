// The route table: every API route of the platform, in one list.
import type { AppDeps } from '../app.ts';
import type { RouteSpec } from '../http/route.ts';
import { authRoutes } from './auth.ts';
import { healthRoutes } from './health.ts';
import { unitRoutes } from './units.ts';

export function routeTable(deps: AppDeps): RouteSpec[] {
  return [
    ...healthRoutes(deps),
    ...authRoutes(deps),
    ...unitRoutes(deps),
  ];
}
