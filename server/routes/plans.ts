// Planning by spatial demand (选址): demand surfaces and constraints for a preview,
// scenarios run in a worker thread (status, progress, cancel), their results and
// GeoJSON export, and accepting chosen sites as charging sheds or vendor zones.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';
import { AppError } from '../errors.ts';
import { candidateSites, demandSurface, type Facility } from '../planning/demand.ts';
import { planJobs } from '../planning/jobs.ts';
import { acceptSites, getScenario, insertScenario, listScenarios, preparePlan, scenarioRow, startRun, type AcceptRequest, type PlanRequest } from '../planning/plans.ts';

const MAKERS = ['officer', 'admin', 'planner'] as const;
const READERS = ['officer', 'admin', 'planner', 'command'] as const;
const strict = { additionalProperties: false } as const;
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const IdParams = Type.Object({ id: Id }, strict);

const Facility = StringEnum(['charging_shed', 'vendor_zone'] as const, { description: 'charging_shed (集中充电棚) or vendor_zone (疏导区)' });
const Res = Type.Integer({ minimum: 7, maximum: 11, default: 10, description: 'H3 resolution of the demand surface (and of candidate cells); default 10 (about 15,000 m²)' });
const w = (what: string) => Type.Number({ minimum: 0, maximum: 1e6, description: what });
const Weights = Type.Object(
  {
    ebike_rate: Type.Optional(w('charging: e-bikes per household (default 0.6)')),
    flying_wire: Type.Optional(w('charging: demand per flying-wire-charging case (电动车飞线充电, default 5)')),
    cases: Type.Optional(w('vending: demand per vending case in the hours (default 1)')),
    households: Type.Optional(w('vending: per household at its peak hour (default 0.02)')),
    market: Type.Optional(w('vending: per market at its peak hour (default 30)')),
    school: Type.Optional(w('vending: per school at its peak hour (default 15)')),
    transit_stop: Type.Optional(w('vending: per transit stop at its peak hour (default 8)')),
  },
  { ...strict, description: 'demand weights; those of the other facility are refused' },
);
const Hours = Type.Array(Type.Integer({ minimum: 0, maximum: 23 }), { maxItems: 24, description: 'vending: local hours of interest (cases reported in them; foot-traffic proxies weighted by them); none: all day' });
const Exclusions = Type.Object(
  {
    arterial_m: Type.Optional(Type.Number({ minimum: 0, maximum: 10000, description: 'buffer around arterial roads (default: sheds 15, zones 30)' })),
    fire_lane_m: Type.Optional(Type.Number({ minimum: 0, maximum: 10000, description: 'buffer around fire lanes (lanes; default: sheds 6, zones 8)' })),
    gate_m: Type.Optional(Type.Number({ minimum: 0, maximum: 10000, description: 'buffer around school and hospital gates (default: sheds 30, zones 100); their grounds are always excluded' })),
    spacing_m: Type.Optional(Type.Number({ minimum: 0, maximum: 10000, description: 'minimum distance from existing facilities of the kind (default: sheds 150, zones 200)' })),
  },
  strict,
);
const Candidates = StringEnum(['cells', 'open_spaces', 'drawn'] as const, { default: 'cells', description: 'every H3 cell of the scope not excluded, open spaces (parks, squares) and parking lots, or drawn_sites' });
const LonLat = Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]);
const Scope = Type.Object(
  {
    street_office: Type.Optional({ ...Id, description: 'the active grids of this street office' }),
    community: Type.Optional({ ...Id, description: 'the active grids of this community' }),
    grids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 2000, uniqueItems: true })),
  },
  { ...strict, description: 'where to plan; empty: the whole city' },
);
const common = {
  facility: Facility,
  res: Res,
  weights: Type.Optional(Weights),
  hours: Type.Optional(Hours),
  exclusions: Type.Optional(Exclusions),
  candidates: Candidates,
  drawn_sites: Type.Optional(Type.Array(LonLat, { minItems: 1, maxItems: 2000, description: 'candidates "drawn": [lon, lat] of each site' })),
  fixed_existing: Type.Boolean({ default: false, description: 'existing facilities are fixed in (open, and counted in p)' }),
  scope: Type.Optional(Scope),
};

