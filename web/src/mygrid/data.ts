// What the grid chief's view loads for one of their grids: the grid, its sub-grids and
// street blocks, its team, component counts by status, open cases (overdue first) and
// whistles still waiting for a report. Row-level security already keeps a grid chief
// to their own grids; the view asks only for the grid it shows.
import { useCallback, useEffect, useState } from 'react';
import { api, getToken } from '../api/client.ts';
import type { BlockProps, GridFeature, SubgridProps, Team, UnitCollection } from '../api/types.ts';
import { FINISHED, CASE_STATUSES, type CaseFeature, type Whistle } from '../cases/api.ts';
import { byUrgency } from '../cases/deadline.ts';

export const COMPONENT_STATUSES = ['intact', 'damaged', 'missing', 'occupied'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

const OPEN = CASE_STATUSES.filter((s) => !FINISHED.has(s)).join(',');

export interface MyGridData {
  grid: GridFeature;
  subgrids: UnitCollection<SubgridProps>['features'];
  blocks: UnitCollection<BlockProps>['features'];
  team: Team;
  components: Record<ComponentStatus, number>;
  cases: CaseFeature[];
  casesMatched: number;
  whistles: Whistle[];
}

interface Page<T> {
  features: T[];
  numberMatched?: number;
  links?: { rel: string; href: string }[];
}

async function all<T>(first: string, signal: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  let next: string | null = first;
  while (next) {
    const page: Page<T> = await api<Page<T>>(next, { signal });
    out.push(...page.features);
    next = page.links?.find((l) => l.rel === 'next')?.href ?? null;
  }
  return out;
}

async function loadCases(gridId: number, signal: AbortSignal): Promise<{ cases: CaseFeature[]; matched: number }> {
  const page = await api<Page<CaseFeature>>(`/api/cases?grid=${gridId}&status=${OPEN}&limit=1000`, { signal });
  return { cases: byUrgency(page.features), matched: page.numberMatched ?? page.features.length };
}

export async function loadMyGrid(gridId: number, signal: AbortSignal): Promise<MyGridData> {
  const [grid, subgrids, blocks, team, counts, cases, whistles] = await Promise.all([
    api<GridFeature>(`/api/grids/${gridId}`, { signal }),
    all<UnitCollection<SubgridProps>['features'][number]>(`/api/subgrids?grid=${gridId}&limit=1000`, signal),
    // A grid chief reads the blocks of their own grids only (row-level security).
    all<UnitCollection<BlockProps>['features'][number]>(`/api/blocks?limit=1000`, signal),
    api<Team>(`/api/grids/${gridId}/team`, { signal }),
    Promise.all(COMPONENT_STATUSES.map((s) => api<Page<unknown>>(`/api/components?grid=${gridId}&status=${s}&limit=1`, { signal }).then((p) => p.numberMatched ?? 0))),
    loadCases(gridId, signal),
    api<{ whistles: Whistle[] }>(`/api/whistles?grid=${gridId}&state=open&limit=100`, { signal }).then((w) => w.whistles),
  ]);
  const inTeam = new Set((team.blocks ?? []).map((b) => b.id));
  return {
    grid,
    subgrids,
    // The blocks the team answers for; all readable ones when the team names none.
    blocks: inTeam.size ? blocks.filter((b) => inTeam.has(b.id)) : blocks,
    team,
    components: Object.fromEntries(COMPONENT_STATUSES.map((s, i) => [s, counts[i]!])) as Record<ComponentStatus, number>,
    cases: cases.cases,
    casesMatched: cases.matched,
    whistles,
  };
}

/** The view's data for a grid, with a reload after a step changed a case. */
export function useMyGrid(gridId: number | null) {
  const [data, setData] = useState<MyGridData | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (gridId === null) return;
    const ctl = new AbortController();
    setError(null);
    loadMyGrid(gridId, ctl.signal).then(setData, (e: unknown) => {
      if (!ctl.signal.aborted) setError(e as Error);
    });
    return () => ctl.abort();
  }, [gridId, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  useLiveGrid(gridId, reload);
  return { data: data && data.grid.id === gridId ? data : null, error, reload };
}

const LIVE_EVENTS = ['case.created', 'case.updated', 'case.transition', 'cases.imported', 'whistle.blown', 'whistle.reported'];

/** Reloads (at most once a second) when the live feed tells of a change in the grid; reconnects when the token ran out. */
function useLiveGrid(gridId: number | null, reload: () => void) {
  const [connection, setConnection] = useState(0);
  useEffect(() => {
    const token = getToken();
    if (gridId === null || !token || typeof EventSource === 'undefined') return;
    const feed = new EventSource(`/api/events?access_token=${encodeURIComponent(token)}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onEvent = (e: MessageEvent<string>) => {
      try {
        if ((JSON.parse(e.data) as { grid_id?: number | null }).grid_id !== gridId) return;
      } catch {
        return;
      }
      if (timer === undefined) {
        timer = setTimeout(() => {
          timer = undefined;
          reload();
        }, 1000);
      }
    };
    for (const type of LIVE_EVENTS) feed.addEventListener(type, onEvent);
    // The stream ends when the token expires; the session has renewed it by then.
    const again = () => {
      feed.close();
      setTimeout(() => setConnection((n) => n + 1), 2000);
    };
    feed.addEventListener('expired', again);
    feed.addEventListener('reset', () => reload());
    return () => {
      clearTimeout(timer);
      feed.close();
    };
  }, [gridId, reload, connection]);
}
