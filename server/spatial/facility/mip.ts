// Exact answers with HiGHS (WebAssembly, loaded once): each problem written as a MIP
// in CPLEX LP format, solved under a time limit. The answer carries HiGHS's proven
// bound, so a time-out still says how far from optimal the best known answer may be.
//
//   p-median   min Σ w_i d_ij x_ij   Σ_j x_ij = 1, x_ij ≤ y_j, Σ_j y_j = p
//   MCLP       max Σ w_i z_i         z_i ≤ Σ_{j reaches i} y_j, Σ_j y_j = p
//   LSCP       min Σ_j y_j           Σ_{j reaches i} y_j ≥ 1 for every coverable i
// Capacitated: binary x_ij (single source) and Σ_i w_i x_ij ≤ C_j y_j; MCLP then
// maximises Σ w_i x_ij with Σ_j x_ij ≤ 1 over reaching sites, LSCP asks Σ_j x_ij = 1.
// Fixed sites: y_j = 1; excluded sites: no column at all.
import loadHighs from 'highs';
import type { FacilityProblem } from './types.ts';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highsPromise: Promise<Highs> | null = null;

/** The HiGHS module, loaded on first use (~40 ms) and kept. */
export function highs(): Promise<Highs> {
  highsPromise ??= loadHighs();
  return highsPromise;
}

export interface MipInput {
  problem: FacilityProblem;
  weights: Float64Array;
  candidates: number;
  /** Candidate-major distances. */
  distance: Float64Array;
  p: number;
  radius: number;
  fixed: readonly number[];
  allowed: Uint8Array;
  /** Per-candidate capacity, or null when uncapacitated. */
  capacity: Float64Array | null;
  timeLimit: number;
}

export interface MipAnswer {
  /** 'optimal', 'time-limit' (with or without an incumbent), 'infeasible', or another HiGHS status. */
  status: 'optimal' | 'time-limit' | 'infeasible' | 'other';
  /** Open sites and single-source assignments (capacitated; -1 unassigned), or null without an incumbent. */
  sites: number[] | null;
  assignment: Int32Array | null;
  objective: number | null;
  /** Proven bound (lower for min problems, upper for MCLP), null when none. */
  bound: number | null;
  columns: number;
  rows: number;
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(15));

/** Writes the LP text, term lists broken into short lines. */
class LpWriter {
  private readonly out: string[] = [];
  rows = 0;

  line(s: string) {
    this.out.push(s);
  }

  /** A named expression `name: t1 + t2 ... op rhs`. */
  row(name: string, terms: string[], tail: string) {
    this.rows++;
    this.expr(` ${name}:`, terms, tail);
  }

  expr(head: string, terms: string[], tail: string) {
    let cur = head;
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k]!;
      const piece = k === 0 ? ` ${t}` : t.startsWith('-') ? ` - ${t.slice(1)}` : ` + ${t}`;
      if (cur.length + piece.length > 200) {
        this.out.push(cur);
        cur = ' ';
      }
      cur += piece;
    }
    if (terms.length === 0) cur += ' 0 dummy_zero';
    this.out.push(`${cur} ${tail}`.trimEnd());
  }

  /** Names separated by spaces (the Binaries section). */
  list(names: string[]) {
    for (let k = 0; k < names.length; k += 20) this.out.push(` ${names.slice(k, k + 20).join(' ')}`);
  }

  text(): string {
    return this.out.join('\n') + '\n';
  }
}

