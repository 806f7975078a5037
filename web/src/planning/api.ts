// The planning API's shapes and calls (server/routes/plans.ts).
import type { FeatureCollection, MultiLineString, Point } from 'geojson';
import { api, getToken } from '../api/client.ts';

export type Problem = 'mclp' | 'pmedian' | 'lscp';
export type Facility = 'charging_shed' | 'vendor_zone';
export type CandidateKind = 'cells' | 'open_spaces' | 'drawn';

export interface PlanForm {
  name?: string;
  problem: Problem;
  facility: Facility;
  p?: number;
  radius_m?: number;
  capacity?: number;
  res: number;
  weights?: Record<string, number>;
  hours?: number[];
  exclusions?: Record<string, number>;
  candidates: CandidateKind;
  drawn_sites?: [number, number][];
  fixed_existing: boolean;
  scope?: { street_office?: number };
  exact: boolean;
  time_limit_s: number;
}

export interface DemandCell {
  h3: string;
  weight: number;
  households: number;
  cases: number;
  parts?: Record<string, number>;
}

export interface Candidate {
  index: number;
  lon: number;
  lat: number;
  kind: string;
  label: string;
  status: string | null;
  reason?: string | null;
}

export interface Preview {
  demand: DemandCell[];
  total_demand: number;
  candidates: Candidate[];
  existing: { id: number; name: string; lon: number; lat: number }[];
  weights: Record<string, number>;
  exclusions: Record<string, number>;
}

export interface SiteProps {
  index: number;
  kind: string;
  label: string;
  existing: boolean;
  demand: number;
  covered_demand: number;
  cells: number;
  households: number;
  mean_distance_m: number | null;
  max_distance_m: number | null;
  piles: number | null;
  households_per_pile: number | null;
}

export interface Summary {
  objective: number;
  bound: number | null;
  gap: number | null;
  covered_pct: number;
  sites_chosen: number;
  total_demand: number;
  covered_demand: number;
  method: string;
  seconds: number;
}

export interface Scenario {
  id: number;
  name: string | null;
  problem: Problem;
  facility: Facility;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  progress: { fraction?: number; seconds?: number; objective?: number | null } | null;
  error: string | null;
  summary: Summary | null;
  accepted: { site: number; table: string; id: number }[];
  params: PlanForm & { radius_m: number };
  created_at: string;
  results?: (Partial<Summary> & {
    sites?: FeatureCollection<Point, SiteProps>;
    catchments?: FeatureCollection<MultiLineString, { index: number }>;
    hotspots?: { h3: string; lon: number; lat: number; weight: number; households: number; distance_m: number | null }[];
    demand: DemandCell[];
    candidates: Candidate[];
  }) | null;
}

const body = (f: PlanForm) => {
  const { name: _n, problem: _p, p: _pp, radius_m: _r, capacity: _c, exact: _e, time_limit_s: _t, ...rest } = f;
  return rest;
};

export const preview = (f: PlanForm) => api<Preview>('/api/plans/preview', { method: 'POST', body: body(f) });
export const run = (f: PlanForm) => api<Scenario>('/api/plans', { method: 'POST', body: f });
export const scenario = (id: number) => api<Scenario>(`/api/plans/${id}`);
export const scenarios = () => api<{ scenarios: Scenario[] }>('/api/plans?limit=50').then((r) => r.scenarios);
export const cancel = (id: number) => api<Scenario>(`/api/plans/${id}/cancel`, { method: 'POST', body: {} });
export const accept = (id: number, sites: number[]) =>
  api<{ created: { site: number; table: string; id: number }[] }>(`/api/plans/${id}/accept`, { method: 'POST', body: { sites } });

/** Downloads the scenario's sites as a GeoJSON file (the token goes in a header, so fetch then save). */
export async function exportSites(id: number, facility: Facility): Promise<void> {
  const r = await fetch(`/api/plans/${id}/sites.geojson`, { headers: { authorization: `Bearer ${getToken() ?? ''}` } });
  const blob = await r.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `plan-${id}-${facility}.geojson`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
