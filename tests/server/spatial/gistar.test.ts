// Getis-Ord Gi*: a small example computed by hand (and its golden output), a planted
// cluster among uniform noise found hot, and uniform Poisson noise left (almost)
// without 99 % hot spots once the false discovery rate is controlled, while the
// uncorrected test flags noise: the statistic separates real hot spots from noise.
import { gridDisk, gridDistance, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { Random } from '../../../seed/random.ts';
import { benjaminiHochberg, getisOrdGiStar, twoSidedP, type GiStarResult } from '../../../server/spatial/gistar.ts';
import { fixtureIn, golden } from '../../helpers/golden.ts';

interface Example { centre: string; studyArea: string[]; values: Record<string, number>; k: number }

const round = (r: GiStarResult) => ({
  ...r,
  mean: +r.mean.toFixed(10),
  sd: +r.sd.toFixed(10),
  thresholds: { 90: +r.thresholds[90].toPrecision(10), 95: +r.thresholds[95].toPrecision(10), 99: +r.thresholds[99].toPrecision(10) },
  cells: r.cells.map((c) => ({ ...c, z: +c.z.toFixed(10), p: +c.p.toPrecision(8) })),
});

/** Knuth's Poisson sampler (small means). */
function poisson(rng: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let prod = rng.next();
  while (prod > limit) {
    k++;
    prod *= rng.next();
  }
  return k;
}

const CENTRE = latLngToCell(27.7301, 112.0012, 9);

describe('getisOrdGiStar', () => {
  it('matches a small example computed by hand', () => {
    const ex = fixtureIn<Example>('gistar/two-rings.json');
    const r = getisOrdGiStar(ex.values, ex.studyArea, { k: ex.k, fdr: false });
    // n = 19 cells; Σx = 10 + 6·5 = 40, Σx² = 100 + 6·25 = 250;
    // X̄ = 40/19 = 2.105263, S = sqrt(250/19 − X̄²) = sqrt(8.725762) = 2.953940.
    expect(r.n).toBe(19);
    expect(r.mean).toBeCloseTo(2.105263, 6);
    expect(r.sd).toBeCloseTo(2.95394, 5);
    const byCell = new Map(r.cells.map((c) => [c.h3, c]));
    const zOf = (w: number, wx: number) => (wx - (40 / 19) * w) / (2.95394 * Math.sqrt((19 * w - w * w) / 18));
    // Centre: itself and its 6 neighbours, W = 7, Σwx = 40: z = 25.263158 / 6.381238 = 3.9590.
    expect(zOf(7, 40)).toBeCloseTo(3.959, 3);
    expect(byCell.get(ex.centre)!.z).toBeCloseTo(3.959, 3);
    expect(byCell.get(ex.centre)!.p).toBeCloseTo(7.52e-5, 6);
    expect(byCell.get(ex.centre)).toMatchObject({ class: 'hot', confidence: 99, value: 10 });
    for (const cell of ex.studyArea) {
      const c = byCell.get(cell)!;
      const ring = gridDistance(ex.centre, cell);
      const inside = gridDisk(cell, 1).filter((j) => ex.studyArea.includes(j)).length;
      if (ring === 1) {
        // Centre 10, two ring-1 neighbours and itself 5 each, three ring-2 cells 0: W = 7, Σwx = 25;
        // z = (25 − 14.736842) / 6.381238 = 1.6083, p = 0.108: not significant at 90 %.
        expect(c.z).toBeCloseTo(1.6083, 3);
        expect(c).toMatchObject({ class: 'not_significant', confidence: 0 });
      } else if (ring === 2 && inside === 4) {
        // A corner of the second ring: one ring-1 neighbour, two ring-2 cells and itself: W = 4, Σwx = 5;
        // z = (5 − 8.421053) / (S·sqrt((76 − 16)/18) = 5.393129) = −0.6343.
        expect(c.z).toBeCloseTo(-0.6343, 3);
      } else if (ring === 2) {
        // An edge of the second ring: two ring-1 neighbours, two ring-2 cells and itself: W = 5, Σwx = 10;
        // z = (10 − 10.526316) / (S·sqrt((95 − 25)/18) = 5.825250) = −0.0904.
        expect(inside).toBe(5);
        expect(c.z).toBeCloseTo(-0.0904, 3);
      }
    }
    expect(round(r)).toEqual(golden('gistar/two-rings.json', round(r)));
  });

  it('computes p-values and Benjamini–Hochberg thresholds like the tables', () => {
    expect(twoSidedP(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(2.575829)).toBeCloseTo(0.01, 6);
    expect(twoSidedP(-1.644854)).toBeCloseTo(0.1, 6);
    expect(twoSidedP(0)).toBeCloseTo(1, 6);
    expect(twoSidedP(6) / 1.9731754e-9).toBeCloseTo(1, 4);
    // m = 5, α = 0.05: sorted 0.001, 0.025, 0.03, 0.2, 0.9 against r·α/m = 0.01, 0.02, 0.03, 0.04, 0.05.
    // p_(2) = 0.025 is above its line, but the step-up takes the largest r below it: p_(3) = 0.03.
    expect(benjaminiHochberg([0.001, 0.03, 0.025, 0.2, 0.9].sort((a, b) => a - b), 0.05)).toBe(0.03);
    expect(benjaminiHochberg([0.02, 0.5], 0.01)).toBe(0);
  });

  it('treats cells with a value as part of the study area and counts missing ones as zero', () => {
    const area = gridDisk(CENTRE, 1);
    const outside = gridDisk(CENTRE, 3).find((c) => gridDistance(CENTRE, c) === 3)!;
    const r = getisOrdGiStar({ [CENTRE]: 4, [outside]: 2 }, area);
    expect(r.n).toBe(8);
    expect(r.cells.map((c) => c.h3)).toEqual([...area, outside]);
    expect(r.cells.filter((c) => c.value === 0)).toHaveLength(6);
  });

  it('answers z = 0 and p = 1 where the statistic is undefined', () => {
    const area = gridDisk(CENTRE, 2);
    const flat = getisOrdGiStar(Object.fromEntries(area.map((c) => [c, 3])), area);
    expect(flat.cells.every((c) => c.z === 0 && c.p === 1 && c.class === 'not_significant')).toBe(true);
    expect(getisOrdGiStar({ [CENTRE]: 5 }, [CENTRE]).cells[0]).toMatchObject({ z: 0, p: 1 });
    // k large enough that every neighbourhood is the whole area: nothing stands out.
    const all = getisOrdGiStar({ [CENTRE]: 5 }, gridDisk(CENTRE, 1), { k: 2 });
    expect(all.cells.every((c) => c.z === 0)).toBe(true);
    expect(getisOrdGiStar({}, []).cells).toEqual([]);
  });

  it('refuses mixed resolutions, invalid cells, bad values and a bad k', () => {
    expect(() => getisOrdGiStar({}, [CENTRE, latLngToCell(27.73, 112, 8)])).toThrow(/resolutions 9 and 8 are mixed/);
    expect(() => getisOrdGiStar({ nonsense: 1 }, [])).toThrow(/"nonsense" is not a valid H3 cell/);
    expect(() => getisOrdGiStar({ [CENTRE]: Number.NaN }, [])).toThrow(/not a finite number/);
    expect(() => getisOrdGiStar({}, [CENTRE], { k: -1 })).toThrow(/k must be a non-negative integer/);
  });

  it('finds a planted cluster among uniform noise hot at 99 %, and nothing far from it', () => {
    const area = gridDisk(CENTRE, 15); // 721 cells
    const cluster = new Set(gridDisk(CENTRE, 1));
    const rng = new Random(7, 'gistar-cluster');
    const values = Object.fromEntries(area.map((c) => [c, poisson(rng, cluster.has(c) ? 12 : 3)]));
    const r = getisOrdGiStar(values, area, { k: 1 });
    const centre = r.cells.find((c) => c.h3 === CENTRE)!;
    expect(centre).toMatchObject({ class: 'hot', confidence: 99 });
    const hot99 = r.cells.filter((c) => c.class === 'hot' && c.confidence === 99);
    expect(hot99.length).toBeGreaterThanOrEqual(7);
    // Every 99 % hot spot touches the cluster: its neighbourhood holds a planted cell.
    for (const c of hot99) expect(gridDistance(CENTRE, c.h3)).toBeLessThanOrEqual(2);
    expect(r.cells.filter((c) => c.class === 'cold' && c.confidence === 99)).toEqual([]);
  });

  it('leaves uniform Poisson noise (almost) without 99 % hot spots under FDR; uncorrected tests flag noise', () => {
    const area = gridDisk(CENTRE, 20); // 1261 cells
    let hot99Fdr = 0;
    let significant90Raw = 0;
    const runs = 20;
    for (let run = 0; run < runs; run++) {
      const rng = new Random(run, 'gistar-noise');
      const values = Object.fromEntries(area.map((c) => [c, poisson(rng, 5)]));
      hot99Fdr += getisOrdGiStar(values, area, { k: 1 }).cells.filter((c) => c.class === 'hot' && c.confidence === 99).length;
      significant90Raw += getisOrdGiStar(values, area, { k: 1, fdr: false }).cells.filter((c) => c.confidence > 0).length;
    }
    // 25,220 cell tests of pure noise: at most a stray false hot spot with FDR...
    expect(hot99Fdr).toBeLessThanOrEqual(2);
    // ...while the uncorrected 90 % level marks about a tenth of them.
    expect(significant90Raw / (runs * area.length)).toBeGreaterThan(0.05);
  });
});
