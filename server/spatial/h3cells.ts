// H3 cells as the database stores them: signed bigints (an H3 cell is below 2^63,
// so it is always positive), passed to and from SQL as decimal strings.
import { cellToParent, getResolution, latLngToCell } from 'h3-js';

/** Resolution at which every point's cell is stored. */
export const POINT_RES = 15;

export function cellToBigint(cell: string): bigint {
  return BigInt(`0x${cell}`);
}

export function bigintToCell(value: bigint | string): string {
  return BigInt(value).toString(16).padStart(15, '0');
}

/** Decimal string of a cell, as bound to an SQL bigint parameter. */
export function cellToSql(cell: string): string {
  return cellToBigint(cell).toString();
}

/** The stored cell (resolution 15) of a point, as a decimal string. */
export function pointCell(lon: number, lat: number): string {
  return cellToSql(latLngToCell(lat, lon, POINT_RES));
}

/** Parent of a stored cell at a coarser resolution, in h3-js (reference for the SQL function). */
export function parentCell(value: bigint | string, res: number): string {
  const cell = bigintToCell(value);
  if (res > getResolution(cell)) throw new RangeError(`resolution ${res} is finer than the cell's`);
  return cellToSql(cellToParent(cell, res));
}
