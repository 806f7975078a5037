// The deadline clock's arithmetic: which deadline runs, time left or overdue, and the
// order a grid chief works open cases in.
import { describe, expect, it } from 'vitest';
import type { CaseProps } from '../../../web/src/cases/api.ts';
import { byUrgency, clockOf, formatDuration, nextDeadline } from '../../../web/src/cases/deadline.ts';

type Times = Pick<CaseProps, 'status' | 'respond_due' | 'handle_due' | 'progress_due' | 'progressed_at' | 'close_due' | 'next_due'>;
const NOW = Date.parse('2026-12-07T12:00:00Z');
const iso = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
const base: Times = { status: 'reported', respond_due: null, handle_due: null, progress_due: null, progressed_at: null, close_due: null, next_due: null };

describe('deadline clock', () => {
  it('names the deadline the server\'s case_next_due picks', () => {
    expect(nextDeadline({ ...base, respond_due: iso(30) })?.kind).toBe('respond');
    const working = { ...base, status: 'handling' as const, handle_due: iso(600), progress_due: iso(60) };
    expect(nextDeadline(working)?.kind).toBe('progress');
    expect(nextDeadline({ ...working, progressed_at: iso(-5) })?.kind).toBe('handle');
    expect(nextDeadline({ ...working, progress_due: iso(900) })?.kind).toBe('handle');
    expect(nextDeadline({ ...base, status: 'handled', close_due: iso(60) })?.kind).toBe('close');
    expect(nextDeadline({ ...base, status: 'parked', handle_due: iso(60) })).toBeNull();
    expect(nextDeadline({ ...base, status: 'closed', close_due: iso(60) })).toBeNull();
  });

  it('counts time left, soon under two hours, overdue past the deadline', () => {
    const left = clockOf({ ...base, respond_due: iso(30), next_due: iso(30) }, NOW);
    expect(left).toMatchObject({ kind: 'respond', left: 30 * 60_000, overdue: false, soon: true });
    expect(clockOf({ ...base, status: 'handled', close_due: iso(300), next_due: iso(300) }, NOW)).toMatchObject({ overdue: false, soon: false });
    expect(clockOf({ ...base, status: 'handled', close_due: iso(-90), next_due: iso(-90) }, NOW)).toMatchObject({ kind: 'close', overdue: true, soon: false, left: -90 * 60_000 });
    expect(clockOf({ ...base, status: 'parked' }, NOW)).toMatchObject({ due: null, overdue: false });
  });

  it('writes durations as their two largest parts', () => {
    const u = { d: 'd', h: 'h', m: 'm' };
    expect(formatDuration(12 * 60_000, u)).toBe('12m');
    expect(formatDuration((4 * 60 + 5) * 60_000, u)).toBe('4h 05m');
    expect(formatDuration(-(2 * 1440 + 3 * 60 + 59) * 60_000, u)).toBe('2d 3h');
  });

  it('orders overdue cases first, most overdue first, then by the next deadline, then those without one', () => {
    const c = (id: number, next: number | null, overdue: boolean) => ({ id, properties: { ...base, next_due: next === null ? null : iso(next), overdue } });
    const sorted = byUrgency([c(1, 120, false), c(2, null, false), c(3, -10, true), c(4, 30, false), c(5, -600, true)]);
    expect(sorted.map((x) => x.id)).toEqual([5, 3, 4, 1, 2]);
  });
});
