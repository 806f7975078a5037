import { cellToParent, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { bigintToCell, cellToBigint, cellToSql, parentCell, pointCell, POINT_RES } from '../../../server/spatial/h3cells.ts';

describe('H3 cells as bigints', () => {
  it('round-trips hex cells through bigint and decimal text', () => {
    for (const res of [0, 5, 9, 12, 15]) {
      const cell = latLngToCell(27.73, 112.0, res);
      expect(bigintToCell(cellToBigint(cell))).toBe(cell);
      expect(bigintToCell(cellToSql(cell))).toBe(cell);
      expect(BigInt(cellToSql(cell))).toBeLessThan(2n ** 63n);
    }
  });

  it('stores points at resolution 15 and takes parents like h3-js', () => {
    const stored = pointCell(112.0012, 27.7301);
    const cell = bigintToCell(stored);
    expect(cell).toBe(latLngToCell(27.7301, 112.0012, POINT_RES));
    expect(bigintToCell(parentCell(stored, 8))).toBe(cellToParent(cell, 8));
    expect(() => parentCell(cellToSql(latLngToCell(27.73, 112, 7)), 9)).toThrow(RangeError);
  });
});
