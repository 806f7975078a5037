// One entry point for the three problems and their capacitated variants:
// validation, the heuristic answer, and (method 'exact') the HiGHS MIP with the
// heuristic as a fall-back when the MIP does not finish in time.
import { capacitatedSearch, type CapacitatedProblem } from './capacitated.ts';
import { medianSearch, type MedianProblem } from './interchange.ts';
import { pmedianLowerBound } from './lagrangian.ts';
import { solveMip } from './mip.ts';
import { FacilityInfeasibleError, type FacilityInstance, type FacilityOptions, type FacilityProblem, type FacilitySolution } from './types.ts';

/** Largest MIP (assignment columns) handed to HiGHS. */
export const MAX_MIP_COLUMNS = 400_000;

/** Finite stand-in for an unreachable pair in the p-median costs. */
const UNREACHABLE = 1e15;

interface Checked {
  problem: FacilityProblem;
  n: number;
  m: number;
  w: Float64Array;
  D: Float64Array;
  fixed: number[];
  allowed: Uint8Array;
  allowedCount: number;
  capacity: Float64Array | null;
  p: number;
  radius: number;
  timeLimit: number;
  seed: number;
  maxNoImprove: number;
  total: number;
  t0: number;
  onProgress?: FacilityOptions['onProgress'];
  shouldStop?: FacilityOptions['shouldStop'];
}

function check(inst: FacilityInstance, opts: FacilityOptions): Checked {
  const { problem } = opts;
  if (problem !== 'pmedian' && problem !== 'mclp' && problem !== 'lscp') throw new RangeError(`problem must be pmedian, mclp or lscp, got "${String(problem)}"`);
  const w = inst.weights;
  const n = w.length;
  const m = inst.candidates;
  if (n === 0) throw new RangeError('there are no demand points');
  if (!Number.isInteger(m) || m < 1) throw new RangeError('there are no candidate sites');
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(w[i]!) || w[i]! < 0) throw new RangeError(`demand point ${i} has weight ${w[i]}: weights must be finite and not negative`);
    total += w[i]!;
  }
  if (inst.distance.length !== n * m) throw new RangeError(`the distance matrix holds ${inst.distance.length} values, expected ${n} demand points × ${m} candidates = ${n * m}`);
  for (let k = 0; k < inst.distance.length; k++) {
    const d = inst.distance[k]!;
    if (Number.isNaN(d) || d < 0) throw new RangeError(`distance from demand point ${k % n} to candidate ${Math.floor(k / n)} is ${d}: distances must be non-negative (Infinity for unreachable)`);
  }
  const index = (what: string, j: number) => {
    if (!Number.isInteger(j) || j < 0 || j >= m) throw new RangeError(`${what} site ${j} is not a candidate index (0..${m - 1})`);
    return j;
  };
  const fixed = [...new Set((inst.fixed ?? []).map((j) => index('fixed', j)))].sort((a, b) => a - b);
  const allowed = new Uint8Array(m).fill(1);
  for (const j of inst.excluded ?? []) allowed[index('excluded', j)] = 0;
  for (const j of fixed) if (!allowed[j]) throw new RangeError(`site ${j} is both fixed and excluded`);
  let allowedCount = 0;
  for (let j = 0; j < m; j++) allowedCount += allowed[j]!;
  let capacity: Float64Array | null = null;
  if (inst.capacity !== undefined) {
    capacity = typeof inst.capacity === 'number' ? new Float64Array(m).fill(inst.capacity) : inst.capacity;
    if (capacity.length !== m) throw new RangeError(`capacity has ${capacity.length} values for ${m} candidates`);
    for (let j = 0; j < m; j++) if (!(capacity[j]! >= 0) || capacity[j] === Infinity) throw new RangeError(`capacity of candidate ${j} is ${capacity[j]}: it must be a finite number ≥ 0`);
  }
  let p = 0;
  if (problem !== 'lscp') {
    p = opts.p ?? NaN;
    if (!Number.isInteger(p) || p < 1) throw new RangeError(`p must be a positive integer, got ${opts.p}`);
    if (p < fixed.length) throw new RangeError(`p = ${p} is less than the ${fixed.length} fixed sites`);
    if (p > allowedCount) throw new RangeError(`p = ${p} exceeds the ${allowedCount} candidate sites not excluded`);
  }
  if (problem === 'pmedian') {
    for (let i = 0; i < n; i++) {
      let ok = false;
      for (let j = 0; j < m && !ok; j++) if (allowed[j] && inst.distance[j * n + i]! < Infinity) ok = true;
      if (!ok) throw new RangeError(`demand point ${i} reaches no candidate site that is not excluded (every distance is Infinity)`);
    }
  }
  const radius = opts.radius ?? NaN;
  if (problem !== 'pmedian' && !(radius >= 0 && Number.isFinite(radius))) throw new RangeError(`${problem} needs a radius ≥ 0, got ${opts.radius}`);
  const timeLimit = opts.timeLimit ?? 10;
  if (!(timeLimit > 0)) throw new RangeError(`timeLimit must be a positive number of seconds, got ${opts.timeLimit}`);
  return {
    problem, n, m, w, D: inst.distance, fixed, allowed, allowedCount, capacity, p, radius, timeLimit,
    seed: opts.seed ?? 1,
    maxNoImprove: opts.maxNoImprove ?? Math.max(200, 30 * Math.max(p, 1)),
    total,
    t0: performance.now(),
    onProgress: opts.onProgress,
    shouldStop: opts.shouldStop,
  };
}

