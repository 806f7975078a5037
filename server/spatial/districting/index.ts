// Balanced districting: a cover of N contiguous, compact districts built from small
// units (street blocks or H3 cells), each district's workload as close to the mean as
// the units allow. Pure: plain data in and out, no I/O.
//
// 1. Start: the seed assignment (today's grids) when given, brought to N districts by
//    merging the lightest district into its lightest neighbour or splitting the
//    heaviest in two; otherwise N far-apart seeds (farthest-point sampling) grown as
//    regions, the lightest district taking its nearest frontier unit each step.
// 2. Local search: passes over the boundary units in a seeded order; a unit moves to
//    the neighbouring district that lowers the objective most, when
//      - the balance term Σ(W_d − mean)² does not rise (so the coefficient of
//        variation never rises, and since a move from d to e only happens when
//        W_e + w ≤ W_d, the heaviest district never gets heavier nor the lightest
//        lighter: the spread is never worse than the start),
//      - the donor keeps at least one unit and does not fall into more pieces (a
//        search through the donor's units, without the one moving, from one of its
//        neighbours there until it has reached the others),
//      - the unit is not locked.
//    The objective is Σ dev_d² + μ Σ max(0, |dev_d| − band)² + λ Σ inertia_d
//    + κ Σ_{units away from their start} (w_u / mean + 1 / units), where dev_d =
//    W_d / mean − 1 and inertia_d is the district's moment of inertia about its
//    centroid divided by that of a disc of the same area (1 for a disc); the last term
//    keeps the map close to today's where a move gains little balance.
// 3. Stop when a pass moves nothing or after `maxPasses` passes; then repair passes
//    take the moves that bring a district outside the band closer to it, judged by
//    balance and band alone (compactness and stickiness may have held them back),
//    under the same two rules.
//
// Deterministic for a given input and `seed`.

export interface DistrictUnit {
  id: string;
  /** Workload of the unit (≥ 0). */
  workload: number;
  /** [lon, lat] of the unit's centroid. */
  centroid: [number, number];
  /** Area in m² (> 0; used to weight the compactness term). */
  area: number;
}

export interface DistrictingInput {
  units: readonly DistrictUnit[];
  /** Pairs of unit ids that share an edge. */
  adjacency: readonly (readonly [string, string])[];
  /** Number of districts wanted. */
  n: number;
}

export interface DistrictingOptions {
  /** Target band around the mean, as a fraction (0.15: ±15 %). */
  band?: number;
  /** Today's districts: unit id → district id. Units it omits are given to a neighbouring district. */
  initial?: Readonly<Record<string, string>>;
  /** Units that keep the district of `initial`. */
  locked?: readonly string[];
  /** Weight of the compactness term (0 turns it off). */
  compactness?: number;
  /** Weight of the penalty for leaving the band. */
  bandPenalty?: number;
  /**
   * Cost of a unit leaving its district of `initial`, in units of the balance term per
   * (unit workload / mean): keeps the map close to today's where balance gains little.
   */
  stickiness?: number;
  /** At most this many passes of the local search. */
  maxPasses?: number;
  /** Seed of the visiting order. */
  seed?: number;
}

export interface Spread {
  n: number;
  mean: number;
  min: number;
  max: number;
  /** max / min (Infinity when a district has no workload). */
  maxMinRatio: number;
  /** Coefficient of variation: population standard deviation / mean. */
  cv: number;
  /** Districts whose workload is within the band around the mean. */
  inBand: number;
}

export interface DistrictSummary {
  id: string;
  workload: number;
  units: number;
  area: number;
  /** Workload / mean − 1. */
  deviation: number;
  /** Normalised moment of inertia (1 for a disc, larger when less compact). */
  inertia: number;
}

