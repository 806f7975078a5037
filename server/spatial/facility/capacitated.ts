// Capacitated variants, heuristically: single-source assignment of demand points to a
// given set of open sites (regret order: the points that lose most when their best site
// is full go first; then shifts to cheaper sites with room), and a swap search over
// the open sites scored by that assignment. Unserved demand costs `penalty` per unit
// of weight, so the search first makes the answer feasible, then cheap.
import { mulberry32 } from './random.ts';

export interface CapacitatedProblem {
  weights: Float64Array;
  /** Candidate-major cost per unit of weight of serving i from j. */
  cost: Float64Array;
  /** Candidate-major 1 where j may serve i (within the radius), or null: every site may. */
  reach: Uint8Array | null;
  candidates: number;
  capacity: Float64Array;
  p: number;
  fixed: readonly number[];
  allowed: Uint8Array;
  /** Cost per unit of unserved weight. */
  penalty: number;
}

export interface CapacitatedAnswer {
  sites: number[];
  assignment: Int32Array;
  /** Cost of the served demand plus the penalty of the unserved. */
  cost: number;
  unserved: number;
}

export function assignCapacitated(pr: CapacitatedProblem, open: readonly number[]): CapacitatedAnswer {
  const { weights: w, cost: C, reach, capacity } = pr;
  const n = w.length;
  const ok = (i: number, j: number) => !reach || reach[j * n + i] === 1;
  const regret = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let b1 = Infinity, b2 = Infinity;
    for (const j of open) {
      if (!ok(i, j)) continue;
      const c = C[j * n + i]!;
      if (c < b1) { b2 = b1; b1 = c; } else if (c < b2) b2 = c;
    }
    regret[i] = b1 === Infinity ? -1 : b2 === Infinity ? Infinity : b2 - b1;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => regret[b]! - regret[a]! || w[b]! - w[a]! || a - b);
  const room = new Float64Array(pr.candidates);
  for (const j of open) room[j] = capacity[j]!;
  const a = new Int32Array(n).fill(-1);
  for (const i of order) {
    if (regret[i]! < 0) continue;
    let best = -1, bc = Infinity;
    for (const j of open) {
      if (room[j]! < w[i]! || !ok(i, j)) continue;
      const c = C[j * n + i]!;
      if (c < bc) { bc = c; best = j; }
    }
    if (best >= 0) { a[i] = best; room[best]! -= w[i]!; }
  }
  // Shifts: to a cheaper site with room; unserved points to any site with room; then
  // pairs of served points that gain by trading sites.
  for (let pass = 0; pass < 4; pass++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      const cur = a[i]!;
      let bc = cur >= 0 ? C[cur * n + i]! : Infinity;
      let best = -1;
      for (const j of open) {
        if (j === cur || room[j]! < w[i]! || !ok(i, j)) continue;
        const c = C[j * n + i]!;
        if (c < bc - 1e-12) { bc = c; best = j; }
      }
      if (best >= 0) {
        if (cur >= 0) room[cur]! += w[i]!;
        a[i] = best; room[best]! -= w[i]!;
        moved = true;
      }
    }
    if (n <= 400) for (let i = 0; i < n; i++) for (let k = i + 1; k < n; k++) {
      const ai = a[i]!, ak = a[k]!;
      if (ai < 0 || ak < 0 || ai === ak || !ok(i, ak) || !ok(k, ai)) continue;
      const delta = w[i]! * (C[ak * n + i]! - C[ai * n + i]!) + w[k]! * (C[ai * n + k]! - C[ak * n + k]!);
      if (delta >= -1e-12) continue;
      if (room[ak]! + w[k]! < w[i]! || room[ai]! + w[i]! < w[k]!) continue;
      room[ai]! += w[i]! - w[k]!; room[ak]! += w[k]! - w[i]!;
      a[i] = ak; a[k] = ai;
      moved = true;
    }
    if (!moved) break;
  }
  let cost = 0, unserved = 0;
  for (let i = 0; i < n; i++) {
    if (a[i]! >= 0) cost += w[i]! * C[a[i]! * n + i]!;
    else unserved += w[i]!;
  }
  return { sites: [...open].sort((x, y) => x - y), assignment: a, cost: cost + pr.penalty * unserved, unserved };
}

/** Swap search from `start` (p sites, fixed included): first improving swap, until none or out of time. */
export function capacitatedSearch(pr: CapacitatedProblem, start: readonly number[], timeLimit: number, seed: number): CapacitatedAnswer {
  const deadline = performance.now() + timeLimit * 1000;
  const rnd = mulberry32(seed);
  const fixed = new Set(pr.fixed);
  let open = [...start];
  let best = assignCapacitated(pr, open);
  const closed = () => {
    const s = new Set(open);
    const out: number[] = [];
    for (let j = 0; j < pr.candidates; j++) if (pr.allowed[j] && !s.has(j)) out.push(j);
    for (let k = out.length - 1; k > 0; k--) {
      const r = Math.floor(rnd() * (k + 1));
      [out[k], out[r]] = [out[r]!, out[k]!];
    }
    return out;
  };
  let improved = true;
  while (improved && performance.now() < deadline) {
    improved = false;
    outer: for (const r of open) {
      if (fixed.has(r)) continue;
      for (const c of closed()) {
        if (performance.now() > deadline) break outer;
        const next = open.map((j) => (j === r ? c : j));
        const ans = assignCapacitated(pr, next);
        if (ans.cost < best.cost - 1e-9 * (1 + Math.abs(best.cost))) {
          best = ans;
          open = next;
          improved = true;
          continue outer;
        }
      }
    }
  }
  return best;
}
