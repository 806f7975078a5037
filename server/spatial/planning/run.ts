// One planning run from arrays (no I/O, so it can run in a worker thread): demand
// cells and candidate sites in, the solver's answer shaped for the map and the officer
// out — chosen sites with what each serves (households per pile for charging sheds),
// catchment lines, coverage within the walking radius, uncovered hot spots.
import type { Feature, FeatureCollection, MultiLineString, Point } from 'geojson';
import { geodesicMatrix } from '../facility/geodesic.ts';
import { instanceFromPoints, type CandidateSite } from '../facility/points.ts';
import { solveFacility } from '../facility/solve.ts';
import type { FacilityOptions, FacilityProblem } from '../facility/types.ts';

/** One pile per 20 households served (DOMAIN: smart charging piles). */
export const HOUSEHOLDS_PER_PILE = 20;

export interface RunDemand {
  h3: string;
  lon: number;
  lat: number;
  weight: number;
  households: number;
}

export interface RunSite extends CandidateSite {
  /** Where the candidate came from: an H3 cell, an open space, a drawn site, an existing facility. */
  kind: 'cell' | 'open_space' | 'parking' | 'drawn' | 'existing';
  label: string;
}

export interface RunInput {
  problem: FacilityProblem;
  facility: 'charging_shed' | 'vendor_zone';
  demand: RunDemand[];
  sites: RunSite[];
  p?: number;
  radius: number;
  /** Per site, in demand units (charging: 20 × piles × e-bike rate is the caller's business). */
  capacity?: number;
  /** Charging sheds: piles per shed when given (capacitated); otherwise one pile per 20 households served. */
  piles?: number;
  exact: boolean;
  timeLimit: number;
  seed?: number;
  /** Heuristic: stop after this many shakes without improvement (solver default when absent). */
  maxNoImprove?: number;
  hotspots?: number;
}

export interface SiteResult {
  index: number;
  kind: RunSite['kind'];
  label: string;
  existing: boolean;
  demand: number;
  covered_demand: number;
  cells: number;
  households: number;
  mean_distance_m: number | null;
  max_distance_m: number | null;
  /** Charging sheds: piles for the households served (one per 20), and households per pile. */
  piles: number | null;
  households_per_pile: number | null;
  utilisation: number | null;
}

export interface RunResult {
  objective: number;
  bound: number | null;
  gap: number | null;
  method: string;
  seconds: number;
  total_demand: number;
  covered_demand: number;
  covered_pct: number;
  sites_chosen: number;
  sites: FeatureCollection<Point, SiteResult>;
  catchments: FeatureCollection<MultiLineString, { index: number }>;
  /** Per demand cell: the site index serving it and the distance (metres). */
  assignment: { h3: string; site: number; distance_m: number; covered: boolean }[];
  hotspots: { h3: string; lon: number; lat: number; weight: number; households: number; distance_m: number | null }[];
  uncoverable: number;
}

const r1 = (v: number) => Math.round(v * 10) / 10;
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

