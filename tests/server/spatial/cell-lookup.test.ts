// The in-memory cover lookup answers as booleanPointInPolygon over the features does
// (lowest id first), for features from the cover fixtures placed side by side, long
// zigzag outlines that cross the boundary cells many times, and a pair of squares
// sharing an edge; points on the shared edge go to the lower id. Fresh points (their
// cell from h3-js), stored points (the parent of the resolution-15 cell, taken by
// bits) and the batch route all agree.
import { booleanPointInPolygon } from '@turf/turf';
import { latLngToCell } from 'h3-js';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { CellLookup, NEEDS_POINT } from '../../../server/spatial/cell-lookup.ts';
import { cellHalves } from '../../../server/spatial/h3bits.ts';
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

/** Every way in gives `want` for these points: locate, locateStored, locateHalves, routeCells and routeCellsOnly. */
function expectRoutes(lookup: CellLookup, pts: [number, number][], want: (number | null)[]): void {
  const hi = new Uint32Array(pts.length);
  const lo = new Uint32Array(pts.length);
  const lon = Float64Array.from(pts, (p) => p[0]);
  const lat = Float64Array.from(pts, (p) => p[1]);
  pts.forEach(([x, y], i) => {
    [hi[i], lo[i]] = cellHalves(latLngToCell(y, x, 15));
    expect(lookup.locate(x, y), `${x},${y}`).toBe(want[i]);
    expect(lookup.locateStored(x, y), `${x},${y} from the resolution-15 cell`).toBe(want[i]);
    expect(lookup.locateHalves(hi[i]!, lo[i]!, x, y), `${x},${y} from the cell's halves`).toBe(want[i]);
  });
  expect(Array.from(lookup.routeCells(hi, lo, lon, lat))).toEqual(want.map((w) => w ?? -1));
  // By the cell alone: the answer where the cell decides, else a call for the point.
  const byCell = lookup.routeCellsOnly(hi, lo);
  byCell.forEach((v, i) => {
    if (v !== NEEDS_POINT) expect(v, `${pts[i]} by its cell`).toBe(want[i] ?? -1);
  });
  if (pts.length > 100) expect(byCell.filter((v) => v === NEEDS_POINT).length).toBeGreaterThan(0);
}