/** Nearest open site of every demand point. */
function nearest(c: Checked, sites: readonly number[]): Int32Array {
  const a = new Int32Array(c.n).fill(-1);
  const best = new Float64Array(c.n).fill(Infinity);
  for (const j of sites) for (let i = 0; i < c.n; i++) {
    const d = c.D[j * c.n + i]!;
    if (d < best[i]! || a[i] === -1) { best[i] = d; a[i] = j; }
  }
  return a;
}

/** Recomputes the objective (and coverage) of sites and assignment from the instance. */
function score(c: Checked, sites: number[], assignment: Int32Array): { objective: number; covered?: number } {
  let dist = 0, covered = 0;
  for (let i = 0; i < c.n; i++) {
    const j = assignment[i]!;
    if (j < 0) continue;
    const d = c.D[j * c.n + i]!;
    dist += c.w[i]! * d;
    if (d <= c.radius) covered += c.w[i]!;
  }
  if (c.problem === 'pmedian') return { objective: dist };
  if (c.problem === 'mclp') return { objective: covered, covered };
  return { objective: sites.length, covered };
}

function coverCost(c: Checked): Float64Array {
  const out = new Float64Array(c.D.length);
  for (let k = 0; k < out.length; k++) out[k] = c.D[k]! <= c.radius ? 0 : 1;
  return out;
}

function reachMask(c: Checked): Uint8Array {
  const out = new Uint8Array(c.D.length);
  for (let k = 0; k < out.length; k++) out[k] = c.D[k]! <= c.radius ? 1 : 0;
  return out;
}

/** Demand points that no allowed candidate reaches within the radius. */
function uncoverable(c: Checked): number[] {
  const out: number[] = [];
  for (let i = 0; i < c.n; i++) {
    let ok = false;
    for (let j = 0; j < c.m && !ok; j++) if (c.allowed[j] && c.D[j * c.n + i]! <= c.radius) ok = true;
    if (!ok) out.push(i);
  }
  return out;
}

interface Raw {
  sites: number[];
  assignment: Int32Array;
  method: string;
  bound?: number;
}

function medianProblem(c: Checked, cost: Float64Array, p: number, weights = c.w): MedianProblem {
  return { weights, cost, candidates: c.m, p, fixed: c.fixed, allowed: c.allowed };
}

/** Progress and stop hooks for the search; `objective` maps its cost to the problem's objective. */
function hooks(c: Checked, objective: (cost: number) => number): { onImprove?: (cost: number) => void; shouldStop?: () => boolean } {
  const out: { onImprove?: (cost: number) => void; shouldStop?: () => boolean } = {};
  const report = c.onProgress;
  if (report) out.onImprove = (cost) => report({ objective: objective(cost), seconds: (performance.now() - c.t0) / 1000 });
  if (c.shouldStop) out.shouldStop = c.shouldStop;
  return out;
}

