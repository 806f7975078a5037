// Buildings inside the blocks, laid out per lattice face by land use: slab housing
// in rows facing south, shop strips and towers in the centre, school buildings
// with a sports ground, hospital wards, market halls, factory sheds. Household
// counts follow floors and stairwells (two households per stairwell per floor).
import type { Random } from '../random.ts';
import type { Pt } from './frame.ts';
import { ROAD_WIDTH, RIVER_HALF_WIDTH, hSegId, vSegId, type Landuse, type Layout } from './layout.ts';

export type BuildingUse = 'residential' | 'commercial' | 'office' | 'mixed' | 'school' | 'hospital' | 'industrial' | 'public' | 'market';

export interface PlanBuilding {
  block: number;
  face: number;
  use: BuildingUse;
  floors: number;
  households: number;
  /** Closed ring, counter-clockwise, warped metres. */
  ring: Pt[];
  /** Anchor point inside the footprint (warped metres). */
  point: Pt;
}

export interface PlanGreen {
  kind: 'square' | 'sports';
  block: number;
  ring: Pt[];
}

/** A face of the lattice with its bilinear map from [0,1]^2 to warped metres. */
export interface FaceFrame {
  face: number;
  i: number;
  j: number;
  width: number;
  height: number;
  map(u: number, v: number): Pt;
  /** Unwarped position of (u, v). */
  plain(u: number, v: number): Pt;
  /** Setbacks (metres) from the south, east, north and west edges. */
  setback: { s: number; e: number; n: number; w: number };
}

export function faceFrame(layout: Layout, face: number): FaceFrame {
  const { nx, xs, ys } = layout;
  const i = face % nx;
  const j = Math.floor(face / nx);
  const p00 = layout.node(i, j);
  const p10 = layout.node(i + 1, j);
  const p11 = layout.node(i + 1, j + 1);
  const p01 = layout.node(i, j + 1);
  const len = (a: Pt, b: Pt) => Math.hypot(a.x - b.x, a.y - b.y);
  const edge = (present: number, cls: keyof typeof ROAD_WIDTH) => (present ? ROAD_WIDTH[cls] / 2 + 8 : 3);
  return {
    face,
    i,
    j,
    width: (len(p00, p10) + len(p01, p11)) / 2,
    height: (len(p00, p01) + len(p10, p11)) / 2,
    map: (u, v) => ({
      x: (1 - u) * (1 - v) * p00.x + u * (1 - v) * p10.x + u * v * p11.x + (1 - u) * v * p01.x,
      y: (1 - u) * (1 - v) * p00.y + u * (1 - v) * p10.y + u * v * p11.y + (1 - u) * v * p01.y,
    }),
    plain: (u, v) => ({ x: xs[i]! + u * (xs[i + 1]! - xs[i]!), y: ys[j]! + v * (ys[j + 1]! - ys[j]!) }),
    setback: {
      s: edge(layout.hPresent[hSegId(nx, i, j)]!, layout.yClass[j]!),
      n: edge(layout.hPresent[hSegId(nx, i, j + 1)]!, layout.yClass[j + 1]!),
      w: edge(layout.vPresent[vSegId(nx, i, j)]!, layout.xClass[i]!),
      e: edge(layout.vPresent[vSegId(nx, i + 1, j)]!, layout.xClass[i + 1]!),
    },
  };
}

/** A rectangle in face metres (from the south-west corner) as a warped ring. */
function rect(f: FaceFrame, x0: number, y0: number, x1: number, y1: number): Pt[] {
  const u0 = x0 / f.width;
  const u1 = x1 / f.width;
  const v0 = y0 / f.height;
  const v1 = y1 / f.height;
  const ring = [f.map(u0, v0), f.map(u1, v0), f.map(u1, v1), f.map(u0, v1)];
  return [...ring, ring[0]!];
}

function ringCentre(ring: Pt[]): Pt {
  const n = ring.length - 1;
  let x = 0;
  let y = 0;
  for (let k = 0; k < n; k++) {
    x += ring[k]!.x / n;
    y += ring[k]!.y / n;
  }
  return { x, y };
}

function distanceToLine(p: Pt, line: readonly Pt[]): number {
  let best = Infinity;
  for (let k = 0; k + 1 < line.length; k++) {
    const a = line[k]!;
    const b = line[k + 1]!;
    if (Math.abs(a.x - p.x) > 400 && Math.abs(b.x - p.x) > 400) continue;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(a.x + t * dx - p.x, a.y + t * dy - p.y));
  }
  return best;
}

export interface BuildingPlan {
  buildings: PlanBuilding[];
  greens: PlanGreen[];
  householdsByBlock: Float64Array;
}

export function planBuildings(rng: Random, layout: Layout): BuildingPlan {
  const buildings: PlanBuilding[] = [];
  const greens: PlanGreen[] = [];
  const householdsByBlock = new Float64Array(layout.blocks.length);
  const add = (f: FaceFrame, block: number, use: BuildingUse, floors: number, households: number, x0: number, y0: number, x1: number, y1: number) => {
    const ring = rect(f, x0, y0, x1, y1);
    // Keep clear of the river.
    const mid = f.plain((x0 + x1) / 2 / f.width, (y0 + y1) / 2 / f.height);
    if (distanceToLine(mid, layout.riverLine) < RIVER_HALF_WIDTH + 25) return;
    buildings.push({ block, face: f.face, use, floors, households, ring, point: ringCentre(ring) });
    householdsByBlock[block]! += households;
  };

  for (const block of layout.blocks) {
    for (const face of block.faces) {
      const f = faceFrame(layout, face);
      const { s, e, n, w } = f.setback;
      const x0 = w;
      const x1 = f.width - e;
      const y0 = s;
      const y1 = f.height - n;
      if (x1 - x0 < 30 || y1 - y0 < 30) continue;
      layoutFace(rng, block.landuse, f, block.index, x0, y0, x1, y1, add, greens);
    }
  }
  return { buildings, greens, householdsByBlock };
}

