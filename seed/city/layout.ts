// The street layout of the synthetic city, in metres of the local frame.
//
// A lattice of streets with irregular spacing is bent by a smooth displacement field
// and turned, so streets curve gently as in a real city. Lattice lines carry a road
// class (arterials every ~900 m, secondary roads between them, branch roads and
// lanes in between). The faces of the lattice are the smallest street blocks; where a
// lane segment is left out, the faces on both sides merge into one larger block,
// which gives T-junctions and blocks of several shapes. A river meanders across the
// city; faces it runs through become riverside parks.
//
// Every segment polyline is computed once from its lattice indices, so the two
// blocks on either side of a street share bit-identical vertices, and unions of
// blocks (sub-grids, grids, communities, the district) are exact.
import type { Random } from '../random.ts';
import type { Pt } from './frame.ts';

export type RoadClass = 'arterial' | 'secondary' | 'branch' | 'lane';

export type Landuse =
  | 'residential'
  | 'commercial'
  | 'mixed'
  | 'industrial'
  | 'education'
  | 'health'
  | 'park'
  | 'public'
  | 'market'
  | 'vacant';

export interface PlanBlock {
  index: number;
  faces: number[];
  landuse: Landuse;
  /** Unwarped centre (for distances in the plan). */
  centre: Pt;
  /** Touches the river. */
  river: boolean;
}

