// Planning scenarios: a request becomes a demand surface, candidate sites with their
// exclusions, and a run in a worker thread; the scenario row (plan_scenarios) holds
// the request, status, progress and results. Accepted sites become charging sheds or
// vendor zones in the city model (the tables the public map reads).
import type { Db, Queryable } from '../db/types.ts';
import type { Principal } from '../auth/principal.ts';
import { scopeTransaction } from '../auth/principal.ts';
import { AppError, notFound } from '../errors.ts';
import type { ExclusionRules } from '../spatial/planning/constraints.ts';
import type { ChargingWeights, VendingWeights } from '../spatial/planning/demand.ts';
import { HOUSEHOLDS_PER_PILE, type RunInput, type RunResult } from '../spatial/planning/run.ts';
import type { FacilityProblem } from '../spatial/facility/types.ts';
import { candidateSites, demandSurface, MAX_MATRIX, runDemand, type CandidateSource, type Facility } from './demand.ts';
import { planJobs, type JobOutcome } from './jobs.ts';
import type { PlanningScope } from './units.ts';
import { locateRows } from '../locate/sql.ts';
import { pointCell } from '../spatial/h3cells.ts';

export interface PlanRequest {
  name?: string;
  problem: FacilityProblem;
  facility: Facility;
  p?: number;
  radius_m?: number;
  /** Charging sheds: piles per shed (capacity 20 households × piles); vendor zones: demand units per zone. */
  capacity?: number;
  res: number;
  weights?: Partial<ChargingWeights & VendingWeights>;
  hours?: number[];
  exclusions?: Partial<ExclusionRules>;
  candidates: CandidateSource;
  drawn_sites?: [number, number][];
  fixed_existing: boolean;
  scope?: PlanningScope;
  exact: boolean;
  time_limit_s: number;
  seed?: number;
}

export const DEFAULT_RADIUS: Record<Facility, number> = { charging_shed: 200, vendor_zone: 300 };

export interface Prepared {
  input: RunInput;
  params: Record<string, unknown>;
  demandCells: { h3: string; weight: number; households: number; cases: number }[];
  excluded: Record<string, number>;
}

/** Reads what the run needs and checks it can run; throws 422 with the reason where it cannot. */
export async function preparePlan(tx: Queryable, req: PlanRequest): Promise<Prepared> {
  const surface = await demandSurface(tx, { facility: req.facility, res: req.res, ...(req.weights ? { weights: req.weights } : {}), hours: req.hours ?? null, ...(req.scope ? { scope: req.scope } : {}) });
  if (surface.cells.length === 0) throw new AppError(422, 'no_demand', `the scope has no ${req.facility === 'charging_shed' ? 'charging' : 'vending'} demand (no households, cases or places); widen the scope or raise the weights`);
  const cand = await candidateSites(tx, surface.grids, { facility: req.facility, res: req.res, ...(req.exclusions ? { exclusions: req.exclusions } : {}), candidates: req.candidates, ...(req.drawn_sites ? { drawn_sites: req.drawn_sites } : {}), fixed_existing: req.fixed_existing });
  const allowed = cand.sites.filter((s) => s.status !== 'excluded').length;
  const fixed = cand.sites.filter((s) => s.status === 'existing').length;
  const excluded: Record<string, number> = {};
  for (const s of cand.sites) if (s.reason) excluded[s.reason] = (excluded[s.reason] ?? 0) + 1;
  if (allowed === 0) throw new AppError(422, 'no_candidates', `every one of the ${cand.sites.length} candidate sites is excluded (${JSON.stringify(excluded)}); loosen the exclusions or draw sites`, { excluded });
  const n = surface.cells.length, m = cand.sites.length;
  if (n * m > MAX_MATRIX) throw new AppError(422, 'too_large', `${n} demand cells × ${m} candidates = ${n * m} distances, above ${MAX_MATRIX}; narrow the scope (street office or community), lower res, or use open_spaces or drawn candidates`, { demand_cells: n, candidates: m });
  if (req.problem !== 'lscp') {
    if (req.p === undefined) throw new AppError(422, 'p_required', `${req.problem} needs p, the number of sites to open`);
    if (req.p < fixed) throw new AppError(422, 'p_below_fixed', `p = ${req.p} is less than the ${fixed} existing facilities fixed in; raise p or set fixed_existing false`, { fixed });
    if (req.p > allowed) throw new AppError(422, 'p_above_candidates', `p = ${req.p} exceeds the ${allowed} candidate sites not excluded`, { allowed });
  }
  const radius = req.radius_m ?? DEFAULT_RADIUS[req.facility];
  let capacity: number | undefined;
  if (req.capacity !== undefined) capacity = req.facility === 'charging_shed' ? HOUSEHOLDS_PER_PILE * req.capacity * (surface.weights as ChargingWeights).ebike_rate : req.capacity;
  const input: RunInput = {
    problem: req.problem,
    facility: req.facility,
    demand: runDemand(surface),
    sites: cand.sites.map(({ reason: _reason, ...s }) => s),
    ...(req.p !== undefined ? { p: req.p } : {}),
    radius,
    ...(capacity !== undefined ? { capacity } : {}),
    ...(req.capacity !== undefined && req.facility === 'charging_shed' ? { piles: req.capacity } : {}),
    exact: req.exact,
    timeLimit: req.time_limit_s,
    seed: req.seed ?? 1,
  };
  const params = {
    ...req,
    radius_m: radius,
    weights: surface.weights,
    exclusions: cand.rules,
    hours: surface.hours,
    grids: surface.grids,
    capacity_demand_units: capacity ?? null,
  };
  return { input, params, demandCells: surface.cells.map((c) => ({ h3: c.h3, weight: c.weight, households: c.households, cases: c.cases })), excluded };
}

