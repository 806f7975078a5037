// Generated facility-location instances and brute-force answers for the solver tests.
import { mulberry32 } from '../../../../server/spatial/facility/random.ts';
import type { FacilityInstance, FacilityProblem } from '../../../../server/spatial/facility/types.ts';

export interface Generated extends FacilityInstance {
  points: [number, number][];
  sitesAt: [number, number][];
}

/** Demand points and candidates in a 1000 × 1000 square (Euclidean metres), integer weights 1..10. */
export function randomInstance(seed: number, n: number, m: number): Generated {
  const rnd = mulberry32(seed);
  const points = Array.from({ length: n }, () => [Math.round(rnd() * 1000), Math.round(rnd() * 1000)] as [number, number]);
  const sitesAt = Array.from({ length: m }, () => [Math.round(rnd() * 1000), Math.round(rnd() * 1000)] as [number, number]);
  const distance = new Float64Array(n * m);
  for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) distance[j * n + i] = Math.hypot(points[i]![0] - sitesAt[j]![0], points[i]![1] - sitesAt[j]![1]);
  const weights = Float64Array.from({ length: n }, () => 1 + Math.floor(rnd() * 10));
  return { weights, candidates: m, distance, points, sitesAt };
}

/** Every subset of `pool` of size k that contains `must`. */
export function* subsets(pool: number[], k: number, must: number[] = []): Generator<number[]> {
  const rest = pool.filter((j) => !must.includes(j));
  const need = k - must.length;
  if (need < 0) return;
  const pick: number[] = [];
  function* rec(start: number): Generator<number[]> {
    if (pick.length === need) {
      yield [...must, ...pick].sort((a, b) => a - b);
      return;
    }
    for (let s = start; s <= rest.length - (need - pick.length); s++) {
      pick.push(rest[s]!);
      yield* rec(s + 1);
      pick.pop();
    }
  }
  yield* rec(0);
}

/**
 * Best objective by enumeration: every subset of allowed sites (with the fixed ones) and,
 * under capacities, every single-source assignment (or none, for MCLP) of the demand points.
 */
export function bruteForce(inst: FacilityInstance, problem: FacilityProblem, p: number, radius = Infinity): number {
  const n = inst.weights.length;
  const m = inst.candidates;
  const D = inst.distance;
  const w = inst.weights;
  const fixed = [...(inst.fixed ?? [])];
  const excluded = new Set(inst.excluded ?? []);
  const pool = Array.from({ length: m }, (_, j) => j).filter((j) => !excluded.has(j));
  const cap = inst.capacity === undefined ? null : typeof inst.capacity === 'number' ? new Float64Array(m).fill(inst.capacity) : inst.capacity;
  const reach = (i: number, j: number) => D[j * n + i]! <= radius;
  const coverable = Array.from({ length: n }, (_, i) => pool.some((j) => reach(i, j)));

  // Best value of one site set: [feasible, value] with value = cost (pmedian), covered (mclp), 0 (lscp).
  const evaluate = (S: number[]): number | null => {
    if (!cap) {
      if (problem === 'pmedian') return Array.from({ length: n }, (_, i) => w[i]! * Math.min(...S.map((j) => D[j * n + i]!))).reduce((a, b) => a + b, 0);
      if (problem === 'mclp') return Array.from({ length: n }, (_, i) => (S.some((j) => reach(i, j)) ? w[i]! : 0)).reduce((a, b) => a + b, 0);
      return Array.from({ length: n }, (_, i) => !coverable[i] || S.some((j) => reach(i, j))).every(Boolean) ? 0 : null;
    }
    // Enumerate assignments: choice k < S.length is S[k], k = S.length is "unassigned".
    const choices = S.length + 1;
    let best: number | null = null;
    const load = new Float64Array(m);
    const a = new Int32Array(n);
    const rec = (i: number, acc: number) => {
      if (i === n) {
        if (best === null || (problem === 'mclp' ? acc > best : acc < best)) best = acc;
        return;
      }
      for (let k = 0; k < choices; k++) {
        if (k === S.length) {
          if (problem === 'pmedian' || (problem === 'lscp' && coverable[i])) continue;
          a[i] = -1;
          rec(i + 1, acc);
          continue;
        }
        const j = S[k]!;
        if (problem !== 'pmedian' && !reach(i, j)) continue;
        if (load[j]! + w[i]! > cap[j]! + 1e-9) continue;
        load[j]! += w[i]!;
        a[i] = j;
        rec(i + 1, acc + (problem === 'pmedian' ? w[i]! * D[j * n + i]! : problem === 'mclp' ? w[i]! : 0));
        load[j]! -= w[i]!;
      }
    };
    rec(0, 0);
    return best;
  };

  if (problem === 'lscp') {
    for (let k = Math.max(fixed.length, 1); k <= pool.length; k++) {
      for (const S of subsets(pool, k, fixed)) if (evaluate(S) !== null) return k;
    }
    return NaN;
  }
  let best = problem === 'mclp' ? -Infinity : Infinity;
  for (const S of subsets(pool, p, fixed)) {
    const v = evaluate(S);
    if (v === null) continue;
    best = problem === 'mclp' ? Math.max(best, v) : Math.min(best, v);
  }
  return best;
}