type Adder = (f: FaceFrame, block: number, use: BuildingUse, floors: number, households: number, x0: number, y0: number, x1: number, y1: number) => void;

function layoutFace(rng: Random, landuse: Landuse, f: FaceFrame, block: number, x0: number, y0: number, x1: number, y1: number, add: Adder, greens: PlanGreen[]): void {
  const W = x1 - x0;
  const H = y1 - y0;
  switch (landuse) {
    case 'residential':
    case 'mixed': {
      // Rows of slabs facing south; the era of the estate sets the height.
      const era = rng.next();
      const floorsOf = () => (era < 0.6 ? rng.int(5, 7) : era < 0.82 ? rng.int(8, 11) : rng.int(14, 26));
      const depth = rng.uniform(11, 14);
      const gap = era < 0.6 ? rng.uniform(16, 22) : rng.uniform(26, 36);
      let y = y0;
      if (landuse === 'mixed') {
        // Shops with flats above along the south street.
        let x = x0;
        while (x + 18 <= x1) {
          const len = Math.min(x1 - x, rng.uniform(18, 40));
          const floors = rng.int(3, 6);
          add(f, block, 'mixed', floors, (floors - 1) * Math.max(1, Math.round(len / 15)) * 2, x, y, x + len, y + 14);
          x += len + rng.uniform(4, 10);
        }
        y += 14 + gap;
      }
      while (y + depth <= y1) {
        let x = x0;
        while (x + 28 <= x1) {
          const len = Math.min(x1 - x, rng.uniform(28, 52));
          if (rng.chance(0.6)) {
            const floors = floorsOf();
            const stairs = Math.max(1, Math.round(len / 15));
            add(f, block, 'residential', floors, floors * stairs * 2, x, y, x + len, y + depth);
          }
          x += len + rng.uniform(8, 14);
        }
        y += depth + gap;
      }
      if (W > 90 && H > 90 && rng.chance(0.15)) {
        greens.push({ kind: 'square', block, ring: rect(f, x0 + W * 0.35, y0 + H * 0.35, x0 + W * 0.65, y0 + H * 0.65) });
      }
      break;
    }
    case 'commercial': {
      // Shop strips on the south and north streets, towers behind.
      for (const [ya, yb] of [[y0, y0 + 16], [y1 - 16, y1]] as const) {
        let x = x0;
        while (x + 20 <= x1) {
          const len = Math.min(x1 - x, rng.uniform(20, 45));
          add(f, block, 'commercial', rng.int(2, 5), 0, x, ya, x + len, yb);
          x += len + rng.uniform(5, 10);
        }
      }
      const towers = Math.max(1, Math.floor(W / 70));
      for (let k = 0; k < towers; k++) {
        const cx = x0 + ((k + 0.5) * W) / towers;
        const cy = (y0 + y1) / 2;
        const half = Math.min(15, W / towers / 3);
        if (H < 70) break;
        const floors = rng.int(16, 32);
        const isFlat = rng.chance(0.4);
        add(f, block, isFlat ? 'mixed' : 'office', floors, isFlat ? floors * 6 : 0, cx - half, cy - half, cx + half, cy + half);
      }
      break;
    }
    case 'education': {
      add(f, block, 'school', rng.int(4, 5), 0, x0 + 5, y1 - 22, Math.min(x1 - 5, x0 + 5 + rng.uniform(50, 75)), y1 - 6);
      add(f, block, 'school', rng.int(3, 4), 0, x0 + 5, y0 + 6, x0 + 25, Math.min(y1 - 30, y0 + 6 + rng.uniform(35, 50)));
      if (W > 90 && H > 80) greens.push({ kind: 'sports', block, ring: rect(f, x0 + 35, y0 + 8, x1 - 8, y1 - 32) });
      break;
    }
    case 'health': {
      add(f, block, 'hospital', rng.int(10, 18), 0, x0 + 10, y0 + 10, x0 + 10 + Math.min(W - 20, 60), y0 + 28);
      add(f, block, 'hospital', rng.int(5, 9), 0, x0 + 10, y0 + 45, x0 + 10 + Math.min(W - 20, 45), Math.min(y1 - 5, y0 + 63));
      break;
    }
    case 'market': {
      const mw = Math.min(W - 10, rng.uniform(45, 70));
      const mh = Math.min(H - 10, rng.uniform(30, 45));
      add(f, block, 'market', rng.int(1, 2), 0, x0 + (W - mw) / 2, y0 + (H - mh) / 2, x0 + (W + mw) / 2, y0 + (H + mh) / 2);
      break;
    }
    case 'industrial': {
      let y = y0;
      while (y + 25 <= y1) {
        const sh = Math.min(y1 - y, rng.uniform(25, 40));
        let x = x0;
        while (x + 40 <= x1) {
          const sw = Math.min(x1 - x, rng.uniform(40, 80));
          add(f, block, 'industrial', rng.int(1, 3), 0, x, y, x + sw, y + sh);
          x += sw + 15;
        }
        y += sh + 20;
      }
      break;
    }
    case 'public': {
      add(f, block, 'public', rng.int(5, 10), 0, x0 + 15, y1 - 30, Math.min(x1 - 15, x0 + 70), y1 - 12);
      if (W > 80 && H > 80) greens.push({ kind: 'square', block, ring: rect(f, x0 + 10, y0 + 10, x1 - 10, y0 + H * 0.45) });
      break;
    }
    case 'park': // the park's green is the whole block, drawn from the block polygon
    case 'vacant':
      break;
  }
}
