// In-memory point → feature lookup through an H3 cover (see cover.ts): a table from
// each cover cell to the feature holding it. A point's resolution-15 cell is taken to
// its parent at the cover resolution; an interior cell answers at once, a boundary
// cell is settled exactly by point-in-polygon over the features listed for it, in
// ascending id order, so a point on an edge shared by two features goes to the lower
// id (the rule of `min(id) ... where ST_Covers`, boundary included). A point whose
// cell is in no cover lies in no feature. Pure: the caller loads covers and shapes.
import { cellToParent, latLngToCell } from 'h3-js';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { POINT_RES } from './h3cells.ts';

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

export class CellLookup {
  /** Interior cell → feature id; boundary cell → the candidate shapes, by ascending id. */
  private readonly cells = new Map<string, number | Shape[]>();
  readonly size: number;

  constructor(readonly res: number, covers: Iterable<LookupCover>, shapes: Iterable<{ id: number; geometry: Polygon | MultiPolygon }>) {
    const byId = new Map<number, Shape>();
    for (const s of shapes) byId.set(s.id, shapeOf(s.id, s.geometry));
    const boundary = new Map<string, Shape[]>();
    for (const c of covers) {
      if (!c.boundary) {
        this.cells.set(c.cell, c.featureId);
        continue;
      }
      const shape = byId.get(c.featureId);
      if (!shape) throw new Error(`cover cell ${c.cell} names feature ${c.featureId}, which has no shape`);
      const list = boundary.get(c.cell) ?? [];
      list.push(shape);
      boundary.set(c.cell, list);
    }
    for (const [cell, list] of boundary) {
      const interior = this.cells.get(cell);
      // A cell interior to one feature and on the boundary of another: the exact test settles it.
      if (typeof interior === 'number') list.push(byId.get(interior) ?? (() => { throw new Error(`no shape for feature ${interior}`); })());
      this.cells.set(cell, list.sort((a, b) => a.id - b.id));
    }
    this.size = this.cells.size;
  }

  /** The feature holding the point whose resolution-15 cell is `cell15` (hex string), or null. */
  locateCell(cell15: string, lon: number, lat: number): number | null {
    return this.settle(this.cells.get(cellToParent(cell15, this.res)), lon, lat);
  }

  private settle(hit: number | Shape[] | undefined, lon: number, lat: number): number | null {
    if (hit === undefined) return null;
    if (typeof hit === 'number') return hit;
    for (const s of hit) {
      if (lon < s.bbox[0] || lon > s.bbox[2] || lat < s.bbox[1] || lat > s.bbox[3]) continue;
      if (s.polygons.some((rings) => inPolygon(rings, lon, lat))) return s.id;
    }
    return null;
  }

  /**
   * The feature holding a point, or null, from the point's own cell at the cover
   * resolution (one H3 call instead of two). Exact as well: the point lies within a
   * circumradius of that cell's centre, and the cover flags as boundary every cell
   * whose centre is within 1.1 circumradii of the polygon's boundary (cover.ts), so
   * an interior cell's points are inside, and a point inside has its cell in the cover.
   */
  locate(lon: number, lat: number): number | null {
    return this.settle(this.cells.get(latLngToCell(lat, lon, this.res)), lon, lat);
  }

  /** The same, from the stored resolution-15 cell: its parent at the cover resolution. */
  locateStored(lon: number, lat: number): number | null {
    return this.locateCell(latLngToCell(lat, lon, POINT_RES), lon, lat);
  }
}
