// H3 covers: golden outputs, and the property the lookup relies on: a point whose
// resolution-15 cell descends from an interior cell is inside the polygon; a point
// outside never descends from an interior cell; every point inside descends from
// some cell of the cover.
import { booleanPointInPolygon } from '@turf/turf';
import { cellToParent, latLngToCell } from 'h3-js';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { cellCover } from '../../../server/spatial/cover.ts';
import { Random } from '../../../seed/random.ts';
import { fixtureIn, golden } from '../../helpers/golden.ts';

const FIXTURES = ['square', 'holed', 'multi', 'sliver', 'concave'];

describe('cellCover', () => {
  for (const name of FIXTURES) {
    it(`matches the golden cover of ${name} at resolutions 11 and 12`, () => {
      const g = fixtureIn<Polygon | MultiPolygon>(`cover/${name}.geojson`);
      for (const res of [11, 12]) {
        const cover = cellCover(g, res);
        const compact = { interior: cover.filter((c) => !c.boundary).map((c) => c.cell), boundary: cover.filter((c) => c.boundary).map((c) => c.cell) };
        expect(compact).toEqual(golden(`cover/${name}-r${res}.json`, compact));
      }
    });

    it(`answers every point of ${name} correctly through its cells`, () => {
      const g = fixtureIn<Polygon | MultiPolygon>(`cover/${name}.geojson`);
      const rng = new Random(name, 'cover-property');
      const coords = (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()).flat();
      const lons = coords.map((c) => c[0]!);
      const lats = coords.map((c) => c[1]!);
      const pad = 0.0005;
      for (const res of [10, 12]) {
        const cover = new Map(cellCover(g, res).map((c) => [c.cell, c.boundary]));
        let inside = 0;
        let viaBoundary = 0;
        for (let i = 0; i < 4000; i++) {
          const lon = rng.uniform(Math.min(...lons) - pad, Math.max(...lons) + pad);
          const lat = rng.uniform(Math.min(...lats) - pad, Math.max(...lats) + pad);
          const truth = booleanPointInPolygon([lon, lat], g);
          const key = cellToParent(latLngToCell(lat, lon, 15), res);
          const entry = cover.get(key);
          if (truth) {
            inside++;
            expect(entry, `inside point ${lon},${lat} has no cell in the cover`).not.toBeUndefined();
          }
          if (entry === false) expect(truth, `point ${lon},${lat} in an interior cell lies outside`).toBe(true);
          if (entry === true) viaBoundary++;
        }
        expect(inside).toBeGreaterThan(100);
        expect(viaBoundary).toBeGreaterThan(0);
      }
    });
  }

  it('flags as boundary every cell that a polygon edge passes through', () => {
    const g = fixtureIn<Polygon>('cover/square.geojson');
    const cover = new Map(cellCover(g, 12).map((c) => [c.cell, c.boundary]));
    const ring = g.coordinates[0]!;
    for (let i = 0; i + 1 < ring.length; i++) {
      for (let t = 0; t <= 1; t += 0.01) {
        const lon = ring[i]![0]! + (ring[i + 1]![0]! - ring[i]![0]!) * t;
        const lat = ring[i]![1]! + (ring[i + 1]![1]! - ring[i]![1]!) * t;
        expect(cover.get(latLngToCell(lat, lon, 12))).toBe(true);
      }
    }
  });

  it('returns cells sorted and without repeats', () => {
    const cover = cellCover(fixtureIn<MultiPolygon>('cover/multi.geojson'), 12);
    const cells = cover.map((c) => c.cell);
    expect(cells).toEqual([...new Set(cells)].sort());
  });
});
