// The team desk's data: every grid with its team summary (for the map), the selected
// grid's team as read (with its ETag) and as edited, its sub-grids and blocks drawn on
// the map, and saving with If-Match (412: someone changed it; 422: a seat rule broken).
import { bbox } from '@turf/turf';
import type { Feature } from 'geojson';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, request } from '../api/client.ts';
import type { BlockProps, GridFeature, GridProps, SubgridProps, UnitCollection, UnitGeometry } from '../api/types.ts';
import { changes, toInput, type Changes, type TeamDraft } from './draft.ts';
import type { TeamDoc } from './types.ts';

export type UnitFeature<P> = Feature<UnitGeometry, P> & { id: number };

async function loadAll<P>(first: string, signal?: AbortSignal): Promise<UnitFeature<P>[]> {
  const out: UnitFeature<P>[] = [];
  let next: string | null = first;
  while (next) {
    const page: UnitCollection<P> & { links?: { rel: string; href: string }[] } = await api(next, { signal });
    out.push(...(page.features as UnitFeature<P>[]));
    next = page.links?.find((l) => l.rel === 'next')?.href ?? null;
  }
  return out;
}

export type SaveOutcome =
  | { kind: 'saved'; doc: TeamDoc }
  | { kind: 'conflict'; current: TeamDoc | null; changed: Changes | null }
  | { kind: 'invalid'; message: string }
  | { kind: 'failed'; message: string };

export function useGrids() {
  const [grids, setGrids] = useState<GridFeature[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    loadAll<GridProps>('/api/grids?limit=1000', ctl.signal).then(
      (g) => setGrids(g as GridFeature[]),
      (e: unknown) => !ctl.signal.aborted && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => ctl.abort();
  }, []);
  /** Reads one grid again (its team summary changes when its team is saved). */
  const refresh = useCallback(async (id: number) => {
    const g = await api<GridFeature>(`/api/grids/${id}`);
    setGrids((all) => all?.map((x) => (x.id === id ? g : x)) ?? all);
  }, []);
  return { grids, error, refresh };
}

export function useTeam(gridId: number | null) {
  const [draft, setDraft] = useState<TeamDraft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [subgrids, setSubgrids] = useState<UnitFeature<SubgridProps>[]>([]);
  const [blocks, setBlocks] = useState<UnitFeature<BlockProps>[]>([]);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    setDraft(null);
    setSubgrids([]);
    setBlocks([]);
    setLoadError(null);
    if (gridId === null) return;
    const ctl = new AbortController();
    (async () => {
      const r = await request<TeamDoc>(`/api/grids/${gridId}/team`, { signal: ctl.signal });
      setDraft({ base: r.data, etag: r.etag ?? '', work: r.data });
      const [sg, grid] = await Promise.all([
        loadAll<SubgridProps>(`/api/subgrids?grid=${gridId}&limit=1000`, ctl.signal),
        api<GridFeature>(`/api/grids/${gridId}`, { signal: ctl.signal }),
      ]);
      setSubgrids(sg);
      const ids = new Set(r.data.blocks.map((b) => b.id));
      if (ids.size) {
        const box = bbox(grid).join(',');
        const bl = await loadAll<BlockProps>(`/api/blocks?bbox=${box}&limit=5000`, ctl.signal);
        setBlocks(bl.filter((b) => ids.has(b.id)));
      }
    })().catch((e: unknown) => {
      if (!ctl.signal.aborted) setLoadError(e instanceof Error ? e.message : String(e));
    });
    return () => ctl.abort();
  }, [gridId, generation]);

  const edit = useCallback((fn: (doc: TeamDoc) => TeamDoc) => setDraft((d) => (d ? { ...d, work: fn(d.work) } : d)), []);
  const discard = useCallback(() => setDraft((d) => (d ? { ...d, work: d.base } : d)), []);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const pending = useMemo(() => (draft ? changes(draft.base, draft.work) : null), [draft]);

  const save = useCallback(async (): Promise<SaveOutcome> => {
    if (!draft || gridId === null) return { kind: 'failed', message: 'no team' };
    try {
      const r = await request<TeamDoc>(`/api/grids/${gridId}/team`, { method: 'PUT', body: toInput(draft), headers: { 'if-match': draft.etag } });
      setDraft({ base: r.data, etag: r.etag ?? '', work: r.data });
      return { kind: 'saved', doc: r.data };
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        const current = ((e.details as { current?: TeamDoc } | undefined)?.current ?? null) as TeamDoc | null;
        return { kind: 'conflict', current, changed: current ? changes(draft.base, current) : null };
      }
      if (e instanceof ApiError && (e.status === 422 || e.status === 400)) return { kind: 'invalid', message: e.message };
      return { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
  }, [draft, gridId]);

  return { draft, loadError, subgrids, blocks, edit, discard, reload, save, pending };
}
