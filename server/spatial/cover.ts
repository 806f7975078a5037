// H3 cell cover of a polygon at one resolution, with boundary cells flagged.
//
// The cover answers "which feature holds this point?" from a point's stored cell
// (resolution 15) without geometry: take the cell's parent at the cover resolution;
// if that parent is an interior cell of a feature, the point is inside the feature.
// Only boundary cells need the exact point-in-polygon test. For that to be exact,
// a cell is interior only when every point whose resolution-15 cell descends from
// it lies inside the polygon. H3 descendants spill slightly beyond their ancestor's
// hexagon (by under 5% of its circumradius), so a cell is interior when its centre
// is inside and the polygon boundary is farther than 1.1 circumradii from the centre;
// a cell whose centre is within that distance of the boundary is a boundary cell.
import { cellToBoundary, cellToLatLng, getHexagonEdgeLengthAvg, gridDisk, latLngToCell, polygonToCells } from 'h3-js';
import type { MultiPolygon, Polygon, Position } from 'geojson';

export interface CoverCell {
  /** H3 index (hex string). */
  cell: string;
  boundary: boolean;
}

const EARTH_RADIUS = 6_371_008.8;
const DEG = Math.PI / 180;
/** How far beyond its hexagon's circumradius a cell's descendants may reach (measured ~1.04). */
export const DESCENDANT_REACH = 1.1;

interface Projected {
  /** Segment endpoints x1,y1,x2,y2 in metres. */
  segs: Float64Array;
  bucket: Map<number, number[]>;
  bucketSize: number;
  project: (lng: number, lat: number) => [number, number];
}

function rings(geometry: Polygon | MultiPolygon): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

function prepare(allRings: Position[][], bucketSize: number): Projected {
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const ring of allRings) for (const p of ring) {
    minLat = Math.min(minLat, p[1]!);
    maxLat = Math.max(maxLat, p[1]!);
  }
  const lat0 = (minLat + maxLat) / 2;
  const kx = EARTH_RADIUS * DEG * Math.cos(lat0 * DEG);
  const ky = EARTH_RADIUS * DEG;
  const project = (lng: number, lat: number): [number, number] => [lng * kx, lat * ky];
  const list: number[] = [];
  for (const ring of allRings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = project(ring[i]![0]!, ring[i]![1]!);
      const [x2, y2] = project(ring[i + 1]![0]!, ring[i + 1]![1]!);
      list.push(x1, y1, x2, y2);
    }
  }
  const segs = Float64Array.from(list);
  const bucket = new Map<number, number[]>();
  const key = (bx: number, by: number) => bx * 1_000_003 + by;
  for (let s = 0; s < segs.length; s += 4) {
    const bx0 = Math.floor(Math.min(segs[s]!, segs[s + 2]!) / bucketSize);
    const bx1 = Math.floor(Math.max(segs[s]!, segs[s + 2]!) / bucketSize);
    const by0 = Math.floor(Math.min(segs[s + 1]!, segs[s + 3]!) / bucketSize);
    const by1 = Math.floor(Math.max(segs[s + 1]!, segs[s + 3]!) / bucketSize);
    for (let bx = bx0; bx <= bx1; bx++) for (let by = by0; by <= by1; by++) {
      const k = key(bx, by);
      const b = bucket.get(k);
      if (b) b.push(s);
      else bucket.set(k, [s]);
    }
  }
  return { segs, bucket, bucketSize, project };
}

function segDist2(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - x1) * dx + (py - y1) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const qx = x1 + t * dx - px;
  const qy = y1 + t * dy - py;
  return qx * qx + qy * qy;
}

/** True when some boundary segment passes within r metres of (x, y). */
function nearBoundary(g: Projected, x: number, y: number, r: number): boolean {
  const { segs, bucket, bucketSize } = g;
  const r2 = r * r;
  for (let bx = Math.floor((x - r) / bucketSize); bx <= Math.floor((x + r) / bucketSize); bx++) {
    for (let by = Math.floor((y - r) / bucketSize); by <= Math.floor((y + r) / bucketSize); by++) {
      const list = bucket.get(bx * 1_000_003 + by);
      if (!list) continue;
      for (const s of list) if (segDist2(x, y, segs[s]!, segs[s + 1]!, segs[s + 2]!, segs[s + 3]!) <= r2) return true;
    }
  }
  return false;
}

