// Geometry the planner computes in the browser for instant feedback (the server checks
// again on save): overlaps, gaps left behind, sub-grids outside their grid, cut and
// join of areas. turf on WGS84 coordinates; areas in square metres.
import { area, bbox, booleanIntersects, difference, featureCollection, intersect, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { UnitGeometry } from '../api/types.ts';
import { simplePolygons } from './rings.ts';

type Area = Feature<Polygon | MultiPolygon>;

/** Smallest area that counts, as on the server (TOPOLOGY_TOLERANCE_M2). */
export const TOLERANCE_M2 = 1;

const asFeature = (g: UnitGeometry): Area => ({ type: 'Feature', properties: {}, geometry: g });

function boxesTouch(a: number[], b: number[]) {
  return a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!;
}

export function overlap(a: UnitGeometry, b: UnitGeometry): Area | null {
  if (!boxesTouch(bbox(a), bbox(b)) || !booleanIntersects(a, b)) return null;
  const x = intersect(featureCollection([asFeature(a), asFeature(b)]));
  return x && area(x) > TOLERANCE_M2 ? x : null;
}

export interface Overlap {
  a: number;
  b: number;
  area: Area;
  m2: number;
}

/** Overlaps between the changed features and every other one. */
export function overlaps(features: { id: number; geometry: UnitGeometry }[], changed: Set<number>): Overlap[] {
  const out: Overlap[] = [];
  const boxes = new Map(features.map((f) => [f.id, bbox(f.geometry)]));
  for (const f of features) {
    if (!changed.has(f.id)) continue;
    for (const g of features) {
      if (g.id === f.id || (changed.has(g.id) && g.id < f.id)) continue;
      if (!boxesTouch(boxes.get(f.id)!, boxes.get(g.id)!)) continue;
      const x = overlap(f.geometry, g.geometry);
      if (x) out.push({ a: f.id, b: g.id, area: x, m2: area(x) });
    }
  }
  return out;
}

export function unionOf(geoms: UnitGeometry[]): Area | null {
  if (geoms.length === 0) return null;
  if (geoms.length === 1) return asFeature(geoms[0]!);
  return union(featureCollection(geoms.map(asFeature)));
}

export function minus(a: UnitGeometry, b: UnitGeometry | null): Area | null {
  if (!b) return asFeature(a);
  return difference(featureCollection([asFeature(a), asFeature(b)]));
}

/** Area the changed features covered before and nothing covers now. */
export function gapLeft(before: UnitGeometry[], after: UnitGeometry[]): Area | null {
  const was = unionOf(before);
  if (!was) return null;
  const now = unionOf(after);
  const gap = now ? minus(was.geometry, now.geometry) : was;
  return gap && area(gap) > TOLERANCE_M2 ? gap : null;
}

/** Part of `inner` outside `outer`, when more than the tolerance. */
export function outside(inner: UnitGeometry, outer: UnitGeometry): Area | null {
  const out = minus(inner, outer);
  return out && area(out) > TOLERANCE_M2 ? out : null;
}

export const areaM2 = (g: UnitGeometry) => area(g);

/** A MultiPolygon PostGIS accepts (rings that touch themselves cut apart). */
export function toMulti(g: Polygon | MultiPolygon): MultiPolygon {
  return simplePolygons(g.type === 'MultiPolygon' ? g : { type: 'MultiPolygon', coordinates: [g.coordinates] });
}
