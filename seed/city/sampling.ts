// Where things stand: random points along the kerbs of the district's streets, inside
// faces, along the river bank. A kerb point lies on the block side of its street
// (faces are counter-clockwise, so the block is on the left of each edge).
import type { Random } from '../random.ts';
import { WeightedPicker } from '../random.ts';
import { alongPolyline, polylineLength, type Pt } from './frame.ts';
import { ROAD_WIDTH, RIVER_HALF_WIDTH, hSegId, upperIndex, vSegId, type Layout, type RoadClass } from './layout.ts';
import type { Name } from './names.ts';
import type { RoadNetwork } from './roads.ts';

export interface KerbEdge {
  face: number;
  block: number;
  /** Street centreline along the face, counter-clockwise around it. */
  line: Pt[];
  length: number;
  cls: RoadClass;
  road: Name;
}

export function kerbEdges(layout: Layout, network: RoadNetwork): KerbEdge[] {
  const { nx, ny } = layout;
  const out: KerbEdge[] = [];
  for (let f = 0; f < nx * ny; f++) {
    if (layout.faceInDistrict[f] !== 1) continue;
    const i = f % nx;
    const j = Math.floor(f / nx);
    const block = layout.faceBlock[f]!;
    const add = (present: number, line: Pt[], cls: RoadClass, road: Name) => {
      if (present) out.push({ face: f, block, line, length: polylineLength(line), cls, road });
    };
    add(layout.hPresent[hSegId(nx, i, j)]!, layout.hSeg(i, j), layout.yClass[j]!, network.yNames[j]!);
    add(layout.vPresent[vSegId(nx, i + 1, j)]!, layout.vSeg(i + 1, j), layout.xClass[i + 1]!, network.xNames[i + 1]!);
    add(layout.hPresent[hSegId(nx, i, j + 1)]!, [...layout.hSeg(i, j + 1)].reverse(), layout.yClass[j + 1]!, network.yNames[j + 1]!);
    add(layout.vPresent[vSegId(nx, i, j)]!, [...layout.vSeg(i, j)].reverse(), layout.xClass[i]!, network.xNames[i]!);
  }
  return out;
}

export interface KerbPoint {
  p: Pt;
  edge: KerbEdge;
  /** House number along the street, for addresses. */
  number: number;
}

/** A point on the kerb of a random edge, `extra` metres off the carriageway. */
export function kerbPoint(rng: Random, picker: WeightedPicker<KerbEdge>, extra: [number, number] = [0.5, 3]): KerbPoint {
  const edge = picker.pick(rng);
  const along = edge.length * rng.uniform(0.04, 0.96);
  const { p, nx, ny } = alongPolyline(edge.line, along);
  const off = ROAD_WIDTH[edge.cls] / 2 + rng.uniform(extra[0], extra[1]);
  return { p: { x: p.x + nx * off, y: p.y + ny * off }, edge, number: 1 + 2 * Math.floor(rng.uniform(1, 160)) };
}

export const ROAD_CLASS_WEIGHT: Record<RoadClass, number> = { arterial: 3, secondary: 2, branch: 1.2, lane: 0.6 };

/** Picks kerb edges by length and street class, times an optional factor per edge. */
export function kerbPicker(edges: KerbEdge[], classes?: readonly RoadClass[], factor?: (e: KerbEdge) => number): WeightedPicker<KerbEdge> {
  const list = classes ? edges.filter((e) => classes.includes(e.cls)) : edges;
  return new WeightedPicker(list, (e) => e.length * ROAD_CLASS_WEIGHT[e.cls] * (factor ? factor(e) : 1));
}

/** Points on the river bank inside the district, both banks. */
export function riverBank(layout: Layout): { p: Pt; face: number }[] {
  const out: { p: Pt; face: number }[] = [];
  const line = layout.riverLine;
  for (let k = 1; k + 1 < line.length; k += 2) {
    const a = line[k - 1]!;
    const b = line[k + 1]!;
    const c = line[k]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const nx = -(b.y - a.y) / len;
    const ny = (b.x - a.x) / len;
    for (const side of [1, -1]) {
      const q = { x: c.x + side * nx * (RIVER_HALF_WIDTH + 6), y: c.y + side * ny * (RIVER_HALF_WIDTH + 6) };
      const face = faceAt(layout, q);
      if (face >= 0 && layout.faceInDistrict[face] === 1) out.push({ p: layout.place(q), face });
    }
  }
  return out;
}

/** Face containing an unwarped point, or -1. */
export function faceAt(layout: Layout, q: Pt): number {
  const i = upperIndex(layout.xs, q.x);
  const j = upperIndex(layout.ys, q.y);
  return i < 0 || j < 0 ? -1 : j * layout.nx + i;
}
