// Deadline arithmetic: the rule a case type takes (longest prefix, else its
// complexity) and the deadlines it gives across weekends, public holidays and
// make-up working days, table-driven. Times are China Standard Time.
import { describe, expect, it } from 'vitest';
import { respondDue, ruleFor, workDeadlines, type DeadlineRule, type DeadlineRules } from '../../../server/cases/deadlines.ts';

const cst = (s: string) => Date.parse(`${s}+08:00`);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16));

const simple: DeadlineRule = { respondMinutes: 30, progressDays: null, handle: { amount: 24, unit: 'hours' }, close: { amount: 24, unit: 'hours' } };
const complaint: DeadlineRule = { respondMinutes: 30, progressDays: null, handle: { amount: 72, unit: 'hours' }, close: { amount: 72, unit: 'hours' } };
const complex: DeadlineRule = { respondMinutes: 30, progressDays: 3, handle: { amount: 15, unit: 'working_days' }, close: { amount: 15, unit: 'working_days' } };
const manhole: DeadlineRule = { respondMinutes: 15, progressDays: null, handle: { amount: 4, unit: 'hours' }, close: { amount: 24, unit: 'hours' } };
const water: DeadlineRule = { respondMinutes: 30, progressDays: null, handle: { amount: 12, unit: 'hours' }, close: { amount: 2, unit: 'working_days' } };
const RULES: DeadlineRules = { byComplexity: { simple, complaint, complex }, byType: new Map([['030301', manhole], ['03020101', water]]) };

// The 2026 Spring Festival as published: 15–23 February off, Saturday 14 and 28 February worked.
const SPRING_2026 = {
  holidays: new Set(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23']),
  workdays: new Set(['2026-02-14', '2026-02-28']),
};

describe('deadline rules', () => {
  it.each([
    ['01010101', 'simple', 'no override: the complexity default', simple],
    ['03030101', 'simple', 'a sub-category override (030301) covers its leaves', manhole],
    ['03030199', 'complex', 'an override beats the complexity', manhole],
    ['03020101', 'simple', 'a leaf override', water],
    ['03020102', 'complaint', 'a sibling of an overridden leaf keeps the default', complaint],
  ] as const)('%s (%s): %s', (code, complexity, _why, rule) => {
    expect(ruleFor(RULES, code, complexity)).toBe(rule);
  });

  it('answers within the rule\'s minutes of the report, at any hour of any day', () => {
    for (const at of ['2026-02-17T03:10:00', '2026-06-06T23:50:00', '2026-06-08T09:00:00']) {
      expect(respondDue(cst(at), simple) - cst(at)).toBe(30 * 60_000);
      expect(respondDue(cst(at), manhole) - cst(at)).toBe(15 * 60_000);
    }
  });

  it.each([
    // why, registered at, rule, calendar, handle due, close due, progress due
    ['simple: 24 clock hours, weekend or not', '2026-06-05T10:00:00', simple, {}, '2026-06-06T10:00', '2026-06-06T10:00', null],
    ['complaint: 72 clock hours', '2026-06-05T10:00:00', complaint, {}, '2026-06-08T10:00', '2026-06-08T10:00', null],
    ['complex Friday: progress Wednesday, 15 working days = 3 weeks', '2026-06-05T10:00:00', complex, {}, '2026-06-26T10:00', '2026-06-26T10:00', '2026-06-10T10:00'],
    ['registered on a Saturday: counted from Monday morning', '2026-06-06T15:00:00', complex, {}, '2026-06-29T00:00', '2026-06-29T00:00', '2026-06-11T00:00'],
    ['Spring Festival: the make-up Saturday counts, the holidays do not', '2026-02-13T10:00:00', complex, SPRING_2026, '2026-03-12T10:00', '2026-03-12T10:00', '2026-02-25T10:00'],
    ['the same without the holidays', '2026-02-13T10:00:00', complex, {}, '2026-03-06T10:00', '2026-03-06T10:00', '2026-02-18T10:00'],
    ['an override in hours and working days over the holiday', '2026-02-15T08:00:00', water, SPRING_2026, '2026-02-15T20:00', '2026-02-26T00:00', null],
    ['hours run through holidays', '2026-02-16T09:00:00', manhole, SPRING_2026, '2026-02-16T13:00', '2026-02-17T09:00', null],
  ] as const)('%s', (_why, at, rule, calendar, handle, close, progress) => {
    const due = workDeadlines(cst(at), rule, calendar);
    expect([iso(due.handleDue), iso(due.closeDue), iso(due.progressDue)]).toEqual([handle, close, progress]);
  });
});
