// Checking one GeoJSON geometry from outside, in layers: the object and its type,
// the vertex cap, then every position (2D, finite, in range), every line (2+
// positions) and ring (4+ positions, closed), then geojson-validation as a second
// opinion on the structure, and finally rewinding to the right-hand rule (RFC 7946:
// exteriors counter-clockwise, holes clockwise). The result is a fresh geometry with
// only `type` and `coordinates`: foreign members, `bbox` and extra values are not
// carried into storage. Topology (self-intersections, holes outside shells) is
// PostGIS's job: see server/geometry/validity.ts.
import rewind from '@mapbox/geojson-rewind';
import gjv from 'geojson-validation';
import type { Geometry, Position } from 'geojson';
import { checkPosition, isProblem, type LonLat } from './position.ts';
import { describeValue, formatLocation, problem, type GeometryProblem } from './problem.ts';

export const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'] as const;
export type GeometryType = (typeof GEOMETRY_TYPES)[number];

export interface GeometryOptions {
  /** The geometry types accepted. */
  types: readonly GeometryType[];
  /** Most vertices (positions, closing ones included) the geometry may hold. */
  maxVertices: number;
  /** Name of the geometry in messages; 'geometry' when not given. */
  path?: string;
}

/** Array nesting above the positions, per type. */
const DEPTH: Record<GeometryType, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

type Checked<T> = T | GeometryProblem;

function countPositions(value: unknown, depth: number): number {
  if (depth === 0) return 1;
  if (!Array.isArray(value)) return 0;
  let n = 0;
  for (const v of value) n += countPositions(v, depth - 1);
  return n;
}

function positions(value: unknown, path: string, min: number, what: string): Checked<LonLat[]> {
  if (!Array.isArray(value)) return problem(path, 'not_an_array', `expected an array of positions (${what}), got ${describeValue(value)}`);
  const out: LonLat[] = [];
  for (let i = 0; i < value.length; i++) {
    const p = checkPosition(value[i], `${path}[${i}]`);
    if (isProblem(p)) return p;
    out.push(p);
  }
  if (out.length === 0) return problem(path, 'empty_geometry', `the ${what} has no positions; empty geometries are not accepted`);
  if (out.length < min) {
    const need = what === 'ring'
      ? `a ring needs at least 4 positions (3 corners and the first repeated at the end), this one has ${out.length}`
      : `a line needs at least 2 positions, this one has ${out.length}`;
    return problem(path, 'too_few_positions', need, out[0]);
  }
  return out;
}

function ring(value: unknown, path: string): Checked<LonLat[]> {
  const r = positions(value, path, 4, 'ring');
  if (isProblem(r)) return r;
  const first = r[0]!;
  const last = r[r.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return problem(path, 'ring_not_closed',
      `the ring is not closed: it starts at ${formatLocation(first)} and ends at ${formatLocation(last)}; repeat the first position at the end`, first);
  }
  return r;
}

function list<T>(value: unknown, path: string, what: string, item: (v: unknown, p: string) => Checked<T>): Checked<T[]> {
  if (!Array.isArray(value)) return problem(path, 'not_an_array', `expected an array of ${what}, got ${describeValue(value)}`);
  if (value.length === 0) return problem(path, 'empty_geometry', `has no ${what}; empty geometries are not accepted`);
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) {
    const x = item(value[i], `${path}[${i}]`);
    if (isProblem(x)) return x;
    out.push(x);
  }
  return out;
}

const polygon = (v: unknown, p: string) => list(v, p, 'rings', ring);

function coordinates(type: GeometryType, value: unknown, path: string): Checked<Position | Position[] | Position[][] | Position[][][]> {
  switch (type) {
    case 'Point':
      if (Array.isArray(value) && value.length === 0) return problem(path, 'empty_geometry', 'the point has no position; empty geometries are not accepted');
      return checkPosition(value, path);
    case 'MultiPoint':
      return list(value, path, 'points', checkPosition);
    case 'LineString':
      if (Array.isArray(value) && value.length === 0) return problem(path, 'empty_geometry', 'the line has no positions; empty geometries are not accepted');
      return positions(value, path, 2, 'line');
    case 'MultiLineString':
      return list(value, path, 'lines', (v, p) => positions(v, p, 2, 'line'));
    case 'Polygon':
      return polygon(value, path);
    case 'MultiPolygon':
      return list(value, path, 'polygons', polygon);
  }
}

/** The cleaned, rewound geometry, or the first thing wrong with it. */
export function inspectGeometry(input: unknown, options: GeometryOptions): { geometry: Geometry } | { problem: GeometryProblem } {
  const path = options.path ?? 'geometry';
  const fail = (p: GeometryProblem) => ({ problem: p });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail(problem(path, 'not_an_object', `expected a GeoJSON geometry object, got ${describeValue(input)}`));
  }
  const g = input as Record<string, unknown>;
  if ('crs' in g) {
    return fail(problem(path, 'crs_not_supported',
      'has a "crs" member: GeoJSON (RFC 7946) coordinates are always WGS 84 longitude, latitude; reproject the data to EPSG:4326 and remove "crs"'));
  }
  const allowed = options.types.join(', ');
  if (typeof g.type !== 'string') {
    return fail(problem(`${path}.type`, 'missing_type', `a geometry needs a "type" (one of ${allowed}), got ${describeValue(g.type)}`));
  }
  if (!(GEOMETRY_TYPES as readonly string[]).includes(g.type)) {
    const text = g.type === 'Feature' || g.type === 'FeatureCollection'
      ? `a ${g.type} is not a geometry; send the geometry itself (one of ${allowed})`
      : `"${g.type}" is not accepted here; send one of ${allowed}`;
    return fail(problem(`${path}.type`, g.type === 'GeometryCollection' ? 'type_not_allowed' : 'unknown_type', text));
  }
  const type = g.type as GeometryType;
  if (!options.types.includes(type)) {
    return fail(problem(`${path}.type`, 'type_not_allowed', `a ${type} is not accepted here; send one of ${allowed}`));
  }
  if (!('coordinates' in g)) return fail(problem(`${path}.coordinates`, 'missing_coordinates', `a ${type} needs "coordinates"`));
  const vertices = countPositions(g.coordinates, DEPTH[type]);
  if (vertices > options.maxVertices) {
    return fail(problem(path, 'too_many_vertices',
      `has ${vertices.toLocaleString('en')} vertices; at most ${options.maxVertices.toLocaleString('en')} are accepted: simplify the geometry or split it`));
  }
  const coords = coordinates(type, g.coordinates, `${path}.coordinates`);
  if (isProblem(coords)) return fail(coords);
  const geometry = { type, coordinates: coords } as Geometry;
  // A second opinion on the structure. geojson-validation throws on some shapes
  // (e.g. a ring of []) which the checks above have refused already; guard anyway.
  let structure: string[];
  try {
    structure = gjv.isGeometryObject(geometry, true);
  } catch (err) {
    structure = [`the structure could not be checked (${(err as Error).message})`];
  }
  if (structure.length) return fail(problem(path, 'invalid_structure', `is not a valid GeoJSON ${type}: ${structure.join('; ')}`));
  return { geometry: rewind(geometry, false) };
}
