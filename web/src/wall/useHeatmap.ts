// The heatmap for the chosen filter, refreshed every few minutes. While the day plays
// back, each hour's answer is kept (24 at most, dropped when the filter changes) so a
// second pass through the day asks the server for nothing.
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { heatmapUrl, type HeatCell, type HeatFilter, type HeatmapAnswer } from './api.ts';

const REFRESH_MS = 5 * 60_000;

export interface Heat {
  cells: HeatCell[];
  hot: HeatCell[];
  max: number;
  total: number;
  hotCount: number;
  /** The filter's hours the shown answer is for. */
  hours: string | null;
}

function shape(a: HeatmapAnswer, hours: string | null): Heat {
  const cells: HeatCell[] = [];
  const hot: HeatCell[] = [];
  let max = 0;
  for (const c of a.cells) {
    if (c.count > 0) cells.push(c);
    if (c.count > max) max = c.count;
    if ((c.class === 'hot' || c.class === 'cold') && (c.confidence ?? 0) >= 95) hot.push(c);
  }
  return { cells, hot, max, total: a.total, hotCount: hot.filter((c) => c.class === 'hot').length, hours };
}

export function useHeatmap(filter: HeatFilter, playHour: number | null, kick: number, res: number): Heat | null {
  const [heat, setHeat] = useState<Heat | null>(null);
  const cache = useRef(new Map<string, Heat>());
  const base = `${filter.from}|${filter.to}|${filter.dow.join(',')}`;
  const baseRef = useRef(base);
  if (baseRef.current !== base) {
    baseRef.current = base;
    cache.current.clear();
  }
  const hours = playHour === null ? filter.hours : String(playHour);

  useEffect(() => {
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const key = `${hours}`;
    const load = (useCache: boolean) => {
      const hit = useCache && playHour !== null ? cache.current.get(key) : undefined;
      if (hit) {
        setHeat(hit);
        return;
      }
      api<HeatmapAnswer>(heatmapUrl({ ...filter, hours }, res), { signal: ctrl.signal }).then(
        (a) => {
          const h = shape(a, hours);
          if (playHour !== null) cache.current.set(key, h);
          setHeat(h);
        },
        () => undefined,
      ).finally(() => {
        if (!ctrl.signal.aborted && playHour === null) timer = setTimeout(() => load(false), REFRESH_MS);
      });
    };
    load(true);
    return () => {
      ctrl.abort();
      if (timer) clearTimeout(timer);
    };
    // The filter's parts are in base and hours.
  }, [base, hours, playHour === null, kick]);
  return heat;
}
