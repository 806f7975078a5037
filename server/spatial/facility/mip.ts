// Exact answers with HiGHS (WebAssembly, loaded once): each problem written as a MIP
// and solved under a time limit. The answer carries HiGHS's proven bound, so a
// time-out still says how far from optimal the best known answer may be.
//
//   p-median   min Σ w_i d_ij x_ij   Σ_j x_ij = 1, x_ij ≤ y_j, Σ_j y_j = p
//   MCLP       max Σ w_i z_i         z_i ≤ Σ_{j reaches i} y_j, Σ_j y_j = p
//   LSCP       min Σ_j y_j           Σ_{j reaches i} y_j ≥ 1 for every coverable i
// Capacitated: binary x_ij (single source) and Σ_i w_i x_ij ≤ C_j y_j; MCLP then
// maximises Σ w_i x_ij with Σ_j x_ij ≤ 1 over reaching sites, LSCP asks Σ_j x_ij = 1.
// Fixed sites: y_j = 1; excluded sites: no column at all.
//
// The model is built once as columns and sparse rows. It goes to HiGHS as arrays:
// HiGHS parsed the same model as CPLEX LP text in 3.3 s for 260 × 260 (68k columns),
// longer than a typical time limit, against milliseconds for the arrays. `lpText`
// writes the LP text of the same model, for reading and for other solvers.
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
  status: 'optimal' | 'time-limit' | 'infeasible' | 'other';
  /** Open sites, or null without an incumbent. */
  sites: number[] | null;
  /** Single-source assignment (capacitated; -1 unassigned), else null. */
  assignment: Int32Array | null;
  objective: number | null;
  /** Proven bound (lower for min problems, upper for MCLP), null when none. */
  bound: number | null;
  columns: number;
  rows: number;
}

/** Columns and CSR rows of a MIP, with names for the LP text. */
export class MipModel {
  maximize = false;
  readonly names: string[] = [];
  readonly cost: number[] = [];
  readonly lower: number[] = [];
  readonly upper: number[] = [];
  readonly integer: number[] = [];
  readonly rowNames: string[] = [];
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  readonly starts: number[] = [0];
  readonly index: number[] = [];
  readonly value: number[] = [];

  col(name: string, cost: number, lower: number, upper: number, integer: boolean): number {
    this.names.push(name);
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(integer ? 1 : 0);
    return this.names.length - 1;
  }

  row(name: string, lower: number, upper: number, cols: readonly number[], coefs: readonly number[]): void {
    this.rowNames.push(name);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    for (let k = 0; k < cols.length; k++) {
      this.index.push(cols[k]!);
      this.value.push(coefs[k]!);
    }
    this.starts.push(this.index.length);
  }

  /** CPLEX LP text of the model. */
  lpText(): string {
    const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(15));
    const out: string[] = [this.maximize ? 'Maximize' : 'Minimize'];
    const terms = (head: string, cols: number[], coefs: number[], tail: string) => {
      let line = head;
      cols.forEach((c, k) => {
        const v = coefs[k]!;
        const piece = `${k === 0 ? (v < 0 ? ' -' : '') : v < 0 ? ' -' : ' +'} ${num(Math.abs(v))} ${this.names[c]}`;
        if (line.length + piece.length > 200) {
          out.push(line);
          line = ' ';
        }
        line += piece;
      });
      out.push(`${line}${tail}`);
    };
    const objCols = this.cost.flatMap((v, c) => (v !== 0 ? [c] : []));
    terms(' obj:', objCols, objCols.map((c) => this.cost[c]!), '');
    out.push('Subject To');
    for (let r = 0; r < this.rowNames.length; r++) {
      const cols = this.index.slice(this.starts[r], this.starts[r + 1]);
      const coefs = this.value.slice(this.starts[r], this.starts[r + 1]);
      const lo = this.rowLower[r]!, hi = this.rowUpper[r]!;
      const tail = lo === hi ? ` = ${num(lo)}` : lo === -Infinity ? ` <= ${num(hi)}` : hi === Infinity ? ` >= ${num(lo)}` : '';
      if (tail === '') throw new Error('ranged rows are not written as LP text');
      terms(` ${this.rowNames[r]}:`, cols, coefs, tail);
    }
    out.push('Bounds');
    this.names.forEach((n, c) => out.push(` ${num(this.lower[c]!)} <= ${n} <= ${this.upper[c] === Infinity ? '+inf' : num(this.upper[c]!)}`));
    const ints = this.names.filter((_, c) => this.integer[c]);
    if (ints.length) {
      out.push('Generals');
      for (let k = 0; k < ints.length; k += 20) out.push(` ${ints.slice(k, k + 20).join(' ')}`);
    }
    out.push('End');
    return `${out.join('\n')}\n`;
  }
}

