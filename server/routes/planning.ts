// The planner's workbench for redrawing grids: the units grids are built from (street
// blocks or H3 cells, with workload and adjacency), a proposed balanced cover of N
// grids (reads only), and applying an assignment of units to grids (through the unit
// write path: versions, gap and overlap checks, history; all or nothing).
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';
import { apply, propose, type ApplyRequest, type ProposeRequest } from '../planning/propose.ts';
import { planningUnits, type UnitKind } from '../planning/units.ts';
import { DEFAULT_WEIGHTS } from '../units/workload.ts';

const PLANNERS = ['admin', 'planner'] as const;
const strict = { additionalProperties: false } as const;
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

const Unit = StringEnum(['blocks', 'cells'] as const, { default: 'blocks', description: 'build grids from street blocks (they follow the streets) or from H3 cells at `res`' });
const Res = Type.Integer({ minimum: 7, maximum: 11, default: 10, description: 'cells: H3 resolution, 7 (about 5 km²) to 11 (about 2,000 m²); default 10 (about 15,000 m²)' });
const weight = (what: string, d: number) => Type.Number({ minimum: 0, maximum: 1e6, description: `points per ${what} (default ${d})` });
const Weights = Type.Object(
  {
    households: Type.Optional(weight('household', DEFAULT_WEIGHTS.households)),
    components: Type.Optional(weight('component', DEFAULT_WEIGHTS.components)),
    open_cases: Type.Optional(weight('open case', DEFAULT_WEIGHTS.open_cases)),
    cases_last_365d: Type.Optional(weight('case reported in the last 365 days', DEFAULT_WEIGHTS.cases_last_365d)),
  },
  { ...strict, description: 'workload = Σ weight × figure per unit' },
);
const Scope = Type.Object(
  {
    street_office: Type.Optional({ ...Id, description: 'the active grids of this street office' }),
    community: Type.Optional({ ...Id, description: 'the active grids of this community' }),
    grids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 2000, uniqueItems: true, description: 'these active grids' })),
  },
  { ...strict, description: 'which grids to redraw (given together, they narrow each other); empty: every active grid' },
);

const UnitsQuery = Type.Object(
  {
    unit: Unit,
    res: Res,
    street_office: Type.Optional({ ...Id, description: 'only the units of this street office\'s grids' }),
    community: Type.Optional({ ...Id, description: 'only the units of this community\'s grids' }),
    grids: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}(,[0-9]{1,10}){0,1999}$', description: 'comma list of grid ids' })),
  },
  strict,
);

const ProposeBody = Type.Object(
  {
    unit: Unit,
    res: Res,
    n: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, description: 'number of grids (default: as many as the scope has today)' })),
    band: Type.Number({ minimum: 0.01, maximum: 1, default: 0.15, description: 'target band around the mean workload (0.15: ±15 %)' }),
    weights: Type.Optional(Weights),
    scope: Type.Optional(Scope),
    seed: Type.Optional(
      Type.Record(Type.String({ maxLength: 20 }), Type.Union([Id, Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' })]), {
        description: 'start from this assignment (unit id → grid id) instead of today\'s grids; units it leaves out keep today\'s grid',
      }),
    ),
    fresh: Type.Boolean({ default: false, description: 'grow N new grids from far-apart seeds instead of starting from today\'s (they are then matched to today\'s grid ids)' }),
    locked: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 100000, description: 'unit ids that keep the grid they start in' })),
    random_seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, description: 'seed of the search order; the same input and seed give the same answer (default 1)' })),
    compactness: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'weight of compactness against balance (default 0.05; 0: balance only)' })),
    stickiness: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'cost of moving a unit away from the grid it starts in, against balance (default 0.05; 0: move freely, higher: closer to today\'s map)' })),
    geometry: Type.Boolean({ default: true, description: 'include the proposed grid geometries' }),
  },
  strict,
);

const ApplyBody = Type.Object(
  {
    unit: Unit,
    res: Res,
    assignment: Type.Record(Type.String({ maxLength: 20 }), Id, { description: 'every unit of the listed grids → the grid id it goes to (from propose)' }),
    grids: Type.Array(Type.Object({ id: Id, version: Type.Integer({ minimum: 1 }) }, strict), { minItems: 1, maxItems: 2000, description: 'the grids redrawn, with the versions the proposal was made from' }),
    subgrids: StringEnum(['recut', 'keep'] as const, { default: 'recut', description: 'recut: redraw the sub-grids of each changed grid from its units (as many as it has, balanced, starting from where the units lay); keep: leave them as they are (they then stick out of their grids)' }),
  },
  strict,
);

export function planningRoutes({ config }: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/planning/units',
      summary: 'The units grids are built from (street blocks, or H3 cells at res), with workload figures, centroid, area, today\'s grid, and the pairs that share an edge',
      tags: ['planning'],
      roles: PLANNERS,
      query: UnitsQuery,
      async handler({ ctx, tx, query }) {
        const q = query as { unit: UnitKind; res: number; street_office?: number; community?: number; grids?: string };
        const grids = q.grids ? [...new Set(q.grids.split(',').map(Number))] : undefined;
        const pu = await planningUnits(tx, q.unit, q.res, { ...(q.street_office ? { street_office: q.street_office } : {}), ...(q.community ? { community: q.community } : {}), ...(grids ? { grids } : {}) }, DEFAULT_WEIGHTS);
        ctx.body = {
          unit: pu.unit,
          res: pu.res,
          weights: pu.weights,
          grids: pu.grids,
          units: pu.units.map((u) => ({ ...u, workload: Math.round(u.workload * 1000) / 1000, area: Math.round(u.area), centroid: [+u.centroid[0].toFixed(7), +u.centroid[1].toFixed(7)] })),
          adjacency: pu.adjacency,
        };
      },
    },
    {
      method: 'post',
      path: '/api/planning/propose',
      summary: 'Propose a balanced cover of N grids over a scope from its blocks or cells: the assignment, each grid\'s workload before and after, spread figures and geometries (writes nothing)',
      tags: ['planning'],
      roles: PLANNERS,
      body: ProposeBody,
      responses: { 422: { description: 'The scope or the seed names nothing, or N cannot be made from the units' } },
      async handler({ ctx, tx, body }) {
        ctx.body = await propose(tx, body as ProposeRequest);
      },
    },
    {
      method: 'post',
      path: '/api/planning/apply',
      summary: 'Redraw grids from an assignment of units to grids (from propose): geometries written through the unit write path, checked for gaps and overlaps, with history; all or nothing',
      tags: ['planning'],
      roles: PLANNERS,
      body: ApplyBody,
      responses: {
        409: { description: 'The new grids would leave a gap or overlap' },
        412: { description: 'A grid changed since the proposal; its current version is in the details' },
        422: { description: 'The assignment does not match the units of the grids' },
      },
      async handler({ ctx, tx, body, principal, changed }) {
        const r = await apply(tx, body as ApplyRequest, { principal, maxVertices: config.maxVertices });
        changed(...r.tables);
        ctx.body = { written: r.written, unchanged: r.unchanged, grids: r.grids, subgrids: r.subgrids, subgrids_skipped: r.subgrids_skipped };
      },
    },
  ];
}
