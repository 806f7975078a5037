// Polygons as PostGIS accepts them. Clipping in the browser can leave a ring that
// touches itself at a vertex (two cells meeting a boundary at one point): valid for
// the clipper, invalid for OGC. Such a ring is cut at the repeated vertex: a loop
// turning the same way as its shell becomes a polygon of its own, one turning the other
// way a hole. Spikes (loops of fewer than three points, and a ring that runs back
// along its own edge, as a clipped intersection point a hair off the edge makes) are
// dropped. Coordinates are rounded to 1e-7° (about 1 cm), as the city's data is.
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Position } from 'geojson';

const key = (p: Position) => `${p[0]!.toFixed(10)},${p[1]!.toFixed(10)}`;
const close = (pts: Position[]): Position[] => [...pts, pts[0]!];

function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 1; i < ring.length; i++) s += (ring[i - 1]![0]! * ring[i]![1]! - ring[i]![0]! * ring[i - 1]![1]!) / 2;
  return s;
}

const round = (p: Position): Position => [Math.round(p[0]! * 1e7) / 1e7, Math.round(p[1]! * 1e7) / 1e7];

/** b is a spike tip when the ring goes a → b and then back along the same line. */
function backtracks(a: Position, b: Position, c: Position): boolean {
  const abx = b[0]! - a[0]!;
  const aby = b[1]! - a[1]!;
  const bcx = c[0]! - b[0]!;
  const bcy = c[1]! - b[1]!;
  const longer = Math.max(Math.hypot(abx, aby), Math.hypot(bcx, bcy));
  if (longer === 0) return true;
  // How far the shorter edge's far end lies off the longer edge's line (degrees; 2e-7 ≈ 2 cm).
  const off = Math.abs(abx * bcy - aby * bcx) / longer;
  return off < 2e-7 && abx * bcx + aby * bcy < 0;
}

/** The ring's points (without the closing one) rounded, without repeats in a row or spikes. */
function cleanPoints(ring: Position[]): Position[] {
  let pts = ring.slice(0, -1).map(round);
  for (let changed = true; changed && pts.length >= 3; ) {
    changed = false;
    const out: Position[] = [];
    for (let i = 0; i < pts.length; i++) {
      const a = out.at(-1) ?? pts.at(-1)!;
      const b = pts[i]!;
      const c = pts[(i + 1) % pts.length]!;
      if (key(a) === key(b) || backtracks(a, b, c)) {
        changed = true;
        continue;
      }
      out.push(b);
    }
    pts = out;
  }
  return pts;
}

/** A closed ring cut into simple closed rings at every vertex it passes twice. */
export function simpleRings(ring: Position[]): Position[][] {
  const pts = cleanPoints(ring);
  if (pts.length < 3) return [];
  return cutLoops(pts);
}

function cutLoops(pts: Position[]): Position[][] {
  const seen = new Map<string, number>();
  for (let i = 0; i < pts.length; i++) {
    const k = key(pts[i]!);
    const j = seen.get(k);
    if (j !== undefined) {
      const loop = pts.slice(j, i);
      const rest = [...pts.slice(0, j), ...pts.slice(i)];
      return [...(rest.length >= 3 ? simpleRings(close(rest)) : []), ...(loop.length >= 3 ? simpleRings(close(loop)) : [])];
    }
    seen.set(k, i);
  }
  return [close(pts)];
}

function inside(ring: Position[], shell: Position[]): boolean {
  // A point just inside the ring's first edge, tested against the shell.
  const a = ring[0]!;
  const b = ring[1]!;
  const mid: Position = [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2];
  return booleanPointInPolygon(mid, { type: 'Polygon', coordinates: [shell] }, { ignoreBoundary: false });
}

export function simplePolygons(g: MultiPolygon): MultiPolygon {
  const shells: Position[][] = [];
  const holes: Position[][] = [];
  for (const poly of g.coordinates) {
    poly.forEach((ring, i) => {
      const outerSign = Math.sign(signedArea(poly[0]!)) || 1;
      for (const r of simpleRings(ring)) {
        const sameWay = Math.sign(signedArea(r)) === outerSign;
        // Shell pieces turning the shell's way are shells; hole pieces turning the shell's way are holes.
        if ((i === 0) === sameWay) shells.push(r);
        else holes.push(r);
      }
    });
  }
  const polys: Position[][][] = shells.map((s) => [s]);
  for (const h of holes) {
    const home = polys.find((p) => inside(h, p[0]!));
    if (home) home.push(h);
  }
  return { type: 'MultiPolygon', coordinates: polys };
}
