// The heuristics against HiGHS on generated instances: never better than the optimum
// (that would mean a wrong objective), and within a few per cent of it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOrLib } from '../../../../server/spatial/facility/orlib.ts';
import { solveFacility, solveFacilityHeuristic } from '../../../../server/spatial/facility/solve.ts';
import { randomInstance } from './instances.ts';

describe('heuristics against the exact optimum', () => {
  for (const seed of [21, 22, 23]) {
    it(`p-median, 90 demand points × 30 sites, instance ${seed}`, async () => {
      const inst = randomInstance(seed, 90, 30);
      inst.fixed = [seed % 30];
      inst.excluded = [(seed + 7) % 30];
      const exact = await solveFacility(inst, { problem: 'pmedian', p: 6, method: 'exact', timeLimit: 30 });
      expect(exact.gap).toBe(0);
      const heur = solveFacilityHeuristic(inst, { problem: 'pmedian', p: 6, timeLimit: 2, seed });
      expect(heur.objective).toBeGreaterThanOrEqual(exact.objective - 1e-6);
      expect(heur.objective).toBeLessThanOrEqual(exact.objective * 1.02);
      // Greedy and one descent alone are worse or equal: the neighbourhood search is doing its job.
      const greedy = solveFacilityHeuristic(inst, { problem: 'pmedian', p: 6, timeLimit: 2, maxNoImprove: 0 });
      expect(greedy.objective).toBeGreaterThanOrEqual(heur.objective - 1e-6);
    });

    it(`MCLP, 90 demand points × 30 sites, radius 180, instance ${seed}`, async () => {
      const inst = randomInstance(seed + 100, 90, 30);
      inst.fixed = [seed % 30];
      const exact = await solveFacility(inst, { problem: 'mclp', p: 5, radius: 180, method: 'exact', timeLimit: 30 });
      expect(exact.gap).toBe(0);
      const heur = solveFacilityHeuristic(inst, { problem: 'mclp', p: 5, radius: 180, timeLimit: 2, seed });
      expect(heur.objective).toBeLessThanOrEqual(exact.objective + 1e-6);
      expect(heur.objective).toBeGreaterThanOrEqual(exact.objective * 0.97);
    });

    it(`LSCP, 90 demand points × 30 sites, radius 300, instance ${seed}`, async () => {
      const inst = randomInstance(seed + 200, 90, 30);
      const exact = await solveFacility(inst, { problem: 'lscp', radius: 300, method: 'exact', timeLimit: 30 });
      const heur = solveFacilityHeuristic(inst, { problem: 'lscp', radius: 300, timeLimit: 2, seed });
      expect(heur.objective).toBeGreaterThanOrEqual(exact.objective);
      expect(heur.objective).toBeLessThanOrEqual(exact.objective + 1);
      expect(heur.uncoverable).toEqual(exact.uncoverable);
    });
  }

  it('capacitated p-median: within 3 % of the optimum', async () => {
    const inst = randomInstance(31, 40, 12);
    const total = inst.weights.reduce((a, b) => a + b, 0);
    inst.capacity = Math.ceil(total / 4);
    const exact = await solveFacility(inst, { problem: 'pmedian', p: 5, method: 'exact', timeLimit: 30 });
    const heur = solveFacilityHeuristic(inst, { problem: 'pmedian', p: 5, timeLimit: 2 });
    expect(heur.objective).toBeGreaterThanOrEqual(exact.objective - 1e-6);
    expect(heur.objective).toBeLessThanOrEqual(exact.objective * 1.03);
  });

  it('OR-Library pmed1 (n = 100, p = 5): the published 5819', () => {
    const { p, instance } = parseOrLib(readFileSync(new URL('../../../fixtures/in/facility/orlib/pmed1.txt', import.meta.url), 'utf8'));
    const sol = solveFacilityHeuristic(instance, { problem: 'pmedian', p, timeLimit: 5 });
    expect(sol.objective).toBe(5819);
  });

  it('reports each better objective and stops when asked', () => {
    const inst = randomInstance(81, 200, 80);
    const seen: number[] = [];
    const sol = solveFacilityHeuristic(inst, { problem: 'pmedian', p: 10, timeLimit: 3, onProgress: ({ objective }) => seen.push(objective) });
    expect(seen.length).toBeGreaterThan(0);
    for (let k = 1; k < seen.length; k++) expect(seen[k]!).toBeLessThan(seen[k - 1]!);
    expect(seen.at(-1)).toBeCloseTo(sol.objective, 6);
    const covered: number[] = [];
    solveFacilityHeuristic(inst, { problem: 'mclp', p: 6, radius: 150, timeLimit: 3, onProgress: ({ objective }) => covered.push(objective) });
    for (let k = 1; k < covered.length; k++) expect(covered[k]!).toBeGreaterThan(covered[k - 1]!);
    let polls = 0;
    const stopped = solveFacilityHeuristic(inst, { problem: 'pmedian', p: 10, timeLimit: 30, maxNoImprove: 1e9, shouldStop: () => ++polls > 3 });
    expect(polls).toBe(4);
    expect(stopped.sites).toHaveLength(10);
    expect(stopped.seconds).toBeLessThan(10);
  });
});