const PreviewBody = Type.Object(common, strict);
const PlanBody = Type.Object(
  {
    ...common,
    name: Type.Optional(Type.String({ maxLength: 200 })),
    problem: StringEnum(['pmedian', 'mclp', 'lscp'] as const, { description: 'pmedian: p sites, least demand-weighted distance; mclp: p sites, most demand within radius_m; lscp: fewest sites covering all demand within radius_m' }),
    p: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'sites to open (pmedian, mclp; required there)' })),
    radius_m: Type.Optional(Type.Number({ minimum: 10, maximum: 5000, description: 'walking radius in metres (default: sheds 200, zones 300); coverage figures use it for every problem' })),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'charging sheds: piles per shed (each serves 20 e-bike households); vendor zones: demand units per zone. Absent: uncapacitated' })),
    exact: Type.Boolean({ default: false, description: 'solve the MIP with HiGHS (moderate sizes), falling back to the heuristic at the time limit' }),
    time_limit_s: Type.Number({ minimum: 0.5, maximum: 120, default: 5, description: 'seconds the search may take' }),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
    wait: Type.Boolean({ default: false, description: 'answer when the run ends (otherwise at once, status running: poll GET /api/plans/{id})' }),
  },
  strict,
);
const AcceptBody = Type.Object(
  {
    sites: Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1, maxItems: 500, uniqueItems: true, description: 'indices of chosen sites (results.sites features\' index)' }),
    names: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 500 })),
    piles: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'charging sheds: piles (default: one per 20 households served)' })),
    stalls: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'vendor zones: stalls (default 10)' })),
    hours: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'vendor zones: trading hours (default 17:00-22:00)' })),
    status: Type.Optional(StringEnum(['planned', 'building', 'operating'] as const, { description: 'status of the new sheds or zones: operating (default) shows them on the public map at once; planned or building (sheds only) keeps them off it' })),
  },
  strict,
);

