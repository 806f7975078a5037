import { describe, expect, it } from 'vitest';
import { distance as turfDistance, point } from '@turf/turf';
import { geodesicMatrix, geodesicMetres } from '../../../../server/spatial/facility/geodesic.ts';

describe('geodesic distance on WGS84', () => {
  it("matches Vincenty's published example (Flinders Peak to Buninyong, 54 972.271 m)", () => {
    const flinders = [144 + 25 / 60 + 29.52440 / 3600, -(37 + 57 / 60 + 3.72030 / 3600)];
    const buninyong = [143 + 55 / 60 + 35.38390 / 3600, -(37 + 39 / 60 + 10.15610 / 3600)];
    expect(geodesicMetres(flinders, buninyong)).toBeCloseTo(54972.271, 2);
  });

  it('a degree of latitude at the equator and at the pole (known meridian arcs)', () => {
    expect(geodesicMetres([0, 0], [0, 1])).toBeCloseTo(110574.389, 2);
    expect(geodesicMetres([0, 89], [0, 90])).toBeCloseTo(111693.91, 1);
  });

  it('is symmetric, zero on the same point, and within 0.5 % of the sphere in Loudi', () => {
    const a = [112.0, 27.73];
    const b = [112.013, 27.741];
    expect(geodesicMetres(a, a)).toBe(0);
    expect(geodesicMetres(a, b)).toBeCloseTo(geodesicMetres(b, a), 6);
    const sphere = turfDistance(point(a), point(b), { units: 'meters' });
    expect(Math.abs(geodesicMetres(a, b) / sphere - 1)).toBeLessThan(0.005);
  });

  it('answers nearly antipodal points (where the iteration does not converge) with a finite distance', () => {
    const d = geodesicMetres([0, 0], [179.7, 0.5]);
    expect(d).toBeGreaterThan(19_900_000);
    expect(d).toBeLessThan(20_040_000);
  });

  it('builds a candidate-major matrix', () => {
    const demand = [[112, 27.7], [112.01, 27.7], [112.02, 27.71]];
    const sites = [[112, 27.7], [112.02, 27.7]];
    const m = geodesicMatrix(demand, sites);
    expect(m).toHaveLength(6);
    expect(m[0]).toBe(0);
    expect(m[1 * 3 + 2]).toBeCloseTo(geodesicMetres(demand[2]!, sites[1]!), 9);
  });
});