export interface LayoutOptions {
  /** Half the side of the square the lattice spans, metres. */
  halfExtent: number;
  /** Mean radius of the district, metres. */
  districtRadius: number;
  minSpacing: number;
  maxSpacing: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = {
  halfExtent: 4600,
  districtRadius: 3250,
  minSpacing: 130,
  maxSpacing: 215,
};

export const ROAD_WIDTH: Record<RoadClass, number> = { arterial: 40, secondary: 24, branch: 14, lane: 7 };
export const RIVER_HALF_WIDTH = 38;

export interface Layout {
  options: LayoutOptions;
  /** Unwarped positions of the x-lines (vertical streets) and y-lines (horizontal streets). */
  xs: number[];
  ys: number[];
  xClass: RoadClass[];
  yClass: RoadClass[];
  /** Faces per axis. */
  nx: number;
  ny: number;
  /** Warped position of an unwarped point. */
  place(p: Pt): Pt;
  /** Warped lattice node (i over x-lines, j over y-lines). */
  node(i: number, j: number): Pt;
  /** Polyline of the segment of y-line j between x-lines i and i+1 (west to east). */
  hSeg(i: number, j: number): Pt[];
  /** Polyline of the segment of x-line i between y-lines j and j+1 (south to north). */
  vSeg(i: number, j: number): Pt[];
  hPresent: Uint8Array;
  vPresent: Uint8Array;
  faceInDistrict: Uint8Array;
  /** Faces of the built-up area around the district (for context roads). */
  faceUrban: Uint8Array;
  faceRiver: Uint8Array;
  /** Block index of each face, or -1 outside the district. */
  faceBlock: Int32Array;
  blocks: PlanBlock[];
  /** Unwarped river centreline, west to east. */
  riverLine: Pt[];
  /** Unwarped district radius at an angle. */
  districtRadiusAt(theta: number): number;
}

export const faceId = (nx: number, i: number, j: number): number => j * nx + i;
export const hSegId = (nx: number, i: number, j: number): number => j * nx + i; // j in 0..ny
export const vSegId = (nx: number, i: number, j: number): number => j * (nx + 1) + i; // i in 0..nx

function spacedLines(rng: Random, half: number, min: number, max: number): number[] {
  const lines = [-half];
  while (lines[lines.length - 1]! < half - min) lines.push(lines[lines.length - 1]! + rng.uniform(min, max));
  lines[lines.length - 1] = half;
  return lines;
}

/** Road classes of the lines of one axis: arterials every 5-6 lines, a secondary road between. */
function lineClasses(rng: Random, count: number): RoadClass[] {
  const classes: RoadClass[] = new Array(count).fill('lane');
  let next = rng.int(1, 3);
  const arterials: number[] = [];
  while (next < count - 1) {
    arterials.push(next);
    next += rng.int(5, 6);
  }
  for (const a of arterials) classes[a] = 'arterial';
  for (let k = 0; k + 1 < arterials.length; k++) {
    const mid = Math.round((arterials[k]! + arterials[k + 1]!) / 2);
    classes[mid] = 'secondary';
  }
  for (let i = 0; i < count; i++) if (classes[i] === 'lane' && rng.chance(0.45)) classes[i] = 'branch';
  classes[0] = 'secondary';
  classes[count - 1] = 'secondary';
  return classes;
}

function segmentsIntersect(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const o = (p: Pt, q: Pt, r: Pt) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  return o(a, b, c) !== o(a, b, d) && o(c, d, a) !== o(c, d, b);
}

export function generateLayout(rng: Random, options: LayoutOptions = DEFAULT_LAYOUT): Layout {
  const { halfExtent, minSpacing, maxSpacing, districtRadius } = options;
  const xs = spacedLines(rng, halfExtent, minSpacing, maxSpacing);
  const ys = spacedLines(rng, halfExtent, minSpacing, maxSpacing);
  const nx = xs.length - 1;
  const ny = ys.length - 1;
  const xClass = lineClasses(rng, xs.length);
  const yClass = lineClasses(rng, ys.length);

  // Smooth displacement (amplitudes ~70 m over kilometres: slopes stay far below 1,
  // so the bent lattice never folds) and a turn of the whole city.
  const w = Array.from({ length: 4 }, () => ({
    amp: rng.uniform(45, 80),
    len: rng.uniform(2400, 4200),
    phase: rng.uniform(0, 2 * Math.PI),
  }));
  const turn = rng.uniform(8, 16) * (Math.PI / 180);
  const cosT = Math.cos(turn);
  const sinT = Math.sin(turn);
  const place = (p: Pt): Pt => {
    const dx = w[0]!.amp * Math.sin((2 * Math.PI * p.y) / w[0]!.len + w[0]!.phase) +
      w[1]!.amp * Math.sin((2 * Math.PI * (p.x + p.y)) / w[1]!.len + w[1]!.phase);
    const dy = w[2]!.amp * Math.sin((2 * Math.PI * p.x) / w[2]!.len + w[2]!.phase) +
      w[3]!.amp * Math.sin((2 * Math.PI * (p.x - p.y)) / w[3]!.len + w[3]!.phase);
    const x = p.x + dx;
    const y = p.y + dy;
    return { x: x * cosT - y * sinT, y: x * sinT + y * cosT };
  };

  const nodeCache = new Map<number, Pt>();
  const node = (i: number, j: number): Pt => {
    const key = j * (nx + 1) + i;
    let p = nodeCache.get(key);
    if (!p) {
      p = place({ x: xs[i]!, y: ys[j]! });
      nodeCache.set(key, p);
    }
    return p;
  };
  const densify = (a: Pt, b: Pt, ends: [Pt, Pt]): Pt[] => {
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    const k = Math.max(2, Math.round(len / 45));
    const out: Pt[] = [ends[0]];
    for (let s = 1; s < k; s++) out.push(place({ x: a.x + ((b.x - a.x) * s) / k, y: a.y + ((b.y - a.y) * s) / k }));
    out.push(ends[1]);
    return out;
  };
  const hCache = new Map<number, Pt[]>();
  const vCache = new Map<number, Pt[]>();
  const hSeg = (i: number, j: number): Pt[] => {
    const id = hSegId(nx, i, j);
    let s = hCache.get(id);
    if (!s) {
      s = densify({ x: xs[i]!, y: ys[j]! }, { x: xs[i + 1]!, y: ys[j]! }, [node(i, j), node(i + 1, j)]);
      hCache.set(id, s);
    }
    return s;
  };
  const vSeg = (i: number, j: number): Pt[] => {
    const id = vSegId(nx, i, j);
    let s = vCache.get(id);
    if (!s) {
      s = densify({ x: xs[i]!, y: ys[j]! }, { x: xs[i]!, y: ys[j + 1]! }, [node(i, j), node(i, j + 1)]);
      vCache.set(id, s);
    }
    return s;
  };

  // The district: an irregular blob of faces, one piece, no holes.
  const harmonics = [2, 3, 5].map((k) => ({ k, amp: rng.uniform(0.05, 0.14), phase: rng.uniform(0, 2 * Math.PI) }));
  const districtRadiusAt = (theta: number) =>
    districtRadius * (1 + harmonics.reduce((s, h) => s + h.amp * Math.sin(h.k * theta + h.phase), 0));
  const faceCentre = (f: number): Pt => {
    const i = f % nx;
    const j = Math.floor(f / nx);
    return { x: (xs[i]! + xs[i + 1]!) / 2, y: (ys[j]! + ys[j + 1]!) / 2 };
  };
  const faceCount = nx * ny;
  const faceInDistrict = new Uint8Array(faceCount);
  const faceUrban = new Uint8Array(faceCount);
  for (let f = 0; f < faceCount; f++) {
    const c = faceCentre(f);
    const r = Math.hypot(c.x, c.y);
    const rr = districtRadiusAt(Math.atan2(c.y, c.x));
    if (r <= rr) faceInDistrict[f] = 1;
    if (r <= rr + 700) faceUrban[f] = 1;
  }
  keepLargestComponentAndFillHoles(faceInDistrict, nx, ny);

  // The river: west to east across the whole lattice, meandering.
  const riverY0 = rng.uniform(-0.35, 0.1) * districtRadius;
  const rw = [
    { amp: rng.uniform(350, 600), len: rng.uniform(4500, 6500), phase: rng.uniform(0, 2 * Math.PI) },
    { amp: rng.uniform(80, 160), len: rng.uniform(1300, 2000), phase: rng.uniform(0, 2 * Math.PI) },
  ];
  const riverLine: Pt[] = [];
  for (let x = -halfExtent; x <= halfExtent + 1e-9; x += 20) {
    riverLine.push({ x, y: riverY0 + rw.reduce((s, h) => s + h.amp * Math.sin((2 * Math.PI * x) / h.len + h.phase), 0) });
  }
  const faceRiver = new Uint8Array(faceCount);
  const lineFaceAt = (p: Pt): number => {
    const i = upperIndex(xs, p.x);
    const j = upperIndex(ys, p.y);
    return i < 0 || j < 0 ? -1 : faceId(nx, i, j);
  };
  for (let k = 0; k + 1 < riverLine.length; k++) {
    const a = riverLine[k]!;
    const b = riverLine[k + 1]!;
    for (let s = 0; s < 4; s++) {
      const f = lineFaceAt({ x: a.x + ((b.x - a.x) * s) / 4, y: a.y + ((b.y - a.y) * s) / 4 });
      if (f >= 0) faceRiver[f] = 1;
    }
  }
  const crossesRiver = (a: Pt, b: Pt): boolean => {
    for (let k = 0; k + 1 < riverLine.length; k++) {
      const p = riverLine[k]!;
      const q = riverLine[k + 1]!;
      if (Math.max(p.x, q.x) < Math.min(a.x, b.x) || Math.min(p.x, q.x) > Math.max(a.x, b.x)) continue;
      if (segmentsIntersect(a, b, p, q)) return true;
    }
    return false;
  };

  // Which street segments exist, and which faces merge into one block.
  const hPresent = new Uint8Array(nx * (ny + 1));
  const vPresent = new Uint8Array((nx + 1) * ny);
  const parent = Int32Array.from({ length: faceCount }, (_, f) => f);
  const size = new Int32Array(faceCount).fill(1);
  const find = (f: number): number => {
    while (parent[f] !== f) {
      parent[f] = parent[parent[f]!]!;
      f = parent[f]!;
    }
    return f;
  };
  const tryMerge = (a: number, b: number, cap: number): boolean => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return true;
    if (size[ra]! + size[rb]! > cap) return false;
    parent[rb] = ra;
    size[ra]! += size[rb]!;
    return true;
  };
  const decide = (cls: RoadClass, fa: number, fb: number, a: Pt, b: Pt): boolean => {
    // Returns true when the segment is a street.
    const inA = fa >= 0 && faceInDistrict[fa] === 1;
    const inB = fb >= 0 && faceInDistrict[fb] === 1;
    const urban = (fa >= 0 && faceUrban[fa] === 1) || (fb >= 0 && faceUrban[fb] === 1);
    if (cls === 'arterial' || cls === 'secondary') return true;
    if (!urban) return false;
    if (inA && inB) {
      if (faceRiver[fa] === 1 && faceRiver[fb] === 1 && crossesRiver(a, b)) {
        if (tryMerge(fa, fb, 8)) return false;
      } else if (cls === 'lane' && faceRiver[fa] === 0 && faceRiver[fb] === 0 && rng.chance(0.3)) {
        if (tryMerge(fa, fb, 3)) return false;
      }
    }
    return true;
  };
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i < nx; i++) {
      const below = j > 0 ? faceId(nx, i, j - 1) : -1;
      const above = j < ny ? faceId(nx, i, j) : -1;
      const street = decide(yClass[j]!, below, above, { x: xs[i]!, y: ys[j]! }, { x: xs[i + 1]!, y: ys[j]! });
      hPresent[hSegId(nx, i, j)] = street ? 1 : 0;
    }
  }
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const left = i > 0 ? faceId(nx, i - 1, j) : -1;
      const right = i < nx ? faceId(nx, i, j) : -1;
      const street = decide(xClass[i]!, left, right, { x: xs[i]!, y: ys[j]! }, { x: xs[i]!, y: ys[j + 1]! });
      vPresent[vSegId(nx, i, j)] = street ? 1 : 0;
    }
  }

  // Blocks: the merged face sets inside the district, numbered north-west first.
  const byRoot = new Map<number, number[]>();
  for (let f = 0; f < faceCount; f++) {
    if (faceInDistrict[f] !== 1) continue;
    const r = find(f);
    const list = byRoot.get(r);
    if (list) list.push(f);
    else byRoot.set(r, [f]);
  }
  const groups = [...byRoot.values()].map((faces) => {
    const cs = faces.map(faceCentre);
    return {
      faces,
      centre: { x: cs.reduce((s, c) => s + c.x, 0) / cs.length, y: cs.reduce((s, c) => s + c.y, 0) / cs.length },
      river: faces.some((f) => faceRiver[f] === 1),
    };
  });
  groups.sort((a, b) => b.centre.y - a.centre.y || a.centre.x - b.centre.x);
  const faceBlock = new Int32Array(faceCount).fill(-1);
  const blocks: PlanBlock[] = groups.map((g, index) => {
    for (const f of g.faces) faceBlock[f] = index;
    return { index, faces: g.faces, centre: g.centre, river: g.river, landuse: 'residential' as Landuse };
  });
  assignLanduse(rng, blocks, districtRadius);

  return {
    options,
    xs,
    ys,
    xClass,
    yClass,
    nx,
    ny,
    place,
    node,
    hSeg,
    vSeg,
    hPresent,
    vPresent,
    faceInDistrict,
    faceUrban,
    faceRiver,
    faceBlock,
    blocks,
    riverLine,
    districtRadiusAt,
  };
}

