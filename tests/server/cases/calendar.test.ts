import { describe, expect, it } from 'vitest';
import { addWorkingDays, cstDay, isWorkingDay } from '../../../server/cases/calendar.ts';

// 2026-11-20 is a Friday. Times are China Standard Time (UTC+8).
const cst = (s: string) => new Date(`${s}+08:00`);

describe('working-day calendar (CST)', () => {
  it.each([
    ['2026-11-18T10:00:00', 3, '2026-11-23T10:00:00', 'Wednesday + 3 crosses the weekend'],
    ['2026-11-20T17:30:00', 1, '2026-11-23T17:30:00', 'Friday + 1 is Monday'],
    ['2026-11-21T09:00:00', 1, '2026-11-24T00:00:00', 'from a Saturday: counted from Monday 00:00'],
    ['2026-11-22T23:59:00', 0, '2026-11-23T00:00:00', 'zero days from a Sunday is Monday morning'],
    ['2026-11-16T08:00:00', 0, '2026-11-16T08:00:00', 'zero days on a working day is the same instant'],
    ['2026-11-20T23:30:00', 1, '2026-11-23T23:30:00', 'late Friday in CST is still Friday (UTC says 15:30)'],
  ])('%s + %i working days = %s (%s)', (from, days, expected) => {
    expect(addWorkingDays(cst(from), days).toISOString()).toBe(cst(expected).toISOString());
  });

  it('skips configured holidays and works configured make-up days', () => {
    const calendar = { holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05']), workdays: new Set(['2026-10-10']) };
    expect(isWorkingDay('2026-10-01', calendar)).toBe(false);
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true); // a Saturday made a working day
    // Wednesday 30 Sep + 3: Oct 1, 2 holidays, 3-4 weekend, 5 holiday -> 6, 7, 8.
    expect(cstDay(addWorkingDays(cst('2026-09-30T10:00:00'), 3, calendar))).toBe('2026-10-08');
    // Friday 9 Oct + 1 is the make-up Saturday.
    expect(cstDay(addWorkingDays(cst('2026-10-09T10:00:00'), 1, calendar))).toBe('2026-10-10');
  });

  it('refuses negative or fractional day counts', () => {
    expect(() => addWorkingDays(new Date(), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date(), 1.5)).toThrow(RangeError);
  });
});
