import { describe, expect, it } from 'vitest';
import { geodesicMetres } from '../../../../server/spatial/facility/geodesic.ts';
import { instanceFromPoints, sitesGeoJSON, type CandidateSite, type DemandPoint } from '../../../../server/spatial/facility/points.ts';
import { solveFacility } from '../../../../server/spatial/facility/solve.ts';

const demand: DemandPoint[] = [
  { lon: 112.0, lat: 27.73, weight: 30 },
  { lon: 112.002, lat: 27.731, weight: 10 },
  { lon: 112.02, lat: 27.74, weight: 25 },
  { lon: 112.021, lat: 27.742, weight: 5 },
];
const sites: CandidateSite[] = [
  { lon: 112.001, lat: 27.7305, capacity: 60 },
  { lon: 112.0205, lat: 27.741, capacity: 60, status: 'existing' },
  { lon: 112.01, lat: 27.735, capacity: 100, status: 'excluded' },
];

describe('instances from points, answers as GeoJSON', () => {
  it('builds geodesic distances, fixed, excluded and capacities', () => {
    const inst = instanceFromPoints(demand, sites);
    expect(inst.candidates).toBe(3);
    expect(inst.fixed).toEqual([1]);
    expect(inst.excluded).toEqual([2]);
    expect([...(inst.capacity as Float64Array)]).toEqual([60, 60, 100]);
    expect(inst.distance[1 * 4 + 2]).toBeCloseTo(geodesicMetres([112.02, 27.74], [112.0205, 27.741]), 9);
  });

  it('refuses bad coordinates and capacities on some sites only', () => {
    expect(() => instanceFromPoints([{ lon: 200, lat: 0, weight: 1 }], sites)).toThrow(/demand point 0: lon must be/);
    expect(() => instanceFromPoints(demand, [{ lon: 112, lat: 27.7, capacity: 5 }, { lon: 112, lat: 27.8 }])).toThrow(/1 of 2 sites have a capacity/);
  });

  it('the open sites carry what they serve', async () => {
    const inst = instanceFromPoints(demand, sites);
    const sol = await solveFacility(inst, { problem: 'pmedian', p: 2, method: 'exact' });
    expect(sol.sites).toEqual([0, 1]);
    const fc = sitesGeoJSON(sol, inst, sites, 150);
    expect(fc.features.map((f) => f.properties.weight)).toEqual([40, 30]);
    expect(fc.features.map((f) => f.properties.points)).toEqual([2, 2]);
    expect(fc.features[1]!.properties.existing).toBe(true);
    expect(fc.features[1]!.geometry.coordinates).toEqual([112.0205, 27.741]);
    expect(fc.features[0]!.properties.utilisation).toBeCloseTo(40 / 60, 9);
    expect(fc.features[0]!.properties.covered).toBeLessThanOrEqual(40);
    expect(fc.features[0]!.properties.meanDistance).toBeGreaterThan(0);
  });
});
