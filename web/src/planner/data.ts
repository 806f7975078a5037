// What the planner loads and saves: the three unit layers, communities, history.
import { api } from '../api/client.ts';
import type { UnitCollection, UnitGeometry } from '../api/types.ts';
import type { UnitFeature } from './draft.ts';
import type { Community } from './naming.ts';

export type UnitLayer = 'grid' | 'subgrid' | 'block';
export const PLURAL: Record<UnitLayer, string> = { grid: 'grids', subgrid: 'subgrids', block: 'blocks' };

/** Properties a layer's writes take (the rest are computed by the server). */
export const EDITABLE: Record<UnitLayer, string[]> = {
  grid: ['code', 'name', 'community_id', 'team_model', 'status'],
  subgrid: ['code', 'name', 'grid_id'],
  block: ['code', 'name', 'community_id', 'landuse'],
};

export async function loadLayer<P>(layer: UnitLayer, signal?: AbortSignal): Promise<UnitFeature<P>[]> {
  const out: UnitFeature<P>[] = [];
  let next: string | null = `/api/${PLURAL[layer]}?limit=1000`;
  while (next) {
    const page: UnitCollection<P> & { links?: { rel: string; href: string }[] } = await api(next, { signal });
    out.push(...(page.features as UnitFeature<P>[]));
    next = page.links?.find((l) => l.rel === 'next')?.href ?? null;
  }
  return out;
}

export async function loadCommunities(): Promise<Community[]> {
  const fc = await api<{ features: { id: number; geometry: UnitGeometry; properties: { code: string; name: string; name_en?: string } }[] }>('/api/areas?level=community');
  return fc.features.map((f) => ({ id: f.id, code: f.properties.code, name: f.properties.name, name_en: f.properties.name_en, geometry: f.geometry }));
}

export interface HistoryEntry {
  version: number;
  op: 'create' | 'update' | 'delete';
  actor: string;
  at: string;
  changed: string[];
  geometryChanged: boolean;
  before: { geometry: UnitGeometry | null; properties?: Record<string, unknown> } | null;
  after: { geometry: UnitGeometry | null; properties?: Record<string, unknown> } | null;
}

export const loadHistory = (layer: UnitLayer, id: number) => api<{ entries: HistoryEntry[]; total: number }>(`/api/${PLURAL[layer]}/${id}/history?limit=50`);

export interface ChangeSet {
  creates: { properties: Record<string, unknown>; geometry: UnitGeometry }[];
  updates: { id: number; version: number; properties?: Record<string, unknown>; geometry?: UnitGeometry }[];
  deletes: { id: number; version: number }[];
}

export const saveChanges = (layer: UnitLayer, set: ChangeSet, dryRun = false) => api<unknown>(`/api/${PLURAL[layer]}/changes`, { method: 'POST', body: { ...set, dry_run: dryRun } });

export function pickProps(layer: UnitLayer, p: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(EDITABLE[layer].filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
}
