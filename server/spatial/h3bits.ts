// H3 indexes as two unsigned 32-bit halves, and the arithmetic on them that the
// lookups need without an h3-js call or a hex string. An H3 cell index (mode 1) is
// laid out from the top bit: 1 reserved bit, 4 bits of mode, 3 reserved bits, 4 bits
// of resolution, 7 bits of base cell, then 15 digits of 3 bits (digit 1 highest);
// the digits finer than the cell's resolution are 7. The high half holds bits 32–63
// (the resolution at bits 20–23 of it), the low half bits 0–31.

/** The two halves of an H3 index given as a hex string (h3-js's form). */
export function cellHalves(cell: string): [hi: number, lo: number] {
  const split = cell.length - 8;
  return [split > 0 ? parseInt(cell.slice(0, split), 16) : 0, parseInt(cell.slice(Math.max(0, split)), 16)];
}

/** The hex string (h3-js's form) of an H3 index given as two halves. */
export function halvesCell(hi: number, lo: number): string {
  return hi === 0 ? (lo >>> 0).toString(16) : (hi >>> 0).toString(16) + (lo >>> 0).toString(16).padStart(8, '0');
}

/** The halves of an H3 index given as a decimal string or bigint (the database's form). */
export function bigintHalves(value: bigint | string): [hi: number, lo: number] {
  const v = BigInt(value);
  return [Number(v >> 32n), Number(v & 0xffffffffn)];
}

/** Resolution field of an index's high half. */
export function halvesResolution(hi: number): number {
  return (hi >>> 20) & 0xf;
}

/**
 * The low-half and high-half masks of the digits finer than `res` (all set to 7 in
 * a cell at resolution `res`): 3 × (15 − res) low bits.
 */
export function digitMasks(res: number): [hiMask: number, loMask: number] {
  if (!Number.isInteger(res) || res < 0 || res > 15) throw new RangeError(`H3 resolution ${res} is not in 0..15`);
  const bits = 3 * (15 - res);
  if (bits <= 32) return [0, bits === 32 ? 0xffffffff : 2 ** bits - 1];
  return [2 ** (bits - 32) - 1, 0xffffffff];
}

/**
 * Parent at resolution `res` of the cell (hi, lo), whose resolution must be `res`
 * or finer: the resolution field set to `res` and the finer digits to 7. Returns the
 * high half; the low half is `(lo | loMask) >>> 0` with `digitMasks(res)`.
 */
export function parentHi(hi: number, res: number, hiMask: number): number {
  return ((hi & ~(0xf << 20)) | (res << 20) | hiMask) >>> 0;
}

/** Parent at resolution `res` of the cell (hi, lo), as halves (see parentHi). */
export function parentHalves(hi: number, lo: number, res: number): [hi: number, lo: number] {
  if (halvesResolution(hi) < res) throw new RangeError(`resolution ${res} is finer than the cell's (${halvesResolution(hi)})`);
  const [hiMask, loMask] = digitMasks(res);
  return [parentHi(hi, res, hiMask), (lo | loMask) >>> 0];
}