export interface DistrictingResult {
  /** unit id → district id. */
  assignment: Record<string, string>;
  districts: DistrictSummary[];
  spread: Spread;
  /** Spread of the start (after bringing `initial` to N districts, or of the grown regions). */
  start: Spread;
  /** Spread of `initial` as given, when there was one. */
  initial: Spread | null;
  passes: number;
  moves: number;
  ms: number;
  /** How the start was made. */
  startedFrom: 'initial' | 'grown';
}

export class DistrictingError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** mulberry32: a small seeded generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Spread of a list of district workloads. */
export function spreadOf(workloads: readonly number[], band: number): Spread {
  const n = workloads.length;
  const total = workloads.reduce((s, w) => s + w, 0);
  const mean = n ? total / n : 0;
  const min = n ? Math.min(...workloads) : 0;
  const max = n ? Math.max(...workloads) : 0;
  const variance = n ? workloads.reduce((s, w) => s + (w - mean) ** 2, 0) / n : 0;
  const tol = 1e-9 * Math.max(1, mean);
  return {
    n,
    mean,
    min,
    max,
    maxMinRatio: min > 0 ? max / min : max > 0 ? Infinity : 1,
    cv: mean > 0 ? Math.sqrt(variance) / mean : 0,
    inBand: workloads.filter((w) => Math.abs(w - mean) <= band * mean + tol).length,
  };
}

interface Graph {
  ids: string[];
  index: Map<string, number>;
  nb: number[][];
  w: Float64Array;
  a: Float64Array;
  x: Float64Array;
  y: Float64Array;
}

function buildGraph(input: DistrictingInput): Graph {
  const ids = input.units.map((u) => u.id);
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (index.has(id)) throw new DistrictingError(`unit ${id} is listed twice`, { unit: id });
    index.set(id, i);
  });
  const U = ids.length;
  const nbSets: Set<number>[] = ids.map(() => new Set());
  for (const [p, q] of input.adjacency) {
    const i = index.get(p);
    const j = index.get(q);
    if (i === undefined || j === undefined) throw new DistrictingError(`adjacency names unknown unit ${i === undefined ? p : q}`, { unit: i === undefined ? p : q });
    if (i === j) continue;
    nbSets[i]!.add(j);
    nbSets[j]!.add(i);
  }
  const nb = nbSets.map((s) => [...s].sort((p, q) => p - q));
  // Metric coordinates: equirectangular about the mean latitude.
  const lat0 = U ? input.units.reduce((s, u) => s + u.centroid[1], 0) / U : 0;
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const ky = 110_574;
  const w = new Float64Array(U);
  const a = new Float64Array(U);
  const x = new Float64Array(U);
  const y = new Float64Array(U);
  const lon0 = U ? input.units.reduce((s, u) => s + u.centroid[0], 0) / U : 0;
  input.units.forEach((u, i) => {
    if (!(Number.isFinite(u.workload) && u.workload >= 0)) throw new DistrictingError(`unit ${u.id} has workload ${u.workload}; give a finite number ≥ 0`, { unit: u.id });
    w[i] = u.workload;
    a[i] = Number.isFinite(u.area) && u.area > 0 ? u.area : 1;
    // About the mean point, so that the moment sums keep their precision.
    x[i] = (u.centroid[0] - lon0) * kx;
    y[i] = (u.centroid[1] - lat0) * ky;
  });
  return { ids, index, nb, w, a, x, y };
}

/** How many connected pieces each district of `assignment` has over the adjacency (1 when contiguous). */
export function districtPieces(input: Pick<DistrictingInput, 'units' | 'adjacency'>, assignment: Readonly<Record<string, string>>): Record<string, number> {
  const nb = new Map<string, string[]>();
  for (const u of input.units) nb.set(u.id, []);
  for (const [p, q] of input.adjacency) {
    nb.get(p)?.push(q);
    nb.get(q)?.push(p);
  }
  const seen = new Set<string>();
  const out: Record<string, number> = {};
  for (const u of input.units) {
    if (seen.has(u.id)) continue;
    const d = assignment[u.id]!;
    out[d] = (out[d] ?? 0) + 1;
    const stack = [u.id];
    seen.add(u.id);
    while (stack.length) {
      const x = stack.pop()!;
      for (const v of nb.get(x) ?? []) {
        if (!seen.has(v) && assignment[v] === d) {
          seen.add(v);
          stack.push(v);
        }
      }
    }
  }
  return out;
}

