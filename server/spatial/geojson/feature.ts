// Checking a GeoJSON Feature and FeatureCollection from outside: the envelope
// (type, id, properties) here, the geometry through inspectGeometry. Properties are
// only checked to be an object: what they may hold is the caller's schema.
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { inspectGeometry, type GeometryOptions } from './geometry.ts';
import { describeValue, problem, type GeometryProblem } from './problem.ts';

export interface FeatureOptions extends GeometryOptions {
  /** Name of the feature in messages; 'feature' when not given. */
  path?: string;
}

export type CheckedFeature = Feature<Geometry, Record<string, unknown> | null>;

/**
 * The cleaned feature (type, id when given, rewound geometry, properties), or the
 * first thing wrong with it. `problem.reason` tells a geometry problem from an
 * envelope one; envelope problems have reasons starting with `feature_`.
 */
export function inspectFeature(input: unknown, options: FeatureOptions): { feature: CheckedFeature } | { problem: GeometryProblem } {
  const path = options.path ?? 'feature';
  const fail = (p: GeometryProblem) => ({ problem: p });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail(problem(path, 'feature_not_an_object', `expected a GeoJSON Feature object, got ${describeValue(input)}`));
  }
  const f = input as Record<string, unknown>;
  if (f.type !== 'Feature') {
    return fail(problem(`${path}.type`, 'feature_wrong_type', `expected "Feature", got ${describeValue(f.type)}`));
  }
  if ('crs' in f) {
    return fail(problem(path, 'crs_not_supported',
      'has a "crs" member: GeoJSON (RFC 7946) coordinates are always WGS 84 longitude, latitude; reproject the data to EPSG:4326 and remove "crs"'));
  }
  if (f.id !== undefined && typeof f.id !== 'string' && !(typeof f.id === 'number' && Number.isFinite(f.id))) {
    return fail(problem(`${path}.id`, 'feature_invalid_id', `an id must be a string or a number, got ${describeValue(f.id)}`));
  }
  const props = f.properties ?? null;
  if (props !== null && (typeof props !== 'object' || Array.isArray(props))) {
    return fail(problem(`${path}.properties`, 'feature_invalid_properties', `properties must be an object or null, got ${describeValue(props)}`));
  }
  if (f.geometry === null || f.geometry === undefined) {
    return fail(problem(`${path}.geometry`, 'missing_geometry', `the feature has no geometry; send one of ${options.types.join(', ')}`));
  }
  const g = inspectGeometry(f.geometry, { ...options, path: `${path}.geometry` });
  if ('problem' in g) return g;
  const feature: CheckedFeature = {
    type: 'Feature',
    ...(f.id !== undefined ? { id: f.id as string | number } : {}),
    geometry: g.geometry,
    properties: props as Record<string, unknown> | null,
  };
  return { feature };
}

export interface CollectionOptions extends FeatureOptions {
  /** Most features the collection may hold. */
  maxFeatures: number;
}

/** A whole FeatureCollection held in memory (small bodies; imports stream instead). */
export function inspectFeatureCollection(input: unknown, options: CollectionOptions): { collection: FeatureCollection<Geometry, Record<string, unknown> | null> } | { problem: GeometryProblem } {
  const path = options.path ?? 'body';
  if (typeof input !== 'object' || input === null || Array.isArray(input) || (input as { type?: unknown }).type !== 'FeatureCollection') {
    return { problem: problem(path, 'collection_wrong_type', `expected a GeoJSON FeatureCollection, got ${describeValue((input as { type?: unknown } | null)?.type ?? input)}`) };
  }
  const c = input as Record<string, unknown>;
  if ('crs' in c) {
    return { problem: problem(path, 'crs_not_supported', 'has a "crs" member: GeoJSON (RFC 7946) coordinates are always WGS 84 longitude, latitude; reproject the data to EPSG:4326 and remove "crs"') };
  }
  if (!Array.isArray(c.features)) return { problem: problem(`${path}.features`, 'collection_features_not_an_array', `expected an array of features, got ${describeValue(c.features)}`) };
  if (c.features.length > options.maxFeatures) {
    return { problem: problem(`${path}.features`, 'collection_too_many_features', `holds ${c.features.length.toLocaleString('en')} features; at most ${options.maxFeatures.toLocaleString('en')} are accepted`) };
  }
  const features: CheckedFeature[] = [];
  for (let i = 0; i < c.features.length; i++) {
    const f = inspectFeature(c.features[i], { ...options, path: `${path}.features[${i}]` });
    if ('problem' in f) return f;
    features.push(f.feature);
  }
  return { collection: { type: 'FeatureCollection', features } };
}