export function planRoutes({ db, logger }: AppDeps): RouteSpec[] {
  const jobs = planJobs(db);
  return [
    {
      method: 'post',
      path: '/api/plans/preview',
      summary: 'The demand surface (H3 hexes with their weight and its parts), the candidate sites with the rule excluding each, and the constraint layers, for a planning request (writes nothing)',
      tags: ['plans'],
      roles: READERS,
      body: PreviewBody,
      async handler({ ctx, tx, body }) {
        const b = body as PlanRequest;
        const surface = await demandSurface(tx, { facility: b.facility as Facility, res: b.res, ...(b.weights ? { weights: b.weights } : {}), hours: b.hours ?? null, ...(b.scope ? { scope: b.scope } : {}) });
        const cand = await candidateSites(tx, surface.grids, { facility: b.facility, res: b.res, ...(b.exclusions ? { exclusions: b.exclusions } : {}), candidates: b.candidates, ...(b.drawn_sites ? { drawn_sites: b.drawn_sites } : {}), fixed_existing: b.fixed_existing });
        ctx.body = {
          facility: surface.facility,
          res: surface.res,
          weights: surface.weights,
          hours: surface.hours,
          grids: surface.grids,
          total_demand: Math.round(surface.total * 1000) / 1000,
          demand: surface.cells,
          exclusions: cand.rules,
          candidates: cand.sites.map((s, index) => ({ index, lon: s.lon, lat: s.lat, kind: s.kind, label: s.label, status: s.status ?? 'candidate', reason: s.reason })),
          existing: cand.existing,
          layers: { arterials: cand.layers.arterials, fire_lanes: cand.layers.fireLanes, gates: cand.layers.gates },
        };
      },
    },
    {
      kind: 'raw',
      method: 'post',
      path: '/api/plans',
      summary: 'Run a planning scenario (p-median, MCLP or LSCP for charging sheds or vendor zones) in a worker thread: answers 202 with the scenario running (or, with wait, 201 when it ends)',
      tags: ['plans'],
      roles: MAKERS,
      body: PlanBody,
      responses: { 422: { description: 'No demand or candidates in the scope, p missing or out of range, or the instance too large' } },
      async handler({ ctx, body, principal, scoped }) {
        const { wait, ...req } = body as PlanRequest & { wait: boolean };
        const { id, input } = await scoped(async (tx) => {
          const prepared = await preparePlan(tx, req);
          return { id: await insertScenario(tx, req, prepared), input: prepared.input };
        });
        const run = startRun(db, principal, id, input, (err) => logger.error({ err, plan: id }, 'storing a plan run failed'));
        if (wait) await run;
        ctx.status = wait ? 201 : 202;
        ctx.set('Location', `/api/plans/${id}`);
        ctx.body = await scoped((tx) => getScenario(tx, db, id));
      },
    },
    {
      method: 'get',
      path: '/api/plans',
      summary: 'The stored planning scenarios, newest first: status, progress, parameters and headline figures',
      tags: ['plans'],
      roles: READERS,
      query: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }, strict),
      async handler({ ctx, tx, query }) {
        ctx.body = { scenarios: await listScenarios(tx, db, (query as { limit: number }).limit) };
      },
    },
    {
      method: 'get',
      path: '/api/plans/:id',
      summary: 'A scenario: parameters, status and progress, and its results (sites with catchments, objective, gap or bound, coverage, uncovered hot spots, demand cells and candidates)',
      tags: ['plans'],
      roles: READERS,
      params: IdParams,
      async handler({ ctx, tx, params }) {
        ctx.body = await getScenario(tx, db, (params as { id: number }).id);
      },
    },
    {
      method: 'get',
      path: '/api/plans/:id/sites.geojson',
      summary: 'The chosen sites of a scenario as GeoJSON points with what each serves',
      tags: ['plans'],
      roles: READERS,
      params: IdParams,
      async handler({ ctx, tx, params }) {
        const row = await scenarioRow(tx, (params as { id: number }).id);
        if (!row.results || !('sites' in row.results)) throw new AppError(409, 'no_results', `scenario ${row.id} is ${row.status} and has no sites yet`);
        ctx.type = 'application/geo+json; charset=utf-8';
        ctx.set('Content-Disposition', `attachment; filename="plan-${row.id}-${row.facility}.geojson"`);
        const accepted = new Map(row.accepted.map((a) => [a.site, a]));
        ctx.body = {
          type: 'FeatureCollection',
          features: row.results.sites.features.map((f) => ({ ...f, properties: { ...f.properties, facility: row.facility, scenario: row.id, accepted: accepted.get(f.properties.index) ?? null } })),
        };
      },
    },
    ...(['post', 'delete'] as const).map((method): RouteSpec => ({
      kind: 'raw',
      method,
      path: method === 'post' ? '/api/plans/:id/cancel' : '/api/plans/:id',
      summary: method === 'post' ? 'Cancel a running scenario: the search stops with its best answer so far (status cancelled)' : 'Cancel a running scenario, or delete a finished one',
      tags: ['plans'],
      roles: MAKERS,
      params: IdParams,
      async handler({ ctx, params, scoped }) {
        const id = (params as { id: number }).id;
        const row = await scoped((tx) => scenarioRow(tx, id));
        const stopping = jobs.cancel(id);
        if (stopping) {
          await stopping;
          ctx.body = await scoped((tx) => getScenario(tx, db, id));
          return;
        }
        if (method === 'post') throw new AppError(409, 'not_running', `scenario ${id} is ${row.status === 'running' ? 'no longer running' : row.status}; only a running scenario can be cancelled`);
        await scoped((tx) => tx.query('delete from plan_scenarios where id = $1', [id]));
        ctx.status = 204;
      },
    })),
    {
      method: 'post',
      path: '/api/plans/:id/accept',
      summary: 'Accept chosen sites: each becomes a charging shed or vendor zone in the city model (operating by default, so on the public map)',
      tags: ['plans'],
      roles: MAKERS,
      params: IdParams,
      body: AcceptBody,
      responses: { 409: { description: 'The scenario has not finished, or a site was accepted already' }, 422: { description: 'A site is not among the chosen ones, or is an existing facility' } },
      async handler({ ctx, tx, params, body, changed }) {
        const row = await scenarioRow(tx, (params as { id: number }).id);
        const created = await acceptSites(tx, row, body as AcceptRequest);
        changed(row.facility === 'charging_shed' ? 'charging_sheds' : 'vendor_zones', 'plan_scenarios');
        ctx.status = 201;
        ctx.body = { scenario: row.id, facility: row.facility, created };
      },
    },
  ];
}