/** Even-odd ray casting over all rings (holes and several polygons included). */
function inside(g: Projected, x: number, y: number): boolean {
  const { segs } = g;
  let odd = false;
  for (let s = 0; s < segs.length; s += 4) {
    const y1 = segs[s + 1]!;
    const y2 = segs[s + 3]!;
    if (y1 > y !== y2 > y) {
      const x1 = segs[s]!;
      const x2 = segs[s + 2]!;
      if (x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) odd = !odd;
    }
  }
  return odd;
}

function distanceMetres(a: [number, number], b: [number, number]): number {
  const dLat = (b[0] - a[0]) * DEG;
  const dLng = (b[1] - a[1]) * DEG * Math.cos(a[0] * DEG);
  return EARTH_RADIUS * Math.hypot(dLat, dLng);
}

/**
 * Largest circumradius (metres) of the cells around a polygon. Cell size varies
 * smoothly over the globe and hardly at all across a city, so the largest of the
 * cells at the bounding-box corners and centre, plus 2%, bounds them all.
 */
function circumradiusBound(allRings: Position[][], res: number): number {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const ring of allRings) for (const p of ring) {
    minLng = Math.min(minLng, p[0]!);
    maxLng = Math.max(maxLng, p[0]!);
    minLat = Math.min(minLat, p[1]!);
    maxLat = Math.max(maxLat, p[1]!);
  }
  let r = 0;
  for (const [lat, lng] of [[minLat, minLng], [minLat, maxLng], [maxLat, minLng], [maxLat, maxLng], [(minLat + maxLat) / 2, (minLng + maxLng) / 2]] as const) {
    const cell = latLngToCell(lat, lng, res);
    const centre = cellToLatLng(cell);
    for (const v of cellToBoundary(cell)) r = Math.max(r, distanceMetres(centre, v as [number, number]));
  }
  return r * 1.02;
}

/** The cells of `geometry` at resolution `res`, sorted, with boundary cells flagged. */
export function cellCover(geometry: Polygon | MultiPolygon, res: number): CoverCell[] {
  const allRings = rings(geometry);
  const edge = getHexagonEdgeLengthAvg(res, 'm');
  const g = prepare(allRings, edge * 4);
  const reach = circumradiusBound(allRings, res) * DESCENDANT_REACH + 0.01;
  // Cells whose centre H3 finds inside the polygon; far from the boundary that
  // verdict is certain.
  const centreInside = new Set<string>();
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const poly of polygons) for (const c of polygonToCells(poly, res, true)) centreInside.add(c);
  // Cells near the boundary: sample every boundary edge finer than half a cell edge
  // and take two rings of neighbours, which reaches every cell whose descendants can
  // touch the boundary.
  const nearEdge = new Set<string>();
  const step = edge / 2;
  let last = '';
  for (const ring of allRings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      const len = distanceMetres([a[1]!, a[0]!], [b[1]!, b[0]!]);
      const n = Math.max(1, Math.ceil(len / step));
      for (let k = 0; k <= n; k++) {
        const t = k / n;
        const cell = latLngToCell(a[1]! + (b[1]! - a[1]!) * t, a[0]! + (b[0]! - a[0]!) * t, res);
        if (cell === last) continue;
        last = cell;
        for (const c of gridDisk(cell, 2)) nearEdge.add(c);
      }
    }
  }
  const out: CoverCell[] = [];
  const judge = (cell: string, knownInside: boolean) => {
    const [lat, lng] = cellToLatLng(cell);
    const [x, y] = g.project(lng, lat);
    if (nearBoundary(g, x, y, reach)) out.push({ cell, boundary: true });
    else if (knownInside || inside(g, x, y)) out.push({ cell, boundary: false });
  };
  for (const cell of centreInside) judge(cell, true);
  for (const cell of nearEdge) if (!centreInside.has(cell)) judge(cell, false);
  out.sort((p, q) => (p.cell < q.cell ? -1 : p.cell > q.cell ? 1 : 0));
  return out;
}