export interface StoredSite {
  index: number;
  lon: number;
  lat: number;
  kind: string;
  label: string;
  status: string | null;
}

/** What the scenario keeps besides the run's answer: demand and candidates for the map. */
export function candidatesForStore(input: RunInput): StoredSite[] {
  return input.sites.map((s, index) => ({ index, lon: s.lon, lat: s.lat, kind: s.kind, label: s.label, status: s.status ?? null }));
}

export interface ScenarioRow {
  id: number;
  name: string | null;
  problem: string;
  facility: string;
  params: Record<string, unknown>;
  status: string;
  progress: Record<string, unknown> | null;
  results: (RunResult & { demand: unknown; candidates: unknown; excluded: unknown }) | null;
  error: string | null;
  accepted: { site: number; table: string; id: number }[];
  created_at: Date;
  created_by: string;
  finished_at: Date | null;
}

const COLUMNS = 'id, name, problem, facility, params, status, progress, results, error, accepted, created_at, created_by, finished_at';

export async function insertScenario(tx: Queryable, req: PlanRequest, prepared: Prepared): Promise<number> {
  const r = await tx.query<{ id: number }>(
    `insert into plan_scenarios (name, problem, facility, params, status, progress, results)
     values ($1, $2, $3, $4::jsonb, 'running', $5::jsonb, $6::jsonb) returning id`,
    [
      req.name ?? null,
      req.problem,
      req.facility,
      JSON.stringify(prepared.params),
      JSON.stringify({ objective: null, seconds: 0, fraction: 0 }),
      JSON.stringify({ demand: prepared.demandCells, candidates: candidatesForStore(prepared.input), excluded: prepared.excluded }),
    ],
  );
  return r.rows[0]!.id;
}

/** Starts the run of a stored scenario; its outcome is written in a transaction of its own. */
export function startRun(db: Db, principal: Principal, id: number, input: RunInput, log: (err: unknown) => void): Promise<JobOutcome> {
  return planJobs(db).start(id, input, async (o) => {
    try {
      await scopeTransaction(db, principal, async (tx) => {
        const extra = o.status === 'failed' ? null : o.result;
        await tx.query(
          `update plan_scenarios set status = $2, error = $3, finished_at = now(),
                  progress = jsonb_build_object('fraction', 1, 'seconds', $4::float8, 'objective', $5::float8),
                  results = case when $6::jsonb is null then results else results || $6::jsonb end
            where id = $1`,
          [id, o.status, o.status === 'failed' ? o.error : null, extra?.seconds ?? null, extra?.objective ?? null, extra ? JSON.stringify(extra) : null],
        );
      });
    } catch (err) {
      log(err);
    }
  });
}

function shape(row: ScenarioRow, db: Db, full: boolean): Record<string, unknown> {
  const jobs = planJobs(db);
  let status = row.status;
  let progress = row.progress;
  let error = row.error;
  if (status === 'running') {
    const live = jobs.progress(row.id);
    if (live) progress = { ...live };
    else {
      // A run this server does not hold: it was cut off by a restart.
      status = 'failed';
      error = 'the run was interrupted (the server restarted); run it again';
    }
  }
  const res = row.results;
  const summary = res && 'objective' in res
    ? { objective: res.objective, bound: res.bound, gap: res.gap, covered_pct: res.covered_pct, sites_chosen: res.sites_chosen, total_demand: res.total_demand, covered_demand: res.covered_demand, method: res.method, seconds: res.seconds }
    : null;
  const base = {
    id: row.id,
    name: row.name,
    problem: row.problem,
    facility: row.facility,
    status,
    progress,
    error,
    summary,
    accepted: row.accepted,
    created_at: row.created_at,
    created_by: row.created_by,
    finished_at: row.finished_at,
  };
  return full ? { ...base, params: row.params, results: res } : base;
}

export async function listScenarios(tx: Queryable, db: Db, limit: number): Promise<Record<string, unknown>[]> {
  const r = await tx.query<ScenarioRow>(`select id, name, problem, facility, params, status, progress, null::jsonb as results, error, accepted, created_at, created_by, finished_at,
      (case when results ? 'objective' then jsonb_build_object('objective', results->'objective', 'bound', results->'bound', 'gap', results->'gap', 'covered_pct', results->'covered_pct',
         'sites_chosen', results->'sites_chosen', 'total_demand', results->'total_demand', 'covered_demand', results->'covered_demand', 'method', results->'method', 'seconds', results->'seconds') end) as summary
      from plan_scenarios order by id desc limit $1`, [limit]);
  return r.rows.map((row) => ({ ...shape(row, db, false), summary: (row as unknown as { summary: unknown }).summary, params: row.params }));
}

