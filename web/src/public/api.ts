// The public places API (server/routes/public.ts): no sign-in needed.
import { api } from '../api/client.ts';
import type { Kind } from './kinds.ts';

export interface Place {
  kind: Kind;
  id: number;
  name: string;
  name_en: string | null;
  address: string | null;
  open_hours: string | null;
  details: { stalls?: number; piles?: number; type?: string } | null;
  point: [number, number];
  area: { type: 'MultiPolygon'; coordinates: number[][][][] } | null;
}

export interface NearPlace extends Place {
  distance_m: number;
  to: [number, number];
  bearing_deg: number | null;
}

export const placesOf = (kind: Kind, signal?: AbortSignal) =>
  api<{ places: Place[] }>(`/api/public/places?kind=${kind}&limit=2000`, { signal }).then((a) => a.places);

export const nearestTo = (kind: Kind, [lon, lat]: [number, number], signal?: AbortSignal) =>
  api<{ places: NearPlace[] }>(`/api/public/nearest?kind=${kind}&lon=${lon}&lat=${lat}&limit=5`, { signal }).then((a) => a.places);
