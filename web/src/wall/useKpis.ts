// KPIs for the panel (today against yesterday, this week to date against the same days
// of last week) and per grid for colouring the map, refreshed every minute.
import { kpis, type KpiReport, type KpiValues } from './api.ts';
import { addDays, cstDay, dayString, monday, today } from './time.ts';
import { usePoll } from './usePoll.ts';

const EVERY_MS = 60_000;

export interface KpiPanelData {
  today: KpiValues;
  yesterday: KpiValues;
  week: KpiValues;
  lastWeek: KpiValues;
}

export function usePanelKpis(kick: number): KpiPanelData | null {
  return usePoll(
    async (signal) => {
      const n = cstDay();
      const t = today();
      const mon = dayString(monday(n));
      const [day, week, last] = await Promise.all([
        kpis({ from: t, to: t }, signal),
        kpis({ from: mon, to: t }, signal),
        kpis({ from: addDays(mon, -7), to: addDays(t, -7) }, signal),
      ]);
      return { today: day.totals, yesterday: day.totals.previous ?? {}, week: week.totals, lastWeek: last.totals } as KpiPanelData;
    },
    [],
    EVERY_MS,
    kick,
  ).data;
}

/** The chosen measure per grid id over the heatmap's period, with its range. */
export function useGridKpi(measure: string, from: string, to: string, kick: number): { values: Map<number, number | null>; range: [number, number] } | null {
  return usePoll(
    async (signal) => {
      if (measure === 'none') return { values: new Map<number, number | null>(), range: [0, 1] as [number, number] };
      const r: KpiReport = await kpis({ by: 'grid', from, to }, signal);
      const values = new Map<number, number | null>();
      let lo = Infinity, hi = -Infinity;
      for (const row of r.rows) {
        if (row.key === null) continue;
        const v = row[measure];
        const x = typeof v === 'number' ? v : null;
        values.set(Number(row.key), x);
        if (x !== null) {
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
      return { values, range: (Number.isFinite(lo) ? [lo, hi] : [0, 1]) as [number, number] };
    },
    [measure, from, to],
    EVERY_MS * 5,
    kick,
  ).data;
}
