// The p-median engine: greedy construction, then fast vertex interchange (Teitz–Bart
// swaps evaluated the way Whitaker (1983) does: one pass over the demand points per
// candidate, with each point's nearest and second-nearest open site), then variable
// neighbourhood search (Hansen & Mladenović 1997: shake k random swaps away from the
// best answer, descend again, widen k while it fails) until the time or the patience
// runs out. MCLP runs on it too, with 0/1 costs (uncovered or not).

import { mulberry32 } from './random.ts';

export interface MedianProblem {
  /** Demand weights (n). */
  weights: Float64Array;
  /** Candidate-major costs: cost[j * n + i], finite and non-negative. */
  cost: Float64Array;
  /** Number of candidates (m). */
  candidates: number;
  /** Sites to open, fixed included. */
  p: number;
  /** Candidates forced open. */
  fixed: readonly number[];
  /** 1 where a candidate may be opened (fixed ones included). */
  allowed: Uint8Array;
}

export interface MedianSearchOptions {
  /** Seconds for the whole search (construction and descent always finish). */
  timeLimit: number;
  seed: number;
  /** Shakes in a row without improvement before stopping. */
  maxNoImprove: number;
  /** Skip the neighbourhood search (greedy + interchange only). */
  descentOnly?: boolean;
  /** Called with each better cost the search finds. */
  onImprove?: (cost: number) => void;
  /** Polled between shakes; true ends the search with the best answer so far. */
  shouldStop?: () => boolean;
}

export interface MedianAnswer {
  sites: number[];
  /** Nearest open site per demand point. */
  assignment: Int32Array;
  cost: number;
  /** Shakes tried by the neighbourhood search. */
  shakes: number;
}

class State {
  readonly n: number;
  readonly m: number;
  readonly open: number[] = [];
  readonly isOpen: Uint8Array;
  readonly c1: Int32Array;
  readonly c2: Int32Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;

  constructor(readonly pr: MedianProblem) {
    this.n = pr.weights.length;
    this.m = pr.candidates;
    this.isOpen = new Uint8Array(this.m);
    this.c1 = new Int32Array(this.n).fill(-1);
    this.c2 = new Int32Array(this.n).fill(-1);
    this.d1 = new Float64Array(this.n).fill(Infinity);
    this.d2 = new Float64Array(this.n).fill(Infinity);
  }

  total(): number {
    const w = this.pr.weights;
    let s = 0;
    for (let i = 0; i < this.n; i++) s += w[i]! * this.d1[i]!;
    return s;
  }

  add(j: number): void {
    const { n, c1, c2, d1, d2 } = this;
    const D = this.pr.cost;
    this.open.push(j);
    this.isOpen[j] = 1;
    const base = j * n;
    for (let i = 0; i < n; i++) {
      const d = D[base + i]!;
      if (d < d1[i]!) {
        c2[i] = c1[i]!;
        d2[i] = d1[i]!;
        c1[i] = j;
        d1[i] = d;
      } else if (d < d2[i]!) {
        c2[i] = j;
        d2[i] = d;
      }
    }
  }

  private recompute(i: number): void {
    const D = this.pr.cost;
    const n = this.n;
    let b1 = -1, b2 = -1, v1 = Infinity, v2 = Infinity;
    for (const j of this.open) {
      const d = D[j * n + i]!;
      if (d < v1) {
        b2 = b1; v2 = v1; b1 = j; v1 = d;
      } else if (d < v2) {
        b2 = j; v2 = d;
      }
    }
    this.c1[i] = b1; this.d1[i] = v1; this.c2[i] = b2; this.d2[i] = v2;
  }

  swap(out: number, into: number): void {
    const { n, c1, c2, d1, d2 } = this;
    const D = this.pr.cost;
    this.open[this.open.indexOf(out)] = into;
    this.isOpen[out] = 0;
    this.isOpen[into] = 1;
    const base = into * n;
    for (let i = 0; i < n; i++) {
      if (c1[i] === out || c2[i] === out) {
        this.recompute(i);
        continue;
      }
      const d = D[base + i]!;
      if (d < d1[i]!) {
        c2[i] = c1[i]!; d2[i] = d1[i]!; c1[i] = into; d1[i] = d;
      } else if (d < d2[i]!) {
        c2[i] = into; d2[i] = d;
      }
    }
  }

  copyFrom(o: State): void {
    this.open.length = 0;
    this.open.push(...o.open);
    this.isOpen.set(o.isOpen);
    this.c1.set(o.c1); this.c2.set(o.c2); this.d1.set(o.d1); this.d2.set(o.d2);
  }
}

