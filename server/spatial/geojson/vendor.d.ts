// Type declarations for the two untyped GeoJSON packages the pipeline uses.
declare module 'geojson-validation' {
  interface GeoJsonValidation {
    /** With trace = true: the list of problems (empty when valid). */
    isGeometryObject(value: unknown, trace: true): string[];
  }
  const gjv: GeoJsonValidation;
  export default gjv;
}

declare module '@mapbox/geojson-rewind' {
  /** Rewinds rings in place; outer = true winds exteriors clockwise, false counter-clockwise (RFC 7946). */
  export default function rewind<T>(geojson: T, outer?: boolean): T;
}
