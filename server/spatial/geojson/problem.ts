// What is wrong with a piece of GeoJSON, said so that a person can find and fix it:
// where (a path like geometry.coordinates[0][3]), why (a short reason code and a
// sentence), and, where there is one, the position it happened at.
import { AppError } from '../../errors.ts';

export interface GeometryProblem {
  /** Where in the input, e.g. geometry.coordinates[0][3]. */
  path: string;
  /** A short code, e.g. latitude_out_of_range. */
  reason: string;
  /** The whole sentence, starting with the path. */
  message: string;
  /** The position the problem is at, [longitude, latitude], when there is one. */
  location?: [number, number];
}

/** A coordinate as people read it: up to 7 decimals (about 1 cm), no trailing zeros. */
export function formatCoordinate(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toFixed(7)));
}

export function formatLocation([lon, lat]: readonly [number, number]): string {
  return `${formatCoordinate(lon)}, ${formatCoordinate(lat)}`;
}

export function problem(path: string, reason: string, text: string, location?: [number, number]): GeometryProblem {
  return { path, reason, message: `${path}: ${text}`, ...(location ? { location } : {}) };
}

/** The 422 answer for a refused geometry. */
export function geometryError(p: GeometryProblem, code = 'invalid_geometry'): AppError {
  return new AppError(422, code, p.message, { path: p.path, reason: p.reason, ...(p.location ? { location: p.location } : {}) });
}

/** How a value that is not what was expected reads in a message. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