function pmedianHeuristic(c: Checked, deadline: number): Raw {
  let cost = c.D;
  if (cost.some((d) => d === Infinity)) cost = cost.map((d) => (d === Infinity ? UNREACHABLE : d));
  const seconds = Math.max(0, (deadline - performance.now()) / 1000);
  if (!c.capacity) {
    // Four fifths of the time for the search, the rest (at least that) for a Lagrangian lower bound.
    const pr = medianProblem(c, cost, c.p);
    // Remember whether the search was told to stop (without polling once more).
    let stopped = false;
    const h = hooks(c, (v) => v);
    const ask = h.shouldStop;
    if (ask) h.shouldStop = () => (stopped = ask());
    const ans = medianSearch(pr, { timeLimit: seconds * 0.8, seed: c.seed, maxNoImprove: c.maxNoImprove, ...h });
    const raw: Raw = { sites: ans.sites, assignment: ans.assignment, method: 'greedy+interchange+vns' };
    if (cost === c.D) {
      // A stopped search (cancelled) gets a short bound, not the rest of the time limit.
      const boundTime = stopped ? Math.min(0.5, seconds * 0.2) : Math.max(seconds * 0.2, (deadline - performance.now()) / 1000);
      const bound = pmedianLowerBound(pr, { upper: ans.cost, timeLimit: boundTime });
      if (bound > 0) raw.bound = Math.min(bound, ans.cost);
    }
    return raw;
  }
  const start = medianSearch(medianProblem(c, cost, c.p), { timeLimit: seconds / 4, seed: c.seed, maxNoImprove: 50 });
  let maxCost = 0;
  for (const d of cost) if (d > maxCost) maxCost = d;
  const pr: CapacitatedProblem = { weights: c.w, cost, reach: null, candidates: c.m, capacity: c.capacity, p: c.p, fixed: c.fixed, allowed: c.allowed, penalty: 10 * (maxCost + 1) };
  const ans = capacitatedSearch(pr, start.sites, Math.max(0, (deadline - performance.now()) / 1000), c.seed);
  if (ans.unserved > 0) throw new FacilityInfeasibleError(`no answer found in which ${c.p} sites serve all demand within their capacities (${ans.unserved} of ${c.total} demand weight left unserved by the best one); raise p or the capacities`);
  return { sites: ans.sites, assignment: ans.assignment, method: 'greedy+interchange, capacitated swap search' };
}

function mclpHeuristic(c: Checked, deadline: number, p = c.p): Raw {
  const cost = coverCost(c);
  const seconds = Math.max(0, (deadline - performance.now()) / 1000);
  if (!c.capacity) {
    const ans = medianSearch(medianProblem(c, cost, p), { timeLimit: seconds, seed: c.seed, maxNoImprove: c.maxNoImprove, ...hooks(c, (v) => c.total - v) });
    return { sites: ans.sites, assignment: nearest(c, ans.sites), method: 'greedy+interchange+vns' };
  }
  const start = medianSearch(medianProblem(c, cost, p), { timeLimit: seconds / 4, seed: c.seed, maxNoImprove: 50 });
  const pr: CapacitatedProblem = { weights: c.w, cost: new Float64Array(c.D.length), reach: reachMask(c), candidates: c.m, capacity: c.capacity, p, fixed: c.fixed, allowed: c.allowed, penalty: 1 };
  const ans = capacitatedSearch(pr, start.sites, Math.max(0, (deadline - performance.now()) / 1000), c.seed);
  return { sites: ans.sites, assignment: ans.assignment, method: 'greedy+interchange, capacitated swap search' };
}

