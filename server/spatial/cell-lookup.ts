// In-memory point → feature lookup through an H3 cover (see cover.ts): a table from
// each cover cell to the feature holding it. A point's resolution-15 cell is taken to
// its parent at the cover resolution; an interior cell answers at once, a boundary
// cell is settled exactly by point-in-polygon over the features listed for it, in
// ascending id order, so a point on an edge shared by two features goes to the lower
// id (the rule of `min(id) ... where ST_Covers`, boundary included). A point whose
// cell is in no cover lies in no feature. Pure: the caller loads covers and shapes.
//
// Made for millions of points a second:
// - cells are keyed by their 64-bit index as two uint32 halves in an open-addressing
//   hash over typed arrays (no hex strings, no Map);
// - a stored resolution-15 cell's parent is taken by bit arithmetic on the index
//   (h3bits.ts), not by h3-js;
// - a boundary cell keeps, for each candidate feature, only the outline edges near
//   the cell (see `LocalRings`), so point-in-polygon tests a handful of edges instead
//   of a grid's whole outline, with the same verdict bit for bit as the whole outline.
import { cellToBoundary, latLngToCell } from 'h3-js';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { POINT_RES } from './h3cells.ts';
import { cellHalves, digitMasks, halvesResolution, parentHi } from './h3bits.ts';

export interface LookupCover {
  /** H3 index (hex string) at the cover resolution. */
  cell: string;
  featureId: number;
  boundary: boolean;
}

interface Shape {
  id: number;
  /** Rings as flat [x0, y0, x1, y1, …] arrays, closed (last = first). */
  polygons: Float64Array[][];
  bbox: [number, number, number, number];
}

