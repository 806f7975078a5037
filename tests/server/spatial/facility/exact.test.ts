// HiGHS answers against enumeration of every subset of size p (and, with capacities,
// every single-source assignment) on small generated instances.
import { describe, expect, it } from 'vitest';
import { highs, buildLp, solveMip } from '../../../../server/spatial/facility/mip.ts';
import { MAX_MIP_COLUMNS, solveFacility, solveFacilityHeuristic } from '../../../../server/spatial/facility/solve.ts';
import { FacilityInfeasibleError, type FacilityProblem } from '../../../../server/spatial/facility/types.ts';
import { bruteForce, randomInstance } from './instances.ts';

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(b)));

describe('exact solver (HiGHS) equals brute force', () => {
  for (let seed = 1; seed <= 6; seed++) {
    it(`uncapacitated, instance ${seed}`, async () => {
      const inst = randomInstance(seed, 12, 8);
      if (seed % 2 === 0) inst.fixed = [seed % 8];
      if (seed % 3 === 0) inst.excluded = [(seed + 3) % 8];
      const p = 2 + (seed % 3);
      for (const [problem, radius] of [['pmedian', undefined], ['mclp', 250], ['lscp', 350]] as [FacilityProblem, number | undefined][]) {
        const sol = await solveFacility(inst, { problem, p, radius, method: 'exact', timeLimit: 20 });
        const best = bruteForce(inst, problem, p, radius);
        close(sol.objective, best);
        expect(sol.gap).toBe(0);
        expect(sol.method).toMatch(/^highs$|optimal by its Lagrangian bound$|covers all coverable demand$/);
        // HiGHS itself, even where the Lagrangian bound made it unnecessary above.
        const allowed = new Uint8Array(8).fill(1);
        for (const j of inst.excluded ?? []) allowed[j] = 0;
        const mip = await solveMip({ problem, weights: inst.weights, candidates: 8, distance: inst.distance, p, radius: radius ?? NaN, fixed: inst.fixed ?? [], allowed, capacity: null, timeLimit: 20 });
        expect(mip.status).toBe('optimal');
        close(problem === 'lscp' ? mip.sites!.length : mip.objective!, best);
        if (problem !== 'lscp') expect(sol.sites).toHaveLength(p);
        for (const j of inst.fixed ?? []) expect(sol.sites).toContain(j);
        for (const j of inst.excluded ?? []) expect(sol.sites).not.toContain(j);
      }
    });
  }

  for (let seed = 11; seed <= 14; seed++) {
    it(`capacitated, instance ${seed}`, async () => {
      const inst = randomInstance(seed, 7, 5);
      const total = inst.weights.reduce((a, b) => a + b, 0);
      inst.capacity = Float64Array.from({ length: 5 }, (_, j) => Math.ceil(total / (2 + (j % 2))));
      if (seed % 2) inst.fixed = [1];
      for (const [problem, radius, p] of [['pmedian', undefined, 3], ['mclp', 400, 2], ['lscp', 600, 0]] as [FacilityProblem, number | undefined, number][]) {
        const expected = bruteForce(inst, problem, p, radius);
        const run = solveFacility(inst, { problem, p, radius, method: 'exact', timeLimit: 20 });
        if (!Number.isFinite(expected)) {
          await expect(run).rejects.toThrow(FacilityInfeasibleError);
          continue;
        }
        const sol = await run;
        close(sol.objective, expected);
        expect(sol.gap).toBe(0);
      }
    });
  }

  it('the heuristic\'s Lagrangian bound never exceeds the optimum', async () => {
    for (let seed = 41; seed <= 46; seed++) {
      const inst = randomInstance(seed, 60, 25);
      if (seed % 2) inst.fixed = [3];
      const exact = await solveFacility(inst, { problem: 'pmedian', p: 4, method: 'exact', timeLimit: 30 });
      const heur = solveFacilityHeuristic(inst, { problem: 'pmedian', p: 4, timeLimit: 1 });
      expect(heur.bound).toBeDefined();
      expect(heur.bound!).toBeLessThanOrEqual(exact.objective + 1e-6);
      expect(heur.bound!).toBeGreaterThan(0.9 * exact.objective);
      expect(heur.gap).toBeCloseTo((heur.objective - heur.bound!) / heur.objective, 9);
    }
  });

  it('the LP text of a model solves to the same optimum as the model passed as arrays', async () => {
    const h = await highs();
    const inst = randomInstance(51, 10, 6);
    inst.capacity = 25;
    for (const problem of ['pmedian', 'mclp', 'lscp'] as const) {
      const input = { problem, weights: inst.weights, candidates: 6, distance: inst.distance, p: 3, radius: 400, fixed: [2], allowed: Uint8Array.from([1, 1, 1, 1, 0, 1]), capacity: problem === 'lscp' ? null : new Float64Array(6).fill(40), timeLimit: 10 };
      const text = buildLp(input);
      const viaText = h.solve(text, { time_limit: 10, mip_rel_gap: 0 });
      const viaArrays = await solveMip(input);
      expect(viaText.Status).toBe('Optimal');
      expect(viaArrays.status).toBe('optimal');
      expect(viaText.ObjectiveValue).toBeCloseTo(viaArrays.objective!, 6);
      expect(text).not.toMatch(/\by4\b/); // the excluded site has no column
    }
  });

  it('a MIP cut short by its time limit answers with the heuristic and HiGHS bound', async () => {
    // Capacitated (no Lagrangian shortcut), single-source: HiGHS needs longer than 1 s.
    const inst = randomInstance(99, 150, 80);
    inst.capacity = Math.ceil(inst.weights.reduce((a, b) => a + b, 0) / 11);
    const sol = await solveFacility(inst, { problem: 'pmedian', p: 12, method: 'exact', timeLimit: 1, maxNoImprove: 20 });
    expect(sol.sites).toHaveLength(12);
    expect(sol.method).toMatch(/^highs time limit: |^highs \(time limit, incumbent\)$/);
    expect(sol.seconds).toBeLessThan(5);
    if (sol.method !== 'highs') {
      if (sol.bound !== undefined) {
        expect(sol.bound).toBeLessThanOrEqual(sol.objective + 1e-6);
        expect(sol.gap).toBeGreaterThanOrEqual(0);
      } else expect(sol.gap).toBeNull();
    }
  });

  it('unreachable pairs (Infinity, e.g. across a river on the street network) are never used', async () => {
    const inst = randomInstance(61, 12, 6);
    for (let i = 0; i < 12; i++) inst.distance[0 * 12 + i] = i < 6 ? Infinity : inst.distance[0 * 12 + i]!;
    for (const method of ['heuristic', 'exact'] as const) {
      const sol = await solveFacility(inst, { problem: 'pmedian', p: 2, method, timeLimit: 10 });
      close(sol.objective, bruteForce(inst, 'pmedian', 2));
      for (let i = 0; i < 6; i++) expect(sol.assignment[i]).not.toBe(0);
    }
    // A point no site reaches has no p-median answer.
    inst.excluded = [1, 2, 3, 4, 5];
    await expect(solveFacility(inst, { problem: 'pmedian', p: 1, method: 'exact' })).rejects.toThrow(/demand point 0 reaches no candidate site/);
  });

  it('a MIP too large for HiGHS is not attempted: the heuristic answers with its bound', async () => {
    const m = 101;
    const n = Math.ceil(MAX_MIP_COLUMNS / m) + 10;
    const inst = randomInstance(71, n, m);
    const sol = await solveFacility(inst, { problem: 'pmedian', p: 3, method: 'exact', timeLimit: 5, maxNoImprove: 5 });
    expect(sol.method).toMatch(/too large|optimal by its Lagrangian bound/);
    expect(sol.bound).toBeLessThanOrEqual(sol.objective);
    expect(sol.seconds).toBeLessThan(10);
  });
});