/** Gives every unassigned unit (-1) the district of an assigned neighbour (breadth first), or of the nearest assigned unit. */
function fillUnassigned(g: Graph, label: Int32Array): void {
  const queue: number[] = [];
  for (let u = 0; u < label.length; u++) if (label[u]! >= 0) queue.push(u);
  for (let h = 0; h < queue.length; h++) {
    const u = queue[h]!;
    for (const v of g.nb[u]!) {
      if (label[v]! < 0) {
        label[v] = label[u]!;
        queue.push(v);
      }
    }
  }
  const assigned = queue;
  for (let u = 0; u < label.length; u++) {
    if (label[u]! >= 0) continue;
    let best = -1;
    let bd = Infinity;
    for (const v of assigned) {
      const d = (g.x[u]! - g.x[v]!) ** 2 + (g.y[u]! - g.y[v]!) ** 2;
      if (d < bd) {
        bd = d;
        best = v;
      }
    }
    if (best >= 0) label[u] = label[best]!;
  }
}

/** Grows `k` regions over the units `members` from far-apart seeds; returns a label in `labels` per member. */
function grow(g: Graph, members: readonly number[], labels: readonly number[], out: Int32Array, random: () => number): void {
  const k = labels.length;
  if (members.length < k) throw new DistrictingError(`${members.length} units cannot make ${k} districts`);
  // Farthest-point sampling: the first seed is the member farthest from the members' centroid.
  let cx = 0;
  let cy = 0;
  for (const u of members) {
    cx += g.x[u]!;
    cy += g.y[u]!;
  }
  cx /= members.length;
  cy /= members.length;
  const seeds: number[] = [];
  const dist = new Float64Array(members.length).fill(Infinity);
  let first = members[0]!;
  let fd = -1;
  for (const u of members) {
    const d = (g.x[u]! - cx) ** 2 + (g.y[u]! - cy) ** 2;
    if (d > fd) {
      fd = d;
      first = u;
    }
  }
  seeds.push(first);
  while (seeds.length < k) {
    const last = seeds[seeds.length - 1]!;
    let best = -1;
    let bd = -1;
    members.forEach((u, i) => {
      dist[i] = Math.min(dist[i]!, (g.x[u]! - g.x[last]!) ** 2 + (g.y[u]! - g.y[last]!) ** 2);
      if (dist[i]! > bd) {
        bd = dist[i]!;
        best = u;
      }
    });
    seeds.push(best);
  }
  const member = new Set(members);
  for (const u of members) out[u] = -1;
  const load = new Float64Array(k);
  const frontier: Set<number>[] = seeds.map(() => new Set());
  seeds.forEach((s, i) => {
    out[s] = labels[i]!;
    load[i] = g.w[s]!;
  });
  seeds.forEach((s, i) => {
    for (const v of g.nb[s]!) if (member.has(v) && out[v] === -1) frontier[i]!.add(v);
  });
  let left = members.length - k;
  const jitter = random() * 1e-9;
  while (left > 0) {
    // The lightest district with a frontier takes its frontier unit nearest its seed.
    let d = -1;
    for (let i = 0; i < k; i++) {
      for (const v of frontier[i]!) if (out[v] !== -1) frontier[i]!.delete(v);
      if (frontier[i]!.size && (d < 0 || load[i]! < load[d]! - jitter)) d = i;
    }
    if (d < 0) break; // the rest is unreachable from every seed
    const s = seeds[d]!;
    let best = -1;
    let bd = Infinity;
    for (const v of frontier[d]!) {
      const dd = (g.x[v]! - g.x[s]!) ** 2 + (g.y[v]! - g.y[s]!) ** 2;
      if (dd < bd || (dd === bd && v < best)) {
        bd = dd;
        best = v;
      }
    }
    out[best] = labels[d]!;
    load[d] = load[d]! + g.w[best]!;
    frontier[d]!.delete(best);
    for (const v of g.nb[best]!) if (member.has(v) && out[v] === -1) frontier[d]!.add(v);
    left--;
  }
  if (left > 0) {
    // Units no seed reaches join the district of their nearest assigned member.
    const assigned = members.filter((u) => out[u]! !== -1);
    for (const u of members) {
      if (out[u] !== -1) continue;
      let best = assigned[0]!;
      let bd = Infinity;
      for (const v of assigned) {
        const dd = (g.x[u]! - g.x[v]!) ** 2 + (g.y[u]! - g.y[v]!) ** 2;
        if (dd < bd) {
          bd = dd;
          best = v;
        }
      }
      out[u] = out[best]!;
    }
  }
}