/** Index k with lines[k] <= v < lines[k+1], or -1 outside. */
export function upperIndex(lines: readonly number[], v: number): number {
  if (v < lines[0]! || v >= lines[lines.length - 1]!) return -1;
  let lo = 0;
  let hi = lines.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function keepLargestComponentAndFillHoles(mask: Uint8Array, nx: number, ny: number): void {
  const n = nx * ny;
  const neighbours = (f: number): number[] => {
    const i = f % nx;
    const j = Math.floor(f / nx);
    const out: number[] = [];
    if (i > 0) out.push(f - 1);
    if (i + 1 < nx) out.push(f + 1);
    if (j > 0) out.push(f - nx);
    if (j + 1 < ny) out.push(f + nx);
    return out;
  };
  const label = new Int32Array(n).fill(-1);
  let best = -1;
  let bestSize = 0;
  for (let f = 0; f < n; f++) {
    if (mask[f] !== 1 || label[f] !== -1) continue;
    const stack = [f];
    label[f] = f;
    let count = 0;
    while (stack.length) {
      const g = stack.pop()!;
      count++;
      for (const h of neighbours(g)) {
        if (mask[h] === 1 && label[h] === -1) {
          label[h] = f;
          stack.push(h);
        }
      }
    }
    if (count > bestSize) {
      bestSize = count;
      best = f;
    }
  }
  for (let f = 0; f < n; f++) if (mask[f] === 1 && label[f] !== best) mask[f] = 0;
  // Faces outside the district that cannot reach the lattice edge are holes: fill them.
  const outside = new Uint8Array(n);
  const stack: number[] = [];
  for (let f = 0; f < n; f++) {
    const i = f % nx;
    const j = Math.floor(f / nx);
    if ((i === 0 || j === 0 || i === nx - 1 || j === ny - 1) && mask[f] === 0) {
      outside[f] = 1;
      stack.push(f);
    }
  }
  while (stack.length) {
    const g = stack.pop()!;
    for (const h of neighbours(g)) {
      if (mask[h] === 0 && outside[h] === 0) {
        outside[h] = 1;
        stack.push(h);
      }
    }
  }
  for (let f = 0; f < n; f++) if (mask[f] === 0 && outside[f] === 0) mask[f] = 1;
}

/** Spreads special uses over the district and gives the rest uses by distance from the centre. */
function assignLanduse(rng: Random, blocks: PlanBlock[], radius: number): void {
  const free = () => blocks.filter((b) => b.landuse === 'residential' && !b.river);
  for (const b of blocks) if (b.river) b.landuse = 'park';
  const spread = (count: number, use: Landuse, pool: PlanBlock[]) => {
    // Farthest-point sampling from a random start: the picks are spread evenly.
    const chosen: PlanBlock[] = [];
    const candidates = [...pool];
    if (candidates.length === 0) return;
    chosen.push(candidates.splice(rng.int(0, candidates.length - 1), 1)[0]!);
    while (chosen.length < count && candidates.length) {
      let bestIdx = 0;
      let bestD = -1;
      candidates.forEach((c, idx) => {
        const d = Math.min(...chosen.map((s) => Math.hypot(s.centre.x - c.centre.x, s.centre.y - c.centre.y)));
        const score = d * rng.uniform(0.8, 1.2);
        if (score > bestD) {
          bestD = score;
          bestIdx = idx;
        }
      });
      chosen.push(candidates.splice(bestIdx, 1)[0]!);
    }
    for (const c of chosen) c.landuse = use;
  };
  const r = (b: PlanBlock) => Math.hypot(b.centre.x, b.centre.y) / radius;
  spread(6, 'health', free().filter((b) => r(b) < 0.7));
  spread(26, 'education', free());
  spread(15, 'market', free().filter((b) => r(b) < 0.85));
  spread(9, 'park', free().filter((b) => b.faces.length >= 2 || r(b) < 0.5));
  spread(10, 'public', free().filter((b) => r(b) < 0.6));
  spread(14, 'vacant', free().filter((b) => r(b) > 0.55));
  for (const b of free()) {
    const d = r(b);
    const x = rng.next();
    if (d < 0.28) b.landuse = x < 0.38 ? 'commercial' : x < 0.62 ? 'mixed' : 'residential';
    else if (d < 0.65) b.landuse = x < 0.1 ? 'commercial' : x < 0.22 ? 'mixed' : 'residential';
    else b.landuse = x < 0.16 ? 'industrial' : x < 0.22 ? 'mixed' : 'residential';
  }
}
