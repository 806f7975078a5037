// A lower bound for the uncapacitated p-median by Lagrangian relaxation of the
// assignment constraints (Σ_j x_ij = 1, multiplier λ_i), maximised by subgradient
// steps (Beasley 1993). For fixed λ the relaxation opens the fixed sites and the
// p − |fixed| others with the most negative ρ_j = Σ_i min(0, w_i d_ij − λ_i); its value
// Σ λ_i + Σ_open ρ_j bounds every answer from below. It lets the heuristic say how far
// from optimal it can be on instances too large for the MIP.
import type { MedianProblem } from './interchange.ts';

export interface BoundOptions {
  /** Best known objective (the step size aims at it). */
  upper: number;
  /** Seconds at most. */
  timeLimit: number;
  /** Subgradient steps at most. */
  iterations?: number;
}

export function pmedianLowerBound(pr: MedianProblem, opts: BoundOptions): number {
  const deadline = performance.now() + opts.timeLimit * 1000;
  const { weights: w, cost: D, candidates: m, p, allowed } = pr;
  const n = w.length;
  const fixed = new Uint8Array(m);
  for (const j of pr.fixed) fixed[j] = 1;
  const free: number[] = [];
  for (let j = 0; j < m; j++) if (allowed[j] && !fixed[j]) free.push(j);
  const extra = p - pr.fixed.length;
  let integral = true;
  for (let i = 0; i < n && integral; i++) if (!Number.isInteger(w[i]!)) integral = false;
  for (let k = 0; k < D.length && integral; k++) if (!Number.isInteger(D[k]!)) integral = false;

  // Start: each point's second-cheapest allowed service cost.
  const lambda = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let a = Infinity, b = Infinity;
    for (let j = 0; j < m; j++) {
      if (!allowed[j]) continue;
      const c = w[i]! * D[j * n + i]!;
      if (c < a) { b = a; a = c; } else if (c < b) b = c;
    }
    lambda[i] = Number.isFinite(b) ? b : Number.isFinite(a) ? a : 0;
  }
  const rho = new Float64Array(m);
  const chosen = new Uint8Array(m);
  const g = new Float64Array(n);
  let best = 0;
  let f = 2;
  let stale = 0;
  const maxIter = opts.iterations ?? 1000;
  for (let it = 0; it < maxIter && performance.now() < deadline; it++) {
    let sumL = 0;
    for (let i = 0; i < n; i++) sumL += lambda[i]!;
    for (let j = 0; j < m; j++) {
      if (!allowed[j]) continue;
      const base = j * n;
      let r = 0;
      for (let i = 0; i < n; i++) {
        const v = w[i]! * D[base + i]! - lambda[i]!;
        if (v < 0) r += v;
      }
      rho[j] = r;
    }
    chosen.fill(0);
    let value = sumL;
    for (let j = 0; j < m; j++) if (fixed[j]) { chosen[j] = 1; value += rho[j]!; }
    if (extra > 0) {
      const order = free.slice().sort((a, b) => rho[a]! - rho[b]!);
      for (let k = 0; k < extra && k < order.length; k++) { chosen[order[k]!] = 1; value += rho[order[k]!]!; }
    }
    if (value > best + 1e-9 * (1 + Math.abs(best))) { best = value; stale = 0; } else if (++stale >= 20) { f /= 2; stale = 0; }
    if (f < 1e-4 || best >= opts.upper - 1e-9) break;
    // Subgradient: 1 − (open sites point i would pay to be served by).
    let norm = 0;
    for (let i = 0; i < n; i++) g[i] = 1;
    for (let j = 0; j < m; j++) {
      if (!chosen[j]) continue;
      const base = j * n;
      for (let i = 0; i < n; i++) if (w[i]! * D[base + i]! - lambda[i]! < 0) g[i]! -= 1;
    }
    for (let i = 0; i < n; i++) norm += g[i]! * g[i]!;
    if (norm === 0) break; // the relaxation's answer is feasible: the bound is optimal
    const step = (f * Math.max(opts.upper - value, 1e-9 * (1 + Math.abs(opts.upper)))) / norm;
    for (let i = 0; i < n; i++) lambda[i]! += step * g[i]!;
  }
  return integral ? Math.ceil(best - 1e-6) : best;
}