/** Balanced districts over the units. Throws DistrictingError on input it cannot use. */
export function districts(input: DistrictingInput, options: DistrictingOptions = {}): DistrictingResult {
  const t0 = performance.now();
  const band = options.band ?? 0.15;
  const lambda = options.compactness ?? 0.05;
  const mu = options.bandPenalty ?? 20;
  const maxPasses = options.maxPasses ?? 200;
  const kappa = options.stickiness ?? 0.05;
  const random = rng(options.seed ?? 1);
  const { n } = input;
  if (!Number.isInteger(n) || n < 1) throw new DistrictingError(`n must be a whole number ≥ 1, got ${n}`);
  if (!(band >= 0)) throw new DistrictingError(`band must be ≥ 0, got ${band}`);
  const g = buildGraph(input);
  const U = g.ids.length;
  if (U < n) throw new DistrictingError(`${U} units cannot make ${n} districts`, { units: U, n });

  // District labels: indexes into `names`.
  const names: string[] = [];
  const label = new Int32Array(U).fill(-1);
  let startedFrom: DistrictingResult['startedFrom'] = 'grown';
  let initialSpread: Spread | null = null;
  const locked = new Uint8Array(U);
  if (options.initial) {
    const byName = new Map<string, number>();
    for (const [unit, district] of Object.entries(options.initial).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) {
      const u = g.index.get(unit);
      if (u === undefined) continue;
      if (!byName.has(district)) {
        byName.set(district, names.length);
        names.push(district);
      }
      label[u] = byName.get(district)!;
    }
    if (names.length === 0) throw new DistrictingError('the initial assignment names none of the units');
    fillUnassigned(g, label);
    const loads = new Array<number>(names.length).fill(0);
    for (let u = 0; u < U; u++) loads[label[u]!]! += g.w[u]!;
    initialSpread = spreadOf(loads, band);
    startedFrom = 'initial';
    for (const id of options.locked ?? []) {
      const u = g.index.get(id);
      if (u === undefined) throw new DistrictingError(`locked unit ${id} is not among the units`, { unit: id });
      locked[u] = 1;
    }
  } else if (options.locked?.length) {
    throw new DistrictingError('locked units need an initial assignment to keep');
  }

  // Each unit's district at the start of the search, for the stickiness term (-1: none).
  const home = new Int32Array(U).fill(-1);
  if (startedFrom === 'grown') {
    for (let i = 0; i < n; i++) names.push(String(i + 1));
    grow(g, [...Array(U).keys()], [...Array(n).keys()], label, random);
  } else {
    bringToN(g, label, names, n, locked, random);
    home.set(label);
  }

  // District sums for O(1) move evaluation.
  let K = names.length;
  const W = new Float64Array(K);
  const A = new Float64Array(K);
  const AX = new Float64Array(K);
  const AY = new Float64Array(K);
  const AR = new Float64Array(K);
  const count = new Int32Array(K);
  const add = (u: number, d: number, s: 1 | -1) => {
    W[d] = W[d]! + s * g.w[u]!;
    A[d] = A[d]! + s * g.a[u]!;
    AX[d] = AX[d]! + s * g.a[u]! * g.x[u]!;
    AY[d] = AY[d]! + s * g.a[u]! * g.y[u]!;
    AR[d] = AR[d]! + s * g.a[u]! * (g.x[u]! ** 2 + g.y[u]! ** 2);
    count[d] = count[d]! + s;
  };
  for (let u = 0; u < U; u++) add(u, label[u]!, 1);
  const total = W.reduce((s, w) => s + w, 0);
  const mean = total / n;
  const startSpread = spreadOf([...W], band);

  // Per-unit area moment about its own centroid is ignored (a constant for every assignment).
  const inertiaOf = (a: number, ax: number, ay: number, ar: number) => (a > 0 ? Math.max(0, ar - (ax * ax + ay * ay) / a) / ((a * a) / (2 * Math.PI)) : 0);
  const costBal = (w: number) => {
    if (mean <= 0) return 0;
    const dev = w / mean - 1;
    return dev * dev;
  };
  const costBand = (w: number) => {
    if (mean <= 0) return 0;
    const over = Math.abs(w / mean - 1) - band;
    return over > 0 ? mu * over * over : 0;
  };
  const lam = lambda;
  /** Whether taking `u` out of its district leaves its neighbours there connected to one another. */
  const staysConnected = (u: number) => {
    const d = label[u]!;
    const inside = g.nb[u]!.filter((v) => label[v] === d);
    if (inside.length <= 1) return true;
    const want = new Set(inside);
    const seen = new Set<number>([u, inside[0]!]);
    want.delete(inside[0]!);
    const stack = [inside[0]!];
    while (stack.length && want.size) {
      const x = stack.pop()!;
      for (const v of g.nb[x]!) {
        if (label[v] === d && !seen.has(v)) {
          seen.add(v);
          want.delete(v);
          stack.push(v);
        }
      }
    }
    return want.size === 0;
  };

  const order = [...Array(U).keys()];
  const outsideBand = (w: number) => Math.abs(w / mean - 1) > band + 1e-12;
  /**
   * One pass over the units in a seeded order; returns the moves made. `repair`: only
   * moves that touch a district outside the band, judged by balance and band alone
   * (compactness and stickiness may have held them back in the main passes).
   */
  const runPass = (repair: boolean): number => {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let moved = 0;
    for (const u of order) {
      if (locked[u]) continue;
      const d = label[u]!;
      if (count[d]! <= 1) continue;
      const wu = g.w[u]!;
      const au = g.a[u]!;
      const ux = g.x[u]!;
      const uy = g.y[u]!;
      const ur = ux * ux + uy * uy;
      let bestE = -1;
      let bestDelta = -eps;
      const tried = new Set<number>();
      for (const v of g.nb[u]!) {
        const e = label[v]!;
        if (e === d || tried.has(e)) continue;
        tried.add(e);
        if (repair && !outsideBand(W[d]!) && !outsideBand(W[e]!)) continue;
        const dBal = costBal(W[d]! - wu) + costBal(W[e]! + wu) - costBal(W[d]!) - costBal(W[e]!);
        if (dBal > eps) continue;
        const dBand = costBand(W[d]! - wu) + costBand(W[e]! + wu) - costBand(W[d]!) - costBand(W[e]!);
        let delta = dBal + dBand;
        if (!repair) {
          const dIn =
            lam *
            (inertiaOf(A[d]! - au, AX[d]! - au * ux, AY[d]! - au * uy, AR[d]! - au * ur) +
              inertiaOf(A[e]! + au, AX[e]! + au * ux, AY[e]! + au * uy, AR[e]! + au * ur) -
              inertiaOf(A[d]!, AX[d]!, AY[d]!, AR[d]!) -
              inertiaOf(A[e]!, AX[e]!, AY[e]!, AR[e]!));
          const stay = home[u]! < 0 ? 0 : kappa * (wu / mean + 1 / U) * ((home[u] === d ? 1 : 0) - (home[u] === e ? 1 : 0));
          delta += dIn + stay;
        } else if (dBand >= 0) continue;
        if (delta < bestDelta) {
          bestDelta = delta;
          bestE = e;
        }
      }
      if (bestE < 0) continue;
      // The donor must not fall into more pieces.
      if (!staysConnected(u)) continue;
      add(u, d, -1);
      label[u] = bestE;
      add(u, bestE, 1);
      moved++;
    }
    return moved;
  };
  let passes = 0;
  let moves = 0;
  const eps = 1e-12;
  for (const repair of [false, true]) {
    while (passes < maxPasses && mean > 0) {
      passes++;
      const moved = runPass(repair);
      moves += moved;
      if (moved === 0) break;
    }
  }

  const assignment: Record<string, string> = {};
  for (let u = 0; u < U; u++) assignment[g.ids[u]!] = names[label[u]!]!;
  K = names.length;
  const summaries: DistrictSummary[] = [];
  for (let d = 0; d < K; d++) {
    summaries.push({
      id: names[d]!,
      workload: W[d]!,
      units: count[d]!,
      area: A[d]!,
      deviation: mean > 0 ? W[d]! / mean - 1 : 0,
      inertia: inertiaOf(A[d]!, AX[d]!, AY[d]!, AR[d]!),
    });
  }
  return {
    assignment,
    districts: summaries,
    spread: spreadOf([...W], band),
    start: startSpread,
    initial: initialSpread,
    passes,
    moves,
    ms: performance.now() - t0,
    startedFrom,
  };
}