export async function getScenario(tx: Queryable, db: Db, id: number): Promise<Record<string, unknown>> {
  const r = await tx.query<ScenarioRow>(`select ${COLUMNS} from plan_scenarios where id = $1`, [id]);
  if (!r.rows[0]) throw notFound(`no plan scenario ${id}`);
  return shape(r.rows[0], db, true);
}

export async function scenarioRow(tx: Queryable, id: number): Promise<ScenarioRow> {
  const r = await tx.query<ScenarioRow>(`select ${COLUMNS} from plan_scenarios where id = $1`, [id]);
  if (!r.rows[0]) throw notFound(`no plan scenario ${id}`);
  return r.rows[0];
}

export interface AcceptRequest {
  sites: number[];
  names?: string[];
  /** Vendor zones: stalls and trading hours; charging sheds: piles (default from households served). */
  stalls?: number;
  hours?: string;
  piles?: number;
  /** Status of the new rows: operating (default: on the public map at once), planned or building (kept off it). */
  status?: 'planned' | 'building' | 'operating';
}

/** Half the side of the square a vendor zone gets around its site, metres. */
export const ZONE_HALF_SIDE_M = 12;

export async function acceptSites(tx: Queryable, row: ScenarioRow, req: AcceptRequest): Promise<{ site: number; table: string; id: number }[]> {
  if (row.status !== 'done' && row.status !== 'cancelled') throw new AppError(409, 'not_finished', `scenario ${row.id} is ${row.status}; accept sites once it is done`);
  const res = row.results;
  if (!res || !('sites' in res)) throw new AppError(409, 'no_results', `scenario ${row.id} has no sites to accept`);
  const chosen = new Map(res.sites.features.map((f) => [f.properties.index, f]));
  const unknown = req.sites.filter((s) => !chosen.has(s));
  if (unknown.length) throw new AppError(422, 'not_chosen', `site ${unknown.join(', ')} is not among the chosen sites (${[...chosen.keys()].join(', ')})`, { sites: unknown });
  const already = new Set(row.accepted.map((a) => a.site));
  const again = req.sites.filter((s) => already.has(s));
  if (again.length) throw new AppError(409, 'already_accepted', `site ${again.join(', ')} was already accepted`, { sites: again });
  const existing = req.sites.filter((s) => chosen.get(s)!.properties.existing);
  if (existing.length) throw new AppError(422, 'existing_site', `site ${existing.join(', ')} is an existing facility, already in the city model`, { sites: existing });
  const status = req.status ?? 'operating';
  if (row.facility === 'vendor_zone' && status === 'building') throw new AppError(422, 'bad_status', 'a vendor zone is planned or operating, not building');
  if (req.names && req.names.length !== req.sites.length) throw new AppError(422, 'names_mismatch', `give one name per site (${req.sites.length}), or none`);
  const out: { site: number; table: string; id: number }[] = [];
  for (const [k, s] of req.sites.entries()) {
    const f = chosen.get(s)!;
    const [lon, lat] = f.geometry.coordinates as [number, number];
    if (row.facility === 'charging_shed') {
      const name = req.names?.[k] ?? `规划充电棚 ${row.id}-${s}`;
      const piles = Math.min(32767, req.piles ?? Math.max(1, f.properties.piles ?? 1));
      const r = await tx.query<{ id: number }>(
        `insert into charging_sheds (name, piles, status, geom, h3) values ($1, $2, $6, st_setsrid(st_makepoint($3::float8, $4::float8), 4326), $5::bigint) returning id`,
        [name, piles, lon, lat, pointCell(lon, lat), status],
      );
      await locateRows(tx, 'charging_sheds', [r.rows[0]!.id]);
      out.push({ site: s, table: 'charging_sheds', id: r.rows[0]!.id });
    } else {
      const name = req.names?.[k] ?? `规划疏导区 ${row.id}-${s}`;
      const r = await tx.query<{ id: number }>(
        `insert into vendor_zones (name, stalls, hours, status, geom, grid_id)
         select $1, $2, $3, $8, z.geom, (select min(g.id) from grids g where st_covers(g.geom, st_pointonsurface(z.geom)))
           from (select st_multi(st_setsrid(st_makeenvelope($4::float8 - $6::float8, $5::float8 - $7::float8, $4::float8 + $6::float8, $5::float8 + $7::float8), 4326)) as geom) z
         returning id`,
        [name, Math.min(32767, req.stalls ?? 10), req.hours ?? '17:00-22:00', lon, lat, ZONE_HALF_SIDE_M / (111320 * Math.cos((lat * Math.PI) / 180)), ZONE_HALF_SIDE_M / 110540, status],
      );
      out.push({ site: s, table: 'vendor_zones', id: r.rows[0]!.id });
    }
  }
  await tx.query(`update plan_scenarios set accepted = accepted || $2::jsonb where id = $1`, [row.id, JSON.stringify(out)]);
  return out;
}
