// The pure half of the geometry validation pipeline (no I/O): structure, the
// `crs` member, 2D finite positions in range, line and ring sizes, ring closure,
// empty geometries, the vertex cap, then rewinding to the right-hand rule. The
// `check*` functions throw 422 invalid_geometry with {path, reason, location?};
// the `inspect*` functions return the problem instead (imports collect them).
// Topological validity is settled in PostGIS afterwards (server/geometry/validity.ts).
import type { FeatureCollection, Geometry } from 'geojson';
import { inspectFeature, inspectFeatureCollection, type CheckedFeature, type CollectionOptions, type FeatureOptions } from './feature.ts';
import { inspectGeometry, type GeometryOptions } from './geometry.ts';
import { geometryError } from './problem.ts';

export { GEOMETRY_TYPES, inspectGeometry, type GeometryOptions, type GeometryType } from './geometry.ts';
export { inspectFeature, inspectFeatureCollection, type CheckedFeature, type CollectionOptions, type FeatureOptions } from './feature.ts';
export { formatCoordinate, formatLocation, geometryError, type GeometryProblem } from './problem.ts';

/** The cleaned, rewound geometry; throws 422 invalid_geometry saying what is wrong and where. */
export function checkGeometry(input: unknown, options: GeometryOptions): Geometry {
  const r = inspectGeometry(input, options);
  if ('problem' in r) throw geometryError(r.problem);
  return r.geometry;
}

/** The cleaned feature; throws 422 (invalid_geometry, or invalid_feature for the envelope). */
export function checkFeature(input: unknown, options: FeatureOptions): CheckedFeature {
  const r = inspectFeature(input, options);
  if ('problem' in r) throw geometryError(r.problem, r.problem.reason.startsWith('feature_') ? 'invalid_feature' : 'invalid_geometry');
  return r.feature;
}

/** The cleaned collection; throws 422 at the first bad feature. */
export function checkFeatureCollection(input: unknown, options: CollectionOptions): FeatureCollection<Geometry, Record<string, unknown> | null> {
  const r = inspectFeatureCollection(input, options);
  if ('problem' in r) {
    const envelope = r.problem.reason.startsWith('feature_') || r.problem.reason.startsWith('collection_');
    throw geometryError(r.problem, envelope ? 'invalid_feature' : 'invalid_geometry');
  }
  return r.collection;
}
