// Exclusion zones: a golden fixture with one candidate for each rule, and the property
// the planner promises: whatever the layers and rules, no site the solver chooses lies
// in an exclusion zone or within the minimum spacing of an existing facility (checked
// against turf's distances, not the code under test).
import { booleanPointInPolygon, distance as turfDistance, point, pointToLineDistance, lineString, polygon } from '@turf/turf';
import fc from 'fast-check';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { exclusionReasons, localDistance, type ConstraintLayers, type ExclusionRules } from '../../../../server/spatial/planning/constraints.ts';
import { runPlan, type RunSite } from '../../../../server/spatial/planning/run.ts';
import { fixtureIn, golden } from '../../../helpers/golden.ts';

const fx = fixtureIn<{ candidates: Position[]; layers: ConstraintLayers; rules: ExclusionRules }>('planning/constraints.json');

describe('exclusionReasons', () => {
  it('matches the golden reasons: on the arterial, in the grounds, at the gate, on the fire lane, near an existing facility, free', () => {
    const out = exclusionReasons(fx.candidates, fx.layers, fx.rules);
    expect(out).toEqual(golden('planning/constraints.json', out));
    expect(new Set(out)).toEqual(new Set(['arterial', 'grounds', 'gate', 'fire_lane', 'spacing', null]));
  });

  it('keeps fixed existing facilities free of the spacing rule, and refuses bad rules', () => {
    const at = [fx.layers.existing[0]!];
    expect(exclusionReasons(at, fx.layers, fx.rules)).toEqual(['spacing']);
    expect(exclusionReasons(at, fx.layers, fx.rules, new Set([0]))).toEqual([null]);
    expect(() => exclusionReasons(at, fx.layers, { ...fx.rules, gate_m: -1 })).toThrow(/gate_m/);
  });

  it('measures metres like the ellipsoid within 0.5 %', () => {
    const a = [111.99, 27.73], b = [111.995, 27.734];
    expect(localDistance(a, b) / (turfDistance(a, b, { units: 'kilometers' }) * 1000)).toBeCloseTo(1, 2);
  });
});

describe('property: constraints are never violated', () => {
  const lon0 = 112.0, lat0 = 27.7, span = 0.02;
  const pos = fc.tuple(fc.double({ min: lon0, max: lon0 + span, noNaN: true }), fc.double({ min: lat0, max: lat0 + span, noNaN: true })).map(([x, y]) => [x, y] as Position);
  const box = pos.chain(([x, y]) => fc.tuple(fc.double({ min: 0.0005, max: 0.003, noNaN: true }), fc.double({ min: 0.0005, max: 0.003, noNaN: true })).map(([w, h]) => [[[x!, y!], [x! + w, y!], [x! + w, y! + h], [x!, y! + h], [x!, y!]]] as Position[][]));
  const input = fc.record({
    arterials: fc.array(fc.array(pos, { minLength: 2, maxLength: 4 }), { maxLength: 3 }),
    fireLanes: fc.array(fc.array(pos, { minLength: 2, maxLength: 3 }), { maxLength: 3 }),
    gates: fc.array(pos, { maxLength: 4 }),
    grounds: fc.array(box, { maxLength: 2 }),
    existing: fc.array(pos, { maxLength: 4 }),
    rules: fc.record({ arterial_m: fc.integer({ min: 0, max: 80 }), fire_lane_m: fc.integer({ min: 0, max: 20 }), gate_m: fc.integer({ min: 0, max: 150 }), spacing_m: fc.integer({ min: 0, max: 400 }) }),
    candidates: fc.array(pos, { minLength: 20, maxLength: 60 }),
    demand: fc.array(fc.tuple(pos, fc.integer({ min: 1, max: 50 })), { minLength: 5, maxLength: 40 }),
    problem: fc.constantFrom('pmedian' as const, 'mclp' as const, 'lscp' as const),
    p: fc.integer({ min: 1, max: 5 }),
  });
  const metres = (a: Position, b: Position) => turfDistance(a, b, { units: 'kilometers' }) * 1000;
  const toLine = (l: Position[], p: Position) => pointToLineDistance(point(p), lineString(l), { units: 'kilometers', method: 'geodesic' }) * 1000;
  // The local projection and turf differ by well under 1 %; allow that margin.
  const slack = (r: number) => r * 0.995 - 0.05;

  it('no chosen site lies in an exclusion zone or within the minimum spacing', async () => {
    await fc.assert(
      fc.asyncProperty(input, async (x) => {
        const layers: ConstraintLayers = { arterials: x.arterials, fireLanes: x.fireLanes, gates: x.gates, grounds: x.grounds, existing: x.existing };
        const reasons = exclusionReasons(x.candidates, layers, x.rules);
        const sites: RunSite[] = x.candidates.map(([lon, lat], j) => ({ lon: lon!, lat: lat!, kind: 'cell', label: String(j), ...(reasons[j] ? { status: 'excluded' as const } : {}) }));
        const allowed = reasons.filter((r) => r === null).length;
        if (allowed === 0) return;
        const demand = x.demand.map(([[lon, lat], w], i) => ({ h3: String(i), lon: lon!, lat: lat!, weight: w, households: w }));
        const res = await runPlan({ problem: x.problem, facility: 'charging_shed', demand, sites, p: Math.min(x.p, allowed), radius: 500, exact: false, timeLimit: 0.05, maxNoImprove: 20 });
        for (const f of res.sites.features) {
          const p = f.geometry.coordinates;
          for (const l of x.arterials) expect(toLine(l, p)).toBeGreaterThan(slack(x.rules.arterial_m));
          for (const l of x.fireLanes) expect(toLine(l, p)).toBeGreaterThan(slack(x.rules.fire_lane_m));
          for (const g of x.gates) expect(metres(g, p)).toBeGreaterThan(slack(x.rules.gate_m));
          for (const e of x.existing) expect(metres(e, p)).toBeGreaterThanOrEqual(slack(x.rules.spacing_m));
          for (const g of x.grounds) expect(booleanPointInPolygon(p, polygon(g), { ignoreBoundary: true })).toBe(false);
        }
      }),
      { numRuns: 25, seed: 20261207 },
    );
  });
});