function lscpHeuristic(c: Checked, deadline: number, out: number[]): Raw {
  const n = c.n;
  const skip = new Uint8Array(n);
  for (const i of out) skip[i] = 1;
  // Greedy cover: fixed sites, then the site reaching most uncovered points; then drop redundant sites.
  const covered = new Int32Array(n);
  const sites: number[] = [];
  const open = (j: number) => {
    sites.push(j);
    for (let i = 0; i < n; i++) if (c.D[j * n + i]! <= c.radius) covered[i]!++;
  };
  for (const j of c.fixed) open(j);
  const left = () => {
    let k = 0;
    for (let i = 0; i < n; i++) if (!skip[i] && covered[i] === 0) k++;
    return k;
  };
  while (left() > 0) {
    let best = -1, bestGain = 0;
    for (let j = 0; j < c.m; j++) {
      if (!c.allowed[j] || sites.includes(j)) continue;
      let g = 0;
      for (let i = 0; i < n; i++) if (!skip[i] && covered[i] === 0 && c.D[j * n + i]! <= c.radius) g++;
      if (g > bestGain) { bestGain = g; best = j; }
    }
    if (best < 0) break;
    open(best);
  }
  for (let k = sites.length - 1; k >= 0; k--) {
    const j = sites[k]!;
    if (c.fixed.includes(j)) continue;
    let needed = false;
    for (let i = 0; i < n && !needed; i++) if (!skip[i] && covered[i] === 1 && c.D[j * n + i]! <= c.radius) needed = true;
    if (!needed) {
      for (let i = 0; i < n; i++) if (c.D[j * n + i]! <= c.radius) covered[i]!--;
      sites.splice(k, 1);
    }
  }
  // Fewer sites: an MCLP with one site less over the coverable points (weight 1 each) must still cover them all.
  const ones = new Float64Array(n);
  for (let i = 0; i < n; i++) ones[i] = skip[i] ? 0 : 1;
  const cost = coverCost(c);
  let best = sites.sort((a, b) => a - b);
  let method = 'greedy cover';
  if (!c.capacity) {
    while (best.length - 1 >= Math.max(1, c.fixed.length) && performance.now() < deadline) {
      const seconds = Math.max(0, (deadline - performance.now()) / 1000);
      const ans = medianSearch(medianProblem(c, cost, best.length - 1, ones), { timeLimit: seconds, seed: c.seed, maxNoImprove: Math.min(c.maxNoImprove, 300) });
      if (ans.cost > 0) break;
      best = ans.sites;
      method = 'greedy cover, then interchange on one site less';
    }
    return { sites: best, assignment: nearest(c, best), method };
  }
  // Capacitated: the fewest sites whose capacities let every coverable point be served within the radius.
  const reach = reachMask(c);
  const coverableWeight = c.total - out.reduce((s, i) => s + c.w[i]!, 0);
  let k = best.length;
  let maxCap = 0;
  for (let j = 0; j < c.m; j++) if (c.allowed[j]) maxCap = Math.max(maxCap, c.capacity[j]!);
  if (maxCap > 0) k = Math.max(k, Math.ceil(coverableWeight / maxCap - 1e-9));
  const allowedCount = c.allowedCount;
  for (; k <= allowedCount; k++) {
    const seconds = Math.max(0.05, (deadline - performance.now()) / 1000 / 2);
    const start = medianSearch(medianProblem(c, cost, k, ones), { timeLimit: seconds / 4, seed: c.seed, maxNoImprove: 50 });
    const pr: CapacitatedProblem = { weights: c.w, cost: new Float64Array(c.D.length), reach, candidates: c.m, capacity: c.capacity, p: k, fixed: c.fixed, allowed: c.allowed, penalty: 1 };
    const ans = capacitatedSearch(pr, start.sites, seconds, c.seed);
    let unserved = 0;
    for (let i = 0; i < n; i++) if (!skip[i] && ans.assignment[i]! < 0) unserved += c.w[i]!;
    if (unserved <= 1e-9) return { sites: ans.sites, assignment: ans.assignment, method: 'greedy cover, capacitated swap search' };
  }
  throw new FacilityInfeasibleError('even every candidate site open cannot serve all coverable demand within the capacities');
}

function heuristic(c: Checked, deadline: number, out: number[]): Raw {
  if (c.problem === 'pmedian') return pmedianHeuristic(c, deadline);
  if (c.problem === 'mclp') return mclpHeuristic(c, deadline);
  return lscpHeuristic(c, deadline, out);
}

function finish(c: Checked, raw: Raw, t0: number, out: number[]): FacilitySolution {
  const sites = [...raw.sites].sort((a, b) => a - b);
  const { objective, covered } = score(c, sites, raw.assignment);
  let gap: number | null = null;
  if (raw.bound !== undefined) {
    const diff = c.problem === 'mclp' ? raw.bound - objective : objective - raw.bound;
    gap = Math.max(0, diff) / Math.max(Math.abs(objective), 1e-12);
    if (Math.abs(diff) <= 1e-9 * (1 + Math.abs(objective))) gap = 0;
  }
  const sol: FacilitySolution = {
    problem: c.problem,
    sites,
    assignment: raw.assignment,
    objective,
    gap,
    seconds: (performance.now() - t0) / 1000,
    method: raw.method,
    totalDemand: c.total,
  };
  if (raw.bound !== undefined) sol.bound = raw.bound;
  if (covered !== undefined) sol.covered = covered;
  if (c.problem === 'lscp') sol.uncoverable = out;
  return sol;
}

/**
 * Solves with the heuristics only (synchronous): p-median and MCLP by greedy + fast
 * interchange + variable neighbourhood search, LSCP by a greedy cover shrunk by
 * interchange; capacitated variants by a swap search over single-source assignments.
 * A bound is given only where one is free (MCLP covering all coverable demand).
 */
export function solveFacilityHeuristic(inst: FacilityInstance, opts: FacilityOptions): FacilitySolution {
  const t0 = performance.now();
  const c = check(inst, opts);
  const out = c.problem === 'pmedian' ? [] : uncoverable(c);
  const raw = heuristic(c, t0 + c.timeLimit * 1000, out);
  if (c.problem === 'mclp') {
    const coverable = c.total - out.reduce((s, i) => s + c.w[i]!, 0);
    const { objective } = score(c, raw.sites, raw.assignment);
    if (objective >= coverable - 1e-9) raw.bound = coverable;
  }
  return finish(c, raw, t0, out);
}