export async function runPlan(input: RunInput, hooks: Pick<FacilityOptions, 'onProgress' | 'shouldStop'> = {}): Promise<RunResult> {
  const { demand, sites, radius } = input;
  const distance = geodesicMatrix(demand.map((d) => [d.lon, d.lat]), sites.map((s) => [s.lon, s.lat]));
  const inst = instanceFromPoints(demand, sites.map(({ lon, lat, status }) => ({ lon, lat, ...(status ? { status } : {}) })), distance);
  if (input.capacity !== undefined) inst.capacity = input.capacity;
  const sol = await solveFacility(inst, {
    problem: input.problem,
    ...(input.problem !== 'lscp' ? { p: input.p } : {}),
    radius,
    method: input.exact ? 'exact' : 'heuristic',
    timeLimit: input.timeLimit,
    seed: input.seed ?? 1,
    ...(input.maxNoImprove !== undefined ? { maxNoImprove: input.maxNoImprove } : {}),
    ...hooks,
  });
  const n = demand.length;
  const served = new Map<number, { demand: number; covered: number; cells: number; households: number; dist: number; max: number; lines: number[][][] }>();
  for (const j of sol.sites) served.set(j, { demand: 0, covered: 0, cells: 0, households: 0, dist: 0, max: 0, lines: [] });
  const assignment: RunResult['assignment'] = [];
  let covered = 0;
  const uncovered: { i: number; d: number | null }[] = [];
  for (let i = 0; i < n; i++) {
    const d = demand[i]!;
    // Coverage: within the radius of any open site (the nearest), whatever serves it.
    let nearest = Infinity;
    for (const j of sol.sites) nearest = Math.min(nearest, distance[j * n + i]!);
    const isCovered = nearest <= radius;
    if (isCovered) covered += d.weight;
    else uncovered.push({ i, d: Number.isFinite(nearest) ? nearest : null });
    const j = sol.assignment[i]!;
    if (j < 0) {
      assignment.push({ h3: d.h3, site: -1, distance_m: -1, covered: isCovered });
      continue;
    }
    const dist = distance[j * n + i]!;
    const s = served.get(j)!;
    s.demand += d.weight;
    s.cells++;
    s.households += d.households;
    s.dist += d.weight * dist;
    s.max = Math.max(s.max, dist);
    if (dist <= radius) s.covered += d.weight;
    s.lines.push([[sites[j]!.lon, sites[j]!.lat], [d.lon, d.lat]]);
    assignment.push({ h3: d.h3, site: j, distance_m: r1(dist), covered: isCovered });
  }
  const cap = input.capacity;
  const siteFeatures: Feature<Point, SiteResult>[] = sol.sites.map((j) => {
    const s = served.get(j)!;
    const site = sites[j]!;
    const piles = input.facility === 'charging_shed' ? (input.piles ?? Math.max(1, Math.ceil(s.households / HOUSEHOLDS_PER_PILE))) : null;
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [site.lon, site.lat] },
      properties: {
        index: j,
        kind: site.kind,
        label: site.label,
        existing: site.status === 'existing',
        demand: r4(s.demand),
        covered_demand: r4(s.covered),
        cells: s.cells,
        households: s.households,
        mean_distance_m: s.demand > 0 ? r1(s.dist / s.demand) : null,
        max_distance_m: s.cells ? r1(s.max) : null,
        piles,
        households_per_pile: piles ? r1(s.households / piles) : null,
        utilisation: cap ? r4(s.demand / cap) : null,
      },
    };
  });
  const hot = uncovered
    .sort((a, b) => demand[b.i]!.weight - demand[a.i]!.weight || a.i - b.i)
    .slice(0, input.hotspots ?? 10)
    .map(({ i, d }) => ({ h3: demand[i]!.h3, lon: demand[i]!.lon, lat: demand[i]!.lat, weight: demand[i]!.weight, households: demand[i]!.households, distance_m: d === null ? null : r1(d) }));
  return {
    objective: r4(sol.objective),
    bound: sol.bound === undefined ? null : r4(sol.bound),
    gap: sol.gap === null ? null : r4(sol.gap),
    method: sol.method,
    seconds: Math.round(sol.seconds * 1000) / 1000,
    total_demand: r4(sol.totalDemand),
    covered_demand: r4(covered),
    covered_pct: sol.totalDemand > 0 ? Math.round((covered / sol.totalDemand) * 1e4) / 100 : 100,
    sites_chosen: sol.sites.length,
    sites: { type: 'FeatureCollection', features: siteFeatures },
    catchments: {
      type: 'FeatureCollection',
      features: sol.sites.map((j) => ({ type: 'Feature', geometry: { type: 'MultiLineString', coordinates: served.get(j)!.lines }, properties: { index: j } })),
    },
    assignment,
    hotspots: hot,
    uncoverable: sol.uncoverable?.length ?? 0,
  };
}
