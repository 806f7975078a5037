// One position: exactly [longitude, latitude], finite numbers, longitude within
// -180..180 and latitude within -90..90. PostGIS does not range-check coordinates,
// and JSON.parse never yields NaN or Infinity but a JS caller can, so both are
// checked here. Elevation and measure (3D, 4D) are refused rather than silently
// dropped: the platform stores 2D points and polygons.
import { describeValue, problem, type GeometryProblem } from './problem.ts';

export type LonLat = [number, number];

const AXES = ['longitude', 'latitude'] as const;

/** The cleaned position, or what is wrong with it. */
export function checkPosition(value: unknown, path: string): LonLat | GeometryProblem {
  if (!Array.isArray(value)) {
    return problem(path, 'not_a_position', `expected a position [longitude, latitude], got ${describeValue(value)}`);
  }
  if (value.length < 2) {
    return problem(path, 'not_a_position', `a position is [longitude, latitude], this one has ${value.length} value${value.length === 1 ? '' : 's'}`);
  }
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'number') {
      return problem(`${path}[${i}]`, 'not_a_number', `${i < 2 ? AXES[i] : 'the value'} must be a number, got ${describeValue(value[i])}`);
    }
  }
  if (value.length > 2) {
    const kind = value.length === 3 ? '3D (x, y, z)' : value.length === 4 ? '4D (x, y, z, m)' : `${value.length}D`;
    return problem(path, 'too_many_dimensions',
      `the position is ${kind}; only 2D positions [longitude, latitude] are accepted: drop the elevation${value.length > 3 ? ' and measure' : ''}`);
  }
  const [lon, lat] = value as [number, number];
  for (let i = 0; i < 2; i++) {
    const v = value[i] as number;
    if (!Number.isFinite(v)) return problem(`${path}[${i}]`, 'not_finite', `${AXES[i]} ${String(v)} is not a finite number`);
  }
  const finite = Number.isFinite(lon) && Number.isFinite(lat);
  if (lon < -180 || lon > 180) {
    return problem(path, 'longitude_out_of_range', `longitude ${lon} is outside -180..180 (are longitude and latitude swapped, or the data not in WGS 84 degrees?)`, finite ? [lon, lat] : undefined);
  }
  if (lat < -90 || lat > 90) {
    return problem(path, 'latitude_out_of_range', `latitude ${lat} is outside -90..90 (are longitude and latitude swapped, or the data not in WGS 84 degrees?)`, [lon, lat]);
  }
  return [lon, lat];
}

export function isProblem(v: unknown): v is GeometryProblem {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'reason' in v;
}
