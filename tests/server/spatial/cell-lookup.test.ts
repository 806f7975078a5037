// The in-memory cover lookup answers as booleanPointInPolygon over the features does
// (lowest id first), for features from the cover fixtures placed side by side and a
// pair of squares sharing an edge; points on the shared edge go to the lower id.
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CellLookup } from '../../../server/spatial/cell-lookup.ts';
import { cellCover } from '../../../server/spatial/cover.ts';
import { Random } from '../../../seed/random.ts';
import { fixtureIn } from '../../helpers/golden.ts';

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});

function lookupOf(features: { id: number; geometry: Polygon | MultiPolygon }[], res: number): CellLookup {
  const covers = features.flatMap((f) => cellCover(f.geometry, res).map((c) => ({ cell: c.cell, featureId: f.id, boundary: c.boundary })));
  return new CellLookup(res, covers, features);
}

function truth(features: { id: number; geometry: Polygon | MultiPolygon }[], lon: number, lat: number): number | null {
  const hits = features.filter((f) => booleanPointInPolygon([lon, lat], f.geometry)).map((f) => f.id);
  return hits.length ? Math.min(...hits) : null;
}

describe('CellLookup', () => {
  it('agrees with point-in-polygon on every random point over the cover fixtures', () => {
    const features = ['square', 'holed', 'multi', 'sliver', 'concave'].map((name, i) => ({ id: 10 - i, geometry: fixtureIn<Polygon | MultiPolygon>(`cover/${name}.geojson`) }));
    const lookup = lookupOf(features, 12);
    const rng = new Random(3, 'cell-lookup');
    let inside = 0;
    for (const f of features) {
      const coords = (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat()).flat();
      const lons = coords.map((c) => c[0]!);
      const lats = coords.map((c) => c[1]!);
      for (let k = 0; k < 3000; k++) {
        const lon = rng.uniform(Math.min(...lons) - 0.001, Math.max(...lons) + 0.001);
        const lat = rng.uniform(Math.min(...lats) - 0.001, Math.max(...lats) + 0.001);
        const want = truth(features, lon, lat);
        if (want !== null) inside++;
        expect(lookup.locate(lon, lat), `${lon},${lat}`).toBe(want);
        expect(lookup.locateStored(lon, lat), `${lon},${lat} from the resolution-15 cell`).toBe(want);
      }
    }
    expect(inside).toBeGreaterThan(3000);
  });

  it('gives a point on a shared edge to the lower id, and a point outside to none', () => {
    const features = [{ id: 7, geometry: square(112, 27.7, 112.01, 27.71) }, { id: 3, geometry: square(112.01, 27.7, 112.02, 27.71) }];
    const lookup = lookupOf(features, 11);
    expect(lookup.locate(112.01, 27.705)).toBe(3);
    expect(lookup.locate(112.005, 27.705)).toBe(7);
    expect(lookup.locate(112.015, 27.705)).toBe(3);
    expect(lookup.locate(112.03, 27.705)).toBeNull();
  });
});
