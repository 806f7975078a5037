// Paint mode, in the manner of Districtr: a brush of H3 cells moves area from the
// grids under it to the grid being painted. The moved area is the cells clipped to
// each donor, so the cover stays a cover: what a donor loses, the receiver gains.
import { area, featureCollection, intersect } from '@turf/turf';
import { cellsToMultiPolygon, gridDisk, latLngToCell } from 'h3-js';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { UnitGeometry } from '../api/types.ts';
import { minus, toMulti, unionOf } from './geometry.ts';

export function brushCells(lng: number, lat: number, res: number, radius: number): string[] {
  return gridDisk(latLngToCell(lat, lng, res), radius);
}

export function cellsArea(cells: string[]): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: cellsToMultiPolygon(cells, true) };
}

export interface PaintMove {
  donor: number;
  /** The donor's geometry after the move (null: nothing left). */
  donorAfter: MultiPolygon | null;
  /** Share of the donor's area that moved, for estimating moved workload. */
  share: number;
  moved: Feature<Polygon | MultiPolygon>;
}

export interface PaintResult {
  receiverAfter: MultiPolygon;
  moves: PaintMove[];
}

/** Moves the painted cells' area from every donor it covers to the receiver. */
export function paint(cells: string[], receiver: { id: number; geometry: UnitGeometry }, donors: { id: number; geometry: UnitGeometry }[]): PaintResult | null {
  if (cells.length === 0) return null;
  const brush: Feature<MultiPolygon> = { type: 'Feature', properties: {}, geometry: cellsArea(cells) };
  const moves: PaintMove[] = [];
  for (const d of donors) {
    if (d.id === receiver.id) continue;
    const moved = intersect(featureCollection([brush, { type: 'Feature', properties: {}, geometry: d.geometry } as Feature<UnitGeometry>]));
    if (!moved || area(moved) < 1) continue;
    const rest = minus(d.geometry, moved.geometry);
    const donorArea = area(d.geometry);
    moves.push({ donor: d.id, donorAfter: rest && area(rest) >= 1 ? toMulti(rest.geometry) : null, share: donorArea > 0 ? area(moved) / donorArea : 0, moved });
  }
  if (moves.length === 0) return null;
  const grown = unionOf([receiver.geometry, ...moves.map((m) => m.moved.geometry)]);
  return grown ? { receiverAfter: toMulti(grown.geometry), moves } : null;
}