/**
 * Solves a facility-location problem. method 'heuristic' (default) as
 * solveFacilityHeuristic; 'exact' runs the heuristic briefly, then the HiGHS MIP for
 * the rest of the time limit, and answers with the better of the two and HiGHS's
 * proven bound (gap 0 when the MIP proved optimality).
 */
export async function solveFacility(inst: FacilityInstance, opts: FacilityOptions): Promise<FacilitySolution> {
  if ((opts.method ?? 'heuristic') === 'heuristic') return solveFacilityHeuristic(inst, opts);
  const t0 = performance.now();
  const c = check(inst, opts);
  const out = c.problem === 'pmedian' ? [] : uncoverable(c);
  const deadline = t0 + c.timeLimit * 1000;
  let heur: Raw | null = null;
  try {
    heur = heuristic({ ...c, maxNoImprove: Math.min(c.maxNoImprove, 100) }, t0 + Math.min(c.timeLimit * 0.2, 2) * 1000, out);
  } catch (err) {
    if (!(err instanceof FacilityInfeasibleError)) throw err;
  }
  if (heur?.bound !== undefined && c.problem === 'pmedian') {
    // The Lagrangian bound may already prove the heuristic's answer optimal: no MIP needed.
    const { objective } = score(c, heur.sites, heur.assignment);
    if (objective - heur.bound <= 1e-9 * (1 + objective)) return finish(c, { ...heur, method: `${heur.method}, optimal by its Lagrangian bound` }, t0, out);
  }
  if (heur && c.problem === 'mclp') {
    // Covering every coverable point is optimal whatever the MIP would say.
    const coverable = c.total - out.reduce((sum, i) => sum + c.w[i]!, 0);
    if (score(c, heur.sites, heur.assignment).objective >= coverable - 1e-9) return finish(c, { ...heur, bound: coverable, method: `${heur.method}, covers all coverable demand` }, t0, out);
  }
  // Past this many assignment columns HiGHS spends the time limit before its first LP
  // (presolve is not interrupted): answer with the heuristic and its bound.
  const columns = c.problem === 'pmedian' || c.capacity ? c.n * c.allowedCount : c.n + c.allowedCount;
  if (columns > MAX_MIP_COLUMNS && heur) return finish(c, { ...heur, method: `${heur.method} (MIP of ${columns} columns too large)` }, t0, out);
  const mip = await solveMip({
    problem: c.problem, weights: c.w, candidates: c.m, distance: c.D, p: c.p, radius: c.radius,
    fixed: c.fixed, allowed: c.allowed, capacity: c.capacity, timeLimit: Math.max(0.05, (deadline - performance.now()) / 1000),
  });
  if (mip.status === 'infeasible') throw new FacilityInfeasibleError(`HiGHS proved the ${c.problem} instance infeasible${c.capacity ? ': the capacities cannot serve the demand' : ''}`);
  let raw: Raw | null = null;
  if (mip.sites) raw = { sites: mip.sites, assignment: mip.assignment ?? nearest(c, mip.sites), method: mip.status === 'optimal' ? 'highs' : 'highs (time limit, incumbent)' };
  if (heur) {
    const better = (a: Raw, b: Raw) => {
      const sa = score(c, a.sites, a.assignment).objective;
      const sb = score(c, b.sites, b.assignment).objective;
      return c.problem === 'mclp' ? sa > sb : sa < sb;
    };
    if (!raw || (mip.status !== 'optimal' && better(heur, raw))) raw = { ...heur, method: `${mip.status === 'time-limit' ? 'highs time limit: ' : 'highs failed: '}${heur.method}` };
  }
  if (!raw) throw new FacilityInfeasibleError(`HiGHS found no answer in ${c.timeLimit} s (status ${mip.status}) and the heuristic none either`);
  if (heur?.bound !== undefined) raw.bound = heur.bound;
  // A bound no better than the trivial one (0 below, all demand above: HiGHS stopped before its root LP) says nothing.
  if (mip.bound !== null && (c.problem === 'mclp' ? mip.bound < c.total - 1e-9 : mip.bound > 1e-9)) {
    const b = c.problem === 'lscp' ? Math.ceil(mip.bound - 1e-6) : mip.bound;
    // Keep the tighter of HiGHS's bound and the heuristic's own (Lagrangian, p-median).
    if (raw.bound === undefined || (c.problem === 'mclp' ? b < raw.bound : b > raw.bound)) raw.bound = b;
  }
  if (mip.status === 'optimal' && mip.objective !== null) raw.bound = c.problem === 'lscp' ? Math.round(mip.objective) : mip.objective;
  return finish(c, raw, t0, out);
}
