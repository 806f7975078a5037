// What the wall map reads from the server, and the shapes of the answers it uses.
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { api } from '../api/client.ts';

export interface HeatCell {
  h3: string;
  count: number;
  z?: number;
  p?: number;
  class?: 'hot' | 'cold' | 'not_significant';
  confidence?: 90 | 95 | 99 | null;
}

export interface HeatmapAnswer {
  resolution: number;
  total: number;
  cells: HeatCell[];
  grids: { grid_id: number | null; count: number }[];
  hotspots?: { hot: { 90: number; 95: number; 99: number } };
}

export interface HeatFilter {
  from: string;
  to: string;
  /** null: all day; else "a-b" or "h". */
  hours: string | null;
  /** Days of the week, 1 = Monday; all seven or none mean every day. */
  dow: number[];
}

export function heatmapUrl(f: HeatFilter, res = 8): string {
  const q = new URLSearchParams({ res: String(res), from: f.from, to: f.to, hotspots: 'true' });
  if (f.hours) q.set('hours', f.hours);
  if (f.dow.length > 0 && f.dow.length < 7) q.set('dow', [...f.dow].sort().join(','));
  return `/api/heatmap?${q}`;
}

export type KpiValues = Record<string, number | null> & { previous?: Record<string, number | null> };

export interface KpiReport {
  period: { from: string; to: string; days: number };
  previous_period: { from: string; to: string; days: number };
  rows: (KpiValues & { key: string | number | null; label_zh: string | null; label_en: string | null })[];
  totals: KpiValues;
}

export const kpis = (q: Record<string, string>, signal?: AbortSignal) => api<KpiReport>(`/api/kpis?${new URLSearchParams(q)}`, { signal });

export interface CaseProps {
  code: string;
  type_code: string;
  type_name: string;
  type_name_en: string | null;
  description: string;
  address: string | null;
  status: string;
  grid_id: number | null;
  street_id: number | null;
  reported_at: string;
  next_due: string | null;
  overdue: boolean;
}
export type CaseFeature = Feature<Point, CaseProps> & { id: number };

export const overdueCases = (limit: number, signal?: AbortSignal) =>
  api<FeatureCollection<Point, CaseProps> & { features: CaseFeature[]; numberMatched: number }>(`/api/cases/due?due=overdue&limit=${limit}`, { signal });

export interface GridProps {
  code: string;
  name: string;
}
export type GridFeature = Feature<Polygon | MultiPolygon, GridProps> & { id: number };
export const grids = (signal?: AbortSignal) => api<{ features: GridFeature[] }>('/api/grids?limit=1000', { signal });

export interface AreaProps {
  level: string;
  code: string;
  name: string;
  name_en: string | null;
}
export type AreaFeature = Feature<Polygon | MultiPolygon, AreaProps> & { id: number };
export const streets = (signal?: AbortSignal) => api<{ features: AreaFeature[] }>('/api/areas?level=street', { signal });

/** [west, south, east, north] of some polygons. */
export function bboxOf(features: { geometry: Polygon | MultiPolygon }[]): [number, number, number, number] | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const f of features) {
    const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
    for (const ring of rings) {
      for (const [x, y] of ring) {
        if (x! < w) w = x!;
        if (x! > e) e = x!;
        if (y! < s) s = y!;
        if (y! > n) n = y!;
      }
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}
