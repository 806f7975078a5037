// The city plan (no database): deterministic, 63 contiguous grids of 4 contiguous
// sub-grids for any seed, and neighbouring blocks sharing bit-identical edges.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { faceId } from '../../seed/city/layout.ts';
import { planCity, type CityPlan } from '../../seed/city/plan.ts';
import { Random } from '../../seed/random.ts';
import { faceRing } from '../../seed/stages/areas.ts';

const digest = (plan: CityPlan) =>
  createHash('sha256')
    .update(JSON.stringify({
      blocks: plan.layout.blocks.map((b) => [b.faces, b.landuse]),
      grids: plan.hierarchy.grids.map((g) => [g.code, g.blocks]),
      subgrids: plan.hierarchy.subgrids.map((s) => s.blocks),
      buildings: plan.buildings.buildings.map((b) => [b.ring, b.households]),
      places: plan.places.map((p) => [p.name.zh, p.point]),
    }))
    .digest('hex');

function connected(blocks: number[], plan: CityPlan): boolean {
  const { layout } = plan;
  const set = new Set(blocks);
  const seen = new Set([blocks[0]!]);
  const stack = [blocks[0]!];
  while (stack.length) {
    const b = stack.pop()!;
    for (const f of layout.blocks[b]!.faces) {
      const i = f % layout.nx;
      const j = Math.floor(f / layout.nx);
      for (const [di, dj] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        if (i + di < 0 || j + dj < 0 || i + di >= layout.nx || j + dj >= layout.ny) continue;
        const n = layout.faceBlock[faceId(layout.nx, i + di, j + dj)]!;
        if (n >= 0 && set.has(n) && !seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
    }
  }
  return seen.size === set.size;
}

describe('city plan', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = digest(planCity(new Random(7, 'city')));
    const b = digest(planCity(new Random(7, 'city')));
    const c = digest(planCity(new Random(8, 'city')));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  for (const seed of [1, 2, 3, 7, 11, 42]) {
    it(`cuts seed ${seed} into 6 street offices, 21 communities, 63 contiguous grids of 4 contiguous sub-grids`, () => {
      const plan = planCity(new Random(seed, 'city'));
      const h = plan.hierarchy;
      expect(h.streets).toHaveLength(6);
      expect(h.communities).toHaveLength(21);
      expect(h.grids).toHaveLength(63);
      expect(h.subgrids).toHaveLength(252);
      for (const g of h.grids) {
        expect(g.blocks.length).toBeGreaterThanOrEqual(4);
        expect(connected(g.blocks, plan), `grid ${g.code} in one piece`).toBe(true);
        expect(g.subgrids).toHaveLength(4);
        expect(g.subgrids.flatMap((s) => h.subgrids[s]!.blocks).sort((x, y) => x - y)).toEqual([...g.blocks].sort((x, y) => x - y));
      }
      for (const s of h.subgrids) expect(connected(s.blocks, plan), `sub-grid ${s.code} in one piece`).toBe(true);
      // Every block belongs to exactly one sub-grid.
      const all = h.subgrids.flatMap((s) => s.blocks).sort((x, y) => x - y);
      expect(all).toEqual(plan.layout.blocks.map((b) => b.index));
      const households = plan.buildings.householdsByBlock.reduce((s, v) => s + v, 0);
      expect(households).toBeGreaterThan(150_000);
      expect(households).toBeLessThan(400_000);
    });
  }

  it('gives neighbouring faces bit-identical shared edges', () => {
    const plan = planCity(new Random(7, 'city'));
    const { layout } = plan;
    let checked = 0;
    for (let j = 0; j < layout.ny; j++) {
      for (let i = 0; i + 1 < layout.nx; i++) {
        const a = faceId(layout.nx, i, j);
        const b = faceId(layout.nx, i + 1, j);
        if (!layout.faceInDistrict[a] || !layout.faceInDistrict[b]) continue;
        const east = layout.vSeg(i + 1, j);
        const ringA = faceRing(layout, a);
        const ringB = faceRing(layout, b);
        const key = (p: { x: number; y: number }) => `${p.x},${p.y}`;
        const setA = new Set(ringA.map(key));
        const setB = new Set(ringB.map(key));
        for (const p of east) {
          expect(setA.has(key(p))).toBe(true);
          expect(setB.has(key(p))).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});
