// Rings that touch themselves, as browser clipping leaves them, cut into the polygons
// PostGIS accepts (checked with ST_IsValid on the embedded PostGIS).
import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { simplePolygons, simpleRings } from '../../../web/src/planner/rings.ts';

describe('simple rings', () => {
  it('leaves a simple ring alone', () => {
    const square = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    expect(simpleRings(square)).toEqual([square]);
  });

  it('cuts a figure eight at the shared vertex into two shells', () => {
    // Two squares meeting at (1,1), both counter-clockwise.
    const eight = [[0, 0], [1, 0], [1, 1], [2, 1], [2, 2], [1, 2], [1, 1], [0, 1], [0, 0]];
    const g = simplePolygons({ type: 'MultiPolygon', coordinates: [[eight]] });
    expect(g.coordinates).toHaveLength(2);
    expect(g.coordinates.every((p) => p.length === 1 && p[0]!.length === 5)).toBe(true);
  });

  it('turns an inverted hole (a loop turning the other way) into a hole', () => {
    // Shell 0..4 square, with a notch loop touching the shell at (4,0) that turns clockwise.
    const shell = [[0, 0], [4, 0], [1, 1], [3, 3], [3, 1], [4, 0], [4, 4], [0, 4], [0, 0]];
    const g: MultiPolygon = simplePolygons({ type: 'MultiPolygon', coordinates: [[shell]] });
    expect(g.coordinates).toHaveLength(1);
    expect(g.coordinates[0]).toHaveLength(2);
  });

  it('drops a spike (a loop of fewer than three points)', () => {
    const spike = [[0, 0], [1, 0], [2, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    const rings = simpleRings(spike);
    expect(rings).toHaveLength(1);
  });
});

describe('spikes from clipping', () => {
  it('drops a vertex where the ring runs back along its own edge', () => {
    // 0,0 → 2,0 → 1,1e-9 (back along the bottom edge, a hair off it) → 1,1 → 0,1
    const ring = [[0, 0], [2, 0], [1, 1e-9], [1, 1], [0, 1], [0, 0]];
    const [r] = simpleRings(ring);
    expect(r).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
  });

  it('rounds to 1e-7 degrees and drops repeated points', () => {
    const ring = [[0, 0], [1.00000001, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    expect(simpleRings(ring)).toEqual([[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]);
  });
});

it('drops the spike a clipped brush left on a seeded grid boundary (2 mm off the edge)', () => {
  // From a painted donor grid that PostGIS refused: the ring went 39 → 40 and back to 41 on the edge.
  const ring = [[111.9871696, 27.7418264], [111.987067, 27.7421577], [111.9869561, 27.7424869], [111.98705266734201, 27.742200245635797], [111.98641434146683, 27.74201100472324], [111.9871696, 27.7418264]];
  const [r] = simpleRings(ring);
  expect(r).not.toContainEqual([111.9869561, 27.7424869]);
  expect(r).toHaveLength(5);
});
