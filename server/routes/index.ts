// The route table: every API route of the platform, in one list.
import type { AppDeps } from '../app.ts';
import type { RouteSpec } from '../http/route.ts';
import { authRoutes } from './auth.ts';
import { caseFlowRoutes } from './case-flow.ts';
import { caseRoutes } from './cases.ts';
import { casePhotoRoutes } from './case-photos.ts';
import { componentRoutes } from './components.ts';
import { detectionRoutes } from './detections.ts';
import { eventRoutes } from './events.ts';
import { geometryRoutes } from './geometry.ts';
import { healthRoutes } from './health.ts';
import { heatmapRoutes } from './heatmap.ts';
import { importRoutes } from './imports.ts';
import { intakeRoutes } from './intake.ts';
import { kpiRoutes } from './kpis.ts';
import { ogcRoutes } from './ogc.ts';
import { open311Routes } from './open311.ts';
import { peopleRoutes } from './people.ts';
import { planningRoutes } from './planning.ts';
import { planRoutes } from './plans.ts';
import { publicRoutes } from './public.ts';
import { publicReportRoutes } from './public-reports.ts';
import { referenceRoutes } from './reference.ts';
import { posterRoutes } from './posters.ts';
import { reportPageRoutes } from './report-page.ts';
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
    // Before the case routes: /api/cases/due is not /api/cases/{id}.
    ...caseFlowRoutes(deps),
    ...caseRoutes(deps),
    ...casePhotoRoutes(),
    ...detectionRoutes(deps),
    ...heatmapRoutes(deps),
    ...eventRoutes(deps),
    ...geometryRoutes(deps),
    ...importRoutes(deps),
    ...intakeRoutes(deps),
    ...kpiRoutes(deps),
    ...ogcRoutes(deps),
    ...open311Routes(deps),
    ...peopleRoutes(deps),
    ...planningRoutes(deps),
    ...publicRoutes(deps),
    ...planRoutes(deps),
    ...publicReportRoutes(deps),
    ...referenceRoutes(deps),
    ...styleRoutes(deps),
    ...teamRoutes(deps),
    ...tileRoutes(deps),
    ...topologyRoutes(deps),
    ...reportPageRoutes(deps),
    ...posterRoutes(deps),
  ];
}
