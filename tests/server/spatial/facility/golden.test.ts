// The town fixture (45 demand points, 14 candidates, one existing shed) solved exactly:
// golden objectives (and p-median sites, where ties are unlikely), REGEN=1 to rewrite.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../scripts/solve/input.ts';
import { solveFacility } from '../../../../server/spatial/facility/solve.ts';
import type { FacilityOptions } from '../../../../server/spatial/facility/types.ts';
import { golden } from '../../../helpers/golden.ts';

const TOWN = fileURLToPath(new URL('../../../fixtures/in/facility/town.csv', import.meta.url));

describe('town fixture, exact', () => {
  it('matches the golden answers', async () => {
    const input = parseCsv(readFileSync(TOWN, 'utf8'), 'town.csv');
    const runs: [string, FacilityOptions, boolean][] = [
      ['pmedian p=4', { problem: 'pmedian', p: 4 }, false],
      ['pmedian p=3 capacitated', { problem: 'pmedian', p: 3 }, true],
      ['mclp p=3 r=400', { problem: 'mclp', p: 3, radius: 400 }, false],
      ['mclp p=3 r=600 capacitated', { problem: 'mclp', p: 3, radius: 600 }, true],
      ['lscp r=500', { problem: 'lscp', radius: 500 }, false],
      ['lscp r=700 capacitated', { problem: 'lscp', radius: 700 }, true],
    ];
    const out: Record<string, unknown> = {};
    for (const [name, opts, capacitated] of runs) {
      const inst = { ...input.instance, ...(capacitated ? { capacity: input.siteWeights! } : {}) };
      const sol = await solveFacility(inst, { ...opts, method: 'exact', timeLimit: 30 });
      expect(sol.gap).toBe(0);
      out[name] = {
        objective: Number(sol.objective.toFixed(3)),
        ...(sol.covered !== undefined ? { covered: sol.covered } : {}),
        ...(opts.problem === 'pmedian' ? { sites: sol.sites.map((j) => input.siteLabels[j]) } : {}),
      };
    }
    expect(out).toEqual(golden('facility/town.json', out));
  });
});
