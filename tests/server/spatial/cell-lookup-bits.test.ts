// H3 indexes as two uint32 halves (server/spatial/h3bits.ts): the parent taken by bit
// arithmetic is h3-js's cellToParent for every resolution, and the conversions between
// hex strings, database bigints and halves round-trip.
import { cellToParent, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { bigintHalves, cellHalves, halvesCell, halvesResolution, parentHalves } from '../../../server/spatial/h3bits.ts';
import { cellToSql } from '../../../server/spatial/h3cells.ts';
import { Random } from '../../../seed/random.ts';

describe('h3bits', () => {
  const rng = new Random(11, 'h3bits');
  // Points over the whole globe (every base cell and face) and around Loudi.
  const points = Array.from({ length: 2000 }, (_, k) => (k % 2
    ? [rng.uniform(-89.9, 89.9), rng.uniform(-180, 180)]
    : [rng.uniform(27.6, 27.8), rng.uniform(111.9, 112.1)]) as [number, number]);

  it('takes the parent of a resolution-15 cell as h3-js does, at every resolution', () => {
    for (const [lat, lng] of points) {
      const cell = latLngToCell(lat, lng, 15);
      const [hi, lo] = cellHalves(cell);
      expect(halvesResolution(hi)).toBe(15);
      for (let res = 0; res <= 15; res++) {
        const [phi, plo] = parentHalves(hi, lo, res);
        expect(halvesCell(phi, plo), `${cell} at ${res}`).toBe(cellToParent(cell, res));
      }
    }
  });

  it('takes the parent of a coarser cell too, and refuses a finer resolution', () => {
    for (const [lat, lng] of points.slice(0, 200)) {
      const cell = latLngToCell(lat, lng, 9);
      const [hi, lo] = cellHalves(cell);
      for (let res = 0; res <= 9; res++) expect(halvesCell(...parentHalves(hi, lo, res))).toBe(cellToParent(cell, res));
      expect(() => parentHalves(hi, lo, 10)).toThrow(RangeError);
    }
  });

  it('reads halves from hex strings and database bigints alike', () => {
    for (const [lat, lng] of points.slice(0, 200)) {
      for (const res of [0, 5, 12, 15]) {
        const cell = latLngToCell(lat, lng, res);
        const halves = cellHalves(cell);
        expect(halvesCell(...halves)).toBe(cell);
        expect(bigintHalves(cellToSql(cell))).toEqual(halves);
        expect(bigintHalves(BigInt(cellToSql(cell)))).toEqual(halves);
      }
    }
  });
});
