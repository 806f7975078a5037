// Where a facility must not be: buffers around fire lanes and arterial roads, around
// school and hospital gates (and inside their grounds), and a minimum spacing from the
// existing facilities of the same kind. Pure: candidate points in, the reason each is
// excluded (or null) out. Distances in metres on a local equirectangular projection
// (WGS84 radii at the data's mean latitude: within 0.1 % over a city).
import type { Position } from 'geojson';

export interface ExclusionRules {
  /** Metres either side of an arterial road's centreline. */
  arterial_m: number;
  /** Metres either side of a fire lane. */
  fire_lane_m: number;
  /** Metres around a school or hospital gate. */
  gate_m: number;
  /** Minimum distance from an existing facility. */
  spacing_m: number;
}

export const EXCLUSION_DEFAULTS: Record<'charging_shed' | 'vendor_zone', ExclusionRules> = {
  charging_shed: { arterial_m: 15, fire_lane_m: 6, gate_m: 30, spacing_m: 150 },
  vendor_zone: { arterial_m: 30, fire_lane_m: 8, gate_m: 100, spacing_m: 200 },
};

export interface ConstraintLayers {
  /** Arterial centrelines, [lon, lat] vertices. */
  arterials: Position[][];
  /** Fire lanes (消防通道), [lon, lat] vertices. */
  fireLanes: Position[][];
  /** School and hospital gates. */
  gates: Position[];
  /** School and hospital grounds (polygons as rings; the first ring is the shell, the rest holes). */
  grounds: Position[][][];
  /** Existing facilities of the kind being sited. */
  existing: Position[];
}

export type ExclusionReason = 'arterial' | 'fire_lane' | 'gate' | 'grounds' | 'spacing';

/** Metres per degree of longitude and latitude at a latitude (WGS84). */
export function metresPerDegree(lat: number): [number, number] {
  const a = 6378137, e2 = 6.69437999014e-3;
  const phi = (lat * Math.PI) / 180;
  const s = Math.sin(phi);
  const w = Math.sqrt(1 - e2 * s * s);
  return [((Math.PI / 180) * a * Math.cos(phi)) / w, ((Math.PI / 180) * a * (1 - e2)) / (w * w * w)];
}

type XY = [number, number];

function segmentDistance(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function inRing(p: XY, ring: XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!, [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A bucket grid over segments so each candidate tests only the segments near it. */
class SegmentIndex {
  private readonly cells = new Map<string, [XY, XY][]>();
  constructor(private readonly size: number, lines: XY[][]) {
    for (const line of lines) {
      for (let k = 1; k < line.length; k++) {
        const a = line[k - 1]!, b = line[k]!;
        const x0 = Math.floor(Math.min(a[0], b[0]) / size), x1 = Math.floor(Math.max(a[0], b[0]) / size);
        const y0 = Math.floor(Math.min(a[1], b[1]) / size), y1 = Math.floor(Math.max(a[1], b[1]) / size);
        for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) {
          const key = `${x},${y}`;
          let list = this.cells.get(key);
          if (!list) this.cells.set(key, (list = []));
          list.push([a, b]);
        }
      }
    }
  }
  /** True when a segment lies within `r` (≤ the bucket size) of p. */
  within(p: XY, r: number): boolean {
    const cx = Math.floor(p[0] / this.size), cy = Math.floor(p[1] / this.size);
    for (let x = cx - 1; x <= cx + 1; x++) for (let y = cy - 1; y <= cy + 1; y++) {
      for (const [a, b] of this.cells.get(`${x},${y}`) ?? []) if (segmentDistance(p, a, b) <= r) return true;
    }
    return false;
  }
}

function checkRules(rules: ExclusionRules): void {
  for (const [k, v] of Object.entries(rules)) if (!Number.isFinite(v) || v < 0 || v > 10_000) throw new RangeError(`exclusion ${k} must be metres in [0, 10000], got ${v}`);
}

/**
 * The reason each candidate is excluded, or null where it may be chosen; the first
 * rule that applies, in the order grounds, gate, fire_lane, arterial, spacing.
 * `keep` lists candidates never excluded for spacing (the existing facilities
 * themselves, when they are fixed in).
 */
export function exclusionReasons(candidates: readonly Position[], layers: ConstraintLayers, rules: ExclusionRules, keep: ReadonlySet<number> = new Set()): (ExclusionReason | null)[] {
  checkRules(rules);
  if (candidates.length === 0) return [];
  let latSum = 0;
  for (const c of candidates) latSum += c[1]!;
  const lat0 = latSum / candidates.length;
  const [mx, my] = metresPerDegree(lat0);
  const xy = (p: Position): XY => [p[0]! * mx, p[1]! * my];
  const grounds = layers.grounds.map((poly) => {
    const rings = poly.map((r) => r.map(xy));
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const [x, y] of rings[0] ?? []) {
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    }
    return { rings, box: [minX, minY, maxX, maxY] as const };
  });
  const arterials = rules.arterial_m > 0 ? new SegmentIndex(Math.max(rules.arterial_m, 1), layers.arterials.map((l) => l.map(xy))) : null;
  const lanes = rules.fire_lane_m > 0 ? new SegmentIndex(Math.max(rules.fire_lane_m, 1), layers.fireLanes.map((l) => l.map(xy))) : null;
  const gates = layers.gates.map(xy);
  const existing = layers.existing.map(xy);
  return candidates.map((c, j) => {
    const p = xy(c);
    for (const g of grounds) {
      if (p[0] < g.box[0] || p[0] > g.box[2] || p[1] < g.box[1] || p[1] > g.box[3]) continue;
      if (inRing(p, g.rings[0]!) && !g.rings.slice(1).some((hole) => inRing(p, hole))) return 'grounds';
    }
    if (rules.gate_m > 0 && gates.some((g) => Math.hypot(p[0] - g[0], p[1] - g[1]) <= rules.gate_m)) return 'gate';
    if (lanes?.within(p, rules.fire_lane_m)) return 'fire_lane';
    if (arterials?.within(p, rules.arterial_m)) return 'arterial';
    if (!keep.has(j) && rules.spacing_m > 0 && existing.some((e) => Math.hypot(p[0] - e[0], p[1] - e[1]) < rules.spacing_m)) return 'spacing';
    return null;
  });
}

/** Metres between two [lon, lat] points on the same local projection (for checks and reports). */
export function localDistance(a: Position, b: Position): number {
  const [mx, my] = metresPerDegree((a[1]! + b[1]!) / 2);
  return Math.hypot((a[0]! - b[0]!) * mx, (a[1]! - b[1]!) * my);
}