/** The MIP of a facility problem. */
export function buildMip(inp: MipInput): MipModel {
  const { problem, weights: w, candidates: m, distance: D, allowed, capacity } = inp;
  const n = w.length;
  const open: number[] = [];
  for (let j = 0; j < m; j++) if (allowed[j]) open.push(j);
  const reach = (i: number, j: number) => (problem === 'pmedian' ? D[j * n + i]! < Infinity : D[j * n + i]! <= inp.radius);
  const model = new MipModel();
  model.maximize = problem === 'mclp';
  const y = new Map<number, number>();
  for (const j of open) y.set(j, model.col(`y${j}`, problem === 'lscp' ? 1 : 0, 0, 1, true));
  const useX = problem === 'pmedian' || capacity !== null;
  const bySite = new Map<number, [number, number][]>(); // site → [demand, column]
  for (let i = 0; i < n; i++) {
    const sites = open.filter((j) => reach(i, j));
    if (useX) {
      if (sites.length === 0) {
        if (problem === 'pmedian') throw new RangeError(`demand point ${i} has no candidate site`);
        continue;
      }
      const xs = sites.map((j) => {
        const c = model.col(`x${i}_${j}`, problem === 'pmedian' ? w[i]! * D[j * n + i]! : problem === 'mclp' ? w[i]! : 0, 0, 1, capacity !== null);
        let l = bySite.get(j);
        if (!l) bySite.set(j, (l = []));
        l.push([i, c]);
        return c;
      });
      model.row(`a${i}`, problem === 'mclp' ? -Infinity : 1, 1, xs, xs.map(() => 1));
      sites.forEach((j, k) => model.row(`l${i}_${j}`, -Infinity, 0, [xs[k]!, y.get(j)!], [1, -1]));
    } else if (problem === 'mclp') {
      const z = model.col(`z${i}`, w[i]!, 0, 1, false);
      model.row(`c${i}`, -Infinity, 0, [z, ...sites.map((j) => y.get(j)!)], [1, ...sites.map(() => -1)]);
    } else if (sites.length > 0) {
      model.row(`c${i}`, 1, Infinity, sites.map((j) => y.get(j)!), sites.map(() => 1));
    }
  }
  if (capacity) {
    for (const j of open) {
      const users = bySite.get(j);
      if (!users) continue;
      model.row(`k${j}`, -Infinity, 0, [...users.map(([, c]) => c), y.get(j)!], [...users.map(([i]) => w[i]!), -capacity[j]!]);
    }
  }
  if (problem !== 'lscp') model.row('p', inp.p, inp.p, open.map((j) => y.get(j)!), open.map(() => 1));
  for (const j of inp.fixed) model.row(`f${j}`, 1, 1, [y.get(j)!], [1]);
  return model;
}

/** CPLEX LP text of a facility problem's MIP. */
export function buildLp(inp: MipInput): string {
  return buildMip(inp).lpText();
}

export async function solveMip(inp: MipInput): Promise<MipAnswer> {
  const h = await highs();
  const mip = buildMip(inp);
  const numCols = mip.names.length;
  const numRows = mip.rowNames.length;
  const model = h.createModel({
    numCols,
    numRows,
    sense: mip.maximize ? h.constants.objectiveSense.maximize : h.constants.objectiveSense.minimize,
    colCost: Float64Array.from(mip.cost),
    colLower: Float64Array.from(mip.lower),
    colUpper: Float64Array.from(mip.upper),
    rowLower: Float64Array.from(mip.rowLower, (v) => (v === -Infinity ? -h.infinity : v)),
    rowUpper: Float64Array.from(mip.rowUpper, (v) => (v === Infinity ? h.infinity : v)),
    matrix: { format: 'csr', numRows, numCols, starts: Int32Array.from(mip.starts), indices: Int32Array.from(mip.index), values: Float64Array.from(mip.value) },
    integrality: Int32Array.from(mip.integer),
  });
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
    if (!hasSolution) return { status, sites: null, assignment: null, objective: null, bound, columns: numCols, rows: numRows };
    const values = model.getSolution().colValue;
    const sites: number[] = [];
    const assignment = new Int32Array(inp.weights.length).fill(-1);
    for (let c = 0; c < numCols; c++) {
      if (values[c]! < 0.5) continue;
      const name = mip.names[c]!;
      if (name.startsWith('y')) sites.push(Number(name.slice(1)));
      else if (name.startsWith('x') && inp.capacity) {
        const [i, j] = name.slice(1).split('_').map(Number) as [number, number];
        assignment[i] = j;
      }
    }
    sites.sort((a, b) => a - b);
    return { status, sites, assignment: inp.capacity ? assignment : null, objective: model.getObjectiveValue(), bound, columns: numCols, rows: numRows };
  } finally {
    model.dispose();
  }
}
