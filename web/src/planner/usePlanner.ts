// The planner's state: the layer being edited, its draft with undo and redo, the
// selection, and the checks recomputed on every change (overlaps, gaps, sub-grids
// outside their grid, grids cut into parts).
import { area } from '@turf/turf';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GridProps, SubgridProps } from '../api/types.ts';
import { loadCommunities, loadLayer, type UnitLayer } from './data.ts';
import { changedIds, current, fromFeatures, get, rebase, type Draft, type UnitFeature } from './draft.ts';
import { gapLeft, outside, overlaps, unionOf, type Overlap } from './geometry.ts';
import type { Community } from './naming.ts';

export type AnyProps = Record<string, unknown> & { code?: string; name?: string; version?: number };

export interface Checks {
  overlaps: Overlap[];
  gap: { geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon; m2: number } | null;
  subgridsOutside: { id: number; name: string; geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon; m2: number }[];
  parts: { id: number; name: string; n: number }[];
}

const NO_CHECKS: Checks = { overlaps: [], gap: null, subgridsOutside: [], parts: [] };

export function computeChecks(draft: Draft<AnyProps>, layer: UnitLayer, subgrids: UnitFeature<SubgridProps>[]): Checks {
  const changed = new Set(changedIds(draft));
  if (changed.size === 0) return NO_CHECKS;
  const now = current(draft);
  const found = overlaps(now, changed);
  // Area the edited units covered when saved that no unit covers now.
  const before = [...changed].filter((id) => id > 0).map((id) => draft.base.get(id)!.geometry);
  let gap: Checks['gap'] = null;
  if (before.length) {
    const was = unionOf(before);
    const near = was ? now.filter((f) => changed.has(f.id) || overlapsBox(f.geometry, was.geometry)).map((f) => f.geometry) : [];
    const g = gapLeft(before, near);
    if (g) gap = { geometry: g.geometry, m2: area(g) };
  }
  const subgridsOutside: Checks['subgridsOutside'] = [];
  if (layer === 'grid') {
    for (const id of changed) {
      const grid = get(draft, id);
      for (const s of subgrids.filter((sg) => sg.properties.grid_id === id)) {
        const out = grid ? outside(s.geometry, grid.geometry) : { geometry: s.geometry };
        if (out) subgridsOutside.push({ id: s.id, name: s.properties.name, geometry: out.geometry, m2: area(out.geometry) });
      }
    }
  }
  const parts = now
    .filter((f) => changed.has(f.id) && f.geometry.type === 'MultiPolygon' && f.geometry.coordinates.length > 1)
    .map((f) => ({ id: f.id, name: String(f.properties.name ?? f.id), n: (f.geometry as GeoJSON.MultiPolygon).coordinates.length }));
  return { overlaps: found, gap, subgridsOutside, parts };
}

function overlapsBox(a: GeoJSON.Geometry, b: GeoJSON.Geometry): boolean {
  const box = (g: GeoJSON.Geometry) => {
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    const walk = (c: unknown): void => {
      if (typeof (c as number[])[0] === 'number') {
        const [x, y] = c as number[];
        w = Math.min(w, x!); e = Math.max(e, x!); s = Math.min(s, y!); n = Math.max(n, y!);
      } else for (const x of c as unknown[]) walk(x);
    };
    walk((g as GeoJSON.Polygon).coordinates);
    return [w, s, e, n];
  };
  const p = box(a);
  const q = box(b);
  return p[0]! <= q[2]! && q[0]! <= p[2]! && p[1]! <= q[3]! && q[1]! <= p[3]!;
}

export interface Loaded {
  grids: UnitFeature<GridProps>[];
  subgrids: UnitFeature<SubgridProps>[];
  communities: Community[];
}

export function usePlannerData() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [layer, setLayerState] = useState<UnitLayer>('grid');
  const [draft, setDraft] = useState<Draft<AnyProps> | null>(null);

  const reload = useCallback(async (which: UnitLayer, keepEdits = false) => {
    try {
      const [grids, subgrids, communities] = await Promise.all([loadLayer<GridProps>('grid'), loadLayer<SubgridProps>('subgrid'), loaded ? Promise.resolve(loaded.communities) : loadCommunities()]);
      const features = which === 'grid' ? grids : which === 'subgrid' ? subgrids : await loadLayer<AnyProps>('block');
      setLoaded({ grids, subgrids, communities });
      setDraft((d) => (d && keepEdits ? rebase(d, features as UnitFeature<AnyProps>[], true) : fromFeatures(features as UnitFeature<AnyProps>[])));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [loaded]);

  useEffect(() => {
    void reload('grid');
    // once, on opening the view
  }, []);

  const setLayer = useCallback(
    (l: UnitLayer) => {
      setLayerState(l);
      setDraft(null);
      void reload(l);
    },
    [reload],
  );

  const checks = useMemo(() => (draft && loaded ? computeChecks(draft, layer, loaded.subgrids) : NO_CHECKS), [draft, loaded, layer]);

  return { loaded, error, layer, setLayer, draft, setDraft, reload, checks };
}
