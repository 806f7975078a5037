// Cells as GeoJSON polygons: golden outputs for a hexagon in the seeded city and a
// pentagon, closed counter-clockwise rings that hold the cell's centre.
import { cellToLatLng, getPentagons, latLngToCell } from 'h3-js';
import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { cellFeatures, cellPolygon } from '../../../server/spatial/hexagons.ts';
import { golden } from '../../helpers/golden.ts';

const signedArea = (ring: number[][]) => {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return a / 2;
};

describe('cellPolygon', () => {
  const hexagon = latLngToCell(27.7301, 112.0012, 8);
  const pentagon = getPentagons(9)[0]!;

  it('matches the golden polygons of a hexagon and a pentagon', () => {
    const out = { hexagon: cellPolygon(hexagon), pentagon: cellPolygon(pentagon) };
    expect(out).toEqual(golden('hexagons/cells.json', out));
  });

  it('closes a counter-clockwise ring around the cell centre', () => {
    for (const [cell, vertices] of [[hexagon, 6], [pentagon, 5]] as const) {
      const ring = cellPolygon(cell).coordinates[0]!;
      expect(ring.length).toBeGreaterThanOrEqual(vertices + 1);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(signedArea(ring)).toBeGreaterThan(0);
      const [lat, lng] = cellToLatLng(cell);
      expect(booleanPointInPolygon([lng, lat], cellPolygon(cell))).toBe(true);
    }
  });

  it('makes features with the cell as id and the properties as given', () => {
    const [f] = cellFeatures([{ h3: hexagon, count: 3 }]);
    expect(f).toEqual({ type: 'Feature', id: hexagon, geometry: cellPolygon(hexagon), properties: { h3: hexagon, count: 3 } });
  });
});
