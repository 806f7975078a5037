// H3 cells as GeoJSON polygons: the cell's boundary as one closed ring, counter-
// clockwise (RFC 7946 right-hand rule), longitude first, rounded to 7 decimals
// (about 1 cm). Pure: no I/O.
import type { Feature, Polygon } from 'geojson';
import { cellToBoundary } from 'h3-js';

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** The hexagon (or pentagon) of an H3 cell as a GeoJSON Polygon. */
export function cellPolygon(cell: string): Polygon {
  // formatAsGeoJson: [lng, lat] pairs, the ring closed, counter-clockwise.
  const ring = cellToBoundary(cell, true).map(([lng, lat]) => [round7(lng!), round7(lat!)]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** A Feature per cell with its polygon, the cell as id and `properties` as given. */
export function cellFeatures<P extends { h3: string }>(cells: readonly P[]): Feature<Polygon, P>[] {
  return cells.map((properties) => ({ type: 'Feature', id: properties.h3, geometry: cellPolygon(properties.h3), properties }));
}