export function buildLp(inp: MipInput): { text: string; columns: number; rows: number } {
  const { problem, weights: w, candidates: m, distance: D, allowed, capacity } = inp;
  const n = w.length;
  const open: number[] = [];
  for (let j = 0; j < m; j++) if (allowed[j]) open.push(j);
  const reach = (i: number, j: number) => problem === 'pmedian' || D[j * n + i]! <= inp.radius;
  const lp = new LpWriter();
  const useX = problem === 'pmedian' || capacity !== null;
  const xs: string[] = [];
  // Pairs (i, j) with an x column, by demand point and by site.
  const byDemand: number[][] = Array.from({ length: n }, () => []);
  if (useX) for (const j of open) for (let i = 0; i < n; i++) if (reach(i, j)) byDemand[i]!.push(j);

  const obj: string[] = [];
  if (problem === 'pmedian') {
    lp.line('Minimize');
    for (let i = 0; i < n; i++) for (const j of byDemand[i]!) obj.push(`${num(w[i]! * D[j * n + i]!)} x${i}_${j}`);
  } else if (problem === 'mclp') {
    lp.line('Maximize');
    if (useX) for (let i = 0; i < n; i++) for (const j of byDemand[i]!) obj.push(`${num(w[i]!)} x${i}_${j}`);
    else for (let i = 0; i < n; i++) obj.push(`${num(w[i]!)} z${i}`);
  } else {
    lp.line('Minimize');
    for (const j of open) obj.push(`y${j}`);
  }
  lp.expr(' obj:', obj, '');
  lp.line('Subject To');
  for (let i = 0; i < n; i++) {
    if (useX) {
      const row = byDemand[i]!.map((j) => `x${i}_${j}`);
      if (row.length === 0) {
        if (problem === 'pmedian') throw new RangeError(`demand point ${i} has no candidate site`);
        continue;
      }
      if (problem === 'mclp') lp.row(`a${i}`, row, '<= 1');
      else lp.row(`a${i}`, row, '= 1');
      for (const j of byDemand[i]!) lp.row(`l${i}_${j}`, [`x${i}_${j}`, `-y${j}`], '<= 0');
      for (const j of byDemand[i]!) xs.push(`x${i}_${j}`);
    } else {
      const row: string[] = [];
      for (const j of open) if (reach(i, j)) row.push(`y${j}`);
      if (problem === 'mclp') lp.row(`c${i}`, [`z${i}`, ...row.map((t) => `-${t}`)], '<= 0');
      else if (row.length > 0) lp.row(`c${i}`, row, '>= 1');
    }
  }
  if (capacity) {
    const bySite = new Map<number, number[]>();
    for (let i = 0; i < n; i++) for (const j of byDemand[i]!) {
      let l = bySite.get(j);
      if (!l) bySite.set(j, (l = []));
      l.push(i);
    }
    for (const j of open) {
      const users = bySite.get(j) ?? [];
      if (users.length === 0) continue;
      lp.row(`k${j}`, [...users.map((i) => `${num(w[i]!)} x${i}_${j}`), `-${num(capacity[j]!)} y${j}`], '<= 0');
    }
  }
  if (problem !== 'lscp') lp.row('p', open.map((j) => `y${j}`), `= ${inp.p}`);
  for (const j of inp.fixed) lp.row(`f${j}`, [`y${j}`], '= 1');
  lp.line('Bounds');
  for (const j of open) lp.line(` 0 <= y${j} <= 1`);
  if (useX && !capacity) for (const x of xs) lp.line(` 0 <= ${x} <= 1`);
  if (problem === 'mclp' && !useX) for (let i = 0; i < n; i++) lp.line(` 0 <= z${i} <= 1`);
  lp.line('Binaries');
  lp.list(open.map((j) => `y${j}`));
  if (capacity) lp.list(xs);
  lp.line('End');
  return { text: lp.text(), columns: open.length + xs.length + (problem === 'mclp' && !useX ? n : 0), rows: lp.rows };
}

export async function solveMip(inp: MipInput): Promise<MipAnswer> {
  const h = await highs();
  const { text, columns, rows } = buildLp(inp);
  const model = h.createModel({ format: 'lp', data: text });
  try {
    model.options.set({ output_flag: false, time_limit: Math.max(0.01, inp.timeLimit), mip_rel_gap: 1e-9, mip_abs_gap: 1e-6 });
    model.run();
    const code = model.getModelStatus();
    const S = h.constants.modelStatus;
    const status: MipAnswer['status'] = code === S.optimal ? 'optimal' : code === S.timeLimit ? 'time-limit' : code === S.infeasible ? 'infeasible' : 'other';
    const info = (name: string): number | null => {
      try {
        const v = Number(model.info.get(name));
        return Number.isFinite(v) ? v : null;
      } catch {
        return null;
      }
    };
    const primalStatus = info('primal_solution_status');
    const hasSolution = status === 'optimal' || (primalStatus !== null && primalStatus >= 2);
    const boundRaw = info('mip_dual_bound');
    const bound = status === 'infeasible' ? null : boundRaw !== null && Math.abs(boundRaw) < 1e300 ? boundRaw : null;
    if (!hasSolution) return { status, sites: null, assignment: null, objective: null, bound, columns, rows };
    const values = model.getSolution().colValue;
    const n = inp.weights.length;
    const sites: number[] = [];
    const assignment = new Int32Array(n).fill(-1);
    for (let c = 0; c < values.length; c++) {
      if (values[c]! < 0.5) continue;
      const name = model.getColName(c);
      if (name.startsWith('y')) sites.push(Number(name.slice(1)));
      else if (name.startsWith('x') && inp.capacity) {
        const [i, j] = name.slice(1).split('_').map(Number) as [number, number];
        assignment[i] = j;
      }
    }
    sites.sort((a, b) => a - b);
    return { status, sites, assignment: inp.capacity ? assignment : null, objective: model.getObjectiveValue(), bound, columns, rows };
  } finally {
    model.dispose();
  }
}