/** A comb: a strip whose top edge zigzags `teeth` times between y0 + h/3 and y0 + h. */
function comb(x0: number, y0: number, w: number, h: number, teeth: number): Polygon {
  const top: [number, number][] = [];
  for (let k = 0; k <= 2 * teeth; k++) top.push([x0 + (w * k) / (2 * teeth), k % 2 ? y0 + h / 3 : y0 + h]);
  return { type: 'Polygon', coordinates: [[[x0, y0], [x0 + w, y0], ...top.reverse(), [x0, y0]]] };
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
    const pts: [number, number][] = [];
    const wants: (number | null)[] = [];
    for (const f of features) {
      const coords = (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat()).flat();
      const lons = coords.map((c) => c[0]!);
      const lats = coords.map((c) => c[1]!);
      for (let k = 0; k < 3000; k++) {
        const lon = rng.uniform(Math.min(...lons) - 0.001, Math.max(...lons) + 0.001);
        const lat = rng.uniform(Math.min(...lats) - 0.001, Math.max(...lats) + 0.001);
        const want = truth(features, lon, lat);
        if (want !== null) inside++;
        pts.push([lon, lat]);
        wants.push(want);
      }
    }
    expectRoutes(lookup, pts, wants);
    expect(inside).toBeGreaterThan(3000);
  });

  it('agrees with point-in-polygon near long outlines that cross the cells many times', () => {
    // Two interlocking combs (the second upside down, its teeth between the first's),
    // a ring of 400 vertices with a hole, and a large square under all of them (higher
    // id, so it only takes what the others leave).
    const ring = (cx: number, cy: number, r: number, n: number, wobble: number) => Array.from({ length: n + 1 }, (_, k) => {
      const a = (2 * Math.PI * (k % n)) / n;
      const rr = r * (1 + wobble * Math.sin(17 * a));
      return [cx + rr * Math.cos(a), cy + rr * Math.sin(a)];
    });
    const upper = comb(112, 27.7, 0.01, 0.004, 40);
    const lower: Polygon = { type: 'Polygon', coordinates: [upper.coordinates[0]!.map(([x, y]) => [x!, 27.7 + 0.004 + 0.004 / 3 - (y! - 27.7)] as [number, number])] };
    const features = [
      { id: 4, geometry: upper },
      { id: 2, geometry: lower },
      { id: 5, geometry: { type: 'Polygon', coordinates: [ring(112.02, 27.705, 0.004, 400, 0.2), ring(112.02, 27.705, 0.0015, 300, 0.3).reverse()] } as Polygon },
      { id: 9, geometry: square(111.995, 27.695, 112.03, 27.715) },
    ];
    const lookup = lookupOf(features, 12);
    const rng = new Random(4, 'cell-lookup-long');
    const pts: [number, number][] = [];
    // Uniform points, and points within a few metres of the vertices.
    for (let k = 0; k < 6000; k++) pts.push([rng.uniform(111.99, 112.035), rng.uniform(27.69, 27.72)]);
    for (const f of features.slice(0, 3)) for (const r of f.geometry.coordinates) for (const [x, y] of r) {
      pts.push([x! + rng.uniform(-3e-5, 3e-5), y! + rng.uniform(-3e-5, 3e-5)], [x!, y!]);
    }
    const wants = pts.map(([x, y]) => truth(features, x, y));
    expect(new Set(wants)).toEqual(new Set([2, 4, 5, 9, null]));
    expectRoutes(lookup, pts, wants);
  });

  it('gives a cell interior to two overlapping features to the lower id', () => {
    // The lower id's cover comes first, so a table where the last cover written wins would fail.
    const features = [{ id: 6, geometry: square(112.005, 27.705, 112.025, 27.725) }, { id: 8, geometry: square(112, 27.7, 112.02, 27.72) }];
    const lookup = lookupOf(features, 11);
    const rng = new Random(6, 'cell-lookup-overlap');
    const pts: [number, number][] = Array.from({ length: 3000 }, () => [rng.uniform(111.998, 112.027), rng.uniform(27.698, 27.727)]);
    const wants = pts.map(([x, y]) => truth(features, x, y));
    expect(wants.filter((w) => w === 6).length).toBeGreaterThan(1000);
    expectRoutes(lookup, pts, wants);
  });

  it('refuses a cell coarser than the cover and a cover cell naming no shape', () => {
    const features = [{ id: 1, geometry: square(112, 27.7, 112.01, 27.71) }];
    const lookup = lookupOf(features, 11);
    const [hi, lo] = cellHalves(latLngToCell(27.705, 112.005, 10));
    expect(() => lookup.locateHalves(hi, lo, 112.005, 27.705)).toThrow(RangeError);
    expect(() => new CellLookup(11, [{ cell: latLngToCell(27.705, 112.005, 11), featureId: 2, boundary: false }], features)).toThrow(/no shape/);
  });

  it('gives a point on a shared edge to the lower id, and a point outside to none', () => {
    const features = [{ id: 7, geometry: square(112, 27.7, 112.01, 27.71) }, { id: 3, geometry: square(112.01, 27.7, 112.02, 27.71) }];
    const lookup = lookupOf(features, 11);
    // On the shared edge, including its ends (corners of both squares).
    expectRoutes(lookup, [[112.01, 27.705], [112.01, 27.7], [112.01, 27.71], [112.005, 27.705], [112.015, 27.705], [112.03, 27.705], [112, 27.7]],
      [3, 3, 3, 7, 3, null, 7]);
  });
});