/** Greedy add: fixed sites first, then the site that lowers the cost most, until p are open. */
function greedy(st: State): void {
  const { pr, n, m } = st;
  const D = pr.cost;
  const w = pr.weights;
  for (const j of pr.fixed) if (!st.isOpen[j]) st.add(j);
  while (st.open.length < pr.p) {
    let best = -1;
    let bestVal = Infinity;
    const empty = st.open.length === 0;
    for (let j = 0; j < m; j++) {
      if (!pr.allowed[j] || st.isOpen[j]) continue;
      const base = j * n;
      let v = 0; // cost after adding j, less a constant
      if (empty) for (let i = 0; i < n; i++) v += w[i]! * D[base + i]!;
      else for (let i = 0; i < n; i++) {
        const d = D[base + i]!;
        if (d < st.d1[i]!) v -= w[i]! * (st.d1[i]! - d);
      }
      if (v < bestVal) {
        bestVal = v;
        best = j;
      }
    }
    if (best < 0) break;
    st.add(best);
  }
}

/** Fast interchange descent: first improving candidate, best site to drop for it; until a whole pass finds none. */
function descend(st: State, loss: Float64Array, removable: Uint8Array, eps: number, startAt: number): void {
  const { pr, n, m, c1, d1, d2 } = st;
  const D = pr.cost;
  const w = pr.weights;
  let since = 0;
  let j = startAt % m;
  while (since < m) {
    const cand = j;
    j = j + 1 === m ? 0 : j + 1;
    since++;
    if (!pr.allowed[cand] || st.isOpen[cand]) continue;
    for (const r of st.open) loss[r] = 0;
    let gain = 0;
    const base = cand * n;
    for (let i = 0; i < n; i++) {
      const d = D[base + i]!;
      const a = d1[i]!;
      if (d < a) gain += w[i]! * (a - d);
      else {
        const b = d2[i]!;
        loss[c1[i]!]! += w[i]! * ((d < b ? d : b) - a);
      }
    }
    let out = -1;
    let outLoss = Infinity;
    for (const r of st.open) if (removable[r] && loss[r]! < outLoss) {
      outLoss = loss[r]!;
      out = r;
    }
    if (out >= 0 && gain - outLoss > eps) {
      st.swap(out, cand);
      since = 0;
    }
  }
}

export function medianSearch(pr: MedianProblem, opts: MedianSearchOptions): MedianAnswer {
  const t0 = performance.now();
  const deadline = t0 + opts.timeLimit * 1000;
  const n = pr.weights.length;
  const m = pr.candidates;
  const st = new State(pr);
  greedy(st);
  const removable = new Uint8Array(m);
  for (let j = 0; j < m; j++) removable[j] = pr.allowed[j]!;
  for (const j of pr.fixed) removable[j] = 0;
  const loss = new Float64Array(m);
  let scale = 0;
  for (let i = 0; i < n; i++) scale += pr.weights[i]! * (Number.isFinite(st.d1[i]!) ? st.d1[i]! : 0);
  const eps = 1e-9 * (1 + scale);
  descend(st, loss, removable, eps, 0);

  const swappableOut = st.open.filter((j) => removable[j]);
  let closedAllowed = 0;
  for (let j = 0; j < m; j++) if (pr.allowed[j] && !st.isOpen[j]) closedAllowed++;
  const kmax = Math.min(swappableOut.length, closedAllowed, Math.max(2, Math.ceil(pr.p / 3)));
  let shakes = 0;
  if (!opts.descentOnly && kmax > 0) {
    const rnd = mulberry32(opts.seed);
    const best = new State(pr);
    best.copyFrom(st);
    let bestCost = st.total();
    let k = 1;
    let noImprove = 0;
    opts.onImprove?.(bestCost);
    while (noImprove < opts.maxNoImprove && performance.now() < deadline && !opts.shouldStop?.()) {
      shakes++;
      for (let s = 0; s < k; s++) {
        const outs = st.open.filter((j) => removable[j]);
        const out = outs[Math.floor(rnd() * outs.length)]!;
        let into = -1;
        for (let tries = 0; tries < 64 && into < 0; tries++) {
          const c = Math.floor(rnd() * m);
          if (pr.allowed[c] && !st.isOpen[c]) into = c;
        }
        if (into < 0) for (let c = 0; c < m && into < 0; c++) if (pr.allowed[c] && !st.isOpen[c]) into = c;
        if (into < 0) break;
        st.swap(out, into);
      }
      descend(st, loss, removable, eps, Math.floor(rnd() * m));
      const c = st.total();
      if (c < bestCost - eps) {
        bestCost = c;
        best.copyFrom(st);
        opts.onImprove?.(c);
        k = 1;
        noImprove = 0;
      } else {
        st.copyFrom(best);
        k = k >= kmax ? 1 : k + 1;
        noImprove++;
      }
    }
  }
  return { sites: [...st.open].sort((a, b) => a - b), assignment: st.c1.slice(), cost: st.total(), shakes };
}