/** True when (x, y) lies inside or on the boundary of the ring set of one polygon (even–odd over its rings). */
function inPolygon(rings: Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
      const xi = r[i]!, yi = r[i + 1]!, xj = r[j]!, yj = r[j + 1]!;
      // On the segment: the boundary belongs to the polygon (ST_Covers).
      const cross = (x - xi) * (yj - yi) - (y - yi) * (xj - xi);
      if (cross === 0 && x >= Math.min(xi, xj) && x <= Math.max(xi, xj) && y >= Math.min(yi, yj) && y <= Math.max(yi, yj)) return true;
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function shapeOf(id: number, geometry: Polygon | MultiPolygon): Shape {
  const polys: Position[][][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = polys.map((rings) => rings.map((ring) => {
    const flat = new Float64Array(ring.length * 2);
    ring.forEach((p, k) => {
      flat[2 * k] = p[0]!;
      flat[2 * k + 1] = p[1]!;
      bbox[0] = Math.min(bbox[0], p[0]!);
      bbox[1] = Math.min(bbox[1], p[1]!);
      bbox[2] = Math.max(bbox[2], p[0]!);
      bbox[3] = Math.max(bbox[3], p[1]!);
    });
    return flat;
  }));
  return { id, polygons, bbox };
}

/**
 * How far the local window of a boundary cell reaches beyond the bounding box of the
 * cell's vertices, as a fraction of the box's width and height. Points of the cell
 * (and of its resolution-15 descendants, which spill beyond it by under 5 % of its
 * circumradius) lie well inside; a point outside the window is settled on the whole
 * outline, so the window's size only matters for speed.
 */
const WINDOW_MARGIN = 0.2;
/**
 * Distance (degrees) by which an edge must clear the window to be left out of the
 * local test: far above the rounding of the crossing abscissa (~1e-14 at longitude
 * 112), far below any distance that matters.
 */
const GUARD = 1e-9;

/**
 * The outline of one polygon as seen from a window [x0, x1] × [y0, y1]. For a point
 * (x, y) inside the window, the even–odd test over the whole outline (`inPolygon`,
 * ray towards +x) counts crossings of three kinds of edge:
 * - edges whose y-range misses [y0, y1], or lying wholly left of x0 (beyond GUARD):
 *   they can neither cross the ray nor hold the point; dropped;
 * - edges wholly right of x1 (beyond GUARD): the ray crosses one exactly when
 *   min(yi, yj) ≤ y < max(yi, yj), whatever x is, so their count's parity is the parity
 *   of the number of their end ordinates ≤ y: kept as a sorted list of ordinates
 *   (those below y0 folded into a base parity);
 * - the rest, near the window: tested edge by edge as `inPolygon` does, with the
 *   same arithmetic (same verdict on the boundary too).
 * So the verdict equals `inPolygon`'s for every point in the window.
 */
interface LocalBuild {
  segs: number[];
  steps: number[];
}

function localPolygon(rings: Float64Array[], x0: number, y0: number, x1: number, y1: number, out: LocalBuild): { segCount: number; stepCount: number; base: number } {
  let base = 0;
  let segCount = 0;
  const steps: number[] = [];
  for (const r of rings) {
    for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
      const xi = r[i]!, yi = r[i + 1]!, xj = r[j]!, yj = r[j + 1]!;
      if (xi === xj && yi === yj) continue; // the closing repeat: no edge
      const lo = Math.min(yi, yj);
      const hi = Math.max(yi, yj);
      if (hi < y0 || lo > y1) continue;
      if (Math.max(xi, xj) < x0 - GUARD) continue;
      if (Math.min(xi, xj) > x1 + GUARD) {
        if (lo === hi) continue; // horizontal: never crossed, never holds a point left of it
        for (const v of [lo, hi]) {
          if (v < y0) base ^= 1;
          else if (v <= y1) steps.push(v);
        }
        continue;
      }
      out.segs.push(xi, yi, xj, yj);
      segCount++;
    }
  }
  steps.sort((a, b) => a - b);
  out.steps.push(...steps);
  return { segCount, stepCount: steps.length, base };
}

const EMPTY = 0;

/** `routeCellsOnly`'s answer for a boundary cell: the point decides. */
export const NEEDS_POINT = -2;

/** Value of a lower-case hex digit's char code (h3-js writes indexes in lower case). */
function hexDigit(code: number): number {
  return code <= 57 ? code - 48 : code - 87;
}

export class CellLookup {
  /** Number of cover cells in the table. */
  readonly size: number;
  /** Open-addressing hash: the halves of each cell (hi 0 = empty slot) and its value. */
  private readonly keyHi: Uint32Array;
  private readonly keyLo: Uint32Array;
  /** ≥ 0: interior cell of that feature; < 0: boundary entry −value − 1. */
  private readonly value: Int32Array;
  private readonly mask: number;
  private readonly hiMask: number;
  private readonly loMask: number;
  /** Per boundary entry: its window x0, y0, x1, y1, and its candidates [candStart[e], candStart[e + 1]). */
  private readonly window: Float64Array;
  private readonly candStart: Int32Array;
  /** Per candidate: feature id, its shape (for points outside the window), and its local polygons [polyStart[c], polyStart[c + 1]). */
  private readonly candFeature: Int32Array;
  private readonly candShape: Int32Array;
  private readonly polyStart: Int32Array;
  /** Per local polygon: edges [segStart[p], segStart[p + 1]) (4 numbers each), ordinates [stepStart[p], stepStart[p + 1]), base parity. */
  private readonly segStart: Int32Array;
  private readonly stepStart: Int32Array;
  private readonly polyBase: Uint8Array;
  private readonly segs: Float64Array;
  private readonly steps: Float64Array;
  private readonly shapes: Shape[];

  constructor(readonly res: number, covers: Iterable<LookupCover>, shapes: Iterable<{ id: number; geometry: Polygon | MultiPolygon }>) {
    [this.hiMask, this.loMask] = digitMasks(res);
    const shapeIndex = new Map<number, number>();
    this.shapes = [];
    for (const s of shapes) {
      if (!Number.isInteger(s.id) || s.id < 0 || s.id > 0x7fffffff) throw new RangeError(`feature id ${s.id} is not a non-negative 32-bit integer`);
      shapeIndex.set(s.id, this.shapes.length);
      this.shapes.push(shapeOf(s.id, s.geometry));
    }
    const interior = new Map<string, number>();
    const boundary = new Map<string, number[]>();
    for (const c of covers) {
      if (!shapeIndex.has(c.featureId)) throw new Error(`cover cell ${c.cell} names feature ${c.featureId}, which has no shape`);
      if (!c.boundary) {
        // Interior to two features (an overlap): every point of the cell is in both, the lower id takes it.
        const other = interior.get(c.cell);
        interior.set(c.cell, other === undefined ? c.featureId : Math.min(other, c.featureId));
        continue;
      }
      const list = boundary.get(c.cell) ?? [];
      list.push(c.featureId);
      boundary.set(c.cell, list);
    }
    this.size = new Set([...interior.keys(), ...boundary.keys()]).size;
    let capacity = 16;
    while (capacity < this.size * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.keyHi = new Uint32Array(capacity);
    this.keyLo = new Uint32Array(capacity);
    this.value = new Int32Array(capacity);

    const windows: number[] = [];
    const candStart: number[] = [];
    const candFeature: number[] = [];
    const candShape: number[] = [];
    const polyStart: number[] = [];
    const segStart: number[] = [];
    const stepStart: number[] = [];
    const polyBase: number[] = [];
    const local: LocalBuild = { segs: [], steps: [] };
    for (const [cell, ids] of boundary) {
      // A cell interior to one feature and on the boundary of another: the exact test settles it.
      const inner = interior.get(cell);
      if (inner !== undefined) {
        ids.push(inner);
        interior.delete(cell);
      }
      ids.sort((a, b) => a - b);
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const [lat, lng] of cellToBoundary(cell)) {
        x0 = Math.min(x0, lng!);
        x1 = Math.max(x1, lng!);
        y0 = Math.min(y0, lat!);
        y1 = Math.max(y1, lat!);
      }
      const mx = (x1 - x0) * WINDOW_MARGIN;
      const my = (y1 - y0) * WINDOW_MARGIN;
      x0 -= mx; x1 += mx; y0 -= my; y1 += my;
      this.insert(cell, -(candStart.length + 1));
      windows.push(x0, y0, x1, y1);
      candStart.push(candFeature.length);
      for (const id of new Set(ids)) {
        const k = shapeIndex.get(id)!;
        const shape = this.shapes[k]!;
        candFeature.push(id);
        candShape.push(k);
        polyStart.push(segStart.length);
        if (shape.bbox[2] < x0 - GUARD || shape.bbox[0] > x1 + GUARD || shape.bbox[3] < y0 || shape.bbox[1] > y1) continue;
        for (const rings of shape.polygons) {
          segStart.push(local.segs.length / 4);
          stepStart.push(local.steps.length);
          const p = localPolygon(rings, x0, y0, x1, y1, local);
          polyBase.push(p.base);
          if (p.segCount === 0 && p.stepCount === 0 && p.base === 0) {
            // Nothing of this polygon near or right of the window: no point of the window is in it.
            segStart.pop();
            stepStart.pop();
            polyBase.pop();
          }
        }
      }
    }
    candStart.push(candFeature.length);
    polyStart.push(segStart.length);
    segStart.push(local.segs.length / 4);
    stepStart.push(local.steps.length);
    for (const [cell, id] of interior) this.insert(cell, id);

    this.window = Float64Array.from(windows);
    this.candStart = Int32Array.from(candStart);
    this.candFeature = Int32Array.from(candFeature);
    this.candShape = Int32Array.from(candShape);
    this.polyStart = Int32Array.from(polyStart);
    this.segStart = Int32Array.from(segStart);
    this.stepStart = Int32Array.from(stepStart);
    this.polyBase = Uint8Array.from(polyBase);
    this.segs = Float64Array.from(local.segs);
    this.steps = Float64Array.from(local.steps);
  }

  private slot(hi: number, lo: number): number {
    let h = (lo ^ Math.imul(hi, 0x9e3779b1)) | 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & this.mask;
  }

  private insert(cell: string, value: number): void {
    const [hi, lo] = cellHalves(cell);
    if (hi === EMPTY) throw new RangeError(`${cell} is not an H3 cell index`);
    if (halvesResolution(hi) !== this.res) throw new RangeError(`cover cell ${cell} is not at the cover resolution ${this.res}`);
    let s = this.slot(hi, lo);
    while (this.keyHi[s] !== EMPTY) {
      if (this.keyHi[s] === hi && this.keyLo[s] === lo) throw new Error(`cover cell ${cell} twice in the table`);
      s = (s + 1) & this.mask;
    }
    this.keyHi[s] = hi;
    this.keyLo[s] = lo;
    this.value[s] = value;
  }

  /** The feature holding (lon, lat) whose cell at the cover resolution is (hi, lo); −1 for none. */
  private find(hi: number, lo: number, lon: number, lat: number): number {
    const keyHi = this.keyHi;
    let s = this.slot(hi, lo);
    for (;;) {
      const k = keyHi[s]!;
      if (k === EMPTY) return -1;
      if (k === hi && this.keyLo[s] === lo) break;
      s = (s + 1) & this.mask;
    }
    const v = this.value[s]!;
    return v >= 0 ? v : this.settle(-v - 1, lon, lat);
  }

  private settle(entry: number, lon: number, lat: number): number {
    const w = this.window;
    const c0 = this.candStart[entry]!;
    const c1 = this.candStart[entry + 1]!;
    if (lon >= w[4 * entry]! && lon <= w[4 * entry + 2]! && lat >= w[4 * entry + 1]! && lat <= w[4 * entry + 3]!) {
      for (let c = c0; c < c1; c++) {
        for (let p = this.polyStart[c]!, pe = this.polyStart[c + 1]!; p < pe; p++) {
          if (this.inLocal(p, lon, lat)) return this.candFeature[c]!;
        }
      }
      return -1;
    }
    // Outside the window (not a point of this cell): the whole outlines.
    for (let c = c0; c < c1; c++) {
      const s = this.shapes[this.candShape[c]!]!;
      if (lon < s.bbox[0] || lon > s.bbox[2] || lat < s.bbox[1] || lat > s.bbox[3]) continue;
      if (s.polygons.some((rings) => inPolygon(rings, lon, lat))) return s.id;
    }
    return -1;
  }

  /** `inPolygon` over one polygon's local outline (see localPolygon), for a point inside its window. */
  private inLocal(p: number, x: number, y: number): boolean {
    const segs = this.segs;
    let inside = this.polyBase[p] === 1;
    for (let e = 4 * this.segStart[p]!, end = 4 * this.segStart[p + 1]!; e < end; e += 4) {
      const xi = segs[e]!, yi = segs[e + 1]!, xj = segs[e + 2]!, yj = segs[e + 3]!;
      const cross = (x - xi) * (yj - yi) - (y - yi) * (xj - xi);
      if (cross === 0 && x >= Math.min(xi, xj) && x <= Math.max(xi, xj) && y >= Math.min(yi, yj) && y <= Math.max(yi, yj)) return true;
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    const steps = this.steps;
    for (let k = this.stepStart[p]!, end = this.stepStart[p + 1]!; k < end && steps[k]! <= y; k++) inside = !inside;
    return inside;
  }

  /**
   * The feature holding the point (lon, lat) whose cell is (hi, lo) — its stored
   * resolution-15 cell, or any cell at the cover resolution or finer holding it —
   * or null.
   */
  locateHalves(hi: number, lo: number, lon: number, lat: number): number | null {
    if (halvesResolution(hi) < this.res) throw new RangeError(`the cell's resolution ${halvesResolution(hi)} is coarser than the cover's ${this.res}`);
    const id = this.find(parentHi(hi, this.res, this.hiMask), (lo | this.loMask) >>> 0, lon, lat);
    return id < 0 ? null : id;
  }

  /**
   * Routes many stored points at once: point i at (lon[i], lat[i]) with its cell
   * (hi[i], lo[i]) at the cover resolution or finer (e.g. the stored resolution-15
   * cell); out[i] is its feature's id, or −1 for none.
   */
  routeCells(hi: Uint32Array, lo: Uint32Array, lon: Float64Array, lat: Float64Array, out = new Int32Array(hi.length)): Int32Array {
    const n = hi.length;
    if (lo.length !== n || lon.length !== n || lat.length !== n || out.length < n) throw new RangeError('routeCells: the arrays differ in length');
    const res = this.res;
    const shift = res << 20;
    const keep = ~(0xf << 20);
    const hiMask = this.hiMask;
    const loMask = this.loMask;
    for (let i = 0; i < n; i++) {
      const h = hi[i]!;
      if (((h >>> 20) & 0xf) < res) throw new RangeError(`point ${i}: its cell's resolution is coarser than the cover's ${res}`);
      out[i] = this.find(((h & keep) | shift | hiMask) >>> 0, (lo[i]! | loMask) >>> 0, lon[i]!, lat[i]!);
    }
    return out;
  }

  /**
   * Routes many stored cells without their points where the cell decides: out[i] is
   * the feature id when the cell (hi[i], lo[i]) — at the cover resolution or finer —
   * is interior to a feature, −1 when it is in no cover, and NEEDS_POINT when it is a
   * boundary cell, whose points `routeCells` settles. So only the points of boundary
   * cells need reading.
   */
  routeCellsOnly(hi: Uint32Array, lo: Uint32Array, out = new Int32Array(hi.length)): Int32Array {
    const n = hi.length;
    if (lo.length !== n || out.length < n) throw new RangeError('routeCellsOnly: the arrays differ in length');
    const res = this.res;
    const shift = res << 20;
    const keep = ~(0xf << 20);
    const hiMask = this.hiMask;
    const loMask = this.loMask;
    const keyHi = this.keyHi;
    const keyLo = this.keyLo;
    for (let i = 0; i < n; i++) {
      const h = hi[i]!;
      if (((h >>> 20) & 0xf) < res) throw new RangeError(`point ${i}: its cell's resolution is coarser than the cover's ${res}`);
      const ph = ((h & keep) | shift | hiMask) >>> 0;
      const pl = (lo[i]! | loMask) >>> 0;
      let s = this.slot(ph, pl);
      let v = -1;
      for (;;) {
        const k = keyHi[s]!;
        if (k === EMPTY) break;
        if (k === ph && keyLo[s] === pl) {
          v = this.value[s]! >= 0 ? this.value[s]! : NEEDS_POINT;
          break;
        }
        s = (s + 1) & this.mask;
      }
      out[i] = v;
    }
    return out;
  }

  /** The feature holding the point whose resolution-15 cell is `cell15` (hex string), or null. */
  locateCell(cell15: string, lon: number, lat: number): number | null {
    const [hi, lo] = cellHalves(cell15);
    return this.locateHalves(hi, lo, lon, lat);
  }

  /**
   * The feature holding a point, or null, from the point's own cell at the cover
   * resolution (one H3 call instead of two). Exact as well: the point lies within a
   * circumradius of that cell's centre, and the cover flags as boundary every cell
   * whose centre is within 1.1 circumradii of the polygon's boundary (cover.ts), so
   * an interior cell's points are inside, and a point inside has its cell in the cover.
   */
  locate(lon: number, lat: number): number | null {
    const cell = latLngToCell(lat, lon, this.res);
    // The halves straight from the hex digits, without substrings.
    const split = cell.length - 8;
    let hi = 0;
    let lo = 0;
    for (let k = 0; k < split; k++) hi = (hi << 4) | hexDigit(cell.charCodeAt(k));
    for (let k = split; k < cell.length; k++) lo = (lo << 4) | hexDigit(cell.charCodeAt(k));
    const id = this.find(hi >>> 0, lo >>> 0, lon, lat);
    return id < 0 ? null : id;
  }

  /** The same, from the stored resolution-15 cell: its parent at the cover resolution. */
  locateStored(lon: number, lat: number): number | null {
    return this.locateCell(latLngToCell(lat, lon, POINT_RES), lon, lat);
  }
}
