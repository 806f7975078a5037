// The deadline clock's arithmetic: which deadline a case must meet next (the server's
// case_next_due: respond while reported; the earlier of handling and the first progress
// report while registered, dispatched or handling; closing while handled or checked),
// how long is left or how long it is overdue, and a short text for it.
import type { CaseProps } from './api.ts';

export type DueKind = 'respond' | 'progress' | 'handle' | 'close';

export interface Clock {
  kind: DueKind | null;
  due: number | null;
  /** ms left (negative: overdue). */
  left: number | null;
  overdue: boolean;
  /** Soon: under two hours left. */
  soon: boolean;
}

type Times = Pick<CaseProps, 'status' | 'respond_due' | 'handle_due' | 'progress_due' | 'progressed_at' | 'close_due' | 'next_due'>;

const t = (s: string | null | undefined) => (s ? Date.parse(s) : null);

export function nextDeadline(c: Times): { kind: DueKind; due: number } | null {
  switch (c.status) {
    case 'reported':
      return c.respond_due ? { kind: 'respond', due: t(c.respond_due)! } : null;
    case 'registered':
    case 'dispatched':
    case 'handling': {
      const handle = t(c.handle_due);
      const progress = c.progressed_at ? null : t(c.progress_due);
      if (progress !== null && (handle === null || progress < handle)) return { kind: 'progress', due: progress };
      return handle === null ? null : { kind: 'handle', due: handle };
    }
    case 'handled':
    case 'checked':
      return c.close_due ? { kind: 'close', due: t(c.close_due)! } : null;
    default:
      return null;
  }
}

export const SOON_MS = 2 * 3600_000;

export function clockOf(c: Times, now: number): Clock {
  const next = nextDeadline(c);
  // The server's next_due is the authority; the kind is ours.
  const due = t(c.next_due) ?? next?.due ?? null;
  if (due === null) return { kind: null, due: null, left: null, overdue: false, soon: false };
  const left = due - now;
  return { kind: next?.kind ?? null, due, left, overdue: left < 0, soon: left >= 0 && left < SOON_MS };
}

/** A duration as days, hours and minutes, the two largest parts: 2d 3h, 4h 05m, 12m. */
export function durationParts(ms: number): { d: number; h: number; m: number } {
  const total = Math.floor(Math.abs(ms) / 60_000);
  return { d: Math.floor(total / 1440), h: Math.floor((total % 1440) / 60), m: total % 60 };
}

export function formatDuration(ms: number, units: { d: string; h: string; m: string }): string {
  const { d, h, m } = durationParts(ms);
  if (d > 0) return `${d}${units.d} ${h}${units.h}`;
  if (h > 0) return `${h}${units.h} ${String(m).padStart(2, '0')}${units.m}`;
  return `${m}${units.m}`;
}

/** Open cases in the order a grid chief works them: overdue first (most overdue first), then by the next deadline, then the rest. */
export function byUrgency<T extends { properties: Times & { overdue: boolean } }>(cases: T[]): T[] {
  const key = (c: T) => t(c.properties.next_due) ?? Number.POSITIVE_INFINITY;
  return [...cases].sort((a, b) => Number(b.properties.overdue) - Number(a.properties.overdue) || key(a) - key(b));
}
