// Open cases around a point: the case list in a box around it, kept to those within
// the radius, nearest first.
import { api } from '../api/client.ts';
import type { CaseFeature } from '../cases/api.ts';

export const NEARBY_RADIUS_M = 500;
const OPEN = 'reported,verified,registered,dispatched,handling,parked';
const M_PER_DEG = 111_320;

/** Metres between two points (haversine). */
export function distanceM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const r = Math.PI / 180;
  const dLat = (b.lat - a.lat) * r;
  const dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

export interface NearbyCase {
  c: CaseFeature;
  m: number;
}

export async function loadNearby(at: { lon: number; lat: number }, radius = NEARBY_RADIUS_M, signal?: AbortSignal): Promise<NearbyCase[]> {
  const dLat = radius / M_PER_DEG;
  const dLon = radius / (M_PER_DEG * Math.cos((at.lat * Math.PI) / 180));
  const bbox = [at.lon - dLon, at.lat - dLat, at.lon + dLon, at.lat + dLat].map((v) => v.toFixed(6)).join(',');
  const fc = await api<{ features: CaseFeature[] }>(`/api/cases?bbox=${bbox}&status=${OPEN}&limit=200`, { signal });
  return fc.features
    .map((c) => ({ c, m: distanceM(at, { lon: c.geometry.coordinates[0]!, lat: c.geometry.coordinates[1]! }) }))
    .filter((x) => x.m <= radius)
    .sort((a, b) => a.m - b.m);
}