/** Merges the lightest district into its lightest neighbour, or splits the heaviest in two, until there are `n`. */
function bringToN(g: Graph, label: Int32Array, names: string[], n: number, locked: Uint8Array, random: () => number): void {
  const U = label.length;
  const loads = () => {
    const out = new Float64Array(names.length);
    for (let u = 0; u < U; u++) out[label[u]!] = out[label[u]!]! + g.w[u]!;
    return out;
  };
  while (names.length > n) {
    const w = loads();
    let light = 0;
    for (let d = 1; d < names.length; d++) if (w[d]! < w[light]!) light = d;
    const adjacent = new Set<number>();
    for (let u = 0; u < U; u++) if (label[u] === light) for (const v of g.nb[u]!) if (label[v] !== light) adjacent.add(label[v]!);
    let into = -1;
    for (const e of adjacent) if (into < 0 || w[e]! < w[into]! || (w[e] === w[into] && e < into)) into = e;
    if (into < 0) into = light === 0 ? 1 : 0;
    const last = names.length - 1;
    for (let u = 0; u < U; u++) {
      if (label[u] === light) label[u] = into;
    }
    // Keep labels dense: the last district takes the freed index.
    if (light !== last) {
      for (let u = 0; u < U; u++) if (label[u] === last) label[u] = light;
      names[light] = names[last]!;
    }
    names.pop();
  }
  let fresh = 1;
  while (names.length < n) {
    const w = loads();
    let heavy = -1;
    for (let d = 0; d < names.length; d++) {
      let size = 0;
      for (let u = 0; u < U; u++) if (label[u] === d) size++;
      if (size >= 2 && (heavy < 0 || w[d]! > w[heavy]!)) heavy = d;
    }
    if (heavy < 0) throw new DistrictingError(`cannot split the districts further to make ${n}`);
    const members: number[] = [];
    for (let u = 0; u < U; u++) if (label[u] === heavy && !locked[u]) members.push(u);
    if (members.length < 2) throw new DistrictingError(`cannot split district ${names[heavy]}: its units are locked`);
    const id = names.length;
    while (names.includes(`new-${fresh}`)) fresh++;
    names.push(`new-${fresh++}`);
    grow(g, members, [heavy, id], label, random);
  }
}
